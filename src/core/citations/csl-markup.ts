/**
 * Citations and bibliography entries with the style's formatting, as CommonMark and as plain text.
 *
 * citeproc-js writes each output format through a table of decoration templates. Scholia adds one,
 * {@link CSL_MARKUP_FORMAT}, whose templates wrap text in private-use characters (one opening each
 * decoration, one closing whatever was opened last), so one citeproc run gives text that
 * {@link cslMarkupToCommonMark} and {@link cslMarkupToText} turn into either form. Italic and bold are
 * written with `*` and `**` where CommonMark's flanking rules let them open and close there, else as
 * `<em>` and `<strong>`; small caps, superscript and subscript, which CommonMark lacks, as inline HTML
 * (`<span style="font-variant:small-caps">`, `<sup>`, `<sub>`); web addresses and DOIs as links.
 */
import CSL from 'citeproc';
import { escapeMarkdownInline, escapeMarkdownLineStart } from '../export/markdown-escape';

/** The name of Scholia's output format in citeproc. */
export const CSL_MARKUP_FORMAT = 'scholia-markup';

/** A formatted citation or entry in both of the forms an export writes. */
export interface FormattedText {
  /** CommonMark: escaped, formatted, one line. */
  readonly markdown: string;
  /** The same text without formatting. */
  readonly text: string;
}

const CLOSE = '\uE00F';
const OPEN = {
  italic: '\uE001',
  upright: '\uE002',
  bold: '\uE003',
  unbold: '\uE004',
  smallCaps: '\uE005',
  normalCaps: '\uE006',
  sup: '\uE007',
  sub: '\uE008',
  url: '\uE009',
  doi: '\uE00A',
  plain: '\uE00B',
} as const;
const MARKUP = /[\uE000-\uE00F]/g;
/** What starts a bibliography entry's item id, and what ends it (the entry's text follows). */
const ENTRY_ID = '\uE00C';
const ENTRY_TEXT = '\uE00D';

/** A bibliography entry in {@link CSL_MARKUP_FORMAT}: the id of its item, and its text; null if it names none. */
export function entryOf(markup: string): { id: string; markup: string } | null {
  const start = markup.indexOf(ENTRY_ID);
  const end = markup.indexOf(ENTRY_TEXT, start + 1);
  if (start < 0 || end < 0) return null;
  return { id: markup.slice(start + 1, end), markup: markup.slice(end + 1) };
}

function wrap(open: string): string {
  return `${open}%%STRING%%${CLOSE}`;
}

let registered = false;

/** Adds {@link CSL_MARKUP_FORMAT} to citeproc's output formats (once). */
export function registerMarkupFormat(): void {
  if (registered) return;
  const formats = CSL.Output.Formats;
  const text = formats['text'];
  if (text === undefined) throw new Error("citeproc has no 'text' output format to build on.");
  const format: Record<string, unknown> = {};
  // The text format's entries live on its prototype: copy every one, inherited ones included.
  for (const key in text) format[key] = text[key];
  Object.assign(format, {
    // Text from the items must not hold the characters that carry the decorations.
    text_escape: (value: string | undefined) => (value ?? '').replace(MARKUP, ''),
    '@font-style/italic': wrap(OPEN.italic),
    '@font-style/oblique': wrap(OPEN.italic),
    '@font-style/normal': wrap(OPEN.upright),
    '@font-weight/bold': wrap(OPEN.bold),
    '@font-weight/normal': wrap(OPEN.unbold),
    '@font-variant/small-caps': wrap(OPEN.smallCaps),
    '@font-variant/normal': wrap(OPEN.normalCaps),
    '@vertical-align/sup': wrap(OPEN.sup),
    '@vertical-align/sub': wrap(OPEN.sub),
    '@vertical-align/baseline': wrap(OPEN.plain),
    '@URL/true': (_state: unknown, value: string) => `${OPEN.url}${value}${CLOSE}`,
    '@DOI/true': (_state: unknown, value: string) => `${OPEN.doi}${value}${CLOSE}`,
    // Each entry names its item: citeproc leaves an entry it cannot print out of the bibliography but
    // not out of its list of ids, so entries cannot be paired with items by position.
    '@bibliography/entry': function (this: { system_id?: string }, _state: unknown, value: string) {
      return `${ENTRY_ID}${this.system_id ?? ''}${ENTRY_TEXT}${value}\n`;
    },
    '@display/block': (_state: unknown, value: string) => ` ${value} `,
    '@display/indent': (_state: unknown, value: string) => ` ${value} `,
  });
  formats[CSL_MARKUP_FORMAT] = format;
  registered = true;
}

