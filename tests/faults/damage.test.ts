/**
 * Damaged files (see `damage-cases.ts`): every kind of file and folder of a library shared by two
 * computers is damaged in turn (deleted, emptied, cut short, garbled, zeroed, given bytes that are not
 * UTF-8, replaced by a folder), and the library must open, lose nothing without saying so by name,
 * leave the damaged file as it is, and repair what its backups hold. The bounded selection runs here;
 * `npm run torture` runs every damage on every kind.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boundedCases,
  buildReference,
  damageFile,
  DAMAGES,
  DEVICE_A,
  DEVICE_B,
  FILE_KINDS,
  fullCases,
  kindsIn,
  runDamageCase,
  runDamageMatrix,
  type Reference,
} from './damage-cases';
import { formatTally } from './tally';

describe('the damage matrix', () => {
  it('in its bounded selection, damages every kind of file and applies every damage', () => {
    const cases = boundedCases();
    expect(new Set(cases.map((item) => item.kind))).toEqual(new Set(FILE_KINDS.map((kind) => kind.id)));
    expect(new Set(cases.map((item) => item.damage))).toEqual(new Set(DAMAGES));
    // Without the kinds a version of Scholia may not write, every damage is still applied.
    const always = new Set(FILE_KINDS.filter((kind) => kind.optional !== true).map((kind) => kind.id));
    expect(new Set(cases.filter((item) => always.has(item.kind)).map((item) => item.damage))).toEqual(
      new Set(DAMAGES),
    );
    expect(cases.length).toBeLessThan(fullCases().length / 4);
  });

  it('damages a file as each damage is named', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'scholia-damage-names-'));
    try {
      const text = '{"v":2,"k":"first"}\n{"v":2,"k":"second line, somewhat longer"}\n{"v":2,"k":"last"}\n';
      const damaged = async (damage: (typeof DAMAGES)[number]): Promise<Buffer | 'absent' | 'folder'> => {
        const path = join(folder, `${damage}.jsonl`);
        await writeFile(path, text);
        await damageFile(path, damage, 42);
        const info = await stat(path).catch(() => null);
        if (info === null) return 'absent';
        return info.isDirectory() ? 'folder' : readFile(path);
      };
      const bytes = Buffer.from(text);
      expect(await damaged('delete')).toBe('absent');
      expect(await damaged('folder')).toBe('folder');
      expect(await damaged('truncate-0')).toEqual(Buffer.alloc(0));
      expect(await damaged('truncate-half')).toEqual(bytes.subarray(0, Math.floor(bytes.length / 2)));
      const cut = (await damaged('cut-last-line')) as Buffer;
      const lastLine = text.lastIndexOf('\n', text.length - 2) + 1;
      expect(cut.toString()).toBe(text.slice(0, lastLine + Math.floor((text.length - 1 - lastLine) / 2)));
      expect(await damaged('zero-fill')).toEqual(Buffer.alloc(bytes.length));
      const garbled = (await damaged('garble')) as Buffer;
      expect(garbled.length).toBe(bytes.length);
      expect(garbled.equals(bytes)).toBe(false);
      expect(garbled.subarray(0, 20)).toEqual(bytes.subarray(0, 20));
      expect(garbled.toString('latin1').split('\n')).toHaveLength(4);
      const inserted = (await damaged('invalid-utf8')) as Buffer;
      expect(inserted.length).toBe(bytes.length + 4);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(inserted)).toThrow();
      // Inside the middle line, not between two lines.
      expect(inserted.toString('latin1').split('\n')[1]).not.toBe(text.split('\n')[1]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('the reference library', () => {
  let root = '';
  let reference: Reference | undefined;
  const built = (): Reference => reference ?? expect.fail('the reference library was not built');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'scholia-damage-reference-'));
    reference = await buildReference(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('holds two computers’ work and backups of both', async () => {
    const { state, dir, planted } = built();
    expect(state.documents.size).toBe(2);
    expect(state.annotations.size).toBe(19);
    expect([...state.tags.values()].map((tag) => tag.name).sort()).toEqual([
      'Ben’s reading',
      'Economy',
      'Eyewitness',
      'Method',
      'Stalinism',
    ]);
    expect(state.collections.size).toBe(1);
    expect([...state.documents.values()].every((meta) => meta.note !== '')).toBe(true);
    for (const device of [DEVICE_A, DEVICE_B]) {
      const backups = await readdir(join(dir, 'backups', device.id), { recursive: true });
      expect(backups.some((name) => name.startsWith('library-'))).toBe(true);
      expect(backups.filter((name) => name.endsWith('.jsonl')).length).toBeGreaterThanOrEqual(2);
    }
    for (const file of Object.values(planted)) expect(file.bytes.length).toBeGreaterThan(0);
    expect((await kindsIn(built())).size).toBeGreaterThanOrEqual(FILE_KINDS.length - 1);
  });

  it('passes every check when nothing is damaged, on one computer and on two', async () => {
    for (const kind of ['a-library-log', 'b-annotations-ussr', 'devices-folder']) {
      const outcome = await runDamageCase(built(), kind, 'none');
      expect(outcome, outcome.line ?? '').toMatchObject({ result: 'survived' });
    }
  });
});

describe('damaged files', () => {
  it(
    'lose nothing without a word, crash nothing, stay as they are and are repaired from backups',
    async () => {
      const tally = await runDamageMatrix({ full: false });
      console.log(formatTally(tally));
      expect(
        { lost: tally.lost, crashed: tally.crashed },
        `${formatTally(tally)}\n${tally.failures.map((line) => `  ${line}`).join('\n')}`,
      ).toEqual({ lost: 0, crashed: 0 });
    },
    // A case that hangs is given 30 s per step before it counts as crashed.
    600_000,
  );
});
