import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import { dispatchApiCall } from '../../shared/dispatch';
import { type Annotation } from '../../shared/model';
import { countWords, projectDocument } from '../../shared/projection';
import { docFromJSON, type DocJSON } from '../../shared/schema';
import { deleteLeadingBlocks, editText, type Placement } from '../store/test-documents';
import { failure, importUssr, selectorsFor, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

/** The article, highlighted on its navigation clutter and on three passages of the article proper. */
async function highlightedArticle(service: ScholiaService) {
  const documentId = await importUssr(service);
  const highlight = (quote: string) =>
    service.createAnnotation({ documentId, selectors: selectorsFor(quote) });
  const clutter = await highlight('Printable version');
  const passages = [
    await highlight('the collapse of Stalinism'),
    await highlight('capitalist restoration'),
    await highlight('a disastrous rush into authoritarian capitalism'),
  ];
  const { doc } = await service.getDocument({ documentId });
  return { documentId, doc, clutter, passages };
}

/** The edit that deletes the four lines of clutter at the top of the page, as the editor makes it. */
function withoutClutter(doc: DocJSON, annotations: readonly Annotation[]) {
  return editText(doc, annotations, (transform) => deleteLeadingBlocks(transform, 4));
}

/** Saves {@link withoutClutter} of revision 0 of the document; resolves to the edit and the service's answer. */
async function saveWithoutClutter(
  service: ScholiaService,
  documentId: string,
  doc: DocJSON,
  annotations: readonly Annotation[],
) {
  const edit = withoutClutter(doc, annotations);
  const result = await service.updateDocumentText({
    documentId,
    doc: edit.doc,
    annotations: edit.placements,
    baseRevision: 0,
  });
  return { edit, result };
}

describe('editing the text', () => {
  it('deletes the clutter and keeps every other annotation’s exact quote at its new place', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const { wordCount } = (await service.getDocument({ documentId })).meta;
    const { edit, result } = await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const text = projectDocument(docFromJSON(edit.doc)).text;
    expect(text.startsWith('From The Socialist newspaper, 18 November 2009')).toBe(true);
    const placed = result.annotations.filter((annotation) => annotation.orphanedAt === undefined);
    expect(placed.map((a) => a.selectors[0].exact)).toEqual(passages.map((a) => a.selectors[0].exact));
    for (const annotation of placed) {
      const [{ exact }, { start, end }] = annotation.selectors;
      expect(text.slice(start, end)).toBe(exact);
    }
    expect(result.meta).toMatchObject({ textRevision: 1, wordCount: countWords(text) });
    expect(result.meta.wordCount).toBeLessThan(wordCount);
  });

  it('keeps an annotation whose passage was deleted, as an orphan with its old quote', async () => {
    const service = await library.open({ now: () => new Date('2026-11-23T12:00:00.000Z') });
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const orphan = (await (await library.reopen()).listAnnotations({ documentId })).find(
      (a) => a.id === clutter.id,
    );
    expect(orphan).toEqual({ ...clutter, orphanedAt: '2026-11-23T12:00:00.000Z' });
  });

  it('saves the new text for good and announces it', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const { edit } = await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const reopened = await library.reopen();
    const opened = await reopened.getDocument({ documentId });
    expect(opened.doc).toEqual(edit.doc);
    expect(opened.meta.textRevision).toBe(1);
    expect(library.seen.slice(-2).map((event) => event.payload)).toEqual([
      { scope: 'documents', documentId },
      { scope: 'annotations', documentId },
    ]);
  });

  it('checks later highlights against the new text, not the old one', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const { edit } = await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const text = projectDocument(docFromJSON(edit.doc)).text;
    expect(
      (await failure(service.createAnnotation({ documentId, selectors: selectorsFor('Stalinism') }))).code,
    ).toBe('invalid-input');
    const fresh = await service.createAnnotation({
      documentId,
      selectors: selectorsFor('Stalinism', 0, text),
    });
    expect(fresh.selectors[0].exact).toBe('Stalinism');
  });

  it('is undone by editing back: the old text, and the orphan in its old place again', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const before = await service.listAnnotations({ documentId });
    await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const placements: Placement[] = before.map(({ id, selectors }) => ({ id, selectors }));
    const undone = await service.updateDocumentText({
      documentId,
      doc,
      annotations: placements,
      baseRevision: 1,
    });
    expect(undone.meta.textRevision).toBe(2);
    expect(undone.annotations).toEqual(before);
    expect((await service.getDocument({ documentId })).doc).toEqual(doc);
  });
});

