/**
 * The fault-injection suite's fuzzed API payloads: browser mode's HTTP server over a real library in a
 * temporary folder, sent seeded calls to every API method — valid, nearly valid (one field changed),
 * hostile (wrong types, missing and extra fields, huge strings and arrays, deep nesting, `__proto__`
 * keys, number tokens `JSON.stringify` never writes, unicode oddities) — paths aimed outside the library
 * at sentinel files and folders, and malformed HTTP.
 *
 * What must hold, during and after: the server answers every call within 10 s, with a result or a
 * structured error whose message a reader can read (no stack trace, no raw exception), and answers a
 * health call after each batch; the process sees no uncaught exception or unhandled rejection; no
 * sentinel's content ever appears in a reply or in the library folder, no sentinel is changed and no
 * file appears outside the library (the reader chose no file or folder, so every path is refused); no
 * document or annotation disappears except by a call that deleted it; and at the end the library
 * closes, opens again, `LibraryStore.check()` reports no damage and every document is still there.
 */
import type { LinkRelation, LinkView, PassageLink } from '../../src/shared/links';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { createLibraryEvents } from '../../src/core/events';
import { openLibrary, type OpenedLibrary } from '../../src/core/library';
import { createLibraryService } from '../../src/core/service/library-service';
import type { PathGrants } from '../../src/core/service/path-grants';
import { LibraryStore } from '../../src/core/store/library-store';
import type { DeviceIdentity } from '../../src/core/sync/device';
import { startWebServer, type WebServer } from '../../src/server/web-server';
import { describeRange } from '../../src/shared/anchoring/describe';
import { apiMethods, parseApiArgs } from '../../src/shared/api';
import { API_METHOD_NAMES, type ApiMethodName } from '../../src/shared/api-names';
import type { ErrorCode } from '../../src/shared/errors';
import { EXPORT_FORMATS } from '../../src/shared/export-formats';
import type { CitationStyleInfo, Collection } from '../../src/shared/export-options';
import {
  HIGHLIGHT_COLORS,
  type Annotation,
  type DocumentMeta,
  type TagSummary,
  type TagUndo,
} from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON, type DocJSON } from '../../src/shared/schema';
import { decodeWire } from '../../src/shared/wire';
import { xxeDocx, xxeEpub } from '../support/hostile-inputs';
import { seededRandom } from '../support/seeded-random';
import { emptyTally, type FaultTally } from './tally';

/** How long one call may take before the server counts as hung. */
export const CALL_TIMEOUT_MS = 10_000;

/** Heap beyond which the run stops, counted as a crash: the process would soon run out of memory. */
const MAX_HEAP_BYTES = 2.5e9;

/** Payloads between two health calls, data checks and scans of the library folder. */
const BATCH_SIZE = 250;

const FIXTURES = resolve(__dirname, '../fixtures');
const FIXTURE_NAMES = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt',
  'review-2026-02-15-collapse-of-stalinism-book.txt',
];

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid-input',
  'not-found',
  'import-failed',
  'library-locked',
  'library-corrupt',
  'io',
  'not-allowed',
  'internal',
];

/** The computer the fuzzed library is opened as, so nothing is written to the OS config folder. */
const FUZZ_DEVICE: DeviceIdentity = { id: 'fuzzdevice01', name: 'Fuzz computer', readerName: 'Fuzz reader' };

/** /etc/passwd's first line as every Unix has it: it must never reach a reply or the library. */
const PASSWD_MARK = 'root:x:0:0:';

/** How /proc/self/environ lists the search path, which every process's environment has. */
const ENVIRON_MARK = 'PATH=/';

// ---------------------------------------------------------------------------------------------------
// Payload values: JSON, plus what JSON.stringify cannot write.

/** Text written into the JSON as it is: `-0`, `1e999` (Infinity once parsed), deep nesting. */
class RawJson {
  constructor(readonly text: string) {}
}

/** An object written entry by entry: a key twice, or `__proto__` as an own key. */
class KeyedJson {
  constructor(readonly entries: readonly (readonly [string, FuzzValue])[]) {}
}

type FuzzValue =
  null | boolean | number | string | Uint8Array | RawJson | KeyedJson | FuzzValue[] | FuzzObject;
interface FuzzObject {
  [key: string]: FuzzValue;
}

function isPlainObject(value: FuzzValue): value is FuzzObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof RawJson) &&
    !(value instanceof KeyedJson)
  );
}

/** The payload text, as `encodeWire` writes it for the values JSON has. */
function writeJson(value: FuzzValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')
    return JSON.stringify(value);
  if (value instanceof Uint8Array) return `{"$bytes":"${Buffer.from(value).toString('base64')}"}`;
  if (value instanceof RawJson) return value.text;
  if (value instanceof KeyedJson)
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${writeJson(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${JSON.stringify(key)}:${writeJson(item)}`)
    .join(',')}}`;
}

/** A value the API returned (or a model object), as a payload value: what JSON would keep of it. */
function toFuzz(value: unknown): FuzzValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')
    return value;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toFuzz(item)));
  if (typeof value === 'object') {
    const result: FuzzObject = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = toFuzz(item);
    return result;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Seeded choices.

class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)]!;
  }
  /** One of `choices`, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [weight, value] of choices) {
      at -= weight;
      if (at < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }
  /** A seeded id that looks like the ones Scholia makes. */
  uuid(): string {
    const hex = () => this.int(16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  }
  word(): string {
    return this.pick(WORDS);
  }
  words(n: number): string {
    return Array.from({ length: n }, () => this.word()).join(' ');
  }
}

const WORDS = [
  'reading',
  'margin',
  'Stalinism',
  'collapse',
  'workers',
  'bureaucracy',
  'revolution',
  'Moscow',
  'plan',
  'history',
  'review',
  'évidence',
  'naïve',
  'Straße',
  'ĳssel',
  'Ελλάδα',
  'русский',
  '東京',
  'عربى',
  '🙂',
];

/** Strings that have broken parsers, file systems and renderers. */
const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'lone \uDC00 low',
  '\uDBFF\uDFFF',
  '\u202Eevil\u202C.txt',
  '\u202Dltr\u2066iso\u2069',
  '\uFEFFbom',
  'zero\u200Bwidth',
  'e\u0301'.repeat(300),
  '👩‍👩‍👧‍👦',
  '\r\n',
  'line\nbreak',
  'tab\tand\u000bvertical',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '${7*7}{{7*7}}',
  '%s%n%x',
  "' OR 1=1 --",
  'a\r\nSet-Cookie: injected=1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$bytes',
  'NaN',
  'Infinity',
  '-0',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '%2e%2e%2f%2e%2e%2f',
  'CON',
  'nul.txt',
  'ï'.repeat(201),
  'x'.repeat(200),
  'x'.repeat(201),
];

/** Number tokens: the ones `JSON.stringify` writes, and the ones only raw JSON text can carry. */
const ODD_NUMBERS: readonly FuzzValue[] = [
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  1e308,
  Number.MIN_VALUE,
  new RawJson('-0'),
  new RawJson('-0.0'),
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('1e-400'),
  new RawJson('9007199254740993'),
  new RawJson('1E2'),
  new RawJson('0.1e1'),
];

const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '$bytes',
  '',
  'extra',
  ' ',
];

function hugeString(dice: Dice): string {
  const length = dice.weighted<number>([
    [6, 10_001],
    [3, 100_001],
    [2, 1_000_001],
    [1, 4_000_000],
  ]);
  return dice
    .pick(['x', 'é', '\uD83D\uDE42', '\u0000', '../'])
    .repeat(Math.ceil(length / 2))
    .slice(0, length);
}

function deepNesting(dice: Dice): RawJson {
  const depth = dice.pick([100, 1000, 1500, 2500, 10_000, 100_000]);
  return dice.chance(0.5)
    ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

function pollutingObject(dice: Dice): KeyedJson {
  const key = dice.pick(['__proto__', 'constructor', 'prototype']);
  const inner =
    key === 'constructor'
      ? new KeyedJson([['prototype', new KeyedJson([['polluted', 'yes']])]])
      : new KeyedJson([
          ['polluted', 'yes'],
          ['toString', 'x'],
          ['ok', true],
        ]);
  return new KeyedJson([[key, inner]]);
}

/** `value` when it is small, else a short string: what a huge array repeats. */
function small(value: FuzzValue): FuzzValue {
  return writeJson(value).length <= 200 ? value : 'x';
}

/** A value of any shape, most of them wrong wherever they land. */
function hostileValue(dice: Dice, depth = 0): FuzzValue {
  const kind = dice.int(depth > 2 ? 10 : 16);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return dice.chance(0.5);
    case 2:
      return dice.pick(ODD_NUMBERS);
    case 3:
    case 4:
      return dice.pick(ODD_STRINGS);
    case 5:
      return dice.uuid();
    case 6:
      return dice.chance(0.2) ? hugeString(dice) : dice.words(3);
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return new Uint8Array(dice.int(64)).map(() => dice.int(256));
    case 10:
      return [hostileValue(dice, depth + 1), hostileValue(dice, depth + 1)];
    case 11:
      return { [dice.pick(ODD_KEYS)]: hostileValue(dice, depth + 1) };
    case 12:
      return pollutingObject(dice);
    case 13:
      return deepNesting(dice);
    case 14: {
      const length = dice.pick([1001, 10_001, 100_001]);
      const item = small(hostileValue(dice, 3));
      return Array.from({ length }, () => item);
    }
    default:
      return new KeyedJson([
        ['$bytes', dice.pick(['!!!not base64', 'AAAA', '', '====', 'QUJD'.repeat(1000)])],
      ]);
  }
}

// ---------------------------------------------------------------------------------------------------
// The world: a library, the server over it, and sentinels beside it.

/** A path aimed outside what the reader chose, and what it is. */
export interface PathForm {
  label: string;
  path: string;
}

/** One HTTP request to the server. */
export interface HttpRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send only this many bytes of the body, then drop the connection. */
  dropAfter?: number;
}

/** What came back. */
export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  elapsedMs: number;
  timedOut: boolean;
  /** The connection failed before a reply (reset, refused). */
  error: string | null;
}

interface Entry {
  kind: 'file' | 'folder' | 'link' | 'other';
  size: number;
  mtimeMs: number;
  digest: string;
}

/** A running fuzz target: the library, the server, the sentinels and what they looked like. */
export interface FuzzWorld {
  root: string;
  libraryDir: string;
  sentinelDir: string;
  library: OpenedLibrary;
  server: WebServer;
  /** Content of the sentinels that must never leave them. */
  marks: readonly string[];
  /** Paths to read from outside the library: sentinels, system files, the library's own files. */
  readPaths: readonly PathForm[];
  /** Paths to write an export to. */
  writePaths: readonly PathForm[];
  /** A usable CSL style. */
  styleXml: string;
  /** A W3C Web Annotation export of the library's annotations. */
  annotationFile: Uint8Array;
  send(req: HttpRequest): Promise<HttpReply>;
  /** Calls `method` with `args` (a value, or payload text as it is) with the token. */
  call(method: string, args: unknown): Promise<HttpReply>;
  /** Sends raw bytes on a fresh connection; resolves to what came back before the server closed. */
  sendRaw(bytes: Buffer): Promise<HttpReply>;
  /** Listens to the event stream as the app does: everything it carried, and whether it is still open. */
  listen(): { text(): string; open(): boolean; close(): void };
  /** Every change outside the library folder since the world was made: new, changed, removed entries. */
  outsideChanges(): Promise<string[]>;
  /** Files of the library folder that hold a sentinel's content. */
  leaksIntoLibrary(): Promise<string[]>;
  close(): Promise<void>;
}

async function walk(dir: string, skip: ReadonlySet<string>, into: Map<string, Entry>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (skip.has(path)) continue;
    const info = await lstat(path).catch(() => null);
    if (info === null) continue;
    if (info.isSymbolicLink()) {
      into.set(path, { kind: 'link', size: 0, mtimeMs: info.mtimeMs, digest: await readlink(path) });
    } else if (info.isDirectory()) {
      into.set(path, { kind: 'folder', size: 0, mtimeMs: info.mtimeMs, digest: '' });
      await walk(path, skip, into);
    } else if (info.isFile()) {
      const digest = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      into.set(path, { kind: 'file', size: info.size, mtimeMs: info.mtimeMs, digest });
    } else {
      into.set(path, { kind: 'other', size: info.size, mtimeMs: info.mtimeMs, digest: '' });
    }
  }
}

