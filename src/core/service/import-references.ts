/**
 * Reference files in an import: a CSL-JSON (`.json`), BibTeX (`.bib`) or RIS (`.ris`) file from a
 * reference manager. Each entry is matched to a document of the library (by DOI, then ISBN, then
 * normalised title) whose metadata it then sets; an entry that matches nothing becomes a metadata-only
 * document (`metadataOnly: true`, its text one empty paragraph): a work the reader cites but has no
 * text of, listed in the library like any other and given its text by a later import.
 *
 * A file of 10,000 references imports in seconds: it is counted before anything is parsed (and refused
 * at once when it holds more than the limit), parsed a few hundred entries at a time (`reference-text.ts`),
 * matched through an index of the library's DOIs, ISBNs and titles, and stored a step at a time (one
 * durable write of the library log per step), with progress reported and other work let through
 * between the steps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ImportSource } from '../../shared/api';
import {
  IMPORT_FORMAT_INFO,
  importFormatOf,
  isReferenceFormat,
  type ReferenceFormat,
} from '../../shared/import-formats';
import { CslDraftArgSchema } from '../../shared/api';
import {
  type CslDraft,
  DocumentMetaSchema,
  type DocumentMeta,
  type ReferenceEntryOutcome,
} from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { parseReferences } from '../citations/citation-js';
import { splitBibtex, splitRis, type ReferenceText } from '../citations/reference-text';
import { importFailed } from '../import/import-error';
import { countInWords, IMPORT_LIMITS } from '../import/limits';
import { readSource, type SourceFile } from '../import/read-source';
import type { ServiceContext } from './service-context';

/** At most this many entries are read from one reference file. */
export const MAX_REFERENCE_ENTRIES = IMPORT_LIMITS.referenceEntries;

/** How far the import of a reference file has got: entries `read` (parsed) or `stored`, of `total`. */
export interface ReferenceProgress {
  readonly stage: 'read' | 'stored';
  readonly done: number;
  readonly total: number;
}

/** The reference format of a file name (by its extension, `shared/import-formats.ts`), or undefined when it is not a reference file. */
export function referenceFormatOf(name: string): ReferenceFormat | undefined {
  const format = importFormatOf(name);
  return format !== null && isReferenceFormat(format) ? format : undefined;
}

const EMPTY_TEXT: DocJSON = { type: 'doc', content: [{ type: 'paragraph' }] };

/**
 * Reads a reference file and applies its entries to the library; one outcome per entry, in file
 * order. `onProgress` is called after each step of reading and of storing a file of more than one step.
 */
