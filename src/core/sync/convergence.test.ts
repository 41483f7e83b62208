/**
 * A seeded property test of the library under folder sync: 2–4 computers, each a LibraryStore on its
 * own folder with its own (skewed) wall clock, make random changes while a simulated sync engine copies
 * files between their folders the way real ones do — in random order, some late, some twice, some
 * partly first, some as Syncthing conflict copies. At the end, after a full sync, every computer must
 * show the same library, and no acknowledged write may be lost.
 *
 * The oracle works on events, not on the store's own bookkeeping: every line a computer appends to its
 * logs is an event (its device and stamp), and what a computer "has seen" when it deletes something is
 * every complete log line in its folder at that moment (what its store has merged, since it refreshes
 * after each delivery). An entity (document, tag, highlight) must exist at the end exactly when some
 * write to it was seen by none of its deletions (for a document, its highlights' changes count as writes
 * to it). When the last write to an entity was made by a computer that had seen every other write to
 * it, that write must win every field (the hybrid clock orders it after all it saw), and every write
 * reads back as written on its own computer. Every line written must be in every computer's folder
 * after the final sync, no conflict copy may remain outside `local/`, no damage may be reported, and
 * the same must hold once each computer reopens its library (what is on disk) and, its logs compacted
 * on closing, syncs again.
 *
 * To replay one case: SCHOLIA_CONVERGENCE_SEED=<seed> [SCHOLIA_CONVERGENCE_STEPS=<n>] npx vitest run
 * src/core/sync/convergence.test.ts
 */
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import type { Annotation, DocumentMeta, HighlightColor, Tag } from '../../shared/model';
import { LibraryStore, type SyncNotice } from '../store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../store/test-documents';
import { useTempDir } from '../test-support';
import type { DeviceIdentity } from './device';

const TEXTS = { ussr: fixtureText('ussr'), review: fixtureText('review') };
const COLORS: readonly HighlightColor[] = ['yellow', 'green', 'blue', 'pink'];
const START = Date.UTC(2026, 11, 2, 12);

const temp = useTempDir('scholia-convergence-');

type Random = () => number;

function pick<T>(random: Random, list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(random() * list.length)];
}

