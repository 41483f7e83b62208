import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import type { Annotation, DocumentMeta } from '../../shared/model';
import { highlightIn } from '../../shared/test-annotations';
import type { AnnotationChange } from './annotation-journal';
import { LibraryStore } from './library-store';
import { crashCopy as copyAfterCrash } from './test-crash';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { savedOn, TEST_DEVICE, useStoreFolder } from './test-store';
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
  return highlightIn(USSR, { id: randomUUID(), documentId, exact, comment });
}

function put(annotation: Annotation): () => AnnotationChange {
  return () => ({ op: 'put', annotation });
}

function remove(id: string): () => AnnotationChange {
  return () => ({ op: 'delete', id });
}

/** This device's log of document `id`'s annotations, in the library `folder`. */
function logPath(folder: string, id: string): string {
  return join(folder, 'devices', TEST_DEVICE.id, 'annotations', `${id}.jsonl`);
}

async function logLines(folder: string, id: string): Promise<string[]> {
  return (await readFile(logPath(folder, id), 'utf8')).split('\n').filter((line) => line !== '');
}

/** The annotation each line of the log changes. */
async function changedIds(folder: string, id: string): Promise<string[]> {
  return (await logLines(folder, id)).map((line) => (JSON.parse(line) as { k: string }).k);
}

describe('annotation changes through this device’s log', () => {
  it('keeps every change once its call has returned, before any compaction: a restart reads them all', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const first = highlight(meta.id, 'the collapse of Stalinism');
    const second = highlight(meta.id, 'capitalist restoration');
    await store.appendAnnotationChange(meta.id, put(first));
    await store.appendAnnotationChange(meta.id, put(second));
    await store.appendAnnotationChange(meta.id, remove(first.id));
    const crashed = await crashCopy();
    expect(await changedIds(crashed, meta.id)).toEqual([first.id, second.id, first.id]);
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([savedOn(second)]);
  });

  it('resolves to the new list and answers null for a document it does not have', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const annotation = highlight(meta.id, 'the collapse of Stalinism');
    expect(await store.appendAnnotationChange(meta.id, put(annotation))).toEqual([savedOn(annotation)]);
    expect(await store.readAnnotations(meta.id)).toEqual([savedOn(annotation)]);
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
    expect(await logLines(temp.dir, meta.id)).toHaveLength(1);
  });

  it('compacts the log once it passes its limit, keeping only what still counts', async () => {
    const store = await openStore(temp.dir, { compactionLines: 4 });
    const meta = await addUssr(store);
    const annotation = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(annotation));
    let latest = annotation;
    for (let i = 1; i <= 5; i++) {
      latest = {
        ...annotation,
        comment: `Draft ${String(i)}`,
        modifiedAt: new Date(Date.now() + i).toISOString(),
      };
      await store.appendAnnotationChange(meta.id, put(latest));
    }
    await store.readAnnotations(meta.id);
    // Past 4 lines the log became two (the fields that never changed, the latest comment); one change followed.
    expect(await changedIds(temp.dir, meta.id)).toEqual([annotation.id, annotation.id, annotation.id]);
    expect(await store.readAnnotations(meta.id)).toEqual([savedOn(latest)]);
    await store.close();
    expect(await (await openStore()).readAnnotations(meta.id)).toEqual([savedOn(latest)]);
  });

  it('loses nothing and doubles nothing when bursts of changes arrive while compactions run', async () => {
    const store = await openStore(temp.dir, { compactionLines: 7 });
    const meta = await addUssr(store);
    const added = Array.from({ length: 30 }, (_, i) => highlight(meta.id, 'Stalinism', `Note ${String(i)}`));
    for (let burst = 0; burst < 3; burst++) {
      // Each burst queues behind the compaction the previous one set off.
      const changes = added.slice(burst * 10, burst * 10 + 10);
      await Promise.all(changes.map((annotation) => store.appendAnnotationChange(meta.id, put(annotation))));
    }
    expect(await store.readAnnotations(meta.id)).toEqual(added.map((annotation) => savedOn(annotation)));
    await store.close();
    expect(await (await openStore()).readAnnotations(meta.id)).toEqual(added.map((annotation) => savedOn(annotation)));
  });

  it('compacts when the library closes, leaving one line for an annotation changed many times', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const annotation = highlight(meta.id, 'the collapse of Stalinism');
    for (const color of ['yellow', 'green', 'blue', 'red'] as const) {
      await store.appendAnnotationChange(meta.id, put({ ...annotation, color }));
    }
    await store.close();
    expect(await changedIds(temp.dir, meta.id)).toEqual([annotation.id, annotation.id]);
    expect(await (await openStore()).readAnnotations(meta.id)).toEqual([savedOn({ ...annotation, color: 'red' })]);
  });

  it('ignores a change torn by a crash while it was written, and cleans it away on the next change', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const kept = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(kept));
    const crashed = await crashCopy();
    const torn = (await readFile(logPath(crashed, meta.id), 'utf8')).slice(0, 90);
    await appendFile(logPath(crashed, meta.id), torn);
    const restarted = await openStore(crashed);
    expect(await restarted.readAnnotations(meta.id)).toEqual([savedOn(kept)]);
    const next = highlight(meta.id, 'capitalist restoration');
    await restarted.appendAnnotationChange(meta.id, put(next));
    expect(await changedIds(crashed, meta.id)).toEqual([kept.id, next.id]);
    await restarted.close();
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([savedOn(kept), savedOn(next)]);
  });

  it('reports a damaged line in the middle of the log, serves the rest, refuses changes, and never rewrites it', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const first = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(first));
    const crashed = await crashCopy();
    const path = logPath(crashed, meta.id);
    const good = (await readFile(path, 'utf8')).replace(first.id, randomUUID());
    await appendFile(path, '{"v":2,"h":\n');
    await appendFile(path, good);
    const damaged = await readFile(path);
    const restarted = await openStore(crashed);
    expect(await restarted.readAnnotations(meta.id)).toHaveLength(2);
    const [notice] = restarted.takeNotices();
    expect(notice?.kind).toBe('damaged');
    expect(notice?.message).toContain('is damaged at line 2');
    const refused = await failure(
      restarted.appendAnnotationChange(meta.id, put(highlight(meta.id, 'Berlin Wall'))),
    );
    expect(refused.code).toBe('library-corrupt');
    expect(refused.path).toBe(path);
    expect((await failure(restarted.writeAnnotations(meta.id, []))).code).toBe('library-corrupt');
    await restarted.close();
    expect(await readFile(path)).toEqual(damaged);
  });

  it('replaces the whole list so that a removed annotation stays removed after a restart', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    const removed = highlight(meta.id, 'the collapse of Stalinism');
    await store.appendAnnotationChange(meta.id, put(removed));
    await store.writeAnnotations(meta.id, []);
    const crashed = await crashCopy();
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([]);
  });

  it('takes the annotations with their document when it is deleted', async () => {
    const store = await openStore();
    const meta = await addUssr(store);
    await store.appendAnnotationChange(meta.id, put(highlight(meta.id, 'the collapse of Stalinism')));
    expect(await store.removeDocument(meta.id)).toBe(true);
    expect(await store.readAnnotations(meta.id)).toBeNull();
    await store.close();
    expect(await (await openStore()).readAnnotations(meta.id)).toBeNull();
  });
});

