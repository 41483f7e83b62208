import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support';
import { listSnapshots, snapshotLibraryFile } from './backups';

const temp = useTempDir('scholia-backups-');
let source: string;
let backups: string;

beforeEach(async () => {
  source = join(temp.path, 'library.json');
  backups = join(temp.path, 'backups');
  await mkdir(backups);
});

async function saveVersion(n: number): Promise<void> {
  await writeFile(source, JSON.stringify({ schemaVersion: 1, documents: [], revision: n }));
}

describe('snapshotLibraryFile', () => {
  it('copies the file under its UTC time', async () => {
    await saveVersion(1);
    const path = await snapshotLibraryFile(source, backups, { now: new Date('2026-11-23T16:30:00.000Z') });
    expect(path).toBe(join(backups, 'library-2026-11-23T16-30-00-000Z.json'));
    expect(await readFile(path, 'utf8')).toBe(await readFile(source, 'utf8'));
  });

  it('keeps only the newest snapshots, oldest deleted first', async () => {
    for (let minute = 10; minute < 15; minute++) {
      await saveVersion(minute);
      await snapshotLibraryFile(source, backups, {
        keep: 2,
        now: new Date(`2026-11-23T16:${String(minute)}:00.000Z`),
      });
    }
    expect(await listSnapshots(backups)).toEqual([
      'library-2026-11-23T16-13-00-000Z.json',
      'library-2026-11-23T16-14-00-000Z.json',
    ]);
  });

  it('orders two snapshots taken in the same millisecond by when they were taken', async () => {
    const now = new Date('2026-11-23T16:30:00.000Z');
    await saveVersion(1);
    await snapshotLibraryFile(source, backups, { now });
    await saveVersion(2);
    await snapshotLibraryFile(source, backups, { now });
    expect(await listSnapshots(backups)).toEqual([
      'library-2026-11-23T16-30-00-000Z.json',
      'library-2026-11-23T16-30-00-000Z-1.json',
    ]);
  });

  it('does not copy content the newest snapshot already holds', async () => {
    await saveVersion(1);
    await snapshotLibraryFile(source, backups, { now: new Date('2026-11-23T16:30:00.000Z') });
    await snapshotLibraryFile(source, backups, { now: new Date('2026-11-23T16:31:00.000Z') });
    expect(await readdir(backups)).toHaveLength(1);
  });
});