/** An id in the form of a UUID, from the seeded generator (so a seed replays exactly). */
function seededId(random: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function seededDeviceId(random: Random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 12 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/** Files under `dir` (relative, `/`-separated, sorted), optionally only below `under`. */
async function filesIn(dir: string, under = ''): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(join(dir, under));
  return found.sort();
}

/** The files a sync engine carries: everything under `devices/`, `documents/` and `originals/`. */
async function syncedFiles(dir: string): Promise<string[]> {
  return [
    ...(await filesIn(dir, 'devices')),
    ...(await filesIn(dir, 'documents')),
    ...(await filesIn(dir, 'originals')),
  ];
}

interface LoggedEvent {
  d: string;
  h: string;
  k: string;
  deletion: boolean;
}

const eventKey = (entry: { d: string; h: string }): string => `${entry.d}|${entry.h}`;

/** The complete lines of a change log (a torn last line, without its newline, is no change yet). */
function completeEntries(bytes: Buffer): LoggedEvent[] {
  const entries: LoggedEvent[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end >= 0; end = bytes.indexOf(0x0a, start)) {
    const text = bytes.toString('utf8', start, end);
    start = end + 1;
    try {
      const raw = JSON.parse(text) as { d?: unknown; h?: unknown; k?: unknown; x?: unknown };
      if (typeof raw.d === 'string' && typeof raw.h === 'string' && typeof raw.k === 'string') {
        entries.push({ d: raw.d, h: raw.h, k: raw.k, deletion: raw.x !== undefined });
      }
    } catch {
      // Not a change: the store reports such lines as damage, which the test checks separately.
    }
  }
  return entries;
}

/**
 * Every change a computer's store has merged: each complete line of every log in its folder, and of
 * the conflict copies it folded in and moved aside. Keyed by {@link eventKey}.
 */
async function seenOnDisk(dir: string, deviceId: string): Promise<Map<string, LoggedEvent>> {
  const seen = new Map<string, LoggedEvent>();
  const files = [
    ...(await filesIn(dir, 'devices')),
    ...(await filesIn(dir, join('local', deviceId, 'conflicts'))),
  ].filter((file) => file.endsWith('.jsonl'));
  for (const file of files) {
    for (const entry of completeEntries(await readFile(join(dir, file)))) seen.set(eventKey(entry), entry);
  }
  return seen;
}

/** JSON with object keys sorted, so that equal values give equal strings whatever their key order. */
/**
 * `value` without who made it and who changed it last: those are worked out from the logs, so the
 * model checks them on their own ({@link authorshipProblem}) rather than as written values.
 */
function withoutAuthors(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { createdBy: _createdBy, modifiedBy: _modifiedBy, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** The device an annotation names as its author in `field`, when it names one. */
function authorDevice(value: unknown, field: 'createdBy' | 'modifiedBy'): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const author = (value as Record<string, unknown>)[field];
  return author !== null && typeof author === 'object'
    ? String((author as Record<string, unknown>)['deviceId'])
    : undefined;
}

/** Whether an entity key is an annotation's (its bare id) rather than a document's, tag's or list's. */
function isAnnotationEntity(entity: string): boolean {
  return !/^(doc|tag|col):/.test(entity) && entity !== 'settings';
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

const isConflictCopy = (file: string): boolean => /\.sync-conflict-\d{8}-\d{6}/.test(file);

// ---------------------------------------------------------------------------------------------
// The sync engine
// ---------------------------------------------------------------------------------------------

interface Delivery {
  /** Every file arrives whole, this round (the final sync). */
  reliable: boolean;
  /** The time the engine names conflict copies after. */
  now: number;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return prefix.length <= bytes.length && bytes.subarray(0, prefix.length).equals(prefix);
}

function conflictName(file: string, now: number, device: string): string {
  const at = new Date(now).toISOString();
  const stamp = `${at.slice(0, 10).replaceAll('-', '')}-${at.slice(11, 19).replaceAll(':', '')}`;
  return file.replace(/\.jsonl$/, `.sync-conflict-${stamp}-${device.slice(0, 7).toUpperCase()}.jsonl`);
}

/**
 * One round of the engine from computer `from` to computer `to`. Logs only grow, so the version with
 * more bytes that starts with the other's is the newer; the engine never sends an older version over a
 * newer one. A version that does not start with the other's (a log compacted by its device) is sent
 * only by that log's own device. Unless `reliable`, files come in random order, some not this round,
 * some twice, a log partly first (a prefix longer than what is there, completed in a later round), and
 * a log the destination holds an older version of sometimes as a conflict copy beside it.
 */
async function deliver(
  from: { dir: string; id: string },
  to: { dir: string },
  random: Random,
  { reliable, now }: Delivery,
  trace: string[],
): Promise<void> {
  const files = await syncedFiles(from.dir);
  if (!reliable) for (const file of [...files]) if (random() < 0.1) files.push(file);
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  const events: string[] = [];
  for (const file of files) {
    if (isConflictCopy(file)) continue;
    const source = join(from.dir, file);
    const target = join(to.dir, file);
    const bytes = await readFile(source);
    const existing = await readFile(target).catch(() => null);
    const write = async (path: string, content: Buffer): Promise<void> => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      // Engines keep the modification time of the file they copy.
      const { atime, mtime } = await stat(source);
      await utimes(path, atime, mtime);
    };
    const isLog = file.endsWith('.jsonl');
    if (existing !== null) {
      if (existing.equals(bytes)) {
        if (!reliable && random() < 0.3) await write(target, bytes);
        continue;
      }
      if (startsWith(existing, bytes)) continue;
      if (!startsWith(bytes, existing) && !(isLog && file.startsWith(`devices/${from.id}/`))) continue;
    }
    if (!reliable) {
      const roll = random();
      if (roll < 0.15) {
        events.push(`late ${file}`);
        continue;
      }
      const have = existing !== null && startsWith(bytes, existing) ? existing.length : 0;
      if (roll < 0.3 && isLog && bytes.length - have >= 2) {
        const length = have + 1 + Math.floor(random() * (bytes.length - have - 1));
        await write(target, bytes.subarray(0, length));
        events.push(`part ${file} ${length}/${bytes.length}`);
        continue;
      }
      if (roll < 0.45 && isLog && existing !== null && file.startsWith('devices/')) {
        const copy = conflictName(file, now, from.id);
        await write(join(to.dir, copy), bytes);
        events.push(`conflict ${copy}`);
        continue;
      }
    }
    await write(target, bytes);
  }
  if (events.length > 0) trace.push(`    ${events.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// The simulation
// ---------------------------------------------------------------------------------------------

interface Computer {
  identity: DeviceIdentity;
  dir: string;
  store: LibraryStore;
  /** How far this computer's wall clock is off the simulation's time, in ms. */
  skew: number;
}

/** A write to one entity as the oracle keeps it. */
interface Write {
  step: number;
  device: string;
  /** The events (log lines) it appended. */
  events: string[];
  /** Every event its computer had seen before it. */
  seenBefore: ReadonlySet<string>;
  /** The entity as the write meant it to be (JSON with sorted keys). */
  result: string;
}

interface Outcome {
  seed: number;
  trace: string[];
  problems: string[];
  seconds: number;
}

async function runSeed(seed: number, steps: number): Promise<Outcome> {
  const started = performance.now();
  const random = seededRandom(seed);
  const trace: string[] = [];
  const problems: string[] = [];
  const notices: Array<SyncNotice & { device: string }> = [];
  const deviceCount = 2 + Math.floor(random() * 3);
  let now = START;

  // Readable labels for ids in the trace.
  const labels = new Map<string, string>();
  const label = (id: string, prefix: string): string => {
    let name = labels.get(id);
    if (name === undefined) {
      name = `${prefix}${[...labels.values()].filter((value) => value.startsWith(prefix)).length + 1}`;
      labels.set(id, name);
    }
    return name;
  };

  const noteOnLastLine = (text: string): void => {
    trace.push(`${trace.pop() ?? ''}${text}`);
  };

  const computers: Computer[] = [];
  // One computer's clock runs minutes behind, the others a little off either way.
  const behind = Math.floor(random() * deviceCount);
  for (let i = 0; i < deviceCount; i++) {
    const identity: DeviceIdentity = {
      id: seededDeviceId(random),
      name: `Computer ${i}`,
      readerName: `Reader ${i}`,
    };
    const skew =
      i === behind ? -(3 + Math.floor(random() * 5)) * 60_000 : Math.floor((random() - 0.5) * 180_000);
    const dir = join(temp.path, `seed-${seed}`, `computer-${i}`, 'library');
    computers.push({ identity, dir, skew, store: null as unknown as LibraryStore });
    label(identity.id, 'C');
  }
  const wallClock = (computer: Computer) => () => now + computer.skew;
  const open = async (computer: Computer): Promise<LibraryStore> => {
    const store = await LibraryStore.open(computer.dir, {
      owner: 'the convergence test',
      device: computer.identity,
      wallClock: wallClock(computer),
    });
    for (const notice of store.takeNotices()) notices.push({ ...notice, device: computer.identity.id });
    return store;
  };
  for (const computer of computers) computer.store = await open(computer);
  trace.push(
    `seed ${seed}: ${deviceCount} computers, clocks off by ${computers.map((c) => `${Math.round(c.skew / 1000)}s`).join(', ')}`,
  );

  // The oracle's records.
  const events = new Map<string, LoggedEvent & { step: number }>();
  /** For each deletion event, every event its computer had seen when it made it. */
  const deletionSaw = new Map<string, ReadonlySet<string>>();
  /** Each entity's writes, in the order they were made. */
  const writes = new Map<string, Write[]>();
  /** The document each highlight belongs to. */
  const highlightDoc = new Map<string, string>();
  let step = -1;

  const seenBy = async (computer: Computer): Promise<Set<string>> =>
    new Set((await seenOnDisk(computer.dir, computer.identity.id)).keys());

  /**
   * Runs one change on `computer` and records the lines it appended as events; `entity` and `result`
   * name what it wrote and how the store returned it.
   */
  const change = async <T>(
    computer: Computer,
    what: string,
    run: () => Promise<T>,
    entityOf: (result: T) => Array<{ entity: string; intended: unknown; shown: unknown }>,
  ): Promise<T> => {
    const seenBefore = await seenBy(computer);
    const result = await run();
    const after = await seenOnDisk(computer.dir, computer.identity.id);
    const fresh: string[] = [];
    for (const [key, entry] of after) {
      if (events.has(key)) continue;
      if (entry.d !== computer.identity.id) {
        problems.push(
          `step ${step}: an unknown change ${key} by another computer appeared in ${computer.identity.id}'s folder`,
        );
        continue;
      }
      events.set(key, { ...entry, step });
      fresh.push(key);
      if (entry.deletion) deletionSaw.set(key, seenBefore);
    }
    for (const { entity, intended, shown } of entityOf(result)) {
      const own = fresh.filter((key) => events.get(key)?.k === entity && events.get(key)?.deletion === false);
      if (own.length === 0) continue;
      // A write reads back as written on its own computer, whatever it merged before, signed by it.
      if (sortedJson(withoutAuthors(shown)) !== sortedJson(withoutAuthors(intended))) {
        problems.push(
          `step ${step}: ${label(computer.identity.id, 'C')} ${what}, but its store shows ${sortedJson(shown)} instead of ${sortedJson(intended)}`,
        );
      }
      const signer = authorDevice(shown, 'modifiedBy');
      if (isAnnotationEntity(entity) && signer !== computer.identity.id) {
        problems.push(
          `step ${step}: ${label(computer.identity.id, 'C')} ${what}, but its store says it was last changed on ${signer === undefined ? 'no computer' : label(signer, 'C')}`,
        );
      }
      const list = writes.get(entity) ?? [];
      list.push({
        step,
        device: computer.identity.id,
        events: own,
        seenBefore,
        result: sortedJson(withoutAuthors(intended)),
      });
      writes.set(entity, list);
    }
    trace.push(
      `  ${step}: ${label(computer.identity.id, 'C')} ${what}${fresh.length === 0 ? ' (no change written)' : ''}`,
    );
    return result;
  };

  const annotationFor = (computer: Computer, documentId: string, text: string): Annotation => {
    const length = 10 + Math.floor(random() * 40);
    const start = Math.floor(random() * (text.length - length));
    const at = new Date(now + computer.skew).toISOString();
    return {
      id: seededId(random),
      documentId,
      selectors: [
        {
          type: 'TextQuoteSelector',
          exact: text.slice(start, start + length),
          prefix: text.slice(Math.max(0, start - 32), start),
          suffix: text.slice(start + length, start + length + 32),
        },
        { type: 'TextPositionSelector', start, end: start + length },
      ],
      color: pick(random, COLORS) ?? 'yellow',
      tagIds: [],
      comment: random() < 0.5 ? '' : `Comment at step ${step}`,
      createdAt: at,
      modifiedAt: at,
    };
  };
  const textOf = new Map<string, string>();

  const addDocument = async (computer: Computer, text: keyof typeof TEXTS, title: string): Promise<void> => {
    const id = seededId(random);
    const at = new Date(now + computer.skew).toISOString();
    const meta: DocumentMeta = {
      ...metaFor(TEXTS[text], title, `${text}.txt`, id),
      addedAt: at,
      modifiedAt: at,
    };
    textOf.set(id, TEXTS[text]);
    await change(
      computer,
      `adds document ${label(id, 'D')}`,
      () => computer.store.addDocument(meta, paragraphsDoc(TEXTS[text])),
      () => [{ entity: `doc:${id}`, intended: meta, shown: computer.store.getDocument(id) }],
    );
  };

  const putHighlight = async (
    computer: Computer,
    documentId: string,
    what: string,
    decide: (current: readonly Annotation[]) => Annotation | null,
  ): Promise<void> => {
    const chosen: { annotation: Annotation | null } = { annotation: null };
    const list = await change(
      computer,
      what,
      () =>
        computer.store.appendAnnotationChanges(documentId, (current) => {
          const put = decide(current);
          chosen.annotation = put;
          if (put !== null) highlightDoc.set(put.id, documentId);
          return put === null ? [] : [{ op: 'put', annotation: put }];
        }),
      (result) => {
        const annotation = chosen.annotation;
        if (annotation === null || result === null) return [];
        const shown = result.find((entry) => entry.id === annotation.id);
        if (shown === undefined)
          problems.push(
            `step ${step}: the put of ${label(annotation.id, 'H')} resolved but the list returned lacks it`,
          );
        return [{ entity: annotation.id, intended: annotation, shown }];
      },
    );
    const annotation = chosen.annotation;
    if (annotation !== null) {
      noteOnLastLine(
        ` [${label(annotation.id, 'H')} on ${label(documentId, 'D')}${list === null ? ', refused: no such document' : ''}]`,
      );
    }
  };

  const syncStep = async (from: Computer, to: Computer, reliable: boolean): Promise<void> => {
    if (!reliable)
      trace.push(`  ${step}: sync ${label(from.identity.id, 'C')} → ${label(to.identity.id, 'C')}`);
    await deliver({ dir: from.dir, id: from.identity.id }, { dir: to.dir }, random, { reliable, now }, trace);
    const remote = await to.store.refreshFromDisk();
    for (const notice of [...remote.notices, ...to.store.takeNotices()])
      notices.push({ ...notice, device: to.identity.id });
  };

  const syncEverything = async (): Promise<void> => {
    for (const to of computers) for (const from of computers) if (from !== to) await syncStep(from, to, true);
  };

  // Start: the first computer adds two documents and a few tags; everyone gets them.
  const first = computers[0]!;
  await addDocument(first, 'ussr', 'USSR 1989');
  await addDocument(first, 'review', 'The collapse of Stalinism, reviewed');
  for (const name of ['Thesis', 'Evidence', 'Question']) {
    const tag: Tag = { id: seededId(random), name, parentId: null, color: null, description: '' };
    await change(
      first,
      `adds tag ${label(tag.id, 'T')}`,
      () => first.store.updateTags((tags) => [...tags, tag]),
      (tags) => [
        { entity: `tag:${tag.id}`, intended: tag, shown: tags.find((entry) => entry.id === tag.id) },
      ],
    );
  }
  await syncEverything();
  await syncEverything();

  for (step = 0; step < steps; step++) {
    now += 1 + Math.floor(random() * 3000);
    const computer = pick(random, computers)!;
    const store = computer.store;
    if (random() < 0.05) {
      // An NTP correction: the clock jumps, sometimes backwards.
      computer.skew += Math.floor((random() - 0.6) * 120_000);
      trace.push(
        `  ${step}: ${label(computer.identity.id, 'C')}'s clock is now off by ${Math.round(computer.skew / 1000)}s`,
      );
    }
    const meta = pick(random, store.listDocuments());
    const roll = random();
    const index = random();
    const other = random();
    if (roll < 0.3) {
      const from = pick(
        random,
        computers.filter((candidate) => candidate !== computer),
      )!;
      await syncStep(from, computer, false);
    } else if (roll < 0.4 && meta !== undefined) {
      await putHighlight(computer, meta.id, 'adds a highlight', () =>
        annotationFor(computer, meta.id, textOf.get(meta.id) ?? TEXTS.ussr),
      );
    } else if (roll < 0.53 && meta !== undefined) {
      await putHighlight(computer, meta.id, 'edits a highlight', (current) => {
        const target = current[Math.floor(index * current.length)];
        if (target === undefined) return null;
        return {
          ...target,
          comment: `Edited by ${computer.identity.name} at step ${step}`,
          color: COLORS[Math.floor(other * COLORS.length)] ?? 'yellow',
          modifiedAt: new Date(now + computer.skew).toISOString(),
        };
      });
    } else if (roll < 0.59 && meta !== undefined) {
      const chosen: { id: string | null } = { id: null };
      await change(
        computer,
        'deletes a highlight',
        () =>
          store.appendAnnotationChanges(meta.id, (current) => {
            const target = current[Math.floor(index * current.length)];
            chosen.id = target?.id ?? null;
            return target === undefined ? [] : [{ op: 'delete', id: target.id }];
          }),
        () => [],
      );
      if (chosen.id !== null) noteOnLastLine(` [${label(chosen.id, 'H')}]`);
    } else if (roll < 0.66 && meta !== undefined) {
      await store.withCodebook(async () => {
        const tag = pick(random, store.listTags());
        if (tag === undefined) return;
        await putHighlight(computer, meta.id, `tags a highlight with ${label(tag.id, 'T')}`, (current) => {
          const target = current[Math.floor(index * current.length)];
          if (target === undefined) return null;
          const tagIds = target.tagIds.includes(tag.id)
            ? target.tagIds.filter((id) => id !== tag.id)
            : [...target.tagIds, tag.id];
          return { ...target, tagIds, modifiedAt: new Date(now + computer.skew).toISOString() };
        });
      });
    } else if (roll < 0.69) {
      const tag: Tag = {
        id: seededId(random),
        name: `Tag of step ${step}`,
        parentId: null,
        color: null,
        description: '',
      };
      await change(
        computer,
        `adds tag ${label(tag.id, 'T')}`,
        () => store.updateTags((tags) => [...tags, tag]),
        (tags) => [
          { entity: `tag:${tag.id}`, intended: tag, shown: tags.find((entry) => entry.id === tag.id) },
        ],
      );
    } else if (roll < 0.77) {
      const tag = pick(random, store.listTags());
      if (tag === undefined) continue;
      const renamed: Tag = { ...tag, name: `Renamed at step ${step}` };
      await change(
        computer,
        `renames tag ${label(tag.id, 'T')}`,
        () => store.updateTags((tags) => tags.map((entry) => (entry.id === tag.id ? renamed : entry))),
        (tags) => [
          { entity: `tag:${tag.id}`, intended: renamed, shown: tags.find((entry) => entry.id === tag.id) },
        ],
      );
    } else if (roll < 0.8) {
      const tag = pick(random, store.listTags());
      if (tag === undefined) continue;
      await store.withCodebook(() =>
        change(
          computer,
          `deletes tag ${label(tag.id, 'T')}`,
          () => store.updateTags((tags) => tags.filter((entry) => entry.id !== tag.id)),
          () => [],
        ),
      );
    } else if (roll < 0.91 && meta !== undefined) {
      const intended: { meta: DocumentMeta | null } = { meta: null };
      await change(
        computer,
        `changes the note of ${label(meta.id, 'D')}`,
        () =>
          store.updateDocument(meta.id, (current) => {
            intended.meta = {
              ...current,
              note: `Note by ${computer.identity.name} at step ${step}`,
              modifiedAt: new Date(now + computer.skew).toISOString(),
            };
            return intended.meta;
          }),
        (result) =>
          result === null ? [] : [{ entity: `doc:${meta.id}`, intended: intended.meta, shown: result }],
      );
    } else if (roll < 0.95 && meta !== undefined) {
      await change(
        computer,
        `deletes document ${label(meta.id, 'D')}`,
        () => store.removeDocument(meta.id),
        () => [],
      );
    } else if (roll < 0.97) {
      await addDocument(computer, other < 0.5 ? 'ussr' : 'review', `Imported at step ${step}`);
    } else {
      trace.push(`  ${step}: ${label(computer.identity.id, 'C')} looks at the library again`);
      const remote = await store.refreshFromDisk();
      for (const notice of remote.notices) notices.push({ ...notice, device: computer.identity.id });
    }
  }

  // The final sync: everything to everyone, twice.
  trace.push('  final sync');
  await syncEverything();
  await syncEverything();

  /** What a computer shows: documents, tags and each document's highlights. */
  const shown = async (computer: Computer): Promise<View> => {
    const documents = computer.store.listDocuments();
    const annotations: Record<string, readonly Annotation[] | null> = {};
    for (const meta of documents) annotations[meta.id] = await computer.store.readAnnotations(meta.id);
    return { documents, tags: computer.store.listTags(), annotations };
  };
  let views: View[] = [];
  const compareAll = async (when: string, reference: View | null): Promise<View> => {
    views = await Promise.all(computers.map(shown));
    const expected = reference ?? views[0]!;
    for (const [i, view] of views.entries()) {
      if (JSON.stringify(view) !== JSON.stringify(expected)) {
        problems.push(
          `${when}: ${label(computers[i]!.identity.id, 'C')} shows ${describeDifference(expected, view, labels)}${reference === null ? ' (compared with C1)' : ' (compared with C1 before reopening)'}`,
        );
      }
    }
    return expected;
  };
  const converged = await compareAll('after the final sync', null);

  // (1b) Every change any computer made is in every computer's folder.
  for (const computer of computers) {
    const seen = await seenBy(computer);
    const missing = [...events.keys()].filter((key) => !seen.has(key));
    if (missing.length > 0)
      problems.push(
        `after the final sync, ${label(computer.identity.id, 'C')}'s folder lacks ${missing.length} changes, e.g. ${missing.slice(0, 3).join(', ')}`,
      );
  }

  // (2) The oracle.
  let where = '';
  const allSeenByDeletions = (entity: string): Set<string> => {
    const union = new Set<string>();
    for (const [key, event] of events) {
      if (event.k !== entity || !event.deletion) continue;
      for (const seenKey of deletionSaw.get(key) ?? []) union.add(seenKey);
    }
    return union;
  };
  const writesTo = (entity: string): string[] => {
    const documentId = entity.startsWith('doc:') ? entity.slice(4) : null;
    return [...events]
      .filter(
        ([, event]) =>
          (event.k === entity && !event.deletion) ||
          (documentId !== null && highlightDoc.get(event.k) === documentId),
      )
      .map(([key]) => key);
  };
  const unseenWrite = (entity: string): string | null => {
    const seen = allSeenByDeletions(entity);
    return writesTo(entity).find((key) => !seen.has(key)) ?? null;
  };
  const describeEvent = (key: string | null): string => {
    if (key === null) return 'none';
    const event = events.get(key);
    return event === undefined ? key : `${label(event.d, 'C')}'s change at step ${event.step}`;
  };
  const expectPresence = (entity: string, name: string, present: boolean): boolean => {
    const unseen = unseenWrite(entity);
    const expected = unseen !== null;
    if (present !== expected) {
      problems.push(
        where +
          (expected
            ? `${name} is gone, but ${describeEvent(unseen)} was seen by none of its deletions`
            : `${name} is shown, but every deletion of it together saw all ${writesTo(entity).length} writes to it`),
      );
    }
    return expected;
  };
  const expectLastWriteWins = (entity: string, name: string, actual: unknown): void => {
    const list = writes.get(entity) ?? [];
    const last = list.at(-1);
    if (last === undefined) return;
    const others = writesTo(entity).filter(
      (key) => events.get(key)?.k === entity && !last.events.includes(key),
    );
    if (!others.every((key) => last.seenBefore.has(key))) return;
    if (sortedJson(withoutAuthors(actual)) !== last.result) {
      problems.push(
        `${where}${name}: the last write (step ${last.step}, by ${label(last.device, 'C')}, which had seen all others) should win: expected ${last.result}, shown ${sortedJson(actual)}`,
      );
    }
    if (!isAnnotationEntity(entity)) return;
    // Who made it is its first write's computer (every later write saw it); who changed it last, the last write's.
    const first = list[0]!;
    const shownBy = { created: authorDevice(actual, 'createdBy'), modified: authorDevice(actual, 'modifiedBy') };
    if (shownBy.created !== first.device || shownBy.modified !== last.device) {
      problems.push(
        `${where}${name}: made on ${label(first.device, 'C')} (step ${first.step}) and last changed on ${label(last.device, 'C')} (step ${last.step}), but shown as made on ${shownBy.created === undefined ? 'no computer' : label(shownBy.created, 'C')} and last changed on ${shownBy.modified === undefined ? 'no computer' : label(shownBy.modified, 'C')}`,
      );
    }
  };
  const checkOracle = (when: string, state: View): void => {
    where = `${when}: `;
    const documentIds = [
      ...new Set([...writes.keys()].filter((key) => key.startsWith('doc:')).map((key) => key.slice(4))),
    ];
    for (const id of documentIds) {
      const meta = state.documents.find((entry) => entry.id === id);
      const present = expectPresence(`doc:${id}`, `document ${label(id, 'D')}`, meta !== undefined);
      if (present && meta !== undefined) expectLastWriteWins(`doc:${id}`, `document ${label(id, 'D')}`, meta);
    }
    for (const entity of [...writes.keys()].filter((key) => key.startsWith('tag:'))) {
      const tag = state.tags.find((entry) => `tag:${entry.id}` === entity);
      const name = `tag ${label(entity.slice(4), 'T')}`;
      if (expectPresence(entity, name, tag !== undefined) && tag !== undefined)
        expectLastWriteWins(entity, name, tag);
    }
    for (const [id, documentId] of highlightDoc) {
      if (!writes.has(id)) continue;
      const name = `highlight ${label(id, 'H')} of ${label(documentId, 'D')}`;
      const list = state.annotations[documentId];
      if (list === undefined) {
        if (unseenWrite(`doc:${documentId}`) !== null && unseenWrite(id) !== null) {
          problems.push(`${where}${name} is not shown, because its document is not`);
        }
        continue;
      }
      const annotation = list?.find((entry) => entry.id === id);
      if (expectPresence(id, name, annotation !== undefined) && annotation !== undefined)
        expectLastWriteWins(id, name, annotation);
    }
  };
  for (const [i, computer] of computers.entries()) {
    checkOracle(`after the final sync, on ${label(computer.identity.id, 'C')}`, views[i]!);
  }

  // (3) No conflict copy is left outside local/.
  for (const computer of computers) {
    const left = (await syncedFiles(computer.dir)).filter(isConflictCopy);
    if (left.length > 0)
      problems.push(
        `conflict copies left in ${label(computer.identity.id, 'C')}'s folder: ${left.join(', ')}`,
      );
  }
  // (4) No damage reported.
  for (const notice of notices) {
    if (notice.kind === 'damaged')
      problems.push(`${label(notice.device, 'C')} reported damage: ${notice.message}`);
  }

  // What is on disk, not only in memory: each computer opened afresh shows the same; then, its logs
  // compacted on closing, a full sync again changes nothing.
  for (const computer of computers) {
    await computer.store.close();
    computer.store = await open(computer);
  }
  await compareAll('after reopening', converged);
  for (const [i, computer] of computers.entries()) {
    checkOracle(`after reopening, on ${label(computer.identity.id, 'C')}`, views[i]!);
  }
  await syncEverything();
  await syncEverything();
  await compareAll('after reopening, compacting and syncing again', converged);
  for (const computer of computers) await computer.store.close();
  return { seed, trace, problems, seconds: (performance.now() - started) / 1000 };
}