/**
 * A small usable CSL style for addStyle. (A shipped style of 60 kB costs citeproc seconds and about
 * 100 MB to check each time it is added, which a run of thousands of payloads cannot afford.)
 */
const STYLE_XML = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Fuzzed style</title><id>http://example.org/styles/fuzzed</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter=", "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></group></layout></citation>
  <bibliography><layout><group delimiter=". "><names variable="author"/><text variable="title"/></group></layout></bibliography>
</style>`;

function projectionText(doc: DocJSON): string {
  return projectDocument(docFromJSON(doc)).text;
}

/** Fills the library: the fixtures, tags (one under another), highlights and notes, a collection. */
async function prepareLibrary(library: OpenedLibrary): Promise<void> {
  const { service } = library;
  const sources = await Promise.all(
    FIXTURE_NAMES.map(async (name) => ({
      kind: 'bytes' as const,
      name,
      bytes: new Uint8Array(await readFile(join(FIXTURES, name))),
    })),
  );
  await service.importFiles({ sources, onDuplicate: 'skip' });
  const parent = await service.createTag({ name: 'Argument', color: 'blue' });
  const child = await service.createTag({
    name: 'Evidence',
    parentId: parent.id,
    description: 'What backs a claim.',
  });
  const other = await service.createTag({ name: 'Method', color: '#1f77b4' });
  const tags = [parent.id, child.id, other.id];
  const documents = await service.listDocuments({});
  for (const [index, meta] of documents.entries()) {
    const { doc } = await service.getDocument({ documentId: meta.id });
    const text = projectionText(doc);
    for (let n = 0; n < 4; n += 1) {
      const start = 40 + n * 300 + index * 17;
      await service.createAnnotation({
        documentId: meta.id,
        selectors: describeRange(text, start, start + 24 + n * 5),
        color: HIGHLIGHT_COLORS[n] ?? 'yellow',
        tagIds: tags.slice(0, (n % 3) + 1),
        comment: `Comment ${String(n)} on ${meta.csl.title ?? meta.id}`,
        ...(n === 3 ? { motivation: 'commenting' as const } : {}),
      });
    }
  }
  await service.createCollection({ name: 'Reading list', documentIds: documents.map((meta) => meta.id) });
}

/**
 * The annotation file a sentinel holds: the library's first annotation under a new id, its comment the
 * sentinel's mark, so that reading it (were a path ever let through) would put the mark in the library.
 */
function sentinelAnnotationFile(exported: string, mark: string): string {
  const json = JSON.parse(exported) as { first?: { items?: Record<string, unknown>[] } };
  const item = json.first?.items?.[0];
  if (item === undefined) throw new Error('the library has no annotation to export');
  item['id'] = 'urn:uuid:5e171e10-0000-4000-8000-000000000001';
  item['body'] = [{ type: 'TextualBody', value: mark, format: 'text/markdown', purpose: 'commenting' }];
  return JSON.stringify({ ...json, first: { ...json.first, items: [item] } }, null, 1);
}

/** How {@link createFuzzWorld} makes the world. */
export interface FuzzWorldOptions {
  /** The paths the library's service may read and write (default: none, as in browser mode). */
  grants?: PathGrants;
}

/** Makes the world: a temporary folder holding the library, the sentinels, links and the server. */
export async function createFuzzWorld(options: FuzzWorldOptions = {}): Promise<FuzzWorld> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-fuzz-'));
  const libraryDir = join(root, 'library');
  const sentinelDir = join(root, 'sentinels');
  const rendererDir = join(root, 'renderer');
  const linksDir = join(root, 'links');
  const mark = `scholia-sentinel-${createHash('sha256').update(root).digest('hex').slice(0, 24)}`;
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Scholia</title>');

  const library = await openLibrary(libraryDir, {
    owner: 'Scholia API fuzzing',
    device: FUZZ_DEVICE,
    ...(options.grants === undefined ? {} : { grants: options.grants }),
  });
  await prepareLibrary(library);
  const exported = await library.service.previewExport(
    parseApiArgs('previewExport', { options: { format: 'jsonld' }, maxChars: 1_000_000 }),
  );
  const annotationFile = new TextEncoder().encode(exported.text);

  await mkdir(join(sentinelDir, 'sub'), { recursive: true });
  await mkdir(join(sentinelDir, 'empty'), { recursive: true });
  await writeFile(
    join(sentinelDir, 'secret.md'),
    `# Secret notes\n\nThe mark is ${mark}, and it stays here.\n`,
  );
  await writeFile(join(sentinelDir, 'secret.txt'), `${mark}\n`);
  await writeFile(
    join(sentinelDir, 'secret.bib'),
    `@book{secret, title = {${mark}}, author = {Sentinel, A.}, year = {2020}}\n`,
  );
  await writeFile(join(sentinelDir, 'notes.jsonld'), sentinelAnnotationFile(exported.text, mark));
  await writeFile(join(sentinelDir, 'sub', 'deeper.md'), `# Deeper\n\n${mark}\n`);
  await writeFile(join(sentinelDir, '.hidden.md'), `# Hidden\n\n${mark}\n`);
  await mkdir(linksDir, { recursive: true });
  await symlink(join(sentinelDir, 'secret.md'), join(linksDir, 'secret-link.md'));
  await symlink(sentinelDir, join(linksDir, 'folder-link'));
  await symlink(join(linksDir, 'loop'), join(linksDir, 'loop'));
  await symlink(sentinelDir, join(libraryDir, 'outside-link'));

  const server = await startWebServer({ library, rendererDir, token: 'fuzz-token' });
  const url = new URL(server.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  const documentFiles = (await readdir(join(libraryDir, 'documents'))).map((name) =>
    join(libraryDir, 'documents', name),
  );
  const inLibrary = (path: string) => relative(process.cwd(), path);
  const secret = join(sentinelDir, 'secret.md');
  const readPaths: PathForm[] = [
    { label: 'a sentinel file', path: secret },
    { label: 'a sentinel text file', path: join(sentinelDir, 'secret.txt') },
    { label: 'a sentinel reference file', path: join(sentinelDir, 'secret.bib') },
    { label: 'a sentinel annotation file', path: join(sentinelDir, 'notes.jsonld') },
    { label: 'a hidden sentinel', path: join(sentinelDir, '.hidden.md') },
    { label: 'the sentinel folder', path: sentinelDir },
    { label: 'the sentinel folder with a slash', path: `${sentinelDir}/` },
    { label: 'a sentinel sub-folder', path: join(sentinelDir, 'sub') },
    { label: 'the folder holding everything', path: root },
    { label: 'a relative path up and out', path: inLibrary(secret) },
    { label: 'a relative path through ./', path: `./${inLibrary(join(sentinelDir, 'sub'))}/../secret.md` },
    { label: 'a path through the library and ..', path: `${libraryDir}/../sentinels/secret.md` },
    { label: 'a path with doubled slashes', path: secret.replaceAll('/', '//') },
    { label: 'a file:// URL', path: `file://${secret}` },
    { label: 'a file://localhost URL', path: `file://localhost${secret}` },
    { label: 'a percent-encoded path', path: secret.replaceAll('/', '%2F') },
    { label: 'a symlink to a sentinel', path: join(linksDir, 'secret-link.md') },
    { label: 'a symlink to the sentinel folder', path: join(linksDir, 'folder-link') },
    { label: 'a file through a symlinked folder', path: join(linksDir, 'folder-link', 'secret.md') },
    { label: 'a symlink loop', path: join(linksDir, 'loop') },
    { label: 'a symlink inside the library', path: join(libraryDir, 'outside-link') },
    {
      label: 'a sentinel through a symlink inside the library',
      path: join(libraryDir, 'outside-link', 'secret.md'),
    },
    { label: '/etc/passwd', path: '/etc/passwd' },
    { label: '/etc/passwd, relative', path: relative(process.cwd(), '/etc/passwd') },
    { label: '/etc/shadow', path: '/etc/shadow' },
    { label: '/proc/self/environ', path: '/proc/self/environ' },
    { label: '/proc/self/root and a sentinel', path: `/proc/self/root${secret}` },
    { label: '/dev/zero', path: '/dev/zero' },
    { label: '/dev/stdin', path: '/dev/stdin' },
    { label: 'the library folder', path: libraryDir },
    { label: 'a text file of the library', path: documentFiles[0] ?? join(libraryDir, 'documents') },
    { label: 'the library folder, relative', path: inLibrary(libraryDir) },
    { label: 'a path with a NUL', path: `${secret}\u0000.txt` },
    { label: 'a path with a line break', path: `${sentinelDir}/\nsecret.md` },
    { label: 'a home-folder path', path: '~/.bashrc' },
    { label: 'a Windows path', path: 'C:\\Windows\\win.ini' },
    { label: 'a UNC path', path: '\\\\server\\share\\secret.md' },
    { label: 'a very long path', path: `${sentinelDir}/${'a/'.repeat(2000)}x.md` },
  ];
  const writePaths: PathForm[] = [
    { label: 'a new file beside the library', path: join(root, 'export.md') },
    { label: 'new folders beside the library', path: join(root, 'made', 'deep', 'vault') },
    { label: 'the sentinel folder', path: sentinelDir },
    { label: 'a sentinel file', path: secret },
    { label: 'a new file among the sentinels', path: join(sentinelDir, 'new-export.md') },
    { label: 'a relative path up and out', path: inLibrary(join(root, 'export-relative.md')) },
    { label: 'a path through the library and ..', path: `${libraryDir}/../export-dotdot.md` },
    { label: 'a file:// URL', path: `file://${join(root, 'export-url.md')}` },
    { label: 'through a symlinked folder', path: join(linksDir, 'folder-link', 'through-link.md') },
    { label: 'a symlink to a sentinel', path: join(linksDir, 'secret-link.md') },
    {
      label: 'through a symlink inside the library',
      path: join(libraryDir, 'outside-link', 'from-library.md'),
    },
    { label: 'a symlink loop', path: join(linksDir, 'loop') },
    { label: 'the library folder', path: libraryDir },
    {
      label: 'a text file of the library',
      path: documentFiles[0] ?? join(libraryDir, 'documents', 'x.json'),
    },
    { label: 'a new file in the library', path: join(libraryDir, 'export.md') },
    { label: 'the temporary folder', path: tmpdir() },
    { label: '/proc/self/environ', path: '/proc/self/environ' },
    { label: '/dev/null', path: '/dev/null' },
    { label: 'a path with a NUL', path: `${join(root, 'nul')}\u0000.md` },
    { label: 'a very long path', path: `${root}/${'b/'.repeat(2000)}x.md` },
  ];

  // Paths that resolve outside the folder walked below: they must not come to exist.
  const watched = [...readPaths, ...writePaths]
    .map((form) => resolve(form.path))
    .filter((path) => !path.startsWith(`${root}/`) && !existsSync(path));
  const baseline = new Map<string, Entry>();
  const skipLibrary = new Set([libraryDir]);
  await walk(root, skipLibrary, baseline);

  async function send(req: HttpRequest): Promise<HttpReply> {
    const started = performance.now();
    return new Promise((resolveReply) => {
      let timedOut = false;
      let settled = false;
      const finish = (reply: Omit<HttpReply, 'elapsedMs' | 'timedOut'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolveReply({ ...reply, elapsedMs: performance.now() - started, timedOut });
      };
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: req.path,
          method: req.method ?? 'POST',
          headers: req.headers ?? {},
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            finish({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              error: null,
            }),
          );
          res.on('error', (error) => finish({ status: 0, headers: {}, body: '', error: error.message }));
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        outgoing.destroy(new Error('timed out'));
      }, CALL_TIMEOUT_MS);
      outgoing.on('error', (error) => finish({ status: 0, headers: {}, body: '', error: error.message }));
      if (req.dropAfter !== undefined && req.body !== undefined) {
        const body = Buffer.from(req.body);
        outgoing.write(body.subarray(0, req.dropAfter), () => {
          setTimeout(() => {
            outgoing.destroy();
            finish({ status: 0, headers: {}, body: '', error: 'dropped by the client' });
          }, 5);
        });
        return;
      }
      outgoing.end(req.body);
    });
  }

  function sendRaw(bytes: Buffer): Promise<HttpReply> {
    const started = performance.now();
    return new Promise((resolveReply) => {
      const socket = connect(Number(url.port), url.hostname);
      const chunks: Buffer[] = [];
      let timedOut = false;
      let settled = false;
      const finish = (error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
        resolveReply({
          status,
          headers: {},
          body: text,
          elapsedMs: performance.now() - started,
          timedOut,
          error,
        });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        finish('timed out');
      }, CALL_TIMEOUT_MS);
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => finish(null));
      socket.on('close', () => finish(null));
      socket.on('error', (error) => finish(error.message));
      socket.write(bytes, () => socket.end());
    });
  }

  return {
    root,
    libraryDir,
    sentinelDir,
    library,
    server,
    marks: [mark, PASSWD_MARK, ENVIRON_MARK],
    readPaths,
    writePaths,
    styleXml: STYLE_XML,
    annotationFile,
    send,
    sendRaw,
    call(method, args) {
      return send({
        path: `/api/call/${method}`,
        headers: { authorization: 'Bearer fuzz-token', 'content-type': 'application/json' },
        body: typeof args === 'string' ? args : JSON.stringify(args),
      });
    },
    listen() {
      let text = '';
      let open = true;
      const stream = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/events?token=fuzz-token',
          method: 'GET',
          agent: false,
        },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('close', () => (open = false));
        },
      );
      stream.on('error', () => (open = false));
      stream.end();
      return {
        text: () => text,
        open: () => open,
        close: () => stream.destroy(),
      };
    },
    async outsideChanges() {
      const now = new Map<string, Entry>();
      await walk(root, skipLibrary, now);
      const changes: string[] = [];
      for (const [path, entry] of now) {
        const before = baseline.get(path);
        if (before === undefined) changes.push(`${path} appeared`);
        else if (before.kind !== entry.kind || before.digest !== entry.digest || before.size !== entry.size)
          changes.push(`${path} was changed`);
        else if (entry.kind === 'file' && before.mtimeMs !== entry.mtimeMs)
          changes.push(`${path} was touched`);
      }
      for (const path of baseline.keys()) if (!now.has(path)) changes.push(`${path} was removed`);
      for (const path of watched) if (existsSync(path)) changes.push(`${path} appeared`);
      return changes;
    },
    async leaksIntoLibrary() {
      const files = new Map<string, Entry>();
      await walk(libraryDir, new Set(), files);
      const leaks: string[] = [];
      for (const [path, entry] of files) {
        if (entry.kind !== 'file') continue;
        const bytes = await readFile(path).catch(() => null);
        if (bytes === null) continue;
        for (const found of [mark, PASSWD_MARK, ENVIRON_MARK])
          if (bytes.includes(found)) leaks.push(`${relative(libraryDir, path)} holds “${found}”`);
      }
      return leaks;
    },
    async close() {
      agent.destroy();
      await server.close();
      await library.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// What the fuzzer knows of the library, to make valid calls.

interface KnownDocument {
  meta: DocumentMeta;
  doc: DocJSON;
  text: string;
  annotations: Annotation[];
}

interface Known {
  documents: KnownDocument[];
  tags: TagSummary[];
  collections: Collection[];
  styles: CitationStyleInfo[];
  /** What successful merges and deletions of tags returned. */
  undos: TagUndo[];
  /** Annotations deleted by a call, to restore. */
  removed: Annotation[];
  links: PassageLink[];
  relations: LinkRelation[];
  /** Links deleted by a call, to restore. */
  removedLinks: PassageLink[];
}

async function learnLibrary(world: FuzzWorld): Promise<Known> {
  const { service } = world.library;
  const metas = await service.listDocuments({});
  const documents: KnownDocument[] = [];
  for (const meta of metas) {
    const { doc } = await service.getDocument({ documentId: meta.id });
    documents.push({
      meta,
      doc,
      text: projectionText(doc),
      annotations: await service.listAnnotations({ documentId: meta.id }),
    });
  }
  return {
    documents,
    tags: await service.listTags({}),
    collections: await service.listCollections({}),
    styles: await service.listStyles({}),
    undos: [],
    removed: [],
    links: (await service.listLinks({})).map((view) => view.link),
    relations: await service.listLinkRelations({}),
    removedLinks: [],
  };
}

/** At most this many documents, tags and collections are kept between batches, so the checks stay quick. */
const KEEP_DOCUMENTS = 8;
const KEEP_TAGS = 30;
const KEEP_COLLECTIONS = 10;

/**
 * Puts back what valid calls used up (documents, tags, annotations and a collection to work on), and
 * removes what they piled up beyond a few of each.
 */
async function replenish(world: FuzzWorld, dice: Dice): Promise<void> {
  const { service } = world.library;
  const extra = (await service.listDocuments({}))
    .sort((a, b) => Number(b.metadataOnly === true) - Number(a.metadataOnly === true))
    .slice(0, -KEEP_DOCUMENTS);
  for (const meta of extra) await service.deleteDocument({ documentId: meta.id });
  for (const tag of (await service.listTags({})).slice(KEEP_TAGS))
    await service.deleteTag({ tagId: tag.id, children: 'reparent' }).catch(() => undefined);
  for (const collection of (await service.listCollections({})).slice(KEEP_COLLECTIONS))
    await service.deleteCollection({ collectionId: collection.id });
  let documents = await service.listDocuments({});
  if (documents.filter((meta) => meta.metadataOnly !== true).length < 2) {
    const sources = await Promise.all(
      FIXTURE_NAMES.map(async (name) => ({
        kind: 'bytes' as const,
        name,
        bytes: new Uint8Array(await readFile(join(FIXTURES, name))),
      })),
    );
    await service.importFiles({ sources, onDuplicate: 'skip' });
    documents = await service.listDocuments({});
  }
  const tags = await service.listTags({});
  for (let n = tags.length; n < 3; n += 1)
    await service.createTag({ name: `Replenished ${dice.uuid().slice(0, 8)}` });
  const readable = documents.filter((meta) => meta.metadataOnly !== true);
  for (const meta of readable.slice(0, 2)) {
    const annotations = await service.listAnnotations({ documentId: meta.id });
    if (annotations.length >= 3) continue;
    const { doc } = await service.getDocument({ documentId: meta.id });
    const text = projectionText(doc);
    if (text.length < 200) continue;
    const start = dice.int(text.length - 100);
    await service.createAnnotation({
      documentId: meta.id,
      selectors: describeRange(text, start, start + 20),
      comment: 'Replenished',
    });
  }
  if ((await service.listCollections({})).length === 0)
    await service.createCollection({
      name: `List ${dice.uuid().slice(0, 8)}`,
      documentIds: readable.map((meta) => meta.id),
    });
}

// ---------------------------------------------------------------------------------------------------
// Valid arguments for every method.

function someDocument(known: Known, dice: Dice): KnownDocument | undefined {
  const readable = known.documents.filter((document) => document.text.length > 100);
  return readable.length === 0 ? undefined : dice.pick(readable);
}

function documentId(known: Known, dice: Dice): string {
  return known.documents.length > 0 && dice.chance(0.9) ? dice.pick(known.documents).meta.id : dice.uuid();
}

function tagId(known: Known, dice: Dice): string {
  return known.tags.length > 0 && dice.chance(0.9) ? dice.pick(known.tags).id : dice.uuid();
}

function collectionId(known: Known, dice: Dice): string {
  return known.collections.length > 0 && dice.chance(0.9) ? dice.pick(known.collections).id : dice.uuid();
}

function relationId(known: Known, dice: Dice): string {
  return known.relations.length > 0 && dice.chance(0.9) ? dice.pick(known.relations).id : dice.uuid();
}

function linkId(known: Known, dice: Dice): string {
  return known.links.length > 0 && dice.chance(0.9) ? dice.pick(known.links).id : dice.uuid();
}

/** A passage of the library to link (now and then one that is not there). */
function passageRef(known: Known, dice: Dice): FuzzValue {
  const documents = known.documents.filter((document) => document.annotations.length > 0);
  if (documents.length === 0 || dice.chance(0.1))
    return { documentId: documentId(known, dice), annotationId: dice.uuid() };
  const document = dice.pick(documents);
  return { documentId: document.meta.id, annotationId: dice.pick(document.annotations).id };
}

function someTagIds(known: Known, dice: Dice): string[] {
  return known.tags.filter(() => dice.chance(0.3)).map((tag) => tag.id);
}

function someText(dice: Dice): string {
  return dice.weighted<() => string>([
    [6, () => dice.words(1 + dice.int(8))],
    [2, () => `${dice.words(2)} ${dice.pick(ODD_STRINGS)}`],
    [1, () => dice.words(2000)],
  ])();
}

function passage(document: KnownDocument, dice: Dice): { start: number; end: number } {
  const start = dice.int(Math.max(1, document.text.length - 80));
  return { start, end: Math.min(document.text.length, start + 3 + dice.int(60)) };
}

function selectorsIn(document: KnownDocument, dice: Dice): FuzzValue {
  const { start, end } = passage(document, dice);
  return toFuzz(describeRange(document.text, start, end));
}

function exportOptions(known: Known, dice: Dice): FuzzObject {
  const options: FuzzObject = { format: dice.pick(EXPORT_FORMATS) };
  if (dice.chance(0.5) && known.styles.length > 0) options['style'] = dice.pick(known.styles).id;
  if (dice.chance(0.3)) options['locale'] = dice.pick(['en-US', 'en-GB', 'de-DE', 'fr-FR']);
  if (dice.chance(0.3)) options['groupBy'] = dice.pick(['source', 'tag']);
  if (dice.chance(0.3))
    options['scope'] = dice.pick<FuzzObject>([
      { kind: 'library' },
      { kind: 'collection', collectionId: collectionId(known, dice) },
      { kind: 'documents', documentIds: [documentId(known, dice)] },
    ]);
  if (dice.chance(0.3))
    options['filters'] = { tagIds: someTagIds(known, dice), colors: [dice.pick(HIGHLIGHT_COLORS)] };
  if (dice.chance(0.3)) options['includeComments'] = dice.chance(0.5);
  return options;
}

function cslOf(document: KnownDocument | undefined, dice: Dice): FuzzObject {
  const csl = toFuzz(document?.meta.csl ?? { type: 'book', title: 'A book' }) as FuzzObject;
  delete csl['id'];
  if (dice.chance(0.5)) csl['title'] = someText(dice).slice(0, 500);
  if (dice.chance(0.3)) csl['author'] = [{ family: dice.word(), given: dice.word() }];
  if (dice.chance(0.3)) csl['issued'] = { 'date-parts': [[1989 + dice.int(40), 1 + dice.int(12)]] };
  return csl;
}

function importableBytes(dice: Dice, known: Known, world: FuzzWorld): FuzzObject {
  const n = dice.int(1_000_000);
  return dice.weighted<() => FuzzObject>([
    [
      5,
      () => ({
        kind: 'bytes',
        name: `fuzzed-${String(n)}.md`,
        bytes: new TextEncoder().encode(`# Fuzzed ${String(n)}\n\n${dice.words(60)}\n`),
      }),
    ],
    [
      3,
      () => ({
        kind: 'bytes',
        name: `fuzzed-${String(n)}.txt`,
        bytes: new TextEncoder().encode(`${dice.words(8)}\n\n${dice.words(80)}\n`),
      }),
    ],
    [
      1,
      () => ({
        kind: 'bytes',
        name: `fuzzed-${String(n)}.html`,
        bytes: new TextEncoder().encode(
          `<html><head><title>Page ${String(n)}</title></head><body><p>${dice.words(40)}</p></body></html>`,
        ),
      }),
    ],
    [
      1,
      () => ({
        kind: 'bytes',
        name: `refs-${String(n)}.bib`,
        bytes: new TextEncoder().encode(
          `@article{k${String(n)}, title = {${dice.words(4)}}, author = {${dice.word()}, A.}, year = {2001}}\n`,
        ),
      }),
    ],
    [1, () => ({ kind: 'bytes', name: 'binary.txt', bytes: new Uint8Array(200).map(() => dice.int(256)) })],
    [
      1,
      () => ({
        kind: 'bytes',
        name: dice.pick(['empty.md', 'x.pdf', 'x.epub', 'x.docx']),
        bytes: new Uint8Array(dice.int(3)),
      }),
    ],
    [1, () => ({ kind: 'bytes', name: 'annotations.jsonld', bytes: world.annotationFile })],
    [
      1,
      () => ({
        kind: 'bytes',
        name: known.documents[0]?.meta.source.fileName ?? 'x.txt',
        bytes: new TextEncoder().encode(known.documents[0]?.text ?? 'x'),
      }),
    ],
  ])();
}

/** Arguments that satisfy the contract for `method`, drawn from what the library holds. */
function validArgs(method: ApiMethodName, known: Known, dice: Dice, world: FuzzWorld): FuzzValue {
  const document = someDocument(known, dice);
  const annotation =
    document !== undefined && document.annotations.length > 0 ? dice.pick(document.annotations) : undefined;
  switch (method) {
    case 'getLibraryInfo':
    case 'listDocuments':
    case 'listTags':
    case 'takeLibraryNotices':
    case 'getDevice':
    case 'listDevices':
    case 'getSettings':
    case 'listCollections':
    case 'listStyles':
      return {};
    case 'getDocument':
    case 'deleteDocument':
    case 'listAnnotations':
    case 'getTextConflicts':
      return { documentId: documentId(known, dice) };
    case 'importFiles': {
      const args: FuzzObject = {
        sources: Array.from({ length: 1 + dice.int(2) }, () => importableBytes(dice, known, world)),
      };
      if (dice.chance(0.3)) args['batchId'] = `batch-${dice.uuid()}`;
      if (dice.chance(0.3)) args['onDuplicate'] = dice.pick(['skip', 'import-copy']);
      return args;
    }
    case 'cancelImport':
      return { batchId: `batch-${dice.uuid()}` };
    case 'renameDocument':
      return { documentId: documentId(known, dice), title: someText(dice).slice(0, 300) || 'Title' };
    case 'createAnnotation': {
      if (document === undefined) return { documentId: dice.uuid(), selectors: [] };
      const args: FuzzObject = { documentId: document.meta.id, selectors: selectorsIn(document, dice) };
      if (dice.chance(0.5)) args['color'] = dice.pick(HIGHLIGHT_COLORS);
      if (dice.chance(0.4)) args['tagIds'] = someTagIds(known, dice);
      if (dice.chance(0.4)) args['comment'] = someText(dice);
      if (dice.chance(0.2)) args['motivation'] = dice.pick(['highlighting', 'commenting']);
      return args;
    }
    case 'deleteAnnotation':
      return { documentId: document?.meta.id ?? dice.uuid(), annotationId: annotation?.id ?? dice.uuid() };
    case 'updateAnnotation': {
      const patch: FuzzObject = dice.pick<FuzzObject>([
        { color: dice.pick(HIGHLIGHT_COLORS) },
        { comment: someText(dice) },
        { tagIds: someTagIds(known, dice) },
        { motivation: 'commenting' },
        document === undefined ? { color: 'red' } : { selectors: selectorsIn(document, dice) },
      ]);
      return {
        documentId: document?.meta.id ?? dice.uuid(),
        annotationId: annotation?.id ?? dice.uuid(),
        patch,
      };
    }
    case 'restoreAnnotations': {
      const removed = known.removed.filter((item) => item.documentId === document?.meta.id);
      const chosen = removed.length > 0 && dice.chance(0.6) ? dice.pick(removed) : annotation;
      return {
        documentId: document?.meta.id ?? dice.uuid(),
        annotations: chosen === undefined ? [] : [toFuzz(chosen)],
      };
    }
    case 'updateDocumentNote':
      return { documentId: documentId(known, dice), note: someText(dice) };
    case 'updateDocumentMetadata': {
      const args: FuzzObject = { documentId: document?.meta.id ?? dice.uuid(), csl: cslOf(document, dice) };
      if (dice.chance(0.2)) args['proposed'] = dice.chance(0.5);
      return args;
    }
    case 'updateDocumentText': {
      if (document === undefined)
        return {
          documentId: dice.uuid(),
          doc: { type: 'doc', content: [] },
          annotations: [],
          baseRevision: 0,
        };
      const content = toFuzz(document.doc.content) as FuzzValue[];
      if (dice.chance(0.7))
        content.push({ type: 'paragraph', content: [{ type: 'text', text: dice.words(6) }] });
      return {
        documentId: document.meta.id,
        doc: { type: 'doc', content },
        annotations: document.annotations.map((item) => ({ id: item.id, selectors: toFuzz(item.selectors) })),
        baseRevision: document.meta.textRevision ?? 0,
      };
    }
    case 'resolveTextConflicts':
      return { documentId: documentId(known, dice), choices: dice.chance(0.5) ? [] : ['a', 'b', 'both'] };
    case 'updateDevice':
      return dice.chance(0.5) ? { name: `Computer ${dice.word()}` } : { readerName: `Reader ${dice.word()}` };
    case 'createTag': {
      const args: FuzzObject = { name: `${dice.word()} ${String(dice.int(100_000))}` };
      if (dice.chance(0.4)) args['parentId'] = dice.chance(0.2) ? null : tagId(known, dice);
      if (dice.chance(0.4)) args['color'] = dice.pick([...HIGHLIGHT_COLORS, '#123abc', null]);
      if (dice.chance(0.3)) args['description'] = someText(dice).slice(0, 5000);
      return args;
    }
    case 'updateTag':
      return {
        tagId: tagId(known, dice),
        patch: dice.pick<FuzzObject>([
          { name: `${dice.word()} ${String(dice.int(100_000))}` },
          { color: dice.pick(HIGHLIGHT_COLORS) },
          { description: someText(dice).slice(0, 5000) },
          { parentId: dice.chance(0.5) ? null : tagId(known, dice) },
        ]),
      };
    case 'mergeTags':
      return { sourceId: tagId(known, dice), targetId: tagId(known, dice) };
    case 'describeTagDeletion':
      return { tagId: tagId(known, dice) };
    case 'deleteTag':
      return { tagId: tagId(known, dice), children: dice.pick(['reparent', 'delete']) };
    case 'restoreTags':
      return known.undos.length > 0 ? toFuzz(dice.pick(known.undos)) : { tags: [], annotations: [] };
    case 'updateSettings':
      return { colorLabels: { [dice.pick(HIGHLIGHT_COLORS)]: dice.chance(0.2) ? '' : dice.words(2) } };
    case 'createCollection': {
      const args: FuzzObject = { name: `List ${dice.word()} ${String(dice.int(100_000))}` };
      if (dice.chance(0.5))
        args['documentIds'] = known.documents.filter(() => dice.chance(0.5)).map((item) => item.meta.id);
      return args;
    }
    case 'renameCollection':
      return {
        collectionId: collectionId(known, dice),
        name: `List ${dice.word()} ${String(dice.int(100_000))}`,
      };
    case 'deleteCollection':
      return { collectionId: collectionId(known, dice) };
    case 'addToCollection':
    case 'removeFromCollection':
      return { collectionId: collectionId(known, dice), documentIds: [documentId(known, dice)] };
    case 'saveLinkRelation': {
      const args: FuzzObject = {
        name: `rel ${dice.word()} ${String(dice.int(1000))}`,
        inverseName: dice.words(2),
      };
      if (dice.chance(0.5)) args['relationId'] = relationId(known, dice);
      if (dice.chance(0.2)) args['hidden'] = dice.chance(0.5);
      return args;
    }
    case 'deleteLinkRelation':
      return { relationId: relationId(known, dice) };
    case 'listLinks':
      return dice.chance(0.5) ? { documentId: documentId(known, dice) } : {};
    case 'createLink': {
      const args: FuzzObject = {
        from: passageRef(known, dice),
        to: passageRef(known, dice),
        relationId: relationId(known, dice),
      };
      if (dice.chance(0.3)) args['comment'] = someText(dice);
      return args;
    }
    case 'updateLink': {
      const patch: FuzzObject = {};
      if (dice.chance(0.5)) patch['relationId'] = relationId(known, dice);
      if (dice.chance(0.4)) patch['comment'] = dice.chance(0.2) ? '' : someText(dice);
      if (dice.chance(0.3) || Object.keys(patch).length === 0) patch['reverse'] = true;
      return { linkId: linkId(known, dice), patch };
    }
    case 'deleteLinks':
      return { linkIds: [linkId(known, dice)] };
    case 'restoreLinks':
      return known.removedLinks.length > 0
        ? { links: toFuzz(known.removedLinks.slice(-3)) }
        : { links: toFuzz(known.links.slice(0, 1)) };
    case 'addStyle':
      return { fileName: `fuzzed-${String(dice.int(20))}.csl`, xml: world.styleXml };
    case 'formatCitation': {
      const args: FuzzObject = {
        csl: cslOf(document, dice),
        style: known.styles.length > 0 ? dice.pick(known.styles).id : 'apa',
      };
      if (dice.chance(0.4)) args['locale'] = dice.pick(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'en_gb']);
      return args;
    }
    case 'exportLibrary':
      return { options: exportOptions(known, dice), path: dice.pick(world.writePaths).path };
    case 'previewExport': {
      const args: FuzzObject = { options: exportOptions(known, dice) };
      if (dice.chance(0.4)) args['maxChars'] = 100 + dice.int(20_000);
      return args;
    }
    case 'importAnnotations':
      return { source: { kind: 'bytes', name: 'annotations.jsonld', bytes: world.annotationFile } };
    case 'searchCorpus': {
      const args: FuzzObject = {
        query: dice.pick([
          dice.word(),
          `"${dice.words(2)}"`,
          `${dice.word().slice(0, 3)}*`,
          `${dice.word()}~`,
          '',
        ]),
      };
      if (dice.chance(0.3)) args['documentIds'] = [documentId(known, dice)];
      if (dice.chance(0.3)) args['limit'] = 1 + dice.int(200);
      if (dice.chance(0.3)) args['snippets'] = dice.int(11);
      if (dice.chance(0.3)) args['prefix'] = dice.chance(0.5);
      if (dice.chance(0.3)) args['fuzzy'] = dice.chance(0.5);
      return args;
    }
    case 'searchAnnotations': {
      const args: FuzzObject = {};
      if (dice.chance(0.6)) args['query'] = dice.word();
      if (dice.chance(0.3)) args['colors'] = [dice.pick(HIGHLIGHT_COLORS)];
      if (dice.chance(0.3)) args['tagId'] = tagId(known, dice);
      if (dice.chance(0.2)) args['includeSubTags'] = dice.chance(0.5);
      if (dice.chance(0.2)) args['motivation'] = dice.pick(['highlighting', 'commenting']);
      if (dice.chance(0.2)) args['from'] = '2020-01-01T00:00:00.000Z';
      if (dice.chance(0.2)) args['to'] = '2099-01-01T00:00:00+02:00';
      if (dice.chance(0.2)) args['limit'] = 1 + dice.int(5000);
      return args;
    }
    case 'concordance': {
      const args: FuzzObject = {
        query: dice.pick([dice.word(), `${dice.word().slice(0, 3)}*`, `"${dice.words(2)}"`]),
      };
      if (dice.chance(0.3)) args['tagId'] = tagId(known, dice);
      if (dice.chance(0.3)) args['width'] = 5 + dice.int(196);
      if (dice.chance(0.3)) args['sort'] = dice.pick(['document', 'left', 'right']);
      if (dice.chance(0.3)) args['limit'] = 1 + dice.int(20_000);
      return args;
    }
    case 'annotateOccurrences': {
      if (document === undefined) return { occurrences: [{ documentId: dice.uuid(), start: 0, end: 1 }] };
      const occurrences = Array.from({ length: 1 + dice.int(3) }, () => ({
        documentId: document.meta.id,
        ...passage(document, dice),
      }));
      const args: FuzzObject = { occurrences };
      if (dice.chance(0.5)) args['color'] = dice.pick(HIGHLIGHT_COLORS);
      if (dice.chance(0.3)) args['tagIds'] = someTagIds(known, dice);
      if (dice.chance(0.3)) args['comment'] = someText(dice);
      return args;
    }
    case 'readingStatistics': {
      const args: FuzzObject = {};
      if (dice.chance(0.3)) args['documentIds'] = [documentId(known, dice)];
      if (dice.chance(0.3)) args['bins'] = 1 + dice.int(500);
      return args;
    }
    default:
      // Methods without arguments (checkLibrary, repairLibrary), and any added since: hostile and
      // nearly valid payloads still reach every field their schema names.
      return {};
  }
}