describe('a crash during compaction', () => {
  type CrashPoint = 'beforeRename' | 'none';
  const points: [string, CrashPoint][] = [
    ['with the compacted log written to its temp file but not renamed', 'beforeRename'],
    ['after the compacted log replaced the old one', 'none'],
  ];

  it.each(points)('%s loses no change and doubles none', async (_when, point) => {
    let crashed: string | null = null;
    const crash = async (): Promise<void> => {
      crashed = await crashCopy();
      throw new Error('simulated crash');
    };
    let armed = false;
    let meta = { id: '' } as DocumentMeta;
    const store = await openStore(temp.dir, {
      hooks: {
        beforeRename: (_temp, target) =>
          armed && point === 'beforeRename' && target === logPath(temp.dir, meta.id) ? crash() : undefined,
      },
    });
    meta = await addUssr(store);
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
    const drafts = [1, 2, 3, 4, 5, 6].map((n) => put({ ...restoration!, comment: `Draft ${String(n)}` }));
    for (const change of [put(wall!), put(gorbachev!), remove(stalinism!.id), ...drafts, put(edited)]) {
      await store.appendAnnotationChange(meta.id, change);
    }
    const expected = [edited, wall!, gorbachev!];

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
    expect(await restarted.readAnnotations(meta.id)).toEqual(expected.map((annotation) => savedOn(annotation)));
    const later = highlight(meta.id, 'Trotsky');
    await restarted.appendAnnotationChange(meta.id, put(later));
    await restarted.close();
    expect(await (await openStore(crashed)).readAnnotations(meta.id)).toEqual([...expected, later].map((annotation) => savedOn(annotation)));
  });
});
