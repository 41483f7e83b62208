import { describe, expect, it } from 'vitest';
import {
  extensionOf,
  IMPORT_FORMAT_INFO,
  importAccept,
  importExtensions,
  importFileFilters,
  importFormatsInWords,
  importFormatOf,
  REFERENCE_FORMATS,
  SOURCE_FORMATS,
  TEXT_FORMATS,
} from './import-formats';

describe('the import formats', () => {
  it('give each extension to exactly one format, lower-case with its dot', () => {
    const extensions = importExtensions();
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const extension of extensions) expect(extension).toMatch(/^\.[a-z0-9]+$/);
  });

  it('choose a format by a file name’s extension, whatever its case', () => {
    expect(
      ['ussr.TXT', 'Notes.Markdown', 'page.xhtml', 'refs.bib', 'zotero.JSON', 'pandoc.yml'].map(
        importFormatOf,
      ),
    ).toEqual(['txt', 'md', 'html', 'bibtex', 'csl-json', 'csl-yaml']);
    expect(importFormatOf('slides.odp')).toBeNull();
    expect(importFormatOf('README')).toBeNull();
  });

  it('treat a leading dot as part of the name, not an extension', () => {
    expect(extensionOf('.txt')).toBe('');
    expect(importFormatOf('.txt')).toBeNull();
  });

  it('split into texts to read and reference files, together every format once', () => {
    expect(TEXT_FORMATS).toEqual(['txt', 'md', 'html', 'epub', 'pdf', 'docx']);
    expect(REFERENCE_FORMATS).toEqual(['csl-json', 'csl-yaml', 'bibtex', 'ris']);
    expect([...TEXT_FORMATS, ...REFERENCE_FORMATS].sort()).toEqual([...SOURCE_FORMATS].sort());
  });

  it('let the browser’s file picker and the app’s open dialog offer every extension', () => {
    expect(importAccept()).toBe(
      '.txt,.md,.markdown,.html,.htm,.xhtml,.epub,.pdf,.docx,.json,.yaml,.yml,.bib,.ris,.jsonld,.csv,.qdpx,.qdc',
    );
    expect(importFileFilters()).toEqual([
      {
        name: 'Texts and books',
        extensions: ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml', 'epub', 'pdf', 'docx'],
      },
      {
        name: 'References (CSL-JSON, CSL-YAML, BibTeX, RIS)',
        extensions: ['json', 'yaml', 'yml', 'bib', 'ris'],
      },
      {
        name: 'Annotations (W3C Web Annotation, Hypothesis, Kindle clippings, Taguette highlights)',
        extensions: ['jsonld', 'json', 'txt', 'csv'],
      },
      { name: 'Qualitative analysis (REFI-QDA project, codebook)', extensions: ['qdpx', 'qdc'] },
      { name: 'All files', extensions: ['*'] },
    ]);
  });

  it('list what Scholia imports for the reader, a line per kind of file', () => {
    expect(importFormatsInWords()).toEqual([
      'Texts and books: .txt, .md, .markdown, .html, .htm, .xhtml, .epub, .pdf, .docx',
      'References (CSL-JSON, CSL-YAML, BibTeX, RIS): .json, .yaml, .yml, .bib, .ris',
      'Annotations (W3C Web Annotation, Hypothesis, Kindle clippings, Taguette highlights): .jsonld, .json, .txt, .csv',
      'Qualitative analysis (REFI-QDA project, codebook): .qdpx, .qdc',
    ]);
  });

  it('name each format for the reader', () => {
    for (const format of SOURCE_FORMATS) expect(IMPORT_FORMAT_INFO[format].label).not.toBe('');
  });
});