// ---------------------------------------------------------------------------------------------------
// Nearly valid: one field changed.

interface Slot {
  path: string[];
  /** Replaces the value at this slot. */
  set(value: FuzzValue): void;
  /** Removes it (a missing field, a missing element). */
  remove(): void;
  value: FuzzValue;
}

function slotsOf(
  value: FuzzValue,
  path: string[],
  set: (value: FuzzValue) => void,
  remove: () => void,
  into: Slot[],
): void {
  into.push({ path, set, remove, value });
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (index > 20) return;
      slotsOf(
        item,
        [...path, String(index)],
        (next) => (value[index] = next),
        () => value.splice(index, 1),
        into,
      );
    });
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      slotsOf(
        item,
        [...path, key],
        (next) => (value[key] = next),
        () => Reflect.deleteProperty(value, key),
        into,
      );
    }
  }
}

/** A near variant of the value at a slot: the same kind of thing just outside what is accepted, or another kind. */
function nearValue(value: FuzzValue, dice: Dice, known: Known): [FuzzValue, string] {
  if (typeof value === 'string') {
    return dice.weighted<() => [FuzzValue, string]>([
      [3, () => ['', 'an empty string']],
      [3, () => [hugeString(dice), 'a huge string']],
      [2, () => [`${value}${'x'.repeat(dice.pick([1, 200, 1025, 4097, 10_001]))}`, 'a longer string']],
      [3, () => [dice.pick(ODD_STRINGS), 'an odd string']],
      [2, () => [dice.uuid(), 'a random id']],
      [2, () => [known.tags[0]?.id ?? 'tag', 'an id of another kind']],
      [1, () => [`   ${value}   `, 'padding']],
      [1, () => [value.toUpperCase(), 'another case']],
      [2, () => [hostileValue(dice), 'another type']],
    ])();
  }
  if (typeof value === 'number' || value instanceof RawJson) {
    return dice.weighted<() => [FuzzValue, string]>([
      [5, () => [dice.pick(ODD_NUMBERS), 'an odd number']],
      [2, () => [String(value instanceof RawJson ? value.text : value), 'a number as a string']],
      [2, () => [hostileValue(dice), 'another type']],
    ])();
  }
  if (typeof value === 'boolean')
    return dice.pick<[FuzzValue, string]>([
      [value ? 'true' : 'false', 'a boolean as a string'],
      [1, 'a boolean as a number'],
      [null, 'null'],
    ]);
  if (Array.isArray(value)) {
    return dice.weighted<() => [FuzzValue, string]>([
      [3, () => [[], 'an empty array']],
      [
        2,
        () => {
          const item = small(value[0] ?? null);
          return [Array.from({ length: dice.pick([1001, 10_001, 100_001]) }, () => item), 'a huge array'];
        },
      ],
      [2, () => [[...value, hostileValue(dice)], 'an extra element']],
      [2, () => [Object.fromEntries(value.map((item, at) => [String(at), item])), 'an object for an array']],
      [1, () => [deepNesting(dice), 'deep nesting']],
      [2, () => [hostileValue(dice), 'another type']],
    ])();
  }
  if (isPlainObject(value)) {
    return dice.weighted<() => [FuzzValue, string]>([
      [
        3,
        () => [
          { ...value, [dice.pick(['extra', 'id', 'kind', 'type'])]: hostileValue(dice) },
          'an extra field',
        ],
      ],
      [1, () => [{ ...value, custom: deepNesting(dice) }, 'a deeply nested extra field']],
      [
        3,
        () => [
          new KeyedJson([
            ...Object.entries(value),
            [dice.pick(['__proto__', 'constructor', 'prototype']), pollutingObject(dice)],
          ]),
          'a polluting key',
        ],
      ],
      [
        2,
        () => {
          const entries = Object.entries(value);
          const first = entries[0];
          return [
            new KeyedJson(first === undefined ? [] : [...entries, [first[0], hostileValue(dice)]]),
            'a key given twice',
          ];
        },
      ],
      [2, () => [{}, 'an empty object']],
      [1, () => [[value], 'an array for an object']],
      [2, () => [hostileValue(dice), 'another type']],
    ])();
  }
  return [hostileValue(dice), 'another value'];
}

