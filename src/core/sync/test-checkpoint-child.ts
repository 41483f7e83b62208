/**
 * A child process for the kill -9 test of `library-checkpoint.test.ts`: it opens the library, saves a
 * document's note (a number, counting on from the one there), closes the library (which writes the
 * checkpoint), and again, until it is killed; it prints `opened` once, and `acked <n>` as soon as note n
 * is durable. Run as `node --import tsx test-checkpoint-child.ts <library> <document id> <device id>`.
 */
import { LibraryStore } from '../store/library-store';

async function main(): Promise<void> {
  const [dir, documentId, deviceId] = process.argv.slice(2);
  if (dir === undefined || documentId === undefined || deviceId === undefined)
    throw new Error('usage: test-checkpoint-child.ts <library> <document id> <device id>');
  const device = { id: deviceId, name: 'Killed', readerName: 'Tester' };
  let said = false;
  for (;;) {
    const store = await LibraryStore.open(dir, { owner: 'the checkpoint kill -9 test', device });
    if (!said) process.stdout.write('opened\n');
    said = true;
    const note = store.getDocument(documentId)?.note ?? '';
    const start = note === '' ? 0 : Number(note) + 1;
    for (let n = start; n < start + 3; n++) {
      await store.updateDocument(documentId, (meta) => ({ ...meta, note: String(n) }));
      process.stdout.write(`acked ${String(n)}\n`);
    }
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
