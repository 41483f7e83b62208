import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES, fixturePath } from '../core/import/test-fixtures';
import { openLibrary } from '../core/library';
import { useCliFolder } from './test-cli';

const FIXTURE = fixturePath(FIXTURE_FILES.review);

const temp = useCliFolder('scholia-cli-');
/** Runs the command on the library `lib` of the test's folder. */
const cli = (...argv: string[]) => temp.runOn('lib', ...argv);

describe('the scholia command', () => {
  it('says its version, and each command’s usage on help COMMAND and COMMAND --help', async () => {
    expect((await cli('--version')).stdout).toMatch(/^scholia \d+\.\d+\.\d+\n$/);
    expect((await cli('-v')).code).toBe(0);
    const help = await cli('help', 'export');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('export --format F --out PATH');
    expect(help.stdout).not.toContain('kwic TERM');
    expect((await cli('export', '--help')).stdout).toBe(help.stdout);
    expect((await cli('help')).stdout).toContain('kwic TERM');
    expect((await cli('help')).stdout).toContain('Exit status: 0');
    const unknown = await cli('help', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no command "frobnicate"');
  });

  it('imports from standard input with -, knowing the text by its content, and exports to standard output', async () => {
    const text = 'On the events of 1989\n\nThe planned economy needed the oxygen of democracy.\n';
    const imported = await temp.runWithInput(text, 'lib', 'import', '-');
    expect(imported.stderr).toContain('Imported 1 of 1 file(s).');
    expect(imported.code).toBe(0);
    const exported = await cli('export', '--format', 'csl-json', '--out', '-');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual([
      expect.objectContaining({ title: 'On the events of 1989' }),
    ]);
    expect(await readdir(temp.dir)).not.toContain('-');
    expect((await cli('export', '--format', 'vault', '--out', '-')).stderr).toContain('folder of notes');
  });

  it('imports a file without an extension by what it holds', async () => {
    await writeFile(
      join(temp.dir, 'LICENSE'),
      'MIT License\n\nPermission is hereby granted, free of charge.\n',
    );
    await writeFile(join(temp.dir, 'blob'), new Uint8Array([0, 1, 2, 3, 0, 255]));
    const result = await cli('import', 'LICENSE', 'blob');
    expect(result.stderr).toContain('[1/2] LICENSE: imported');
    expect(result.stderr).toMatch(
      /\[2\/2\] blob: FAILED: "blob" has no file extension, and its content is no kind of file/,
    );
    expect(result.code).toBe(1);
  });

  it('imports a file, reporting progress on stderr', async () => {
    const result = await cli('import', FIXTURE);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('[1/1] review-2026-02-15-collapse-of-stalinism-book.txt: imported');
  });

  it('imports and exports the paths its arguments name, also through `..` and symlinks', async () => {
    // The command line is the reader's own: what it names is chosen, wherever it leads.
    await mkdir(join(temp.dir, 'texts'));
    await writeFile(join(temp.dir, 'texts', 'a.txt'), 'A text named through a folder and back.\n');
    await symlink(FIXTURE, join(temp.dir, 'review.txt'));
    const imported = await cli('import', join('texts', '..', 'texts', 'a.txt'), 'review.txt');
    expect(imported.stderr).toContain('Imported 2 of 2 file(s).');
    expect(imported.code).toBe(0);
    await symlink(join(temp.dir, 'texts'), join(temp.dir, 'out'));
    const exported = await cli('export', '--format', 'csl-json', '--out', join('out', 'refs.json'));
    expect(exported.code).toBe(0);
    expect(await readFile(join(temp.dir, 'texts', 'refs.json'), 'utf8')).toContain('"title"');
  });

  it('lists the imported documents as a table and as JSON', async () => {
    await cli('import', FIXTURE);
    const table = await cli('list');
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TITLE\s+AUTHORS\s+WORDS\s+ADDED$/);
    expect(table.stdout).toMatch(/\n[0-9a-f]{8}\s+\S/);
    const json = JSON.parse((await cli('list', '--json')).stdout) as {
      source: { fileName: string };
      wordCount: number;
    }[];
    expect(json).toHaveLength(1);
    expect(json[0]?.source.fileName).toBe('review-2026-02-15-collapse-of-stalinism-book.txt');
    expect(json[0]?.wordCount).toBeGreaterThan(1500);
  });

  it('shows a document by an id prefix, with its text and annotations', async () => {
    await cli('import', FIXTURE);
    const [doc] = JSON.parse((await cli('list', '--json')).stdout) as { id: string }[];
    const shown = JSON.parse((await cli('show', doc!.id.slice(0, 8))).stdout) as {
      meta: { id: string };
      text: string;
      annotations: unknown[];
    };
    expect(shown.meta.id).toBe(doc!.id);
    const original = await readFile(FIXTURE, 'utf8');
    expect(shown.text).toContain('Stalinism, the negation of Bolshevism');
    expect(shown.text.replace(/\s+/g, '')).toBe(original.replace(/\s+/g, ''));
    expect(shown.annotations).toEqual([]);
  });

  it('exits 1 and names the file when one of several files fails, importing the rest', async () => {
    const empty = join(temp.dir, 'empty.txt');
    await writeFile(empty, '');
    const result = await cli('import', empty, FIXTURE);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[1\/2\] empty\.txt: FAILED: .*empty/i);
    expect(result.stderr).toContain('Imported 1 of 2 file(s); 1 failed.');
    expect(JSON.parse((await cli('list', '--json')).stdout)).toHaveLength(1);
  });

  it('imports a folder of mixed files, skips duplicates, and exits 1 when one file fails', async () => {
    const folder = join(temp.dir, 'folder');
    await mkdir(folder);
    await writeFile(join(folder, 'review.txt'), await readFile(FIXTURE));
    await writeFile(
      join(folder, 'page.html'),
      '<html><head><title>A page</title></head><body><p>Some text of a page.</p></body></html>',
    );
    await writeFile(join(folder, 'notes.odt'), 'PK');
    const result = await cli('import', folder);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '[1/3] notes.odt: FAILED: Cannot import "notes.odt": .odt files are not supported yet',
    );
    expect(result.stderr).toContain('[2/3] page.html: imported');
    expect(result.stderr).toContain('[3/3] review.txt: imported');
    expect(result.stderr).toContain('Imported 2 of 3 file(s); 1 failed.');
    const again = await cli('import', FIXTURE);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /\[1\/1\] review-2026-02-15-collapse-of-stalinism-book\.txt: skipped, Already in the library as/,
    );
    expect(again.stderr).toContain('Imported 0 of 1 file(s); 1 already in the library.');
    expect(JSON.parse((await cli('list', '--json')).stdout)).toHaveLength(2);
  });

  it('says which process holds the library when it is in use', async () => {
    const holder = await openLibrary(join(temp.dir, 'lib'), { owner: 'the Scholia app' });
    try {
      const result = await cli('list');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the Scholia app');
    } finally {
      await holder.close();
    }
  });

  it('names a damaged line of the library log, still lists the library, and leaves the file exactly as it was', async () => {
    await cli('import', FIXTURE);
    const [device] = await readdir(join(temp.dir, 'lib', 'devices'));
    const file = join(temp.dir, 'lib', 'devices', device ?? '', 'library.jsonl');
    const damaged = `{"v":2,"h":"garbled\n${await readFile(file, 'utf8')}`;
    await writeFile(file, damaged);
    const result = await cli('list');
    expect(result.stderr).toContain('library.jsonl');
    expect(result.stderr).toContain('line 1');
    expect(result.stdout).toContain('Collapse');
    expect(await readFile(file, 'utf8')).toBe(damaged);
    const other = join(temp.dir, 'other.txt');
    await writeFile(other, 'A second text, which the damaged log must not take.\n');
    const refused = await cli('import', other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('saves nothing more to it');
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('explains an unknown command and an unknown id', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await cli('show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No document with id "nope"');
  });
});