function nearlyValid(valid: FuzzValue, dice: Dice, known: Known): [FuzzValue, string] {
  const root: { value: FuzzValue } = { value: valid };
  const slots: Slot[] = [];
  slotsOf(
    valid,
    [],
    (next) => (root.value = next),
    () => (root.value = null),
    slots,
  );
  const slot = dice.pick(slots.length > 1 ? slots.slice(1) : slots);
  const where = slot.path.length === 0 ? 'the argument' : slot.path.join('.');
  if (slot.path.length > 0 && dice.chance(0.2)) {
    slot.remove();
    return [root.value, `${where} missing`];
  }
  const [value, what] = nearValue(slot.value, dice, known);
  slot.set(value);
  return [root.value, `${where}: ${what}`];
}

// ---------------------------------------------------------------------------------------------------
// Hostile: anything at all, shaped a little like the method's argument.

const FIELD_NAMES: Record<string, string[]> = Object.fromEntries(
  Object.entries(apiMethods).map(([name, schema]) => [
    name,
    schema instanceof z.ZodObject ? Object.keys((schema as z.ZodObject).shape) : ['tags', 'annotations'],
  ]),
);

function hostileArgs(method: ApiMethodName, dice: Dice, known: Known): [FuzzValue, string] {
  const fields = FIELD_NAMES[method] ?? [];
  return dice.weighted<() => [FuzzValue, string]>([
    [
      6,
      () => {
        const entries: [string, FuzzValue][] = fields
          .filter(() => dice.chance(0.7))
          .map((field) => [field, hostileValue(dice)]);
        if (dice.chance(0.4)) entries.push([dice.pick(ODD_KEYS), hostileValue(dice)]);
        return [new KeyedJson(entries), 'every field hostile'];
      },
    ],
    [2, () => [hostileValue(dice), 'a hostile argument']],
    [1, () => [deepNesting(dice), 'deep nesting']],
    [1, () => [pollutingObject(dice), 'a polluting argument']],
    [
      1,
      () => [
        Object.fromEntries(
          fields.map((field) => [
            field,
            dice.pick([known.documents[0]?.meta.id ?? 'x', known.tags[0]?.id ?? 'y']),
          ]),
        ),
        'real ids everywhere',
      ],
    ],
  ])();
}

