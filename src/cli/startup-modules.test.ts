/**
 * What `scholia list` loads: opening a library and listing it must not load the importers' and
 * exporters' heavy dependencies (jsdom, citeproc, pdf.js, markdown-it, mammoth) nor the search index,
 * which each command loads on first use. Every module watched is mocked by a factory that notes it
 * was loaded and hands back the real module (a factory runs when its module is first imported, so
 * the note is exact); the last test shows the notes are taken, by importing a Markdown file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LibraryStore } from '../core/store/library-store';
import { metaFor, paragraphsDoc } from '../core/store/test-documents';
import { useCliFolder } from './test-cli';

const loaded = vi.hoisted(() => new Set<string>());

// vi.mock calls are hoisted above the imports and take only literals, so each is written out.
vi.mock('jsdom', async (original) => {
  loaded.add('jsdom');
  return original();
});
vi.mock('@mozilla/readability', async (original) => {
  loaded.add('@mozilla/readability');
  return original();
});
vi.mock('citeproc', async (original) => {
  loaded.add('citeproc');
  return original();
});
vi.mock('@citation-js/core', async (original) => {
  loaded.add('@citation-js/core');
  return original();
});
vi.mock('pdfjs-dist/legacy/build/pdf.mjs', async (original) => {
  loaded.add('pdfjs-dist');
  return original();
});
vi.mock('markdown-it', async (original) => {
  loaded.add('markdown-it');
  return original();
});
vi.mock('mammoth', async (original) => {
  loaded.add('mammoth');
  return original();
});
vi.mock('../core/search/corpus-index', async (original) => {
  loaded.add('the search index');
  return original();
});
vi.mock('../core/service/import-files', async (original) => {
  loaded.add('the import operations');
  return original();
});
vi.mock('../core/service/export-operations', async (original) => {
  loaded.add('the export operations');
  return original();
});

const temp = useCliFolder('scholia-startup-');

describe('what the scholia command loads', () => {
  it('lists a library without loading any importer, exporter, citeproc or the search index', async () => {
    const store = await LibraryStore.open(join(temp.dir, 'lib'), { owner: 'the start-up test' });
    const text = 'On the events of 1989\n\nThe planned economy needed the oxygen of democracy.';
    for (const title of ['On the events of 1989', 'After the wall']) {
      const meta = metaFor(`${text} ${title}`, title, `${title}.txt`);
      await store.addDocument(meta, paragraphsDoc(text));
    }
    await store.close();

    const listed = await temp.runOn('lib', 'list');
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('After the wall');
    const json = await temp.runOn('lib', 'list', '--json');
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    expect([...loaded]).toEqual([]);
  });

  it('loads an importer when a file of its format is imported', async () => {
    const file = join(temp.dir, 'notes.md');
    await writeFile(file, '# Notes on 1989\n\nThe *planned* economy.\n');
    const imported = await temp.runOn('lib', 'import', file);
    expect(imported.code).toBe(0);
    expect(loaded).toContain('markdown-it');
    expect(loaded).toContain('the import operations');
    expect(loaded).not.toContain('citeproc');
    expect(loaded).not.toContain('the search index');
  });
});