interface View {
  documents: readonly DocumentMeta[];
  tags: readonly Tag[];
  annotations: Record<string, readonly Annotation[] | null>;
}

/** How view `actual` differs from view `expected`, in a few words with the trace's labels. */
function describeDifference(expected: View, actual: View, labels: ReadonlyMap<string, string>): string {
  const name = (id: string) => labels.get(id) ?? id;
  const ids = (list: ReadonlyArray<{ id: string }> | null | undefined) =>
    (list ?? []).map((entry) => name(entry.id)).join(',');
  const differences: string[] = [];
  if (ids(expected.documents) !== ids(actual.documents)) {
    differences.push(`documents [${ids(actual.documents)}] instead of [${ids(expected.documents)}]`);
  }
  for (const meta of actual.documents) {
    const other = expected.documents.find((entry) => entry.id === meta.id);
    if (other !== undefined && JSON.stringify(other) !== JSON.stringify(meta)) {
      differences.push(
        `document ${name(meta.id)} as ${JSON.stringify(meta)} instead of ${JSON.stringify(other)}`,
      );
    }
  }
  if (ids(expected.tags) !== ids(actual.tags))
    differences.push(`tags [${ids(actual.tags)}] instead of [${ids(expected.tags)}]`);
  for (const tag of actual.tags) {
    const other = expected.tags.find((entry) => entry.id === tag.id);
    if (other !== undefined && JSON.stringify(other) !== JSON.stringify(tag)) {
      differences.push(`tag ${name(tag.id)} as ${JSON.stringify(tag)} instead of ${JSON.stringify(other)}`);
    }
  }
  for (const [id, list] of Object.entries(actual.annotations)) {
    const other = expected.annotations[id];
    if (other === undefined) continue;
    if (ids(list) !== ids(other))
      differences.push(`highlights of ${name(id)} [${ids(list)}] instead of [${ids(other)}]`);
    for (const annotation of list ?? []) {
      const same = other?.find((entry) => entry.id === annotation.id);
      if (same !== undefined && JSON.stringify(same) !== JSON.stringify(annotation)) {
        differences.push(
          `highlight ${name(annotation.id)} as ${JSON.stringify(annotation)} instead of ${JSON.stringify(same)}`,
        );
      }
    }
  }
  return differences.join('; ') || 'the same library in another form';
}

