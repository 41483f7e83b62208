/**
 * The damaged-files part of the fault-injection suite: one file or folder of a library is damaged, the
 * library is opened on the computer that wrote it (and on the other one, for that one's files), used,
 * checked and repaired, and every change the reader saved must still be there or be reported by name.
 *
 * One reference library is built once, through the real service, on two computers: A (`laptopa00001`,
 * Ana) imports both fixture texts, highlights, tags, comments, writes a note, makes a tag, a reading
 * list and a colour meaning, and edits a text once; B (`desktopb0002`, Ben) adds a few highlights and
 * a tag; each opens once more so `backups/` holds snapshots of everything. What the library holds, as A
 * sees it, is recorded. Each case then copies the folder, damages one thing, and checks:
 *
 * 1. Opening (the app's `openLibrary`, and the command line's `scholia check`) succeeds; a refusal, a
 *    throw of anything but a `ScholiaError`, a hang past 30 s or an unhandled rejection is a crash: the
 *    rest of the library could always have opened.
 * 2. Every document (details, text, original), annotation, tag, reading list and the settings of the
 *    reference is there as it was, or the reader is told of the damaged file by name: a `damaged`
 *    notice of the app, or a problem `scholia check` lists. Gone or changed with no word is a loss.
 * 3. The damaged file's bytes (or its absence, or the folder in its place) are the same after opening,
 *    a highlight in each document, a note, a tag, a search and closing. A write refused with a clear
 *    error is fine. Files Scholia documents as rebuilt from others (the checkpoint, the search index,
 *    the lock, this computer's device file, `.stignore`'s own block, the snapshots in `backups/`) may
 *    be replaced, but only by a sound one.
 * 4. Where a snapshot in `backups/` holds what was lost, `scholia check --repair` (run as the command
 *    line runs it) brings it back.
 *
 * `runDamageMatrix({ full: false })` runs a bounded selection that still damages every kind of file and
 * applies every damage; `full: true` runs every damage on every kind it applies to.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { openLibrary, type OpenedLibrary } from '../../src/core/library';
import { createLibraryEvents } from '../../src/core/events';
import { readIndexFile } from '../../src/core/search/index-file';
import { createLibraryService } from '../../src/core/service/library-service';
import { listSnapshots } from '../../src/core/store/backups';
import { LibraryStore, type LibraryProblem } from '../../src/core/store/library-store';
import { parseChangeLog } from '../../src/core/sync/change-log';
import type { DeviceIdentity } from '../../src/core/sync/device';
import { readLibraryDeviceFile } from '../../src/core/sync/device';
import { libraryCheckpointPath, readLibraryCheckpoint } from '../../src/core/sync/library-checkpoint';
import { LOCAL_ONLY_PATTERNS, STIGNORE_BEGIN, STIGNORE_END } from '../../src/core/sync/stignore';
import { describeRange } from '../../src/shared/anchoring/describe';
import type { ScholiaService } from '../../src/shared/api';
import { ScholiaError } from '../../src/shared/errors';
import type { Annotation, DocumentMeta, Selectors } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON, type DocJSON } from '../../src/shared/schema';
import { seededRandom } from '../support/seeded-random';
import { emptyTally, type FaultTally } from './tally';

/** The computer that builds most of the reference library. */
export const DEVICE_A: DeviceIdentity = { id: 'laptopa00001', name: 'Ana’s laptop', readerName: 'Ana' };
/** The other computer sharing it. */
export const DEVICE_B: DeviceIdentity = { id: 'desktopb0002', name: 'Ben’s desktop', readerName: 'Ben' };

const APP = 'the Scholia app';
const CLI = 'the scholia command line';
/** A step that has not settled after this long has hung. */
const HANG_MS = 30_000;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const USSR_FILE = 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt';
const REVIEW_FILE = 'review-2026-02-15-collapse-of-stalinism-book.txt';

/** The ways a file is damaged. A folder is only deleted. */
export const DAMAGES = [
  'delete',
  'truncate-0',
  'truncate-half',
  'cut-last-line',
  'garble',
  'zero-fill',
  'invalid-utf8',
  'folder',
] as const;
export type Damage = (typeof DAMAGES)[number];

/** Every damage but deletion: what a record planted for the case (which deleting merely unplants) gets. */
const ALL_BUT_DELETE: readonly Damage[] = DAMAGES.filter((damage) => damage !== 'delete');

type View = 'A' | 'B';

const DEVICES: Record<View, DeviceIdentity> = { A: DEVICE_A, B: DEVICE_B };

// ————————————————————————————————————————————————————————————————————————————————————————————————
// What a library holds

/** What a library holds as one computer sees it, each entity as a stable string of its content. */
interface LibraryState {
  /** Document id → its metadata. */
  documents: Map<string, DocumentMeta>;
  /** Document id → SHA-256 of its text as served, or the error that refused it. */
  texts: Map<string, { hash: string } | { error: string }>;
  /** Annotation id → its document and content. */
  annotations: Map<string, { documentId: string; content: string }>;
  /** Document id → why its annotations could not be listed. */
  annotationErrors: Map<string, string>;
  /** Tag id → name, parent, colour and description. */
  tags: Map<string, { name: string; content: string }>;
  /** Reading-list id → its content. */
  collections: Map<string, { name: string; content: string }>;
  settings: string | null;
  /** What refused to list the tags, the reading lists or the settings, if anything did. */
  refused: { tags: boolean; collections: boolean; settings: boolean };
}

/** The reference library, built once, and what it holds. */
export interface Reference {
  /** The temp folder holding the reference and every case's copy. */
  readonly root: string;
  /** The reference library folder. */
  readonly dir: string;
  readonly ussr: string;
  readonly review: string;
  /** The revision of the USSR article's text made by its edit. */
  readonly revision: string;
  /** What A sees. */
  readonly state: LibraryState;
  /** SHA-256 of each document's original, by document id, and the original's path. */
  readonly originals: Map<string, { path: string; hash: string }>;
  /** A passage of each document's text to highlight in each case, by document id. */
  readonly spare: Map<string, string>;
  /** Files a case plants before damaging them: their path in the library and their bytes. */
  readonly planted: {
    editRecord: { path: string; bytes: Buffer };
    tagChange: { path: string; bytes: Buffer };
    told: { path: string; bytes: Buffer };
    lock: { path: string; bytes: Buffer };
  };
}

function label(reference: Pick<Reference, 'ussr'>, documentId: string): string {
  return documentId === reference.ussr ? 'USSR' : 'review';
}

/** `value` as JSON with every object's keys sorted, so equal content gives equal text. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function message(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function short(text: string, length = 220): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}

/** Whether `error` is a refusal the reader can act on: a `ScholiaError` that is not a bug. */
function isClearRefusal(error: unknown): error is ScholiaError {
  return error instanceof ScholiaError && error.code !== 'internal';
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// Steps that may hang or crash

type Attempt<T> =
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown }
  | { status: 'hung' }
  | { status: 'skipped' };

async function attempt<T>(run: () => Promise<T>, ms: number): Promise<Attempt<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Attempt<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hung' }), ms);
  });
  const ran = (async (): Promise<Attempt<T>> => {
    try {
      return { status: 'done', value: await run() };
    } catch (error) {
      return { status: 'failed', error };
    }
  })();
  try {
    return await Promise.race([ran, hung]);
  } finally {
    clearTimeout(timer);
  }
}

type Severity = 'lost' | 'crashed';

/** One case as it runs: what went wrong so far. */
class CaseRun {
  readonly problems: { severity: Severity; text: string }[] = [];
  private hung = false;

