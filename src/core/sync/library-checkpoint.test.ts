import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import { fixtureText, metaFor, paragraphsDoc } from '../store/test-documents';
import { appendAsDevice, TEST_DEVICE, useStoreFolder } from '../store/test-store';
import { HybridClock } from './hlc';
import {
  CHECKPOINT_FILE_NAME,
  libraryCheckpointPath,
  readLibraryCheckpoint,
  writeLibraryCheckpoint,
} from './library-checkpoint';
import { LIBRARY_LOG_NAME, LibraryLog } from './library-log';
import { followChildLines } from '../test-support';

const USSR = fixtureText('ussr');
const OTHER = { id: 'otherdevice1', name: 'Other', readerName: 'Ben' };
const THIRD = 'thirddevice1';
const temp = useStoreFolder('scholia-checkpoint-', 'the checkpoint tests');

const readerName = () => 'Tester';
const noAnnotations = () => undefined;
const noWallClock = () => 0;

function checkpointOf(dir: string, deviceId: string = TEST_DEVICE.id): string {
  return libraryCheckpointPath(join(dir, 'local', deviceId));
}

/**
 * The library logs of `dir` read as device `deviceId` opening the library reads them: with its
 * checkpoint, or whole; and whether the checkpoint was taken.
 */
async function readAs(
  dir: string,
  withCheckpoint: boolean,
  deviceId: string = TEST_DEVICE.id,
): Promise<{ log: LibraryLog; used: boolean }> {
  const log = new LibraryLog(
    dir,
    { deviceId, readerName, clock: new HybridClock(noWallClock) },
    noAnnotations,
  );
  const used = await log.load(withCheckpoint ? readLibraryCheckpoint(checkpointOf(dir, deviceId)) : null);
  // Worked out on both sides, and in one order (a checkpoint lists the entities it had first).
  expect(log.data.schemaVersion).toBe(1);
  log.problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { log, used };
}

/** Expects reading `dir`'s logs with the checkpoint to give what reading them whole gives, and says whether it was taken. */
async function expectSameAsWhole(dir: string, deviceId: string = TEST_DEVICE.id): Promise<boolean> {
  const whole = await readAs(dir, false, deviceId);
  const checkpointed = await readAs(dir, true, deviceId);
  // The whole objects: the merge, what was worked out, damage, each file's state and the clock.
  expect(checkpointed.log).toEqual(whole.log);
  expect(checkpointed.log.data).toEqual(whole.log.data);
  return checkpointed.used;
}

/**
 * Two computers' library: documents (one with a text revision), a codebook with a tree, a reading
 * list, settings, a document one deleted and the other kept by changing it meanwhile, and a tag whose
 * fields are not valid. Both closed, so each has written its checkpoint.
 */
async function sharedLibrary(): Promise<{ ids: string[]; tagIds: string[] }> {
  const mine = await temp.open();
  const ids: string[] = [];
  for (let n = 0; n < 4; n++) {
    const meta = metaFor(`${USSR}\n\n${String(n)}`, `Document ${String(n)}`, `document-${String(n)}.txt`);
    await mine.addDocument(meta, paragraphsDoc(USSR));
    ids.push(meta.id);
  }
  const tags = await mine.updateTags(() => {
    const parent = randomUUID();
    return [
      { id: parent, name: 'Themes', parentId: null, color: null, description: '' },
      { id: randomUUID(), name: 'Power', parentId: parent, color: 'red', description: 'Who decides' },
    ];
  });
  await mine.updateCollections(() => [{ id: randomUUID(), name: 'Seminar', documentIds: [ids[1], ids[0]] }]);
  await mine.updateSettings(() => ({ colorLabels: { yellow: 'Claims' } }));
  await mine.writeDocumentText(ids[2]!, paragraphsDoc(`${USSR}\n\nAn added paragraph.`));
  const other = await temp.open(temp.dir, { device: OTHER });
  await other.updateDocument(ids[0]!, (meta) => ({ ...meta, note: 'Read on the train' }));
  await other.removeDocument(ids[3]!);
  await mine.updateDocument(ids[3]!, (meta) => ({ ...meta, note: 'Still wanted' }));
  await temp.closeAll();
  await appendAsDevice(temp.dir, OTHER.id, LIBRARY_LOG_NAME, [
    { h: '0zzzzzzzz0000', k: 'tag:not-a-tag', s: { name: 42 } },
  ]);
  // Opened and closed again, so that the checkpoint is of every log as it now is.
  await (await temp.open()).close();
  return { ids, tagIds: tags.map((tag) => tag.id) };
}