/** Each seed runs this many steps; the last cases are shrunk ones that once found a bug. */
const CASES: ReadonlyArray<{ seed: number; steps: number }> =
  process.env['SCHOLIA_CONVERGENCE_SEED'] === undefined
    ? [
        ...[1, 2, 3, 4, 5, 6].map((seed) => ({ seed, steps: 60 })),
        // Shrunk cases that fail on the core as of this writing (see the step-by-step tests below):
        // a computer that never read a document's highlights (C4) drops it on another's deletion
        // (step 16) that a highlight made elsewhere without having seen it (step 28) overrules;
        { seed: 81, steps: 29 },
        // a highlight change reaches the deleting computer only in a conflict copy (step 46);
        { seed: 135, steps: 47 },
        // a deletion after seeing a computer's later highlight edit, but not its earlier change to the
        // document's note, still in flight (step 53): the note is lost on every computer.
        { seed: 369, steps: 54 },
      ]
    : [
        {
          seed: Number(process.env['SCHOLIA_CONVERGENCE_SEED']),
          steps: Number(process.env['SCHOLIA_CONVERGENCE_STEPS'] ?? 60),
        },
      ];

// ---------------------------------------------------------------------------------------------
// The smallest cases of what the seeds found, step by step
// ---------------------------------------------------------------------------------------------

