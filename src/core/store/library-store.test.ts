import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation, DocumentMeta } from '../../shared/model';
import { LibraryStore, type LibraryStoreOptions } from './library-store';
import { MigrationRegistry } from './migrations';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { savedOn, TEST_DEVICE, useStoreFolder } from './test-store';
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

function ownLibraryLog(): string {
  return join(temp.dir, 'devices', TEST_DEVICE.id, 'library.jsonl');
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
      '.stignore',
      'backups',
      'devices',
      'documents',
      'local',
    ]);
    expect(await readdir(join(temp.dir, 'local', TEST_DEVICE.id))).toContain('.lock');
    expect(store.listDocuments()).toEqual([]);
    expect(store.listTags()).toEqual([]);
  });

  it('refuses a library another store has open, and allows it once that one closes', async () => {
    const first = await openStore();
    const error = await failure(
      LibraryStore.open(temp.dir, { owner: 'a second window', device: TEST_DEVICE }),
    );
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
    const error = await failure(
      LibraryStore.open(temp.dir, { owner: 'the store tests', device: TEST_DEVICE }),
    );
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain(`library.json in ${temp.dir} is not valid JSON`);
    expect(error.message).toContain(`Restore it from a snapshot in ${join(temp.dir, 'backups')}`);
    expect(await readFile(path)).toEqual(damaged);
    expect(await readdir(join(temp.dir, 'local', TEST_DEVICE.id))).not.toContain('.lock');
  });

  it('snapshots this device’s library log into backups when opened after a change, keeping the newest few', async () => {
    let store = await openStore({ backupsKept: 3 });
    for (let i = 0; i < 5; i++) {
      await store.addDocument(ussrMeta(), paragraphsDoc(USSR));
      store = await reopen(store, { backupsKept: 3 });
    }
    const folder = join(temp.dir, 'backups', TEST_DEVICE.id);
    const snapshots = await readdir(folder);
    expect(snapshots).toHaveLength(3);
    const newest = snapshots.sort().at(-1) ?? '';
    expect(await readFile(join(folder, newest), 'utf8')).toBe(await readFile(ownLibraryLog(), 'utf8'));
  });

  it('takes no new snapshot when the library has not changed since the last one', async () => {
    const store = await openStore();
    await store.addDocument(ussrMeta(), paragraphsDoc(USSR));
    await reopen(await reopen(await reopen(store)));
    expect(await readdir(join(temp.dir, 'backups', TEST_DEVICE.id))).toHaveLength(1);
  });

  it('removes temp files that an interrupted write left behind', async () => {
    const store = await openStore();
    await writeFile(join(temp.dir, 'documents', '.abc.json.0123456789ab.tmp'), '{"half":');
    await reopen(store);
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([]);
  });

  it('converts an older library.json into this device’s logs once, keeping the original in backups', async () => {
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
    expect(store.takeNotices().map((notice) => notice.kind)).toEqual(['converted']);
    expect(await readdir(temp.dir)).not.toContain('library.json');
    const [backup] = (await readdir(join(temp.dir, 'backups'))).filter((name) =>
      name.startsWith('before-sync-'),
    );
    expect(await readFile(join(temp.dir, 'backups', backup ?? '', 'library.json'), 'utf8')).toBe(version0);
    expect((await reopen(store)).listDocuments()).toEqual([meta]);
  });

  it('refuses a library.json made by a newer Scholia and leaves it untouched', async () => {
    await reopen(await openStore());
    await closeAll();
    const newer = JSON.stringify({ schemaVersion: 2, documents: [], shelves: [] });
    await writeFile(join(temp.dir, 'library.json'), newer);
    const error = await failure(
      LibraryStore.open(temp.dir, { owner: 'the store tests', device: TEST_DEVICE }),
    );
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

  it('leaves nothing behind when saving to the library log fails while adding a document', async () => {
    let failLibrary = false;
    const store = await openStore({
      hooks: {
        beforeAppend: (path) => {
          if (failLibrary && path.endsWith('library.jsonl')) throw new Error('disk pulled out');
        },
      },
    });
    failLibrary = true;
    await expect(store.addDocument(ussrMeta(), paragraphsDoc(USSR))).rejects.toThrow('disk pulled out');
    expect(store.listDocuments()).toEqual([]);
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([]);
    expect(await readdir(join(temp.dir, 'devices', TEST_DEVICE.id, 'annotations'))).toEqual([]);
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

  it('removes a document from the library for good, keeping its text for a computer that annotated it meanwhile', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    expect(await store.removeDocument(meta.id)).toBe(true);
    expect(store.getDocument(meta.id)).toBeNull();
    expect(await store.removeDocument(meta.id)).toBe(false);
    expect((await reopen(store)).getDocument(meta.id)).toBeNull();
    expect(await readdir(join(temp.dir, 'documents'))).toEqual([`${meta.id}.json`]);
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
    expect(await (await reopen(store)).readAnnotations(meta.id)).toEqual([savedOn(annotation)]);
  });

  it('loses no annotation when many are added at once', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    const added = Array.from({ length: 20 }, (_, i) => annotationOn(meta.id, i));
    await Promise.all(added.map((a) => store.updateAnnotations(meta.id, (list) => [...list, a])));
    expect(await (await reopen(store)).readAnnotations(meta.id)).toHaveLength(20);
  });

  it('keeps serving the readable annotations of a damaged log, refuses to write to it and leaves it as it is', async () => {
    const meta = ussrMeta();
    const store = await openStore();
    await store.addDocument(meta, paragraphsDoc(USSR));
    const kept = annotationOn(meta.id, USSR.indexOf(QUOTE));
    await store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: kept }));
    await store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: annotationOn(meta.id, 0) }));
    await store.close();
    const path = join(temp.dir, 'devices', TEST_DEVICE.id, 'annotations', `${meta.id}.jsonl`);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const damaged = [lines[0], '{"v":2,"h":"garbled', ...lines.slice(1)].join('\n');
    await writeFile(path, damaged);
    const fresh = await openStore();
    expect(await fresh.readAnnotations(meta.id)).toEqual([
      savedOn(kept),
      expect.objectContaining({ documentId: meta.id }),
    ]);
    const error = await failure(fresh.appendAnnotationChange(meta.id, () => ({ op: 'delete', id: kept.id })));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain(`${meta.id}.jsonl`);
    expect(error.message).toContain('line 2');
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });
});
