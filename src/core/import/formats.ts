/**
 * The table of importable formats. Each entry names a format, the file extensions that select it, and
 * how a file's bytes become a document with proposed metadata. Supporting a new format is one more entry here, plus its format name in `SOURCE_FORMATS` (src/shared/model.ts).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SourceFormat } from '../../shared/model';
import { decodeText } from './decode-text';
import { convertDocx } from './docx';
import { convertEpub } from './epub';
import { convertHtml } from './html';
import { importFailed, type SourceIdentity } from './import-error';
import { markdownToDoc } from './markdown';
import { convertPdf } from './pdf';
import { plainTextToDoc } from './plain-text';
import type { SourceFile } from './read-source';
import { proposeMarkdownCsl, proposePlainTextCsl, type ProposedCsl } from './title';

/** What a format importer makes of a file. */
export interface Conversion {
  /** The text, as a `documentSchema` document. */
  readonly doc: ProseMirrorNode;
  readonly csl: ProposedCsl;
}

/** One importable format. */
export interface FormatImporter {
  readonly format: SourceFormat;
  /** Lower-case extensions with their dot, e.g. `.md`; the first one is the format's usual one. */
  readonly extensions: readonly string[];
  /** Converts a file; throws `import-failed` (via `importFailed`) for content it cannot read. */
  readonly convert: (file: SourceFile) => Conversion | Promise<Conversion>;
}

/** Every format Scholia imports, in the order they are listed to the reader. */
export const FORMAT_IMPORTERS: readonly FormatImporter[] = [
  {
    format: 'txt',
    extensions: ['.txt'],
    convert: (file) => {
      const text = decodeText(file);
      return { doc: plainTextToDoc(text), csl: proposePlainTextCsl(text, file.name) };
    },
  },
  {
    format: 'md',
    extensions: ['.md', '.markdown'],
    convert: (file) => {
      const { doc, frontMatter } = markdownToDoc(decodeText(file));
      return { doc, csl: proposeMarkdownCsl(doc, frontMatter, file.name) };
    },
  },
  { format: 'html', extensions: ['.html', '.htm', '.xhtml'], convert: convertHtml },
  { format: 'epub', extensions: ['.epub'], convert: (file) => convertEpub(file) },
  { format: 'pdf', extensions: ['.pdf'], convert: convertPdf },
  { format: 'docx', extensions: ['.docx'], convert: (file) => convertDocx(file) },
];

/**
 * The importer for a file, chosen by its extension (case does not matter). Throws `import-failed`
 * naming the file and the supported extensions when there is none.
 */
export function importerFor(source: SourceIdentity): FormatImporter {
  const dot = source.name.lastIndexOf('.');
  const extension = dot > 0 ? source.name.slice(dot).toLowerCase() : '';
  const importer = FORMAT_IMPORTERS.find((candidate) => candidate.extensions.includes(extension));
  if (importer !== undefined) return importer;
  const supported = listInWords(
    FORMAT_IMPORTERS.map((candidate) => candidate.extensions[0] ?? candidate.format),
  );
  if (extension === '') {
    throw importFailed(
      source,
      `"${source.name}" has no file extension, so Scholia cannot tell what kind of file it is. ` +
        `Scholia imports ${supported} files: rename it with the right extension and import it again.`,
    );
  }
  throw importFailed(
    source,
    `Cannot import "${source.name}": ${extension} files are not supported yet; Scholia imports ${supported} files. ` +
      'Save or export it in one of those formats first.',
  );
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
