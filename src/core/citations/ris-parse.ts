/**
 * Reading RIS records as Zotero, EndNote, Mendeley, Citavi and databases write them: `TAG  - value`
 * lines with the spacing each tool uses (`TY  - `, `TY - `, `TY  -`, the value's space missing, tags in
 * lower case), CRLF or LF, values continued on the lines after their tag, tags repeated, records with
 * or without `ER`. Continuation lines are joined as Zotero's RIS translator joins them: notes and
 * abstracts keep their line breaks where the text was not wrapped, keywords and file links keep one
 * per line, other values are joined with a space.
 */
import type { ReferenceSpan } from './reference-text';

/** One tag of a record and its value (continuation lines joined). */
export interface RisTag {
  /** The tag in upper case: `TY`, `AU`, `T1`… */
  tag: string;
  value: string;
  /** The line the tag is on, counted from 1. */
  readonly line: number;
}

/** A RIS record: its tags in file order (`TY` first when it has one, `ER` left out). */
export interface RisRecord {
  readonly line: number;
  readonly tags: RisTag[];
}

/**
 * A tag line: a letter and a letter or digit, blank space, a hyphen and the value. Upper-case tags may
 * have up to three spaces before the hyphen and none after it; lower-case ones need RIS's own two
 * spaces, so that a continuation line that happens to read "to - …" is not taken for a tag.
 */
const TAG_LINE = /^[ \t]*(?:([A-Z][A-Z0-9])[ \t]{0,3}-(?:[ \t]?(.*))?|([a-z][a-z0-9]) {2}-(?: (.*))?)$/;

/** Tags whose continuation lines are separate values (a keyword or a link per line). */
const ONE_PER_LINE = new Set(['KW', 'L1', 'L2', 'L3']);

/** Tags whose continuation lines may be new lines of the text. */
const PROSE = new Set(['AB', 'N1', 'N2', 'RN']);

/** The record `span` of `text` (a file's text, byte order mark removed). */
export function readRisRecord(text: string, span: ReferenceSpan): RisRecord {
  const lines = text
    .slice(span.start, span.end)
    .replace(/\s?[\u2028\u2029]|[\u2028\u2029]\s?/g, ' ')
    .split(/\r\n|\r|\n/);
  // How long lines run tells whether the file was wrapped at a width, or written a line per paragraph.
  let longest = 0;
  const tags: RisTag[] = [];
  let current: RisTag | undefined;
  let lastLength = 0;
  // The span starts at its TY line, unless it is the first and has text before it.
  const firstLine = span.line - (span.start === 0 ? countTextBeforeTy(lines) : 0);
  for (const [index, line] of lines.entries()) {
    const match = TAG_LINE.exec(line);
    if (match !== null || current !== undefined) longest = Math.max(longest, line.length);
    if (match !== null) {
      const tag = (match[1] ?? match[3] ?? '').toUpperCase();
      const value = match[2] ?? match[4] ?? '';
      if (tag === 'ER') {
        current = undefined;
        // Whatever follows ER before the next TY is outside any record.
        if (tags.length > 0) break;
        continue;
      }
      current = { tag, value, line: firstLine + index };
      tags.push(current);
      lastLength = line.length;
      continue;
    }
    if (current === undefined) continue;
    let piece = line.trim();
    let newLine = false;
    if (PROSE.has(current.tag) && (longest > 85 || lastLength < 65 || piece === '')) {
      piece = `\n${piece}`;
      newLine = true;
    }
    if (!newLine && ONE_PER_LINE.has(current.tag)) {
      piece = `\n${piece}`;
      newLine = true;
    }
    if (!newLine && !current.value.endsWith(' ')) piece = ` ${piece}`;
    current.value += piece;
    lastLength = line.length;
  }
  return { line: span.line, tags };
}

/** How many lines of the first span come before its TY line (text before the first record). */
function countTextBeforeTy(lines: readonly string[]): number {
  const index = lines.findIndex((line) => /^[ \t]*TY[ \t]*-/i.test(line));
  return index < 0 ? 0 : index;
}