export async function importReferences(
  context: ServiceContext,
  source: ImportSource,
  format: ReferenceFormat,
  onProgress: (progress: ReferenceProgress) => void = () => undefined,
): Promise<ReferenceEntryOutcome[]> {
  const file = await readSource(source);
  const entries = await parseEntries(file, format, onProgress);
  const index = await DocumentIndex.of(context.store.listDocuments());
  const outcomes: ReferenceEntryOutcome[] = [];
  const step = IMPORT_LIMITS.referenceStep;
  for (let from = 0; from < entries.length; from += step) {
    const added: { meta: DocumentMeta; doc: DocJSON }[] = [];
    const changes = new Map<string, ((current: DocumentMeta) => DocumentMeta)[]>();
    const matched: { outcome: number; documentId: string }[] = [];
    for (const entry of entries.slice(from, from + step)) {
      const title =
        typeof entry['title'] === 'string' && entry['title'].trim() !== ''
          ? entry['title']
          : typeof entry['id'] === 'string' || typeof entry['id'] === 'number'
            ? String(entry['id'])
            : 'untitled entry';
      const { id: _id, _graph: _graph, ...fields } = entry;
      const draft = CslDraftArgSchema.safeParse(fields);
      if (!draft.success) {
        const issue = draft.error.issues[0];
        outcomes.push({
          title,
          action: 'failed',
          message: `This entry's ${issue?.path.join('.') ?? 'data'} is not valid CSL: ${issue?.message ?? ''}.`,
        });
        continue;
      }
      const match = index.find(draft.data);
      if (match !== undefined) {
        // A reference manager's entry is the reader's own record: the document's details count as confirmed.
        const modifiedAt = context.now().toISOString();
        const change = ({ metadataProposed: _, ...current }: DocumentMeta): DocumentMeta => ({
          ...current,
          csl: { ...current.csl, ...draft.data, id: current.id },
          modifiedAt,
        });
        const id = match.document.id;
        changes.set(id, [...(changes.get(id) ?? []), change]);
        // Later entries are matched against the document as this entry leaves it.
        index.replace(change(match.document));
        matched.push({ outcome: outcomes.length, documentId: id });
        outcomes.push({ title, action: 'matched', matchedBy: match.by, documentId: id });
        continue;
      }
      const id = randomUUID();
      const now = context.now().toISOString();
      const checked = DocumentMetaSchema.safeParse({
        id,
        csl: { ...draft.data, id },
        note: '',
        source: { fileName: file.name, format, byteLength: file.bytes.byteLength },
        contentHash: createHash('sha256').update(JSON.stringify(draft.data)).digest('hex'),
        wordCount: 0,
        addedAt: now,
        modifiedAt: now,
        metadataOnly: true,
      } satisfies DocumentMeta);
      if (!checked.success) {
        outcomes.push({
          title,
          action: 'failed',
          message: `This entry cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`,
        });
        continue;
      }
      added.push({ meta: checked.data, doc: EMPTY_TEXT });
      index.add(checked.data);
      outcomes.push({ title, action: 'created', documentId: id });
    }
    // New documents first: an entry may match one made by an entry before it in this step.
    await context.store.addDocuments(added);
    const updated = await context.store.updateDocuments(
      new Map(
        [...changes].map(([id, list]) => [
          id,
          (current: DocumentMeta) => list.reduce((meta, change) => change(meta), current),
        ]),
      ),
    );
    for (const { outcome, documentId } of matched) {
      const entry = outcomes[outcome];
      if (entry !== undefined && !updated.has(documentId)) {
        outcomes[outcome] = {
          title: entry.title,
          action: 'failed',
          message:
            'The document this entry matched was deleted while the file was imported; import the file again to add it.',
        };
      }
    }
    if (added.length > 0 || updated.size > 0) context.events.emit('library-changed', { scope: 'documents' });
    if (entries.length > step) {
      onProgress({ stage: 'stored', done: Math.min(from + step, entries.length), total: entries.length });
    }
    // Between steps, let other work run: requests, progress reaching the reader.
    await yieldToEventLoop();
  }
  return outcomes;
}

/**
 * The file's entries as loose CSL objects, parsed a step at a time. Throws `import-failed` naming the
 * file when it cannot be read, holds no references, or holds more than the limit.
 */
