/**
 * Importing REFI-QDA files (the QDA-XML exchange standard of QualCoder, ATLAS.ti, MAXQDA and NVivo):
 * a codebook (`.qdc`) becomes tags, and a project (`.qdpx`, a ZIP of `project.qde` and its sources)
 * becomes documents, tags, passages and document notes.
 *
 * Nothing the reader has is changed: a tag already at the same path (names compared as the codebook
 * compares siblings) is reused as it is, a document whose text is already in the library (same content
 * hash) is reused, a passage already on it (same quote, position, comment and tags) is skipped, and a
 * document's note is set only where it has none.
 *
 * A project is read and checked whole before anything is written: the archive (under the same ZIP
 * guards as EPUB and DOCX, `import/zip.ts`), `project.qde` (`import/refi-qda-project.ts`), every
 * source's text (converted as a `.txt` import converts it) and every note. A fatal fault (a damaged
 * archive, a project file that is not XML) thus leaves the library as it was; a source or passage
 * that cannot be used is reported with why, and the rest comes in.
 *
 * Positions: the standard counts code points in the source's text; Scholia's selectors count UTF-16
 * units in the document's plain-text projection, which a `.txt` import makes from that text by
 * cleaning blank space and composing accents (NFC) and nothing else. So every non-blank character of
 * the source stands, in order, in the projection, and a selection is carried over by those
 * characters; where the two part (a reused document the reader has edited), the passage is found by
 * its quote and context as the reader's anchoring finds it. Two programs are known to count otherwise,
 * as QualCoder's importer allows for: ATLAS.ti counts a Windows line end (`\r\n`) as one position, and
 * NVivo counts UTF-16 units.
 */
import { randomUUID } from 'node:crypto';
import type { ImportSource } from '../../shared/api';
import { anchorSelectors, describeRange } from '../../shared/anchoring';
import { tagNameKey } from '../../shared/codebook';
import type {
  RefiCodebookReport,
  RefiDocumentOutcome,
  RefiPassageOutcome,
  RefiProjectReport,
} from '../../shared/qda-import';
import { ScholiaError } from '../../shared/errors';
import {
  HIGHLIGHT_COLORS,
  MAX_NOTE_LENGTH,
  TagSchema,
  TimestampSchema,
  type Annotation,
  type DocumentMeta,
  type HighlightColor,
  type Tag,
} from '../../shared/model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { CodePoints } from '../export/jsonld';
import { scholiaColor } from '../export/refi-qda';
import type { ImportedDocument } from '../import';
import { importFailed, type SourceIdentity } from '../import/import-error';
import { readSource, type SourceFile } from '../import/read-source';
import { readRefiQdaCodebook, type ImportedCode } from '../import/refi-qda-codebook';
import {
  readRefiQdaProject,
  type RefiProjectFile,
  type RefiSelection,
  type RefiText,
  type RefiTextSource,
} from '../import/refi-qda-project';
import { unzipEntries, type ZipEntries } from '../import/zip';
import { checkedAnnotation, projectionOf } from './annotation-checks';
import { updateDocumentNote } from './document-operations';
import { storeImported } from './store-imported';
import { documentNotFound, type ServiceContext } from './service-context';
import { checkTree } from './tag-tree';