// ---------------------------------------------------------------------------------------------------
// Paths aimed outside the library, and names that reach the disk.

function traversalId(world: FuzzWorld, dice: Dice): string {
  return dice.pick([
    `../../${relative(world.libraryDir, join(world.sentinelDir, 'secret'))}`,
    '../library',
    '..',
    '.',
    '/etc/passwd',
    `${world.sentinelDir}/secret`,
    'a/../../b',
    '..\\..\\x',
    'x\u0000y',
    'x.json',
    '-rf',
    'CON',
    '.stignore',
  ]);
}

/** A file to upload that is made to hurt the importer: nesting, cycles, polluting keys. */
function hostileUpload(dice: Dice): { name: string; text: string; what: string } {
  const depth = dice.pick([200, 1500, 2500, 5000]);
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return dice.weighted<() => { name: string; text: string; what: string }>([
    [
      3,
      () => ({
        name: 'deep.json',
        text: `[{"id":"deep","type":"book","title":"Deep","custom":${nested}}]`,
        what: `a CSL-JSON field nested ${String(depth)} deep`,
      }),
    ],
    [
      1,
      () => ({
        name: 'deep.bib',
        text: `@book{k, title = {${'{'.repeat(depth)}x${'}'.repeat(depth)}}, year = {2000}}`,
        what: `BibTeX braces nested ${String(depth)} deep`,
      }),
    ],
    [
      1,
      () => ({
        name: 'cycle.bib',
        text: '@book{a, crossref = {b}}\n@book{b, crossref = {a}}\n',
        what: 'BibTeX entries that cross-reference each other',
      }),
    ],
    [
      1,
      () => ({
        name: 'strings.bib',
        text: '@string{a = "x"}\n@string{b = a # a # a # a}\n@string{c = b # b # b # b}\n@book{k, title = c # c # c # c}\n',
        what: 'BibTeX strings that expand',
      }),
    ],
    [
      1,
      () => ({
        name: 'proto.json',
        text: '[{"__proto__":{"type":"book","title":"polluted"},"id":"p1","constructor":{"prototype":{"x":1}}}]',
        what: 'CSL-JSON with polluting keys',
      }),
    ],
    [
      1,
      () => ({
        name: 'deep.md',
        text: `# Deep\n\n${'> '.repeat(depth)}quote\n\n${'- '.repeat(depth)}item\n`,
        what: `Markdown quotes and lists nested ${String(depth)} deep`,
      }),
    ],
    [
      1,
      () => ({
        name: 'deep.html',
        text: `<html><body>${'<blockquote>'.repeat(Math.min(depth, 600))}deep</body></html>`,
        what: 'HTML quotes nested deep',
      }),
    ],
    [
      1,
      () => ({
        name: 'annotations.jsonld',
        text: `{"type":"AnnotationCollection","first":{"items":${nested}}}`,
        what: `an annotation file nested ${String(depth)} deep`,
      }),
    ],
  ])();
}

/** A document file whose XML names a sentinel as an external entity, or markup that points at one. */
function leakingUpload(world: FuzzWorld, dice: Dice): FuzzObject {
  const secret = join(world.sentinelDir, 'secret.txt');
  return dice.weighted<() => FuzzObject>([
    [1, () => ({ kind: 'bytes', name: 'entity.epub', bytes: xxeEpub(secret) })],
    [1, () => ({ kind: 'bytes', name: 'entity.docx', bytes: xxeDocx(secret) })],
    [
      1,
      () => ({
        kind: 'bytes',
        name: 'frame.html',
        bytes: new TextEncoder().encode(
          `<html><body><p>Look</p><iframe src="file://${secret}"></iframe><object data="file://${secret}"></object><link rel="import" href="file://${secret}"><img src="file://${secret}"></body></html>`,
        ),
      }),
    ],
    [
      1,
      () => ({
        kind: 'bytes',
        name: 'image.md',
        bytes: new TextEncoder().encode(`# Look\n\n![x](file://${secret})\n\n[link](file://${secret})\n`),
      }),
    ],
    [
      1,
      () => ({
        kind: 'bytes',
        name: `../../${relative(world.libraryDir, join(world.sentinelDir, 'named.md'))}`,
        bytes: new TextEncoder().encode('# Named\n\nwords'),
      }),
    ],
  ])();
}

function leakingStyle(world: FuzzWorld, dice: Dice): string {
  const secret = join(world.sentinelDir, 'secret.txt');
  return dice.pick([
    world.styleXml
      .replace(/<style /, `<!DOCTYPE style [<!ENTITY leak SYSTEM "file://${secret}">]>\n<style `)
      .replace('<title>Fuzzed style</title>', '<title>&leak;</title>'),
    `<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><info><title>Dependent</title><id>x</id><link href="file://${secret}" rel="independent-parent"/></info><citation><layout><text variable="title"/></layout></citation></style>`,
    world.styleXml.replace(
      '<title>Fuzzed style</title>',
      `<title>Fuzzed</title><link href="file://${secret}" rel="template"/>`,
    ),
  ]);
}