/** The decorations a stretch of text carries. */
interface Style {
  italic: boolean;
  bold: boolean;
  smallCaps: boolean;
  vertical: 'sup' | 'sub' | null;
}

/** A stretch of text in one style, or a link. */
type Run = { kind: 'text'; text: string; style: Style } | { kind: 'link'; text: string; doi: boolean };

const PLAIN: Style = { italic: false, bold: false, smallCaps: false, vertical: null };

function sameStyle(a: Style, b: Style): boolean {
  return (
    a.italic === b.italic && a.bold === b.bold && a.smallCaps === b.smallCaps && a.vertical === b.vertical
  );
}

function styleOf(stack: readonly string[]): Style {
  const style: Style = { ...PLAIN };
  for (const open of stack) {
    if (open === OPEN.italic) style.italic = true;
    else if (open === OPEN.upright) style.italic = false;
    else if (open === OPEN.bold) style.bold = true;
    else if (open === OPEN.unbold) style.bold = false;
    else if (open === OPEN.smallCaps) style.smallCaps = true;
    else if (open === OPEN.normalCaps) style.smallCaps = false;
    else if (open === OPEN.sup) style.vertical = 'sup';
    else if (open === OPEN.sub) style.vertical = 'sub';
    else if (open === OPEN.plain) style.vertical = null;
  }
  return style;
}

/**
 * Citeproc's output in this format read into runs, spaces collapsed as a browser would show them (a
 * no-break space, as in « guillemets », is kept).
 */
function runsOf(markup: string): Run[] {
  const runs: Run[] = [];
  const stack: string[] = [];
  let link: { doi: boolean; depth: number; text: string } | null = null;
  let style = PLAIN;
  const push = (text: string) => {
    if (text === '') return;
    if (link !== null) {
      link.text += text;
      return;
    }
    const last = runs[runs.length - 1];
    if (last?.kind === 'text' && sameStyle(last.style, style)) last.text += text;
    else runs.push({ kind: 'text', text, style });
  };
  let pending = '';
  for (const char of markup.replace(/[ \t\n\r\f]+/g, ' ')) {
    const code = char.charCodeAt(0);
    if (code < 0xe000 || code > 0xe00f) {
      pending += char;
      continue;
    }
    push(pending);
    pending = '';
    if (char === CLOSE) {
      stack.pop();
      if (link !== null && stack.length < link.depth) {
        runs.push({ kind: 'link', text: link.text, doi: link.doi });
        link = null;
      }
    } else {
      stack.push(char);
      if ((char === OPEN.url || char === OPEN.doi) && link === null)
        link = { doi: char === OPEN.doi, depth: stack.length, text: '' };
    }
    style = styleOf(stack);
  }
  push(pending);
  if (link !== null) runs.push({ kind: 'link', text: link.text, doi: link.doi });
  return runs;
}

/** Citeproc's output in {@link CSL_MARKUP_FORMAT} as plain text. */
export function cslMarkupToText(markup: string): string {
  return markup
    .replace(MARKUP, '')
    .replace(/[ \t\n\r\f]+/g, ' ')
    .trim();
}

const WEB_ADDRESS = /^https?:\/\/[^\s<>\\]+$/i;
const DOI = /^10\.\d{4,9}\/\S+$/;

function linkMarkdown(text: string, doi: boolean): string {
  const trimmed = text.trim();
  if (WEB_ADDRESS.test(trimmed)) return `<${trimmed}>`;
  if (doi && DOI.test(trimmed)) {
    const address = `https://doi.org/${trimmed}`;
    if (WEB_ADDRESS.test(address)) return `[${escapeMarkdownInline(trimmed)}](<${address}>)`;
  }
  return escapeMarkdownInline(text);
}

