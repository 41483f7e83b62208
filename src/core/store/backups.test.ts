import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support';
import {
  ANNOTATION_BACKUPS_KEPT,
  listAnnotationSnapshots,
  listSnapshots,
  snapshotAnnotationLogs,
  snapshotLibraryFile,
} from './backups';

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

describe('snapshotAnnotationLogs', () => {
  it('snapshots each changed log, keeping the newest 10, and beyond the newest 3 none older than 90 days', async () => {
    const logs = join(temp.path, 'annotations');
    await mkdir(logs);
    const day = 24 * 60 * 60 * 1000;
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const folder = join(backups, 'doc1');
    // Twelve changes, a day apart: only the newest ten are kept.
    for (let n = 0; n < 12; n++) {
      await writeFile(join(logs, 'doc1.jsonl'), 'x'.repeat(n + 1));
      await snapshotAnnotationLogs(logs, backups, new Date(start + n * day));
    }
    expect(await listAnnotationSnapshots(folder)).toHaveLength(ANNOTATION_BACKUPS_KEPT);
    // Unchanged, it is not snapshotted again.
    await snapshotAnnotationLogs(logs, backups, new Date(start + 20 * day));
    expect(await listAnnotationSnapshots(folder)).toHaveLength(ANNOTATION_BACKUPS_KEPT);
    // A change 200 days on: the three newest stay, the older ones (over 90 days old) go.
    await writeFile(join(logs, 'doc1.jsonl'), 'changed at last');
    await snapshotAnnotationLogs(logs, backups, new Date(start + 200 * day));
    const kept = await listAnnotationSnapshots(folder);
    expect(kept).toHaveLength(3);
    expect(await readFile(join(folder, kept.at(-1) ?? ''), 'utf8')).toBe('changed at last');
  });
});