describe('an edit of the text that cannot be saved', () => {
  it('is refused when the text has changed since it began, and saves nothing', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    // Another window, which also opened revision 0, deletes only the first two lines.
    const other = editText(doc, [clutter, ...passages], (transform) => deleteLeadingBlocks(transform, 2));
    const { edit } = await saveWithoutClutter(service, documentId, doc, [clutter, ...passages]);
    const stale = await failure(
      service.updateDocumentText({
        documentId,
        doc: other.doc,
        annotations: other.placements,
        baseRevision: 0,
      }),
    );
    expect(stale.code).toBe('invalid-input');
    expect(stale.message).toContain(
      'has changed since this edit began (it is at revision 1; the edit was made on revision 0)',
    );
    expect((await service.getDocument({ documentId })).doc).toEqual(edit.doc);
  });

  it('is refused when an annotation is left out, given twice, or not the document’s', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const { doc: cleaned, placements } = withoutClutter(doc, [clutter, ...passages]);
    const args = (annotations: Placement[]) => ({ documentId, doc: cleaned, annotations, baseRevision: 0 });
    const leftOut = await failure(service.updateDocumentText(args(placements.slice(1))));
    expect(leftOut.message).toContain('does not say where 1 of its annotations went (“Printable version”…)');
    const twice = await failure(
      service.updateDocumentText(args([...placements, placements[1] as Placement])),
    );
    expect(twice.message).toContain('is given twice');
    const stranger = await failure(
      service.updateDocumentText(args([...placements, { id: 'stranger', selectors: null }])),
    );
    expect(stranger.code).toBe('not-found');
    expect((await service.getDocument({ documentId })).meta.textRevision).toBeUndefined();
  });

  it('is refused when an annotation’s new quote is not the new text at its place', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const edit = withoutClutter(doc, [clutter, ...passages]);
    const stale = edit.placements.map((placement, index) =>
      index === 1 ? { id: placement.id, selectors: passages[0]?.selectors ?? null } : placement,
    );
    const error = await failure(
      service.updateDocumentText({ documentId, doc: edit.doc, annotations: stale, baseRevision: 0 }),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('the quote is “the collapse of Stalinism” but the text there is');
    expect(await service.listAnnotations({ documentId })).toHaveLength(4);
  });

  it('is refused when a highlight would be left at a point', async () => {
    const service = await library.open();
    const { documentId, doc, clutter, passages } = await highlightedArticle(service);
    const edit = withoutClutter(doc, [clutter, ...passages]);
    const collapsed = edit.placements.map((placement) =>
      placement.selectors === null
        ? {
            id: placement.id,
            selectors: [
              { type: 'TextQuoteSelector' as const, exact: '', prefix: '', suffix: '' },
              { type: 'TextPositionSelector' as const, start: 0, end: 0 },
            ] as Placement['selectors'],
          }
        : placement,
    );
    const error = await failure(
      service.updateDocumentText({ documentId, doc: edit.doc, annotations: collapsed, baseRevision: 0 }),
    );
    expect(error.message).toContain('would be left without a passage');
  });

  it('is refused when the new text does not fit the document format', async () => {
    const service = await library.open();
    const { documentId } = await highlightedArticle(service);
    const bogus = {
      type: 'doc' as const,
      content: [{ type: 'image', attrs: { src: 'http://tracker.example/pixel.gif' } }],
    };
    const error = await failure(
      service.updateDocumentText({ documentId, doc: bogus, annotations: [], baseRevision: 0 }),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('does not fit Scholia’s document format');
    const dispatched = await dispatchApiCall(service, 'updateDocumentText', {
      documentId,
      doc: { type: 'paragraph' },
      annotations: [],
      baseRevision: 0,
    });
    expect(dispatched.ok).toBe(false);
  });

  it('is refused for a document that does not exist', async () => {
    const service = await library.open();
    const doc: DocJSON = { type: 'doc', content: [{ type: 'paragraph' }] };
    expect(
      (
        await failure(
          service.updateDocumentText({ documentId: 'gone', doc, annotations: [], baseRevision: 0 }),
        )
      ).code,
    ).toBe('not-found');
  });
});