const PUNCTUATION = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;

/** Whether `*` delimiters around `inner` (escaped) can open and close between `before` and `after`. */
function flanks(inner: string, before: string, after: string): boolean {
  const first = inner.charAt(0);
  const last = inner.charAt(inner.length - 1);
  if (first === '' || SPACE.test(first) || SPACE.test(last)) return false;
  if (before === '*' || after === '*') return false;
  const open = !PUNCTUATION.test(first) || before === '' || SPACE.test(before) || PUNCTUATION.test(before);
  const close = !PUNCTUATION.test(last) || after === '' || SPACE.test(after) || PUNCTUATION.test(after);
  return open && close;
}

/** One run of styled text as CommonMark, given what is written just before and after it. */
function styledMarkdown(text: string, style: Style, before: string, after: string): string {
  let inner = escapeMarkdownInline(text);
  if (style.smallCaps) inner = `<span style="font-variant:small-caps">${inner}</span>`;
  if (style.vertical !== null) inner = `<${style.vertical}>${inner}</${style.vertical}>`;
  if (!style.italic && !style.bold) return inner;
  const stars = (style.italic ? '*' : '') + (style.bold ? '**' : '');
  if (flanks(inner, before, after)) return `${stars}${inner}${stars}`;
  if (style.bold) inner = `<strong>${inner}</strong>`;
  return style.italic ? `<em>${inner}</em>` : inner;
}

/** Citeproc's output in {@link CSL_MARKUP_FORMAT} as one line of CommonMark. */
export function cslMarkupToCommonMark(markup: string): string {
  const runs = runsOf(markup.trim());
  // Spaces at a styled run's edges go outside its delimiters, where CommonMark wants them.
  const pieces: { text: string; style: Style | null; doi: boolean }[] = [];
  for (const run of runs) {
    if (run.kind === 'link') {
      pieces.push({ text: run.text, style: null, doi: run.doi });
      continue;
    }
    const lead = /^ */.exec(run.text)?.[0] ?? '';
    const trail = run.text.length > lead.length ? (/ *$/.exec(run.text)?.[0] ?? '') : '';
    const middle = run.text.slice(lead.length, run.text.length - trail.length);
    // One space between words, as the plain text has, when a run's edge meets a space before it.
    const previous = pieces[pieces.length - 1];
    if (lead !== '' && !(previous !== undefined && previous.text.endsWith(' ')))
      pieces.push({ text: lead, style: PLAIN, doi: false });
    if (middle !== '') pieces.push({ text: middle, style: run.style, doi: false });
    if (trail !== '') pieces.push({ text: trail, style: PLAIN, doi: false });
  }
  const written: string[] = [];
  pieces.forEach((piece, index) => {
    if (piece.style === null) {
      written.push(linkMarkdown(piece.text, piece.doi));
      return;
    }
    const before = written.length === 0 ? '' : (written[written.length - 1] ?? '').slice(-1);
    const next = pieces[index + 1];
    const after =
      next === undefined
        ? ''
        : next.style !== null && (next.style.italic || next.style.bold)
          ? '*'
          : next.style === null
            ? '<'
            : escapeMarkdownInline(next.text).charAt(0);
    written.push(styledMarkdown(piece.text, piece.style, before, after));
  });
  return escapeMarkdownLineStart(written.join('').trim());
}

/** Both forms of citeproc's output in {@link CSL_MARKUP_FORMAT}. */
export function formattedText(markup: string): FormattedText {
  return { markdown: cslMarkupToCommonMark(markup), text: cslMarkupToText(markup) };
}

/** Plain text (a placeholder, a title) as a {@link FormattedText}. */
export function plainFormattedText(text: string): FormattedText {
  const line = text.replace(/\s+/g, ' ').trim();
  return { markdown: escapeMarkdownLineStart(escapeMarkdownInline(line)), text: line };
}
