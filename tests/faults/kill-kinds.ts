/**
 * The kinds of write the kill -9 part of the fault-injection suite interrupts, each as what the child
 * process (`kill-child.ts`) does and what the parent (`kill-points.ts`) checks after reopening.
 *
 * A kind's state is summed up as facts: keys and values ("the annotation of slot 3 says v12, is green
 * and covers 120–140"), worked out the same way from what the service reads in the child and in the
 * parent. Before each change the child says which facts it sets (`doing`), and once the service call
 * resolved, that it is durable (`acked`). After the kill, the parent's reading must be the facts as of
 * the last acknowledged change, or those of the one change in flight, wholly (or key by key for a
 * change made in steps by design, a reference file saved 250 entries at a time).
 *
 * Two kinds are writes that opening makes: converting a library in the older layout, and folding in
 * conflict copies. Their library is made fresh for each kill, and everything must be there after the
 * parent's reopening, however early the child was killed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'prosemirror-transform';
import type { ScholiaService } from '../../src/shared/api';
import { describeRange } from '../../src/shared/anchoring/describe';
import type { Collection } from '../../src/shared/export-options';
import {
  DEFAULT_COLOR_LABELS,
  HIGHLIGHT_COLORS,
  textRevisionOf,
  type Annotation,
  type CslDraft,
  type DocumentMeta,
  type HighlightColor,
  type Selectors,
  type Tag,
} from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON, documentSchema, type DocJSON } from '../../src/shared/schema';
import { openLibrary } from '../../src/core/library';
import { FIXTURE_FILES, fixtureParagraphs } from '../../src/core/import/test-fixtures';
import { LibraryStore } from '../../src/core/store/library-store';
import { deleteLeadingBlocks, editText, metaFor, paragraphsDoc } from '../../src/core/store/test-documents';
import type { DeviceIdentity } from '../../src/core/sync/device';
import { makeEpub } from '../support/make-packages';
import { seededRandom } from '../support/seeded-random';
import { layoutPages, makePdf } from '../support/make-pdf';

/** The names of the write kinds. */
export const KIND_NAMES = [
  'import-text',
  'import-epub',
  'import-pdf',
  'import-bib',
  'annotations',
  'restore-annotations',
  'document-note',
  'document-metadata',
  'text-edit',
  'delete-document',
  'tags',
  'collections',
  'search-index',
  'close-library',
  'rename-device',
  'convert-legacy',
  'fold-conflict-copies',
] as const;
export type KindName = (typeof KIND_NAMES)[number];

/**
 * How a child is killed: a while after it starts writing (`delay`), right after its n-th acknowledged
 * change (`acks`), by itself just before its n-th file write (`hook`), or by itself as soon as it sees
 * one of its logs appear or be replaced by its compacted copy for the n-th time (`replaced`).
 */
export type KillMode = 'delay' | 'acks' | 'hook' | 'replaced';

/** A kind's state as keys and values. */
export type Facts = Map<string, string>;

/** One change a child is about to make: what it is, and the facts it sets (`null`: removes). */
export interface Intent {
  label: string;
  /** Whether the facts must change together (false for a change saved in steps by design). */
  atomic: boolean;
  set: Record<string, string | null>;
  /** Set on the change that saves the search index (closing the library after a search). */
  savesIndex?: boolean;
}

/** The library as a kind reaches it: the service, and closing and opening it again. */
export interface LibraryAccess {
  readonly service: ScholiaService;
  /** Closes the library (which saves the search index) and opens it again. */
  reopen(): Promise<void>;
}

/** Seeded choices. */
export class Chooser {
  private readonly random: () => number;
  constructor(random: () => number) {
    this.random = random;
  }
  float(): number {
    return this.random();
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  of<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('nothing to choose from');
    return item;
  }
  /** Some of `items` (at least one when there is any), in their order. */
  some<T>(items: readonly T[]): T[] {
    const chosen = items.filter(() => this.random() < 0.5);
    return chosen.length > 0 || items.length === 0 ? chosen : [this.of(items)];
  }
}

/** The next change of a loop kind, planned on the state as last read. */
export interface PlannedStep {
  intent: Intent;
  run(): Promise<void>;
  /** Reads the state again after `run` and says how it differs from what was planned (null: as planned). */
  confirm(): Promise<string | null>;
}

/** What a kind's setup works with. */
export interface SetupContext {
  /** The computer the library is opened as. */
  device: DeviceIdentity;
  /** A folder for what several kills share (the library the conflict copies are taken from). */
  scratch: string;
}

/** A write kind. */
export interface WriteKind {
  name: KindName;
  /** `loop`: the child changes the library again and again; `open`: opening the library is the write. */
  shape: 'loop' | 'open';
  modes: readonly KillMode[];
  /** The highest file write (append or rename) a hook kill aims at. */
  hookRange: number;
  /** The most acknowledged changes an `acks` kill waits for. */
  ackRange: number;
  /** Kills after the child opened the library start within this many ms (`delay`). */
  delayRangeMs: number;
  /**
   * How many lines the child's logs may reach before they are compacted (the store's option; while the
   * library is open only annotation logs are compacted, the library log when it closes), if set.
   */
  compactionLines?: number;
  /** Whether each kill gets a library of its own (otherwise one library goes from kill to kill). */
  fresh: boolean;
  /** Whether the child opens the library as the computer identity kept outside it (`SCHOLIA_DEVICE_DIR`). */
  ownIdentity?: boolean;
  /** Makes the library in `dir`; for `open` kinds, resolves to the facts that must be there after it is opened. */
  setup(dir: string, context: SetupContext): Promise<Facts | null>;
  /** The kind's facts as the library now holds them. */
  observe(access: LibraryAccess): Promise<Facts>;
  /** Child side (`loop` kinds): a session that plans one change after another. */
  session?(access: LibraryAccess): Promise<{ plan(choose: Chooser, marker: string): Promise<PlannedStep> }>;
  /** Parent side: what else must hold in `dir` after reopening (each string a problem). */
  inspect?(access: LibraryAccess, dir: string): Promise<string[]>;
}

/** The differences between `before` and `after`, as the facts a change sets. */
export function diffFacts(before: Facts, after: Facts): Record<string, string | null> {
  const set: Record<string, string | null> = {};
  for (const [key, value] of after) if (before.get(key) !== value) set[key] = value;
  for (const key of before.keys()) if (!after.has(key)) set[key] = null;
  return set;
}

/** How `actual` differs from `expected`, in a few words; null when they are the same. */
export function describeMismatch(actual: Facts, expected: Facts): string | null {
  const lines: string[] = [];
  const keys = new Set([...actual.keys(), ...expected.keys()]);
  for (const key of keys) {
    const found = actual.get(key) ?? null;
    const wanted = expected.get(key) ?? null;
    if (found !== wanted) lines.push(`${key}: ${short(found)} instead of ${short(wanted)}`);
  }
  if (lines.length === 0) return null;
  return lines.slice(0, 6).join('; ') + (lines.length > 6 ? ` (and ${String(lines.length - 6)} more)` : '');
}