interface Scenario {
  computers: Computer[];
  meta: DocumentMeta;
  /** Every file to every computer (each refreshing after each delivery), twice; resolves to the notices each computer's refreshes gave. */
  syncAll: () => Promise<Map<Computer, SyncNotice[]>>;
  /** A highlight on the document, numbered `n`. */
  highlight: (n: number) => Annotation;
  /** What each computer shows: its documents' ids, and their highlights' ids. */
  shownBy: (computer: Computer) => Promise<{ documents: string[]; highlights: string[] }>;
  /** Closes every computer's store and opens it again. */
  reopenAll: () => Promise<void>;
}

async function scenario(name: string, count: number): Promise<Scenario> {
  let tick = START;
  const computers: Computer[] = [];
  const open = (computer: Computer) =>
    LibraryStore.open(computer.dir, {
      owner: 'the convergence test',
      device: computer.identity,
      wallClock: () => (tick += 1000) + computer.skew,
    });
  for (let i = 0; i < count; i++) {
    const computer: Computer = {
      identity: {
        id: `computer${String(i).padStart(4, '0')}`,
        name: `Computer ${i}`,
        readerName: `Reader ${i}`,
      },
      dir: join(temp.path, name, `computer-${i}`, 'library'),
      // The second computer's clock runs five minutes behind.
      skew: i === 1 ? -300_000 : 0,
      store: null as unknown as LibraryStore,
    };
    computer.store = await open(computer);
    computers.push(computer);
  }
  const meta: DocumentMeta = {
    ...metaFor(TEXTS.ussr, 'USSR 1989', 'ussr.txt', '6f1c2a9e-0b7d-4e52-a1f3-9c8d7e6b5a40'),
    addedAt: new Date(START).toISOString(),
    modifiedAt: new Date(START).toISOString(),
  };
  /** Syncs every pair of computers twice over; resolves to the notices each computer's refreshes gave. */
  const syncAll = async (): Promise<Map<Computer, SyncNotice[]>> => {
    const notices = new Map<Computer, SyncNotice[]>(computers.map((computer) => [computer, []]));
    for (let round = 0; round < 2; round++) {
      for (const to of computers) {
        for (const from of computers) {
          if (from === to) continue;
          await deliver(
            { dir: from.dir, id: from.identity.id },
            { dir: to.dir },
            () => 0,
            { reliable: true, now: tick },
            [],
          );
          notices.get(to)!.push(...(await to.store.refreshFromDisk()).notices);
        }
      }
    }
    return notices;
  };
  const highlight = (n: number): Annotation => ({
    id: `0000000${n}-aaaa-4aaa-aaaa-aaaaaaaaaaaa`,
    documentId: meta.id,
    selectors: [
      { type: 'TextQuoteSelector', exact: TEXTS.ussr.slice(100 * n, 100 * n + 20), prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start: 100 * n, end: 100 * n + 20 },
    ],
    color: 'yellow',
    tagIds: [],
    comment: `Highlight ${n}`,
    createdAt: new Date(START).toISOString(),
    modifiedAt: new Date(START).toISOString(),
  });
  const shownBy = async (computer: Computer) => {
    const documents = computer.store.listDocuments().map((entry) => entry.id);
    const highlights = documents.includes(meta.id)
      ? ((await computer.store.readAnnotations(meta.id)) ?? []).map((entry) => entry.id)
      : [];
    return { documents, highlights };
  };
  const reopenAll = async () => {
    for (const computer of computers) {
      await computer.store.close();
      computer.store = await open(computer);
    }
  };
  return { computers, meta, syncAll, highlight, shownBy, reopenAll };
}

