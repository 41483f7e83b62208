import { randomUUID } from 'node:crypto';
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import type { Annotation, DocumentMeta } from '../../shared/model';
import type { AnnotationChange } from './annotation-journal';
import { LibraryStore } from './library-store';
import { crashCopy as copyAfterCrash } from './test-crash';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { useStoreFolder } from './test-store';
import { failure } from '../test-support';

const USSR = fixtureText('ussr');

const temp = useStoreFolder('scholia-annotations-', 'the annotation tests');
const { open: openStore } = temp;
let copies = 0;

/**
 * The library folder as a crash at this moment would leave it: a copy of what is on disk now, without
 * the lock (its holder, this process, is still running). Opening the copy is restarting after the crash.
 */
async function crashCopy(): Promise<string> {
  return copyAfterCrash(temp.dir, join(temp.root, `after-crash-${String(++copies)}`));
}

async function addUssr(store: LibraryStore): Promise<DocumentMeta> {
  const meta = metaFor(USSR, 'USSR 1989 - the collapse of Stalinism', 'ussr-1989.txt');
  await store.addDocument(meta, paragraphsDoc(USSR));
  return meta;
}

/** A highlight of the first occurrence of `exact` in the USSR article. */
function highlight(documentId: string, exact: string, comment = ''): Annotation {
  const start = USSR.indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in the article`);
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: USSR.slice(Math.max(0, start - 32), start), suffix: '' },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    color: 'yellow',
    tagIds: [],
    comment,
    createdAt: now,
    modifiedAt: now,
  };
}

function put(annotation: Annotation): () => AnnotationChange {
  return () => ({ op: 'put', annotation });
}

function remove(id: string): () => AnnotationChange {
  return () => ({ op: 'delete', id });
}

function snapshotPath(folder: string, id: string): string {
  return join(folder, 'annotations', `${id}.json`);
}

function journalPath(folder: string, id: string): string {
  return join(folder, 'annotations', `${id}.journal.jsonl`);
}

async function snapshotIds(folder: string, id: string): Promise<string[]> {
  const file = JSON.parse(await readFile(snapshotPath(folder, id), 'utf8')) as { annotations: Annotation[] };
  return file.annotations.map((annotation) => annotation.id);
}

async function journalLines(folder: string, id: string): Promise<string[]> {
  return (await readFile(journalPath(folder, id), 'utf8')).split('\n').filter((line) => line !== '');
}

describe('annotation changes through the journal', () => {
  it('keeps every change once its call has returned, before any compaction: a restart reads them all', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const first = highlight(meta.id, 'the collapse of Stalinism');
    const second = highlight(meta.id, 'capitalist restoration');
    await store.appendAnnotationChange(meta.id, put(first));
    await store.appendAnnotationChange(meta.id, put(second));
    await store.appendAnnotationChange(meta.id, remove(first.id));
    const crashed = await crashCopy();
    expect(await snapshotIds(crashed, meta.id)).toEqual([]);
    expect(await journalLines(crashed, meta.id)).toHaveLength(3);
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([second]);
  });

  it('resolves to the new list and answers null for a document it does not have', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const annotation = highlight(meta.id, 'the collapse of Stalinism');
    expect(await store.appendAnnotationChange(meta.id, put(annotation))).toEqual([annotation]);
    expect(await store.readAnnotations(meta.id)).toEqual([annotation]);
    expect(await store.appendAnnotationChange('no-such-document', put(annotation))).toBeNull();
  });

  it('appends nothing when the change is refused', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    await store.appendAnnotationChange(meta.id, put(highlight(meta.id, 'capitalist restoration')));
    const refusal = store.appendAnnotationChange(meta.id, () => {
      throw new ScholiaError('not-found', 'No such highlight.');
    });
    expect((await failure(refusal)).code).toBe('not-found');
    expect(await journalLines(temp.dir, meta.id)).toHaveLength(1);
  });

  it('folds the journal into the snapshot once it reaches its limit, and the next change starts a new one', async () => {
    const store = await openStore(temp.dir, { journalLimits: { lines: 3 } });
    const meta = await addUssr(store);
    const quotes = ['the collapse of Stalinism', 'capitalist restoration', 'Berlin Wall', 'Gorbachev'];
    const added = quotes.map((quote) => highlight(meta.id, quote));
    for (const annotation of added) await store.appendAnnotationChange(meta.id, put(annotation));
    expect(await snapshotIds(temp.dir, meta.id)).toEqual(added.slice(0, 3).map((a) => a.id));
    expect(
      (await journalLines(temp.dir, meta.id)).map(
        (line) => (JSON.parse(line) as { annotation: Annotation }).annotation,
      ),
    ).toEqual([added[3]]);
  });

  it('loses nothing and doubles nothing when bursts of changes arrive while compactions run', async () => {
    const store = await openStore(temp.dir, { journalLimits: { lines: 7 } });
    const meta = await addUssr(store);
    const added = Array.from({ length: 30 }, (_, i) => highlight(meta.id, 'Stalinism', `Note ${String(i)}`));
    for (let burst = 0; burst < 3; burst++) {
      // Each burst queues behind the compaction the previous one set off.
      const changes = added.slice(burst * 10, burst * 10 + 10);
      await Promise.all(changes.map((annotation) => store.appendAnnotationChange(meta.id, put(annotation))));
    }
    expect(await store.readAnnotations(meta.id)).toEqual(added);
    await store.close();
    expect(await (await openStore()).readAnnotations(meta.id)).toEqual(added);
  });

  it('compacts when the library closes, leaving only the snapshot', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const annotation = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(annotation));
    await store.close();
    expect(await readdir(join(temp.dir, 'annotations'))).toEqual([`${meta.id}.json`]);
    expect(await snapshotIds(temp.dir, meta.id)).toEqual([annotation.id]);
  });

  it('ignores a change torn by a crash while it was written, and cleans it away on the next change', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const kept = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(kept));
    const crashed = await crashCopy();
    const torn = JSON.stringify({ v: 1, op: 'put', annotation: highlight(meta.id, 'Berlin Wall') }).slice(
      0,
      90,
    );
    await appendFile(journalPath(crashed, meta.id), torn);
    const restarted = await openStore(crashed);
    expect(await restarted.readAnnotations(meta.id)).toEqual([kept]);
    const next = highlight(meta.id, 'capitalist restoration');
    await restarted.appendAnnotationChange(meta.id, put(next));
    const lines = await journalLines(crashed, meta.id);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { v: 1, op: 'put', annotation: kept },
      { v: 1, op: 'put', annotation: next },
    ]);
  });

  it('reports a damaged line in the middle of the journal, refuses changes, and never rewrites it', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    await store.appendAnnotationChange(meta.id, put(highlight(meta.id, 'the collapse of Stalinism')));
    const crashed = await crashCopy();
    const path = journalPath(crashed, meta.id);
    await appendFile(path, '{"v":1,"op":"delete","id":\n');
    await appendFile(
      path,
      `${JSON.stringify({ v: 1, op: 'put', annotation: highlight(meta.id, 'Gorbachev') })}\n`,
    );
    const damaged = await readFile(path);
    const restarted = await openStore(crashed);
    const error = await failure(restarted.readAnnotations(meta.id));
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain('is damaged at line 2');
    const refused = restarted.appendAnnotationChange(meta.id, put(highlight(meta.id, 'Berlin Wall')));
    expect((await failure(refused)).code).toBe('library-corrupt');
    expect((await failure(restarted.writeAnnotations(meta.id, []))).code).toBe('library-corrupt');
    await restarted.close();
    expect(await readFile(path)).toEqual(damaged);
  });

  it('replaces the whole list without leaving a journal that could bring a removed annotation back', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const removed = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(removed));
    await store.writeAnnotations(meta.id, []);
    const crashed = await crashCopy();
    expect(await readdir(join(crashed, 'annotations'))).toEqual([`${meta.id}.json`]);
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([]);
  });

  it('deletes the journal with its document', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    await store.appendAnnotationChange(meta.id, put(highlight(meta.id, 'the collapse of Stalinism')));
    expect(await readdir(join(temp.dir, 'annotations'))).toContain(`${meta.id}.journal.jsonl`);
    expect(await store.removeDocument(meta.id)).toBe(true);
    expect(await readdir(join(temp.dir, 'annotations'))).toEqual([]);
  });
});

describe('a crash during compaction', () => {
  type CrashPoint = 'beforeCompaction' | 'beforeRename' | 'beforeJournalRemoval' | 'none';
  const points: [string, CrashPoint][] = [
    ['as the compaction starts', 'beforeCompaction'],
    ['with the new snapshot written to its temp file but not renamed', 'beforeRename'],
    ['with the new snapshot in place but the journal not yet removed', 'beforeJournalRemoval'],
    ['after the journal is removed', 'none'],
  ];

  it.each(points)('%s loses no change and doubles none', async (_when, point) => {
    let crashed: string | null = null;
    const crash = async (): Promise<void> => {
      crashed = await crashCopy();
      throw new Error('simulated crash');
    };
    let armed = false;
    const store = await openStore(temp.dir, {
      hooks: {
        beforeCompaction: () => (armed && point === 'beforeCompaction' ? crash() : undefined),
        beforeRename: (_temp, target) =>
          armed && point === 'beforeRename' && dirname(target) === join(temp.dir, 'annotations')
            ? crash()
            : undefined,
        beforeJournalRemoval: () => (armed && point === 'beforeJournalRemoval' ? crash() : undefined),
      },
    });
    const meta = await addUssr(store);
    const [stalinism, restoration, wall, gorbachev] = [
      'the collapse of Stalinism',
      'capitalist restoration',
      'Berlin Wall',
      'Gorbachev',
    ].map((quote) => highlight(meta.id, quote));
    await store.writeAnnotations(meta.id, [stalinism!, restoration!]);
    const edited = {
      ...restoration!,
      comment: 'The thesis of the article.',
      modifiedAt: new Date().toISOString(),
    };
    for (const change of [put(wall!), put(gorbachev!), remove(stalinism!.id), put(edited)]) {
      await store.appendAnnotationChange(meta.id, change);
    }
    const expected = [edited, wall, gorbachev];

    armed = true;
    if (point === 'none') {
      await store.compactAnnotations(meta.id);
      crashed = await crashCopy();
    } else {
      await expect(store.compactAnnotations(meta.id)).rejects.toThrow('simulated crash');
    }
    armed = false;
    if (crashed === null) throw new Error('the crash point was never reached');

    const restarted = await openStore(crashed);
    expect(await restarted.readAnnotations(meta.id)).toEqual(expected);
    const later = highlight(meta.id, 'Trotsky');
    await restarted.appendAnnotationChange(meta.id, put(later));
    await restarted.close();
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([...expected, later]);
  });
});
