import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiParsedArgs, ScholiaService } from '../../shared/api';
import type { Selectors } from '../../shared/model';
import { FIXTURE_FILES, fixturePath } from '../import/test-fixtures';
import type { LibraryStoreOptions } from '../store/library-store';
import { fixtureText, paragraphsDoc } from '../store/test-documents';
import type { LibraryServiceDependencies } from './library-service';
import {
  chosenPaths,
  failure,
  importUssr,
  selectorsFor,
  ticking,
  upload,
  useServiceLibrary,
  USSR,
  USSR_TEXT,
} from './test-service';

const REVIEW = fixtureText('review');

const library = useServiceLibrary();
const { seen } = library;

function openService(
  dependencies: LibraryServiceDependencies = {},
  storeOptions: Partial<LibraryStoreOptions> = {},
): Promise<ScholiaService> {
  return library.open(dependencies, storeOptions);
}

function reopenService(): Promise<ScholiaService> {
  return library.reopen();
}

function highlight(
  documentId: string,
  selectors: Selectors,
  extra: Partial<ApiParsedArgs<'createAnnotation'>> = {},
) {
  return { documentId, selectors, ...extra };
}

describe('importFiles', () => {
  it('stores each file with the importer’s metadata, its id as the CSL id, and reports it', async () => {
    const now = new Date('2026-11-23T16:30:00.000Z');
    const service = await openService({ now: () => now });
    const report = await service.importFiles({
      sources: [upload('ussr-1989.txt', USSR)],
      batchId: 'batch-1',
    });
    const [outcome] = report.outcomes;
    expect(outcome?.status).toBe('imported');
    if (outcome?.status !== 'imported') return;
    const { document } = outcome;
    expect(document).toMatchObject({
      csl: { id: document.id, type: 'article-newspaper', title: 'ussr-1989' },
      note: '',
      source: { fileName: 'ussr-1989.txt', format: 'txt', byteLength: Buffer.byteLength(USSR) },
      addedAt: now.toISOString(),
      modifiedAt: now.toISOString(),
    });
    expect((await service.getDocument({ documentId: document.id })).doc).toEqual(paragraphsDoc(USSR));
    expect(seen.map((e) => e.payload)).toEqual([
      { batchId: 'batch-1', index: 0, total: 1, name: 'ussr-1989.txt', phase: 'started' },
      {
        batchId: 'batch-1',
        index: 0,
        total: 1,
        name: 'ussr-1989.txt',
        phase: 'imported',
        documentId: document.id,
      },
      { scope: 'documents', documentId: document.id },
    ]);
  });

  it('reports a file that fails, leaves nothing of it behind, and imports the rest', async () => {
    const service = await openService();
    const report = await service.importFiles({
      sources: [upload('ussr-1989.txt', USSR), upload('empty.txt', '\n\n'), upload('review.txt', REVIEW)],
    });
    expect(report.outcomes.map((o) => o.status)).toEqual(['imported', 'failed', 'imported']);
    expect(report.outcomes[1]).toEqual({
      status: 'failed',
      name: 'empty.txt',
      error: {
        code: 'import-failed',
        message: 'empty.txt is empty. Choose a file that contains text.',
        path: 'empty.txt',
      },
    });
    const failed = seen.find(
      (e) => e.name === 'import-progress' && (e.payload as { phase: string }).phase === 'failed',
    );
    expect(failed?.payload).toMatchObject({ index: 1, total: 3, name: 'empty.txt' });
    expect((failed?.payload as { message?: string } | undefined)?.message).toContain('is empty');
    expect(await service.listDocuments({})).toHaveLength(2);
    expect(await readdir(join(library.dir, 'documents'))).toHaveLength(2);
  });

  it('leaves nothing behind when storing one file of a batch fails, and imports the rest', async () => {
    let libraryWrites = 0;
    const service = await openService(
      {},
      {
        hooks: {
          beforeAppend: (target) => {
            if (target.endsWith('library.jsonl') && ++libraryWrites === 2)
              throw new Error('the disk is full');
          },
        },
      },
    );
    libraryWrites = 0;
    const report = await service.importFiles({
      sources: [upload('ussr-1989.txt', USSR), upload('review.txt', REVIEW), upload('again.txt', USSR)],
      onDuplicate: 'import-copy',
    });
    expect(report.outcomes.map((o) => o.status)).toEqual(['imported', 'failed', 'imported']);
    expect(report.outcomes[1]?.status === 'failed' && report.outcomes[1].error.message).toContain(
      'the disk is full',
    );
    const titles = (await reopenService().then((s) => s.listDocuments({}))).map((d) => d.csl.title);
    expect(titles.sort()).toEqual(['again', 'ussr-1989']);
    expect(
      (await readdir(join(library.dir, 'documents'))).filter((name) => !name.startsWith('.')),
    ).toHaveLength(2);
  });

  it('names each batch with a fresh id when none is given', async () => {
    const service = await openService();
    await service.importFiles({ sources: [upload('ussr-1989.txt', USSR)] });
    await service.importFiles({ sources: [upload('review.txt', REVIEW)] });
    const batchIds = new Set(
      seen.filter((e) => e.name === 'import-progress').map((e) => (e.payload as { batchId: string }).batchId),
    );
    expect(batchIds.size).toBe(2);
  });

  it('imports a fixture file from disk with the real importer', async () => {
    const path = fixturePath(FIXTURE_FILES.ussr);
    // Chosen by the reader, as the Import dialog grants it.
    const service = await openService({ importSource: undefined, grants: await chosenPaths({ read: [path] }) });
    const [outcome] = (await service.importFiles({ sources: [{ kind: 'path', path }] })).outcomes;
    expect(outcome?.status).toBe('imported');
    expect(outcome?.name).toBe(FIXTURE_FILES.ussr);
  });
});

