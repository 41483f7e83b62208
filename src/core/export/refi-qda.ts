/**
 * The codebook and the coded corpus in the REFI-QDA exchange standard (QDA-XML 1.0,
 * https://www.qdasoftware.org/), which QualCoder, ATLAS.ti, MAXQDA and NVivo read: a codebook file
 * (`.qdc`, `Codebook.xsd`) and a project file (`.qdpx`: a ZIP with `project.qde`, `Project.xsd`, and
 * each document's plain text as `sources/<guid>.txt`).
 *
 * Every GUID is made from a Scholia id (a UUID in the shape of version 5, from SHA-1), so exporting the
 * same library twice gives the same files. A selection's `startPosition` and `endPosition` count
 * Unicode code points from 0, end exclusive, in the text written to its source file: the standard
 * counts code points (REFI-QDA 1.5, section 10.2) and QualCoder reads a selection as the Python slice
 * `text[start:end]`. Scholia's selectors count UTF-16 code units, so the offsets are converted.
 *
 * A passage's comment is the selection's `Description` (QualCoder reads it as the memo of each coding,
 * or as an annotation when the passage has no tag). A document's note is written twice: as its
 * source's `Description` (QualCoder's file memo, and what Scholia reads back), and as a project `Note`
 * whose text is its own source file (QualCoder reads such a note as a journal entry). The note is not
 * linked to its source by a `NoteRef`, because QualCoder takes a source's `NoteRef` for a note on a
 * passage and, finding no passage in it, drops the note.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { codebookOrder } from '../../shared/codebook';
import type { Annotation, ChangeAuthor, HighlightColor, Tag } from '../../shared/model';
import { displayTitle, HIGHLIGHT_COLORS } from '../../shared/model';
import { textOrder, type ExportDocument, type ExportSnapshot } from './snapshot';

/** The namespace of a REFI-QDA codebook file. */
export const REFI_CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
/** The namespace of a REFI-QDA project file. */
export const REFI_PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** What a project export needs beside the snapshot. */
export interface RefiQdaProjectInput {
  /** The project's name (the file name without extension will do). */
  name: string;
  /**
   * Each document's plain-text projection (`shared/projection.ts`), by document id: the text the
   * passages' selectors count in. Every document of the snapshot needs one.
   */
  texts?: ReadonlyMap<string, string>;
  /** Whether passages' comments are written (default true), as the export's `includeComments`. */
  includeComments?: boolean;
  /** Whether documents' notes are written (default true), as the export's `includeNotes`. */
  includeNotes?: boolean;
}

/** A project as REFI-QDA writes it: `project.qde` and the files of `sources/`. */
export interface RefiQdaProject {
  /** The XML of `project.qde`. */
  xml: string;
  /** The source files by path in the archive (`sources/<guid>.txt`), in UTF-8 when written. */
  sources: Map<string, string>;
  /** Passages left out: orphaned ones and those whose quote no longer stands at their position. */
  skipped: { annotationId: string; reason: 'orphaned' | 'quote-moved' }[];
}

/** The colours the highlight names stand for (the full-strength `--ruler-*` colours of `tokens.css`). */
const HIGHLIGHT_HEX: Readonly<Record<HighlightColor, string>> = {
  yellow: '#E0B400',
  green: '#3A9A3A',
  blue: '#2F7DE1',
  pink: '#E0559C',
  purple: '#8A5AE0',
  orange: '#E67E14',
  red: '#D93A30',
  grey: '#8A8A8A',
};

/**
 * The Scholia colour a REFI-QDA `#rrggbb` stands for: the highlight colour whose hex it is (so a
 * round trip gives back `yellow`, not its hex), else the hex itself in lower case; `null` for none.
 */
export function scholiaColor(hex: string | null): string | null {
  if (hex === null) return null;
  const upper = hex.toUpperCase();
  const named = HIGHLIGHT_COLORS.find((color) => HIGHLIGHT_HEX[color] === upper);
  return named ?? hex.toLowerCase();
}

/** A tag's colour as REFI-QDA's `#RRGGBB`, or `null` when it has none. */
export function refiColor(color: string | null): string | null {
  if (color === null) return null;
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color.toUpperCase();
  return (HIGHLIGHT_COLORS as readonly string[]).includes(color)
    ? HIGHLIGHT_HEX[color as HighlightColor]
    : null;
}

/**
 * The GUID of a Scholia object in an export: a UUID (version 5 layout) from SHA-1 of its kind and id,
 * so the same object always gets the same GUID and objects of different kinds never share one.
 */
