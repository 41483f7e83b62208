import { mkdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../shared/api';
import { failure, useTempDir } from '../test-support';
import { formatSize, identifySource, readSource } from './read-source';

const temp = useTempDir('scholia-read-source-');

describe('identifySource', () => {
  it('names a path by its base name and labels it with the full path', () => {
    expect(identifySource({ kind: 'path', path: '/home/reader/ussr-1989.txt' })).toEqual({
      name: 'ussr-1989.txt',
      label: '/home/reader/ussr-1989.txt',
    });
  });

  it('keeps only the last part of an uploaded name that carries a client-side path', () => {
    expect(
      identifySource({ kind: 'bytes', name: 'C:\\fakepath\\review.md', bytes: new Uint8Array(1) }).name,
    ).toBe('review.md');
  });
});

describe('readSource', () => {
  it('reads a file on disk byte for byte', async () => {
    const path = join(temp.path, 'caption.txt');
    await writeFile(path, 'Leon Trotsky reading The Militant newspaper in 1931');
    const file = await readSource({ kind: 'path', path });
    expect(Buffer.from(file.bytes).toString('utf8')).toBe(
      'Leon Trotsky reading The Militant newspaper in 1931',
    );
    expect(file.name).toBe('caption.txt');
  });

  it('refuses a missing path with the path in the message', async () => {
    const path = join(temp.path, 'moved-away.txt');
    const error = await failure(readSource({ kind: 'path', path }));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain(`Cannot find "${path}"`);
    expect(error.path).toBe(path);
  });

  it('refuses a folder, telling the reader to import the files inside it', async () => {
    const path = join(temp.path, 'chapters.txt');
    await mkdir(path);
    const error = await failure(readSource({ kind: 'path', path }));
    expect(error.message).toContain('"chapters.txt" is a folder');
  });

  it('refuses a file over the size limit from its size alone, saying the size and the limit', async () => {
    const path = join(temp.path, 'huge.txt');
    await writeFile(path, 'x');
    // A sparse file: the size is real, the 60 MB are never written or read.
    await truncate(path, 60 * 1024 * 1024);
    const error = await failure(readSource({ kind: 'path', path }));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('"huge.txt" is 60 MB, larger than the 50 MB Scholia imports');
  });

  it('gives the exact size of a file just one byte over the limit', async () => {
    const path = join(temp.path, 'just-over.txt');
    await writeFile(path, 'x');
    await truncate(path, MAX_IMPORT_BYTES + 1);
    const error = await failure(readSource({ kind: 'path', path }));
    expect(error.message).toContain('"just-over.txt" is 52,428,801 bytes, larger than the 50 MB');
  });
});

describe('formatSize', () => {
  it('says sizes the way a reader would', () => {
    expect([
      formatSize(812),
      formatSize(14_540),
      formatSize(MAX_IMPORT_BYTES),
      formatSize(3_250_000),
    ]).toEqual(['812 bytes', '14.2 KB', '50 MB', '3.1 MB']);
  });
});