  crash(text: string): void {
    this.problems.push({ severity: 'crashed', text });
  }

  lose(text: string): void {
    this.problems.push({ severity: 'lost', text });
  }

  /** Runs `run`; a hang is a crash, after which no later step of the case runs. */
  async step<T>(what: string, run: () => Promise<T>): Promise<Attempt<T>> {
    if (this.hung) return { status: 'skipped' };
    const result = await attempt(run, HANG_MS);
    if (result.status === 'hung') {
      this.hung = true;
      this.crash(`${what} hung for more than ${String(HANG_MS / 1000)} s`);
    }
    return result;
  }

  /**
   * Runs `run`, whose failure is expected to be a clear refusal: anything else (another kind of throw,
   * an internal error) is a crash. Resolves to the value, or `null` when it failed or hung.
   */
  async tolerant<T>(what: string, run: () => Promise<T>): Promise<{ value: T } | { refused: string } | null> {
    const result = await this.step(what, run);
    if (result.status === 'done') return { value: result.value };
    if (result.status !== 'failed') return null;
    if (isClearRefusal(result.error)) return { refused: result.error.message };
    this.crash(`${what} threw ${short(message(result.error))}`);
    return null;
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// Building the reference library

function upload(file: string, bytes: Buffer) {
  return { kind: 'bytes' as const, name: file, bytes: new Uint8Array(bytes) };
}

function projectionText(doc: DocJSON): string {
  return projectDocument(docFromJSON(doc)).text;
}

async function textOf(service: ScholiaService, documentId: string): Promise<{ doc: DocJSON; text: string }> {
  const { doc } = await service.getDocument({ documentId });
  return { doc, text: projectionText(doc) };
}

/**
 * `count` passages of `text` after `from`, each inside one paragraph, a few words long, not
 * overlapping, chosen by `random`; as start and end offsets, in text order.
 */
function pickPassages(
  text: string,
  count: number,
  from: number,
  random: () => number,
): Array<[number, number]> {
  const chosen: Array<[number, number]> = [];
  for (let tries = 0; chosen.length < count && tries < 10_000; tries++) {
    let start = from + Math.floor(random() * (text.length - from - 80));
    while (start > 0 && /\S/.test(text[start - 1] ?? '')) start++;
    while (start < text.length && /\s/.test(text[start] ?? '')) start++;
    let end = start + 25 + Math.floor(random() * 35);
    while (end < text.length && /\S/.test(text[end] ?? '')) end++;
    const slice = text.slice(start, end);
    if (end > text.length || slice.includes('\n') || slice.trim().length < 20 || slice.trim() !== slice)
      continue;
    if (chosen.some(([s, e]) => start < e + 2 && end > s - 2)) continue;
    chosen.push([start, end]);
  }
  if (chosen.length < count) throw new Error(`only ${String(chosen.length)} passages found`);
  return chosen.sort((a, b) => a[0] - b[0]);
}

/** The document without its first block, and where each annotation's passage is in it (`null`: deleted). */
function withoutFirstBlock(
  doc: DocJSON,
  annotations: readonly Annotation[],
): { doc: DocJSON; placements: Array<{ id: string; selectors: Selectors | null }> } {
  const content = Array.isArray(doc.content) ? doc.content.slice(1) : [];
  const edited: DocJSON = { ...doc, content };
  const before = projectionText(doc);
  const after = projectionText(edited);
  const shift = before.length - after.length;
  const placements = annotations.map((annotation) => {
    const [quote, position] = annotation.selectors;
    const start = position.start - shift;
    const end = position.end - shift;
    const fits = start >= 0 && after.slice(start, end) === quote.exact;
    return { id: annotation.id, selectors: fits ? describeRange(after, start, end) : null };
  });
  return { doc: edited, placements };
}

async function readState(service: ScholiaService, run: CaseRun | null, who: string): Promise<LibraryState> {
  const state: LibraryState = {
    documents: new Map(),
    texts: new Map(),
    annotations: new Map(),
    annotationErrors: new Map(),
    tags: new Map(),
    collections: new Map(),
    settings: null,
    refused: { tags: false, collections: false, settings: false },
  };
  /** A read that must work in the reference; in a case, a clear refusal leaves the entity out. */
  const read = async <T>(
    what: string,
    call: () => Promise<T>,
  ): Promise<{ value: T } | { refused: string } | null> => {
    if (run !== null) return run.tolerant(`${what} (${who})`, call);
    return { value: await call() };
  };
  const documents = await read('listDocuments', () => service.listDocuments({}));
  if (documents === null) return state;
  for (const meta of 'value' in documents ? documents.value : []) {
    state.documents.set(meta.id, meta);
    const opened = await read('getDocument', () => service.getDocument({ documentId: meta.id }));
    if (opened !== null)
      state.texts.set(
        meta.id,
        'value' in opened ? { hash: sha256(stable(opened.value.doc)) } : { error: opened.refused },
      );
    const annotations = await read('listAnnotations', () => service.listAnnotations({ documentId: meta.id }));
    if (annotations === null) continue;
    if (!('value' in annotations)) {
      state.annotationErrors.set(meta.id, annotations.refused);
      continue;
    }
    for (const annotation of annotations.value)
      state.annotations.set(annotation.id, { documentId: meta.id, content: stable(annotation) });
  }
  const tags = await read('listTags', () => service.listTags({}));
  state.refused.tags = tags === null || !('value' in tags);
  if (tags !== null && 'value' in tags)
    for (const tag of tags.value)
      state.tags.set(tag.id, {
        name: tag.name,
        content: stable({
          name: tag.name,
          parentId: tag.parentId,
          color: tag.color,
          description: tag.description,
        }),
      });
  const collections = await read('listCollections', () => service.listCollections({}));
  state.refused.collections = collections === null || !('value' in collections);
  if (collections !== null && 'value' in collections)
    for (const collection of collections.value)
      state.collections.set(collection.id, { name: collection.name, content: stable(collection) });
  const settings = await read('getSettings', () => service.getSettings({}));
  state.refused.settings = settings === null || !('value' in settings);
  if (settings !== null && 'value' in settings) state.settings = stable(settings.value);
  return state;
}

/**
 * Builds the reference library in a new folder under `root` (see the module comment) and plants
 * nothing in it: the records a case damages are made on scratch copies and kept as bytes.
 */
export async function buildReference(root: string): Promise<Reference> {
  const dir = join(root, 'reference');
  const random = seededRandom(1989);
  const ussrBytes = await readFile(join(FIXTURES, USSR_FILE));
  const reviewBytes = await readFile(join(FIXTURES, REVIEW_FILE));

  // Computer A.
  let library = await openLibrary(dir, { owner: APP, device: DEVICE_A });
  const { service } = library;
  const imported = await service.importFiles({
    sources: [upload(USSR_FILE, ussrBytes), upload(REVIEW_FILE, reviewBytes)],
  });
  const ids = imported.outcomes.map((outcome) => (outcome.status === 'imported' ? outcome.document.id : ''));
  const [ussr = '', review = ''] = ids;
  if (ussr === '' || review === '') throw new Error('the fixtures did not import');
  const stalinism = await service.createTag({
    name: 'Stalinism',
    color: 'red',
    description: 'The system, not the years.',
  });
  const eyewitness = await service.createTag({ name: 'Eyewitness', parentId: stalinism.id });
  const economy = await service.createTag({ name: 'Economy', color: '#1f77b4' });
  const method = await service.createTag({ name: 'Method', description: 'How the author knows.' });
  const tagChoices = [[stalinism.id], [eyewitness.id, economy.id], [], [method.id], [economy.id]];
  const colors = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
  let made = 0;
  for (const [documentId, count] of [
    [ussr, 10],
    [review, 6],
  ] as const) {
    const { text } = await textOf(service, documentId);
    // Past the first 400 characters, so the edit below (which deletes the first block) keeps them all.
    for (const [start, end] of pickPassages(text, count, 400, random)) {
      made++;
      await service.createAnnotation({
        documentId,
        selectors: describeRange(text, start, end),
        motivation: made % 7 === 0 ? 'commenting' : 'highlighting',
        color: colors[made % colors.length],
        tagIds: tagChoices[made % tagChoices.length],
        ...(made % 3 === 0
          ? { comment: `Ana’s comment ${String(made)}: *this* matters — see p. ${String(made * 3)}.` }
          : {}),
      });
    }
  }
  await service.updateDocumentNote({ documentId: ussr, note: 'An eyewitness account, **twenty years on**.' });
  await service.updateDocumentNote({
    documentId: review,
    note: 'A review of the book; compare with the article.',
  });
  await service.createCollection({ name: 'Seminar, week 3', documentIds: [ussr, review] });
  await service.updateSettings({ colorLabels: { yellow: 'Claim', red: 'Disagree' } });
  const before = await textOf(service, ussr);
  const edit = withoutFirstBlock(before.doc, await service.listAnnotations({ documentId: ussr }));
  await service.updateDocumentText({
    documentId: ussr,
    doc: edit.doc,
    annotations: edit.placements,
    baseRevision: 0,
  });
  await service.searchCorpus({ query: 'Stalinism' });
  await library.close();

  // Computer B: a few highlights and a tag, then a second opening, which snapshots its logs.
  library = await openLibrary(dir, { owner: APP, device: DEVICE_B });
  const bensTag = await library.service.createTag({ name: 'Ben’s reading' });
  for (const [documentId, count] of [
    [ussr, 2],
    [review, 1],
  ] as const) {
    const { text } = await textOf(library.service, documentId);
    for (const [start, end] of pickPassages(text, count, 0, random)) {
      await library.service.createAnnotation({
        documentId,
        selectors: describeRange(text, start, end),
        color: 'orange',
        tagIds: [bensTag.id],
        comment: 'Ben: worth a seminar question.',
      });
    }
  }
  await library.close();
  library = await openLibrary(dir, { owner: APP, device: DEVICE_B });
  const seenByB = await readState(library.service, null, 'B');
  await library.close();

  // A again: its logs are snapshotted, and what it sees is the reference.
  library = await openLibrary(dir, { owner: APP, device: DEVICE_A });
  const state = await readState(library.service, null, 'A');
  const spare = new Map<string, string>();
  for (const documentId of [ussr, review]) {
    const { text } = await textOf(library.service, documentId);
    const [[start, end] = [0, 10]] = pickPassages(text, 1, 0, seededRandom(7));
    spare.set(documentId, text.slice(start, end));
  }
  await library.service.searchCorpus({ query: 'Stalinism' });
  const notices = await library.service.takeLibraryNotices({});
  await library.close();
  if (notices.length > 0) throw new Error(`the reference has notices: ${stable(notices)}`);
  if (stable(summary(seenByB)) !== stable(summary(state)))
    throw new Error('A and B do not see the same reference library');
  if (state.annotations.size !== 16 + 3)
    throw new Error(`the reference has ${String(state.annotations.size)} annotations`);

  const revisions = (await readdir(join(dir, 'documents'))).filter(
    (name) => name.startsWith(`${ussr}.`) && name !== `${ussr}.json`,
  );
  const revision = revisions[0]?.slice(ussr.length + 1, -'.json'.length) ?? '';
  if (revisions.length !== 1 || revision === '')
    throw new Error(`the USSR article has revisions ${stable(revisions)}`);

  const originals = new Map<string, { path: string; hash: string }>();
  for (const [id, meta] of state.documents) {
    const path = `originals/${meta.original ?? ''}`;
    originals.set(id, { path, hash: sha256(await readFile(join(dir, path))) });
  }

  // The reader's own lines in .stignore, after Scholia's block: Scholia must keep them.
  const stignore = join(dir, '.stignore');
  await writeFile(
    stignore,
    `${await readFile(stignore, 'utf8')}\n// Ana: exports stay on this computer\n(?d)/exports\n`,
  );

  const reference: Omit<Reference, 'planted'> = {
    root,
    dir,
    ussr,
    review,
    revision,
    state,
    originals,
    spare,
  };
  return { ...reference, planted: await plantedFiles(reference, economy.id) };
}

/** The counts of what a state holds, and its content, to compare two computers' views of one library. */
function summary(state: LibraryState): unknown {
  return {
    documents: [...state.documents.values()].map((meta) => stable(meta)).sort(),
    texts: [...state.texts.values()].map((text) => stable(text)).sort(),
    annotations: [...state.annotations.values()].map((annotation) => annotation.content).sort(),
    tags: [...state.tags.values()].map((tag) => tag.content).sort(),
    collections: [...state.collections.values()].map((collection) => collection.content).sort(),
    settings: state.settings,
  };
}

/**
 * The records a case plants: an edit of the review's text and a deletion of the tag `tagId`, each
 * saved whole and then cut short by a (simulated) crash, as they are when Scholia stops between the
 * record and the writes it makes; what this computer has told its reader; and a lock left by a
 * Scholia that is no longer running.
 */
async function plantedFiles(
  reference: Omit<Reference, 'planted'>,
  tagId: string,
): Promise<Reference['planted']> {
  const local = `local/${DEVICE_A.id}`;
  const crash = (): never => {
    throw new Error('simulated crash');
  };

  const editCopy = join(reference.root, 'scratch-edit');
  await cp(reference.dir, editCopy, { recursive: true });
  const editStore = await LibraryStore.open(editCopy, {
    owner: APP,
    device: DEVICE_A,
    hooks: {
      beforeRename: (_temp, target) => (target.includes(`${sep}documents${sep}`) ? crash() : undefined),
    },
  });
  const editService = createLibraryService(editStore, createLibraryEvents());
  const { doc } = await editService.getDocument({ documentId: reference.review });
  const edit = withoutFirstBlock(doc, await editService.listAnnotations({ documentId: reference.review }));
  const editResult = await attempt(
    () =>
      editService.updateDocumentText({
        documentId: reference.review,
        doc: edit.doc,
        annotations: edit.placements,
        baseRevision: 0,
      }),
    HANG_MS,
  );
  await editStore.close();
  if (editResult.status !== 'failed') throw new Error('the edit to plant was not interrupted');
  const editPath = `${local}/edits/${reference.review}.edit.json`;
  const editRecord = { path: editPath, bytes: await readFile(join(editCopy, editPath)) };

  const tagCopy = join(reference.root, 'scratch-tag');
  await cp(reference.dir, tagCopy, { recursive: true });
  const tagStore = await LibraryStore.open(tagCopy, {
    owner: APP,
    device: DEVICE_A,
    hooks: { beforeAppend: crash },
  });
  const tagService = createLibraryService(tagStore, createLibraryEvents());
  const tagResult = await attempt(() => tagService.deleteTag({ tagId, children: 'reparent' }), HANG_MS);
  await tagStore.close();
  if (tagResult.status !== 'failed') throw new Error('the tag deletion to plant was not interrupted');
  const [record] = await readdir(join(tagCopy, local, 'tag-changes'));
  if (record === undefined) throw new Error('the tag deletion left no record');
  const tagPath = `${local}/tag-changes/${record}`;
  const tagChange = { path: tagPath, bytes: await readFile(join(tagCopy, tagPath)) };
  await rm(editCopy, { recursive: true, force: true });
  await rm(tagCopy, { recursive: true, force: true });

  const told = {
    path: `${local}/told.json`,
    bytes: Buffer.from(
      `${JSON.stringify({ schemaVersion: 1, told: [`kept:${reference.review}@0mhx3k2a80001${DEVICE_B.id}`] }, null, 2)}\n`,
    ),
  };
  // The pid of a process that has exited: a lock left by a Scholia that crashed.
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  const lock = {
    path: `${local}/.lock`,
    bytes: Buffer.from(
      `${JSON.stringify(
        {
          pid: gone,
          hostname: hostname(),
          owner: APP,
          startedAt: new Date(Date.now() - 3_600_000).toISOString(),
        },
        null,
        2,
      )}\n`,
    ),
  };
  return { editRecord, tagChange, told, lock };
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// Damaging a file

/** Where to touch a file "in the middle of a line": the middle of its middle line, never on a newline. */
function middleOfALine(bytes: Buffer): number {
  const lines: Array<[number, number]> = [];
  let start = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, start)) {
    if (at > start) lines.push([start, at]);
    start = at + 1;
  }
  if (start < bytes.length) lines.push([start, bytes.length]);
  const [from, to] = lines[Math.floor(lines.length / 2)] ?? [0, bytes.length];
  return from + Math.floor((to - from) / 2);
}

/** A seed from a name, so each case garbles the same way every run. */
function seedOf(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32LE(0);
}

/**
 * Damages the file at `path` as `damage` says: `delete` removes it, `truncate-0` empties it,
 * `truncate-half` keeps its first half, `cut-last-line` ends it in the middle of its last line,
 * `garble` overwrites 16 bytes in the middle of a line with random bytes (no newline among them),
 * `zero-fill` overwrites every byte with 0, `invalid-utf8` inserts bytes that are not UTF-8 in the
 * middle of a line, and `folder` puts an empty folder in its place. A folder is only ever deleted.
 */
export async function damageFile(path: string, damage: Damage, seed: number): Promise<void> {
  const info = await lstat(path);
  if (info.isDirectory()) {
    if (damage !== 'delete') throw new Error(`a folder is only deleted, not damaged by ${damage}`);
    await rm(path, { recursive: true });
    return;
  }
  const bytes = await readFile(path);
  switch (damage) {
    case 'delete':
      await rm(path);
      return;
    case 'truncate-0':
      await truncate(path, 0);
      return;
    case 'truncate-half':
      await truncate(path, Math.floor(bytes.length / 2));
      return;
    case 'cut-last-line': {
      const end = bytes.at(-1) === 0x0a ? bytes.length - 1 : bytes.length;
      const start = bytes.lastIndexOf(0x0a, end - 1) + 1;
      await writeFile(path, bytes.subarray(0, start + Math.floor((end - start) / 2)));
      return;
    }
    case 'garble': {
      const random = seededRandom(seed);
      const garbled = Buffer.from(bytes);
      const at = Math.max(0, Math.min(middleOfALine(bytes) - 8, bytes.length - 16));
      for (let index = at; index < Math.min(at + 16, bytes.length); index++) {
        let value = Math.floor(random() * 256);
        if (value === 0x0a) value = 0x0b;
        garbled[index] = value;
      }
      await writeFile(path, garbled);
      return;
    }
    case 'zero-fill':
      await writeFile(path, Buffer.alloc(bytes.length));
      return;
    case 'invalid-utf8': {
      const at = middleOfALine(bytes);
      await writeFile(
        path,
        Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xa0, 0xff]), bytes.subarray(at)]),
      );
      return;
    }
    case 'folder':
      await rm(path);
      await mkdir(path);
      return;
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// What is at a path, before and after