function pathArgs(
  world: FuzzWorld,
  known: Known,
  dice: Dice,
): { method: ApiMethodName; args: FuzzValue; label: string; refused: boolean } {
  const read = dice.pick(world.readPaths);
  const write = dice.pick(world.writePaths);
  return dice.weighted<() => { method: ApiMethodName; args: FuzzValue; label: string; refused: boolean }>([
    [
      5,
      () => {
        const sources: FuzzValue[] = [{ kind: 'path', path: read.path }];
        if (dice.chance(0.3)) sources.unshift(importableBytes(dice, known, world));
        if (dice.chance(0.2)) sources.push({ kind: 'path', path: dice.pick(world.readPaths).path });
        return {
          method: 'importFiles',
          args: { sources, ...(dice.chance(0.3) ? { onDuplicate: 'import-copy' } : {}) },
          label: `importFiles from ${read.label}`,
          refused: true,
        };
      },
    ],
    [
      3,
      () => ({
        method: 'importAnnotations',
        args: { source: { kind: 'path', path: read.path } },
        label: `importAnnotations from ${read.label}`,
        refused: true,
      }),
    ],
    [
      4,
      () => ({
        method: 'exportLibrary',
        args: { options: exportOptions(known, dice), path: write.path },
        label: `exportLibrary to ${write.label}`,
        refused: true,
      }),
    ],
    [
      2,
      () => ({
        method: 'addStyle',
        args: {
          fileName: dice.pick([
            write.path,
            read.path,
            `${write.path}.csl`,
            '../../../x.csl',
            '.csl',
            '..csl',
          ]),
          xml: world.styleXml,
        },
        label: `addStyle named after ${write.label}`,
        refused: false,
      }),
    ],
    [
      1,
      () => ({
        method: 'addStyle',
        args: { fileName: 'leaky.csl', xml: leakingStyle(world, dice) },
        label: 'addStyle whose XML points at a sentinel',
        refused: false,
      }),
    ],
    [
      2,
      () => ({
        method: 'importFiles',
        args: { sources: [leakingUpload(world, dice)] },
        label: 'importFiles of an upload that points at a sentinel',
        refused: false,
      }),
    ],
    [
      3,
      () => {
        const method = dice.pick<ApiMethodName>([
          'getDocument',
          'listAnnotations',
          'deleteDocument',
          'getTextConflicts',
          'updateDocumentNote',
          'renameDocument',
          'deleteAnnotation',
          'describeTagDeletion',
          'deleteCollection',
        ]);
        const args = validArgs(method, known, dice, world) as FuzzObject;
        const field = Object.keys(args).find((key) => key.endsWith('Id')) ?? 'documentId';
        args[field] = traversalId(world, dice);
        return { method, args, label: `${method} with ${field} as a path`, refused: false };
      },
    ],
    [
      1,
      () => {
        const method = dice.pick<ApiMethodName>(['formatCitation', 'previewExport']);
        const args = validArgs(method, known, dice, world) as FuzzObject;
        const target = method === 'formatCitation' ? args : (args['options'] as FuzzObject);
        target[dice.chance(0.5) ? 'style' : 'locale'] = dice.pick([
          '../../../../etc/passwd',
          '../styles/apa',
          '/etc/passwd',
          `${world.sentinelDir}/secret`,
          '..',
          'C:\\x',
        ]);
        return { method, args, label: `${method} with a style or locale as a path`, refused: false };
      },
    ],
  ])();
}

// ---------------------------------------------------------------------------------------------------
// Malformed HTTP.

type Expect =
  /** A Result in the body (status 200, or a refusal status with a structured error). */
  | 'result'
  /** A Result that refuses: ok false. */
  | 'refused'
  /** A refusal of an unreadable path: not-allowed (or invalid-input for a path outside the contract). */
  | 'path-refused'
  /** A request outside the API: anything but sentinel content. */
  | 'any';

interface Payload {
  label: string;
  method: string;
  /** The request, or raw bytes for one connection. */
  request: HttpRequest | Buffer;
  expect: Expect;
  /** Statuses the reply may have. */
  statuses: readonly number[];
  /** The server may drop the connection instead of answering. */
  mayDrop?: boolean;
  /** Aimed outside the library: look there at once after it. */
  aimedOutside?: boolean;
}

const AUTH = 'Bearer fuzz-token';
const API_STATUSES = [200, 400, 404, 413];

/** The largest body the server takes, plus a little. */
const OVERSIZED_BYTES = Math.ceil((50 * 1024 * 1024 * 4) / 3) + 1024 * 1024 + 1024;

function httpPayload(world: FuzzWorld, dice: Dice, index: number): Payload {
  const method = dice.pick(API_METHOD_NAMES);
  const api = `/api/call/${method}`;
  const secret = join(world.sentinelDir, 'secret.md');
  const upFromRenderer = relative(join(world.root, 'renderer'), secret);
  const choices: (readonly [number, () => Payload])[] = [
    [
      4,
      () => ({
        label: 'a body that is not JSON',
        method,
        request: {
          path: api,
          headers: { authorization: AUTH },
          body: dice.pick([
            '{"not json',
            '{documentId: 1}',
            "{'a': 1}",
            '{"a":1}}',
            '\uFEFF{}',
            'NaN',
            '[1,]',
            '{"a":1,}',
            '\u0000',
            '{"$bytes":"***"}',
            'x'.repeat(1000),
          ]),
        },
        expect: 'refused',
        statuses: [400, 200],
      }),
    ],
    [
      2,
      () => ({
        label: 'a body of bytes that are not UTF-8',
        method,
        request: {
          path: api,
          headers: { authorization: AUTH },
          body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        },
        expect: 'refused',
        statuses: [400],
      }),
    ],
    [
      3,
      () => ({
        label: 'a JSON argument that is not an object',
        method,
        request: {
          path: api,
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          body: dice.pick(['null', '[]', '"text"', '1', 'true', '1e999', '-0', '""']),
        },
        expect: 'result',
        statuses: [200],
      }),
    ],
    [
      3,
      () => ({
        label: 'a wrong content type',
        method: 'getLibraryInfo',
        request: {
          path: '/api/call/getLibraryInfo',
          headers: {
            authorization: AUTH,
            'content-type': dice.pick([
              'text/plain',
              'multipart/form-data; boundary=x',
              'application/x-www-form-urlencoded',
              'application/xml',
              '',
            ]),
          },
          body: dice.pick(['{}', 'documentId=x', '<a/>']),
        },
        expect: 'any',
        statuses: [200, 400],
      }),
    ],
    [
      3,
      () => ({
        label: 'no token',
        method,
        request: { path: api, headers: { 'content-type': 'application/json' }, body: '{}' },
        expect: 'refused',
        statuses: [401],
      }),
    ],
    [
      3,
      () => ({
        label: 'a wrong token',
        method,
        request: {
          path: dice.chance(0.3) ? `${api}?token=guess` : api,
          headers: {
            authorization: dice.pick([
              'Bearer guess',
              'Bearer FUZZ-TOKEN',
              'Bearer  fuzz-token',
              'Basic fuzz-token',
              'fuzz-token',
              'Bearer fuzz-token2',
              'Bearer fuzz-toke',
              'Bearer \u00e9',
            ]),
          },
          body: '{}',
        },
        expect: 'refused',
        statuses: [401],
      }),
    ],
    [
      1,
      () => ({
        label: 'the token as a query parameter',
        method: 'listTags',
        request: { path: '/api/call/listTags?token=fuzz-token', body: '{}' },
        expect: 'result',
        statuses: [200],
      }),
    ],
    [
      2,
      () => ({
        label: 'another HTTP method',
        method,
        request: {
          path: api,
          method: dice.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']),
          headers: { authorization: AUTH },
        },
        expect: 'any',
        statuses: [404],
      }),
    ],
    [
      3,
      () => ({
        label: 'no such method',
        method: 'none',
        request: {
          path: `/api/call/${dice.pick(['nope', 'constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', 'GETDOCUMENT', 'getDocument/extra', 'getDocument%00', '..%2F..%2Fetc', '', 'a'.repeat(5000)])}`,
          headers: { authorization: AUTH },
          body: '{}',
        },
        expect: 'refused',
        statuses: [200, 404],
      }),
    ],
    [
      2,
      () => ({
        label: 'another host name',
        method,
        request: {
          path: api,
          headers: {
            authorization: AUTH,
            host: dice.pick([
              'attacker.example',
              'localhost',
              '127.0.0.1',
              '[::1]',
              `127.0.0.1:${new URL(world.server.origin).port}.evil`,
            ]),
          },
          body: '{}',
        },
        expect: 'refused',
        statuses: [421],
      }),
    ],
    [
      2,
      () => ({
        label: 'another origin',
        method,
        request: {
          path: api,
          headers: {
            authorization: AUTH,
            origin: dice.pick(['http://attacker.example', 'null', 'file://', `${world.server.origin}.evil`]),
          },
          body: '{}',
        },
        expect: 'refused',
        statuses: [403],
      }),
    ],
    [
      2,
      () => ({
        label: 'a body in many chunks',
        method: 'getDocument',
        request: {
          path: '/api/call/getDocument',
          headers: { authorization: AUTH, 'transfer-encoding': 'chunked' },
          body: Buffer.from(JSON.stringify({ documentId: 'x'.repeat(100) })),
        },
        expect: 'result',
        statuses: [200],
      }),
    ],
    [
      2,
      () => ({
        label: 'a connection dropped mid-body',
        method,
        request: {
          path: api,
          headers: { authorization: AUTH, 'content-length': '100000' },
          body: Buffer.alloc(100_000, 0x20),
          dropAfter: 10 + dice.int(1000),
        },
        expect: 'any',
        statuses: [0],
        mayDrop: true,
      }),
    ],
    [
      3,
      () => ({
        label: 'a renderer path aimed outside the renderer',
        method: 'static',
        aimedOutside: true,
        request: {
          path: dice.pick([
            `/${upFromRenderer.replaceAll('/', '%2F')}`,
            `/${upFromRenderer}`,
            `/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
            `/..%5c..%5cetc%5cpasswd`,
            '//etc/passwd',
            `/%E0%A4%A`,
            '/%00',
            '/index.html%00.png',
            `/${'..%2F'.repeat(20)}proc/self/environ`,
          ]),
          method: 'GET',
        },
        expect: 'any',
        statuses: [200, 400, 404],
      }),
    ],
    [
      1,
      () => ({
        label: 'the event stream opened and dropped',
        method: 'events',
        request: { path: '/api/events?token=fuzz-token', method: 'GET', dropAfter: 0, body: '' },
        expect: 'any',
        statuses: [0],
        mayDrop: true,
      }),
    ],
    [
      1,
      () => ({
        label: 'a huge header',
        method,
        request: { path: api, headers: { authorization: AUTH, 'x-filler': 'y'.repeat(100_000) }, body: '{}' },
        expect: 'any',
        statuses: [431, 400],
        mayDrop: true,
      }),
    ],
    [
      2,
      () => ({
        label: 'bytes that are not HTTP',
        method: 'raw',
        request: Buffer.from(
          dice.pick([
            '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003',
            'GET / HTTP/9.9\r\n\r\n',
            `POST ${api} HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\nAuthorization: ${AUTH}\r\nContent-Length: -1\r\n\r\n{}`,
            `POST ${api} HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\nAuthorization: ${AUTH}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
            `POST ${api} HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\nAuthorization: ${AUTH}\r\nContent-Length: 5\r\n\r\n{}`,
            'GARBAGE\r\n\r\n',
            `GET //[ HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\n\r\n`,
            `POST http://[::1/api/call/${method} HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\nAuthorization: ${AUTH}\r\nContent-Length: 2\r\n\r\n{}`,
            `GET //${new URL(world.server.origin).host}/%E0%A4%A HTTP/1.1\r\nHost: ${new URL(world.server.origin).host}\r\n\r\n`,
            `GET /\u0000 HTTP/1.1\r\n\r\n`,
          ]),
          'latin1',
        ),
        expect: 'any',
        statuses: [0, 200, 400, 401, 404, 413],
        mayDrop: true,
      }),
    ],
  ];
  // A body larger than the server takes is 70 MB: once in a run, at its second payload.
  if (index === 1) {
    return {
      label: 'a body larger than the server takes',
      method: 'importFiles',
      request: {
        path: '/api/call/importFiles',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: Buffer.alloc(OVERSIZED_BYTES, 0x20),
      },
      expect: 'refused',
      statuses: [413],
    };
  }
  return dice.weighted(choices)();
}

