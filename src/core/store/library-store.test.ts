import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation, DocumentMeta } from '../../shared/model';
import { LibraryStore, type LibraryStoreOptions } from './library-store';
import { MigrationRegistry } from './migrations';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { useStoreFolder } from './test-store';
import { failure } from '../test-support';

const USSR = fixtureText('ussr');
const QUOTE = 'the collapse of Stalinism';

const temp = useStoreFolder('scholia-store-', 'the store tests');
const { closeAll } = temp;

async function openStore(options: Partial<LibraryStoreOptions> = {}): Promise<LibraryStore> {
  return temp.open(temp.dir, options);
}

async function reopen(
  store: LibraryStore,
  options: Partial<LibraryStoreOptions> = {},
): Promise<LibraryStore> {
  await store.close();
  return openStore(options);
}

function ussrMeta(): DocumentMeta {
  return metaFor(USSR, 'USSR 1989 - the collapse of Stalinism', 'ussr-1989.txt');
}

function annotationOn(documentId: string, start: number): Annotation {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: QUOTE, prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start, end: start + QUOTE.length },
    ],
    color: 'yellow',
    tagIds: [],
    comment: 'Doyle’s thesis in one phrase.',
    createdAt: now,
    modifiedAt: now,
  };
}

describe('LibraryStore.open', () => {
  it('creates the folder layout and an empty library', async () => {
    const store = await openStore();
    expect((await readdir(temp.dir)).sort()).toEqual([
      '.lock',
      'annotations',
      'backups',
      'documents',
      'library.json',
    ]);
    expect(JSON.parse(await readFile(join(temp.dir, 'library.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      documents: [],
      tags: [],
      collections: [],
      settings: {},
    });
    expect(store.listDocuments()).toEqual([]);
  });

  it('refuses a library another store has open, and allows it once that one closes', async () => {
    const first = await openStore();
    const error = await failure(LibraryStore.open(temp.dir, { owner: 'a second window' }));
    expect(error.code).toBe('library-locked');
    expect(error.message).toContain('in use by the store tests');
    await first.close();
    await openStore();
  });

  it('reports an unparseable library.json with its path, leaves it byte for byte unchanged and releases the lock', async () => {
    await reopen(await openStore());
    await closeAll();
    const path = join(temp.dir, 'library.json');
    const damaged = Buffer.from('{"schemaVersion": 1, "documents": [\u0000');
    await writeFile(path, damaged);
    const error = await failure(LibraryStore.open(temp.dir, { owner: 'the store tests' }));
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain(`library.json in ${temp.dir} is not valid JSON`);
    expect(error.message).toContain(`Restore it from a snapshot in ${join(temp.dir, 'backups')}`);
    expect(await readFile(path)).toEqual(damaged);
    expect(await readdir(temp.dir)).not.toContain('.lock');
  });

  it('snapshots library.json into backups when opened after a change, keeping the newest few', async () => {
    let store = await openStore({ backupsKept: 3 });
    for (let i = 0; i < 5; i++) {
      await store.addDocument(ussrMeta(), paragraphsDoc(USSR));
      store = await reopen(store, { backupsKept: 3 });
    }
    const snapshots = await readdir(join(temp.dir, 'backups'));
    expect(snapshots).toHaveLength(3);
    const newest = snapshots.sort().at(-1) ?? '';
    expect(await readFile(join(temp.dir, 'backups', newest), 'utf8')).toBe(
      await readFile(join(temp.dir, 'library.json'), 'utf8'),
    );
  });

  it('takes no new snapshot when the library has not changed since the last one', async () => {
    const store = await openStore();
    await store.addDocument(ussrMeta(), paragraphsDoc(USSR));
    await reopen(await reopen(await reopen(store)));
    expect(await readdir(join(temp.dir, 'backups'))).toHaveLength(1);
  });

  it('removes temp files that an interrupted write left behind', async () => {
    const store = await openStore();
    await writeFile(join(temp.dir, 'documents', '.abc.json.0123456789ab.tmp'), '{"half":');
    await reopen(store);
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([]);
  });

  it('migrates an older library.json, saves it in the current format and keeps the original as a snapshot', async () => {
    const meta = ussrMeta();
    const version0 = JSON.stringify({ schemaVersion: 0, items: [meta], tags: [] });
    await mkdir(temp.dir, { recursive: true });
    await writeFile(join(temp.dir, 'library.json'), version0);
    const migrations = new MigrationRegistry(1).register({
      kind: 'library',
      from: 0,
      to: 1,
      migrate: ({ items, ...rest }) => ({ ...rest, documents: items, collections: [], settings: {} }),
    });
    const store = await openStore({ migrations });
    expect(store.listDocuments()).toEqual([meta]);
    expect(JSON.parse(await readFile(join(temp.dir, 'library.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      documents: [meta],
    });
    const [snapshot] = await readdir(join(temp.dir, 'backups'));
    expect(await readFile(join(temp.dir, 'backups', snapshot ?? ''), 'utf8')).toBe(version0);
  });

  it('refuses a library.json made by a newer Scholia and leaves it untouched', async () => {
    await reopen(await openStore());
    await closeAll();
    const newer = JSON.stringify({ schemaVersion: 2, documents: [], shelves: [] });
    await writeFile(join(temp.dir, 'library.json'), newer);
    const error = await failure(LibraryStore.open(temp.dir, { owner: 'the store tests' }));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('made by a newer Scholia');
    expect(await readFile(join(temp.dir, 'library.json'), 'utf8')).toBe(newer);
  });
});

describe('LibraryStore documents', () => {
  it('adds a document whose metadata, text and empty annotations a fresh store reads back', async () => {
    const meta = ussrMeta();
    const doc = paragraphsDoc(USSR);
    const store = await openStore();
    await store.addDocument(meta, doc);
    const fresh = await reopen(store);
    expect(fresh.getDocument(meta.id)).toEqual(meta);
    expect(await fresh.readDocumentText(meta.id)).toEqual(doc);
    expect(await fresh.readAnnotations(meta.id)).toEqual([]);
  });

  it('leaves nothing behind when saving library.json fails while adding a document', async () => {
    let failLibrary = false;
    const store = await openStore({
      hooks: {
        beforeRename: (_temp, target) => {
          if (failLibrary && target.endsWith('library.json')) throw new Error('disk pulled out');
        },
      },
    });
    failLibrary = true;
    await expect(store.addDocument(ussrMeta(), paragraphsDoc(USSR))).rejects.toThrow('disk pulled out');
    expect(store.listDocuments()).toEqual([]);
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([]);
    expect(await readdir(join(temp.dir, 'annotations'))).toEqual([]);
    failLibrary = false;
    const fresh = await reopen(store);
    expect(fresh.listDocuments()).toEqual([]);
  });

  it('renames through updateDocument and keeps the change across openings', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    await store.updateDocument(meta.id, (m) => ({ ...m, csl: { ...m.csl, title: 'Eyewitness to 1989' } }));
    expect((await reopen(store)).getDocument(meta.id)?.csl.title).toBe('Eyewitness to 1989');
  });

  it('removes a document from library.json and deletes its text and annotations files', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    expect(await store.removeDocument(meta.id)).toBe(true);
    expect(store.getDocument(meta.id)).toBeNull();
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([]);
    expect(await readdir(join(temp.dir, 'annotations'))).toEqual([]);
    expect(await store.removeDocument(meta.id)).toBe(false);
  });

  it('answers null for a document it does not have', async () => {
    const store = await openStore();
    expect(store.getDocument('no-such-document')).toBeNull();
    expect(await store.readDocumentText('no-such-document')).toBeNull();
    expect(await store.readAnnotations('no-such-document')).toBeNull();
    expect(await store.updateDocument('no-such-document', (m) => m)).toBeNull();
  });

  it('will not use an id that is not a safe file name', async () => {
    const store = await openStore();
    const meta = { ...ussrMeta(), id: '../../escape' };
    expect((await failure(store.addDocument(meta, paragraphsDoc(USSR)))).code).toBe('invalid-input');
  });

  it('reports a missing text file as damage to the library', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    await rm(join(temp.dir, 'documents', `${meta.id}.json`));
    const error = await failure(store.readDocumentText(meta.id));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain(`${meta.id}.json does not exist`);
  });
});

describe('LibraryStore annotations', () => {
  it('saves annotations that a fresh store reads back', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    const annotation = annotationOn(meta.id, USSR.indexOf(QUOTE));
    await store.updateAnnotations(meta.id, (list) => [...list, annotation]);
    expect(await (await reopen(store)).readAnnotations(meta.id)).toEqual([annotation]);
  });

  it('loses no annotation when many are added at once', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    const added = Array.from({ length: 20 }, (_, i) => annotationOn(meta.id, i));
    await Promise.all(added.map((a) => store.updateAnnotations(meta.id, (list) => [...list, a])));
    expect(await (await reopen(store)).readAnnotations(meta.id)).toHaveLength(20);
  });

  it('reports an annotations file that fails its schema and does not overwrite it', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    const fresh = await reopen(store);
    const path = join(temp.dir, 'annotations', `${meta.id}.json`);
    const damaged = JSON.stringify({ schemaVersion: 1, documentId: meta.id, annotations: [{ id: 'x' }] });
    await writeFile(path, damaged);
    expect((await failure(fresh.readAnnotations(meta.id))).code).toBe('library-corrupt');
    expect((await failure(fresh.updateAnnotations(meta.id, (list) => list))).code).toBe('library-corrupt');
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });
});
