import { mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempFileName } from '../store/durable-json-file';
import { failure, useTempDir } from '../test-support';
import {
  LOCAL_ONLY_PATTERNS,
  STIGNORE_BEGIN,
  STIGNORE_END,
  STIGNORE_FILE_NAME,
  ensureStignore,
} from './stignore';

const temp = useTempDir('scholia-stignore-');

const BLOCK = [STIGNORE_BEGIN, ...LOCAL_ONLY_PATTERNS, STIGNORE_END];

function stignorePath(): string {
  return join(temp.path, STIGNORE_FILE_NAME);
}

async function stignoreLines(): Promise<string[]> {
  return (await readFile(stignorePath(), 'utf8')).split('\n');
}

/**
 * Whether a Syncthing pattern ignores `path` (relative, `/`-separated): the subset of
 * users/ignoring.rst these patterns use — prefixes, a root anchor, `*`, `?`, `[…]`, and a match
 * of a folder covering what it holds.
 */
function ignores(pattern: string, path: string): boolean {
  let body = pattern.replace(/^(?:\(\?[di]\))+/, '');
  const anchored = body.startsWith('/');
  if (anchored) body = body.slice(1);
  const source = body.replace(/\[[^\]]*\]|\*\*|\*|\?|[.+^${}()|\\]/g, (token) => {
    if (token.startsWith('[')) return token;
    if (token === '**') return '.*';
    if (token === '*') return '[^/]*';
    if (token === '?') return '[^/]';
    return `\\${token}`;
  });
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}(?:/.*)?$`).test(path);
}

const ignoredByScholia = (path: string): boolean =>
  LOCAL_ONLY_PATTERNS.some((pattern) => ignores(pattern, path));

describe('LOCAL_ONLY_PATTERNS', () => {
  it('ignores the local folder at the top of the library and everything in it', () => {
    expect(ignoredByScholia('local')).toBe(true);
    expect(ignoredByScholia('local/search/index.bin')).toBe(true);
  });

  it('does not ignore a folder named local deeper in the library', () => {
    expect(ignoredByScholia('documents/local')).toBe(false);
  });

  // Syncthing refuses a character class of two ranges, so the pattern takes any 12 characters there:
  // it ignores every name isTempFileName recognises, and a few more of the same shape (upper-case digits).
  it('ignores the temp files of interrupted writes in any folder, every one isTempFileName recognises', () => {
    const names = [
      '.library.json.0123456789ab.tmp',
      '.3f2a9c1e.journal.jsonl.a1b2c3d4e5f6.tmp',
      '..stignore.ffffffffffff.tmp',
      '.library.json.0123456789AB.tmp',
      '.library.json.0123456789a.tmp',
      'library.json.0123456789ab.tmp',
      '.library.json.0123456789ab.tmp.bak',
    ];
    for (const name of names) {
      if (isTempFileName(name)) expect(ignoredByScholia(`annotations/${name}`), name).toBe(true);
    }
    for (const name of names.slice(4)) expect(ignoredByScholia(`annotations/${name}`), name).toBe(false);
  });

  it('ignores .DS_Store and Thumbs.db in any folder', () => {
    expect(ignoredByScholia('.DS_Store')).toBe(true);
    expect(ignoredByScholia('documents/Thumbs.db')).toBe(true);
  });

  it('keeps the library files themselves in sync', () => {
    for (const path of [
      'library.json',
      'documents/3f2a.json',
      'annotations/3f2a.journal.jsonl',
      'backups',
      'originals/3f2a.pdf',
    ]) {
      expect(ignoredByScholia(path), path).toBe(false);
    }
  });

  it('lets Syncthing delete every one of them when they hold up removing a folder', () => {
    expect(LOCAL_ONLY_PATTERNS.every((pattern) => pattern.startsWith('(?d)'))).toBe(true);
  });
});

describe('ensureStignore', () => {
  it('creates .stignore holding Scholia’s block when there is none', async () => {
    expect(await ensureStignore(temp.path)).toBe('created');
    expect(await stignoreLines()).toEqual([...BLOCK, '']);
  });

  it('changes nothing the second time', async () => {
    await ensureStignore(temp.path);
    const before = await readFile(stignorePath());
    expect(await ensureStignore(temp.path)).toBe('unchanged');
    expect(await readFile(stignorePath())).toEqual(before);
  });

  it('puts the block first in the reader’s file and keeps every line of theirs, in order', async () => {
    await writeFile(stignorePath(), '// my own rules\n#include .stglobalignore\n*.bak\n!important.bak\n');
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await stignoreLines()).toEqual([
      ...BLOCK,
      '',
      '// my own rules',
      '#include .stglobalignore',
      '*.bak',
      '!important.bak',
      '',
    ]);
    expect(await ensureStignore(temp.path)).toBe('unchanged');
  });

  it('brings an outdated block up to date where it stands, keeping the reader’s lines around it', async () => {
    await writeFile(
      stignorePath(),
      ['*.bak', STIGNORE_BEGIN, '/cache', STIGNORE_END, '*.log', ''].join('\n'),
    );
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await stignoreLines()).toEqual(['*.bak', ...BLOCK, '*.log', '']);
  });

  it('keeps the reader’s lines after a block whose end marker was deleted', async () => {
    await writeFile(
      stignorePath(),
      [STIGNORE_BEGIN, ...LOCAL_ONLY_PATTERNS, '*.bak', '/drafts', ''].join('\n'),
    );
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await stignoreLines()).toEqual([...BLOCK, '*.bak', '/drafts', '']);
  });

  it('leaves one block when the file holds two', async () => {
    await writeFile(stignorePath(), [...BLOCK, '*.bak', ...BLOCK, ''].join('\n'));
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await stignoreLines()).toEqual([...BLOCK, '*.bak', '']);
  });

  it('fills an empty .stignore with the block', async () => {
    await writeFile(stignorePath(), '');
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await stignoreLines()).toEqual([...BLOCK, '']);
  });

  it('keeps Windows line endings and a byte-order mark', async () => {
    await writeFile(stignorePath(), '\uFEFF*.bak\r\n/drafts');
    expect(await ensureStignore(temp.path)).toBe('updated');
    expect(await readFile(stignorePath(), 'utf8')).toBe(
      `\uFEFF${[...BLOCK, '', '*.bak', '/drafts'].join('\r\n')}\r\n`,
    );
  });

  it('leaves a .stignore that is not valid UTF-8 exactly as it was', async () => {
    const bytes = Buffer.from([0x2a, 0x2e, 0x62, 0x61, 0x6b, 0x0a, 0xff, 0xfe, 0x0a]);
    await writeFile(stignorePath(), bytes);
    expect(await ensureStignore(temp.path)).toBe('unchanged');
    expect(await readFile(stignorePath())).toEqual(bytes);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps a .stignore that is a symbolic link a link, and updates the file it points to',
    async () => {
      const shared = join(temp.path, 'shared-ignore');
      await writeFile(shared, '*.bak\n');
      await symlink(shared, stignorePath());
      expect(await ensureStignore(temp.path)).toBe('updated');
      expect(await readlink(stignorePath())).toBe(shared);
      expect((await readFile(shared, 'utf8')).split('\n')).toEqual([...BLOCK, '', '*.bak', '']);
    },
  );

  it('leaves no temp file behind', async () => {
    await writeFile(stignorePath(), '*.bak\n');
    await ensureStignore(temp.path);
    expect(await readdir(temp.path)).toEqual([STIGNORE_FILE_NAME]);
  });

  it('reports a .stignore it cannot read as an io error naming it', async () => {
    await mkdir(stignorePath());
    const error = await failure(ensureStignore(temp.path));
    expect(error.code).toBe('io');
    expect(error.message).toContain(`Scholia could not read ${stignorePath()}`);
  });
});
