import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES, fixturePath } from '../core/import/test-fixtures';
import { useCliFolder } from './test-cli';

const FIXTURE = fixturePath(FIXTURE_FILES.review);

const temp = useCliFolder('scholia-cli-export-');
const cli = temp.runOn;

describe('scholia export', () => {
  it('exports the library in every format, and the JSON-LD imports into another library', async () => {
    await cli('lib', 'import', FIXTURE);
    for (const format of ['markdown', 'csl-json', 'bibtex', 'ris', 'jsonld', 'csv', 'csv-codebook']) {
      const result = await cli(
        'lib',
        'export',
        '--format',
        format,
        '--style',
        'mla',
        '--group-by',
        'tag',
        '--out',
        `out.${format}`,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Exported 0 passage\(s\) from 1 document\(s\) to /);
    }
    expect(await readFile(join(temp.dir, 'out.csl-json'), 'utf8')).toContain('"title"');
    const vault = await cli('lib', 'export', '--format', 'vault', '--out', 'notes');
    expect(vault.code).toBe(0);
    expect(await readdir(join(temp.dir, 'notes'))).toHaveLength(1);
    await cli('other', 'import', FIXTURE);
    const imported = await cli('other', 'import', 'out.jsonld');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('out.jsonld: 0 annotation(s) imported');
  });

  it('writes vault notes by the template file --template names, and refuses one it cannot use', async () => {
    await cli('lib', 'import', FIXTURE);
    await writeFile(join(temp.dir, 'layout.md'), '\uFEFFRead: {{title}} ({{date}})\n');
    const written = await cli(
      'lib',
      'export',
      '--format',
      'vault',
      '--template',
      'layout.md',
      '--out',
      'notes',
    );
    expect(written.stderr).toBe('');
    const [note] = await readdir(join(temp.dir, 'notes'));
    expect(await readFile(join(temp.dir, 'notes', note ?? ''), 'utf8')).toMatch(/\n\nRead: \S.* \(\d{4}/);

    await writeFile(join(temp.dir, 'bad.md'), '{{titel}}');
    const bad = await cli('lib', 'export', '--format', 'vault', '--template', 'bad.md', '--out', 'notes');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('{{titel}}');
    expect((await cli('lib', 'export', '--template', 'layout.md', '--out', 'x.md')).stderr).toContain(
      'use it with --format vault',
    );
    expect(
      (await cli('lib', 'export', '--format', 'vault', '--template', 'gone.md', '--out', 'n')).stderr,
    ).toMatch(/The template .*gone\.md could not be read/);
  });

  it('refuses an unknown format, style, locale, tag or collection with a clear message', async () => {
    await cli('lib', 'import', FIXTURE);
    expect((await cli('lib', 'export', '--format', 'docx', '--out', 'x')).stderr).toMatch(
      /Unknown export format "docx"/,
    );
    expect((await cli('lib', 'export', '--style', 'nope', '--out', 'x.md')).stderr).toMatch(
      /Unknown citation style "nope"/,
    );
    expect((await cli('lib', 'export', '--locale', 'xx-YY', '--out', 'x.md')).stderr).toMatch(
      /Unknown citation locale "xx-YY"\. Choose one of: en-US, en-GB, de-DE, fr-FR, es-ES, it-IT, .*, ja-JP\./,
    );
    expect((await cli('lib', 'export', '--tags', 'Nothing', '--out', 'x.md')).stderr).toMatch(
      /No tag named "Nothing"/,
    );
    expect((await cli('lib', 'export', '--collection', 'Week 1', '--out', 'x.md')).stderr).toMatch(
      /No collection named "Week 1"/,
    );
    expect((await cli('lib', 'export', '--format', 'markdown')).code).toBe(1);
    expect(await readdir(temp.dir)).not.toContain('x.md');
  });

  it('writes a REFI-QDA project as a ZIP archive, and refuses to print one to standard output', async () => {
    await cli('lib', 'import', FIXTURE);
    const written = await cli('lib', 'export', '--format', 'refi-qdpx', '--out', 'project.qdpx');
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const archive = await readFile(join(temp.dir, 'project.qdpx'));
    // Every ZIP archive begins with a local file header: "PK", 3, 4.
    expect([...archive.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const printed = await cli('lib', 'export', '--format', 'refi-qdpx', '--out', '-');
    expect(printed.code).toBe(1);
    expect(printed.stderr).toContain('--format refi-qdpx writes a ZIP archive, which is not printed');
    expect(printed.stdout).toBe('');
    expect(await readdir(temp.dir)).not.toContain('-');
  });
});
