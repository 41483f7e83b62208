/**
 * A child process for the kill -9 tests: it opens a library and writes to it, printing `acked <id>` on
 * standard output as soon as each change is durable, until it is killed. Used only by
 * `kill-nine.test.ts`; run as `node --import tsx test-kill-child.ts <mode> <library> <document id>`.
 *
 *   convert   opens a library in the older layout (which converts it), then says `opened`;
 *   annotate  changes five highlights in turn (`acked <id> <n>` once change n is durable), so that the log
 *             is compacted every 40 changes;
 *   merge     reads the changes and conflict copies another computer left, then annotates;
 *   tag-delete / tag-merge <n>  deletes tag `doomed` (or merges it into tag `kept`), killing itself with
 *             SIGKILL just before the n-th file write of the operation; says `done` if it has fewer.
 */
import { randomUUID } from 'node:crypto';
import { quoteAnnotation } from '../../shared/test-annotations';
import { LibraryStore } from './library-store';

async function main(): Promise<void> {
  const [mode, dir, documentId] = process.argv.slice(2);
  if (mode === undefined || dir === undefined)
    throw new Error('usage: test-kill-child.ts <mode> <library> [document id]');
  const device = { id: 'killeddevice', name: 'Killed', readerName: 'Tester' };
  if (mode === 'tag-delete' || mode === 'tag-merge') {
    await changeTagsUntilKilled(dir, mode, Number(documentId));
    return;
  }
  const store = await LibraryStore.open(dir, { owner: 'the kill -9 test', device, compactionLines: 40 });
  process.stdout.write('opened\n');
  if (mode !== 'convert' && documentId !== undefined) {
    if (mode === 'merge') await store.refreshFromDisk();
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (let n = 0; ; n++) {
      const now = new Date().toISOString();
      const id = ids[n % ids.length] ?? '';
      await store.appendAnnotationChange(documentId, () => ({
        op: 'put',
        annotation: quoteAnnotation({
          id,
          documentId,
          exact: 'Stalinism',
          start: n % 100,
          comment: `Change ${String(n)}`,
          createdAt: now,
          modifiedAt: now,
        }),
      }));
      process.stdout.write(`acked ${id} ${String(n)}\n`);
    }
  }
}

/** Runs one tag deletion or merge, killing this process before its `killAt`-th write. */
async function changeTagsUntilKilled(dir: string, mode: string, killAt: number): Promise<void> {
  let writes = 0;
  const kill = (): void => {
    if (++writes === killAt) process.kill(process.pid, 'SIGKILL');
  };
  const device = { id: 'killeddevice', name: 'Killed', readerName: 'Tester' };
  let armed = false;
  const hooks = { beforeAppend: () => (armed ? kill() : undefined), beforeRename: () => (armed ? kill() : undefined) };
  const store = await LibraryStore.open(dir, { owner: 'the kill -9 test', device, hooks });
  process.stdout.write('opened\n');
  armed = true;
  await store.withCodebook(() =>
    store.changeTags({
      removed: [{ id: 'doomed', name: 'Doomed' }],
      target: mode === 'tag-merge' ? { id: 'kept', name: 'Kept' } : null,
      changed: [],
      modifiedAt: new Date().toISOString(),
    }),
  );
  process.stdout.write('done\n');
  await new Promise(() => undefined);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
