/**
 * CSL items as reference managers and pandoc write them, in CSL-JSON and CSL-YAML: dates as
 * `date-parts`, as EDTF strings (`issued: 2009-05-12`, what pandoc writes), as `{year, month, day}`
 * (citeproc-js's YAML), or as a bare year; a CSL-YAML file as a list or a document holding
 * `references:` (pandoc's front matter). Each item is found with the line it starts on.
 */
import { isMap, isSeq, LineCounter as YamlLines, parseDocument, type Node as YamlNode } from 'yaml';
import { isoDateToCsl } from './reference-dates';
import type { ReferenceSpan } from './reference-text';

/** The CSL date variables. */
const DATE_VARIABLES = ['issued', 'accessed', 'submitted', 'original-date', 'event-date', 'available-date'];

/**
 * A CSL item with its dates in CSL-JSON's form (`{"date-parts": …}`); other values as they are, for
 * the CSL schema to check. Not an object: returned as it is.
 */
export function normalCslItem(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const variable of DATE_VARIABLES) {
    if (copy[variable] !== undefined) copy[variable] = normalDate(copy[variable]);
  }
  return copy;
}

function normalDate(value: unknown): unknown {
  if (typeof value === 'string') return isoDateToCsl(value);
  if (typeof value === 'number') return { 'date-parts': [[value]] };
  const parts = Array.isArray(value) ? value : [value];
  // citeproc-js's YAML dates: `[{year: 2009, month: 5}]`, two of them for a range.
  if (
    parts.length > 0 &&
    parts.length <= 2 &&
    parts.every((part) => typeof part === 'object' && part !== null && 'year' in part)
  ) {
    return {
      'date-parts': parts.map((part: Record<string, unknown>) =>
        [part['year'], part['month'], part['day']].filter(
          (piece) => piece !== undefined && piece !== null && piece !== '',
        ),
      ),
    };
  }
  return value;
}

/** A CSL-YAML file's items and where each starts, or the reason it cannot be read. */
export interface CslYamlItems {
  readonly items: { readonly line: number; readonly value: unknown; readonly problem?: string }[];
}

/**
 * The items of a CSL-YAML file: a list of items, or a document whose `references` is one (text before
 * a `---` line and after a closing `...` or `---` line, as in Markdown front matter, is left out).
 * Throws a `SyntaxError` naming the line when the file is not YAML or holds no list of items; an item
 * a YAML error falls in is given with its problem, and the others are read.
 */
export function readCslYaml(text: string): CslYamlItems {
  const lines = new YamlLines();
  const document = parseDocument(frontMatter(text), {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const root = document.contents;
  const list = isSeq(root) ? root : isMap(root) ? root.get('references', true) : undefined;
  if (!isSeq(list)) {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new SyntaxError(`line ${lines.linePos(error.pos[0]).line}: ${firstLine(error.message)}`);
    }
    throw new SyntaxError('it holds no list of references (a list, or "references:" with a list)');
  }
  const items = (list.items as YamlNode[]).map((node) => {
    const [start = 0, , end = start] = node.range ?? [];
    const line = lines.linePos(start).line;
    const error = document.errors.find((candidate) => candidate.pos[0] >= start && candidate.pos[0] < end);
    if (error !== undefined) return { line, value: null, problem: firstLine(error.message) };
    return { line, value: node.toJSON() as unknown };
  });
  return { items };
}

/** The YAML of a file that may be Markdown front matter: what lies between its `---` and `...` lines. */
function frontMatter(text: string): string {
  if (!/^---[ \t]*\r?\n/.test(text)) return text;
  const close = /^(?:\.\.\.|---)[ \t]*$/m.exec(text.slice(3));
  return close === null ? text : text.slice(0, 3 + close.index);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

/**
 * The number of items of a CSL-YAML file, counted from its lines before it is parsed: list items at
 * the indentation of the first one under `references:` (or at the top level).
 */
export function countCslYamlItems(text: string): number {
  const under = /^references:[ \t]*$/m.exec(text);
  const from = under === null ? 0 : under.index + under[0].length;
  const first = /^([ \t]*)- /m.exec(text.slice(from));
  if (first === null) return 0;
  const indent = first[1] ?? '';
  const item = new RegExp(`^${indent}- `, 'gm');
  let count = 0;
  for (const match of text.slice(from).matchAll(item)) if (match.index >= 0) count += 1;
  return count;
}

/** The CSL-JSON item of a span of a CSL-JSON array, or a `SyntaxError` naming what is wrong. */
export function readCslJsonItem(text: string, span: ReferenceSpan): unknown {
  return JSON.parse(text.slice(span.start, span.end));
}
