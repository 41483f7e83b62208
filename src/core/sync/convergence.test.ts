import { cp, mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Annotation, DocumentMeta, Tag } from '../../shared/model';
import { seededRandom } from '../../../tests/support/seeded-random';
import { LibraryStore } from '../store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../store/test-documents';
import { useTempDir } from '../test-support';
import type { DeviceIdentity } from './device';

const USSR = fixtureText('ussr');
const temp = useTempDir('scholia-convergence-');

/** Every file a sync engine would carry (everything outside `local/`), relative to the library folder. */
async function syncedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (relative(dir, path) !== 'local') await walk(path);
      } else found.push(relative(dir, path));
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * One round of a sync engine from `from` to `to`, as real ones behave: a file is sent when the
 * destination has none or an older version (by modification time, which copies keep); files arrive
 * in random order, some not this round, some only partly (completed in a later round), and a log file
 * the destination holds a different version of is sometimes delivered as a conflict copy beside it.
 */
async function deliver(from: string, to: string, random: () => number, whole: boolean): Promise<void> {
  const files = await syncedFiles(from);
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j] ?? '', files[i] ?? ''];
  }
  for (const file of files) {
    if (file === '.stignore') continue;
    const bytes = await readFile(join(from, file));
    const target = join(to, file);
    const existing = await readFile(target).catch(() => null);
    if (existing !== null && existing.equals(bytes)) continue;
    const [source, destination] = await Promise.all([stat(join(from, file)), stat(target).catch(() => null)]);
    if (destination !== null && destination.mtimeMs >= source.mtimeMs) continue;
    await mkdir(dirname(target), { recursive: true });
    const roll = random();
    if (!whole && roll < 0.2) continue;
    if (!whole && roll < 0.35 && file.endsWith('.jsonl')) {
      await writeFile(target, bytes.subarray(0, Math.floor(bytes.length * random())));
      // Still arriving: older than the source, so a later round completes it.
      await utimes(target, 0, 0);
      continue;
    }
    if (!whole && roll < 0.45 && existing !== null && file.startsWith('devices') && file.endsWith('.jsonl')) {
      await writeFile(
        target.replace(
          /\.jsonl$/,
          `.sync-conflict-20261202-1200${String(Math.floor(random() * 90) + 10)}-ABCDEFG.jsonl`,
        ),
        bytes,
      );
      continue;
    }
    await cp(join(from, file), target, { preserveTimestamps: true });
  }
}

function highlight(documentId: string, n: number, random: () => number): Annotation {
  const start = Math.floor(random() * (USSR.length - 40));
  const at = new Date(Date.UTC(2026, 11, 2, 12, 0, n)).toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: USSR.slice(start, start + 30), prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start, end: start + 30 },
    ],
    color: 'yellow',
    tagIds: [],
    comment: `Note ${String(n)}`,
    createdAt: at,
    modifiedAt: at,
  };
}

/** What a device shows: documents, codebook, and each document's annotations, as JSON to compare. */
async function shown(store: LibraryStore): Promise<string> {
  const documents = store.listDocuments();
  const annotations: Record<string, readonly Annotation[] | null> = {};
  for (const meta of documents) annotations[meta.id] = await store.readAnnotations(meta.id);
  return JSON.stringify({ documents, tags: store.listTags(), annotations });
}

