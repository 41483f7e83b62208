import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import { ExportOptionsSchema } from '../../shared/export-options';
import type { ImportOutcome, ReferenceEntryOutcome } from '../../shared/model';
import { importText, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

/** A service whose clock moves on a second at each reading, so every change has its own time. */
function open(): Promise<ScholiaService> {
  let time = Date.parse('2026-03-01T09:00:00.000Z');
  return library.open({ importSource: importText, now: () => new Date((time += 1000)) });
}

function entriesOf(outcome: ImportOutcome | undefined): ReferenceEntryOutcome[] {
  return outcome?.status === 'references' ? outcome.entries : [];
}

async function importReferences(
  service: ScholiaService,
  name: string,
  text: string,
): Promise<ReferenceEntryOutcome[]> {
  return entriesOf((await service.importFiles({ sources: [upload(name, text)] })).outcomes[0]);
}

/** Imports a text whose details the reader then confirms; resolves to its id. */
async function confirmedReview(service: ScholiaService): Promise<string> {
  const [outcome] = (
    await service.importFiles({ sources: [upload('review.txt', 'A review of a book about Stalinism.')] })
  ).outcomes;
  const id = outcome?.status === 'imported' ? outcome.document.id : '';
  await service.updateDocumentMetadata({
    documentId: id,
    csl: {
      type: 'article-magazine',
      title: 'The Collapse of Stalinism',
      author: [{ family: 'Walsh', given: 'Lynn' }],
      issued: { 'date-parts': [[2026, 2, 15]] },
      'container-title': 'Socialism Today',
    },
  });
  return id;
}

describe('reference entries matching a document whose details the reader confirmed', () => {
  it('propose their changes field by field without writing them; applying is one change, undone by the previous values', async () => {
    const service = await open();
    const id = await confirmedReview(service);
    const before = (await service.getDocument({ documentId: id })).meta;
    const bib =
      '@article{walsh,\n  title = {The Collapse of Stalinism},\n  author = {Walsh, Lynn},\n  journaltitle = {Socialism Today},\n  date = {2026-02},\n  volume = {295},\n  pages = {12--14}\n}\n';
    const [entry] = await importReferences(service, 'refs.bib', bib);
    expect(entry).toMatchObject({ action: 'matched', matchedBy: 'title', documentId: id, line: 1 });
    expect(entry?.proposal).toEqual({
      documentId: id,
      modifiedAt: before.modifiedAt,
      changes: [
        { field: 'type', before: 'article-magazine', after: 'article-journal' },
        { field: 'issued', before: { 'date-parts': [[2026, 2, 15]] }, after: { 'date-parts': [[2026, 2]] } },
        { field: 'volume', after: '295' },
        { field: 'page', after: '12–14' },
        { field: 'citation-key', after: 'walsh' },
      ],
    });
    // Nothing the reader confirmed was replaced.
    expect((await service.getDocument({ documentId: id })).meta).toEqual(before);

    const chosen = entry?.proposal?.changes.filter((change) => change.field !== 'issued') ?? [];
    const applied = await service.applyReferenceProposals({
      proposals: [
        {
          documentId: id,
          modifiedAt: before.modifiedAt,
          changes: chosen.map(({ field, after }) => ({ field, value: after })),
        },
      ],
    });
    expect(applied.refused).toEqual([]);
    expect(applied.documents[0]?.csl).toMatchObject({
      type: 'article-journal',
      volume: '295',
      page: '12–14',
      issued: { 'date-parts': [[2026, 2, 15]] },
    });
    expect(applied.documents[0]?.metadataProposed).toBeUndefined();

    const undone = await service.applyReferenceProposals({ proposals: applied.previous });
    expect(undone.refused).toEqual([]);
    expect(undone.documents[0]?.csl).toEqual(before.csl);
  });

  it('refuse a proposal made before the document changed, with the reason, and apply the others', async () => {
    const service = await open();
    const id = await confirmedReview(service);
    const [entry] = await importReferences(
      service,
      'refs.ris',
      'TY  - MGZN\nTI  - The Collapse of Stalinism\nAU  - Walsh, Lynn\nVL  - 295\nER  - \n',
    );
    const proposal = entry?.proposal;
    expect(proposal?.changes).toEqual([{ field: 'volume', after: '295' }]);
    await service.updateDocumentNote({ documentId: id, note: 'Read again.' });
    const applied = await service.applyReferenceProposals({
      proposals: [
        {
          documentId: id,
          modifiedAt: proposal?.modifiedAt ?? '',
          changes: [{ field: 'volume', value: '295' }],
        },
      ],
    });
    expect(applied.documents).toEqual([]);
    expect(applied.refused).toEqual([
      {
        documentId: id,
        message:
          '"The Collapse of Stalinism" was changed after the proposal was made; it was left as it is. Import the reference file again to see what it would change now.',
      },
    ]);
    expect((await service.getDocument({ documentId: id })).meta.csl.volume).toBeUndefined();
  });

  it('do not take the entry of the book a review discusses for the review', async () => {
    const service = await open();
    const id = await confirmedReview(service);
    const csl = JSON.stringify([
      {
        id: 'taaffe',
        type: 'book',
        title: 'The Collapse of Stalinism',
        author: [{ family: 'Taaffe', given: 'Peter' }],
        issued: { 'date-parts': [[1995]] },
      },
    ]);
    const [entry] = await importReferences(service, 'refs.json', csl);
    expect(entry?.action).toBe('created');
    expect((await service.getDocument({ documentId: id })).meta.csl).toMatchObject({
      type: 'article-magazine',
      issued: { 'date-parts': [[2026, 2, 15]] },
    });
  });
});

describe('reference entries', () => {
  it('fill in a document whose details are only Scholia’s proposal, which then count as confirmed', async () => {
    const service = await open();
    const [imported] = (
      await service.importFiles({
        sources: [upload('The Collapse of Stalinism.txt', 'A text about Stalinism.')],
      })
    ).outcomes;
    const id = imported?.status === 'imported' ? imported.document.id : '';
    const [entry] = await importReferences(
      service,
      'refs.bib',
      '@book{taaffe, title = {The Collapse of Stalinism}, author = {Taaffe, Peter}, year = 1995}',
    );
    expect(entry).toMatchObject({ action: 'matched', documentId: id });
    expect(entry?.proposal).toBeUndefined();
    const meta = (await service.getDocument({ documentId: id })).meta;
    expect(meta.csl).toMatchObject({ type: 'book', author: [{ family: 'Taaffe', given: 'Peter' }] });
    expect(meta.metadataProposed).toBeUndefined();
  });

  it('never match each other: each becomes its own document, or is reported when another took its document', async () => {
    const service = await open();
    const twice =
      '@book{a, title = {The Collapse of Stalinism}, year = 1995}\n@book{b, title = {The Collapse of Stalinism}, year = 1995}\n';
    expect((await importReferences(service, 'twice.bib', twice)).map((entry) => entry.action)).toEqual([
      'created',
      'created',
    ]);
    expect(await service.listDocuments({})).toHaveLength(2);
    const id = await confirmedReview(service);
    const doi = (key: string) =>
      `@article{${key}, title = {The Collapse of Stalinism}, author = {Walsh, Lynn}, doi = {10.5555/x}}`;
    await service.applyReferenceProposals({
      proposals: [
        {
          documentId: id,
          modifiedAt: (await service.getDocument({ documentId: id })).meta.modifiedAt,
          changes: [{ field: 'DOI', value: '10.5555/x' }],
        },
      ],
    });
    const entries = await importReferences(service, 'again.bib', `${doi('one')}\n${doi('two')}\n`);
    expect(entries.map(({ action, matchedBy, line }) => ({ action, matchedBy, line }))).toEqual([
      { action: 'matched', matchedBy: 'DOI', line: 1 },
      { action: 'failed', matchedBy: undefined, line: 2 },
    ]);
    expect(entries[1]?.message).toBe(
      'Entry at line 2 describes the same document as the entry at line 1 (by DOI), which was matched to it; it was not used.',
    );
  });

  it('that cannot be read are reported by line, and the rest are imported', async () => {
    const service = await open();
    const entries = await importReferences(
      service,
      'refs.bib',
      '@book{one, title = {One}}\n@article{two,\n  title = {Two, never closed\n  year = 2009\n}\n@book{three, title = {Three}}\n',
    );
    expect(entries.map(({ action, line, title }) => ({ action, line, title }))).toEqual([
      { action: 'created', line: 1, title: 'One' },
      { action: 'failed', line: 2, title: 'two' },
      { action: 'created', line: 6, title: 'Three' },
    ]);
    expect(entries[1]?.message).toBe('Entry at line 2: unbalanced braces in field title.');
  });

  it('are read from CSL-YAML as pandoc writes it', async () => {
    const service = await open();
    const yaml =
      '---\nreferences:\n- id: taaffe\n  type: book\n  title: The Collapse of Stalinism\n  issued: 1995\n...\n';
    const [entry] = await importReferences(service, 'refs.yaml', yaml);
    expect(entry).toMatchObject({ action: 'created', line: 3 });
    const [document] = await service.listDocuments({});
    expect(document?.source.format).toBe('csl-yaml');
    expect(document?.csl).toMatchObject({ type: 'book', issued: { 'date-parts': [[1995]] } });
  });

  it('keep a season of the year with the date (Spring 2010), as CSL has it', async () => {
    const service = await open();
    const bib =
      '@article{doyle2010,\n  title = {The Spring Issue},\n  journal = {Socialism Today},\n  date = {2010-21}\n}\n';
    const [entry] = await importReferences(service, 'refs.bib', bib);
    expect(entry).toMatchObject({ action: 'created' });
    const [document] = await service.listDocuments({});
    expect(document?.csl.issued).toEqual({ 'date-parts': [[2010]], season: 1 });
    // Written back as the season it is, not the bare year.
    const exported = await service.previewExport({
      options: ExportOptionsSchema.parse({ format: 'biblatex' }),
      maxChars: 10_000,
    });
    expect(exported.text).toContain('date = {2010-21}');
  });
});
