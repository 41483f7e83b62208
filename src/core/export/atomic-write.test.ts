import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scholia-atomic-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writing an export file', () => {
  it('writes a text of several megabytes, written in pieces, exactly, pairs of surrogates kept whole', async () => {
    const piece = 1 << 20;
    // Emoji (two UTF-16 units each) straddle where the pieces are cut; accents take two bytes in UTF-8.
    const text = `${'a'.repeat(piece - 1)}😀${'é'.repeat(piece - 2)}😀😀${'z'.repeat(piece)}“end”`;
    const path = join(dir, 'big.md');
    const bytes = await writeFileAtomic(path, text);
    expect(bytes).toBe(Buffer.byteLength(text, 'utf8'));
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['big.md']);
  });

  it('writes an empty text as an empty file, and replaces an earlier file', async () => {
    const path = join(dir, 'notes.md');
    await writeFileAtomic(path, 'earlier text that is longer');
    expect(await writeFileAtomic(path, '')).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
    expect(await writeFileAtomic(path, 'new')).toBe(3);
    expect(await readFile(path, 'utf8')).toBe('new');
  });
});