export function refiGuid(kind: string, id: string): string {
  const hash = createHash('sha1').update(`scholia:${kind}:${id}`, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Characters XML 1.0 cannot hold at all: most C0 controls, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` as XML character data: markup escaped, carriage returns kept as references, the impossible dropped. */
function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** `value` as a double-quoted attribute value; tabs and line breaks as references so parsers keep them. */
function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** An element's attributes, those with an `undefined` or `null` value left out. */
function attrs(values: Record<string, string | number | boolean | null | undefined>): string {
  return Object.entries(values)
    .filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null,
    )
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');
}

/** The codes of `tags`, nested by the tag tree, siblings in codebook order; empty for no tags. */
function codesXml(tags: readonly Tag[], indent: string): string[] {
  const lines: string[] = [];
  const open: number[] = [];
  const close = (depth: number): void => {
    while (open.length > depth) {
      open.pop();
      lines.push(`${indent}${'  '.repeat(open.length)}</Code>`);
    }
  };
  for (const { tag, depth } of codebookOrder(tags)) {
    close(depth);
    const pad = indent + '  '.repeat(open.length);
    const head = `<Code${attrs({ guid: refiGuid('tag', tag.id), name: tag.name, isCodable: true, color: refiColor(tag.color) })}>`;
    lines.push(pad + head);
    if (tag.description !== '') lines.push(`${pad}  <Description>${xmlText(tag.description)}</Description>`);
    open.push(depth);
  }
  close(0);
  return lines;
}

/**
 * The codebook as a REFI-QDA codebook file (`.qdc`): every tag a codable `Code`, nested by the tree,
 * with its colour and description. Throws a `RangeError` for an empty codebook, which the standard
 * cannot express (`Codes` holds at least one `Code`).
 */
export function refiQdaCodebook(snapshot: Pick<ExportSnapshot, 'tags'>): string {
  if (snapshot.tags.length === 0) throw new RangeError('A REFI-QDA codebook needs at least one tag.');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<CodeBook xmlns="${REFI_CODEBOOK_NAMESPACE}" origin="Scholia">`,
    '  <Codes>',
    ...codesXml(snapshot.tags, '    '),
    '  </Codes>',
    '</CodeBook>',
    '',
  ].join('\n');
}

/**
 * The code-point offsets of UTF-16 `offsets` in `text`, in one pass over the text. An offset inside a
 * surrogate pair counts the whole pair as before it.
 */
export function codePointOffsets(text: string, offsets: readonly number[]): Map<number, number> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const result = new Map<number, number>();
  let unit = 0;
  let points = 0;
  for (const offset of sorted) {
    while (unit < offset && unit < text.length) {
      unit += (text.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
      points += 1;
    }
    result.set(offset, points);
  }
  return result;
}

/** The reader an annotation was made by, as a user of the project. */
interface RefiUser {
  guid: string;
  name: string;
}

const DEFAULT_USER_KEY = 'scholia';

function userKey(author: ChangeAuthor | undefined): string {
  return author === undefined ? DEFAULT_USER_KEY : `${author.deviceId}\u0000${author.reader ?? ''}`;
}

function userOf(author: ChangeAuthor | undefined): RefiUser {
  const key = userKey(author);
  return {
    guid: refiGuid('user', key),
    name: author?.reader ?? (author === undefined ? 'Scholia' : author.deviceId),
  };
}