/** A value as failure messages show it. */
export function short(value: string | null): string {
  if (value === null) return 'nothing';
  return JSON.stringify(value.length > 90 ? `${value.slice(0, 87)}...` : value);
}

/** Adds a fact; a key seen twice (a document imported twice, two annotations of one slot) gets a key of its own. */
function addFact(facts: Facts, key: string, value: string): void {
  let unique = key;
  for (let n = 2; facts.has(unique); n++) unique = `${key}#${String(n)}`;
  facts.set(unique, value);
}

/** A long value as a short fact: its length and the start of its SHA-256. */
function digest(text: string): string {
  return `${String(text.length)}:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/** The plain-text projection of a stored text. */
export function textOf(doc: DocJSON): string {
  return projectDocument(docFromJSON(doc)).text;
}

const USSR_PARAGRAPHS = fixtureParagraphs(FIXTURE_FILES.ussr, 80);
const REVIEW_PARAGRAPHS = fixtureParagraphs(FIXTURE_FILES.review, 80);
const USSR_TEXT = USSR_PARAGRAPHS.join('\n\n');
/** Who holds the library, as the lock names it. */
export const KILL_OWNER = 'the kill -9 suite';
const OWNER = KILL_OWNER;
/** The computer the suite's libraries are written by (but for renaming one, which uses an identity of its own). */
export const FAULT_DEVICE: DeviceIdentity = { id: 'faultsdevice', name: 'Faults', readerName: 'Tester' };

/** Seeded choices from `seed`. */
export function seededChooser(seed: number): Chooser {
  return new Chooser(seededRandom(seed));
}

/** A passage of `text` within one paragraph, 8–48 characters, as the reader's editor describes it. */
function randomPassage(text: string, choose: Chooser): Selectors {
  for (let attempt = 0; attempt < 100; attempt++) {
    let start = choose.int(Math.max(1, text.length - 60));
    while (start < text.length && !/[A-Za-z]/.test(text.charAt(start))) start++;
    const end = Math.min(text.length, start + 8 + choose.int(40));
    const slice = text.slice(start, end);
    if (slice.length < 4 || slice.includes('\n') || slice.trim() !== slice) continue;
    return describeRange(text, start, end);
  }
  throw new Error('no passage found in the text');
}

/** An annotation on a passage of `text`, saved as it would be stored. */
function passageAnnotation(
  documentId: string,
  text: string,
  choose: Chooser,
  fields: { comment: string; color?: HighlightColor; tagIds?: string[]; at?: string; id?: string },
): Annotation {
  const at = fields.at ?? new Date().toISOString();
  return {
    id: fields.id ?? randomUUID(),
    documentId,
    selectors: randomPassage(text, choose),
    color: fields.color ?? 'yellow',
    tagIds: fields.tagIds ?? [],
    comment: fields.comment,
    createdAt: at,
    modifiedAt: at,
  };
}

/** An annotation as a restore puts it back: without what is worked out when it is read. */
function stored(annotation: Annotation): Annotation {
  const { createdBy: _createdBy, modifiedBy: _modifiedBy, ...rest } = annotation;
  return rest;
}

function where(annotation: Pick<Annotation, 'selectors'>): string {
  const [, position] = annotation.selectors;
  return `${String(position.start)}-${String(position.end)}`;
}

/** Opens the library as `device`, runs `work` on the service, and closes it. */
async function withService<T>(
  dir: string,
  device: DeviceIdentity,
  work: (service: ScholiaService) => Promise<T>,
): Promise<T> {
  const library = await openLibrary(dir, { owner: OWNER, device });
  try {
    return await work(library.service);
  } finally {
    await library.close();
  }
}

/** Imports plain text as an upload; resolves to the document. */
async function importUpload(service: ScholiaService, name: string, text: string): Promise<DocumentMeta> {
  const report = await service.importFiles({
    sources: [{ kind: 'bytes', name, bytes: new TextEncoder().encode(text) }],
    onDuplicate: 'import-copy',
  });
  const outcome = report.outcomes[0];
  if (outcome?.status !== 'imported') throw new Error(`${name} was not imported: ${JSON.stringify(outcome)}`);
  return outcome.document;
}

/** Annotations made through the service on passages of a document, one per comment. */
async function annotate(
  service: ScholiaService,
  documentId: string,
  choose: Chooser,
  comments: readonly string[],
  tagIds: (index: number) => string[] = () => [],
): Promise<void> {
  const text = textOf((await service.getDocument({ documentId })).doc);
  for (const [index, comment] of comments.entries()) {
    await service.createAnnotation({
      documentId,
      selectors: randomPassage(text, choose),
      color: choose.of(HIGHLIGHT_COLORS),
      comment,
      tagIds: tagIds(index),
    });
  }
}

/** The labels of colours the reader named otherwise than the defaults. */
async function labelFacts(service: ScholiaService, facts: Facts): Promise<void> {
  const { colorLabels } = await service.getSettings({});
  for (const color of HIGHLIGHT_COLORS)
    if (colorLabels[color] !== DEFAULT_COLOR_LABELS[color]) facts.set(`label:${color}`, colorLabels[color]);
}

/**
 * A loop kind from its parts: `read` the state through the service, `facts` of a state, and `plan`
 * the next change on a state (the state after it, and how to make it).
 */
function loopKind<S>(
  base: Omit<WriteKind, 'shape' | 'observe' | 'session'>,
  parts: {
    read(service: ScholiaService): Promise<S>;
    facts(state: S): Facts;
    plan(
      state: S,
      choose: Chooser,
      marker: string,
      access: LibraryAccess,
    ): Promise<{ label: string; atomic?: boolean; savesIndex?: boolean; after: S; run(): Promise<void> }>;
  },
): WriteKind {
  return {
    ...base,
    shape: 'loop',
    observe: async (access) => parts.facts(await parts.read(access.service)),
    session: async (access) => {
      let state = await parts.read(access.service);
      return {
        plan: async (choose, marker) => {
          const planned = await parts.plan(state, choose, marker, access);
          const expected = parts.facts(planned.after);
          return {
            intent: {
              label: planned.label,
              atomic: planned.atomic ?? true,
              set: diffFacts(parts.facts(state), expected),
              ...(planned.savesIndex === true ? { savesIndex: true } : {}),
            },
            run: () => planned.run(),
            confirm: async () => {
              state = await parts.read(access.service);
              const mismatch = describeMismatch(parts.facts(state), expected);
              return mismatch === null ? null : `after ${planned.label}: ${mismatch}`;
            },
          };
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Imports: a plain text, an EPUB, a PDF, a BibTeX file of a few hundred entries.

interface DocumentsState {
  docs: Facts;
}

/** A document's key: its file's name, or the title of a reference without text. */
function documentKeyOf(meta: DocumentMeta): string {
  return meta.metadataOnly === true ? `ref:${meta.csl.title ?? ''}` : `doc:${meta.source.fileName}`;
}

async function readDocuments(service: ScholiaService): Promise<DocumentsState> {
  const docs: Facts = new Map();
  for (const meta of await service.listDocuments({}))
    addFact(docs, documentKeyOf(meta), meta.metadataOnly === true ? 'reference' : meta.source.format);
  return { docs };
}

const BIB_ENTRIES = 300;

/** The file an import of `format` brings in, marked with `marker` in its name and its text. */
function importFile(
  format: 'txt' | 'epub' | 'pdf' | 'bib',
  marker: string,
): { name: string; bytes: Uint8Array<ArrayBuffer>; keys: Array<[string, string]> } {
  const name = `${marker}.${format}`;
  const paragraphs = [`${marker} opens this text.`, ...REVIEW_PARAGRAPHS];
  switch (format) {
    case 'txt':
      return {
        name,
        bytes: new TextEncoder().encode(paragraphs.join('\n\n')),
        keys: [[`doc:${name}`, 'txt']],
      };
    case 'epub':
      return {
        name,
        bytes: new Uint8Array(makeEpub({
          version: 3,
          title: `Book ${marker}`,
          creators: [['Clare Doyle', 'Doyle, Clare']],
          date: '2009-11-18',
          chapters: [
            { title: 'One', paragraphs: paragraphs.slice(0, 8) },
            { title: 'Two', paragraphs: paragraphs.slice(8) },
          ],
        })),
        keys: [[`doc:${name}`, 'epub']],
      };
    case 'pdf':
      return {
        name,
        bytes: new Uint8Array(makePdf({ pages: layoutPages(paragraphs), info: { Title: `Paper ${marker}` } })),
        keys: [[`doc:${name}`, 'pdf']],
      };
    case 'bib': {
      const titles = Array.from({ length: BIB_ENTRIES }, (_, n) => `Reference ${marker} number ${String(n)}`);
      const text = titles
        .map(
          (title, n) =>
            `@article{${marker}k${String(n)},\n  title = {${title}},\n  author = {Doe, Jane},\n  journal = {Journal of Faults},\n  year = {${String(1950 + (n % 70))}}\n}\n`,
        )
        .join('\n');
      return {
        name,
        bytes: new TextEncoder().encode(text),
        keys: titles.map((title) => [`ref:${title}`, 'reference']),
      };
    }
  }
}

function importKind(name: KindName, format: 'txt' | 'epub' | 'pdf' | 'bib'): WriteKind {
  return loopKind<DocumentsState>(
    {
      name,
      modes: ['delay', 'acks', 'hook'],
      // Two file writes an import (the text, the library log); a reference file writes a text per entry.
      hookRange: { txt: 8, epub: 6, pdf: 4, bib: 320 }[format],
      // A PDF takes a second or two to import, a reference file of 300 entries as long.
      ackRange: { txt: 5, epub: 3, pdf: 2, bib: 2 }[format],
      delayRangeMs: { txt: 1200, epub: 1500, pdf: 3000, bib: 2500 }[format],
      // Each kill starts from an empty library, so that checking it stays quick.
      fresh: true,
      setup: () => Promise.resolve(null),
      inspect: async (access) => {
        const problems: string[] = [];
        for (const meta of await access.service.listDocuments({})) {
          if (meta.metadataOnly === true) continue;
          const marker = /^(zq[a-z0-9]+)\./.exec(meta.source.fileName)?.[1];
          if (marker === undefined) continue;
          const text = textOf((await access.service.getDocument({ documentId: meta.id })).doc);
          if (!text.includes(marker))
            problems.push(`${meta.source.fileName} is listed, but its text is not the one imported`);
        }
        return problems;
      },
    },
    {
      read: readDocuments,
      facts: (state) => state.docs,
      plan: (state, _choose, marker, access) => {
        const file = importFile(format, marker);
        const docs = new Map(state.docs);
        for (const [key, value] of file.keys) addFact(docs, key, value);
        return Promise.resolve({
          label: `import ${file.name}`,
          // A reference file is saved 250 entries at a time: a kill may leave the first steps.
          atomic: format !== 'bib',
          after: { docs },
          run: async () => {
            const report = await access.service.importFiles({
              sources: [{ kind: 'bytes', name: file.name, bytes: file.bytes }],
            });
            const outcome = report.outcomes[0];
            const ok =
              outcome?.status === 'imported' ||
              (outcome?.status === 'references' && outcome.entries.every((entry) => entry.action === 'created'));
            if (!ok) throw new Error(`${file.name} was not imported as expected: ${JSON.stringify(outcome).slice(0, 500)}`);
          },
        });
      },
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Annotations: created, changed and deleted, with the log compacted every few lines.

interface AnnotationsState {
  documentId: string;
  text: string;
  annotations: readonly Annotation[];
}

async function readAnnotations(service: ScholiaService): Promise<AnnotationsState> {
  const meta = (await service.listDocuments({})).find((candidate) => candidate.metadataOnly !== true);
  if (meta === undefined) throw new Error('the library has no document to annotate');
  const text = textOf((await service.getDocument({ documentId: meta.id })).doc);
  return { documentId: meta.id, text, annotations: await service.listAnnotations({ documentId: meta.id }) };
}

const SLOTS = 8;

function slotOf(annotation: Annotation): string | null {
  return /^s(\d+):/.exec(annotation.comment)?.[1] ?? null;
}

const annotationsKind = loopKind<AnnotationsState>(
  {
    name: 'annotations',
    modes: ['delay', 'acks', 'hook', 'replaced'],
    hookRange: 14,
    ackRange: 5,
    delayRangeMs: 1200,
    compactionLines: 12,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, (service) => importUpload(service, 'ussr.txt', USSR_TEXT));
      return null;
    },
  },
  {
    read: readAnnotations,
    facts: (state) => {
      const facts: Facts = new Map();
      for (const annotation of state.annotations) {
        const slot = slotOf(annotation);
        addFact(
          facts,
          slot === null ? `other:${annotation.id}` : `slot:${slot}`,
          `${digest(annotation.comment)}|${annotation.color}|${where(annotation)}`,
        );
      }
      return facts;
    },
    plan: (state, choose, marker, access) => {
      const slot = String(choose.int(SLOTS));
      const existing = state.annotations.find((annotation) => slotOf(annotation) === slot);
      const color = choose.of(HIGHLIGHT_COLORS);
      // Now and then a long comment, so that a kill can tear a long line.
      const comment = `s${slot}:${marker}${choose.float() < 0.15 ? ` ${'long comment '.repeat(4000)}` : ''}`;
      const { documentId, text } = state;
      if (existing === undefined) {
        const annotation = passageAnnotation(documentId, text, choose, { comment, color });
        return Promise.resolve({
          label: `createAnnotation s${slot}`,
          after: { ...state, annotations: [...state.annotations, annotation] },
          run: async () => {
            await access.service.createAnnotation({ documentId, selectors: annotation.selectors, color, comment });
          },
        });
      }
      // Mostly changes, so that compacting the log at least halves it (a deleted annotation leaves lines behind).
      if (choose.float() < 0.95) {
        return Promise.resolve({
          label: `updateAnnotation s${slot}`,
          after: {
            ...state,
            annotations: state.annotations.map((annotation) =>
              annotation.id === existing.id ? { ...annotation, comment, color } : annotation,
            ),
          },
          run: async () => {
            await access.service.updateAnnotation({
              documentId,
              annotationId: existing.id,
              patch: { comment, color },
            });
          },
        });
      }
      return Promise.resolve({
        label: `deleteAnnotation s${slot}`,
        after: { ...state, annotations: state.annotations.filter((annotation) => annotation.id !== existing.id) },
        run: async () => {
          await access.service.deleteAnnotation({ documentId, annotationId: existing.id });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// restoreAnnotations: putting back several annotations at once, deleted or changed ones and new ones.

const restoreKind = loopKind<AnnotationsState>(
  {
    name: 'restore-annotations',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 10,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        const meta = await importUpload(service, 'ussr.txt', USSR_TEXT);
        await annotate(service, meta.id, seededChooser(37), ['a', 'b', 'c', 'd', 'e', 'f']);
      });
      return null;
    },
  },
  {
    read: readAnnotations,
    facts: (state) =>
      new Map(
        state.annotations.map((annotation) => [
          `ann:${annotation.id}`,
          `${annotation.comment}|${annotation.color}|${where(annotation)}`,
        ]),
      ),
    plan: (state, choose, marker, access) => {
      const { documentId, text, annotations } = state;
      if (annotations.length > 3 && choose.float() < 0.3) {
        const doomed = choose.of(annotations);
        return Promise.resolve({
          label: 'deleteAnnotation',
          after: { ...state, annotations: annotations.filter((annotation) => annotation.id !== doomed.id) },
          run: async () => {
            await access.service.deleteAnnotation({ documentId, annotationId: doomed.id });
          },
        });
      }
      const now = new Date().toISOString();
      const restored = choose
        .some(annotations)
        .slice(0, 3)
        .map((annotation) => ({ ...stored(annotation), comment: `${marker} restored`, modifiedAt: now }));
      const fresh = annotations.length < 8 || choose.float() < 0.3 ? 1 + choose.int(2) : 0;
      for (let n = 0; n < fresh; n++)
        restored.push(passageAnnotation(documentId, text, choose, { comment: `${marker} new ${String(n)}` }));
      const byId = new Map(restored.map((annotation) => [annotation.id, annotation]));
      return Promise.resolve({
        label: `restoreAnnotations of ${String(restored.length)}`,
        after: {
          ...state,
          annotations: [
            ...annotations.map((annotation) => byId.get(annotation.id) ?? annotation),
            ...restored.filter((annotation) => !annotations.some((known) => known.id === annotation.id)),
          ],
        },
        run: async () => {
          await access.service.restoreAnnotations({ documentId, annotations: restored });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// A document's note and its metadata.

interface MetasState {
  docs: readonly DocumentMeta[];
}

async function readMetas(service: ScholiaService): Promise<MetasState> {
  return { docs: await service.listDocuments({}) };
}

async function twoDocuments(dir: string, context: SetupContext): Promise<null> {
  await withService(dir, context.device, async (service) => {
    await importUpload(service, 'ussr.txt', USSR_TEXT);
    await importUpload(service, 'review.txt', REVIEW_PARAGRAPHS.join('\n\n'));
  });
  return null;
}

const noteKind = loopKind<MetasState>(
  {
    name: 'document-note',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 10,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: twoDocuments,
  },
  {
    read: readMetas,
    facts: (state) => new Map(state.docs.map((meta) => [`note:${meta.id}`, digest(meta.note)])),
    plan: (state, choose, marker, access) => {
      const target = choose.of(state.docs);
      // Mostly short notes; now and then one of a few hundred kilobytes, whose line a kill can tear.
      const size = choose.float() < 0.05 ? 50_000 + choose.int(100_000) : 20 + choose.int(2000);
      const note = `Note ${marker}. ${'Close reading. '.repeat(Math.ceil(size / 15))}`.slice(0, size);
      return Promise.resolve({
        label: `updateDocumentNote of ${String(note.length)} characters`,
        after: { docs: state.docs.map((meta) => (meta.id === target.id ? { ...meta, note } : meta)) },
        run: async () => {
          await access.service.updateDocumentNote({ documentId: target.id, note });
        },
      });
    },
  },
);

/** The CSL fields of a document (without its id), keys in order. */
function cslFact(csl: CslDraft): string {
  const { id: _id, ...fields } = csl as CslDraft & { id?: string };
  return JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))));
}

const metadataKind = loopKind<MetasState>(
  {
    name: 'document-metadata',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 10,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: twoDocuments,
  },
  {
    read: readMetas,
    facts: (state) => new Map(state.docs.map((meta) => [`csl:${meta.id}`, cslFact(meta.csl)])),
    plan: (state, choose, marker, access) => {
      const target = choose.of(state.docs);
      const csl: CslDraft = {
        type: choose.of(['article-journal', 'book', 'chapter', 'article-newspaper'] as const),
        title: `Title ${marker}`,
        author: [{ family: 'Doyle', given: marker }],
        issued: { 'date-parts': [[1900 + choose.int(125)]] },
        'container-title': `Journal ${String(choose.int(5))}`,
      };
      return Promise.resolve({
        label: 'updateDocumentMetadata',
        after: {
          docs: state.docs.map((meta) => (meta.id === target.id ? { ...meta, csl: { ...csl, id: meta.id } } : meta)),
        },
        run: async () => {
          await access.service.updateDocumentMetadata({ documentId: target.id, csl });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// An edit of a text with its annotations' new selectors.

interface TextState {
  documentId: string;
  doc: DocJSON;
  textRevision: number;
  annotations: readonly Annotation[];
}

async function readText(service: ScholiaService): Promise<TextState> {
  const meta = (await service.listDocuments({}))[0];
  if (meta === undefined) throw new Error('the library has no document to edit');
  const opened = await service.getDocument({ documentId: meta.id });
  return {
    documentId: meta.id,
    doc: opened.doc,
    textRevision: textRevisionOf(opened.meta),
    annotations: await service.listAnnotations({ documentId: meta.id }),
  };
}

const textEditKind = loopKind<TextState>(
  {
    name: 'text-edit',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 10,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        const meta = await importUpload(service, 'ussr.txt', USSR_TEXT);
        await annotate(service, meta.id, seededChooser(61), ['one', 'two', 'three', 'four', 'five']);
      });
      return null;
    },
  },
  {
    read: readText,
    facts: (state) => {
      const facts: Facts = new Map([
        ['revision', String(state.textRevision)],
        ['text', digest(textOf(state.doc))],
      ]);
      for (const annotation of state.annotations)
        facts.set(
          `selectors:${annotation.id}`,
          `${annotation.orphanedAt === undefined ? where(annotation) : 'orphaned'}:${annotation.selectors[0].exact}`,
        );
      return facts;
    },
    plan: (state, choose, marker, access) => {
      const first = docFromJSON(state.doc).firstChild?.textContent ?? '';
      const removeFirst = first.startsWith('Edit zq') && choose.float() < 0.5;
      const edited = editText(state.doc, state.annotations, (transform: Transform) => {
        if (removeFirst) deleteLeadingBlocks(transform, 1);
        else
          transform.insert(
            0,
            documentSchema.node('paragraph', null, [
              documentSchema.text(`Edit ${marker}: ${'a cleaner text '.repeat(1 + choose.int(40))}`),
            ]),
          );
      });
      const placed = new Map(edited.placements.map((placement) => [placement.id, placement.selectors]));
      return Promise.resolve({
        label: removeFirst ? 'updateDocumentText (a paragraph removed)' : 'updateDocumentText (a paragraph added)',
        after: {
          ...state,
          doc: edited.doc,
          textRevision: state.textRevision + 1,
          annotations: state.annotations.map((annotation) => {
            const selectors = placed.get(annotation.id);
            return selectors === undefined || selectors === null ? annotation : { ...annotation, selectors };
          }),
        },
        run: async () => {
          await access.service.updateDocumentText({
            documentId: state.documentId,
            doc: edited.doc,
            annotations: edited.placements,
            baseRevision: state.textRevision,
          });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// Deleting documents (and importing and annotating more, so that there is always one to delete).

interface ShelfState {
  docs: ReadonlyArray<{ meta: DocumentMeta; annotations: number }>;
}

const deleteKind = loopKind<ShelfState>(
  {
    name: 'delete-document',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 8,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        for (let n = 0; n < 6; n++) {
          const meta = await importUpload(service, `shelf-${String(n)}.txt`, `Shelf ${String(n)}\n\n${USSR_TEXT}`);
          await annotate(service, meta.id, seededChooser(20 + n), [`on ${String(n)}`]);
        }
      });
      return null;
    },
  },
  {
    read: async (service) => ({
      docs: await Promise.all(
        (await service.listDocuments({})).map(async (meta) => ({
          meta,
          annotations: (await service.listAnnotations({ documentId: meta.id })).length,
        })),
      ),
    }),
    facts: (state) => {
      const facts: Facts = new Map();
      for (const { meta, annotations } of state.docs)
        addFact(facts, `doc:${meta.source.fileName}`, `annotations:${String(annotations)}`);
      return facts;
    },
    plan: async (state, choose, marker, access) => {
      const roll = choose.float();
      if (state.docs.length > 3 && roll < 0.5) {
        const doomed = choose.of(state.docs).meta;
        return {
          label: 'deleteDocument',
          after: { docs: state.docs.filter((entry) => entry.meta.id !== doomed.id) },
          run: async () => {
            await access.service.deleteDocument({ documentId: doomed.id });
          },
        };
      }
      if (state.docs.length < 8 && roll < 0.75) {
        const name = `${marker}.txt`;
        const placeholder = metaFor(USSR_TEXT, marker, name);
        return {
          label: 'importFiles',
          after: { docs: [...state.docs, { meta: placeholder, annotations: 0 }] },
          run: async () => {
            await importUpload(access.service, name, `Shelf ${marker}\n\n${USSR_TEXT}`);
          },
        };
      }
      const target = choose.of(state.docs);
      const text = textOf((await access.service.getDocument({ documentId: target.meta.id })).doc);
      const selectors = randomPassage(text, choose);
      return {
        label: 'createAnnotation',
        after: {
          docs: state.docs.map((entry) =>
            entry.meta.id === target.meta.id ? { ...entry, annotations: entry.annotations + 1 } : entry,
          ),
        },
        run: async () => {
          await access.service.createAnnotation({ documentId: target.meta.id, selectors, comment: marker });
        },
      };
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// The codebook: tags created, renamed, merged and deleted, and passages tagged.

interface TagsState {
  documentId: string;
  tags: readonly Tag[];
  annotations: readonly Annotation[];
}

function descendantIds(tags: readonly Tag[], id: string): Set<string> {
  const found = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const tag of tags)
      if (tag.parentId !== null && (tag.parentId === id || found.has(tag.parentId)) && !found.has(tag.id)) {
        found.add(tag.id);
        grew = true;
      }
  }
  return found;
}

const tagsKind = loopKind<TagsState>(
  {
    name: 'tags',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 8,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        const meta = await importUpload(service, 'ussr.txt', USSR_TEXT);
        const ids: string[] = [];
        for (const name of ['Class', 'State', 'Party', 'Bureaucracy'])
          ids.push((await service.createTag({ name, parentId: ids.length === 3 ? (ids[1] ?? null) : null })).id);
        await annotate(service, meta.id, seededChooser(44), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], (n) =>
          [ids[n % 4], ids[(n + 1) % 4]].filter((id): id is string => id !== undefined && n % 3 !== 2),
        );
      });
      return null;
    },
  },
  {
    read: async (service) => {
      const meta = (await service.listDocuments({}))[0];
      if (meta === undefined) throw new Error('the library has no document to tag');
      const tags = (await service.listTags({})).map(({ id, name, parentId, color, description }) => ({
        id,
        name,
        parentId,
        color,
        description,
      }));
      return { documentId: meta.id, tags, annotations: await service.listAnnotations({ documentId: meta.id }) };
    },
    facts: (state) => {
      const names = new Map(state.tags.map((tag) => [tag.id, tag.name]));
      const facts: Facts = new Map();
      for (const tag of state.tags)
        addFact(facts, `tag:${tag.name}`, tag.parentId === null ? '(top)' : (names.get(tag.parentId) ?? `?${tag.parentId}`));
      for (const annotation of state.annotations)
        facts.set(
          `passage:${annotation.id}`,
          annotation.tagIds
            .map((id) => names.get(id) ?? `?${id}`)
            .sort()
            .join(','),
        );
      return facts;
    },
    plan: (state, choose, marker, access) => {
      const { tags, annotations, documentId } = state;
      const roll = choose.float();
      const service = access.service;
      if (tags.length < 3 || (roll < 0.2 && tags.length < 10)) {
        const parent = tags.length > 0 && choose.float() < 0.4 ? choose.of(tags) : null;
        const name = `N${marker}`;
        const tag: Tag = { id: `new-${marker}`, name, parentId: parent?.id ?? null, color: null, description: '' };
        return Promise.resolve({
          label: 'createTag',
          after: { ...state, tags: [...tags, tag] },
          run: async () => {
            await service.createTag({ name, parentId: parent?.id ?? null });
          },
        });
      }
      if (roll < 0.35) {
        const tag = choose.of(tags);
        const name = `R${marker}`;
        return Promise.resolve({
          label: 'updateTag',
          after: { ...state, tags: tags.map((candidate) => (candidate.id === tag.id ? { ...candidate, name } : candidate)) },
          run: async () => {
            await service.updateTag({ tagId: tag.id, patch: { name } });
          },
        });
      }
      if (roll < 0.6 && annotations.length > 0) {
        const annotation = choose.of(annotations);
        const tag = choose.of(tags);
        const tagIds = annotation.tagIds.includes(tag.id)
          ? annotation.tagIds.filter((id) => id !== tag.id)
          : [...annotation.tagIds, tag.id];
        return Promise.resolve({
          label: 'updateAnnotation (tags)',
          after: {
            ...state,
            annotations: annotations.map((candidate) => (candidate.id === annotation.id ? { ...candidate, tagIds } : candidate)),
          },
          run: async () => {
            await service.updateAnnotation({ documentId, annotationId: annotation.id, patch: { tagIds } });
          },
        });
      }
      const source = choose.of(tags);
      const below = descendantIds(tags, source.id);
      const targets = tags.filter((tag) => tag.id !== source.id && !below.has(tag.id));
      if (roll < 0.8 && targets.length > 0) {
        const target = choose.of(targets);
        return Promise.resolve({
          label: 'mergeTags',
          after: {
            ...state,
            tags: tags
              .filter((tag) => tag.id !== source.id)
              .map((tag) => (tag.parentId === source.id ? { ...tag, parentId: target.id } : tag)),
            annotations: annotations.map((annotation) => ({
              ...annotation,
              tagIds: [...new Set(annotation.tagIds.map((id) => (id === source.id ? target.id : id)))],
            })),
          },
          run: async () => {
            await service.mergeTags({ sourceId: source.id, targetId: target.id });
          },
        });
      }
      return Promise.resolve({
        label: 'deleteTag',
        after: {
          ...state,
          tags: tags
            .filter((tag) => tag.id !== source.id)
            .map((tag) => (tag.parentId === source.id ? { ...tag, parentId: source.parentId } : tag)),
          annotations: annotations.map((annotation) => ({
            ...annotation,
            tagIds: annotation.tagIds.filter((id) => id !== source.id),
          })),
        },
        run: async () => {
          await service.deleteTag({ tagId: source.id, children: 'reparent' });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// Reading lists, and the colours' meanings.

interface CollectionsState {
  documentIds: readonly string[];
  collections: readonly Collection[];
  labels: Readonly<Record<HighlightColor, string>>;
}

const collectionsKind = loopKind<CollectionsState>(
  {
    name: 'collections',
    modes: ['delay', 'acks', 'hook'],
    hookRange: 8,
    ackRange: 5,
    delayRangeMs: 1200,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        for (let n = 0; n < 4; n++) await importUpload(service, `listed-${String(n)}.txt`, `Listed ${String(n)}\n\n${USSR_TEXT}`);
      });
      return null;
    },
  },
  {
    read: async (service) => ({
      documentIds: (await service.listDocuments({})).map((meta) => meta.id),
      collections: await service.listCollections({}),
      labels: (await service.getSettings({})).colorLabels,
    }),
    facts: (state) => {
      const facts: Facts = new Map();
      for (const collection of state.collections)
        addFact(facts, `collection:${collection.name}`, [...collection.documentIds].sort().join(','));
      for (const color of HIGHLIGHT_COLORS) facts.set(`label:${color}`, state.labels[color]);
      return facts;
    },
    plan: (state, choose, marker, access) => {
      const service = access.service;
      const { collections } = state;
      const roll = choose.float();
      const change = (label: string, next: readonly Collection[], run: () => Promise<unknown>) =>
        Promise.resolve({
          label,
          after: { ...state, collections: next },
          run: async () => {
            await run();
          },
        });
      if (collections.length < 2 || (roll < 0.2 && collections.length < 6)) {
        const documentIds = choose.some(state.documentIds);
        const made: Collection = { id: marker, name: `C${marker}`, documentIds, createdAt: new Date().toISOString() };
        return change('createCollection', [...collections, made], () =>
          service.createCollection({ name: made.name, documentIds }),
        );
      }
      const chosen = choose.of(collections);
      const replace = (next: Collection) => collections.map((collection) => (collection.id === chosen.id ? next : collection));
      if (roll < 0.35) {
        const name = `K${marker}`;
        return change('renameCollection', replace({ ...chosen, name }), () =>
          service.renameCollection({ collectionId: chosen.id, name }),
        );
      }
      if (roll < 0.55) {
        const documentIds = choose.some(state.documentIds);
        return change(
          'addToCollection',
          replace({ ...chosen, documentIds: [...new Set([...chosen.documentIds, ...documentIds])] }),
          () => service.addToCollection({ collectionId: chosen.id, documentIds }),
        );
      }
      if (roll < 0.7 && chosen.documentIds.length > 0) {
        const documentIds = choose.some(chosen.documentIds);
        return change(
          'removeFromCollection',
          replace({ ...chosen, documentIds: chosen.documentIds.filter((id) => !documentIds.includes(id)) }),
          () => service.removeFromCollection({ collectionId: chosen.id, documentIds }),
        );
      }
      if (roll < 0.85) {
        return change(
          'deleteCollection',
          collections.filter((collection) => collection.id !== chosen.id),
          () => service.deleteCollection({ collectionId: chosen.id }),
        );
      }
      const color = choose.of(HIGHLIGHT_COLORS);
      const label = `L${marker}`;
      return Promise.resolve({
        label: 'updateSettings',
        after: { ...state, labels: { ...state.labels, [color]: label } },
        run: async () => {
          await service.updateSettings({ colorLabels: { [color]: label } });
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// The search index: searched, documents retitled, and saved when the library closes.

interface TitlesState {
  docs: ReadonlyArray<{ id: string; title: string }>;
}

/** The marker in a title the suite gave, if any. */
function titleMarker(title: string): string | null {
  return /\b(zq[a-z0-9]+)\b/.exec(title)?.[1] ?? null;
}

/** Searches for each document's marker; each string says which one was not found. */
async function searchEachTitle(service: ScholiaService, docs: TitlesState['docs']): Promise<string[]> {
  const problems: string[] = [];
  for (const { id, title } of docs) {
    const marker = titleMarker(title);
    if (marker === null) continue;
    const found = await service.searchCorpus({ query: marker, prefix: false });
    if (!found.documents.some((document) => document.documentId === id))
      problems.push(`a search for “${marker}” does not find “${title}”`);
  }
  return problems;
}

const searchKind = loopKind<TitlesState>(
  {
    name: 'search-index',
    modes: ['delay', 'acks', 'hook', 'replaced'],
    hookRange: 6,
    ackRange: 5,
    delayRangeMs: 2000,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, async (service) => {
        for (let n = 0; n < 3; n++) await importUpload(service, `found-${String(n)}.txt`, `Found ${String(n)}\n\n${USSR_TEXT}`);
      });
      return null;
    },
    inspect: async (access) => {
      const docs = (await access.service.listDocuments({})).map((meta) => ({ id: meta.id, title: meta.csl.title ?? '' }));
      return searchEachTitle(access.service, docs);
    },
  },
  {
    read: async (service) => ({
      docs: (await service.listDocuments({})).map((meta) => ({ id: meta.id, title: meta.csl.title ?? '' })),
    }),
    facts: (state) => new Map(state.docs.map(({ id, title }) => [`title:${id}`, title])),
    plan: (state, choose, marker, access) => {
      const roll = choose.float();
      if (roll < 0.45) {
        const target = choose.of(state.docs);
        const title = `Title ${marker}`;
        return Promise.resolve({
          label: 'renameDocument',
          after: { docs: state.docs.map((doc) => (doc.id === target.id ? { ...doc, title } : doc)) },
          run: async () => {
            await access.service.renameDocument({ documentId: target.id, title });
          },
        });
      }
      const saves = roll >= 0.7;
      return Promise.resolve({
        label: saves ? 'searchCorpus, then close (saving the index) and open again' : 'searchCorpus',
        ...(saves ? { savesIndex: true } : {}),
        after: state,
        run: async () => {
          // A search of the text as well, so that the index is loaded (or built) before the library closes.
          const found = await access.service.searchCorpus({ query: 'Stalinism' });
          if (found.documents.length !== state.docs.length)
            throw new Error(`a search for “Stalinism” finds ${String(found.documents.length)} of ${String(state.docs.length)} documents`);
          const missed = await searchEachTitle(access.service, state.docs);
          if (missed.length > 0) throw new Error(missed.join('; '));
          if (saves) await access.reopen();
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// Closing: this computer's library log compacted, the checkpoint written, the search index saved.

interface ClosingState {
  id: string;
  title: string;
  note: string;
}

const closeKind = loopKind<ClosingState>(
  {
    name: 'close-library',
    modes: ['delay', 'acks', 'hook', 'replaced'],
    hookRange: 6,
    ackRange: 6,
    delayRangeMs: 2500,
    fresh: false,
    setup: async (dir, context) => {
      await withService(dir, context.device, (service) => importUpload(service, 'ussr.txt', USSR_TEXT));
      return null;
    },
  },
  {
    read: async (service) => {
      const meta = (await service.listDocuments({}))[0];
      if (meta === undefined) throw new Error('the library has no document');
      return { id: meta.id, title: meta.csl.title ?? '', note: meta.note };
    },
    facts: (state) =>
      new Map([
        ['title', state.title],
        ['note', digest(state.note)],
      ]),
    plan: (state, choose, marker, access) => {
      const roll = choose.float();
      if (roll < 0.25) {
        // Long and short in turn: closing after a long note was replaced by a short one shrinks the log.
        const note = state.note.length > 10_000 ? `Short ${marker}` : `Long ${marker} ${'a long note '.repeat(8000)}`;
        return Promise.resolve({
          label: `updateDocumentNote of ${String(note.length)} characters`,
          after: { ...state, note },
          run: async () => {
            await access.service.updateDocumentNote({ documentId: state.id, note });
          },
        });
      }
      if (roll < 0.7) {
        const title = `Title ${marker}`;
        return Promise.resolve({
          label: 'renameDocument',
          after: { ...state, title },
          run: async () => {
            await access.service.renameDocument({ documentId: state.id, title });
          },
        });
      }
      return Promise.resolve({
        label: 'close (compacting the log) and open again',
        after: state,
        run: () => access.reopen(),
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// Renaming this computer and its reader.

const renameDeviceKind = loopKind<{ name: string; readerName: string }>(
  {
    name: 'rename-device',
    // Renaming writes files no hook covers (the identity outside the library, device.json).
    modes: ['delay', 'acks'],
    hookRange: 1,
    ackRange: 5,
    delayRangeMs: 1000,
    fresh: false,
    ownIdentity: true,
    setup: () => Promise.resolve(null),
  },
  {
    read: async (service) => {
      const { name, readerName } = await service.getDevice({});
      return { name, readerName };
    },
    facts: (state) => new Map([['device', `${state.name} | ${state.readerName}`]]),
    plan: (state, choose, marker, access) => {
      const roll = choose.float();
      const change = {
        ...(roll < 0.7 ? { name: `Computer ${marker}` } : {}),
        ...(roll >= 0.4 ? { readerName: `Reader ${marker}` } : {}),
      };
      return Promise.resolve({
        label: 'updateDevice',
        after: { ...state, ...change },
        run: async () => {
          await access.service.updateDevice(change);
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// Converting a library in the older layout, at opening.

const LEGACY_DOCUMENTS = 10;
const LEGACY_ANNOTATIONS = 40;

/** Facts every library of the open kinds is read as: documents, annotations with their tags, tags, lists, labels. */
async function libraryFacts(service: ScholiaService): Promise<Facts> {
  const facts: Facts = new Map();
  const tags = await service.listTags({});
  const names = new Map(tags.map((tag) => [tag.id, tag.name]));
  for (const tag of tags) facts.set(`tag:${tag.id}`, tag.name);
  for (const meta of await service.listDocuments({})) {
    facts.set(`doc:${meta.id}`, meta.csl.title ?? '');
    for (const annotation of await service.listAnnotations({ documentId: meta.id }))
      facts.set(
        `ann:${annotation.id}`,
        `${annotation.comment}|${annotation.tagIds.map((id) => names.get(id) ?? `?${id}`).join(',')}|${where(annotation)}`,
      );
  }
  for (const collection of await service.listCollections({}))
    facts.set(`collection:${collection.id}`, `${collection.name}:${[...collection.documentIds].sort().join(',')}`);
  await labelFacts(service, facts);
  return facts;
}

const convertKind: WriteKind = {
  name: 'convert-legacy',
  shape: 'open',
  modes: ['delay', 'hook'],
  hookRange: LEGACY_DOCUMENTS + 3,
  ackRange: 5,
  delayRangeMs: 450,
  fresh: true,
  setup: async (dir) => {
    const step = seededChooser(7);
    await mkdir(join(dir, 'documents'), { recursive: true });
    await mkdir(join(dir, 'annotations'), { recursive: true });
    const facts: Facts = new Map();
    const tags: Tag[] = ['Legacy class', 'Legacy state', 'Legacy party'].map((name, n) => ({
      id: `legacytag${String(n)}`,
      name,
      parentId: null,
      color: null,
      description: '',
    }));
    for (const tag of tags) facts.set(`tag:${tag.id}`, tag.name);
    const metas: DocumentMeta[] = [];
    for (let d = 0; d < LEGACY_DOCUMENTS; d++) {
      const source = `${USSR_TEXT}\n\nCopy ${String(d)}`;
      const meta = metaFor(source, `Legacy document ${String(d)}`, `legacy-${String(d)}.txt`);
      metas.push(meta);
      facts.set(`doc:${meta.id}`, meta.csl.title ?? '');
      const doc = paragraphsDoc(source);
      await writeFile(
        join(dir, 'documents', `${meta.id}.json`),
        JSON.stringify({ schemaVersion: 1, documentId: meta.id, doc }),
      );
      const text = textOf(doc);
      const annotations = Array.from({ length: LEGACY_ANNOTATIONS }, (_, n) => {
        const at = new Date(Date.UTC(2025, 0, 1, 0, d, n)).toISOString();
        const tagIds = n % 3 === 0 ? [] : [tags[n % tags.length]?.id ?? ''];
        return passageAnnotation(meta.id, text, step, { comment: `Legacy ${String(d)}.${String(n)}`, tagIds, at });
      });
      for (const annotation of annotations)
        facts.set(
          `ann:${annotation.id}`,
          `${annotation.comment}|${annotation.tagIds.map((id) => tags.find((tag) => tag.id === id)?.name ?? '').join(',')}|${where(annotation)}`,
        );
      await writeFile(
        join(dir, 'annotations', `${meta.id}.json`),
        JSON.stringify({ schemaVersion: 1, documentId: meta.id, annotations }),
      );
    }
    const collection: Collection = {
      id: 'legacylist01',
      name: 'Legacy reading',
      documentIds: metas.slice(0, 3).map((meta) => meta.id),
      createdAt: '2025-01-02T00:00:00.000Z',
    };
    facts.set(`collection:${collection.id}`, `${collection.name}:${[...collection.documentIds].sort().join(',')}`);
    facts.set('label:green', 'Legacy green');
    await writeFile(
      join(dir, 'library.json'),
      JSON.stringify({
        schemaVersion: 1,
        documents: metas,
        tags,
        collections: [collection],
        settings: { colorLabels: { green: 'Legacy green' } },
      }),
    );
    return facts;
  },
  observe: (access) => libraryFacts(access.service),
  inspect: async (_access, dir) => {
    const names = await readdir(dir);
    const problems: string[] = [];
    if (names.includes('library.json')) problems.push('library.json (the older layout) is still there after opening');
    if (names.includes('annotations')) problems.push('the older annotations/ folder is still there after opening');
    const backups = await readdir(join(dir, 'backups')).catch(() => []);
    if (!backups.some((name) => name.startsWith('before-sync-')))
      problems.push('no copy of the older files in backups/before-sync-…');
    return problems;
  },
};

// ---------------------------------------------------------------------------------------------------
// Folding in conflict copies of another computer's logs, at opening.

const OTHER = { id: 'otherdevice1', name: 'Other', readerName: 'Ben' };
const THIRD = { id: 'thirddevice1', name: 'Third', readerName: 'Cy' };
const CONFLICT = 'sync-conflict-20261202-184725-A7ZUZPK';

/** The library conflict copies are taken from, made once per scratch folder, and what it holds. */
const foldTemplates = new Map<string, Promise<{ dir: string; facts: Facts }>>();

function foldTemplate(scratch: string): Promise<{ dir: string; facts: Facts }> {
  let made = foldTemplates.get(scratch);
  if (made === undefined) {
    made = makeFoldTemplate(join(scratch, 'fold-template'));
    foldTemplates.set(scratch, made);
  }
  return made;
}

async function makeFoldTemplate(dir: string): Promise<{ dir: string; facts: Facts }> {
  await rm(dir, { recursive: true, force: true });
  const facts: Facts = new Map();
  const step = seededChooser(11);
  const meta = metaFor(USSR_TEXT, 'USSR 1989', 'ussr.txt');
  const doc = paragraphsDoc(USSR_TEXT);
  const text = textOf(doc);
  facts.set(`doc:${meta.id}`, meta.csl.title ?? '');
  const other = await LibraryStore.open(dir, { owner: OWNER, device: OTHER });
  try {
    await other.addDocument(meta, doc);
    const theirs = Array.from({ length: 150 }, (_, n) =>
      passageAnnotation(meta.id, text, step, { comment: `Other ${String(n)}` }),
    );
    await other.appendAnnotationChanges(meta.id, () => theirs.map((annotation) => ({ op: 'put' as const, annotation })));
    for (const annotation of theirs) facts.set(`ann:${annotation.id}`, `${annotation.comment}||${where(annotation)}`);
  } finally {
    await other.close();
  }
  const third = await LibraryStore.open(dir, { owner: OWNER, device: THIRD });
  try {
    await third.refreshFromDisk();
    const tag: Tag = { id: 'thirdtag0001', name: 'From the third computer', parentId: null, color: null, description: '' };
    await third.updateTags((current) => [...current, tag]);
    facts.set(`tag:${tag.id}`, tag.name);
    const copied = Array.from({ length: 80 }, (_, n) =>
      passageAnnotation(meta.id, text, step, { comment: `Third ${String(n)}`, tagIds: n % 2 === 0 ? [tag.id] : [] }),
    );
    await third.appendAnnotationChanges(meta.id, () => copied.map((annotation) => ({ op: 'put' as const, annotation })));
    for (const annotation of copied)
      facts.set(
        `ann:${annotation.id}`,
        `${annotation.comment}|${annotation.tagIds.length > 0 ? tag.name : ''}|${where(annotation)}`,
      );
  } finally {
    await third.close();
  }
  // As if a sync engine had kept the third computer's logs only as conflict copies in the other's folder.
  const devices = join(dir, 'devices');
  await rename(
    join(devices, THIRD.id, 'annotations', `${meta.id}.jsonl`),
    join(devices, OTHER.id, 'annotations', `${meta.id}.${CONFLICT}.jsonl`),
  );
  await rename(join(devices, THIRD.id, 'library.jsonl'), join(devices, OTHER.id, `library.${CONFLICT}.jsonl`));
  await rm(join(devices, THIRD.id), { recursive: true, force: true });
  await rm(join(dir, 'local'), { recursive: true, force: true });
  await rm(join(dir, 'backups', THIRD.id), { recursive: true, force: true });
  return { dir, facts };
}

/** Every path under `dir` whose name says it is a conflict copy. */
async function conflictCopiesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.name.includes('sync-conflict')) found.push(join(entry.parentPath, entry.name));
  return found;
}

const foldKind: WriteKind = {
  name: 'fold-conflict-copies',
  shape: 'open',
  modes: ['delay', 'hook'],
  hookRange: 3,
  ackRange: 5,
  delayRangeMs: 250,
  fresh: true,
  setup: async (dir, context) => {
    const template = await foldTemplate(context.scratch);
    await rm(dir, { recursive: true, force: true });
    await cp(template.dir, dir, { recursive: true });
    return new Map(template.facts);
  },
  observe: (access) => libraryFacts(access.service),
  inspect: async (_access, dir) => {
    const left = await conflictCopiesIn(join(dir, 'devices'));
    return left.length === 0 ? [] : [`conflict copies still in devices/ after opening: ${left.join(', ')}`];
  },
};

/** Every write kind, by name. */
export const WRITE_KINDS: Readonly<Record<KindName, WriteKind>> = {
  'import-text': importKind('import-text', 'txt'),
  'import-epub': importKind('import-epub', 'epub'),
  'import-pdf': importKind('import-pdf', 'pdf'),
  'import-bib': importKind('import-bib', 'bib'),
  annotations: annotationsKind,
  'restore-annotations': restoreKind,
  'document-note': noteKind,
  'document-metadata': metadataKind,
  'text-edit': textEditKind,
  'delete-document': deleteKind,
  tags: tagsKind,
  collections: collectionsKind,
  'search-index': searchKind,
  'close-library': closeKind,
  'rename-device': renameDeviceKind,
  'convert-legacy': convertKind,
  'fold-conflict-copies': foldKind,
};

/** Whether `name` is a write kind. */
export function isKindName(name: string): name is KindName {
  return (KIND_NAMES as readonly string[]).includes(name);
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
