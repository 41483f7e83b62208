/**
 * Writing text into CommonMark so that it renders exactly as written: emphasis markers, brackets, HTML,
 * entities and backticks are backslash-escaped everywhere; what would start a heading, list, quote or
 * setext underline is escaped at the start of a line; spaces at either end of a line (which CommonMark
 * strips, or turns into a hard break) are written as character references. A CommonMark parse of the
 * result gives back the original text.
 */

/** Characters escaped wherever they appear. */
const ALWAYS = /[\\`*_[\]<>&~|]/g;

/** Escapes one line of text (no line breaks) for use inside a Markdown paragraph or heading. */
export function escapeMarkdownLine(line: string): string {
  return protectEdgeSpaces(escapeMarkdownLineStart(escapeMarkdownInline(line)));
}

/** Escapes what would be emphasis, a link, HTML, an entity or code anywhere in a line. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(ALWAYS, (char) => `\\${char}`);
}

/**
 * Escapes what would start a heading, list, quote or setext underline at the start of a line of
 * CommonMark (already escaped inline), so the line stays a paragraph's text.
 */
export function escapeMarkdownLineStart(line: string): string {
  return line.replace(/^([ \t]*)([#>+\-=])/, '$1\\$2').replace(/^([ \t]*\d{1,9})([.)])/, '$1\\$2');
}

/** Escapes text that may hold line breaks; each line is escaped on its own and the breaks are kept. */
export function escapeMarkdown(text: string): string {
  return text.split('\n').map(escapeMarkdownLine).join('\n');
}

/**
 * `text` as a CommonMark block quote: every line prefixed with `> `, an empty line as a bare `>` (a
 * paragraph break inside the quote). A `\r` is written as a line break. Each line is escaped by
 * `escapeLine` ({@link escapeMarkdownLine} unless another dialect's escaping is given).
 */
export function markdownBlockQuote(
  text: string,
  escapeLine: (line: string) => string = escapeMarkdownLine,
): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${escapeLine(line)}`))
    .join('\n');
}

/** Leading and trailing spaces and tabs as character references, so no parser strips or reinterprets them. */
export function protectEdgeSpaces(line: string): string {
  const lead = /^[ \t]+/.exec(line)?.[0] ?? '';
  const rest = line.slice(lead.length);
  const trail = /[ \t]+$/.exec(rest)?.[0] ?? '';
  const middle = rest.slice(0, rest.length - trail.length);
  return `${reference(lead)}${middle}${reference(trail)}`;
}

function reference(spaces: string): string {
  return spaces.replace(/\t/g, '&#9;').replace(/ /g, '&#32;');
}

/** HTML elements that run script, load other pages or restyle the page wherever Markdown is rendered. */
const ACTIVE_ELEMENT =
  /<(?=\/?(?:script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|template|noscript)\b)/gi;
/** An HTML tag carrying an event handler (`onerror=`), a `javascript:` or `data:` address, or an address elsewhere. */
const ACTIVE_TAG =
  /<(?=[a-z][^<>]*?(?:\son[a-z]+\s*=|(?:href|src|srcset|action|formaction|poster|background)\s*=\s*["']?\s*(?:javascript:|vbscript:|data:|https?:|\/\/)))/gi;

/** The `!` that makes a Markdown link an image (`![alt](address)`, `![alt][name]`). */
const IMAGE_MARK = /!(?=\[)/g;

/**
 * A note or comment (the reader's own Markdown, or one imported from another tool's annotation file)
 * made inert for wherever the export is opened: the `<` of every HTML element that could run script,
 * load something from elsewhere or restyle the page is written `&lt;`, so it shows as text, and an
 * image is written as a link to it (`\![alt](address)`), which loads nothing until it is followed
 * (Scholia's own comments hold no images; another tool's may point anywhere). The rest of the
 * Markdown (emphasis, links, lists) is left as it is.
 */
export function inertMarkdown(text: string): string {
  return text.replace(ACTIVE_ELEMENT, '&lt;').replace(ACTIVE_TAG, '&lt;').replace(IMAGE_MARK, '\\!');
}
