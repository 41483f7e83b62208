/**
 * The Syncthing harness itself: two real Syncthing instances on 127.0.0.1 keep one folder in sync,
 * can be cut off from each other and brought back, and turn divergent edits of one file into a
 * conflict copy. Runs where /usr/bin/syncthing exists; elsewhere it is reported as skipped, with the
 * reason.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SYNCTHING_MISSING,
  startSyncthingPair,
  syncthingAvailable,
  type SyncthingPair,
} from '../support/syncthing';

const available = syncthingAvailable();
if (!available) console.warn(`Syncthing harness test SKIPPED: ${SYNCTHING_MISSING}.`);

/** The files in a synced folder, without Syncthing's own `.stfolder` marker. */
async function listing(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name !== '.stfolder').sort();
}

describe.skipIf(!available)(
  available
    ? 'two Syncthing instances sharing a folder'
    : `Syncthing harness (skipped: ${SYNCTHING_MISSING})`,
  () => {
    let root: string;
    let folderA: string;
    let folderB: string;
    let pair: SyncthingPair | undefined;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'scholia-sync-test-'));
      folderA = join(root, 'a');
      folderB = join(root, 'b');
      pair = await startSyncthingPair({ folderA, folderB });
    });

    afterAll(async () => {
      await pair?.stop();
      await rm(root, { recursive: true, force: true });
    });

    it('copies a file written on A to B', async () => {
      await writeFile(join(folderA, 'first.txt'), 'written on A\n');
      await pair!.waitUntilInSync();
      expect(await readFile(join(folderB, 'first.txt'), 'utf8')).toBe('written on A\n');
    });

    it('brings files written on each side while disconnected to both sides after reconnecting', async () => {
      await pair!.disconnect();
      await writeFile(join(folderA, 'fileX.txt'), 'X, written on A while offline\n');
      await writeFile(join(folderB, 'fileY.txt'), 'Y, written on B while offline\n');
      // Each side records its own change while the other cannot hear of it.
      await pair!.scan();
      expect(await listing(folderA)).not.toContain('fileY.txt');
      expect(await listing(folderB)).not.toContain('fileX.txt');

      await pair!.reconnect();
      await pair!.waitUntilInSync();
      for (const folder of [folderA, folderB]) {
        expect(await readFile(join(folder, 'fileX.txt'), 'utf8')).toBe('X, written on A while offline\n');
        expect(await readFile(join(folder, 'fileY.txt'), 'utf8')).toBe('Y, written on B while offline\n');
      }
    });

    it('keeps both versions of a file edited differently on each side while disconnected, one as a conflict copy', async () => {
      const pairNow = pair!;
      await writeFile(join(folderA, 'same.txt'), 'the version both sides had\n');
      await pairNow.waitUntilInSync();

      await pairNow.disconnect();
      await writeFile(join(folderA, 'same.txt'), 'edited on A\n');
      await writeFile(join(folderB, 'same.txt'), 'edited on B\n');
      // Two writes a moment apart usually get the same modification time (the kernel's clock for it is
      // coarse), and then Syncthing's tie-break picks the winner. B's edit is made clearly the newer.
      const now = Date.now() / 1000;
      await utimes(join(folderA, 'same.txt'), now, now);
      await utimes(join(folderB, 'same.txt'), now + 5, now + 5);
      await pairNow.scan();
      await pairNow.reconnect();
      await pairNow.waitUntilInSync();

      // Syncthing keeps the newer edit (by modification time; on a tie, the version vectors decide)
      // under the file's own name. The side holding the older edit renames its file to
      // `<name>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<short ID><.ext>` before taking the newer one, where the
      // date and time are when the conflict was resolved (Syncthing's local time) and the short ID (first
      // 7 characters of a device ID) is that of the device that made the KEPT edit, not the conflicting
      // one: v1.19.2 produced `same.sync-conflict-20261202-184725-A7ZUZPK.txt` holding A's edit, A7ZUZPK
      // being B, whose newer edit won. The conflict copy is then an ordinary file and syncs to the other
      // side too, so both sides end up with the same two files.
      const conflictName = /^same\.sync-conflict-\d{8}-\d{6}-([A-Z0-9]{7})\.txt$/;
      const names = await listing(folderA);
      expect(await listing(folderB)).toEqual(names);
      const conflicts = names.filter((name) => name.includes('.sync-conflict-'));
      expect(conflicts).toHaveLength(1);
      const conflict = conflicts[0]!;
      expect(conflict).toMatch(conflictName);
      expect(conflictName.exec(conflict)?.[1]).toBe(pairNow.deviceIds.b.slice(0, 7));
      for (const folder of [folderA, folderB]) {
        expect(await readFile(join(folder, 'same.txt'), 'utf8')).toBe('edited on B\n');
        expect(await readFile(join(folder, conflict), 'utf8')).toBe('edited on A\n');
      }
    });
  },
);
