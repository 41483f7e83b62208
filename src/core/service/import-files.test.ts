import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../shared/model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { makeDocx, makeEpub } from '../../../tests/support/make-packages';
import { layoutPages, makePdf } from '../../../tests/support/make-pdf';
import { importSource } from '../import';
import { readFixture } from '../import/test-fixtures';
import type { Importer } from './service-context';
import { chosenPaths, failure, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const paragraphs = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt')
  .split(/\n\s*\n/)
  .map((block) => block.replace(/\s+/g, ' ').trim())
  .filter((block) => block.length > 80);

const html = `<!DOCTYPE html><html><head><title>The review</title><meta name="citation_title" content="The Collapse of Stalinism - Its Causes and Consequences">
  <meta name="citation_doi" content="10.5555/review.2026"></head><body><article>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

/** A folder of mixed files: four formats, a sub-folder, a hidden file, an unknown type and a truncated .docx. */
async function mixedFolder(): Promise<{ folder: string; files: Record<string, Uint8Array> }> {
  const folder = join(library.root, 'incoming');
  await mkdir(join(folder, 'more'), { recursive: true });
  const docx = makeDocx({
    title: 'A Word file',
    blocks: paragraphs.slice(0, 3).map((text) => ({ kind: 'paragraph' as const, text })),
  });
  const files: Record<string, Uint8Array> = {
    'a-review.html': new TextEncoder().encode(html),
    'b-book.epub': makeEpub({
      version: 3,
      title: 'A Book',
      creators: [['Clare Doyle', 'Doyle, Clare']],
      chapters: [{ title: 'One', paragraphs: paragraphs.slice(3, 6) }],
    }),
    'c-notes.odt': new Uint8Array([80, 75, 3, 4]),
    'd-broken.docx': docx.slice(0, 200),
    'more/e-word.docx': docx,
    'more/f-paper.pdf': makePdf({ pages: layoutPages(paragraphs.slice(6, 9)), info: { Title: 'A PDF' } }),
    '.hidden.txt': new TextEncoder().encode('never imported'),
  };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(folder, name), bytes);
  return { folder, files };
}

const statuses = (outcomes: readonly ImportOutcome[]) =>
  outcomes.map((outcome) => `${outcome.name}:${outcome.status}`);

describe('importFiles with real files', () => {
  it('imports a folder of mixed files, keeps each original, and reports bad files without leaving anything of them', async () => {
    const { folder, files } = await mixedFolder();
    const service = await library.open({ importSource, grants: await chosenPaths({ read: [folder] }) });
    const { outcomes } = await service.importFiles({
      sources: [{ kind: 'path', path: folder }],
      batchId: 'folder',
    });
    expect(statuses(outcomes)).toEqual([
      'a-review.html:imported',
      'b-book.epub:imported',
      'c-notes.odt:failed',
      'd-broken.docx:failed',
      'e-word.docx:imported',
      'f-paper.pdf:imported',
    ]);
    const failed = outcomes.filter((outcome) => outcome.status === 'failed');
    expect(failed.map((outcome) => outcome.error.message)).toEqual([
      expect.stringContaining('"c-notes.odt": .odt files are not supported yet'),
      expect.stringContaining('"d-broken.docx" is not a readable Word document'),
    ]);
    const progress = library.seen
      .filter((event) => event.name === 'import-progress')
      .map((event) => event.payload as { total: number; phase: string });
    expect(new Set(progress.map((event) => event.total))).toEqual(new Set([6]));
    expect(progress.filter((event) => event.phase === 'failed')).toHaveLength(2);

    const documents = await service.listDocuments({});
    expect(documents).toHaveLength(4);
    const originals = (await readdir(join(library.dir, 'originals'))).sort();
    expect(originals).toEqual(documents.map((document) => document.original).sort());
    for (const outcome of outcomes) {
      if (outcome.status !== 'imported') continue;
      const original = outcome.document.original ?? '';
      expect(original).toBe(`${outcome.document.id}.${outcome.name.split('.').pop() ?? ''}`);
      const sourceName = Object.keys(files).find((name) => name.endsWith(outcome.name)) ?? '';
      expect(await readFile(join(library.dir, 'originals', original))).toEqual(
        Buffer.from(files[sourceName]!),
      );
    }
    const book = documents.find((document) => document.source.format === 'epub')!;
    expect(book.csl).toMatchObject({
      type: 'book',
      title: 'A Book',
      author: [{ family: 'Doyle', given: 'Clare' }],
    });
    const text = projectDocument(docFromJSON((await service.getDocument({ documentId: book.id })).doc)).text;
    expect(text).toContain(paragraphs[3]!.slice(0, 60));

    // Deleting a document keeps its original a while, in case another computer brings the document back.
    await service.deleteDocument({ documentId: book.id });
    expect(await readdir(join(library.dir, 'originals'))).toContain(book.original);
    const later = Date.now() + 31 * 24 * 60 * 60 * 1000;
    await library.reopen({}, { wallClock: () => later });
    expect(await readdir(join(library.dir, 'originals'))).not.toContain(book.original);
    expect(await readdir(join(library.dir, 'documents'))).not.toContain(`${book.id}.json`);
  });

  it('reports content already in the library as a duplicate, or imports a copy when asked', async () => {
    const service = await library.open({ importSource });
    const source = upload('review.html', html);
    const [first] = (await service.importFiles({ sources: [source] })).outcomes;
    expect(first?.status).toBe('imported');
    const [second] = (await service.importFiles({ sources: [upload('renamed.html', html)] })).outcomes;
    expect(second?.status).toBe('duplicate');
    expect(second?.status === 'duplicate' && first?.status === 'imported' && second.document.id).toBe(
      first?.status === 'imported' && first.document.id,
    );
    expect(await service.listDocuments({})).toHaveLength(1);
    const duplicateEvent = library.seen
      .map((event) => event.payload as { phase?: string; documentId?: string })
      .find((event) => event.phase === 'duplicate');
    expect(duplicateEvent?.documentId).toBe(first?.status === 'imported' ? first.document.id : '');
    const [copy] = (await service.importFiles({ sources: [source], onDuplicate: 'import-copy' })).outcomes;
    expect(copy?.status).toBe('imported');
    expect(await service.listDocuments({})).toHaveLength(2);
  });

  it('refuses a 200 MB file before reading it, and imports the rest of the batch', async () => {
    const huge = join(library.root, 'huge.pdf');
    await writeFile(huge, '%PDF-1.4\n');
    await truncate(huge, 200 * 1024 * 1024);
    const service = await library.open({ importSource, grants: await chosenPaths({ read: [huge] }) });
    const { outcomes } = await service.importFiles({
      sources: [{ kind: 'path', path: huge }, upload('review.html', html)],
    });
    expect(statuses(outcomes)).toEqual(['huge.pdf:failed', 'review.html:imported']);
    expect(outcomes[0]?.status === 'failed' && outcomes[0].error.message).toContain(
      '"huge.pdf" is 200 MB, larger than the 50 MB',
    );
  });

  it('leaves no original behind when storing the document fails', async () => {
    let armed = false;
    const service = await library.open(
      { importSource },
      {
        hooks: {
          beforeAppend: (target) => {
            if (armed && target.endsWith('library.jsonl')) throw new Error('the disk is full');
          },
        },
      },
    );
    armed = true;
    const [outcome] = (await service.importFiles({ sources: [upload('review.html', html)] })).outcomes;
    expect(outcome?.status).toBe('failed');
    expect((await readdir(join(library.dir, 'originals'))).filter((name) => !name.startsWith('.'))).toEqual(
      [],
    );
    expect((await readdir(join(library.dir, 'documents'))).filter((name) => !name.startsWith('.'))).toEqual(
      [],
    );
  });
});

describe('cancelImport', () => {
  it('cancels the files not started, does not store the one in progress, and keeps what was done', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Importer = async (source) => {
      if (source.kind === 'bytes' && source.name === 'second.html') await gate;
      return importSource(source);
    };
    const service = await library.open({ importSource: slow });
    library.onEvent = (name, payload) => {
      const event = payload as { phase?: string; name?: string };
      if (name === 'import-progress' && event.phase === 'started' && event.name === 'second.html') {
        void service.cancelImport({ batchId: 'long' }).then((result) => {
          expect(result).toEqual({ cancelled: true });
          release();
        });
      }
    };
    const sources = ['first', 'second', 'third', 'fourth'].map((name) =>
      upload(`${name}.html`, html.replace('<title>', `<title>${name} `)),
    );
    const { outcomes } = await service.importFiles({ sources, batchId: 'long', onDuplicate: 'import-copy' });
    expect(statuses(outcomes)).toEqual([
      'first.html:imported',
      'second.html:cancelled',
      'third.html:cancelled',
      'fourth.html:cancelled',
    ]);
    expect(await service.listDocuments({})).toHaveLength(1);
    expect(await service.cancelImport({ batchId: 'long' })).toEqual({ cancelled: false });
  });
});

describe('reference files', () => {
  it('matches entries to documents by DOI, ISBN and title, and adds the others as metadata-only entries', async () => {
    const service = await library.open({ importSource });
    const [imported] = (await service.importFiles({ sources: [upload('review.html', html)] })).outcomes;
    const reviewId = imported?.status === 'imported' ? imported.document.id : '';
    const bib = `@article{review2026,
      title = {A Review of The Collapse of Stalinism},
      author = {Walsh, Lynn},
      journal = {Socialism Today},
      year = {2026},
      doi = {https://doi.org/10.5555/REVIEW.2026}
    }
    @book{taaffe2009,
      title = {The Collapse of Stalinism},
      author = {Taaffe, Peter},
      publisher = {Mentmore Press},
      year = {2009},
      isbn = {978-1-870958-00-1}
    }`;
    const [bibOutcome] = (await service.importFiles({ sources: [upload('refs.bib', bib)] })).outcomes;
    expect(bibOutcome?.status).toBe('references');
    if (bibOutcome?.status !== 'references') return;
    expect(bibOutcome.entries).toMatchObject([
      { action: 'matched', matchedBy: 'DOI', documentId: reviewId },
      { action: 'created', title: 'The Collapse of Stalinism' },
    ]);
    // The review's details came from its page, so they count as confirmed: the entry proposes its
    // details, and nothing changes until they are applied.
    const proposal = bibOutcome.entries[0]?.proposal;
    if (proposal === undefined) throw new Error('the matched entry proposed nothing');
    expect((await service.getDocument({ documentId: reviewId })).meta.csl['container-title']).toBeUndefined();
    const applied = await service.applyReferenceProposals({
      proposals: [
        {
          documentId: proposal.documentId,
          modifiedAt: proposal.modifiedAt,
          changes: proposal.changes.map(({ field, after }) => ({ field, value: after })),
        },
      ],
    });
    expect(applied.refused).toEqual([]);
    const review = (await service.getDocument({ documentId: reviewId })).meta;
    expect(review.csl).toMatchObject({
      id: reviewId,
      type: 'article-journal',
      'container-title': 'Socialism Today',
      author: [{ family: 'Walsh', given: 'Lynn' }],
    });
    const bookId = bibOutcome.entries[1]?.documentId ?? '';
    const book = await service.getDocument({ documentId: bookId });
    expect(book.meta).toMatchObject({
      metadataOnly: true,
      wordCount: 0,
      source: { fileName: 'refs.bib', format: 'bibtex' },
    });
    expect(book.meta.csl).toMatchObject({ id: bookId, type: 'book', publisher: 'Mentmore Press' });

    const ris =
      'TY  - BOOK\nTI  - The collapse of Stalinism!\nAU  - Taaffe, Peter\nSN  - 9781870958001\nPY  - 2009\nER  - \n';
    const [risOutcome] = (await service.importFiles({ sources: [upload('refs.ris', ris)] })).outcomes;
    expect(risOutcome?.status === 'references' && risOutcome.entries).toMatchObject([
      { action: 'matched', matchedBy: 'ISBN', documentId: bookId },
    ]);

    const csl = JSON.stringify([
      {
        id: 'x',
        type: 'webpage',
        title: 'A REVIEW OF “THE COLLAPSE OF STALINISM”',
        URL: 'https://example.org/r',
      },
      { id: 'bad', type: 'book', author: 'not a list' },
    ]);
    const [jsonOutcome] = (await service.importFiles({ sources: [upload('refs.json', csl)] })).outcomes;
    expect(jsonOutcome?.status === 'references' && jsonOutcome.entries).toMatchObject([
      { action: 'matched', matchedBy: 'title', documentId: reviewId },
      { action: 'failed', message: expect.stringContaining('author') as string },
    ]);
    expect(await service.listDocuments({})).toHaveLength(2);

    const [broken] = (
      await service.importFiles({ sources: [upload('broken.bib', '@article{oops, title = {never closed')] })
    ).outcomes;
    expect(broken?.status).toBe('failed');
    expect(broken?.status === 'failed' && broken.error.message).toContain(
      '"broken.bib" is not a readable BibTeX file',
    );
  });
});

describe('updateDocumentMetadata', () => {
  it('replaces the CSL metadata, keeps the id, and refuses a blank title', async () => {
    const service = await library.open({ importSource });
    const [imported] = (await service.importFiles({ sources: [upload('review.html', html)] })).outcomes;
    const id = imported?.status === 'imported' ? imported.document.id : '';
    const updated = await service.updateDocumentMetadata({
      documentId: id,
      csl: {
        type: 'article-magazine',
        title: 'The Collapse of Stalinism',
        author: [{ family: 'Walsh', given: 'Lynn' }],
        issued: { 'date-parts': [[2026, 2, 15]] },
        page: '12-14',
      },
    });
    expect(updated.csl).toEqual({
      id,
      type: 'article-magazine',
      title: 'The Collapse of Stalinism',
      author: [{ family: 'Walsh', given: 'Lynn' }],
      issued: { 'date-parts': [[2026, 2, 15]] },
      page: '12-14',
    });
    const error = await failure(
      service.updateDocumentMetadata({ documentId: id, csl: { type: 'book', title: '  ' } }),
    );
    expect(error.code).toBe('invalid-input');
    expect((await service.getDocument({ documentId: id })).meta.csl.title).toBe('The Collapse of Stalinism');
  });
});

describe('proposed metadata', () => {
  it('marks a plain text’s details as proposed until the reader saves them, and an undo can mark them again', async () => {
    const service = await library.open({ importSource });
    const text = `From The Socialist newspaper, 18 November 2009\n\nThe fall of the Wall\n\n${paragraphs.join('\n\n')}`;
    const [plain, page] = (
      await service.importFiles({ sources: [upload('wall.txt', text), upload('review.html', html)] })
    ).outcomes;
    const id = plain?.status === 'imported' ? plain.document.id : '';
    expect(plain?.status === 'imported' && plain.document.metadataProposed).toBe(true);
    // A web page's metadata is the page's own: nothing to confirm.
    expect(page?.status === 'imported' && page.document.metadataProposed).toBeUndefined();
    const proposed = (await service.getDocument({ documentId: id })).meta.csl;
    const { id: _id, ...draft } = proposed;

    const confirmed = await service.updateDocumentMetadata({ documentId: id, csl: draft });
    expect(confirmed.metadataProposed).toBeUndefined();
    expect(confirmed.csl).toEqual(proposed);

    const again = await service.updateDocumentMetadata({ documentId: id, csl: draft, proposed: true });
    expect(again.metadataProposed).toBe(true);
    expect((await service.listDocuments({})).find((d) => d.id === id)?.metadataProposed).toBe(true);
  });
});

describe('annotation files among the files imported', () => {
  const quoted = (paragraph: string | undefined, from: number, length: number) =>
    (paragraph ?? '').slice(from, from + length);

  function hypothesisExport(quotes: readonly string[]): string {
    return JSON.stringify({
      export_date: '2026-11-30T10:00:00.000Z',
      export_userid: 'acct:reader@hypothes.is',
      client_version: '1.1612.0',
      annotations: quotes.map((exact, index) => ({
        id: `h${String(index)}`,
        created: '2026-11-29T09:00:00.000Z',
        updated: '2026-11-29T09:00:00.000Z',
        user: 'acct:reader@hypothes.is',
        uri: 'https://example.org/review',
        text: index === 0 ? 'Worth quoting.' : '',
        tags: ['stalinism'],
        group: '__world__',
        permissions: { read: ['group:__world__'] },
        target: [{ source: 'https://example.org/review', selector: [{ type: 'TextQuoteSelector', exact }] }],
        document: { title: ['The review'] },
      })),
    });
  }

  it('places a Hypothesis client export’s annotations, reports the one it cannot place, and adds no document', async () => {
    const service = await library.open({ importSource });
    await service.importFiles({ sources: [upload('review.html', html)] });
    const file = hypothesisExport([
      quoted(paragraphs[0], 0, 60),
      quoted(paragraphs[2], 10, 50),
      'A sentence that the review never says anywhere at all.',
    ]);
    const [outcome] = (await service.importFiles({ sources: [upload('hypothesis.json', file)] })).outcomes;
    expect(outcome).toMatchObject({
      status: 'annotations',
      name: 'hypothesis.json',
      detected: 'a Hypothesis client export',
      report: { format: 'hypothesis', imported: 2, skipped: 0, failed: 1 },
    });
    if (outcome?.status !== 'annotations') return;
    expect(outcome.report.outcomes[2]).toMatchObject({
      status: 'failed',
      quote: 'A sentence that the review never says anywhere at all.',
      reason: expect.stringContaining('Import the document first') as string,
    });
    expect(await service.listDocuments({})).toHaveLength(1);

    const [again] = (await service.importFiles({ sources: [upload('hypothesis.json', file)] })).outcomes;
    expect(again?.status === 'annotations' && again.report).toMatchObject({ imported: 0, skipped: 2 });
  });

  it('takes a .jsonld file of W3C Web Annotations from a path for annotations', async () => {
    const path = join(library.root, 'notes.jsonld');
    await writeFile(
      path,
      JSON.stringify({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        type: 'Annotation',
        id: 'urn:uuid:7b0f7a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
        motivation: 'highlighting',
        target: { selector: [{ type: 'TextQuoteSelector', exact: quoted(paragraphs[1], 0, 40) }] },
      }),
    );
    const service = await library.open({ importSource, grants: await chosenPaths({ read: [path] }) });
    await service.importFiles({ sources: [upload('review.html', html)] });
    const [outcome] = (await service.importFiles({ sources: [{ kind: 'path', path }] })).outcomes;
    expect(outcome).toMatchObject({
      status: 'annotations',
      detected: 'a W3C Annotation',
      report: { format: 'jsonld', imported: 1 },
    });
  });
});
