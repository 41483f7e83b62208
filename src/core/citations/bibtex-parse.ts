/**
 * Reading BibTeX and biblatex entries as written in the wild: `@type{key, field = value, …}` or with
 * parentheses, values in braces, in quotes, bare numbers or `@string` macros, joined with `#`; field
 * names in any case; a missing comma between fields, a trailing comma, a missing closing brace before
 * the next entry forgiven. Values stay TeX (macros expanded): what they mean is for `bibtex-csl.ts`.
 *
 * Each entry is read on its own ({@link ReferenceSpan}s from `reference-text.ts`), so a slip in one is
 * reported with its line ("unbalanced braces in field title") and the others are still read.
 */
import type { ReferenceSpan } from './reference-text';
import { ENGLISH_MONTHS } from '../util/months';

/** One BibTeX entry: its type and key, and its fields as TeX, macros expanded. */
export interface BibtexEntry {
  /** The line the entry starts on, counted from 1. */
  readonly line: number;
  /** The entry type in lower case: `article`, `book`, `online`… */
  readonly type: string;
  /** The citation key; empty when the entry has none. */
  readonly key: string;
  /** Field names in lower case; the first of two fields with one name counts, as in BibTeX. */
  readonly fields: ReadonlyMap<string, string>;
}

/** Why an entry could not be read, for the reader: "unbalanced braces in field title". */
export class BibtexSyntaxError extends Error {
  override readonly name = 'BibtexSyntaxError';
}

/** The month macros every BibTeX style defines. */
const MONTH_MACROS: ReadonlyArray<readonly [string, string]> = ENGLISH_MONTHS.map(
  (month) => [month.slice(0, 3), month.charAt(0).toUpperCase() + month.slice(1)] as const,
);

/** A file's `@string` macros by lower-case name, the month macros defined from the start. */
export class BibtexMacros {
  private readonly values = new Map<string, string>(MONTH_MACROS);

  /** The value of macro `name` (any case), or undefined when it is not defined. */
  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), value);
  }
}

/**
 * Reads the entry `span` of `text`. An `@string` defines its macros in `macros` and gives null, as do
 * `@preamble` and `@comment`; any other entry gives its fields. Throws {@link BibtexSyntaxError} saying
 * what is wrong with an entry that cannot be read.
 */
export function readBibtexEntry(text: string, span: ReferenceSpan, macros: BibtexMacros): BibtexEntry | null {
  if (span.kind === 'comment' || span.kind === 'preamble') return null;
  const reader = new EntryReader(text.slice(span.start, span.end), macros);
  const { key, fields, last } = reader.read(span.kind !== 'string');
  // An entry not closed whose last value runs over what look like further fields: that value's
  // braces do not balance, and it swallowed the brace that closed the entry.
  if (!span.closed && last !== undefined && /\n\s*[A-Za-z][\w-]*\s*=/.test(last.raw)) {
    throw new BibtexSyntaxError(`unbalanced braces in field ${last.field}`);
  }
  if (span.kind === 'string') {
    for (const [name, value] of fields) macros.set(name, value);
    return null;
  }
  if (!span.closed && fields.size === 0) throw new BibtexSyntaxError('the entry is not closed');
  return { line: span.line, type: span.kind, key, fields };
}