describe('documents', () => {
  it('lists documents most recently added first', async () => {
    const service = await openService({ now: ticking() });
    await service.importFiles({ sources: [upload('ussr-1989.txt', USSR), upload('review.txt', REVIEW)] });
    expect((await service.listDocuments({})).map((d) => d.source.fileName)).toEqual([
      'review.txt',
      'ussr-1989.txt',
    ]);
  });

  it('renames a document by its CSL title, bumps its modified time and keeps it after reopening', async () => {
    const service = await openService({ now: ticking() });
    const id = await importUssr(service);
    const renamed = await service.renameDocument({
      documentId: id,
      title: 'USSR 1989 - the collapse of Stalinism',
    });
    expect(renamed.csl.title).toBe('USSR 1989 - the collapse of Stalinism');
    expect(Date.parse(renamed.modifiedAt)).toBeGreaterThan(Date.parse(renamed.addedAt));
    expect(seen.at(-1)).toEqual({ name: 'library-changed', payload: { scope: 'documents', documentId: id } });
    expect((await (await reopenService()).getDocument({ documentId: id })).meta.csl.title).toBe(
      'USSR 1989 - the collapse of Stalinism',
    );
  });

  it('deletes a document with its annotations, for good', async () => {
    const service = await openService();
    const id = await importUssr(service);
    await service.createAnnotation(highlight(id, selectorsFor('the collapse of Stalinism')));
    expect(await service.deleteDocument({ documentId: id })).toBeNull();
    expect((await failure(service.getDocument({ documentId: id }))).code).toBe('not-found');
    expect((await failure(service.deleteDocument({ documentId: id }))).code).toBe('not-found');
    expect(await (await reopenService()).listDocuments({})).toEqual([]);
  });

  it('says which id it could not find', async () => {
    const service = await openService();
    const error = await failure(service.getDocument({ documentId: 'nope' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('No document with id "nope"');
    expect((await failure(service.renameDocument({ documentId: 'nope', title: 'A title' }))).code).toBe(
      'not-found',
    );
  });

  it('describes the library it serves', async () => {
    const service = await openService();
    await importUssr(service);
    expect(await service.getLibraryInfo({})).toEqual({
      path: library.dir,
      schemaVersion: 1,
      documentCount: 1,
    });
  });
});

describe('annotations', () => {
  it('creates a highlight with default colour, tags and comment, and lists highlights in text order', async () => {
    const service = await openService();
    const id = await importUssr(service);
    const later = await service.createAnnotation(highlight(id, selectorsFor('capitalist restoration')));
    const earlier = await service.createAnnotation(
      highlight(id, selectorsFor('the collapse of Stalinism'), { color: 'blue' }),
    );
    expect(later).toMatchObject({ documentId: id, color: 'yellow', tagIds: [], comment: '' });
    expect(earlier.color).toBe('blue');
    expect((await service.listAnnotations({ documentId: id })).map((a) => a.id)).toEqual([
      earlier.id,
      later.id,
    ]);
    expect(seen.at(-1)).toEqual({
      name: 'library-changed',
      payload: { scope: 'annotations', documentId: id },
    });
  });

  it('keeps a highlight once the call has returned: a fresh store on the folder sees it', async () => {
    const service = await openService();
    const id = await importUssr(service);
    const created = await service.createAnnotation(
      highlight(id, selectorsFor('the tumultuous events in 1989'), { comment: 'An eyewitness account.' }),
    );
    expect(await (await reopenService()).listAnnotations({ documentId: id })).toEqual([created]);
  });

  it('refuses a quote that is not the text at the given position', async () => {
    const service = await openService();
    const id = await importUssr(service);
    const [quote, position] = selectorsFor('the collapse of Stalinism');
    const error = await failure(
      service.createAnnotation(highlight(id, [{ ...quote, exact: 'the collapse of Capitalism' }, position])),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain(
      'the quote is “the collapse of Capitalism” but the text there is “the collapse of Stalinism”',
    );
  });

  it('refuses a position beyond the end of the text', async () => {
    const service = await openService();
    const id = await importUssr(service);
    const [quote] = selectorsFor('the collapse of Stalinism');
    const end = USSR_TEXT.length + 10;
    const error = await failure(
      service.createAnnotation(
        highlight(id, [quote, { type: 'TextPositionSelector', start: end - 25, end }]),
      ),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain(`which has ${USSR_TEXT.length} characters`);
  });

  it('refuses tags that are not in the codebook and accepts those that are', async () => {
    await mkdir(library.dir, { recursive: true });
    const codebook = [
      { id: 'tag-testimony', name: 'Eyewitness testimony', parentId: null, color: null, description: '' },
    ];
    await writeFile(
      join(library.dir, 'library.json'),
      JSON.stringify({ schemaVersion: 1, documents: [], tags: codebook, collections: [], settings: {} }),
    );
    const service = await openService();
    const id = await importUssr(service);
    const unknown = await failure(
      service.createAnnotation(
        highlight(id, selectorsFor('eyewitness'), { tagIds: ['tag-testimony', 'tag-nope'] }),
      ),
    );
    expect(unknown.code).toBe('invalid-input');
    expect(unknown.message).toContain('Unknown tag id "tag-nope"');
    const tagged = await service.createAnnotation(
      highlight(id, selectorsFor('eyewitness'), { tagIds: ['tag-testimony'] }),
    );
    expect(tagged.tagIds).toEqual(['tag-testimony']);
  });

  it('reports a missing document as not found', async () => {
    const service = await openService();
    const error = await failure(
      service.createAnnotation(highlight('gone', selectorsFor('the collapse of Stalinism'))),
    );
    expect(error.code).toBe('not-found');
    expect((await failure(service.listAnnotations({ documentId: 'gone' }))).code).toBe('not-found');
  });

  it('deletes one highlight and reports one that is not there', async () => {
    const service = await openService();
    const id = await importUssr(service);
    const kept = await service.createAnnotation(highlight(id, selectorsFor('Stalinism', 1)));
    const removed = await service.createAnnotation(highlight(id, selectorsFor('Stalinism', 2)));
    await service.deleteAnnotation({ documentId: id, annotationId: removed.id });
    const reopened = await reopenService();
    expect(await reopened.listAnnotations({ documentId: id })).toEqual([kept]);
    const error = await failure(reopened.deleteAnnotation({ documentId: id, annotationId: removed.id }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(`No annotation with id "${removed.id}"`);
  });
});
