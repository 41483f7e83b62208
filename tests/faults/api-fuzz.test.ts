/**
 * Fuzzed API payloads, bounded: seeded calls to every method of browser mode's server (valid, nearly
 * valid, hostile, aimed outside the library, malformed HTTP) lose nothing and crash nothing; and the
 * path guard refuses every form of a path the reader did not choose, reading and writing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathGrants } from '../../src/core/service/path-grants';
import { decodeWire } from '../../src/shared/wire';
import { createFuzzWorld, runApiFuzz, type FuzzWorld, type HttpReply } from './api-fuzz';
import { formatTally } from './tally';

/**
 * As many payloads as run in about 40 s on a two-core machine: about 115 a second measured there with a
 * little other load (30 a second when other test runs keep both cores busy). `SCHOLIA_FUZZ_PAYLOADS` sets another count.
 */
const BOUNDED_PAYLOADS = Number(process.env['SCHOLIA_FUZZ_PAYLOADS'] ?? 4000);

describe('fuzzed API payloads', () => {
  it(`lose nothing and crash nothing over ${String(BOUNDED_PAYLOADS)} payloads`, async () => {
    const started = performance.now();
    const tally = await runApiFuzz({
      payloads: BOUNDED_PAYLOADS,
      seed: 20_260_301,
      log: (line) => console.log(line),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${formatTally(tally)} (${(tally.tried / seconds).toFixed(0)} payloads/s)`);
    for (const failure of tally.failures) console.log(failure);
    const failures = tally.failures.slice(0, 60).join('\n');
    expect(tally.tried).toBe(BOUNDED_PAYLOADS);
    expect(tally.lost === 0 && tally.crashed === 0, `${formatTally(tally)}\n${failures}`).toBe(true);
  }, 180_000);
});

describe('the path guard of browser mode', () => {
  let world: FuzzWorld;
  let documentCount: number;

  beforeAll(async () => {
    world = await createFuzzWorld();
    documentCount = (await world.library.service.listDocuments({})).length;
  });

  afterAll(async () => {
    await world.close();
  });

  function result(reply: HttpReply): {
    ok: boolean;
    error?: { code: string; message: string; path?: string };
  } {
    expect(reply.status).toBe(200);
    return decodeWire(reply.body) as {
      ok: boolean;
      error?: { code: string; message: string; path?: string };
    };
  }

  async function expectNothingReadOrWritten(): Promise<void> {
    expect(await world.outsideChanges()).toEqual([]);
    expect(await world.leaksIntoLibrary()).toEqual([]);
    expect((await world.library.service.listDocuments({})).length).toBe(documentCount);
  }

  function expectNoSentinel(reply: HttpReply): void {
    for (const mark of world.marks) expect(reply.body).not.toContain(mark);
  }

  it('refuses importFiles from every path form with not-allowed', async () => {
    for (const form of world.readPaths) {
      const reply = await world.call('importFiles', { sources: [{ kind: 'path', path: form.path }] });
      expectNoSentinel(reply);
      expect(result(reply), form.label).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    await expectNothingReadOrWritten();
  });

  it('refuses a whole import when one of its files names such a path, importing none of the others', async () => {
    const bytes = Array.from(
      new TextEncoder().encode('# Uploaded\n\nAn uploaded file that arrives with a path.'),
    );
    for (const form of world.readPaths) {
      const reply = await world.call(
        'importFiles',
        `{"sources":[{"kind":"bytes","name":"up.md","bytes":{"$bytes":"${Buffer.from(bytes).toString('base64')}"}},{"kind":"path","path":${JSON.stringify(form.path)}}]}`,
      );
      expect(result(reply), form.label).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    await expectNothingReadOrWritten();
  });

  it('refuses importAnnotations from every path form with not-allowed', async () => {
    for (const form of world.readPaths) {
      const reply = await world.call('importAnnotations', { source: { kind: 'path', path: form.path } });
      expectNoSentinel(reply);
      expect(result(reply), form.label).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    await expectNothingReadOrWritten();
  });

  it('refuses exportLibrary to every path form, in every format, with not-allowed', async () => {
    for (const form of world.writePaths) {
      for (const format of ['markdown', 'vault', 'jsonld', 'csv']) {
        const reply = await world.call('exportLibrary', { options: { format }, path: form.path });
        expect(result(reply), `${form.label} (${format})`).toMatchObject({
          ok: false,
          error: { code: 'not-allowed' },
        });
      }
    }
    await expectNothingReadOrWritten();
  });

  it('keeps a style inside the library whatever its file name says', async () => {
    for (const form of [...world.writePaths, ...world.readPaths]) {
      const reply = await world.call('addStyle', { fileName: `${form.path}.csl`, xml: world.styleXml });
      const answer = result(reply);
      if (!answer.ok) expect(answer.error?.code, form.label).toBe('invalid-input');
    }
    await expectNothingReadOrWritten();
  });

  it('keeps ids that look like paths from reaching the disk', async () => {
    const ids = [
      '..',
      '../../sentinels/secret',
      world.sentinelDir,
      '/etc/passwd',
      'a/../../b',
      'x\u0000y',
      '.stignore',
    ];
    for (const id of ids) {
      for (const [method, args] of [
        ['getDocument', { documentId: id }],
        ['listAnnotations', { documentId: id }],
        ['deleteDocument', { documentId: id }],
        ['getTextConflicts', { documentId: id }],
        ['updateDocumentNote', { documentId: id, note: 'note' }],
        ['resolveTextConflicts', { documentId: id, choices: [] }],
      ] as const) {
        const answer = result(await world.call(method, args));
        expect(answer.ok, `${method} ${id}`).toBe(false);
        expect(['not-found', 'invalid-input'], `${method} ${id}`).toContain(answer.error?.code);
      }
    }
    await expectNothingReadOrWritten();
  });
});

describe('the checks of the path guard', () => {
  it('notice a guard that lets every path through: what was read shows in the library, what was written outside', async () => {
    class OpenGrants extends PathGrants {
      override allows(): Promise<boolean> {
        return Promise.resolve(true);
      }
    }
    const world = await createFuzzWorld({ grants: new OpenGrants() });
    try {
      const secret = world.readPaths.find((form) => form.label === 'a sentinel file')!.path;
      const target = world.writePaths.find((form) => form.label === 'a new file beside the library')!.path;
      const imported = decodeWire(
        (await world.call('importFiles', { sources: [{ kind: 'path', path: secret }] })).body,
      );
      expect(imported).toMatchObject({ ok: true });
      expect((await world.leaksIntoLibrary()).length).toBeGreaterThan(0);
      expect(
        decodeWire(
          (await world.call('exportLibrary', { options: { format: 'markdown' }, path: target })).body,
        ),
      ).toMatchObject({ ok: true });
      expect(await world.outsideChanges()).toContain(`${target} appeared`);
    } finally {
      await world.close();
    }
  });
});
