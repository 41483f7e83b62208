/**
 * The import formats: one table of what every front end needs to know about each kind of file Scholia
 * imports. Core picks an importer by it (`core/import/formats.ts` holds a converter for every text
 * format, `core/service/import-references.ts` a reader for every reference format, each a `Record`
 * over these formats), and the CLI's usage text, the app's open dialog and the browser's file picker
 * list what it holds. Adding a format is one entry here plus its converter; the compiler then names
 * every place that must handle it.
 */

/** What the front ends know of one import format. */
export interface ImportFormatInfo {
  /** The format's name for the reader ("EPUB", "BibTeX"). */
  readonly label: string;
  /** Lower-case extensions with their dot, the format's usual one first. */
  readonly extensions: readonly string[];
  /**
   * `text`: a file that becomes a document to read. `reference`: an entry list from a reference
   * manager, whose entries set documents' metadata (or add documents without text).
   */
  readonly kind: 'text' | 'reference';
}

/** Every import format, in the order they are listed to the reader. */
export const IMPORT_FORMAT_INFO = {
  txt: { label: 'Plain text', extensions: ['.txt'], kind: 'text' },
  md: { label: 'Markdown', extensions: ['.md', '.markdown'], kind: 'text' },
  html: { label: 'Web page (HTML)', extensions: ['.html', '.htm', '.xhtml'], kind: 'text' },
  epub: { label: 'EPUB', extensions: ['.epub'], kind: 'text' },
  pdf: { label: 'PDF', extensions: ['.pdf'], kind: 'text' },
  docx: { label: 'Word (DOCX)', extensions: ['.docx'], kind: 'text' },
  'csl-json': { label: 'CSL-JSON', extensions: ['.json'], kind: 'reference' },
  'csl-yaml': { label: 'CSL-YAML', extensions: ['.yaml', '.yml'], kind: 'reference' },
  bibtex: { label: 'BibTeX', extensions: ['.bib'], kind: 'reference' },
  ris: { label: 'RIS', extensions: ['.ris'], kind: 'reference' },
} as const satisfies Record<string, ImportFormatInfo>;

/** An import format's id, as a document's `source.format` records it. */
export type SourceFormat = keyof typeof IMPORT_FORMAT_INFO;

/** A format whose files become documents to read. */
export type TextFormat = {
  [F in SourceFormat]: (typeof IMPORT_FORMAT_INFO)[F]['kind'] extends 'text' ? F : never;
}[SourceFormat];

/** A format whose files set documents' metadata. */
export type ReferenceFormat = Exclude<SourceFormat, TextFormat>;

/** The formats' ids, in the table's order. */
export const SOURCE_FORMATS = Object.keys(IMPORT_FORMAT_INFO) as [SourceFormat, ...SourceFormat[]];

/** The text formats, in the table's order. */
export const TEXT_FORMATS: readonly TextFormat[] = SOURCE_FORMATS.filter(
  (format): format is TextFormat => IMPORT_FORMAT_INFO[format].kind === 'text',
);

/** The reference formats, in the table's order. */
export const REFERENCE_FORMATS: readonly ReferenceFormat[] = SOURCE_FORMATS.filter(
  (format): format is ReferenceFormat => IMPORT_FORMAT_INFO[format].kind === 'reference',
);

/**
 * The extension of a file name, lower-cased with its dot (`.pdf`); empty when there is none. A leading
 * dot is part of the name (`.txt` has no extension).
 */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The format a file name's extension selects (case does not matter), or null. */
export function importFormatOf(name: string): SourceFormat | null {
  const extension = extensionOf(name);
  if (extension === '') return null;
  return SOURCE_FORMATS.find((format) => formatHasExtension(format, extension)) ?? null;
}

function formatHasExtension(format: SourceFormat, extension: string): boolean {
  return (IMPORT_FORMAT_INFO[format].extensions as readonly string[]).includes(extension);
}

/** Whether `format` is a reference format. */
export function isReferenceFormat(format: SourceFormat): format is ReferenceFormat {
  return IMPORT_FORMAT_INFO[format].kind === 'reference';
}

