/**
 * Browser mode: the real core over HTTP on 127.0.0.1, serving the same renderer build as the desktop app.
 *
 * Security model: the server listens on the loopback interface only; every API request must carry the
 * per-run token (a bearer header, or a query parameter for the event stream, which EventSource cannot
 * give headers); requests whose Host is not this server's loopback address are refused (DNS rebinding),
 * and so are requests whose Origin is another site.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { API_EVENTS, MAX_IMPORT_BYTES, type ScholiaService } from '../shared/api';
import { dispatchApiCall } from '../shared/dispatch';
import type { Result } from '../shared/errors';
import { decodeWire, encodeWire } from '../shared/wire';

/** What the server needs from a library: the service and its event source. */
export interface ServedLibrary {
  service: ScholiaService;
  events: { on(event: (typeof API_EVENTS)[number], listener: (payload: unknown) => void): () => void };
}

/** Options for {@link startWebServer}. */
export interface WebServerOptions {
  library: ServedLibrary;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Fixed token (tests); a random one by default. */
  token?: string;
}

/** A running browser-mode server. */
export interface WebServer {
  /** The address to open, with the token in its fragment. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** How long a busy connection may go on after the server is asked to close. */
const CLOSE_GRACE_MS = 2000;

// Base64 of the largest import plus JSON framing.
const MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'",
};

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = encodeWire(result);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'invalid-input', message } });
}

/**
 * The request's body, or null when it is larger than the server takes. The rest of a body too large is
 * still read (and dropped): a connection closed with data unread is reset, and the client would see
 * neither the refusal nor, on a kept-alive connection, the answer to its next request.
 */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
    else chunks.length = 0;
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

/** Starts the server on 127.0.0.1. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { service, events } = options.library;
  const rendererRoot = normalize(options.rendererDir + sep);
  const openStreams = new Set<ServerResponse>();
  let closing = false;
  let origin = '';
  let host = '';

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let relative: string;
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    } catch {
      // Malformed percent-encoding names no file.
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const file = normalize(join(rendererRoot, relative));
    if (!file.startsWith(rendererRoot)) {
      res.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  function serveEvents(res: ServerResponse): void {
    // A page reconnecting its event stream while the server closes is told to try later, not held.
    if (closing) {
      refuse(res, 503, 'Scholia is closing: open the address it prints when it starts again.');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const unsubscribers = API_EVENTS.map((name) =>
      events.on(name, (payload) => res.write(`event: ${name}\ndata: ${encodeWire(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    openStreams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribers) unsubscribe();
      openStreams.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== host) {
      refuse(res, 421, 'This server answers only on its own loopback address.');
      return;
    }
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      refuse(res, 403, 'Requests from other sites are refused.');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      refuse(res, 400, 'The request names no valid address.');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      await serveStatic(url.pathname, res);
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = bearer ?? url.searchParams.get('token') ?? '';
    if (!tokensEqual(given, token)) {
      refuse(res, 401, 'Missing or wrong token: open the address that `npm run web` printed.');
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      serveEvents(res);
      return;
    }
    const method = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname)?.[1];
    if (method === undefined || req.method !== 'POST') {
      refuse(res, 404, `No such API endpoint: ${req.method ?? ''} ${url.pathname.slice(0, 100)}`);
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      refuse(res, 413, `The request is larger than ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB.`);
      return;
    }
    let args: unknown;
    try {
      args = body === '' ? {} : decodeWire(body);
    } catch {
      refuse(res, 400, 'The request body is not valid JSON.');
      return;
    }
    sendJson(res, 200, await dispatchApiCall(service, method, args));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, {
          ok: false,
          error: { code: 'internal', message: `Server error: ${error instanceof Error ? error.message : String(error)}` },
        });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stream of openStreams) stream.end();
      server.closeIdleConnections();
      // A connection still busy a moment later (a request answered slowly) is cut, so closing ends.
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(cut);
    },
  };
}