type Shape =
  { type: 'absent' } | { type: 'file'; bytes: Buffer } | { type: 'folder'; files: Map<string, Buffer> };

async function shapeOf(path: string): Promise<Shape> {
  const info = await lstat(path).catch(() => null);
  if (info === null) return { type: 'absent' };
  if (!info.isDirectory()) return { type: 'file', bytes: await readFile(path) };
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(path, full).split(sep).join('/'), await readFile(full));
  }
  return { type: 'folder', files };
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a.type === 'file' && b.type === 'file') return a.bytes.equals(b.bytes);
  if (a.type === 'folder' && b.type === 'folder')
    return (
      a.files.size === b.files.size && [...a.files].every(([name, bytes]) => b.files.get(name)?.equals(bytes))
    );
  return a.type === b.type;
}

function listed(names: readonly string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${String(names.length - 3)} more`;
}

/** How `after` differs from `damaged`, in words; `null` when it does not. */
function changeOf(damaged: Shape, after: Shape): string | null {
  if (sameShape(damaged, after)) return null;
  if (damaged.type === 'absent') {
    if (after.type === 'file') return `recreated (${String(after.bytes.length)} bytes)`;
    if (after.type === 'folder' && after.files.size === 0) return null;
    return after.type === 'folder' ? `recreated, holding ${listed([...after.files.keys()])}` : null;
  }
  if (damaged.type === 'folder') {
    if (after.type === 'absent') return 'the folder in its place was removed';
    if (after.type === 'file')
      return `the folder in its place was replaced by a file of ${String(after.bytes.length)} bytes`;
    return `the folder in its place now holds ${listed([...after.files.keys()])}`;
  }
  if (after.type === 'absent') return 'deleted';
  if (after.type === 'folder') return 'replaced by a folder';
  const was = damaged.bytes;
  const now = after.bytes;
  if (now.length < was.length && was.subarray(0, now.length).equals(now))
    return `truncated from ${String(was.length)} to ${String(now.length)} bytes`;
  if (now.length > was.length && now.subarray(0, was.length).equals(was))
    return `appended to (${String(was.length)} → ${String(now.length)} bytes)`;
  if (
    now.length >= 0 &&
    was.length > 0 &&
    now
      .subarray(0, Math.min(now.length, was.length))
      .equals(was.subarray(0, Math.min(now.length, was.length)))
  )
    return `rewritten (${String(was.length)} → ${String(now.length)} bytes)`;
  return `overwritten (${String(was.length)} → ${String(now.length)} bytes)`;
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// The kinds of file

/** Why a rebuilt file is not acceptable after the case, or `null` when it is. */
type RebuiltCheck = (after: Shape, damaged: Shape, dir: string) => Promise<string | null>;

interface FileKind {
  id: string;
  /** How failure lines name it, e.g. `A annotation log (USSR)`. */
  label: string;
  /** The file or folder, relative to the library, with `/` between folders. */
  path: (reference: Reference) => string;
  folder: boolean;
  damages: readonly Damage[];
  /** The computers that open the damaged copy (A always; B too for B's files). */
  views: readonly View[];
  /** The computers whose `scholia check --repair` is run when something is lost. */
  repairAs: readonly View[];
  /** Puts the file in the copy before it is damaged (a record a crash left, a lock). */
  plant?: (dir: string, reference: Reference) => Promise<void>;
  /** For a file Scholia documents as rebuilt from others: whether what is there after is sound. */
  rebuilt?: RebuiltCheck;
  /** The file holds a change the reader saved that the reference does not show: its loss must be reported. */
  holdsChange?: string;
  /** A file only some versions of Scholia write: its cases are left out when the reference has none. */
  optional?: boolean;
}

const REBUILT_LOCK: RebuiltCheck = (after) =>
  Promise.resolve(
    after.type === 'absent' ? null : `left as ${after.type === 'file' ? 'a file' : 'a folder'} after closing`,
  );

const REBUILT_CHECKPOINT: RebuiltCheck = async (after, _damaged, dir) => {
  if (after.type === 'absent') return null;
  if (after.type !== 'file') return 'replaced by a folder';
  return (await readLibraryCheckpoint(libraryCheckpointPath(join(dir, 'local', DEVICE_A.id)))) === null
    ? `replaced by a checkpoint that cannot be used (${String(after.bytes.length)} bytes)`
    : null;
};

const REBUILT_INDEX: RebuiltCheck = async (after, _damaged, dir) => {
  if (after.type === 'absent') return null;
  if (after.type !== 'file') return 'replaced by a folder';
  const read = await readIndexFile(join(dir, 'local', DEVICE_A.id)).then(
    (index) => index !== null,
    () => false,
  );
  return read ? null : `replaced by an index that cannot be read (${String(after.bytes.length)} bytes)`;
};

/** `local/<device>/annotation-logs.json`, the lengths of this computer's annotation logs at the last close. */
const REBUILT_LENGTHS: RebuiltCheck = (after) => {
  if (after.type !== 'file') return Promise.resolve(after.type === 'absent' ? null : 'replaced by a folder');
  let sound = false;
  try {
    const raw: unknown = JSON.parse(after.bytes.toString('utf8'));
    sound = typeof raw === 'object' && raw !== null && 'logs' in raw && typeof raw.logs === 'object';
  } catch {
    sound = false;
  }
  return Promise.resolve(
    sound ? null : `replaced by a file that cannot be read (${String(after.bytes.length)} bytes)`,
  );
};

const REBUILT_DEVICE_FILE: RebuiltCheck = async (after, _damaged, dir) => {
  if (after.type !== 'file') return after.type === 'absent' ? 'deleted' : 'replaced by a folder';
  const device = await readLibraryDeviceFile(join(dir, 'devices', DEVICE_A.id), DEVICE_A.id);
  return device?.name === DEVICE_A.name && device.readerName === DEVICE_A.readerName
    ? null
    : `rewritten without this computer's names (${String(after.bytes.length)} bytes)`;
};

