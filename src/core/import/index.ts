/**
 * Importing files: one source (a path on disk or uploaded bytes) in, one document with proposed
 * metadata out, not yet stored, with the annotations the file carried (a PDF's highlights and notes)
 * placed on its text. Formats are chosen by file extension from `formats.ts`.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ImportSource } from '../../shared/api';
import type { SourceFormat, TextFormat } from '../../shared/import-formats';
import type { CslDraft } from '../../shared/model';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { countWords, projectDocument } from '../../shared/projection';
import { documentSchema, type DocJSON } from '../../shared/schema';
import { importerFor } from './formats';
import { DocumentTally } from './limits';
import { EmbeddedAnnotations, type EmbeddedAnnotation } from './pdf-annotations';
import { identifySource, readSource } from './read-source';

export type { EmbeddedAnnotation } from './pdf-annotations';

/** A file turned into a document, not yet stored. */
export interface ImportedDocument {
  /** The file's base name, e.g. `ussr-1989.txt`. */
  name: string;
  /** The format chosen by the file's extension. */
  format: SourceFormat;
  /** Size of the original file in bytes. */
  byteLength: number;
  /** SHA-256 (lower-case hex) of the original bytes. */
  contentHash: string;
  /** ProseMirror JSON in `documentSchema`, with at least one block; passes `docFromJSON()`. */
  doc: DocJSON;
  /** Proposed metadata: always a `type` and a non-empty `title`, sometimes `author` and `issued`. */
  csl: CslDraft;
  /** Words in the document's plain-text projection (`countWords(projectDocument(doc).text)`). */
  wordCount: number;
  /** The original file's bytes, kept in the library's `originals/` folder when present. */
  bytes?: Uint8Array;
  /**
   * The annotations the file carried (a PDF's highlights and notes), placed on the projection of
   * `doc`; absent for a file that carries none.
   */
  annotations?: EmbeddedAnnotation[];
  /** How many of the file's annotations could not be placed (malformed, or over no text); absent for none. */
  annotationsNotPlaced?: number;
}

/**
 * Reads and converts one file, in `format` when its content decided it (a file without an extension),
 * else in the format its extension names. Throws `ScholiaError('import-failed', message, { path })`, where
 * `path` is the source's path (or uploaded name) and the message names the file and what to do,
 * when the file is missing or unreadable, of an unsupported type, too large, empty, binary or not UTF-8,
 * or over one of the limits on what it may unpack to (`limits.ts`).
 */
export async function importSource(source: ImportSource, format?: TextFormat): Promise<ImportedDocument> {
  // The extension is checked first: an unsupported file is refused without being read.
  const importer = importerFor(identifySource(source), format);
  const file = await readSource(source);
  const conversion = await importer.convert(file);
  const { doc, csl } = conversion;
  // Only a PDF's conversion carries annotations; `instanceof` tells them from anything else.
  const embedded =
    'embedded' in conversion && conversion.embedded instanceof EmbeddedAnnotations
      ? conversion.embedded
      : undefined;
  // Each importer refuses a document over the limits as it builds it; this is the backstop for all.
  const children: ProseMirrorNode[] = [];
  doc.forEach((child) => children.push(child));
  new DocumentTally(file, 'Split it into smaller files and import those.').addNodes(children);
  // An importer's document is built with the schema; checking it here keeps a bug from being stored.
  const checked =
    doc.childCount > 0 ? doc : documentSchema.nodes.doc.create(null, documentSchema.nodes.paragraph.create());
  // Each of these steps takes tens of milliseconds on a whole book: other work runs between them.
  await yieldToEventLoop();
  checked.check();
  await yieldToEventLoop();
  const json = checked.toJSON() as DocJSON;
  await yieldToEventLoop();
  const text = projectDocument(checked).text;
  await yieldToEventLoop();
  return {
    name: file.name,
    format: importer.format,
    byteLength: file.bytes.byteLength,
    contentHash: createHash('sha256').update(file.bytes).digest('hex'),
    doc: json,
    csl,
    wordCount: countWords(text),
    bytes: file.bytes,
    ...(embedded === undefined || embedded.placed.length === 0 ? {} : { annotations: [...embedded.placed] }),
    ...(embedded === undefined || embedded.notPlaced === 0
      ? {}
      : { annotationsNotPlaced: embedded.notPlaced }),
  };
}