async function runSeed(seed: number, deviceCount: number, steps: number): Promise<void> {
  const random = seededRandom(seed);
  const devices: DeviceIdentity[] = Array.from({ length: deviceCount }, (_, i) => ({
    id: `device${String(i).padStart(6, '0')}`,
    name: `Computer ${String(i)}`,
    readerName: `Reader ${String(i)}`,
  }));
  const folders = devices.map((_, i) =>
    join(temp.path, `seed-${String(seed)}`, `computer-${String(i)}`, 'library'),
  );
  // Skewed clocks: one computer runs five minutes behind, another ahead.
  const skews = devices.map((_, i) => (i === 1 ? -300_000 : i === 2 ? 120_000 : 0));
  let tick = Date.UTC(2026, 11, 2, 12);
  const open = (i: number) =>
    LibraryStore.open(folders[i] ?? '', {
      owner: 'the convergence test',
      device: devices[i],
      wallClock: () => (tick += 7) + (skews[i] ?? 0),
    });
  const stores: LibraryStore[] = [];
  for (let i = 0; i < deviceCount; i++) stores.push(await open(i));
  const docs: DocumentMeta[] = [
    metaFor(USSR, 'USSR 1989', 'ussr.txt'),
    metaFor(`${USSR}\n\nCopy.`, 'Second', 'second.txt'),
  ];
  for (const meta of docs) await stores[0]?.addDocument(meta, paragraphsDoc(USSR));
  const syncAll = async (whole: boolean): Promise<void> => {
    for (let from = 0; from < deviceCount; from++) {
      for (let to = 0; to < deviceCount; to++) {
        if (from !== to) await deliver(folders[from] ?? '', folders[to] ?? '', random, whole);
      }
    }
    for (const store of stores) await store.refreshFromDisk();
  };
  await syncAll(true);
  await syncAll(true);
  /** Annotations whose put resolved and that no device deleted: each must be shown everywhere at the end. */
  const acknowledged = new Map<string, string>();
  const deleted = new Set<string>();
  for (let step = 0; step < steps; step++) {
    const i = Math.floor(random() * deviceCount);
    const store = stores[i];
    if (store === undefined) continue;
    const meta = docs[Math.floor(random() * docs.length)];
    if (meta === undefined) continue;
    const roll = random();
    if (roll < 0.35) {
      const annotation = highlight(meta.id, step, random);
      await store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation }));
      acknowledged.set(annotation.id, meta.id);
    } else if (roll < 0.5) {
      const current = (await store.readAnnotations(meta.id)) ?? [];
      const target = current[Math.floor(random() * current.length)];
      if (target !== undefined) {
        await store.appendAnnotationChange(meta.id, () => ({ op: 'delete', id: target.id }));
        deleted.add(target.id);
      }
    } else if (roll < 0.6) {
      const current = (await store.readAnnotations(meta.id)) ?? [];
      const target = current[Math.floor(random() * current.length)];
      if (target !== undefined) {
        const comment = `Edited on ${devices[i]?.id ?? ''} at step ${String(step)}`;
        await store.appendAnnotationChange(meta.id, () => ({
          op: 'put',
          annotation: { ...target, comment },
        }));
      }
    } else if (roll < 0.7) {
      const tag: Tag = {
        id: randomUUID(),
        name: `Tag ${String(step)}`,
        parentId: null,
        color: null,
        description: '',
      };
      await store.updateTags((tags) => [...tags, tag]);
    } else if (roll < 0.78) {
      await store.updateTags((tags) =>
        tags.map((tag, n) => (n === 0 ? { ...tag, name: `Renamed at ${String(step)}` } : tag)),
      );
    } else if (roll < 0.85) {
      await store.updateDocument(meta.id, (current) => ({
        ...current,
        note: `Note from step ${String(step)}`,
      }));
    } else {
      await syncAll(false);
    }
  }
  await syncAll(true);
  await syncAll(true);
  const views = await Promise.all(stores.map(shown));
  for (const view of views)
    expect(view, `seed ${String(seed)}: every computer shows the same library`).toBe(views[0]);
  // What is on disk, not only in memory: each computer opened afresh shows it too.
  for (const [i, store] of stores.entries()) {
    await store.close();
    stores[i] = await open(i);
  }
  const reopened = await Promise.all(stores.map(shown));
  for (const view of reopened) expect(view, `seed ${String(seed)}: after reopening`).toBe(views[0]);
  for (const [id, documentId] of acknowledged) {
    if (deleted.has(id)) continue;
    for (const store of stores) {
      const ids = ((await store.readAnnotations(documentId)) ?? []).map((annotation) => annotation.id);
      expect(ids, `seed ${String(seed)}: annotation ${id} on ${store.device.id}`).toContain(id);
    }
  }
  for (const folder of folders) {
    const copies = (await syncedFiles(folder)).filter((file) => file.includes('sync-conflict'));
    expect(copies, `seed ${String(seed)}: conflict copies left in ${folder}`).toEqual([]);
    expect((await stat(folder)).isDirectory()).toBe(true);
  }
  for (const store of stores) await store.close();
}

describe('a library shared by several computers through folder sync', () => {
  it.each([
    [11, 2],
    [23, 3],
    [37, 4],
    [41, 3],
  ])(
    'converges to the same library on every computer, losing no acknowledged change (seed %i, %i computers)',
    async (seed, devices) => {
      await runSeed(seed, devices, 70);
    },
    60_000,
  );
});