/** `.stignore` may be rewritten to put Scholia's block back, keeping every line of the reader's. */
const REBUILT_STIGNORE: RebuiltCheck = (after, damaged) => {
  if (after.type !== 'file')
    return Promise.resolve(after.type === 'absent' ? 'deleted' : 'replaced by a folder');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(after.bytes);
  } catch {
    return Promise.resolve('rewritten as bytes that are not UTF-8');
  }
  const lines = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missingBlock = [STIGNORE_BEGIN, ...LOCAL_ONLY_PATTERNS, STIGNORE_END].filter(
    (line) => !lines.has(line),
  );
  if (missingBlock.length > 0)
    return Promise.resolve(`rewritten without Scholia's block (${listed(missingBlock)})`);
  // The reader's lines that the damage left must all still be there.
  const scholias = new Set<string>([STIGNORE_BEGIN, STIGNORE_END, ...LOCAL_ONLY_PATTERNS, '']);
  const left =
    damaged.type === 'file'
      ? damaged.bytes
          .toString('utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => !scholias.has(line) && !line.includes('\uFFFD') && !line.includes('\u0000'))
      : [];
  const dropped = left.filter((line) => !lines.has(line));
  return Promise.resolve(
    dropped.length === 0 ? null : `rewritten without the reader's lines ${listed(dropped)}`,
  );
};

