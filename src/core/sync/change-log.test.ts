import { appendFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import { failure, useTempDir } from '../test-support';
import { LineSchema, OwnChangeLog, parseChangeLog, serializeEntry } from './change-log';
import type { LogEntry } from './replica';

const PATH = '/library/devices/laptop000001/library.jsonl';

/** What the schema alone makes of one line: the change (without its format version), or its message. */
function bySchema(text: string): LogEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const version = (raw as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version > 2)
    return `it was written by a newer version of Scholia (format ${String(version)}); update Scholia on this computer`;
  const parsed = LineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the line' : issue.path.join('.');
    return `it is not a valid change (${where}: ${issue?.message ?? 'invalid'})`;
  }
  const { v: _version, ...entry } = parsed.data;
  return entry;
}

/** What reading a log of `text` and one more sound line makes of `text`. */
function byLog(text: string): LogEntry | string {
  const sound = serializeEntry({ h: '0mhx3k2a80009', d: 'laptop000001', k: 'settings', s: { a: 1 } });
  const read = parseChangeLog(Buffer.from(`${text}\n${sound}`, 'utf8'), PATH);
  return read.damaged[0]?.problem ?? read.entries[0] ?? 'nothing';
}

const SOUND: Record<string, unknown> = {
  v: 2,
  h: '0mhx3k2a80001',
  d: 'laptop000001',
  by: 'Ana',
  k: 'doc:5f1c',
  s: { note: 'A note', 'csl.title': 'Title', source: { fileName: 'a.txt' } },
  u: ['csl.author'],
};

/** Lines as Scholia writes them, and every way of getting one field wrong or unusual. */
function variants(): unknown[] {
  const long = 'x'.repeat(401);
  const values: Record<string, unknown[]> = {
    v: [2, 1, 3, '2', null, undefined],
    h: ['0mhx3k2a80001', '0MHX3K2A80001', '0mhx3k2a8000', 12, null, undefined],
    d: ['laptop000001', 'Laptop', '', 'a'.repeat(65), 'a'.repeat(64), 7, undefined],
    by: ['Ana', '', 'é'.repeat(200), 'é'.repeat(201), null, 3, undefined],
    k: ['doc:5f1c', '', 'k'.repeat(400), long, 4, null, undefined],
    s: [
      {},
      { note: 'n' },
      { [long]: 1 },
      { ['y'.repeat(400)]: null },
      { nested: { deep: [1, 2, { x: null }] } },
      JSON.parse('{"__proto__": {"polluted": true}, "note": "n"}') as unknown,
      [],
      null,
      'note',
      undefined,
    ],
    u: [[], ['a', 'b'], [long], ['ok', 3], 'a', null, undefined],
    x: [
      { laptop000001: '0mhx3k2a80001' },
      {},
      { Laptop: '0mhx3k2a80001' },
      { laptop000001: 'nope' },
      JSON.parse('{"__proto__": "0mhx3k2a80001"}') as unknown,
      [],
      null,
      undefined,
    ],
    xr: [{ tablet000003: '0mhx3k2a80002' }, { tablet000003: 5 }, [], undefined],
    extra: ['kept out', undefined],
  };
  const lines: unknown[] = [SOUND, null, [], 'a line', 42, [SOUND]];
  for (const [field, options] of Object.entries(values)) {
    for (const value of options) {
      const line = Object.fromEntries(Object.entries(SOUND).filter(([name]) => name !== field));
      if (value !== undefined) line[field] = value;
      lines.push(line);
    }
  }
  return lines;
}

describe('reading a change log', () => {
  it('takes every line as the schema does: the same change, in the same order of fields, or the same message', () => {
    const lines = variants();
    const random = seededRandom(2026);
    // And random mixtures of those mistakes.
    const mixtures = Array.from({ length: 400 }, () => {
      const line: Record<string, unknown> = {};
      for (const candidate of lines) {
        if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) continue;
        for (const [field, value] of Object.entries(candidate))
          if (random() < 0.08 || !(field in line)) line[field] = value;
      }
      return line;
    });
    let accepted = 0;
    for (const line of [...lines, ...mixtures]) {
      const text = JSON.stringify(line);
      const expected = bySchema(text);
      const actual = byLog(text);
      expect(typeof actual === 'string' ? actual : JSON.stringify(actual), text).toBe(
        typeof expected === 'string' ? expected : JSON.stringify(expected),
      );
      if (typeof expected !== 'string') accepted += 1;
    }
    expect(accepted).toBeGreaterThan(20);
  });

  it('reads on from a place a checkpoint read up to, numbering lines from the start of the file', () => {
    const entries: LogEntry[] = Array.from({ length: 5 }, (_, n) => ({
      h: `0mhx3k2a8000${String(n)}`,
      d: 'laptop000001',
      k: `tag:${String(n)}`,
      s: { name: `Tag ${String(n)}` },
    }));
    const text = entries.map(serializeEntry).join('');
    const bytes = Buffer.from(`${text}{"v":2,"broken"\n{"v":2,"h":"0mhx3k`, 'utf8');
    const whole = parseChangeLog(bytes, PATH);
    const first = parseChangeLog(bytes, PATH, undefined, undefined, 3);
    expect(first.entries).toEqual(entries.slice(0, 3));
    expect(first.torn).toBe(false);
    const rest = parseChangeLog(bytes, PATH, undefined, first.end);
    expect(rest.start).toEqual({
      bytes: Buffer.byteLength(entries.slice(0, 3).map(serializeEntry).join('')),
      lines: 3,
    });
    expect([...first.entries, ...rest.entries]).toEqual(whole.entries);
    expect(rest.damaged).toEqual(whole.damaged);
    expect(rest.damaged[0]?.line).toBe(6);
    expect(rest.end).toEqual(whole.end);
    expect(rest.torn).toBe(true);
    expect(rest.validBytes).toBe(whole.validBytes);
  });
});

