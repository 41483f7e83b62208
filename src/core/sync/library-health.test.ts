import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayTitle, type Annotation } from '../../shared/model';
import { quoteAnnotation } from '../../shared/test-annotations';
import { listSnapshots } from '../store/backups';
import { serializeEntry } from './change-log';
import { LibraryStore } from '../store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../store/test-documents';
import { TEST_DEVICE, useStoreFolder } from '../store/test-store';
import type { DeviceIdentity } from './device';

const temp = useStoreFolder('scholia-health-', 'the health tests');
const OTHER: DeviceIdentity = { id: 'otherdevice1', name: 'Other computer', readerName: 'Other' };
const USSR = fixtureText('ussr');

function ownLog(): string {
  return join(temp.dir, 'devices', TEST_DEVICE.id, 'library.jsonl');
}

function note(documentId: string): Annotation {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: 'USSR', prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start: 0, end: 4 },
    ],
    color: 'yellow',
    tagIds: [],
    comment: 'A note worth keeping.',
    createdAt: now,
    modifiedAt: now,
  };
}

/**
 * A library with two documents, a tag and a note made on this computer, opened again once (so that
 * `backups/` holds a snapshot of it all) and closed; and a document added on another computer.
 */
async function libraryWithBackup(): Promise<{ ids: string[]; tagId: string }> {
  const store = await temp.open();
  const first = metaFor(USSR, 'USSR 1989', 'ussr.txt');
  const second = metaFor(USSR, 'Second copy', 'ussr-2.txt');
  await store.addDocument(first, paragraphsDoc(USSR));
  await store.addDocument(second, paragraphsDoc(USSR));
  const tagId = randomUUID();
  await store.updateTags(() => [{ id: tagId, name: 'Theory', parentId: null, color: null, description: '' }]);
  await store.writeAnnotations(first.id, [{ ...note(first.id), tagIds: [tagId] }]);
  await store.close();
  await (await temp.open()).close();
  const other = await temp.open(temp.dir, { device: OTHER });
  await other.addDocument(metaFor(USSR, 'From the other computer', 'other.txt'), paragraphsDoc(USSR));
  await other.close();
  return { ids: [first.id, second.id], tagId };
}