/** A folder deleted, in which only the files `allowed` names may appear again. */
function rebuiltInside(allowed: (name: string) => boolean): RebuiltCheck {
  return (after) => {
    if (after.type !== 'folder')
      return Promise.resolve(after.type === 'absent' ? null : 'recreated as a file');
    const others = [...after.files.keys()].filter((name) => !allowed(name));
    return Promise.resolve(others.length === 0 ? null : `recreated, holding ${listed(others)}`);
  };
}

const SNAPSHOT_NAME =
  /^[a-z0-9]{12}\/(library-[0-9TZ-]+\.json|annotations\/[A-Za-z0-9_-]+\/annotations-[0-9TZ-]+\.jsonl)$/;

function plant(file: keyof Reference['planted']): (dir: string, reference: Reference) => Promise<void> {
  return async (dir, reference) => {
    const { path, bytes } = reference.planted[file];
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  };
}

const A_ID = DEVICE_A.id;
const B_ID = DEVICE_B.id;

/** A kind of file of computer A, damaged every way, unless `more` says otherwise. */
function fileKind(
  id: string,
  label: string,
  path: (reference: Reference) => string,
  more: Partial<FileKind> = {},
): FileKind {
  return { id, label, path, folder: false, damages: DAMAGES, views: ['A'], repairAs: ['A'], ...more };
}

/** A folder, which is only deleted. */
function folderKind(id: string, label: string, path: string, more: Partial<FileKind> = {}): FileKind {
  return fileKind(id, label, () => path, { folder: true, damages: ['delete'], ...more });
}

/** B's files: opened by both computers, repaired by B. */
const OF_B: Partial<FileKind> = { views: ['A', 'B'], repairAs: ['B'] };

/** Every kind of file and folder the matrix damages. */
export const FILE_KINDS: readonly FileKind[] = [
  fileKind('a-library-log', 'A library log', () => `devices/${A_ID}/library.jsonl`),
  fileKind(
    'a-annotations-ussr',
    'A annotation log (USSR)',
    (r) => `devices/${A_ID}/annotations/${r.ussr}.jsonl`,
  ),
  fileKind(
    'a-annotations-review',
    'A annotation log (review)',
    (r) => `devices/${A_ID}/annotations/${r.review}.jsonl`,
  ),
  fileKind('b-library-log', 'B library log', () => `devices/${B_ID}/library.jsonl`, OF_B),
  fileKind(
    'b-annotations-ussr',
    'B annotation log (USSR)',
    (r) => `devices/${B_ID}/annotations/${r.ussr}.jsonl`,
    OF_B,
  ),
  fileKind('text-review', 'text (review)', (r) => `documents/${r.review}.json`),
  fileKind('text-ussr-base', 'text as imported (USSR)', (r) => `documents/${r.ussr}.json`),
  fileKind('text-ussr-revision', 'text revision (USSR)', (r) => `documents/${r.ussr}.${r.revision}.json`),
  fileKind('original-ussr', 'original (USSR)', (r) => r.originals.get(r.ussr)?.path ?? 'originals/missing'),
  fileKind('a-device-file', 'A device file', () => `devices/${A_ID}/device.json`, {
    rebuilt: REBUILT_DEVICE_FILE,
  }),
  fileKind('a-checkpoint', 'A checkpoint', () => `local/${A_ID}/library-checkpoint.json`, {
    rebuilt: REBUILT_CHECKPOINT,
  }),
  fileKind(
    'a-annotation-log-record',
    'A annotation-log lengths',
    () => `local/${A_ID}/annotation-logs.json`,
    {
      rebuilt: REBUILT_LENGTHS,
      optional: true,
    },
  ),
  fileKind('a-lock', 'A lock (left by a crash)', (r) => r.planted.lock.path, {
    damages: ALL_BUT_DELETE,
    plant: plant('lock'),
    rebuilt: REBUILT_LOCK,
  }),
  fileKind('a-edit-record', 'A edit record (review, half-finished)', (r) => r.planted.editRecord.path, {
    damages: ALL_BUT_DELETE,
    plant: plant('editRecord'),
    holdsChange: 'the edit of the review’s text it records',
  }),
  fileKind('a-tag-change-record', 'A tag-change record (half-finished)', (r) => r.planted.tagChange.path, {
    damages: ALL_BUT_DELETE,
    plant: plant('tagChange'),
    holdsChange: 'the tag deletion it records',
  }),
  fileKind('a-told', 'A told.json', (r) => r.planted.told.path, {
    damages: ALL_BUT_DELETE,
    plant: plant('told'),
  }),
  fileKind('a-search-index', 'A search index', () => `local/${A_ID}/search/index.bin`, {
    rebuilt: REBUILT_INDEX,
  }),
  fileKind('a-backup-snapshot', 'A backup snapshot (newest)', () => `backups/${A_ID}/newest`),
  fileKind('stignore', '.stignore', () => '.stignore', { rebuilt: REBUILT_STIGNORE }),
  folderKind('a-annotations-folder', 'folder devices/<A>/annotations/', `devices/${A_ID}/annotations`),
  folderKind('a-device-folder', 'folder devices/<A>/', `devices/${A_ID}`, {
    rebuilt: rebuiltInside((name) => name === 'device.json'),
  }),
  folderKind('devices-folder', 'folder devices/', 'devices', {
    views: ['A', 'B'],
    repairAs: ['A', 'B'],
    rebuilt: rebuiltInside((name) => /^[a-z0-9]{12}\/device\.json$/.test(name)),
  }),
  folderKind('documents-folder', 'folder documents/', 'documents'),
  folderKind('backups-folder', 'folder backups/', 'backups', {
    rebuilt: rebuiltInside((name) => SNAPSHOT_NAME.test(name)),
  }),
];

