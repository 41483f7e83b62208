import { describe, expect, it } from 'vitest';
import { failureOf as failure } from '../test-support';
import { FORMAT_IMPORTERS, importerFor } from './formats';

const identity = (name: string) => ({ name, label: `/home/reader/${name}` });

describe('importerFor', () => {
  it('chooses the format by extension, whatever its case', () => {
    expect(
      [
        'ussr.txt',
        'USSR.TXT',
        'notes.md',
        'Notes.Markdown',
        'page.HTM',
        'page.html',
        'book.epub',
        'paper.PDF',
        'essay.docx',
      ].map((name) => importerFor(identity(name)).format),
    ).toEqual(['txt', 'txt', 'md', 'md', 'html', 'html', 'epub', 'pdf', 'docx']);
  });

  it('refuses an unsupported extension, listing what Scholia imports', () => {
    const error = failure(() => importerFor(identity('collapse-of-stalinism.odt')));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain(
      '"collapse-of-stalinism.odt": .odt files are not supported yet; Scholia imports .txt, .md, .html, .epub, .pdf and .docx files',
    );
    expect(error.path).toBe('/home/reader/collapse-of-stalinism.odt');
  });

  it('refuses a file without an extension, asking for one', () => {
    const error = failure(() => importerFor(identity('README')));
    expect(error.message).toContain('"README" has no file extension');
  });

  it('treats a leading dot as part of the name, not an extension', () => {
    expect(failure(() => importerFor(identity('.txt'))).message).toContain('".txt" has no file extension');
  });

  it('gives each extension to exactly one format', () => {
    const extensions = FORMAT_IMPORTERS.flatMap((importer) => importer.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
  });
});