/** The first computer adds the document and both sync; the second highlights it while the first, not having heard of that, deletes it. */
async function deleteWhileHighlightedElsewhere({ computers, meta, syncAll, highlight }: Scenario): Promise<void> {
  const [a, b] = computers as [Computer, Computer];
  await a.store.addDocument(meta, paragraphsDoc(TEXTS.ussr));
  await syncAll();
  await b.store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: highlight(1) }));
  await a.store.removeDocument(meta.id);
}

async function closeAll(computers: readonly Computer[]): Promise<void> {
  for (const computer of computers) await computer.store.close();
}

describe('a library shared by several computers through folder sync', () => {
  it.each(CASES)(
    'converges on every computer and loses no acknowledged write (seed $seed, $steps steps)',
    async ({ seed, steps }) => {
      let outcome: Outcome;
      try {
        outcome = await runSeed(seed, steps);
      } catch (error) {
        throw new Error(
          `seed ${seed}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          { cause: error },
        );
      }
      expect(
        outcome.problems,
        `seed ${seed}, ${steps} steps (replay: SCHOLIA_CONVERGENCE_SEED=${seed} SCHOLIA_CONVERGENCE_STEPS=${steps})\n${outcome.trace.join('\n')}`,
      ).toEqual([]);
    },
    60_000,
  );

  it('keeps a document on a computer that never read its highlights when another computer’s unseen highlight overrules its deletion', async () => {
    const { computers, meta, syncAll, highlight, shownBy, reopenAll } = await scenario('never-read', 3);
    const [a, b] = computers as [Computer, Computer, Computer];
    await a.store.addDocument(meta, paragraphsDoc(TEXTS.ussr));
    await syncAll();
    // B highlights the document; A, not having heard of it, deletes the document. C only watches.
    await b.store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: highlight(1) }));
    await a.store.removeDocument(meta.id);
    await syncAll();
    const expected = { documents: [meta.id], highlights: [highlight(1).id] };
    // What every computer shows once it opens the library afresh…
    await reopenAll();
    for (const computer of computers)
      expect.soft(await shownBy(computer), `${computer.identity.name}, reopened`).toEqual(expected);
    await closeAll(computers);
  });

  it('tells the reader on each computer once that a deleted document was kept, not at every opening', async () => {
    const setting = await scenario('kept-told-once', 2);
    const { computers, syncAll, reopenAll } = setting;
    await deleteWhileHighlightedElsewhere(setting);
    const kept = (notices: readonly SyncNotice[]) => notices.filter((notice) => notice.kind === 'kept').length;
    const live = await syncAll();
    // A sees the document it deleted come back, B learns that its deletion was overruled, both while
    // the library is open; neither is told again when it opens the library later.
    expect(computers.map((computer) => kept(live.get(computer)!))).toEqual([1, 1]);
    await reopenAll();
    expect(computers.map((computer) => kept(computer.store.takeNotices()))).toEqual([0, 0]);
    await reopenAll();
    expect(computers.map((computer) => kept(computer.store.takeNotices()))).toEqual([0, 0]);
    await closeAll(computers);
  });

  it('keeps a document on a computer that never read its highlights when another computer’s unseen highlight overrules its deletion, without reopening', async () => {
    const setting = await scenario('never-read-live', 3);
    const { computers, meta, syncAll, highlight, shownBy } = setting;
    await deleteWhileHighlightedElsewhere(setting);
    await syncAll();
    // …each must show already, after refreshFromDisk: C, which never read the document's highlights,
    // must not judge the deletion by the document's metadata alone.
    const expected = { documents: [meta.id], highlights: [highlight(1).id] };
    for (const computer of computers)
      expect.soft(await shownBy(computer), computer.identity.name).toEqual(expected);
    await closeAll(computers);
  });

  it('brings a deleted document back when the unseen highlight change arrives in a conflict copy', async () => {
    const { computers, meta, syncAll, highlight, shownBy } = await scenario('conflict-copy', 2);
    const [a, b] = computers as [Computer, Computer];
    await a.store.addDocument(meta, paragraphsDoc(TEXTS.ussr));
    await syncAll();
    await b.store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: highlight(1) }));
    await syncAll();
    // B highlights again; A, not having heard of it, deletes the document.
    await b.store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: highlight(2) }));
    expect(await a.store.removeDocument(meta.id)).toBe(true);
    // B's newer annotation log reaches A as a conflict copy beside the older one A has.
    const log = `devices/${b.identity.id}/annotations/${meta.id}.jsonl`;
    await writeFile(join(a.dir, conflictName(log, START, b.identity.id)), await readFile(join(b.dir, log)));
    await a.store.refreshFromDisk();
    await syncAll();
    const expected = { documents: [meta.id], highlights: [highlight(1).id, highlight(2).id] };
    for (const computer of computers)
      expect.soft(await shownBy(computer), computer.identity.name).toEqual(expected);
    await closeAll(computers);
  });

  it('keeps a highlight the deleting computer never saw, though it saw a later change to the document’s note', async () => {
    const { computers, meta, syncAll, highlight, shownBy, reopenAll } = await scenario('two-files', 2);
    const [a, b] = computers as [Computer, Computer];
    await a.store.addDocument(meta, paragraphsDoc(TEXTS.ussr));
    await syncAll();
    // B highlights the document (its annotation log), then changes its note (its library log).
    await b.store.appendAnnotationChange(meta.id, () => ({ op: 'put', annotation: highlight(1) }));
    await b.store.updateDocument(meta.id, (current) => ({ ...current, note: 'Read again for the seminar.' }));
    // The engine delivers B's library log to A first; B's annotation log is late.
    const library = `devices/${b.identity.id}/library.jsonl`;
    await mkdir(dirname(join(a.dir, library)), { recursive: true });
    await writeFile(join(a.dir, library), await readFile(join(b.dir, library)));
    await a.store.refreshFromDisk();
    expect(a.store.getDocument(meta.id)?.note).toBe('Read again for the seminar.');
    expect(await a.store.readAnnotations(meta.id)).toEqual([]);
    // A deletes the document: it has seen B's note, never B's highlight.
    await a.store.removeDocument(meta.id);
    await syncAll();
    await reopenAll();
    const expected = { documents: [meta.id], highlights: [highlight(1).id] };
    for (const computer of computers)
      expect.soft(await shownBy(computer), `${computer.identity.name}, reopened`).toEqual(expected);
    await closeAll(computers);
  });
});