/** The kinds of file the reference has: every kind but an optional one this version does not write. */
export async function kindsIn(reference: Reference): Promise<Set<string>> {
  const present = new Set<string>();
  for (const kind of FILE_KINDS) {
    if (
      kind.optional !== true ||
      (await lstat(join(reference.dir, kind.path(reference))).catch(() => null)) !== null
    )
      present.add(kind.id);
  }
  return present;
}

/** The path of a kind's file in the copy `dir` (the newest snapshot is looked up there). */
async function resolvedPath(kind: FileKind, reference: Reference, dir: string): Promise<string> {
  const path = kind.path(reference);
  if (!path.endsWith('/newest')) return path;
  const folder = path.slice(0, -'/newest'.length);
  const newest = (await listSnapshots(join(dir, folder))).at(-1);
  if (newest === undefined) throw new Error(`no snapshot in ${folder}`);
  return `${folder}/${newest}`;
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// The cases

/** One case of the matrix. */
export interface DamageCase {
  kind: string;
  damage: Damage;
}

/** Every damage on every kind it applies to. */
export function fullCases(): DamageCase[] {
  return FILE_KINDS.flatMap((kind) => kind.damages.map((damage) => ({ kind: kind.id, damage })));
}

/**
 * A bounded selection: each kind of file gets one damage, taken in turn from the damages it can have,
 * so that every damage is applied too; and a few more where the damage is most likely or costs most:
 * this computer's logs deleted, cut, garbled or zeroed, the other computer's log deleted, a log
 * replaced by a folder, a text garbled, and the records of changes under way written only in half.
 */
export function boundedCases(): DamageCase[] {
  const cases: DamageCase[] = [];
  let turn = 0;
  for (const kind of FILE_KINDS) {
    const damage = kind.damages[turn % kind.damages.length] ?? 'delete';
    cases.push({ kind: kind.id, damage });
    if (kind.damages.length > 1) turn++;
  }
  const more: DamageCase[] = [
    { kind: 'a-library-log', damage: 'garble' },
    { kind: 'a-library-log', damage: 'zero-fill' },
    { kind: 'a-library-log', damage: 'folder' },
    { kind: 'a-annotations-ussr', damage: 'truncate-half' },
    { kind: 'a-annotations-ussr', damage: 'delete' },
    { kind: 'b-library-log', damage: 'delete' },
    { kind: 'text-review', damage: 'garble' },
    { kind: 'a-edit-record', damage: 'truncate-half' },
    { kind: 'a-tag-change-record', damage: 'truncate-half' },
  ];
  for (const item of more)
    if (!cases.some((other) => other.kind === item.kind && other.damage === item.damage)) cases.push(item);
  return cases;
}

/** A damaged file's report: a notice of the app, or a problem `scholia check` listed. */
interface Report {
  from: string;
  file: string | null;
  message: string;
}

/** Whether `report` names `target` (relative to `dir`), or for a folder, a file in it. */
function names(report: Report, target: string, dir: string, folder: boolean): boolean {
  const text = `${report.file ?? ''}\n${report.message}`;
  if (folder) return text.includes(`${target}/`) || text.includes(join(dir, target));
  // Some messages say `<name> in <folder>` rather than the path.
  return text.includes(target) || text.includes(`${basename(target)} in ${join(dir, dirname(target))}`);
}

/** Something of the reference that went missing or changed. */
interface Loss {
  /** The entity's key in the change logs (for finding it in a backup), or null for a file no log holds. */
  entity: string | null;
  /** What it is, countable by its first word: `annotation of USSR`, `tag`, `the text of review`. */
  what: string;
  /** Its name, for a tag or a reading list. */
  name?: string;
  how: 'gone' | 'changed' | 'unreadable';
}

const COUNTABLE = /^(annotation|tag|document|reading list)\b/;

function plural(what: string, count: number): string {
  if (count === 1) return `1 ${what}`;
  if (what.startsWith('reading list'))
    return `${String(count)} reading lists${what.slice('reading list'.length)}`;
  const [first = '', ...rest] = what.split(' ');
  return [`${String(count)} ${first}s`, ...rest].join(' ');
}

/** The losses as a phrase: `6 annotations of USSR gone, tag “Economy” changed`. */
function describeLosses(losses: readonly Loss[]): string {
  const groups = new Map<string, Loss[]>();
  for (const loss of losses) {
    const key = `${loss.what}\u0000${loss.how}`;
    groups.set(key, [...(groups.get(key) ?? []), loss]);
  }
  return [...groups.values()]
    .map((group) => {
      const [{ what, how, name } = { what: '', how: '' }] = group;
      if (group.length === 1 && name !== undefined) return `${what} “${name}” ${how}`;
      if (!COUNTABLE.test(what)) return `${what} ${how}`;
      const names = group.flatMap((loss) => (loss.name === undefined ? [] : [`“${loss.name}”`]));
      return `${plural(what, group.length)} ${how}${names.length > 0 ? ` (${listed(names)})` : ''}`;
    })
    .join(', ');
}

/** What of the reference is not in `state` (and the originals on disk) as it was. */
async function lossesIn(
  reference: Reference,
  state: LibraryState,
  dir: string,
  options: { skipMetaFields?: ReadonlySet<string>; skipDocument?: string | null } = {},
): Promise<Loss[]> {
  const losses: Loss[] = [];
  for (const [id, meta] of reference.state.documents) {
    const name = label(reference, id);
    const now = state.documents.get(id);
    if (now === undefined) {
      losses.push({ entity: `doc:${id}`, what: 'document', name, how: 'gone' });
      continue;
    }
    const strip = (value: DocumentMeta): string =>
      stable(
        Object.fromEntries(
          Object.entries(value).filter(
            ([field]) => options.skipDocument !== id || !(options.skipMetaFields?.has(field) ?? false),
          ),
        ),
      );
    if (strip(now) !== strip(meta))
      losses.push({ entity: `doc:${id}`, what: `details of ${name}`, how: 'changed' });
    const text = reference.state.texts.get(id);
    const nowText = state.texts.get(id);
    if (text !== undefined && 'hash' in text) {
      if (nowText === undefined || 'error' in nowText)
        losses.push({ entity: null, what: `the text of ${name}`, how: 'unreadable' });
      else if (nowText.hash !== text.hash)
        losses.push({ entity: null, what: `the text of ${name}`, how: 'changed' });
    }
    const original = reference.originals.get(id);
    if (original !== undefined) {
      const bytes = await readFile(join(dir, original.path)).catch(() => null);
      if (bytes === null) losses.push({ entity: null, what: `the original of ${name}`, how: 'gone' });
      else if (sha256(bytes) !== original.hash)
        losses.push({ entity: null, what: `the original of ${name}`, how: 'changed' });
    }
  }
  for (const [id, annotation] of reference.state.annotations) {
    const what = `annotation of ${label(reference, annotation.documentId)}`;
    const now = state.annotations.get(id);
    if (now === undefined)
      losses.push({
        entity: id,
        what,
        how: state.annotationErrors.has(annotation.documentId) ? 'unreadable' : 'gone',
      });
    else if (now.content !== annotation.content) losses.push({ entity: id, what, how: 'changed' });
  }
  for (const [id, tag] of reference.state.tags) {
    const now = state.tags.get(id);
    const what = { entity: `tag:${id}`, what: 'tag', name: tag.name };
    if (now === undefined) losses.push({ ...what, how: state.refused.tags ? 'unreadable' : 'gone' });
    else if (now.content !== tag.content) losses.push({ ...what, how: 'changed' });
  }
  for (const [id, collection] of reference.state.collections) {
    const now = state.collections.get(id);
    const what = { entity: `col:${id}`, what: 'reading list', name: collection.name };
    if (now === undefined) losses.push({ ...what, how: state.refused.collections ? 'unreadable' : 'gone' });
    else if (now.content !== collection.content) losses.push({ ...what, how: 'changed' });
  }
  if (state.settings !== reference.state.settings)
    losses.push({
      entity: 'settings',
      what: 'the settings',
      how: state.refused.settings ? 'unreadable' : 'changed',
    });
  return losses;
}

/** The entity keys that some sound snapshot in `backups/` of the copy `dir` holds. */
async function backedUp(dir: string): Promise<Set<string>> {
  const keys = new Set<string>();
  const folder = join(dir, 'backups');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const read = parseChangeLog(await readFile(path), path);
    if (read.damaged.length > 0) continue;
    for (const line of read.entries) keys.add(line.k);
  }
  return keys;
}

