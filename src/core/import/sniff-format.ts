/**
 * What a file is by its content, for a file whose name does not say (`LICENSE`, `README`, a download
 * saved without its extension, standard input): a PDF by its header, an EPUB or a Word file by the ZIP
 * entries it starts with, a web page by its opening tag, BibTeX and RIS by their first record, and
 * any other text as plain text. Binary files of other kinds are nothing Scholia reads.
 */
import type { SourceFormat } from '../../shared/import-formats';

/** How much of the start of a file decides (a ZIP's first entries, a text's first record). */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The format of the file whose text (decoded as UTF-8, invalid bytes replaced) starts with `content`,
 * or null when it is binary and none Scholia imports.
 */
export function formatOfContent(content: string): SourceFormat | null {
  const head = content.slice(0, SNIFF_BYTES);
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) {
    // An EPUB's first entry is its media type, stored uncompressed; a Word file lists word/ parts.
    if (head.slice(30, 58) === 'mimetypeapplication/epub+zip') return 'epub';
    if (head.includes('word/document.xml') || head.includes('[Content_Types].xml')) return 'docx';
    return null;
  }
  const text = head.replace(/^\uFEFF/, '');
  // NUL bytes mean a binary file. Other bytes that are not UTF-8 may be a text in another encoding,
  // which the plain-text importer names (with where decoding failed).
  if (text.includes('\u0000')) return null;
  const start = text.trimStart();
  if (/^<(!doctype\s+html|html[\s>])/i.test(start)) return 'html';
  // A BibTeX entry: `@type{key,` (or `@type(key,`) at the start.
  if (/^@[a-z]+\s*[{(]\s*[^,\s{}()]*\s*,/i.test(start)) return 'bibtex';
  if (/^TY {2}- /.test(start)) return 'ris';
  return 'txt';
}
