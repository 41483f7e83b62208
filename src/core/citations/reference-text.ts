/**
 * Cutting the text of a reference file into its entries without parsing them, so that a file of
 * 10,000 references can be counted before anything is parsed (and refused at once when it holds too
 * many), then parsed a few hundred entries at a time, with progress reported and other work let
 * through between the parts. Each part is found with the line it starts on, so that a bad entry can
 * be reported by its line while the others are read.
 *
 * One pass over the text each, linear in its length.
 */

/** Where one entry of a reference file lies in its text. */
export interface ReferenceSpan {
  /** Offset of its first character in the text. */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
  /** The line it starts on, counted from 1. */
  readonly line: number;
  /**
   * BibTeX: the entry's command in lower case (`article`, `string`, `preamble`, `comment`…); RIS:
   * `record`; CSL-JSON: `item`.
   */
  readonly kind: string;
  /**
   * Whether it ends as it should (a BibTeX entry with its closing brace, a CSL-JSON item with its
   * closing bracket); false when the next entry or the end of the text came first.
   */
  readonly closed: boolean;
}

/** BibTeX commands that are not references: macros, the preamble, comments, and data only other entries use. */
const NOT_REFERENCES = new Set(['string', 'preamble', 'comment', 'xdata']);

/** Whether a BibTeX span is a reference (not a macro, preamble, comment or `@xdata`). */
export function isBibtexReference(span: ReferenceSpan): boolean {
  return !NOT_REFERENCES.has(span.kind);
}

/** An entry's head: `@type{` or `@type(`, blank space allowed between. */
const ENTRY_HEAD = /@[ \t]*([A-Za-z][\w:-]*)[ \t\r\n]*([{(])/y;

/** A line that starts an entry, as a line of an unclosed entry is told from the start of the next. */
const LINE_HEAD = /[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]/y;

/**
 * A BibTeX file's commands, each from its `@` to just past its closing brace or parenthesis (found by
 * balancing braces), in file order, `@string`s, `@preamble`s and `@comment`s included. Text between
 * them is comment. An entry whose braces do not balance ends where a line starts the next entry (or
 * at the end of the text) and is not `closed`, so one slip costs one entry, not the rest of the file.
 */
export function splitBibtex(text: string): ReferenceSpan[] {
  const spans: ReferenceSpan[] = [];
  const lines = new LineCounter(text);
  let at = 0;
  for (;;) {
    const start = text.indexOf('@', at);
    if (start < 0) break;
    ENTRY_HEAD.lastIndex = start;
    const head = ENTRY_HEAD.exec(text);
    if (head === null) {
      // An @ in the text between entries, which BibTeX reads as a comment.
      at = start + 1;
      continue;
    }
    const kind = (head[1] ?? '').toLowerCase();
    const body = start + head[0].length;
    const { end, closed } = entryEnd(text, body, head[2] === '(' ? ')' : '}');
    if (kind === 'comment' && !closed) {
      // `@comment` followed by text that is not a braced group: BibTeX skips the word only.
      at = body;
      continue;
    }
    spans.push({ start, end, line: lines.lineOf(start), kind, closed });
    at = end;
  }
  return spans;
}

/**
 * Where the entry whose body starts at `from` ends: just past its closing `close` (`closed`), else at
 * the start of a line that begins the next entry, or at the end of the text. Braces nest; a quoted
 * value (at brace depth 0) may hold the closing parenthesis of an entry closed by `)`.
 */
function entryEnd(text: string, from: number, close: '}' | ')'): { end: number; closed: boolean } {
  let depth = 0;
  let quoted = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 0x7b) {
      depth += 1;
    } else if (char === 0x7d) {
      if (depth === 0) {
        if (close === '}' && !quoted) return { end: index + 1, closed: true };
      } else {
        depth -= 1;
      }
    } else if (char === 0x22 && depth === 0 && text.charCodeAt(index - 1) !== 0x5c) {
      quoted = !quoted;
    } else if (char === 0x29 && close === ')' && depth === 0 && !quoted) {
      return { end: index + 1, closed: true };
    } else if (char === 0x0a) {
      LINE_HEAD.lastIndex = index + 1;
      if (LINE_HEAD.test(text)) return { end: index + 1, closed: false };
    }
  }
  return { end: text.length, closed: false };
}

/**
 * A line that starts a RIS record: `TY`, then a hyphen with blank space around it as the tools write it
 * (`TY  - `, `TY - `, `TY  -`, lower case too), blank space allowed before it.
 */
const RECORD_START = /^[ \t]*TY[ \t]*-/i;

/**
 * A RIS file's records, each from its `TY` line to the line before the next one (text before the first
 * goes with the first); no records when there is no `TY` line. A record need not end with `ER`.
 */
export function splitRis(text: string): ReferenceSpan[] {
  const starts: { offset: number; line: number }[] = [];
  let line = 1;
  for (let lineStart = 0; lineStart < text.length; line += 1) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    if (RECORD_START.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 16)))) {
      starts.push({ offset: lineStart, line });
    }
    lineStart = lineEnd + 1;
  }
  return starts.map((start, index) => ({
    start: index === 0 ? 0 : start.offset,
    end: starts[index + 1]?.offset ?? text.length,
    line: start.line,
    kind: 'record',
    closed: true,
  }));
}

/**
 * The items of a CSL-JSON array, each from its `{` to just past its `}` (found by balancing brackets
 * outside strings); null when the text is not an array of objects (a single item, or not JSON at all),
 * which is then parsed whole. An item whose brackets do not balance runs to the end and is not `closed`.
 */
export function splitCslJson(text: string): ReferenceSpan[] | null {
  const first = text.search(/\S/);
  if (first < 0 || text.charAt(first) !== '[') return null;
  const spans: ReferenceSpan[] = [];
  const lines = new LineCounter(text);
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = first + 1; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (depth === 0) {
        if (char === 0x5b) return null;
        start = index;
      }
      depth += 1;
    } else if (char === 0x7d || char === 0x5d) {
      if (depth === 0) break;
      depth -= 1;
      if (depth === 0) {
        spans.push({ start, end: index + 1, line: lines.lineOf(start), kind: 'item', closed: true });
        start = -1;
      }
    } else if (depth === 0 && char !== 0x2c && char > 0x20) {
      // A string, number or literal in the array: not a list of items.
      return null;
    }
  }
  if (start >= 0) {
    spans.push({ start, end: text.length, line: lines.lineOf(start), kind: 'item', closed: false });
  }
  return spans;
}

/** The line of an offset, for offsets asked in increasing order: one pass over the text in all. */
export class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** The line (from 1) of `offset`; offsets must not decrease from one call to the next. */
  lineOf(offset: number): number {
    for (;;) {
      const newline = this.text.indexOf('\n', this.offset);
      if (newline < 0 || newline >= offset) break;
      this.line += 1;
      this.offset = newline + 1;
    }
    return this.line;
  }
}
