/**
 * How a file of each text format becomes a document with proposed metadata. Which formats there are,
 * and the extensions that select them, is `shared/import-formats.ts`; supporting a new format is its
 * entry there plus its converter here (the compiler asks for it).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import {
  ANNOTATION_FILE_INFO,
  extensionOf,
  IMPORT_FORMAT_INFO,
  isAnnotationExtension,
  importFormatOf,
  listInWords,
  TEXT_FORMATS,
  type TextFormat,
} from '../../shared/import-formats';
import { decodeText } from './decode-text';
import { importFailed, type SourceIdentity } from './import-error';
import { checkLineCount, checkMarkdownBlocks } from './limits';
import { plainTextToDoc } from './plain-text';
import type { SourceFile } from './read-source';
import type { ProposedCsl } from './proposed-csl';
import { proposeMarkdownCsl, proposePlainTextCsl } from './title';

/** What a format importer makes of a file. */
export interface Conversion {
  /** The text, as a `documentSchema` document. */
  readonly doc: ProseMirrorNode;
  readonly csl: ProposedCsl;
}

/** One importable text format. */
export interface FormatImporter {
  readonly format: TextFormat;
  /** Lower-case extensions with their dot, e.g. `.md`; the first one is the format's usual one. */
  readonly extensions: readonly string[];
  /** Converts a file; throws `import-failed` (via `importFailed`) for content it cannot read. */
  readonly convert: (file: SourceFile) => Conversion | Promise<Conversion>;
}

/** What a reader can do with a text file over a limit. */
const SPLIT_ADVICE = 'Split it into smaller files (for example one per chapter) and import those.';

/**
 * The converter of each text format. Every format but plain text loads its converter on first use
 * (`import()`, a chunk of its own in the build): jsdom, markdown-it, mammoth and the PDF reader take
 * most of a command's start-up, and opening a library or listing it needs none of them.
 */
const CONVERTERS: Record<TextFormat, FormatImporter['convert']> = {
  txt: (file) => {
    const text = decodeText(file);
    checkLineCount(file, text, SPLIT_ADVICE);
    return { doc: plainTextToDoc(text, file), csl: proposePlainTextCsl(text, file.name) };
  },
  md: async (file) => {
    const text = decodeText(file);
    checkLineCount(file, text, SPLIT_ADVICE);
    checkMarkdownBlocks(file, text, SPLIT_ADVICE);
    const { markdownToDoc } = await import('./markdown');
    const { doc, frontMatter } = markdownToDoc(text);
    return { doc, csl: proposeMarkdownCsl(doc, frontMatter, file.name) };
  },
  html: async (file) => (await import('./html')).convertHtml(file),
  epub: async (file) => (await import('./epub')).convertEpub(file),
  // Returned as it is: a PDF's conversion also carries the file's annotations, which importSource reads.
  pdf: async (file) => (await import('./pdf')).convertPdf(file),
  docx: async (file) => (await import('./docx')).convertDocx(file),
};

/** Every text format Scholia imports, in the order they are listed to the reader. */
export const FORMAT_IMPORTERS: readonly FormatImporter[] = TEXT_FORMATS.map((format) => ({
  format,
  extensions: IMPORT_FORMAT_INFO[format].extensions,
  convert: CONVERTERS[format],
}));

/**
 * The importer for a file: for `known` when its content decided the format, else chosen by its
 * extension (case does not matter). Throws `import-failed`
 * naming the file and the supported extensions when there is none.
 */
export function importerFor(source: SourceIdentity, known?: TextFormat): FormatImporter {
  const extension = extensionOf(source.name);
  const format = known ?? importFormatOf(source.name);
  const importer = FORMAT_IMPORTERS.find((candidate) => candidate.format === format);
  if (importer !== undefined) return importer;
  const supported = listInWords(
    FORMAT_IMPORTERS.map((candidate) => candidate.extensions[0] ?? candidate.format),
  );
  if (extension === '') {
    throw importFailed(
      source,
      `"${source.name}" has no file extension, and its content is no kind of file Scholia reads. ` +
        `Scholia imports ${supported} files: if it is one of those, rename it with the right extension and import it again.`,
    );
  }
  // A .csv or .txt reaching here is neither a text nor an annotation file Scholia knows by its content.
  if (isAnnotationExtension(extension)) {
    throw importFailed(
      source,
      `Cannot import "${source.name}": it is not an annotation file Scholia reads (${ANNOTATION_FILE_INFO.label}). ` +
        `A Taguette highlights CSV starts with the columns id,document,tag,content; texts are imported from ${supported} files.`,
    );
  }
  throw importFailed(
    source,
    `Cannot import "${source.name}": ${extension} files are not supported yet; Scholia imports ${supported} files. ` +
      'Save or export it in one of those formats first.',
  );
}
