/**
 * Reference files in an import: a BibTeX or biblatex (`.bib`), RIS (`.ris`), CSL-JSON (`.json`) or
 * CSL-YAML (`.yaml`, `.yml`) file from a reference manager or pandoc. Each entry is matched to a
 * document the library held before the file (`reference-index.ts`: by DOI, then ISBN, then normalised
 * title, each document matched by one entry at most, never by a document another entry of the file
 * made); an entry that matches nothing becomes a metadata-only document (`metadataOnly: true`, its text
 * one empty paragraph): a work the reader cites but has no text of, given its text by a later import.
 *
 * A matched document whose details are Scholia's proposal (`metadataProposed`) takes the entry's at
 * once, and they count as confirmed. A document whose details the reader confirmed is not changed: the
 * entry's outcome holds what it would change, field by field (`proposal`), for the reader to apply
 * (`reference-proposals.ts`).
 *
 * A file of 10,000 references imports in seconds: it is counted before anything is parsed (and refused
 * at once when it holds more than the limit), parsed a step of entries at a time
 * (`citations/reference-file.ts`), an entry that cannot be read reported with its line while the
 * others are read, matched through an index, and stored a step at a time (one durable write of the
 * library log per step), with progress reported and other work let through between the steps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CslDraftArgSchema, type ImportSource } from '../../shared/api';
import {
  IMPORT_FORMAT_INFO,
  importFormatOf,
  isReferenceFormat,
  type ReferenceFormat,
} from '../../shared/import-formats';
import { DocumentMetaSchema, type DocumentMeta, type ReferenceEntryOutcome } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { referenceFile, type ReferenceEntry } from '../citations/reference-file';
import { importFailed } from '../import/import-error';
import { countInWords, IMPORT_LIMITS } from '../import/limits';
import { readSource, type SourceFile } from '../import/read-source';
import { DocumentIndex } from './reference-index';
import { changesOf } from './reference-proposals';
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
  const entries = await readEntries(file, format, onProgress);
  const index = await DocumentIndex.of(context.store.listDocuments());
  // The line of the entry that matched each document: no other entry of the file may match it.
  const claimed = new Map<string, number>();
  const outcomes: ReferenceEntryOutcome[] = [];
  const step = IMPORT_LIMITS.referenceStep;
  for (let from = 0; from < entries.length; from += step) {
    const added: { meta: DocumentMeta; doc: DocJSON }[] = [];
    const filled = new Map<string, (current: DocumentMeta) => DocumentMeta>();
    const matched: { outcome: number; documentId: string }[] = [];
    for (const entry of entries.slice(from, from + step)) {
      const title = titleOf(entry);
      if (entry.csl === null) {
        outcomes.push(
          failed(title, entry.line, `${lineName(entry.line)}: ${entry.problem ?? 'it cannot be read'}.`),
        );
        continue;
      }
      const {
        id: _id,
        _graph: _graph,
        ...fields
      }: Record<string, unknown> = { type: 'document', ...entry.csl };
      const draft = CslDraftArgSchema.safeParse(fields);
      if (!draft.success) {
        const issue = draft.error.issues[0];
        outcomes.push(
          failed(
            title,
            entry.line,
            `${lineName(entry.line)}: its ${issue?.path.join('.') ?? 'data'} is not valid CSL (${issue?.message ?? 'invalid'}).`,
          ),
        );
        continue;
      }
      const match = index.find(draft.data, (document) => !claimed.has(document.id));
      if (match === undefined) {
        // The document it describes was matched by an earlier entry: the same work twice in the file.
        const earlier = index.find(draft.data, () => true);
        const line = earlier === undefined ? undefined : claimed.get(earlier.document.id);
        if (earlier !== undefined && line !== undefined) {
          outcomes.push(
            failed(
              title,
              entry.line,
              `${lineName(entry.line)} describes the same document as the entry at line ${line.toLocaleString('en')} (by ${earlier.by}), which was matched to it; it was not used.`,
            ),
          );
          continue;
        }
      }
      if (match !== undefined) {
        const { document, by } = match;
        claimed.set(document.id, entry.line);
        const outcome: ReferenceEntryOutcome = {
          title,
          action: 'matched',
          matchedBy: by,
          documentId: document.id,
          line: entry.line,
        };
        if (document.metadataProposed === true) {
          // Scholia's guess from the text's first lines gives way to the reader's own record, now confirmed.
          const modifiedAt = context.now().toISOString();
          filled.set(document.id, ({ metadataProposed: _, ...current }) => ({
            ...current,
            csl: { ...current.csl, ...draft.data, id: current.id },
            modifiedAt,
          }));
          matched.push({ outcome: outcomes.length, documentId: document.id });
        } else {
          const changes = changesOf(document.csl, draft.data);
          if (changes.length > 0)
            outcome.proposal = { documentId: document.id, modifiedAt: document.modifiedAt, changes };
        }
        outcomes.push(outcome);
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
        outcomes.push(
          failed(
            title,
            entry.line,
            `${lineName(entry.line)} cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`,
          ),
        );
        continue;
      }
      added.push({ meta: checked.data, doc: EMPTY_TEXT });
      outcomes.push({ title, action: 'created', documentId: id, line: entry.line });
    }
    await context.store.addDocuments(added);
    const updated = await context.store.updateDocuments(filled);
    for (const { outcome, documentId } of matched) {
      const entry = outcomes[outcome];
      if (entry !== undefined && !updated.has(documentId)) {
        outcomes[outcome] = failed(
          entry.title,
          entry.line,
          'The document this entry matched was deleted while the file was imported; import the file again to add it.',
        );
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

function failed(title: string, line: number | undefined, message: string): ReferenceEntryOutcome {
  return line === undefined
    ? { title, action: 'failed', message }
    : { title, action: 'failed', message, line };
}

function lineName(line: number): string {
  return `Entry at line ${line.toLocaleString('en')}`;
}

/** What an outcome calls an entry: its title, else its key, else where it is. */
function titleOf(entry: ReferenceEntry): string {
  const title = entry.csl?.['title'];
  if (typeof title === 'string' && title.trim() !== '') return title;
  return entry.key !== '' ? entry.key : `entry at line ${entry.line.toLocaleString('en')}`;
}

