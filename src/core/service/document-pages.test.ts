/**
 * The original's pages through the life of a document: a PDF with page labels imported by the real
 * importer is stored with its page marks (the document file's schema and `docFromJSON` accept them),
 * a Clean text edit of one paragraph keeps every page elsewhere where it was, the corpus search reads
 * through a page break inside a paragraph, and two edits of different paragraphs merge with the pages.
 */
import { Transform } from 'prosemirror-transform';
import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import type { PageStart } from '../../shared/pages';
import { projectDocument } from '../../shared/projection';
import { docFromJSON, documentSchema, type DocJSON } from '../../shared/schema';
import { mergeTexts } from '../../shared/text-merge';
import { layoutPages, makePdf } from '../../../tests/support/make-pdf';
import { importSource } from '../import/index';
import { fixtureParagraphs, withPageLabels } from '../import/test-fixtures';
import { useServiceLibrary } from './test-service';

const library = useServiceLibrary();

// Five pages of the review, running lines left out: pages i and ii, then 1, 2 and 3.
const pages = layoutPages(fixtureParagraphs('review-2026-02-15-collapse-of-stalinism-book.txt', 80), {
  linesPerPage: 16,
})
  .slice(0, 5)
  .map((lines) => lines.filter((line) => line.y > 100));
const PDF = withPageLabels(makePdf({ pages }), '0 << /S /r >> 2 << /S /D >>');

/** Imports the paged PDF through the real importer; resolves to its id and stored text. */
async function importPagedPdf(service: ScholiaService): Promise<{ documentId: string; doc: DocJSON }> {
  const [outcome] = (
    await service.importFiles({ sources: [{ kind: 'bytes', name: 'review.pdf', bytes: PDF }] })
  ).outcomes;
  if (outcome?.status !== 'imported') throw new Error('the PDF did not import');
  const documentId = outcome.document.id;
  return { documentId, doc: (await service.getDocument({ documentId })).doc };
}

/** The pages of stored text `doc`, as index, label and offset. */
function pagesOf(doc: DocJSON): PageStart[] {
  return [...projectDocument(docFromJSON(doc)).pages];
}

/** `doc` with `words` put at the start of its textblock number `block` (counted from 0). */
function insertIntoBlock(doc: DocJSON, block: number, words: string): DocJSON {
  const transform = new Transform(docFromJSON(doc));
  const position = projectDocument(transform.doc).blocks[block]?.pos;
  if (position === undefined) throw new Error(`the text has no block ${block}`);
  // Typed text takes the marks of the text it is typed into, as in the editor.
  transform.insert(position, documentSchema.text(words, transform.doc.resolve(position + 1).marks()));
  return transform.doc.toJSON() as DocJSON;
}

describe('the pages of an imported PDF', () => {
  it('are stored with the text and read back after the library is opened again', async () => {
    const service = await library.open({ importSource });
    const { documentId, doc } = await importPagedPdf(service);
    const stored = pagesOf(doc);
    expect(stored.map((page) => [page.index, page.label])).toEqual([
      [0, 'i'],
      [1, 'ii'],
      [2, '1'],
      [3, '2'],
      [4, '3'],
    ]);
    const reopened = await library.reopen({ importSource });
    expect(pagesOf((await reopened.getDocument({ documentId })).doc)).toEqual(stored);
  });

  it('stay on their text when Clean text edits one paragraph: the pages after it move with the text, none is lost', async () => {
    const service = await library.open({ importSource });
    const { documentId, doc } = await importPagedPdf(service);
    const before = pagesOf(doc);
    // The paragraph page "1" starts in (or the last one before it) gets a sentence.
    const { blocks } = projectDocument(docFromJSON(doc));
    const third = before[2]!;
    const edited = blocks.findLastIndex((block) => block.offset <= third.offset);
    const words = 'An added sentence. ';
    const newDoc = insertIntoBlock(doc, edited, words);
    await service.updateDocumentText({ documentId, doc: newDoc, annotations: [], baseRevision: 0 });

    const after = pagesOf((await (await library.reopen({ importSource })).getDocument({ documentId })).doc);
    expect(after.map((page) => [page.index, page.label])).toEqual(
      before.map((page) => [page.index, page.label]),
    );
    const editedAt = blocks[edited]!.offset;
    after.forEach((page, at) => {
      const old = before[at]!;
      expect(page.offset).toBe(old.offset > editedAt ? old.offset + words.length : old.offset);
    });
  });

  it('are no obstacle to the corpus search: a phrase across a page break inside a paragraph is found', async () => {
    const service = await library.open({ importSource });
    const { doc } = await importPagedPdf(service);
    const { text, pages: starts } = projectDocument(docFromJSON(doc));
    // A page that starts inside a paragraph: the last word before it and the first on it.
    const inside = starts.find((page) => page.offset > 0 && text[page.offset - 1] === ' ');
    if (inside === undefined) throw new Error('no page starts inside a paragraph');
    const before = text.slice(0, inside.offset).trimEnd().split(' ').at(-1) ?? '';
    const after = text.slice(inside.offset).split(' ')[0] ?? '';
    const found = await service.searchCorpus({ query: `"${before} ${after}"` });
    expect(found.documents).toHaveLength(1);
    const snippet = found.documents[0]!.snippets[0]!;
    expect(snippet.text.slice(snippet.highlights[0]!.start, snippet.highlights[0]!.end)).toContain(' ');
  });

  it('merge with the text when two computers edited different paragraphs', async () => {
    const service = await library.open({ importSource });
    const { doc } = await importPagedPdf(service);
    const a = insertIntoBlock(doc, 0, 'Edited here. ');
    const b = insertIntoBlock(doc, projectDocument(docFromJSON(doc)).blocks.length - 1, 'And there. ');
    const merge = mergeTexts(doc, a, b);
    expect(merge.conflicts).toBe(0);
    const merged: DocJSON = {
      type: 'doc',
      content: merge.chunks.flatMap((chunk) => (chunk.kind === 'same' ? [...chunk.blocks] : [])),
    };
    expect(pagesOf(merged).map((page) => [page.index, page.label])).toEqual(
      pagesOf(doc).map((page) => [page.index, page.label]),
    );
    expect(projectDocument(docFromJSON(merged)).text).toContain('Edited here. ');
    expect(projectDocument(docFromJSON(merged)).text).toContain('And there. ');
  });
});