async function parseEntries(
  file: SourceFile,
  format: ReferenceFormat,
  onProgress: (progress: ReferenceProgress) => void,
): Promise<Record<string, unknown>[]> {
  const text = new TextDecoder('utf-8').decode(file.bytes).replace(/^\uFEFF/, '');
  const { label } = IMPORT_FORMAT_INFO[format];
  const tooMany = (count: number): Error =>
    importFailed(
      file,
      `"${file.name}" holds ${countInWords(count)} references; Scholia reads at most ${countInWords(MAX_REFERENCE_ENTRIES)} from one file. Split it and import the parts.`,
    );
  let entries: unknown[];
  try {
    if (format === 'csl-json') {
      const parsed: unknown = JSON.parse(text);
      entries = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
      if (entries.length > MAX_REFERENCE_ENTRIES) throw tooMany(entries.length);
    } else {
      // Counted before a single entry is parsed: a file of too many is refused at once.
      const cut = format === 'bibtex' ? splitBibtex(text) : splitRis(text);
      if (cut !== null && cut.entries.length > MAX_REFERENCE_ENTRIES) throw tooMany(cut.entries.length);
      entries = await parseInSteps(text, cut, format, onProgress);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'import-failed') throw error;
    throw importFailed(
      file,
      `"${file.name}" is not a readable ${label} file (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}). ` +
        `Export the references from your reference manager again as ${label} and import that file.`,
      error,
    );
  }
  const objects = entries.filter(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
  if (objects.length === 0) {
    throw importFailed(
      file,
      `"${file.name}" holds no references. Check that it is the ${label} export you meant.`,
    );
  }
  if (objects.length > MAX_REFERENCE_ENTRIES) throw tooMany(objects.length);
  return objects.map((entry) => ({ type: 'document', ...entry }));
}

/**
 * BibTeX or RIS `text` parsed a step of entries at a time (`cut` is its entries; null when they could
 * not be told apart), yielding between steps. A part the parser refuses is parsed again with the whole
 * file, so that an error is the parser's verdict on the file, not on where it was cut.
 */
async function parseInSteps(
  text: string,
  cut: ReferenceText | null,
  kind: 'bibtex' | 'ris',
  onProgress: (progress: ReferenceProgress) => void,
): Promise<Record<string, unknown>[]> {
  const step = IMPORT_LIMITS.referenceStep;
  if (cut === null || cut.whole || cut.entries.length <= step) return parseReferences(text, kind);
  const items: Record<string, unknown>[] = [];
  const total = cut.entries.length;
  for (let from = 0; from < total; from += step) {
    let part: Record<string, unknown>[];
    try {
      part = parseReferences(cut.prefix + cut.entries.slice(from, from + step).join(cut.separator), kind);
    } catch {
      return parseReferences(text, kind);
    }
    for (const item of part) items.push(item);
    onProgress({ stage: 'read', done: Math.min(from + step, total), total });
    await yieldToEventLoop();
  }
  return items;
}

/**
 * The library's documents by normalised DOI, ISBN and title (the first document with each, in library
 * order), kept up to date as entries add and change documents: matching 10,000 entries against
 * 10,000 documents is then 10,000 look-ups, not a hundred million comparisons.
 */
/** How many documents {@link DocumentIndex.of} indexes between two turns of the event loop. */
const INDEX_STEP = 500;

class DocumentIndex {
  private readonly documents = new Map<string, DocumentMeta>();
  private readonly keys = new Map<string, string[]>();
  private readonly byKey = new Map<string, string>();

  /**
   * The index of `documents`, made a step of documents at a time with a turn of the event loop between
   * (a library of 10,000 documents takes a few hundred milliseconds to index).
   */
  static async of(documents: readonly DocumentMeta[]): Promise<DocumentIndex> {
    const index = new DocumentIndex();
    for (let from = 0; from < documents.length; from += INDEX_STEP) {
      for (const document of documents.slice(from, from + INDEX_STEP)) index.add(document);
      if (from + INDEX_STEP < documents.length) await yieldToEventLoop();
    }
    return index;
  }

  add(document: DocumentMeta): void {
    this.documents.set(document.id, document);
    const keys = keysOf(document.csl);
    this.keys.set(document.id, keys);
    for (const key of keys) if (!this.byKey.has(key)) this.byKey.set(key, document.id);
  }

  /** Puts `document` in place of the one with its id. */
  replace(document: DocumentMeta): void {
    for (const key of this.keys.get(document.id) ?? []) {
      if (this.byKey.get(key) === document.id) this.byKey.delete(key);
    }
    this.add(document);
  }

  /** The document an entry describes: same DOI, else same ISBN, else same normalised title. */
  find(entry: CslDraft): { document: DocumentMeta; by: 'DOI' | 'ISBN' | 'title' } | undefined {
    for (const [key, by] of keysOf(entry).map((key) => [key, MATCHED_BY[key.charAt(0)]] as const)) {
      const id = this.byKey.get(key);
      const document = id === undefined ? undefined : this.documents.get(id);
      if (document !== undefined && by !== undefined) return { document, by };
    }
    return undefined;
  }
}

const MATCHED_BY: Record<string, 'DOI' | 'ISBN' | 'title'> = { d: 'DOI', i: 'ISBN', t: 'title' };

/** The keys a document is found by, in the order they are tried: `d:` DOI, `i:` ISBN, `t:` title (8 letters or more). */
function keysOf(csl: Pick<CslDraft, 'DOI' | 'ISBN' | 'title'>): string[] {
  const keys: string[] = [];
  const doi = normalDoi(csl.DOI);
  if (doi !== '') keys.push(`d:${doi}`);
  const isbn = normalIsbn(csl.ISBN);
  if (isbn !== '') keys.push(`i:${isbn}`);
  const title = normalTitle(csl.title);
  if (title.length >= 8) keys.push(`t:${title}`);
  return keys;
}

function normalDoi(doi: string | undefined): string {
  return (doi ?? '')
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/, '');
}

function normalIsbn(isbn: string | undefined): string {
  return (
    (isbn ?? '')
      .split(/[,;]/)[0]
      ?.replace(/[^0-9Xx]/g, '')
      .toUpperCase() ?? ''
  );
}

/** Lower case, accents and punctuation removed, blank space collapsed. */
export function normalTitle(title: string | undefined): string {
  return (title ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
