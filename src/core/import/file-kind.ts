/**
 * What kind of file an import source is: a text to read, a reference file (its entries set documents'
 * metadata) or an annotation file (its annotations are placed on documents already there). `.json` is
 * shared by CSL-JSON and the annotation exports of Hypothesis and of W3C Web Annotation tools, `.txt`
 * by texts and a Kindle's `My Clippings.txt`, and `.csv` is Taguette's highlights among any table, so
 * these files are judged by what they hold, never by their name; other files by their extension
 * (`shared/import-formats.ts`). Every import path (the service's `importFiles`, the CLI) asks here.
 */
import {
  extensionOf,
  IMPORT_FORMAT_INFO,
  importFormatOf,
  isAnnotationExtension,
  isQdaExtension,
  isReferenceFormat,
  QDA_FILE_INFO,
  type ReferenceFormat,
  type TextFormat,
} from '../../shared/import-formats';
import { isKindleClippings } from '../export/kindle-clippings';
import { formatOfContent } from './sniff-format';
import { isTaguetteCsv } from '../export/taguette-csv-import';

/** The annotation file formats Scholia reads. */
export type AnnotationFileFormat =
  'web-annotation' | 'hypothesis' | 'hypothesis-client' | 'kindle' | 'taguette-csv';

/** What a file was taken for, and (`evidence`) why, in words for the reader. */
export type FileKind =
  | { readonly kind: 'text'; readonly format: TextFormat; readonly evidence: string }
  | { readonly kind: 'references'; readonly format: ReferenceFormat; readonly evidence: string }
  | { readonly kind: 'annotations'; readonly format: AnnotationFileFormat; readonly evidence: string }
  | { readonly kind: 'qda'; readonly format: 'project' | 'codebook'; readonly evidence: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the kind of a file named `name` depends on its content, so it must be read first: the
 * extensions annotation files share with other files (`.json`, `.jsonld`, `.txt`, `.csv`) and files
 * whose extension names no format (a REFI-QDA file's names its kind).
 */
export function isDecidedByContent(name: string): boolean {
  const extension = extensionOf(name);
  if (isQdaExtension(extension)) return false;
  return isAnnotationExtension(extension) || importFormatOf(name) === null;
}

/**
 * The kind of the file `name` with content `content` (its text, or null when it was not read because
 * its extension decides: see {@link isDecidedByContent}). Returns null when neither its content nor
 * its extension names a kind Scholia imports.
 *
 * Content that parses as JSON decides: W3C Web Annotations (type `Annotation`, `AnnotationPage` or
 * `AnnotationCollection`, or an array holding one), a Hypothesis client export (an object with
 * `export_date` or `client_version` and an `annotations` array), Hypothesis API JSON (`{ rows }`, or
 * an array of objects with a `target` array and a `uri` or `text`) are annotations; any other array
 * (CSL-JSON items, or none) or an object listing `items` or `references` is a CSL-JSON reference file.
 * JSON that fits none, and a file that is not JSON, go by extension (`.jsonld` annotations, `.json`
 * CSL-JSON), so its reader explains what is wrong with it.
 *
 * A `.txt` or `.csv` file is never judged as JSON. A `.txt` file (or one without an extension) with the shape of a Kindle's clippings (entries ended by
 * `==========`, each opening with a title line and a `- Your Highlight … |` line) holds annotations;
 * any other `.txt` is a text. A `.csv` file (or one without an extension) whose first row is Taguette's
 * header `id,document,tag,content` holds annotations; any other `.csv` is nothing Scholia imports.
 * Both decisions read only the beginning of the file.
 */
export function fileKindOf(name: string, content: string | null): FileKind | null {
  const extension = extensionOf(name);
  if (isQdaExtension(extension)) {
    const format = extension === QDA_FILE_INFO.project ? 'project' : 'codebook';
    return { kind: 'qda', format, evidence: `a REFI-QDA ${format} (${extension})` };
  }
  // A text or a table that happens to hold JSON is still a text or a table: only other files are judged as JSON.
  const parsed =
    content === null || extension === '.txt' || extension === '.csv' ? undefined : parseJson(content);
  if (parsed !== undefined) {
    const judged = judgeJson(parsed, extension);
    if (judged !== null) return judged;
  }
  if (extension === '.jsonld') {
    return { kind: 'annotations', format: 'web-annotation', evidence: 'a .jsonld file' };
  }
  if (content !== null && parsed === undefined) {
    if ((extension === '.csv' || extension === '') && isTaguetteCsv(content)) {
      return { kind: 'annotations', format: 'taguette-csv', evidence: 'a Taguette highlights CSV' };
    }
    if ((extension === '.txt' || extension === '') && isKindleClippings(content)) {
      return { kind: 'annotations', format: 'kindle', evidence: 'Kindle clippings' };
    }
  }
  const named = importFormatOf(name);
  // A file without an extension (LICENSE, a download saved without one) is known by its content.
  const format = named ?? (extension === '' && content !== null ? formatOfContent(content) : null);
  if (format === null) return null;
  const evidence =
    named === null ? `its content (${IMPORT_FORMAT_INFO[format].label})` : `a ${extension} file`;
  return isReferenceFormat(format)
    ? { kind: 'references', format, evidence }
    : { kind: 'text', format, evidence };
}

/** The JSON value of `content`, or undefined when it is not JSON (nor starts like it). */
function parseJson(content: string): unknown {
  const text = content.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const WEB_ANNOTATION_TYPES = new Set(['Annotation', 'AnnotationPage', 'AnnotationCollection']);

function isWebAnnotationType(value: unknown): boolean {
  return typeof value === 'string' && WEB_ANNOTATION_TYPES.has(value);
}

function isHypothesisRow(row: unknown): boolean {
  return isObject(row) && Array.isArray(row['target']) && ('uri' in row || 'text' in row);
}

function judgeJson(value: unknown, extension: string): FileKind | null {
  if (Array.isArray(value)) {
    if (value.some((item) => isObject(item) && isWebAnnotationType(item['type']))) {
      return { kind: 'annotations', format: 'web-annotation', evidence: 'a list of W3C Web Annotations' };
    }
    if (value.length > 0 && value.every(isHypothesisRow)) {
      return { kind: 'annotations', format: 'hypothesis', evidence: 'a list of Hypothesis annotations' };
    }
    // An empty list holds nothing of either kind: a .jsonld file meant annotations, any other entries.
    if (value.length === 0 && extension === '.jsonld') return null;
    return {
      kind: 'references',
      format: 'csl-json',
      evidence: value.length === 0 ? 'an empty list' : 'a list of CSL-JSON items',
    };
  }
  if (!isObject(value)) return null;
  if (isWebAnnotationType(value['type'])) {
    return { kind: 'annotations', format: 'web-annotation', evidence: `a W3C ${String(value['type'])}` };
  }
  if (Array.isArray(value['annotations']) && ('export_date' in value || 'client_version' in value)) {
    return { kind: 'annotations', format: 'hypothesis-client', evidence: 'a Hypothesis client export' };
  }
  if (Array.isArray(value['rows'])) {
    return { kind: 'annotations', format: 'hypothesis', evidence: 'Hypothesis API search results' };
  }
  if (Array.isArray(value['items']) || Array.isArray(value['references'])) {
    return { kind: 'references', format: 'csl-json', evidence: 'a CSL-JSON list of items' };
  }
  return null;
}

/**
 * The text of an annotation file as `parseAnnotationFile` (`core/export/annotation-import.ts`) reads
 * it: a Hypothesis client export's `annotations` become the API's `rows`, which have the same shape;
 * any other content is returned as it is.
 */
export function annotationFileText(content: string): string {
  const parsed = parseJson(content);
  if (!isObject(parsed)) return content;
  const kind = judgeJson(parsed, '.json');
  if (kind?.kind !== 'annotations' || kind.format !== 'hypothesis-client') return content;
  return JSON.stringify({ rows: parsed['annotations'] });
}