describe('the checkpoint of the library logs', () => {
  it('opens the library to what reading every log whole gives', async () => {
    await sharedLibrary();
    expect(await expectSameAsWhole(temp.dir)).toBe(true);
    const { log } = await readAs(temp.dir, true);
    expect(log.problems.map((problem) => problem.key)).toEqual(['tag:not-a-tag']);
    expect(log.keptDespiteDeletion.size).toBe(1);
    expect(log.data.documents).toHaveLength(4);
  });

  it('reads what the logs gained since, and any new log, and gives the same', async () => {
    const { ids, tagIds } = await sharedLibrary();
    // Another computer changes its log; a third one's log arrives; this computer's own log has lines
    // the checkpoint never saw (as after a crash); and the other's last line is still arriving.
    const other = await temp.open(temp.dir, { device: OTHER });
    await other.refreshFromDisk();
    await other.updateDocument(ids[1]!, (meta) => ({ ...meta, csl: { ...meta.csl, title: 'Retitled' } }));
    await other.updateTags((current) => current.filter((tag) => tag.id !== tagIds[1]));
    await other.updateSettings((current) => ({ ...current, citationStyle: 'apa' }));
    await temp.closeAll();
    await appendAsDevice(temp.dir, THIRD, LIBRARY_LOG_NAME, [
      { h: '0zzzzzzzz0001', k: `doc:${ids[2]!}`, s: { note: 'From the third computer' } },
      {
        h: '0zzzzzzzz0002',
        k: 'tag:not-a-tag',
        s: { name: 'Now a name', parentId: null, color: null, description: '' },
      },
    ]);
    await appendAsDevice(temp.dir, TEST_DEVICE.id, LIBRARY_LOG_NAME, [
      { h: '0zzzzzzzz0003', k: `doc:${ids[0]!}`, s: { wordCount: 7 } },
      { h: '0zzzzzzzz0004', k: `doc:${ids[3]!}`, x: {} },
    ]);
    await appendFile(join(temp.dir, 'devices', OTHER.id, LIBRARY_LOG_NAME), '{"v":2,"h":"0zzzzzz');
    expect(await expectSameAsWhole(temp.dir)).toBe(true);
    const { log } = await readAs(temp.dir, true);
    expect(log.data.documents.find((meta) => meta.id === ids[1])?.csl.title).toBe('Retitled');
    expect(log.data.documents.find((meta) => meta.id === ids[2])?.note).toBe('From the third computer');
    expect(log.data.tags.map((tag) => tag.id)).not.toContain(tagIds[1]);
    expect(log.problems.map((problem) => problem.key)).not.toContain('tag:not-a-tag');
    expect(log.data.settings).toMatchObject({ citationStyle: 'apa' });
  });

  it('is not taken once a log no longer begins with what it read: compacted, replaced or gone', async () => {
    await sharedLibrary();
    const otherLog = join(temp.dir, 'devices', OTHER.id, LIBRARY_LOG_NAME);
    const text = await readFile(otherLog, 'utf8');
    // Compacted by its computer: the same changes, written again in another order.
    await writeFile(otherLog, text.split('\n').filter(Boolean).reverse().join('\n') + '\n');
    expect(await expectSameAsWhole(temp.dir)).toBe(false);
    await rm(otherLog);
    expect(await expectSameAsWhole(temp.dir)).toBe(false);
    await rm(join(temp.dir, 'devices', TEST_DEVICE.id, LIBRARY_LOG_NAME));
    expect(await expectSameAsWhole(temp.dir)).toBe(false);
  });

  it('leaves damage to be found by reading: reported the same, and no checkpoint made while it is there', async () => {
    await sharedLibrary();
    const path = checkpointOf(temp.dir);
    const before = await readFile(path);
    await appendFile(join(temp.dir, 'devices', OTHER.id, LIBRARY_LOG_NAME), '{"v":2,"h":"nonsense"}\n');
    expect(await expectSameAsWhole(temp.dir)).toBe(true);
    const { log } = await readAs(temp.dir, true);
    expect(log.damage.others).toHaveLength(1);
    expect(await writeLibraryCheckpoint(temp.dir, TEST_DEVICE.id, path)).toBe(false);
    expect(await readFile(path)).toEqual(before);
    const store = await temp.open();
    expect(store.takeNotices().map((notice) => notice.kind)).toContain('damaged');
  });

  it('is not taken when it is damaged, of another format, or unreadable', async () => {
    await sharedLibrary();
    const path = checkpointOf(temp.dir);
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    const at = bytes.length - 40;
    flipped[at] = flipped[at] === 0x61 ? 0x62 : 0x61;
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Record<string, unknown>;
    const otherFormat = Buffer.concat([
      Buffer.from(JSON.stringify({ ...header, format: 999 }), 'utf8'),
      bytes.subarray(newline),
    ]);
    for (const content of [flipped, otherFormat, Buffer.from('{}'), Buffer.from('not json\n{}')]) {
      await writeFile(path, content);
      expect(await readLibraryCheckpoint(path)).toBeNull();
      expect(await expectSameAsWhole(temp.dir)).toBe(false);
    }
    await rm(path);
    expect(await readLibraryCheckpoint(path)).toBeNull();
    const store = await temp.open();
    expect(store.listDocuments()).toHaveLength(4);
  });

  it('is written when a library closes, in this computer’s own folder, which does not sync', async () => {
    await sharedLibrary();
    const found: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.includes(CHECKPOINT_FILE_NAME)) found.push(relative(temp.dir, path));
      }
    };
    await walk(temp.dir);
    expect(found.sort()).toEqual(
      [TEST_DEVICE.id, OTHER.id].map((id) => join('local', id, CHECKPOINT_FILE_NAME)).sort(),
    );
    expect(await readFile(join(temp.dir, '.stignore'), 'utf8')).toContain('/local');
  });

  it('after kill -9 at any moment of saving changes and closing, opens to every acknowledged change', async () => {
    const setup = await temp.open();
    const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
    await setup.addDocument(meta, paragraphsDoc(USSR));
    await temp.closeAll();
    const random = seededRandom(1917);
    let acked = -1;
    for (let round = 0; round < 4; round++) {
      const last = await runAndKill(temp.dir, meta.id, 150 + Math.floor(random() * 700));
      acked = Math.max(acked, last);
    }
    expect(acked).toBeGreaterThanOrEqual(0);
    expect(await expectSameAsWhole(temp.dir)).toBeTypeOf('boolean');
    const store = await temp.open();
    expect(Number(store.getDocument(meta.id)?.note)).toBeGreaterThanOrEqual(acked);
    const left = await readdir(join(temp.dir, 'local', TEST_DEVICE.id));
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

/**
 * Runs `test-checkpoint-child.ts` on the library (it saves a note, closes, opens again, in a loop,
 * printing the number of each note once it is durable) and kills it with SIGKILL after `afterMs`.
 * Resolves to the last number it printed (-1 for none).
 */
function runAndKill(dir: string, documentId: string, afterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'test-checkpoint-child.ts'), dir, documentId, TEST_DEVICE.id],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let last = -1;
    let started = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const output = followChildLines(child, (line) => {
      if (line === 'opened' && !started) {
        started = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
      const [word, n] = line.split(' ');
      if (word === 'acked') last = Number(n);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL')
        reject(new Error(`The child ended on its own (${String(code)}): ${output.stderr()}`));
      else resolve(last);
    });
  });
}