/** A REFI-QDA file to import: its name (for messages, and the kind of file) and its bytes. */
export interface RefiImportInput {
  /** The file's name or path, as messages name it. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The most a tag's name and description may hold (`shared/model.ts`'s `TagSchema`). */
const MAX_TAG_NAME = 200;
const MAX_TAG_DESCRIPTION = 10_000;

/**
 * Adds the codes as tags in one change of the codebook: each under the tag its parent code became, a
 * tag already at that path reused unchanged. Resolves to the tag id of each code's GUID, with counts.
 */
async function applyCodes(
  context: ServiceContext,
  codes: readonly ImportedCode[],
  warnings: string[],
): Promise<{ tagIds: Map<string, string>; created: number; existing: number }> {
  return context.store.withCodebook(async () => {
    const before = context.store.listTags();
    const all: Tag[] = [...before];
    const added: Tag[] = [];
    const tagIds = new Map<string, string>();
    let existing = 0;
    for (const code of codes) {
      const parentId = code.parentGuid === null ? null : (tagIds.get(code.parentGuid) ?? null);
      let name = code.name;
      if (name.length > MAX_TAG_NAME) {
        name = name.slice(0, MAX_TAG_NAME).trim();
        warnings.push(
          `The code “${name}…” has a name over ${String(MAX_TAG_NAME)} characters; it was shortened.`,
        );
      }
      const key = tagNameKey(name);
      const found = all.find((tag) => tag.parentId === parentId && tagNameKey(tag.name) === key);
      if (found !== undefined) {
        tagIds.set(code.guid, found.id);
        if (!added.includes(found)) existing += 1;
        continue;
      }
      let description = code.description;
      if (description.length > MAX_TAG_DESCRIPTION) {
        description = description.slice(0, MAX_TAG_DESCRIPTION);
        warnings.push(
          `The description of “${name}” is over ${String(MAX_TAG_DESCRIPTION)} characters; only its beginning was kept.`,
        );
      }
      const parsed = TagSchema.safeParse({
        id: randomUUID(),
        name,
        parentId,
        color: scholiaColor(code.color),
        description,
      });
      if (!parsed.success) {
        warnings.push(
          `The code “${name}” could not become a tag: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
        );
        continue;
      }
      all.push(parsed.data);
      added.push(parsed.data);
      tagIds.set(code.guid, parsed.data.id);
    }
    if (added.length > 0) {
      checkTree(all);
      await context.store.updateTags((current) => [...current, ...added]);
      context.events.emit('library-changed', { scope: 'tags' });
    }
    return { tagIds, created: added.length, existing };
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `bytes` as UTF-8 text (a byte order mark dropped), or `null` when they are not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Imports the REFI-QDA codebook `input` (`.qdc`) as tags. Throws `import-failed`, naming the file, for
 * a file that is not UTF-8, not well-formed XML or not a codebook; then nothing is changed.
 */
export async function importRefiCodebook(
  context: ServiceContext,
  input: RefiImportInput,
): Promise<RefiCodebookReport & { kind: 'codebook' }> {
  const file = await readSource(bytesSource(input));
  const xml = decodeUtf8(file.bytes);
  if (xml === null)
    throw importFailed(file, `${file.name} is not UTF-8 text, so it cannot be read as a REFI-QDA codebook.`);
  const codes = readRefiQdaCodebook(xml, file);
  const warnings: string[] = [];
  const { created, existing } = await applyCodes(context, codes, warnings);
  return { kind: 'codebook', name: file.name, tagsCreated: created, tagsExisting: existing, warnings };
}

function bytesSource(input: RefiImportInput): ImportSource {
  // Bytes as read are never in shared memory; the schema's type asks for a plain ArrayBuffer.
  return { kind: 'bytes', name: input.name, bytes: input.bytes as Uint8Array<ArrayBuffer> };
}

/** Whether an archive entry is one the import reads: a project file at the top, or a text file. */
function wanted(name: string): boolean {
  const lower = name.toLowerCase();
  return (lower.endsWith('.qde') && !lower.includes('/')) || lower.endsWith('.txt');
}

/** The project file of the archive: `project.qde`, else its only `.qde` (as some programs name it). */
function projectEntry(zip: ZipEntries, file: SourceFile): string {
  const candidates = zip.names().filter((name) => name.toLowerCase().endsWith('.qde') && !name.includes('/'));
  const chosen =
    candidates.find((name) => name.toLowerCase() === 'project.qde') ??
    (candidates.length === 1 ? candidates[0] : undefined);
  if (chosen === undefined)
    throw importFailed(
      file,
      candidates.length === 0
        ? `${file.name} holds no project.qde, so it is not a REFI-QDA project. Export the project as .qdpx and try again.`
        : `${file.name} holds several project files (${candidates.join(', ')}) and none is named project.qde, so Scholia cannot tell which to read.`,
    );
  return chosen;
}

/** A source's or note's text, or why it cannot be had. Damage to the archive itself throws. */
function resolveText(
  text: RefiText | null,
  zip: ZipEntries,
): { bytes: Uint8Array; text: string } | { reason: string } {
  if (text === null)
    return { reason: 'The project gives no text for it (neither PlainTextContent nor plainTextPath).' };
  if (text.kind === 'inline') return { bytes: new TextEncoder().encode(text.text), text: text.text };
  const match = /^internal:\/\/\/?(.+)$/i.exec(text.path);
  if (match === null)
    return {
      reason: `Its text is the file ${text.path}, outside the project; Scholia reads only what the .qdpx holds. Export the project with its sources inside it.`,
    };
  const file = (match[1] ?? '').replace(/^\/+/, '');
  // QualCoder and MAXQDA write `sources/`, NVivo `Sources/`.
  const wantedName = `sources/${file}`.toLowerCase();
  const entry = zip.names().find((name) => name.toLowerCase() === wantedName);
  if (entry === undefined) return { reason: `Its text file sources/${file} is missing from the archive.` };
  const bytes = zip.get(entry) ?? new Uint8Array();
  const decoded = decodeUtf8(bytes);
  if (decoded === null) return { reason: `Its text file ${entry} is not UTF-8 text.` };
  return { bytes, text: decoded };
}

/** Extensions a source's name may end in that are not part of its title. */
const NAME_EXTENSION = /\.(txt|md|docx?|odt|rtf|pdf|html?|epub)$/i;

/** The title a source's name gives: its name without a file extension, or a placeholder. */
function titleOf(name: string, index: number): string {
  const title = name.replace(NAME_EXTENSION, '').trim();
  return title === '' ? `Source ${String(index + 1)}` : title;
}

/**
 * Where the UTF-16 offsets of `from` stand in `to`, a text made from it by cleaning blank space and
 * composing accents (NFC): for each unit of a non-blank character, where that character starts and
 * ends in `to`. Characters after the two texts part are not placed (`-1`).
 */
class TextAlignment {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    private readonly from: string,
    to: string,
  ) {
    this.starts = new Int32Array(from.length).fill(-1);
    this.ends = new Int32Array(from.length).fill(-1);
    let at = 0;
    // A character with the marks that follow it, which NFC may compose into one.
    for (const match of from.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
      const cluster = match[0];
      const index = match.index;
      if (BLANK.test(cluster)) continue;
      while (at < to.length && BLANK.test(to[at] ?? '')) at += 1;
      const composed = cluster.normalize('NFC');
      if (!to.startsWith(composed, at)) break;
      for (let unit = index; unit < index + cluster.length; unit += 1) {
        this.starts[unit] = at;
        this.ends[unit] = at + composed.length;
      }
      at += composed.length;
    }
  }

  /**
   * The range in `to` of the non-blank characters of `[start, end)` in `from`; `null` when it holds
   * none, or one past where the texts part (the range could not be trusted).
   */
  range(start: number, end: number): { start: number; end: number } | null {
    let first = -1;
    let last = -1;
    for (let unit = start; unit < end; unit += 1) {
      const placed = this.starts[unit] ?? -1;
      if (placed < 0) {
        if (BLANK.test(this.from[unit] ?? '')) continue;
        return null;
      }
      if (first < 0) first = placed;
      last = this.ends[unit] ?? -1;
    }
    return first < 0 || last <= first ? null : { start: first, end: last };
  }
}

/** A character a `.txt` import cleans away or into one space (`import/plain-text.ts`). */
const BLANK = /^[\p{Cc}\s]$/u;

/** A source read and converted, ready to store or to be matched to a document already there. */
interface PlannedSource {
  readonly source: RefiTextSource;
  readonly outcome: RefiDocumentOutcome;
  /** The text the selections' positions count in. */
  readonly positionText: string;
  readonly imported: ImportedDocument;
  /** The plain-text projection the converted document will have. */
  readonly projection: string;
  /** The note the project gives it (its notes', else its description), `''` for none. */
  readonly note: string;
  /** Its coded selections, then the notes on its passages as selections described by the note's text. */
  readonly selections: readonly RefiSelection[];
}

/**
 * What a project's notes give a source: the text of the notes on it (its `NoteRef`s' notes without a
 * selection; else its `Description`) as the document's note, and the notes on its passages as
 * selections described by the note's text.
 */
function notesOf(
  source: RefiTextSource,
  notes: RefiProjectFile['notes'],
  zip: ZipEntries,
  warnings: string[],
): { note: string; selections: RefiSelection[] } {
  const texts: string[] = [];
  const selections: RefiSelection[] = [];
  for (const guid of source.noteGuids) {
    const note = notes.get(guid);
    if (note === undefined) continue;
    const resolved = resolveText(note.text, zip);
    if ('reason' in resolved) {
      warnings.push(`A note on “${source.name}” was left out. ${resolved.reason}`);
      continue;
    }
    const text = resolved.text.trim();
    if (text === '') continue;
    if (note.selections.length === 0) texts.push(text);
    for (const [index, selection] of note.selections.entries())
      selections.push({
        ...selection,
        key: note.selections.length === 1 ? note.guid : `${note.guid}#${String(index + 1)}`,
        description: text,
        codeGuids: [],
        created: selection.created ?? note.created,
        modified: selection.modified ?? note.modified,
      });
  }
  if (texts.length === 0 && source.description.trim() !== '') texts.push(source.description.trim());
  return { note: texts.join('\n\n'), selections };
}

/**
 * The passage `selection` stands for in `projection`, or why it cannot be placed: its positions
 * (code points of `positionText`, or UTF-16 units for NVivo) carried over character by character, or
 * where that fails, found by its quote and context.
 */
function placeSelection(
  planned: PlannedSource,
  selection: RefiSelection,
  counting: { utf16: boolean; points: CodePoints; alignment: TextAlignment | null },
): { start: number; end: number } | { reason: string } {
  const { start, end } = selection;
  const text = planned.positionText;
  if (start === null || end === null)
    return { reason: 'Its startPosition or endPosition is not a whole number.' };
  if (end <= start) return { reason: 'It selects no text (it ends where it starts, or before).' };
  const from = counting.utf16 ? start : counting.points.toUtf16(start);
  const to = counting.utf16 ? end : counting.points.toUtf16(end);
  // Past the last code point, `toUtf16` runs past the last unit too.
  if (to > text.length) return { reason: 'It lies beyond the end of its source’s text.' };
  if (text.slice(from, to).trim() === '') return { reason: 'It selects only blank space.' };
  const direct = counting.alignment === null ? { start: from, end: to } : counting.alignment.range(from, to);
  if (direct !== null) return direct;
  const anchored = anchorSelectors(planned.projection, describeRange(text, from, to));
  if (anchored.status === 'orphan')
    return {
      reason:
        'Its text is not in the document (the document in the library differs from the project’s source).',
    };
  return { start: anchored.start, end: anchored.end };
}

/** Whether two annotations are the same passage with the same comment and tags. */
function samePassage(a: Annotation, b: Annotation): boolean {
  const tags = (ids: readonly string[]): string => [...ids].sort().join('\u0000');
  return (
    a.selectors[0].exact === b.selectors[0].exact &&
    a.selectors[1].start === b.selectors[1].start &&
    a.selectors[1].end === b.selectors[1].end &&
    a.comment === b.comment &&
    tags(a.tagIds) === tags(b.tagIds)
  );
}

/** A time the file gives, when it is one Scholia can keep. */
function timestamp(value: string | null): string | null {
  return value !== null && TimestampSchema.safeParse(value).success ? new Date(value).toISOString() : null;
}

/**
 * Imports the REFI-QDA project `input` (`.qdpx`): each text source as a document (or the document
 * already holding its text), the codebook as tags, each coded selection as a passage with its codes'
 * tags and its description as comment, and each source's note where its document has none. Throws
 * `import-failed`, naming the file, when the archive is damaged or over the limits, or its project
 * file is missing, not UTF-8, not XML or not a REFI-QDA project; then nothing is changed.
 */
export async function importRefiProject(
  context: ServiceContext,
  input: RefiImportInput,
): Promise<RefiProjectReport> {
  const file = await readSource(bytesSource(input));
  const zip = unzipEntries(file, 'REFI-QDA project', wanted);
  const entry = projectEntry(zip, file);
  const named: SourceIdentity = { name: `${entry} in ${file.name}`, label: file.label };
  const xml = decodeUtf8(zip.get(entry) ?? new Uint8Array());
  if (xml === null)
    throw importFailed(named, `${named.name} is not UTF-8 text, so it cannot be read as a REFI-QDA project.`);
  const project = readRefiQdaProject(xml, named);
  const warnings: string[] = [];
  // ATLAS.ti counts "\r\n" as one position, NVivo counts UTF-16 units (see the module comment).
  const atlas = /atlas\.?ti/i.test(project.origin);
  const utf16 = /nvivo/i.test(project.origin);

  // Everything is read and converted before anything is written.
  const documents: RefiDocumentOutcome[] = [];
  const planned: PlannedSource[] = [];
  for (const [index, source] of project.sources.entries()) {
    const title = titleOf(source.name, index);
    const outcome: RefiDocumentOutcome = { name: source.name === '' ? title : source.name, status: 'failed' };
    documents.push(outcome);
    const resolved = resolveText(source.text, zip);
    if ('reason' in resolved) {
      outcome.reason = resolved.reason;
      continue;
    }
    let imported: ImportedDocument;
    try {
      const fileName = `${
        title
          .replace(/[\\/:*?"<>|]+/g, ' ')
          .trim()
          .slice(0, 200) || 'source'
      }.txt`;
      imported = await context.importSource({
        kind: 'bytes',
        name: fileName,
        bytes: resolved.bytes as Uint8Array<ArrayBuffer>,
      });
    } catch (error) {
      if (!(error instanceof ScholiaError)) throw error;
      outcome.reason = error.message;
      continue;
    }
    const text = resolved.text.startsWith('\uFEFF') ? resolved.text.slice(1) : resolved.text;
    const { note, selections } = notesOf(source, project.notes, zip, warnings);
    planned.push({
      source,
      outcome,
      positionText: atlas ? text.replace(/\r\n/g, '\n') : text,
      imported: { ...imported, csl: { ...imported.csl, title } },
      projection: projectDocument(docFromJSON(imported.doc)).text,
      note,
      selections: [...source.selections, ...selections],
    });
  }

  // The documents: one already holding the text is reused, as is one stored earlier in this import.
  const stored = new Map<string, DocumentMeta>();
  const metas = new Map<PlannedSource, { meta: DocumentMeta; projection: string }>();
  for (const item of planned) {
    const { contentHash } = item.imported;
    const existing =
      stored.get(contentHash) ??
      context.store
        .listDocuments()
        .find((meta) => meta.contentHash === contentHash && meta.metadataOnly !== true);
    if (existing !== undefined) {
      item.outcome.status = 'reused';
      item.outcome.documentId = existing.id;
      const projection = stored.has(contentHash)
        ? item.projection
        : (await projectionOf(context, existing)).projection.text;
      metas.set(item, { meta: existing, projection });
      continue;
    }
    const meta = await storeImported(context, item.imported);
    stored.set(contentHash, meta);
    item.outcome.status = 'imported';
    item.outcome.documentId = meta.id;
    metas.set(item, { meta, projection: item.projection });
    context.events.emit('library-changed', { scope: 'documents', documentId: meta.id });
  }

  const { tagIds, created, existing } = await applyCodes(context, project.codes, warnings);
  const colorOf = new Map(context.store.listTags().map((tag) => [tag.id, tag.color]));

  // The passages, one write per document.
  const passages: RefiPassageOutcome[] = [];
  for (const item of planned) {
    const target = metas.get(item);
    if (target === undefined) continue;
    const { meta, projection } = target;
    const counting = {
      utf16,
      points: new CodePoints(item.positionText),
      alignment: item.positionText === projection ? null : new TextAlignment(item.positionText, projection),
    };
    const candidates: { annotation: Annotation; outcome: RefiPassageOutcome }[] = [];
    for (const selection of item.selections) {
      const outcome: RefiPassageOutcome = {
        source: item.outcome.name,
        key: selection.key,
        quote: '',
        status: 'failed',
        documentId: meta.id,
      };
      passages.push(outcome);
      const placed = placeSelection({ ...item, projection }, selection, counting);
      if ('reason' in placed) {
        outcome.reason = placed.reason;
        continue;
      }
      const selectors = describeRange(projection, placed.start, placed.end);
      outcome.quote = selectors[0].exact.slice(0, 80);
      const tags = [
        ...new Set(
          selection.codeGuids.flatMap((guid) => {
            const id = tagIds.get(guid);
            return id === undefined ? [] : [id];
          }),
        ),
      ];
      const comment = selection.description.trim() === '' ? '' : selection.description;
      const color = tags
        .map((id) => colorOf.get(id))
        .find((value): value is HighlightColor =>
          (HIGHLIGHT_COLORS as readonly (string | null | undefined)[]).includes(value),
        );
      const createdAt = timestamp(selection.created) ?? context.now().toISOString();
      try {
        candidates.push({
          outcome,
          annotation: checkedAnnotation({
            id: randomUUID(),
            documentId: meta.id,
            selectors,
            // A selection with a description and no code is what QualCoder and MAXQDA call an annotation.
            motivation: tags.length === 0 && comment !== '' ? 'commenting' : 'highlighting',
            color: color ?? 'yellow',
            tagIds: tags,
            comment,
            createdAt,
            modifiedAt: timestamp(selection.modified) ?? createdAt,
          }),
        });
      } catch (error) {
        if (!(error instanceof ScholiaError)) throw error;
        outcome.reason = error.message;
      }
    }
    if (candidates.length === 0) continue;
    await context.store.withCodebook(async () => {
      const saved = await context.store.appendAnnotationChanges(meta.id, (current) => {
        const known = [...current];
        const knownTags = new Set(context.store.listTags().map((tag) => tag.id));
        const changes: { op: 'put'; annotation: Annotation }[] = [];
        for (const { annotation, outcome } of candidates) {
          const kept = { ...annotation, tagIds: annotation.tagIds.filter((id) => knownTags.has(id)) };
          if (known.some((other) => samePassage(other, kept))) {
            outcome.status = 'skipped';
            outcome.reason = 'The same passage, with the same comment and tags, is already there.';
            continue;
          }
          changes.push({ op: 'put', annotation: kept });
          known.push(kept);
          outcome.status = 'imported';
        }
        return changes;
      });
      if (saved === null) throw documentNotFound(meta.id);
    });
    if (candidates.some(({ outcome }) => outcome.status === 'imported'))
      context.events.emit('library-changed', { scope: 'annotations', documentId: meta.id });
  }

  // Notes, only where the document has none.
  let notesSet = 0;
  for (const item of planned) {
    const target = metas.get(item);
    if (target === undefined || item.note === '') continue;
    const current = context.store.getDocument(target.meta.id);
    if (current === null || current.note !== '') continue;
    if (item.note.length > MAX_NOTE_LENGTH) {
      warnings.push(
        `The note on “${item.outcome.name}” is over ${String(MAX_NOTE_LENGTH)} characters and was left out.`,
      );
      continue;
    }
    await updateDocumentNote(context, { documentId: target.meta.id, note: item.note });
    notesSet += 1;
  }

  const countDocuments = (status: RefiDocumentOutcome['status']): number =>
    documents.filter((outcome) => outcome.status === status).length;
  const countPassages = (status: RefiPassageOutcome['status']): number =>
    passages.filter((outcome) => outcome.status === status).length;
  return {
    kind: 'project',
    name: file.name,
    origin: project.origin,
    documentsImported: countDocuments('imported'),
    documentsReused: countDocuments('reused'),
    documentsFailed: countDocuments('failed'),
    documents,
    tagsCreated: created,
    tagsExisting: existing,
    passagesImported: countPassages('imported'),
    passagesSkipped: countPassages('skipped'),
    passagesFailed: countPassages('failed'),
    passages,
    notesSet,
    otherSources: [...project.otherSources],
    warnings,
  };
}
