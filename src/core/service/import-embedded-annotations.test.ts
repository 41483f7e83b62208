import { describe, expect, it } from 'vitest';
import { annotatedPdf } from '../../../tests/support/annotated-pdf';
import { layoutPages, makePdf } from '../../../tests/support/make-pdf';
import { importSource } from '../import';
import { useServiceLibrary } from './test-service';

const library = useServiceLibrary();
const sample = annotatedPdf();

/** Imports `bytes` as `name` with the real importers; resolves to its outcome and its service. */
async function importPdf(name: string, bytes: Uint8Array<ArrayBuffer>) {
  const service = await library.open({ importSource });
  const { outcomes } = await service.importFiles({ sources: [{ kind: 'bytes', name, bytes }] });
  return { service, outcome: outcomes[0] };
}

/** The annotations stored on the sample's document, imported. */
async function storedSample() {
  const { service, outcome } = await importPdf('ussr-annotated.pdf', new Uint8Array(sample.bytes));
  return service.listAnnotations({ documentId: outcome?.status === 'imported' ? outcome.document.id : '' });
}

describe('importing a PDF with annotations in it', () => {
  it('reports how many annotations came in and how many could not be placed', async () => {
    const { outcome } = await importPdf('ussr-annotated.pdf', new Uint8Array(sample.bytes));
    expect(outcome).toMatchObject({ status: 'imported', annotations: 3, annotationsNotPlaced: 1 });
  });

  it('stores the highlight on its phrase, in its colour, with its comment and reply', async () => {
    const annotations = await storedSample();
    const highlight = annotations.find((annotation) => annotation.selectors[0].exact === sample.highlighted);
    expect(highlight).toMatchObject({
      motivation: 'highlighting',
      color: 'green',
      comment: `**${sample.highlightAuthor}:** ${sample.highlightComment}\n\n**${sample.replyAuthor}:** ${sample.reply}`,
      createdAt: '2024-01-05T09:20:00.000Z',
      modifiedAt: '2024-01-05T09:30:00.000Z',
    });
  });

  it('stores the sticky note as a margin note at a point', async () => {
    const annotations = await storedSample();
    const note = annotations.find((annotation) => annotation.comment === sample.note);
    expect(
      note?.motivation === 'commenting' && note.selectors[0].exact === '' && note.selectors[0].prefix,
    ).toMatch(new RegExp(`${sample.notedLine.slice(-20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('tells the views the document’s annotations changed', async () => {
    const { outcome } = await importPdf('ussr-annotated.pdf', new Uint8Array(sample.bytes));
    const documentId = outcome?.status === 'imported' ? outcome.document.id : '';
    expect(library.seen).toContainEqual({
      name: 'library-changed',
      payload: { scope: 'annotations', documentId },
    });
  });

  it('says in the import’s progress what became of the annotations', async () => {
    await importPdf('ussr-annotated.pdf', new Uint8Array(sample.bytes));
    const imported = library.seen.find(
      ({ name, payload }) =>
        name === 'import-progress' && (payload as { phase: string }).phase === 'imported',
    );
    expect((imported?.payload as { message?: string }).message).toBe(
      '3 highlights and notes from the file, 1 could not be placed on the text (malformed, or on a page without text).',
    );
  });

  it('imports a PDF without annotations as before, with nothing to report of them', async () => {
    const pdf = makePdf({ pages: layoutPages([sample.highlighted.repeat(20)]) });
    const { outcome } = await importPdf('plain.pdf', new Uint8Array(pdf));
    expect(outcome?.status === 'imported' && Object.keys(outcome).sort()).toEqual([
      'document',
      'name',
      'status',
    ]);
  });
});