/**
 * Annotation files: W3C Web Annotation JSON-LD, Hypothesis exports, a Kindle's `My Clippings.txt` and
 * Taguette's highlights CSV, whose annotations are placed on documents already in the library. `.json`
 * is CSL-JSON's extension too and `.txt` plain text's, so core tells them apart by their content
 * (`core/import/file-kind.ts`), never by the name; `.csv` is listed so a Taguette export can be chosen.
 */
export const ANNOTATION_FILE_INFO = {
  label: 'Annotations (W3C Web Annotation, Hypothesis, Kindle clippings, Taguette highlights)',
  extensions: ['.jsonld', '.json', '.txt', '.csv'],
} as const;

/**
 * Files of qualitative-analysis software in the REFI-QDA exchange standard (QualCoder, ATLAS.ti, MAXQDA,
 * NVivo): a project (`.qdpx`: its texts become documents, its codes tags, its codings passages) and a
 * codebook (`.qdc`: its codes become tags).
 */
export const QDA_FILE_INFO = {
  label: 'Qualitative analysis (REFI-QDA project, codebook)',
  project: '.qdpx',
  codebook: '.qdc',
  extensions: ['.qdpx', '.qdc'],
} as const;

/** Whether `extension` (lower case, with its dot) is a REFI-QDA file's. */
export function isQdaExtension(extension: string): boolean {
  return (QDA_FILE_INFO.extensions as readonly string[]).includes(extension);
}

/** Whether `extension` (lower case, with its dot) may be an annotation file's. */
export function isAnnotationExtension(extension: string): boolean {
  return (ANNOTATION_FILE_INFO.extensions as readonly string[]).includes(extension);
}

/**
 * Whether `name` has an extension Scholia imports: a text format, a reference, an annotation or a
 * REFI-QDA file.
 */
export function isImportableName(name: string): boolean {
  const extension = extensionOf(name);
  return importFormatOf(name) !== null || isAnnotationExtension(extension) || isQdaExtension(extension);
}

/** Every extension Scholia imports, in the table's order. */
export function importExtensions(kind?: ImportFormatInfo['kind']): string[] {
  return SOURCE_FORMATS.filter(
    (format) => kind === undefined || IMPORT_FORMAT_INFO[format].kind === kind,
  ).flatMap((format) => IMPORT_FORMAT_INFO[format].extensions);
}

/** Every extension Scholia imports (the table's, then the annotation and REFI-QDA files' not already among them). */
function allImportExtensions(): string[] {
  const extensions = importExtensions();
  const others = [...ANNOTATION_FILE_INFO.extensions, ...QDA_FILE_INFO.extensions];
  return [...extensions, ...others.filter((e) => !extensions.includes(e))];
}

/** The `accept` of a file input that picks what Scholia imports: `.txt,.md,…`. */
export function importAccept(): string {
  return allImportExtensions().join(',');
}

/**
 * What Scholia imports, for the reader: one line per kind of file with its extensions, the open
 * dialog's groups ("Texts and books: .txt, .md, …", "References (CSL-JSON, …): .json, …", …).
 */
export function importFormatsInWords(): string[] {
  return importFileFilters()
    .filter((filter) => !filter.extensions.includes('*'))
    .map((filter) => `${filter.name}: ${filter.extensions.map((extension) => `.${extension}`).join(', ')}`);
}

/** A group of extensions an open dialog offers, named for the reader, the extensions without their dot. */
export interface ImportFileFilter {
  readonly name: string;
  readonly extensions: string[];
}

/** The open dialog's filters: texts and books, reference files, annotation files, REFI-QDA files, then every file. */
export function importFileFilters(): ImportFileFilter[] {
  const bare = (extensions: readonly string[]) => extensions.map((extension) => extension.slice(1));
  const references = REFERENCE_FORMATS.map((format) => IMPORT_FORMAT_INFO[format].label).join(', ');
  return [
    { name: 'Texts and books', extensions: bare(importExtensions('text')) },
    { name: `References (${references})`, extensions: bare(importExtensions('reference')) },
    { name: ANNOTATION_FILE_INFO.label, extensions: bare(ANNOTATION_FILE_INFO.extensions) },
    { name: QDA_FILE_INFO.label, extensions: bare(QDA_FILE_INFO.extensions) },
    { name: 'All files', extensions: ['*'] },
  ];
}

/** `items` as a list in words: "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