// ---------------------------------------------------------------------------------------------------
// One payload.

function apiPayload(method: ApiMethodName, args: FuzzValue, label: string, expect: Expect): Payload {
  return {
    label,
    method,
    request: {
      path: `/api/call/${method}`,
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: writeJson(args),
    },
    expect,
    statuses: API_STATUSES,
  };
}

function makePayload(world: FuzzWorld, known: Known, dice: Dice, index: number): Payload {
  // The first calls: a body larger than the server takes, then one just within it (which must still
  // be answered on the connections that follow), then every method once with valid arguments.
  if (index === 1) return httpPayload(world, dice, index);
  if (index === 2) {
    const padded = Buffer.from(
      `{"tags":[],"annotations":[]}${' '.repeat(OVERSIZED_BYTES - 2 * 1024 * 1024)}`,
    );
    return {
      label: 'a body just within what the server takes, after one beyond it',
      method: 'restoreTags',
      request: {
        path: '/api/call/restoreTags',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: padded,
      },
      expect: 'result',
      statuses: [200],
    };
  }
  const first = API_METHOD_NAMES[index - 3];
  if (index >= 3 && first !== undefined)
    return apiPayload(first, validArgs(first, known, dice, world), `valid ${first}`, 'result');
  const kind = dice.weighted<string>([
    [30, 'valid'],
    [32, 'nearly valid'],
    [16, 'hostile'],
    [14, 'path'],
    [8, 'http'],
  ]);
  const method = dice.pick(API_METHOD_NAMES);
  switch (kind) {
    case 'valid':
      return apiPayload(method, validArgs(method, known, dice, world), `valid ${method}`, 'result');
    case 'nearly valid': {
      const [args, what] = nearlyValid(validArgs(method, known, dice, world), dice, known);
      return apiPayload(method, args, `nearly valid ${method} (${what})`, 'result');
    }
    case 'hostile': {
      if (dice.chance(0.15)) {
        const upload = hostileUpload(dice);
        const bytes = new TextEncoder().encode(upload.text);
        return upload.name.endsWith('.jsonld')
          ? apiPayload(
              'importAnnotations',
              { source: { kind: 'bytes', name: upload.name, bytes } },
              `hostile importAnnotations (${upload.what})`,
              'result',
            )
          : apiPayload(
              'importFiles',
              { sources: [{ kind: 'bytes', name: upload.name, bytes }] },
              `hostile importFiles (${upload.what})`,
              'result',
            );
      }
      const [args, what] = hostileArgs(method, dice, known);
      return apiPayload(method, args, `hostile ${method} (${what})`, 'result');
    }
    case 'path': {
      const attack = pathArgs(world, known, dice);
      return {
        ...apiPayload(attack.method, attack.args, attack.label, attack.refused ? 'path-refused' : 'result'),
        aimedOutside: true,
      };
    }
    default:
      return httpPayload(world, dice, index);
  }
}