/**
 * The file's entries, each with its CSL item or why it cannot be read, parsed a step at a time. Throws
 * `import-failed` naming the file when it cannot be read at all, holds no references, holds more than
 * the limit, or holds none that can be read (with what is wrong with the first of them).
 */
async function readEntries(
  file: SourceFile,
  format: ReferenceFormat,
  onProgress: (progress: ReferenceProgress) => void,
): Promise<ReferenceEntry[]> {
  const text = new TextDecoder('utf-8').decode(file.bytes).replace(/^\uFEFF/, '');
  const { label } = IMPORT_FORMAT_INFO[format];
  const unreadable = (reason: string, cause?: unknown): Error =>
    importFailed(
      file,
      `"${file.name}" is not a readable ${label} file (${reason}). Export the references from your reference manager again as ${label} and import that file.`,
      cause,
    );
  let entries: ReferenceEntry[];
  try {
    // Counted before a single entry is parsed: a file of too many is refused at once.
    const cut = referenceFile(text, format);
    if (cut.count > MAX_REFERENCE_ENTRIES) {
      throw importFailed(
        file,
        `"${file.name}" holds ${countInWords(cut.count)} references; Scholia reads at most ${countInWords(MAX_REFERENCE_ENTRIES)} from one file. Split it and import the parts.`,
      );
    }
    entries = await cut.read({
      step: IMPORT_LIMITS.referenceStep,
      onStep: (done, total) => {
        if (total > IMPORT_LIMITS.referenceStep) onProgress({ stage: 'read', done, total });
      },
      pause: () => yieldToEventLoop(),
    });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'import-failed') throw error;
    if (error instanceof SyntaxError) throw unreadable(error.message.split('\n')[0] ?? '', error);
    throw error;
  }
  if (entries.length === 0) {
    throw importFailed(
      file,
      `"${file.name}" holds no references. Check that it is the ${label} export you meant.`,
    );
  }
  if (entries.every((entry) => entry.csl === null)) {
    const first = entries[0];
    throw unreadable(
      first === undefined
        ? 'no entry can be read'
        : `${lineName(first.line).toLowerCase()}: ${first.problem ?? 'it cannot be read'}`,
    );
  }
  return entries;
}