describe('a lost library log of this computer', () => {
  it('is reported by name with the backup, is not taken for an empty library, and --repair brings everything back', async () => {
    const { ids, tagId } = await libraryWithBackup();
    await rm(ownLog());
    const store = await temp.open();
    const notices = store.takeNotices();
    const damaged = notices.filter((notice) => notice.kind === 'damaged');
    expect(damaged).toHaveLength(1);
    const message = damaged[0]?.message ?? '';
    expect(message).toContain(`devices/${TEST_DEVICE.id}/library.jsonl is missing`);
    expect(message).toMatch(/it held \d+ changes at the last close/);
    expect(message).toMatch(
      new RegExp(`the newest backup is backups/${TEST_DEVICE.id}/library-[0-9TZ-]+\\.json from \\d{4}-`),
    );
    // Other computers' changes still show meanwhile.
    expect(store.listDocuments().map((meta) => displayTitle(meta))).toEqual(['From the other computer']);
    const problems = await store.check();
    expect(problems.map((problem) => [problem.kind, problem.repairable])).toEqual([
      ['own-log-missing', true],
    ]);
    await store.close();
    // No snapshot of the lost log was taken, and the loss is still reported at the next opening.
    expect(await listSnapshots(join(temp.dir, 'backups', TEST_DEVICE.id))).toHaveLength(1);
    const again = await temp.open();
    expect(again.takeNotices().some((notice) => notice.message.includes('library.jsonl is missing'))).toBe(
      true,
    );
    await again.close();

    const actions = await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    expect(actions).toHaveLength(1);
    expect(actions[0]?.restored).toBe(true);
    const restored = await temp.open();
    expect(restored.takeNotices().filter((notice) => notice.kind === 'damaged')).toEqual([]);
    expect(restored.listDocuments().map((meta) => meta.id)).toEqual(expect.arrayContaining(ids));
    expect(restored.listDocuments()).toHaveLength(3);
    expect(restored.listTags().map((tag) => tag.id)).toEqual([tagId]);
    const annotations = await restored.readAnnotations(ids[0] ?? '');
    expect(annotations?.map((annotation) => [annotation.comment, annotation.tagIds])).toEqual([
      ['A note worth keeping.', [tagId]],
    ]);
    expect(await restored.check()).toEqual([]);
  });

  it('is repaired without losing what was saved after the loss, the file in place moved aside', async () => {
    await libraryWithBackup();
    await writeFile(ownLog(), '');
    const store = await temp.open();
    expect(
      store
        .takeNotices()
        .map((notice) => notice.message)
        .join('\n'),
    ).toContain('library.jsonl is empty');
    // Nothing is added to what is left of it while a backup can restore it.
    const tagId = randomUUID();
    const refused = await store
      .updateTags((tags) => [
        ...tags,
        { id: tagId, name: 'Refused', parentId: null, color: null, description: '' },
      ])
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(String(refused)).toContain('library.jsonl is empty');
    expect(await readFile(ownLog(), 'utf8')).toBe('');
    await store.close();
    // A change another program added to the emptied file meanwhile is kept by the repair.
    await writeFile(
      ownLog(),
      serializeEntry({
        h: '0zzzzzzzz0001',
        d: TEST_DEVICE.id,
        k: `tag:${tagId}`,
        s: { name: 'Added meanwhile', parentId: null, color: null, description: '' },
      }),
    );
    const [action] = await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    expect(action?.message).toContain('keeping the 1 change(s) saved in it since');
    const aside = await readdir(join(temp.dir, 'local', TEST_DEVICE.id, 'damaged'));
    expect(aside).toEqual([expect.stringMatching(/^library\.jsonl\.\d{4}-/)]);
    const restored = await temp.open();
    expect(restored.listDocuments()).toHaveLength(3);
    expect(
      restored
        .listTags()
        .map((tag) => tag.name)
        .sort(),
    ).toEqual(['Added meanwhile', 'Theory']);
  });

  it('reports a log shorter than at the last close', async () => {
    await libraryWithBackup();
    const size = (await readFile(ownLog())).length;
    const text = await readFile(ownLog(), 'utf8');
    await truncate(ownLog(), text.indexOf('\n') + 1);
    const store = await temp.open();
    const message = store.takeNotices().find((notice) => notice.kind === 'damaged')?.message ?? '';
    expect(message).toContain(`library.jsonl is shorter than at the last close`);
    expect(message).toContain(`where it had ${String(size)}`);
    expect((await store.check()).map((problem) => problem.kind)).toEqual(['own-log-short']);
  });

  it('is not reported for a new library, nor for one that was merely closed and opened again', async () => {
    const store = await temp.open();
    expect(store.takeNotices()).toEqual([]);
    await store.addDocument(metaFor(USSR, 'One', 'one.txt'), paragraphsDoc(USSR));
    await store.close();
    const again = await temp.open();
    expect(again.takeNotices()).toEqual([]);
    expect(await again.check()).toEqual([]);
  });

  it('is not reported for a computer that has only highlighted, so holds annotation logs and no library log', async () => {
    const other: DeviceIdentity = { id: 'otherpc00001', name: 'Other', readerName: 'Ben' };
    const first = await temp.open(temp.dir, { device: other });
    const meta = metaFor(USSR, 'Shared', 'shared.txt');
    await first.addDocument(meta, paragraphsDoc(USSR));
    await first.close();
    const here = await temp.open();
    const exact = 'the collapse of Stalinism';
    await here.appendAnnotationChange(meta.id, () => ({
      op: 'put',
      annotation: quoteAnnotation({
        id: randomUUID(),
        documentId: meta.id,
        exact,
        start: USSR.indexOf(exact),
      }),
    }));
    await here.close();
    const again = await temp.open();
    expect(again.takeNotices()).toEqual([]);
    expect(await again.check()).toEqual([]);
  });

  it('reports a document whose text file is missing', async () => {
    const store = await temp.open();
    const meta = metaFor(USSR, 'Text gone', 'gone.txt');
    await store.addDocument(meta, paragraphsDoc(USSR));
    await rm(join(temp.dir, 'documents', `${meta.id}.json`));
    const problems = await store.check();
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'text-missing', file: `documents/${meta.id}.json`, repairable: false }),
    ]);
    expect(problems[0]?.message).toContain('“Text gone”');
  });

  it('puts back a text or an original deleted after an opening, from the copy this computer kept', async () => {
    const store = await temp.open();
    const meta = { ...metaFor(USSR, 'Text gone', 'gone.txt'), original: 'gone.txt' };
    const original = new TextEncoder().encode(USSR);
    await store.addDocument({ ...meta, original: `${meta.id}.txt` }, paragraphsDoc(USSR), original);
    await store.close();
    await (await temp.open()).close();
    const text = join(temp.dir, 'documents', `${meta.id}.json`);
    const kept = await readFile(text);
    await rm(text);
    await rm(join(temp.dir, 'originals', `${meta.id}.txt`));
    const opened = await temp.open();
    expect((await opened.check()).map((problem) => [problem.kind, problem.repairable])).toEqual([
      ['text-missing', true],
      ['original-damaged', true],
    ]);
    await opened.close();
    const actions = await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    expect(actions.map((action) => action.file).sort()).toEqual([
      `documents/${meta.id}.json`,
      `originals/${meta.id}.txt`,
    ]);
    expect(await readFile(text)).toEqual(kept);
    const restored = await temp.open();
    expect(await restored.check()).toEqual([]);
    expect(await restored.readDocumentText(meta.id)).not.toBeNull();
    await restored.close();
  });

  it('restores a deleted annotation log of this computer from its snapshot', async () => {
    const { ids, tagId } = await libraryWithBackup();
    const id = ids[0] ?? '';
    await rm(join(temp.dir, 'devices', TEST_DEVICE.id, 'annotations', `${id}.jsonl`));
    const store = await temp.open();
    const problems = await store.check();
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'annotation-log-missing',
        file: `devices/${TEST_DEVICE.id}/annotations/${id}.jsonl`,
        repairable: true,
      }),
    ]);
    expect(problems[0]?.backup?.file).toContain(`backups/${TEST_DEVICE.id}/annotations/${id}/annotations-`);
    await store.close();
    const actions = await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    expect(actions.map((action) => action.file)).toEqual([
      `devices/${TEST_DEVICE.id}/annotations/${id}.jsonl`,
    ]);
    const restored = await temp.open();
    expect((await restored.readAnnotations(id))?.map((annotation) => annotation.tagIds)).toEqual([[tagId]]);
    expect(await restored.check()).toEqual([]);
  });
});