describe('bytes that are not UTF-8', () => {
  const line = (comment: string): Buffer =>
    Buffer.from(
      serializeEntry({ h: '0mhx3k2a80001', d: 'laptop000001', k: 'settings', s: { comment } }),
      'utf8',
    );

  it('make a line damaged rather than read as U+FFFD, which a compaction would write back', () => {
    const sound = line('Stalinism');
    const garbled = Buffer.from(line('Stalinism'));
    garbled[garbled.indexOf('Stalinism') + 2] = 0xff;
    const read = parseChangeLog(Buffer.concat([sound, garbled, sound]), PATH);
    expect(read.entries).toHaveLength(2);
    expect(read.damaged).toEqual([
      { path: PATH, line: 2, problem: 'it holds bytes that are not UTF-8 text' },
    ]);
  });

  it('still read a line that holds U+FFFD itself, and take a last line cut inside a character as torn', () => {
    const sound = line('a \uFFFD b');
    const accented = line('Zoë Noël');
    const cut = accented.subarray(0, accented.indexOf('ë') + 1);
    const read = parseChangeLog(Buffer.concat([sound, cut]), PATH);
    expect(read.damaged).toEqual([]);
    expect(read.entries).toHaveLength(1);
    expect(read.torn).toBe(true);
  });
});

describe("this device's own log changed by another program while open", () => {
  const temp = useTempDir('scholia-own-log-');
  const entry = (n: number): LogEntry => ({
    h: `0mhx3k2a8000${String(n)}`,
    d: 'laptop000001',
    k: 'settings',
    s: { n },
  });

  async function opened(): Promise<{ log: OwnChangeLog; path: string }> {
    const path = join(temp.path, 'library.jsonl');
    const log = new OwnChangeLog(path);
    await log.read();
    await log.append([entry(1), entry(2)]);
    return { log, path };
  }

  const cases: Array<[string, (path: string) => Promise<void>]> = [
    ['deleted', (path) => rm(path)],
    ['cut short', (path) => truncate(path, 10)],
    ['added to', (path) => appendFile(path, serializeEntry(entry(7)))],
    [
      'replaced',
      async (path) => {
        const bytes = await readFile(path);
        await rm(path);
        await writeFile(path, bytes);
      },
    ],
  ];
  it.each(cases)('refuses to write when the file was %s, and leaves it as it was', async (change, damage) => {
    const { log, path } = await opened();
    await damage(path);
    const left = await readFile(path).catch(() => null);
    const error = await failure(log.append([entry(3)]));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain(`was ${change} by another program`);
    expect(await readFile(path).catch(() => null)).toEqual(left);
    // Every later write too, compaction included, until the file is read again.
    expect((await failure(log.append([entry(4)]))).message).toContain(change);
    expect((await failure(log.rewrite([entry(1)]))).message).toContain(change);
    expect(await readFile(path).catch(() => null)).toEqual(left);
    await log.close();
  });

  it('goes on writing once the file is read again', async () => {
    const { log, path } = await opened();
    await truncate(path, 0);
    await failure(log.append([entry(3)]));
    await log.read();
    await log.append([entry(3)]);
    expect(parseChangeLog(await readFile(path), path).entries.map((e) => e.s?.['n'])).toEqual([3]);
    await log.close();
  });
});

describe('the end of a log', () => {
  const sound = serializeEntry({ h: '0mhx3k2a80001', d: 'laptop000001', k: 'settings', s: { a: 1 } });

  it('is torn when an append was cut short: the start of a line, or zeros', () => {
    for (const tail of [sound.slice(0, 20), '{"', '\0\0\0\0']) {
      const read = parseChangeLog(Buffer.from(sound + tail, 'utf8'), PATH);
      expect([read.torn, read.damaged, read.validBytes]).toEqual([true, [], sound.length]);
    }
  });

  it('is damage when no append could have left it: a whole line that does not read, or garbled bytes', () => {
    for (const tail of ['not a change\n', 'garbled bytes', sound.slice(5)]) {
      const read = parseChangeLog(Buffer.from(sound + tail, 'utf8'), PATH);
      expect(read.torn).toBe(false);
      expect(read.damaged.map((line) => line.line)).toEqual([2]);
    }
  });
});