/** The characters a field name may not hold. */
const NAME_END = /[\s=,{}"#()%]/;

class EntryReader {
  private at: number;
  private readonly close: string;

  constructor(
    private readonly text: string,
    private readonly macros: BibtexMacros,
  ) {
    const open = text.search(/[{(]/);
    this.close = text.charAt(open) === '(' ? ')' : '}';
    this.at = open + 1;
  }

  read(hasKey: boolean): { key: string; fields: Map<string, string>; last?: { field: string; raw: string } } {
    const fields = new Map<string, string>();
    let last: { field: string; raw: string } | undefined;
    const key = hasKey ? this.key() : '';
    for (;;) {
      this.skipSpaceAndCommas();
      if (this.at >= this.text.length || this.peek() === this.close) break;
      const name = this.name();
      if (name === '') {
        throw new BibtexSyntaxError(`unexpected "${this.peek()}" where a field name should be`);
      }
      this.skipSpace();
      if (this.peek() !== '=') {
        if (this.at >= this.text.length || this.peek() === this.close) {
          throw new BibtexSyntaxError(`field ${name} has no value`);
        }
        throw new BibtexSyntaxError(`field ${name} has no "=" before its value`);
      }
      this.at += 1;
      const value = this.value(name);
      const lower = name.toLowerCase();
      if (!fields.has(lower)) fields.set(lower, value);
      last = { field: lower, raw: value };
    }
    return { key, fields, last };
  }

  /** The citation key: what comes before the first comma, unless it is already a field (`name =`). */
  private key(): string {
    this.skipSpace();
    const from = this.at;
    let end = from;
    while (
      end < this.text.length &&
      !/[,\s}]/.test(this.text.charAt(end)) &&
      this.text.charAt(end) !== this.close
    ) {
      end += 1;
    }
    const after = this.text.slice(end).match(/^\s*(.)/)?.[1];
    if (after === '=' || this.text.slice(from, end).includes('=')) return '';
    this.at = end;
    return this.text.slice(from, end);
  }

  private name(): string {
    const from = this.at;
    while (this.at < this.text.length && !NAME_END.test(this.text.charAt(this.at))) this.at += 1;
    return this.text.slice(from, this.at);
  }

  /** A value: parts in braces, in quotes, numbers or macros, joined by `#`. */
  private value(field: string): string {
    let value = '';
    for (;;) {
      this.skipSpace();
      const char = this.peek();
      if (char === '{') value += this.braced(field);
      else if (char === '"') value += this.quoted(field);
      else if (char === '' || char === ',' || char === this.close)
        throw new BibtexSyntaxError(`field ${field} has no value`);
      else value += this.bare(field);
      this.skipSpace();
      if (this.peek() !== '#') return value;
      this.at += 1;
    }
  }

  private braced(field: string): string {
    const from = this.at + 1;
    let depth = 0;
    for (let index = this.at; index < this.text.length; index += 1) {
      const char = this.text.charAt(index);
      if (char === '\\') index += 1;
      else if (char === '{') depth += 1;
      else if (char === '}') {
        depth -= 1;
        if (depth === 0) {
          this.at = index + 1;
          return this.text.slice(from, index);
        }
      }
    }
    throw new BibtexSyntaxError(`unbalanced braces in field ${field}`);
  }

  private quoted(field: string): string {
    const from = this.at + 1;
    let depth = 0;
    for (let index = from; index < this.text.length; index += 1) {
      const char = this.text.charAt(index);
      if (char === '\\') index += 1;
      else if (char === '{') depth += 1;
      else if (char === '}') {
        depth -= 1;
        if (depth < 0) throw new BibtexSyntaxError(`unbalanced braces in field ${field}`);
      } else if (char === '"' && depth === 0) {
        this.at = index + 1;
        return this.text.slice(from, index);
      }
    }
    throw new BibtexSyntaxError(
      depth > 0 ? `unbalanced braces in field ${field}` : `unclosed quotes in field ${field}`,
    );
  }

  /** A number, or a macro's name (its value; the name itself when it is not defined). */
  private bare(field: string): string {
    const from = this.at;
    while (this.at < this.text.length && !/[\s,#{}"()]/.test(this.text.charAt(this.at))) this.at += 1;
    if (this.at === from) throw new BibtexSyntaxError(`unexpected "${this.peek()}" in field ${field}`);
    const word = this.text.slice(from, this.at);
    if (/^\d+$/.test(word)) return word;
    return this.macros.get(word) ?? word;
  }

  private peek(): string {
    return this.text.charAt(this.at);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text.charAt(this.at))) this.at += 1;
  }

  /** Skips blank space, commas and `%` comments to the end of their line between fields. */
  private skipSpaceAndCommas(): void {
    while (this.at < this.text.length) {
      const char = this.text.charAt(this.at);
      if (char === '%') {
        const newline = this.text.indexOf('\n', this.at);
        this.at = newline < 0 ? this.text.length : newline + 1;
      } else if (/[\s,]/.test(char)) {
        this.at += 1;
      } else {
        return;
      }
    }
  }
}