/** `scholia check` as the command line runs it, as `device`: the problems a fresh opening finds. */
async function inspect(dir: string, device: DeviceIdentity): Promise<LibraryProblem[]> {
  const store = await LibraryStore.open(dir, { owner: CLI, device });
  try {
    store.takeNotices();
    return await store.check();
  } finally {
    await store.close();
  }
}

/** The actions of rule 3: a highlight in each document, a note, a tag, a search. */
async function useLibrary(
  run: CaseRun,
  library: OpenedLibrary,
  reference: Reference,
  who: string,
): Promise<boolean> {
  const { service } = library;
  let noted = false;
  for (const documentId of [reference.ussr, reference.review]) {
    const passage = reference.spare.get(documentId) ?? '';
    const opened = await run.tolerant(`getDocument (${who})`, () => service.getDocument({ documentId }));
    if (opened === null || !('value' in opened)) continue;
    const text = projectionText(opened.value.doc);
    const start = text.indexOf(passage);
    if (start < 0 || passage === '') continue;
    await run.tolerant(`createAnnotation (${who})`, () =>
      service.createAnnotation({
        documentId,
        selectors: describeRange(text, start, start + passage.length),
        color: 'green',
        comment: `Made by ${who} after the damage.`,
      }),
    );
  }
  const note = await run.tolerant(`updateDocumentNote (${who})`, () =>
    service.updateDocumentNote({ documentId: reference.review, note: `Noted by ${who} after the damage.` }),
  );
  if (note !== null && 'value' in note) noted = true;
  await run.tolerant(`createTag (${who})`, () =>
    service.createTag({ name: `Made by ${who} after the damage` }),
  );
  await run.tolerant(`searchCorpus (${who})`, () => service.searchCorpus({ query: 'Stalinism' }));
  return noted;
}

/** What one computer's sessions on the damaged copy gave. */
interface ViewResult {
  view: View;
  state: LibraryState | null;
  reports: Report[];
  noted: boolean;
}

/** Opens the copy as the app does, reads everything, uses it and closes it, as `view`. */
async function appSession(
  run: CaseRun,
  dir: string,
  reference: Reference,
  view: View,
  reports: Report[],
): Promise<ViewResult> {
  const device = DEVICES[view];
  const result: ViewResult = { view, state: null, reports, noted: false };
  const opened = await run.step(`opening as ${view}`, () => openLibrary(dir, { owner: APP, device }));
  if (opened.status === 'failed') {
    run.crash(refusedToOpen(`opening as ${view}`, opened.error));
    return result;
  }
  if (opened.status !== 'done') return result;
  const library = opened.value;
  const takeNotices = async (): Promise<void> => {
    const notices = await run.tolerant(`takeLibraryNotices (${view})`, () =>
      library.service.takeLibraryNotices({}),
    );
    if (notices === null || !('value' in notices)) return;
    for (const notice of notices.value)
      if (notice.kind === 'damaged')
        reports.push({ from: `a notice on ${view}`, file: null, message: notice.message });
  };
  await takeNotices();
  result.state = await readState(library.service, run, view);
  await takeNotices();
  result.noted = await useLibrary(run, library, reference, view);
  await takeNotices();
  const closed = await run.step(`closing as ${view}`, () => library.close());
  if (closed.status === 'failed') run.crash(`closing as ${view} threw ${short(message(closed.error))}`);
  return result;
}

function refusedToOpen(what: string, error: unknown): string {
  if (!(error instanceof ScholiaError)) return `${what} threw ${short(message(error))}`;
  if (error.code === 'internal') return `${what} failed with an internal error: ${short(error.message)}`;
  return `${what} refused (${error.code}) though the rest of the library could open: “${short(error.message)}”`;
}

/** `scholia check` as `view`: its problems become reports. */
async function checkSession(run: CaseRun, dir: string, view: View, reports: Report[]): Promise<void> {
  const checked = await run.step(`scholia check as ${view}`, () => inspect(dir, DEVICES[view]));
  if (checked.status === 'failed') run.crash(refusedToOpen(`scholia check as ${view}`, checked.error));
  if (checked.status !== 'done') return;
  for (const problem of checked.value)
    reports.push({ from: `scholia check on ${view}`, file: problem.file, message: problem.message });
}

/**
 * `scholia check --repair` as the command line runs it, as `view`: resolves to `null` when it restored
 * something, or to why it did not.
 */
async function repairSession(run: CaseRun, dir: string, view: View): Promise<string | null> {
  const device = DEVICES[view];
  const result = await run.step(`scholia check --repair as ${view}`, async () => {
    const problems = await inspect(dir, device);
    if (!problems.some((problem) => problem.repairable)) return 'no problem it can repair';
    const actions = await LibraryStore.repair(dir, { owner: CLI, device });
    return actions.some((action) => action.restored) ? null : 'nothing restored';
  });
  if (result.status === 'done') return result.value;
  if (result.status === 'failed') {
    if (isClearRefusal(result.error)) return `refused: “${short(result.error.message)}”`;
    run.crash(`scholia check --repair as ${view} threw ${short(message(result.error))}`);
  }
  return 'did not finish';
}

/** What one case ended as. */
export interface CaseOutcome {
  kind: string;
  damage: Damage | 'none';
  result: 'survived' | 'lost' | 'crashed';
  /** The failure line, for a case that did not survive. */
  line: string | null;
}