/** One source's XML lines, its passages checked against its text. */
function sourceXml(
  document: ExportDocument,
  text: string,
  codable: ReadonlySet<string>,
  users: Map<string, RefiUser>,
  skipped: RefiQdaProject['skipped'],
  written: { comments: boolean; notes: boolean },
): string[] {
  const guid = refiGuid('document', document.meta.id);
  const placed: Annotation[] = [];
  for (const { annotation } of [...document.passages].sort(textOrder)) {
    const [quote, position] = annotation.selectors;
    if (annotation.orphanedAt !== undefined)
      skipped.push({ annotationId: annotation.id, reason: 'orphaned' });
    else if (text.slice(position.start, position.end) !== quote.exact)
      skipped.push({ annotationId: annotation.id, reason: 'quote-moved' });
    else placed.push(annotation);
  }
  const points = codePointOffsets(
    text,
    placed.flatMap(({ selectors: [, position] }) => [position.start, position.end]),
  );
  const lines = [
    `    <TextSource${attrs({
      guid,
      name: displayTitle(document.meta),
      plainTextPath: `internal://${guid}.txt`,
      creationDateTime: document.meta.addedAt,
      modifiedDateTime: document.meta.modifiedAt,
    })}>`,
  ];
  if (written.notes && document.meta.note.trim() !== '')
    lines.push(`      <Description>${xmlText(document.meta.note)}</Description>`);
  for (const annotation of placed) {
    const position = annotation.selectors[1];
    const creator = userOf(annotation.createdBy);
    const modifier = userOf(annotation.modifiedBy ?? annotation.createdBy);
    users.set(userKey(annotation.createdBy), creator);
    users.set(userKey(annotation.modifiedBy ?? annotation.createdBy), modifier);
    const selection = attrs({
      guid: refiGuid('passage', annotation.id),
      startPosition: points.get(position.start),
      endPosition: points.get(position.end),
      creatingUser: creator.guid,
      creationDateTime: annotation.createdAt,
      modifyingUser: modifier.guid,
      modifiedDateTime: annotation.modifiedAt,
    });
    const tagIds = annotation.tagIds.filter((id) => codable.has(id));
    const comment = !written.comments || annotation.comment.trim() === '' ? '' : annotation.comment;
    if (tagIds.length === 0 && comment === '') {
      lines.push(`      <PlainTextSelection${selection}/>`);
      continue;
    }
    lines.push(`      <PlainTextSelection${selection}>`);
    if (comment !== '') lines.push(`        <Description>${xmlText(comment)}</Description>`);
    for (const tagId of tagIds) {
      const coding = attrs({
        guid: refiGuid('coding', `${annotation.id}\u0000${tagId}`),
        creatingUser: creator.guid,
        creationDateTime: annotation.createdAt,
      });
      lines.push(`        <Coding${coding}>`);
      lines.push(`          <CodeRef targetGUID="${refiGuid('tag', tagId)}"/>`);
      lines.push('        </Coding>');
    }
    lines.push('      </PlainTextSelection>');
  }
  lines.push('    </TextSource>');
  return lines;
}

/**
 * The snapshot as a REFI-QDA project (`project.qde` and its source files): the codebook, one
 * `TextSource` per document with a `PlainTextSelection` per passage (its comment as `Description`, a
 * `Coding` per tag), and each non-empty document note as a `Note`. Throws a `RangeError` when a
 * document's text is missing from `input.texts`.
 */
export function refiQdaProject(snapshot: ExportSnapshot, input: RefiQdaProjectInput): RefiQdaProject {
  const users = new Map<string, RefiUser>([[DEFAULT_USER_KEY, userOf(undefined)]]);
  const codable = new Set(snapshot.tags.map((tag) => tag.id));
  const sources = new Map<string, string>();
  const skipped: RefiQdaProject['skipped'] = [];
  const sourceLines: string[] = [];
  const noteLines: string[] = [];
  const written = { comments: input.includeComments ?? true, notes: input.includeNotes ?? true };
  for (const document of snapshot.documents) {
    const text = input.texts?.get(document.meta.id);
    if (text === undefined)
      throw new RangeError(`A REFI-QDA project needs the plain text of document ${document.meta.id}.`);
    sources.set(`sources/${refiGuid('document', document.meta.id)}.txt`, text);
    sourceLines.push(...sourceXml(document, text, codable, users, skipped, written));
    if (written.notes && document.meta.note.trim() !== '') {
      const guid = refiGuid('note', document.meta.id);
      sources.set(`sources/${guid}.txt`, document.meta.note);
      noteLines.push(
        `    <Note${attrs({
          guid,
          name: `Note on ${displayTitle(document.meta)}`,
          plainTextPath: `internal://${guid}.txt`,
          creationDateTime: document.meta.addedAt,
          modifiedDateTime: document.meta.modifiedAt,
        })}/>`,
      );
    }
  }
  const defaultUser = users.get(DEFAULT_USER_KEY) as RefiUser;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Project${attrs({ name: input.name, origin: 'Scholia', creatingUserGUID: defaultUser.guid })} xmlns="${REFI_PROJECT_NAMESPACE}">`,
    '  <Users>',
    ...[...users.values()].map((user) => `    <User${attrs({ guid: user.guid, name: user.name })}/>`),
    '  </Users>',
  ];
  if (snapshot.tags.length > 0)
    lines.push(
      '  <CodeBook>',
      '    <Codes>',
      ...codesXml(snapshot.tags, '      '),
      '    </Codes>',
      '  </CodeBook>',
    );
  if (sourceLines.length > 0) lines.push('  <Sources>', ...sourceLines, '  </Sources>');
  if (noteLines.length > 0) lines.push('  <Notes>', ...noteLines, '  </Notes>');
  lines.push('</Project>', '');
  return { xml: lines.join('\n'), sources, skipped };
}

/** How much of `project.qde` a summary shows. */
const SUMMARY_XML_CHARS = 100_000;

/**
 * A project in words, for a preview (an archive's bytes are no text to show): what the archive holds,
 * then the beginning of its `project.qde`.
 */
export function refiQdaSummary(project: RefiQdaProject, fileName: string): string {
  const files = project.sources.size;
  const skipped = project.skipped.length;
  const lines = [
    `${fileName}: a REFI-QDA project (a ZIP archive) holding project.qde and ${String(files)} text file${files === 1 ? '' : 's'} in sources/.`,
  ];
  if (skipped > 0)
    lines.push(
      `${String(skipped)} passage${skipped === 1 ? ' is' : 's are'} left out: orphaned, or no longer where ${skipped === 1 ? 'its' : 'their'} quote stands in the text.`,
    );
  lines.push('', 'project.qde:', project.xml.slice(0, SUMMARY_XML_CHARS));
  return lines.join('\n');
}

/** The time stamped on every archive entry, fixed so the same export gives the same bytes. */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** A project as a `.qdpx` archive: `project.qde` first, then `sources/`, all in UTF-8. */
export function refiQdaArchive(project: RefiQdaProject): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'project.qde': strToU8(project.xml) };
  for (const [path, text] of project.sources) entries[path] = strToU8(text);
  return zipSync(entries, { level: 6, mtime: ENTRY_TIME });
}
