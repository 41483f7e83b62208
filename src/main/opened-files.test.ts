import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support';
import { filesInArgs } from './opened-files';

const temp = useTempDir('scholia-opened-files-');

describe('the files a start of the app is asked to open', () => {
  it('are the existing files Scholia reads among its arguments, resolved where it was started', async () => {
    await writeFile(join(temp.path, 'article.pdf'), '%PDF-1.4');
    await writeFile(join(temp.path, 'notes.md'), '# Notes');
    await writeFile(join(temp.path, 'photo.jpg'), 'not a text');
    await mkdir(join(temp.path, 'library.txt'));
    const args = [
      '.',
      '--library',
      'library.txt',
      '--no-sandbox',
      'scholia://open?document=d',
      'article.pdf',
      join(temp.path, 'notes.md'),
      'photo.jpg',
      'gone.epub',
    ];
    expect(filesInArgs(args, temp.path)).toEqual([
      join(temp.path, 'article.pdf'),
      join(temp.path, 'notes.md'),
    ]);
  });
});
