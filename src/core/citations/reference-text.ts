/**
 * Cutting the text of a BibTeX or RIS file into its entries, without parsing them, so that a file of
 * 10,000 references can be counted before anything is parsed (and refused at once when it holds too
 * many), then parsed a few hundred entries at a time, with progress reported and other work let
 * through between the parts. Each part parses as its entries would in the whole file: a BibTeX file's
 * `@string` macros and `@preamble` start every part, and a file whose entries refer to each other
 * (`crossref`, `xdata`), or whose macros are long, is one part.
 */

/** How long a BibTeX file's macros may be and still start every part. */
const MAX_REPEATED_PREFIX = 64 * 1024;

/** The text of a reference file cut into entries: parse `prefix + entries[i..j].join(separator)`. */
export interface ReferenceText {
  /** What every part must start with: a BibTeX file's `@string` macros and `@preamble`; empty for RIS. */
  readonly prefix: string;
  /** Each entry's text, in file order. */
  readonly entries: readonly string[];
  /** What goes between two entries of a part: a newline for BibTeX; nothing for RIS, whose records end with theirs. */
  readonly separator: string;
  /** Whether the entries must be parsed together (they refer to each other). */
  readonly whole: boolean;
}

/**
 * A BibTeX file's entries (`@type{…}` or `@type(…)`, found by balancing braces; `@comment`s left out),
 * or null when its braces do not balance, so that only the parser can say what is wrong.
 */
export function splitBibtex(text: string): ReferenceText | null {
  const entries: string[] = [];
  const prefix: string[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('@', at);
    if (start < 0) break;
    const head = /^@\s*([A-Za-z]+)\s*([{(])/.exec(text.slice(start, start + 100));
    if (head === null) {
      // An @ in the text between entries, which BibTeX reads as a comment.
      at = start + 1;
      continue;
    }
    const end = entryEnd(text, start + head[0].length, head[2] === '(' ? ')' : '}');
    if (end < 0) return null;
    const kind = (head[1] ?? '').toLowerCase();
    if (kind === 'string' || kind === 'preamble') prefix.push(text.slice(start, end));
    else if (kind !== 'comment') entries.push(text.slice(start, end));
    at = end;
  }
  const macros = prefix.length === 0 ? '' : `${prefix.join('\n')}\n`;
  return {
    prefix: macros,
    entries,
    separator: '\n',
    // Macros repeated before every part must stay small beside the parts; otherwise one part it is.
    whole: /\b(?:crossref|xdata)\s*=/i.test(text) || macros.length > MAX_REPEATED_PREFIX,
  };
}

/**
 * Where the entry whose body starts at `from` ends (just past its closing `close`), or -1 when it does
 * not. Braces nest; in an entry closed by `)`, a `)` inside a quoted value (at brace depth 0) is text.
 */
function entryEnd(text: string, from: number, close: '}' | ')'): number {
  let depth = 0;
  let quoted = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 0x7b) {
      depth += 1;
    } else if (char === 0x7d) {
      if (depth === 0) return close === '}' && !quoted ? index + 1 : -1;
      depth -= 1;
    } else if (char === 0x22 && depth === 0) {
      quoted = !quoted;
    } else if (char === 0x29 && close === ')' && depth === 0 && !quoted) {
      return index + 1;
    }
  }
  return -1;
}

/** A line starting a RIS record as citation-js reads one: `TY  - ` and a value, blank space before it. */
const RECORD_START = /^[ \t]*TY {2}- +\S/;

/**
 * A RIS file's records, each from its `TY` line to the line before the next one (text before the first
 * goes with the first); no records when there is no `TY` line.
 */
export function splitRis(text: string): ReferenceText {
  const starts: number[] = [];
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    if (RECORD_START.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 64)))) starts.push(lineStart);
    lineStart = lineEnd + 1;
  }
  const entries = starts.map((start, index) =>
    text.slice(index === 0 ? 0 : start, starts[index + 1] ?? text.length),
  );
  return { prefix: '', entries, separator: '', whole: false };
}
