import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support';
import { writeFileAtomic } from './atomic-write';

const temp = useTempDir('scholia-atomic-write-');

describe('writing an export file', () => {
  it('writes a text of several megabytes, written in pieces, exactly, pairs of surrogates kept whole', async () => {
    const piece = 1 << 20;
    // Emoji (two UTF-16 units each) straddle where the pieces are cut; accents take two bytes in UTF-8.
    const text = `${'a'.repeat(piece - 1)}😀${'é'.repeat(piece - 2)}😀😀${'z'.repeat(piece)}“end”`;
    const path = join(temp.path, 'big.md');
    const bytes = await writeFileAtomic(path, text);
    expect(bytes).toBe(Buffer.byteLength(text, 'utf8'));
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(temp.path)).toEqual(['big.md']);
  });

  it('writes an empty text as an empty file, and replaces an earlier file', async () => {
    const path = join(temp.path, 'notes.md');
    await writeFileAtomic(path, 'earlier text that is longer');
    expect(await writeFileAtomic(path, '')).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
    expect(await writeFileAtomic(path, 'new')).toBe(3);
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('writes the bytes of a binary export of several megabytes exactly, in pieces', async () => {
    const bytes = new Uint8Array(3 * (1 << 20) + 17).map((_, index) => (index * 7919) % 256);
    const path = join(temp.path, 'project.qdpx');
    expect(await writeFileAtomic(path, bytes)).toBe(bytes.byteLength);
    // Compared as buffers: comparing three million numbers one by one takes the matcher seconds.
    expect(Buffer.compare(await readFile(path), bytes)).toBe(0);
    expect(await readdir(temp.path)).toEqual(['project.qdpx']);
  });
});