/**
 * Runs one case on a copy of `reference` (see the module comment): `damage` is applied to the file or
 * folder of kind `kindId`, or nothing is damaged for `none` (the control: every check must pass).
 */
export async function runDamageCase(
  reference: Reference,
  kindId: string,
  damage: Damage | 'none',
  index = 0,
): Promise<CaseOutcome> {
  const kind = FILE_KINDS.find((candidate) => candidate.id === kindId);
  if (kind === undefined) throw new Error(`no kind of file ${kindId}`);
  const dir = join(reference.root, `case-${String(index)}-${kind.id}-${damage}`);
  const run = new CaseRun();
  const unhandled = trackUnhandled();
  try {
    await cp(reference.dir, dir, { recursive: true });
    await kind.plant?.(dir, reference);
    const target = await resolvedPath(kind, reference, dir);
    const path = join(dir, target);
    if (damage !== 'none') await damageFile(path, damage, seedOf(`${kind.id}/${damage}`));
    // A lock a crash left is old; one only just written is waited for (lock.ts).
    if (kind.id === 'a-lock' && damage !== 'folder') {
      const old = new Date(Date.now() - 3_600_000);
      await utimes(path, old, old).catch(() => undefined);
    }
    const damaged = await shapeOf(path);

    const views: ViewResult[] = [];
    for (const view of kind.views) {
      const reports: Report[] = [];
      await checkSession(run, dir, view, reports);
      views.push(await appSession(run, dir, reference, view, reports));
    }
    const multiple = kind.views.length > 1;
    const seenBy = (view: View): string => (multiple ? `as seen by ${view}: ` : '');

    // 2. Nothing gone or changed without a word.
    // A note the case wrote on one computer is what the next one sees, and what a repair keeps.
    const afterNote = { skipDocument: reference.review, skipMetaFields: new Set(['note', 'modifiedAt']) };
    const allLosses: Loss[] = [];
    for (const [index, view] of views.entries()) {
      if (view.state === null) continue;
      const noted = views.slice(0, index).some((earlier) => earlier.noted);
      const losses = await lossesIn(reference, view.state, dir, noted ? afterNote : {});
      allLosses.push(...losses);
      const reported = view.reports.some((report) => names(report, target, dir, kind.folder));
      if (losses.length > 0 && !reported)
        run.lose(`${seenBy(view.view)}${describeLosses(losses)} without a word`);
      if (kind.holdsChange !== undefined && damage !== 'none' && !reported)
        run.lose(`${seenBy(view.view)}${kind.holdsChange} gone without a word`);
    }

    // 3. The damage left alone (an undamaged file is the library's to write).
    const after = await shapeOf(path);
    if (damage !== 'none' && !sameShape(damaged, after)) {
      const problem =
        kind.rebuilt === undefined ? changeOf(damaged, after) : await kind.rebuilt(after, damaged, dir);
      if (problem !== null) run.lose(`changed: ${problem} by opening, using and closing the library`);
    }

    // 4. What a backup holds, a repair brings back.
    const held = await backedUp(dir);
    const restorable = allLosses.filter((loss) => loss.entity !== null && held.has(loss.entity));
    if (restorable.length > 0) {
      const refusals: string[] = [];
      for (const view of kind.repairAs) {
        const refusal = await repairSession(run, dir, view);
        if (refusal !== null) refusals.push(`as ${view}: ${refusal}`);
      }
      const reopened = await run.step('opening as A after the repair', () =>
        openLibrary(dir, { owner: APP, device: DEVICE_A }),
      );
      if (reopened.status === 'done') {
        const state = await readState(reopened.value.service, run, 'A after the repair');
        await run.step('closing after the repair', () => reopened.value.close());
        const noted = views.some((view) => view.noted);
        const still = (await lossesIn(reference, state, dir, noted ? afterNote : {})).filter(
          (loss) => loss.entity !== null && held.has(loss.entity),
        );
        if (still.length > 0)
          run.lose(
            `after scholia check --repair ${describeLosses(still)} though backups/ holds them` +
              (refusals.length > 0 ? ` (--repair: ${refusals.join('; ')})` : ''),
          );
      } else if (reopened.status === 'failed') {
        run.lose(`after scholia check --repair the library does not open: ${short(message(reopened.error))}`);
      }
    }
  } catch (error) {
    run.crash(`the case could not run: ${short(message(error))}`);
  } finally {
    await new Promise((resolve) => setImmediate(resolve));
    for (const reason of unhandled.stop())
      run.crash(`unhandled rejection or exception: ${short(message(reason))}`);
  }
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const crashed = run.problems.some((problem) => problem.severity === 'crashed');
  const result = run.problems.length === 0 ? 'survived' : crashed ? 'crashed' : 'lost';
  const line =
    result === 'survived'
      ? null
      : `${kind.label} ${damage}: ${[...new Set(run.problems.map((problem) => problem.text))].join('; ')}`;
  return { kind: kind.id, damage, result, line };
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// Unhandled rejections and exceptions

let tracking: unknown[] | null = null;

/**
 * Collects the unhandled rejections and uncaught exceptions raised until `stop`, which gives them
 * back. While a matrix runs, the process's own handlers are set aside (see {@link runDamageMatrix}),
 * so that such a failure counts against the case that raised it.
 */
function trackUnhandled(): { stop: () => unknown[] } {
  const seen: unknown[] = [];
  const previous = tracking;
  tracking = seen;
  return {
    stop: () => {
      tracking = previous;
      return seen;
    },
  };
}

function onUnhandled(reason: unknown): void {
  if (tracking !== null) tracking.push(reason);
  else console.error('Unhandled failure outside any damage case:', reason);
}

async function withOwnHandlers<T>(run: () => Promise<T>): Promise<T> {
  const rejections = process.listeners('unhandledRejection');
  const exceptions = process.listeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.removeAllListeners('uncaughtException');
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  try {
    return await run();
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    for (const listener of rejections) process.on('unhandledRejection', listener);
    for (const listener of exceptions) process.on('uncaughtException', listener);
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————
// The matrix

/**
 * Builds the reference library, runs the bounded selection of cases (`full: false`) or every one, and
 * tallies how each ended; `log` is told of each case as it ends.
 */
export async function runDamageMatrix(options: {
  full: boolean;
  log?: (line: string) => void;
}): Promise<FaultTally> {
  const tally = emptyTally('damaged files');
  const root = await mkdtemp(join(tmpdir(), 'scholia-damage-'));
  try {
    await withOwnHandlers(async () => {
      const reference = await buildReference(root);
      const present = await kindsIn(reference);
      const cases = (options.full ? fullCases() : boundedCases()).filter((item) => present.has(item.kind));
      const absent = FILE_KINDS.filter((kind) => !present.has(kind.id)).map((kind) => kind.label);
      if (absent.length > 0)
        options.log?.(`not written by this version, so not damaged: ${absent.join(', ')}`);
      for (const [index, item] of cases.entries()) {
        const started = Date.now();
        const outcome = await runDamageCase(reference, item.kind, item.damage, index);
        tally.tried++;
        if (outcome.result === 'survived') tally.survived++;
        else if (outcome.result === 'lost') tally.lost++;
        else tally.crashed++;
        if (outcome.line !== null) tally.failures.push(outcome.line);
        options.log?.(
          `${String(index + 1)}/${String(cases.length)} ${item.kind} ${item.damage}: ${outcome.result} (${String(Date.now() - started)} ms)` +
            (outcome.line === null ? '' : `\n    ${outcome.line}`),
        );
      }
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return tally;
}
