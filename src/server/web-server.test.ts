import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../core/library';
import { decodeWire, encodeWire } from '../shared/wire';
import { startWebServer, type WebServer } from './web-server';

let root: string;
let server: WebServer;
let library: Awaited<ReturnType<typeof openLibrary>>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scholia-server-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Scholia</title>');
  await writeFile(join(root, 'secret.txt'), 'outside the renderer folder');
  library = await openLibrary(join(root, 'library'), { owner: 'server test' });
  server = await startWebServer({ library, rendererDir, token: 'test-token' });
});

afterAll(async () => {
  await server.close();
  await library.close();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send the headers a browser would not. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { host: url.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(method: string, args: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(`/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-token', 'content-type': 'application/json', ...headers },
    body: encodeWire(args),
  });
}

describe('the browser-mode server', () => {
  it('listens on the loopback interface only and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=test-token$/);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const reply = await send('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Scholia</title>');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers API calls that carry the token, with the real core behind them', async () => {
    const reply = await call('importFiles', {
      sources: [{ kind: 'bytes', name: 'note.md', bytes: new TextEncoder().encode('# A note\n\nSome words here.') }],
    });
    const result = decodeWire(reply.body) as { ok: boolean; value: { outcomes: { status: string }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.outcomes[0]?.status).toBe('imported');
    const list = decodeWire((await call('listDocuments', {})).body) as { ok: boolean; value: { csl: { title: string } }[] };
    expect(list.value.map((doc) => doc.csl.title)).toContain('A note');
  });

  it('refuses an API call without the token', async () => {
    const reply = await call('listDocuments', {}, { authorization: '' });
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('token');
  });

  it('refuses a wrong token', async () => {
    expect((await call('listDocuments', {}, { authorization: 'Bearer guess' })).status).toBe(401);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const reply = await send('/api/call/listDocuments', {
      method: 'POST',
      headers: { host: 'attacker.example:80', authorization: 'Bearer test-token' },
      body: '{}',
    });
    expect(reply.status).toBe(421);
  });

  it('refuses a request from another site', async () => {
    const reply = await call('listDocuments', {}, { origin: 'http://attacker.example' });
    expect(reply.status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const reply = await send('/..%2Fsecret.txt');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('outside the renderer');
  });

  it('answers malformed JSON with a clear error', async () => {
    const reply = await send('/api/call/listDocuments', {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: '{"not json',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('not valid JSON');
  });

  it('imports nothing by path and exports to no path: browser mode grants none', async () => {
    const before = await library.service.listDocuments({});
    const secret = join(root, 'secret.txt');
    for (const path of ['/etc/passwd', secret, root]) {
      const reply = await call('importFiles', { sources: [{ kind: 'path', path }] });
      const result = decodeWire(reply.body) as { ok: boolean; error: { code: string; message: string; path: string } };
      expect(result).toMatchObject({ ok: false, error: { code: 'not-allowed', path } });
      expect(result.error.message).toContain(path);
    }
    const annotations = decodeWire((await call('importAnnotations', { source: { kind: 'path', path: secret } })).body);
    expect(annotations).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await library.service.listDocuments({})).toEqual(before);
    for (const path of [join(root, 'export.md'), join(root, 'made', 'vault')]) {
      const reply = await call('exportLibrary', { options: { format: 'vault' }, path });
      expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { code: 'not-allowed', path } });
    }
    expect(existsSync(join(root, 'export.md'))).toBe(false);
    expect(existsSync(join(root, 'made'))).toBe(false);
  });

  it('validates arguments in core and reports the field', async () => {
    const reply = await call('getDocument', { documentId: 42 });
    const result = decodeWire(reply.body) as { ok: boolean; error: { code: string; message: string } };
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(result.error.message).toContain('documentId');
  });

  it('streams library events to a subscriber', async () => {
    const url = new URL(server.origin);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/api/events?token=test-token', headers: { host: url.host } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes('event: library-changed')) {
              req.destroy();
              resolve(text);
            }
          });
          void call('importFiles', {
            sources: [{ kind: 'bytes', name: 'b.txt', bytes: new TextEncoder().encode('Another text.') }],
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: import-progress');
  });
});