describe('a lost or shortened annotation log of this computer', () => {
  /** A document with `count` highlights made over two sessions (each close snapshots the logs in backups). */
  async function annotated(count: number): Promise<{ id: string; path: string; all: Annotation[] }> {
    let store = await temp.open();
    const meta = metaFor(USSR, 'USSR 1989', 'ussr.txt');
    await store.addDocument(meta, paragraphsDoc(USSR));
    const all: Annotation[] = [];
    for (let n = 0; n < count; n++) {
      const annotation = { ...note(meta.id), comment: `Note ${String(n)}` };
      all.push(annotation);
      await store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation }));
      // Half way, a close and an opening.
      if (n === Math.floor(count / 2) - 1) {
        await store.close();
        store = await temp.open();
      }
    }
    await store.close();
    return {
      id: meta.id,
      path: join(temp.dir, 'devices', TEST_DEVICE.id, 'annotations', `${meta.id}.jsonl`),
      all,
    };
  }

  const comments = (list: readonly Annotation[] | null): string[] =>
    (list ?? []).map((annotation) => annotation.comment).sort();

  it.each([
    ['deleted', (path: string) => rm(path), 'is missing'],
    ['emptied', (path: string) => truncate(path, 0), 'is empty'],
    [
      'cut short',
      async (path: string) => truncate(path, Math.floor((await readFile(path)).length / 3)),
      'is shorter than at the last close',
    ],
  ])('when %s, is reported at opening, left alone, and restored by a repair', async (_how, damage, state) => {
    const { id, path, all } = await annotated(16);
    await damage(path);
    const left = await readFile(path).catch(() => null);
    const store = await temp.open();
    const damaged = store.takeNotices().filter((notice) => notice.kind === 'damaged');
    expect(damaged).toHaveLength(1);
    expect(damaged[0]?.message).toContain(`devices/${TEST_DEVICE.id}/annotations/${id}.jsonl`);
    expect(damaged[0]?.message).toContain('“USSR 1989”');
    expect(damaged[0]?.message).toContain(state);
    expect(damaged[0]?.message).toMatch(/it held 16 changes at the last close/);
    expect(damaged[0]?.message).toMatch(/holds 16 annotations/);
    // Nothing more is written to it: a new highlight is refused, saying why.
    const refused = await store
      .appendAnnotationChange(id, () => ({ op: 'put', annotation: note(id) }))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(String(refused)).toContain('Until it is restored, no more highlights');
    const problems = await store.check();
    expect(problems).toEqual([
      expect.objectContaining({
        file: `devices/${TEST_DEVICE.id}/annotations/${id}.jsonl`,
        repairable: true,
      }),
    ]);
    expect(problems[0]?.backup?.items).toBe(16);
    await store.close();
    expect(await readFile(path).catch(() => null)).toEqual(left);
    // Reported again at the next opening: no snapshot of the short log pushed the good ones out.
    const again = await temp.open();
    expect(again.takeNotices().filter((notice) => notice.kind === 'damaged')).toHaveLength(1);
    await again.close();
    await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    const restored = await temp.open();
    expect(restored.takeNotices().filter((notice) => notice.kind === 'damaged')).toEqual([]);
    expect(comments(await restored.readAnnotations(id))).toEqual(comments(all));
    expect(await restored.check()).toEqual([]);
    await restored.appendAnnotationChange(id, () => ({ op: 'put', annotation: note(id) }));
    await restored.close();
  });

  it('is told apart from a log that merely holds no annotations', async () => {
    const store = await temp.open();
    const meta = metaFor(USSR, 'Never annotated', 'never.txt');
    await store.addDocument(meta, paragraphsDoc(USSR));
    await store.close();
    const again = await temp.open();
    expect(again.takeNotices()).toEqual([]);
    expect(await again.check()).toEqual([]);
    await again.close();
  });

  it('restores a log with a damaged line from its snapshot, keeping the sound lines saved since', async () => {
    const { id, path, all } = await annotated(10);
    const bytes = await readFile(path);
    const lines = bytes.toString('utf8').split('\n');
    lines[1] = 'x'.repeat(lines[1]?.length ?? 1);
    await writeFile(path, lines.join('\n'));
    const store = await temp.open();
    const list = await store.readAnnotations(id);
    expect(list).toHaveLength(9);
    const problems = await store.check();
    expect(problems).toEqual([expect.objectContaining({ kind: 'annotation-log-damaged', repairable: true })]);
    await store.close();
    const actions = await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    expect(actions[0]?.movedAside).toMatch(/^local\/.+\/damaged\//);
    const restored = await temp.open();
    expect(comments(await restored.readAnnotations(id))).toEqual(comments(all));
    expect(await restored.check()).toEqual([]);
    await restored.close();
  });

  it('reads zeros over the whole file as a loss when the log is first read, and refuses to write over them', async () => {
    const { id, path, all } = await annotated(6);
    const size = (await readFile(path)).length;
    await writeFile(path, Buffer.alloc(size));
    const store = await temp.open();
    const told: string[] = [];
    store.onNotice((notice) => told.push(notice.message));
    expect(await store.readAnnotations(id)).toEqual([]);
    expect(told.join('\n')).toContain('is empty');
    const refused = await store
      .appendAnnotationChange(id, () => ({ op: 'put', annotation: note(id) }))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(String(refused)).toContain('Until it is restored');
    await store.close();
    expect(await readFile(path)).toEqual(Buffer.alloc(size));
    await LibraryStore.repair(temp.dir, { owner: 'the health tests', device: TEST_DEVICE });
    const restored = await temp.open();
    expect(comments(await restored.readAnnotations(id))).toEqual(comments(all));
    await restored.close();
  });
});

describe("zeros over this computer's library log", () => {
  it('are a loss reported at opening, not an empty library', async () => {
    await libraryWithBackup();
    const size = (await readFile(ownLog())).length;
    await writeFile(ownLog(), Buffer.alloc(size));
    const store = await temp.open();
    expect(
      store
        .takeNotices()
        .map((notice) => notice.message)
        .join('\n'),
    ).toContain('library.jsonl is empty');
    await store.close();
    expect(await readFile(ownLog())).toEqual(Buffer.alloc(size));
  });
});

describe('a folder whose logs are gone while its texts are there', () => {
  it('is not opened as a new, empty library without a word', async () => {
    await libraryWithBackup();
    await rm(join(temp.dir, 'devices'), { recursive: true });
    await rm(join(temp.dir, 'local'), { recursive: true });
    await rm(join(temp.dir, 'backups', TEST_DEVICE.id), { recursive: true });
    const store = await temp.open();
    const told = store.takeNotices().map((notice) => notice.message);
    expect(told.join('\n')).toMatch(
      /documents\/ holds 3 texts, but no computer's library log lists any document/,
    );
    expect((await store.check()).map((problem) => problem.file)).toContain('devices/');
    await store.close();
  });
});