/** What the server made of a body: the arguments as JSON.parse reads them (null when it is not JSON). */
function effectiveArgs(body: string | Buffer | undefined): unknown {
  if (body === undefined) return {};
  try {
    const text = body.toString();
    return text === '' ? {} : decodeWire(text);
  } catch {
    return null;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Whether the call names a path outside the library for reading or writing (so it must be refused). */
function namesAPath(method: string, args: unknown): boolean {
  if (method === 'exportLibrary') return true;
  if (method === 'importAnnotations') return field(field(args, 'source'), 'kind') === 'path';
  if (method === 'importFiles') {
    const sources = field(args, 'sources');
    return Array.isArray(sources) && sources.some((source) => field(source, 'kind') === 'path');
  }
  return false;
}

/** Why a reply's message is not one a reader can read, or null when it is (`sent`: what the call said). */
function unreadable(message: unknown, sent: string): string | null {
  if (typeof message !== 'string') return 'a message that is not text';
  if (message.trim() === '') return 'an empty message';
  if (/^(Unexpected error|Server error): /.test(message)) return `a raw exception (${message.slice(0, 200)})`;
  if (/\n\s+at \S+ \(|\n\s+at [^\s]+:\d+:\d+|node:internal|\/node_modules\//.test(message))
    return 'a stack trace';
  if (message.includes('[object Object]') && !sent.includes('[object Object]'))
    return `an unformatted object (${message.slice(0, 200)})`;
  if (message.length > 20_000) return `a message of ${String(message.length)} characters`;
  return null;
}

interface Verdict {
  outcome: 'survived' | 'lost' | 'crashed' | 'failed';
  why: string;
  /** The parsed Result, when there was one. */
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
}

function judge(payload: Payload, reply: HttpReply, marks: readonly string[]): Verdict {
  const fail = (outcome: Verdict['outcome'], why: string): Verdict => ({ outcome, why, result: null });
  if (reply.timedOut) return fail('crashed', `no answer within ${String(CALL_TIMEOUT_MS / 1000)} s`);
  if (reply.elapsedMs > CALL_TIMEOUT_MS)
    return fail('crashed', `answered after ${(reply.elapsedMs / 1000).toFixed(1)} s`);
  for (const mark of marks)
    if (reply.body.includes(mark)) return fail('lost', `the reply holds a sentinel's content (“${mark}”)`);
  if (reply.error !== null)
    return payload.mayDrop === true
      ? { outcome: 'survived', why: '', result: null }
      : fail('failed', `the connection failed: ${reply.error}`);
  if (!payload.statuses.includes(reply.status) && !(payload.mayDrop === true && reply.status === 0))
    return fail(
      'failed',
      `status ${String(reply.status)}, expected ${payload.statuses.join(' or ')} (${reply.body.slice(0, 200)})`,
    );
  if (payload.expect === 'any') return { outcome: 'survived', why: '', result: null };
  let parsed: unknown;
  try {
    parsed = decodeWire(reply.body);
  } catch {
    return fail('failed', `a reply that is not JSON: ${reply.body.slice(0, 200)}`);
  }
  const ok = field(parsed, 'ok');
  if (ok === true) {
    if (!('value' in (parsed as object))) return fail('failed', 'a result without a value');
    if (payload.expect !== 'result')
      return fail(
        payload.expect === 'path-refused' ? 'lost' : 'failed',
        `accepted: ${reply.body.slice(0, 200)}`,
      );
    return { outcome: 'survived', why: '', result: parsed as Verdict['result'] };
  }
  if (ok !== false)
    return fail('failed', `a reply that is neither a result nor an error: ${reply.body.slice(0, 200)}`);
  const error = field(parsed, 'error');
  const code = field(error, 'code');
  if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code))
    return fail('failed', `an error without a known code: ${reply.body.slice(0, 200)}`);
  const sent = Buffer.isBuffer(payload.request)
    ? payload.request.toString('latin1')
    : (payload.request.body ?? '').toString();
  const problem = unreadable(field(error, 'message'), sent);
  if (problem !== null) return fail('failed', `${code}: ${problem}`);
  if (code === 'internal')
    return fail('failed', `an internal error: ${String(field(error, 'message')).slice(0, 300)}`);
  if (payload.expect === 'path-refused' && code !== 'not-allowed' && code !== 'invalid-input')
    return fail(
      'failed',
      `refused with ${code}, not not-allowed: ${String(field(error, 'message')).slice(0, 200)}`,
    );
  return { outcome: 'survived', why: '', result: parsed as Verdict['result'] };
}

// ---------------------------------------------------------------------------------------------------
// What valid calls changed, to tell a deletion from a loss.

interface Explained {
  documents: Set<string>;
  annotations: Set<string>;
}

function learn(method: string, args: unknown, value: unknown, known: Known, explained: Explained): void {
  const documentIdArg = field(args, 'documentId');
  const docId = typeof documentIdArg === 'string' ? documentIdArg : null;
  switch (method) {
    case 'deleteDocument':
      if (docId !== null) {
        explained.documents.add(docId);
        const gone = known.documents.find((document) => document.meta.id === docId);
        for (const annotation of gone?.annotations ?? []) explained.annotations.add(annotation.id);
        known.documents = known.documents.filter((document) => document.meta.id !== docId);
      }
      break;
    case 'deleteAnnotation': {
      const annotationId = field(args, 'annotationId');
      if (typeof annotationId !== 'string') break;
      explained.annotations.add(annotationId);
      for (const document of known.documents) {
        const removed = document.annotations.find((annotation) => annotation.id === annotationId);
        if (removed !== undefined) known.removed.push(removed);
        document.annotations = document.annotations.filter((annotation) => annotation.id !== annotationId);
      }
      break;
    }
    case 'createAnnotation': {
      const document = known.documents.find((item) => item.meta.id === docId);
      if (document !== undefined) document.annotations.push(value as Annotation);
      break;
    }
    case 'updateDocumentText': {
      const document = known.documents.find((item) => item.meta.id === docId);
      const edited = value as { meta: DocumentMeta; annotations: Annotation[] };
      const doc = field(args, 'doc') as DocJSON;
      if (document !== undefined) {
        document.meta = edited.meta;
        document.annotations = edited.annotations;
        document.doc = doc;
        document.text = projectionText(doc);
      }
      break;
    }
    case 'mergeTags':
    case 'deleteTag':
      known.undos.push(value as TagUndo);
      if (known.undos.length > 20) known.undos.shift();
      break;
    case 'createTag':
      known.tags.push({ ...(value as TagSummary), passageCount: 0 });
      break;
    case 'createCollection':
      known.collections.push(value as Collection);
      break;
    case 'createLink':
    case 'updateLink': {
      const { link } = value as LinkView;
      known.links = [...known.links.filter((item) => item.id !== link.id), link];
      break;
    }
    case 'deleteLinks': {
      const deleted = value as PassageLink[];
      known.removedLinks.push(...deleted);
      known.links = known.links.filter((link) => !deleted.some((item) => item.id === link.id));
      break;
    }
    case 'restoreLinks':
      for (const { link } of value as LinkView[])
        known.links = [...known.links.filter((item) => item.id !== link.id), link];
      break;
    case 'saveLinkRelation': {
      const relation = value as LinkRelation;
      known.relations = [...known.relations.filter((item) => item.id !== relation.id), relation];
      break;
    }
    default:
      break;
  }
}

/** The value of a successful call over HTTP, or why it failed. */
async function callValue(
  world: FuzzWorld,
  method: string,
  args: unknown,
): Promise<{ value: unknown } | { problem: string }> {
  const reply = await world.call(method, args);
  let parsed: unknown;
  try {
    parsed = decodeWire(reply.body);
  } catch {
    return { problem: `status ${String(reply.status)}, ${reply.error ?? reply.body.slice(0, 200)}` };
  }
  if (field(parsed, 'ok') === true) return { value: field(parsed, 'value') };
  return {
    problem: `status ${String(reply.status)}, ${JSON.stringify(field(parsed, 'error')).slice(0, 300)}`,
  };
}

/**
 * Documents and annotations that are gone without a call that deleted them, or that the reader can no
 * longer list or open (over HTTP, as browser mode shows them).
 */
async function checkLibraryData(world: FuzzWorld, before: Known, explained: Explained): Promise<string[]> {
  const problems: string[] = [];
  const list = await callValue(world, 'listDocuments', {});
  if ('problem' in list) return [`the documents cannot be listed: ${list.problem}`];
  const listed = new Set((list.value as DocumentMeta[]).map((meta) => meta.id));
  for (const document of before.documents) {
    const { id } = document.meta;
    if (!listed.has(id)) {
      if (!explained.documents.has(id)) problems.push(`document ${id} is gone, though no call deleted it`);
      continue;
    }
    const opened = await callValue(world, 'getDocument', { documentId: id });
    if ('problem' in opened) problems.push(`document ${id} cannot be opened: ${opened.problem}`);
    const annotations = await callValue(world, 'listAnnotations', { documentId: id });
    if ('problem' in annotations) {
      problems.push(`the annotations of document ${id} cannot be listed: ${annotations.problem}`);
      continue;
    }
    const now = new Set((annotations.value as Annotation[]).map((annotation) => annotation.id));
    for (const annotation of document.annotations)
      if (!now.has(annotation.id) && !explained.annotations.has(annotation.id))
        problems.push(`annotation ${annotation.id} of document ${id} is gone, though no call deleted it`);
  }
  for (const method of ['listTags', 'listCollections', 'getSettings', 'listStyles']) {
    const answer = await callValue(world, method, {});
    if ('problem' in answer) problems.push(`${method} fails: ${answer.problem}`);
  }
  return problems;
}

/** Keys added to the prototypes every object and array inherits from. */
function prototypePollution(): string[] {
  const polluted: string[] = [];
  for (const [name, proto] of [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
  ] as const) {
    for (const key of ['polluted', 'ok', 'toString', 'prototype']) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (key === 'toString' ? typeof descriptor?.value !== 'function' : descriptor !== undefined)
        polluted.push(`${name}.prototype.${key}`);
    }
  }
  return polluted;
}

// ---------------------------------------------------------------------------------------------------
// The run.

/** Options of {@link runApiFuzz}. */
export interface ApiFuzzOptions {
  /** How many payloads to send. */
  payloads: number;
  /** The seed of every choice (default 1). */
  seed?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Sends `payloads` seeded payloads to browser mode's server over a fresh library and tallies how each
 * ended: survived (every invariant held), lost (library data damaged, a sentinel read or written, an
 * export written), crashed (the server died, hung for 10 s or more, or the process saw an uncaught
 * exception or unhandled rejection); a payload answered with an unreadable or unstructured error is
 * neither survived nor lost nor crashed, and is listed in `failures` like them. What the checks after
 * a batch find (damage, a leak, a server that no longer answers) counts against one payload of that
 * batch that had survived, and its line names the batch's payloads.
 */
export async function runApiFuzz(options: ApiFuzzOptions): Promise<FaultTally> {
  const tally = emptyTally('fuzzed API payloads');
  const log = options.log ?? (() => undefined);
  const dice = new Dice(options.seed ?? 1);
  const processEvents: string[] = [];
  const onUncaught = (error: unknown) =>
    processEvents.push(
      `uncaught exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  const onRejection = (reason: unknown) =>
    processEvents.push(
      `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  const world = await createFuzzWorld();
  let closed = false;
  const started = performance.now();
  const events = world.listen();
  let eventsSeen = 0;
  try {
    let known = await learnLibrary(world);
    let explained: Explained = { documents: new Set(), annotations: new Set() };
    let batchStart = 0;
    const time = new Map<string, { count: number; ms: number }>();
    let checks = 0;
    const answers = new Map<string, Map<string, number>>();
    let survivedInBatch = 0;
    /**
     * What a check after a batch found: counted against a payload of the batch that had survived (which
     * one did it cannot be told), and named with the batch's range.
     */
    const charge = (outcome: 'lost' | 'crashed', line: string) => {
      if (survivedInBatch > 0) {
        survivedInBatch -= 1;
        tally.survived -= 1;
      }
      tally[outcome] += 1;
      tally.failures.push(line);
    };
    const record = (index: number, payload: Payload, outcome: Verdict['outcome'], why: string) => {
      if (outcome === 'survived') {
        tally.survived += 1;
        survivedInBatch += 1;
        return;
      }
      if (outcome === 'lost') tally.lost += 1;
      if (outcome === 'crashed') tally.crashed += 1;
      tally.failures.push(`#${String(index)} ${payload.label} → ${payload.method}: ${outcome}: ${why}`);
    };
    for (let index = 0; index < options.payloads;) {
      // Now and then several calls at once, as a window with several views open sends them.
      const size = index > API_METHOD_NAMES.length + 3 && dice.chance(0.2) ? 2 + dice.int(5) : 1;
      const count = Math.min(size, options.payloads - index, BATCH_SIZE - (index % BATCH_SIZE));
      const payloads = Array.from({ length: count }, (_, n) =>
        index + n === 0
          ? apiPayload('getLibraryInfo', {}, 'valid getLibraryInfo', 'result')
          : makePayload(world, known, dice, index + n),
      );
      const eventsBefore = processEvents.length;
      const replies = await Promise.all(
        payloads.map((payload) =>
          Buffer.isBuffer(payload.request) ? world.sendRaw(payload.request) : world.send(payload.request),
        ),
      );
      // Give a stray rejection of this work a turn to surface before judging the process.
      await new Promise((next) => setImmediate(next));
      const processProblem =
        processEvents.length > eventsBefore
          ? processEvents.slice(eventsBefore).join(' | ').slice(0, 2000)
          : null;
      const outside =
        payloads.some((payload) => payload.aimedOutside === true) || index % 25 < count
          ? await world.outsideChanges()
          : [];
      for (const [n, payload] of payloads.entries()) {
        const reply = replies[n]!;
        tally.tried += 1;
        const spent = time.get(payload.method) ?? { count: 0, ms: 0 };
        time.set(payload.method, { count: spent.count + 1, ms: spent.ms + reply.elapsedMs });
        let verdict = judge(payload, reply, world.marks);
        const args = Buffer.isBuffer(payload.request) ? null : effectiveArgs(payload.request.body);
        if (verdict.outcome === 'survived' && verdict.result?.ok === true && namesAPath(payload.method, args))
          verdict = {
            outcome: 'lost',
            why: `a path outside the library was accepted: ${reply.body.slice(0, 200)}`,
            result: null,
          };
        if (processProblem !== null) verdict = { outcome: 'crashed', why: processProblem, result: null };
        else if (outside.length > 0) verdict = { outcome: 'lost', why: outside.join('; '), result: null };
        const kind =
          /^(valid|nearly valid|hostile)\b/.exec(payload.label)?.[1] ??
          (payload.aimedOutside === true && !payload.method.startsWith('static') ? 'path' : 'http');
        const answer =
          verdict.result === null
            ? 'no result'
            : verdict.result.ok
              ? 'ok'
              : (verdict.result.error?.code ?? '?');
        const key = kind === 'valid' ? `valid ${payload.method}` : kind;
        const counts = answers.get(key) ?? new Map<string, number>();
        counts.set(answer, (counts.get(answer) ?? 0) + 1);
        answers.set(key, counts);
        if (verdict.result?.ok === true) learn(payload.method, args, verdict.result.value, known, explained);
        const label = count > 1 ? `${payload.label}, one of ${String(count)} at once` : payload.label;
        record(index + n, { ...payload, label }, verdict.outcome, verdict.why);
      }
      index += count;

      const batchEnd = index % BATCH_SIZE === 0 || index === options.payloads;
      if (!batchEnd) continue;
      const range = `payloads #${String(batchStart)}–#${String(index - 1)}`;
      const checking = performance.now();
      const health = await world.call('getLibraryInfo', {});
      const healthy = health.status === 200 && field(effectiveArgs(health.body), 'ok') === true;
      const problems: string[] = [];
      if (!healthy) {
        charge(
          'crashed',
          `${range}: the server did not answer the health call (${health.error ?? health.body.slice(0, 200)})`,
        );
        break;
      }
      problems.push(...(await world.outsideChanges()).map((change) => `outside the library: ${change}`));
      problems.push(
        ...(await world.leaksIntoLibrary()).map((leak) => `a sentinel's content is in the library: ${leak}`),
      );
      problems.push(...(await checkLibraryData(world, known, explained)));
      problems.push(...prototypePollution().map((key) => `prototype polluted: ${key}`));
      const carried = events.text().slice(eventsSeen);
      eventsSeen += carried.length;
      for (const mark of world.marks)
        if (carried.includes(mark))
          problems.push(`the event stream carried a sentinel's content (“${mark}”)`);
      if (!events.open()) {
        charge('crashed', `${range}: the event stream closed`);
        break;
      }
      if (problems.length > 0) charge('lost', `${range}: ${problems.join('; ').slice(0, 4000)}`);
      // Memory that only grows ends in the process being killed: stop before, and say so.
      const heap = process.memoryUsage().heapUsed;
      if (heap > MAX_HEAP_BYTES) {
        charge(
          'crashed',
          `${range}: the process holds ${(heap / 1e6).toFixed(0)} MB of heap, and would soon run out`,
        );
        break;
      }
      await replenish(world, dice);
      known = await learnLibrary(world);
      explained = { documents: new Set(), annotations: new Set() };
      checks += performance.now() - checking;
      const seconds = (performance.now() - started) / 1000;
      log(
        `${String(index)} payloads in ${seconds.toFixed(1)} s (${(index / seconds).toFixed(0)}/s): survived ${String(tally.survived)}, lost ${String(tally.lost)}, crashed ${String(tally.crashed)}`,
      );
      batchStart = index;
      survivedInBatch = 0;
    }

    const slowest = [...time].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
    const describe = (key: string) =>
      `${key}: ${[...(answers.get(key) ?? [])].map(([answer, count]) => `${answer} ${String(count)}`).join(', ')}`;
    for (const key of ['nearly valid', 'hostile', 'path', 'http']) log(describe(key));
    const neverOk = [...answers.keys()].filter(
      (key) => key.startsWith('valid ') && !answers.get(key)?.has('ok'),
    );
    log(`valid calls that never succeeded: ${neverOk.map(describe).join('; ') || 'none'}`);
    log(
      `batch checks ${(checks / 1000).toFixed(1)} s; calls ${([...time.values()].reduce((sum, { ms }) => sum + ms, 0) / 1000).toFixed(1)} s`,
    );
    log(
      `time per kind of call: ${slowest.map(([name, { count, ms }]) => `${name} ${String(count)}× ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
    );

    // The library closes, opens again and is sound, with every document there.
    const lastDocuments = new Set((await world.library.service.listDocuments({})).map((meta) => meta.id));
    events.close();
    await world.server.close();
    await world.library.close();
    closed = true;
    const endProblems = await reopenAndCheck(world.libraryDir, lastDocuments);
    endProblems.push(...(await world.outsideChanges()).map((change) => `outside the library: ${change}`));
    survivedInBatch = Math.min(tally.survived, 2);
    if (endProblems.length > 0) charge('lost', `at the end: ${endProblems.join('; ').slice(0, 4000)}`);
    if (
      processEvents.length > 0 &&
      !tally.failures.some((line) => line.includes('uncaught') || line.includes('unhandled'))
    )
      charge('crashed', `the process: ${processEvents.join(' | ').slice(0, 2000)}`);
  } finally {
    events.close();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onRejection);
    if (closed) await rm(world.root, { recursive: true, force: true });
    else await world.close().catch(() => rm(world.root, { recursive: true, force: true }));
  }
  return tally;
}

/** Opens the library again: its check must find no damage, and every document must be there and readable. */
async function reopenAndCheck(libraryDir: string, documents: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  let store: LibraryStore;
  try {
    store = await LibraryStore.open(libraryDir, {
      owner: 'Scholia API fuzzing, reopened',
      device: FUZZ_DEVICE,
    });
  } catch (error) {
    return [`the library does not open again: ${error instanceof Error ? error.message : String(error)}`];
  }
  try {
    for (const problem of await store.check())
      problems.push(`check: ${problem.kind} ${problem.file}: ${problem.message}`);
    const service = createLibraryService(store, createLibraryEvents());
    const listed = new Set((await service.listDocuments({})).map((meta) => meta.id));
    for (const id of documents) {
      if (!listed.has(id)) {
        problems.push(`document ${id} is gone after reopening`);
        continue;
      }
      try {
        await service.getDocument({ documentId: id });
        await service.listAnnotations({ documentId: id });
      } catch (error) {
        problems.push(
          `document ${id} cannot be read after reopening: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (documents.size === 0) problems.push('the library holds no documents');
  } finally {
    await store.close();
  }
  return problems;
}
