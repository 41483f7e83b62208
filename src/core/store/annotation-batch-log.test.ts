import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteAnnotation } from '../../shared/test-annotations';
import { crashCopySync } from './test-crash';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { TEST_DEVICE, useStoreFolder } from './test-store';
import { LibraryStore } from './library-store';

const temp = useStoreFolder('scholia-batch-', 'the batch tests');
const USSR = fixtureText('ussr');

describe('changes to several documents made as one', () => {
  it('are finished at the next opening when a crash comes between two documents', async () => {
    let appends = 0;
    let armed = false;
    const crashed = join(temp.root, 'crashed');
    const store = await LibraryStore.open(temp.dir, {
      owner: 'the batch tests',
      device: TEST_DEVICE,
      hooks: {
        beforeAppend: (path) => {
          // The moment after the first document's part was written, before the second's.
          if (armed && path.includes('annotations') && ++appends === 2) crashCopySync(temp.dir, crashed);
        },
      },
    });
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const meta = metaFor(`${USSR}\n\n${name}`, `Document ${name}`, `${name}.txt`);
      await store.addDocument(meta, paragraphsDoc(USSR));
      ids.push(meta.id);
    }
    armed = true;
    const now = new Date().toISOString();
    const saved = await store.changeAnnotationsTogether(
      'Highlighting 3 occurrences',
      ids.map((documentId) => ({
        documentId,
        decide: () => [
          quoteAnnotation({
            id: `${documentId}-hl`,
            documentId,
            exact: 'Stalinism',
            start: 0,
            createdAt: now,
            modifiedAt: now,
          }),
        ],
      })),
    );
    expect([...saved.values()].map((list) => list.length)).toEqual([1, 1, 1]);
    await store.close();

    // After the crash, one document has its highlight and the others not: opening finishes the rest.
    const after = await LibraryStore.open(crashed, { owner: 'the batch tests', device: TEST_DEVICE });
    expect(after.takeNotices()).toContainEqual({
      kind: 'finished',
      message:
        'Highlighting 3 occurrences was interrupted when Scholia last stopped; it has now been finished in all 3 documents.',
    });
    for (const id of ids) expect((await after.readAnnotations(id))?.map((a) => a.id)).toEqual([`${id}-hl`]);
    await after.close();
    // Finished once: the record is gone.
    const again = await LibraryStore.open(crashed, { owner: 'the batch tests', device: TEST_DEVICE });
    expect(again.takeNotices()).toEqual([]);
    await again.close();
  });
});
