/**
 * A reference file's entries as CSL items, read with Scholia's own parsers (BibTeX and biblatex,
 * RIS, CSL-JSON, CSL-YAML): the file is cut into entries and counted before any is parsed
 * (`reference-text.ts`), then read a step of entries at a time; an entry that cannot be read is given
 * with its line and what is wrong with it, and the others are read.
 */
import type { ReferenceFormat } from '../../shared/import-formats';
import { bibtexEntryToCsl } from './bibtex-csl';
import { withInheritedFields } from './bibtex-inherit';
import { BibtexMacros, BibtexSyntaxError, readBibtexEntry, type BibtexEntry } from './bibtex-parse';
import { countCslYamlItems, normalCslItem, readCslYaml } from './csl-data';
import { isBibtexReference, splitBibtex, splitCslJson, splitRis, type ReferenceSpan } from './reference-text';
import { risRecordToCsl, type RisFileState } from './ris-csl';
import { readRisRecord } from './ris-parse';

/** One entry of a reference file: its CSL item, or why it could not be read. */
export interface ReferenceEntry {
  /** The line the entry starts on, counted from 1. */
  readonly line: number;
  /** The entry's key or id, where it has one: what it is called when it has no title. */
  readonly key: string;
  /** The entry as a loose CSL object (for the CSL schema to check); null when it could not be read. */
  readonly csl: Record<string, unknown> | null;
  /** Why it could not be read ("unbalanced braces in field title"), when it could not. */
  readonly problem?: string;
}

/** How reading pauses between steps: after each `step` entries, `onStep` is told and `pause` awaited. */
export interface ReadSteps {
  readonly step: number;
  readonly onStep: (done: number, total: number) => void;
  readonly pause: () => Promise<void>;
}

/** A reference file cut into its entries, counted and not yet parsed. */
export interface ReferenceFile {
  /** How many references it holds. */
  readonly count: number;
  /** Its entries in file order, read a step at a time. */
  read(steps: ReadSteps): Promise<ReferenceEntry[]>;
}

/**
 * The file `text` of `format`, cut into entries (a byte order mark before it is dropped). Throws a
 * `SyntaxError` saying what is wrong when the file as a whole cannot be read (a CSL-JSON file that is
 * not JSON, a CSL-YAML file without a list of references).
 */
export function referenceFile(text: string, format: ReferenceFormat): ReferenceFile {
  return READERS[format](text.replace(/^\uFEFF/, ''));
}

const READERS: Readonly<Record<ReferenceFormat, (text: string) => ReferenceFile>> = {
  bibtex: bibtexFile,
  ris: risFile,
  'csl-json': cslJsonFile,
  'csl-yaml': cslYamlFile,
};

function bibtexFile(text: string): ReferenceFile {
  const spans = splitBibtex(text);
  const count = spans.filter(isBibtexReference).length;
  return {
    count,
    async read(steps) {
      const macros = new BibtexMacros();
      const read: (BibtexEntry | ReferenceEntry)[] = [];
      let done = 0;
      for (const span of spans) {
        try {
          const entry = readBibtexEntry(text, span, macros);
          if (entry !== null) read.push(entry);
        } catch (error) {
          if (!(error instanceof BibtexSyntaxError)) throw error;
          read.push({ line: span.line, key: keyOf(text, span), csl: null, problem: error.message });
        }
        if (!isBibtexReference(span)) continue;
        done += 1;
        if (done % steps.step === 0 && done < count) {
          steps.onStep(done, count);
          await steps.pause();
        }
      }
      if (count > 0) steps.onStep(count, count);
      // Entries take fields from those they name (crossref, xdata) only once all are read.
      const parsed = withInheritedFields(read.filter((entry): entry is BibtexEntry => 'fields' in entry));
      const inherited = new Map(
        read.filter((entry) => 'fields' in entry).map((entry, index) => [entry, parsed[index]]),
      );
      const entries: ReferenceEntry[] = [];
      for (const [index, entry] of read.entries()) {
        if (index > 0 && index % steps.step === 0) await steps.pause();
        if (!('fields' in entry)) {
          entries.push(entry);
          continue;
        }
        if (entry.type === 'xdata' || entry.type === 'set') continue;
        const full = inherited.get(entry) ?? entry;
        entries.push({ line: entry.line, key: entry.key, csl: bibtexEntryToCsl(full) });
      }
      return entries;
    },
  };
}

/** The key of an entry that could not be read, as far as its head gives it. */
function keyOf(text: string, span: ReferenceSpan): string {
  return (
    /^@\s*\w+\s*[{(]\s*([^,\s=}]*)\s*,/.exec(
      text.slice(span.start, Math.min(span.end, span.start + 300)),
    )?.[1] ?? ''
  );
}

function risFile(text: string): ReferenceFile {
  const spans = splitRis(text);
  return {
    count: spans.length,
    read: (steps) => {
      const state: RisFileState = { proCite: false };
      return inSteps(spans, steps, (span) => {
        const record = readRisRecord(text, span);
        const key = record.tags.find((tag) => tag.tag === 'ID')?.value.trim() ?? '';
        if (record.tags.filter((tag) => tag.tag !== 'TY').length === 0) {
          return { line: span.line, key, csl: null, problem: 'the record holds nothing but its type' };
        }
        return { line: span.line, key, csl: risRecordToCsl(record, state) };
      });
    },
  };
}

function cslJsonFile(text: string): ReferenceFile {
  const spans = splitCslJson(text);
  if (spans === null) {
    // Not an array of objects: parsed whole, and a syntax error is the file's.
    const parsed: unknown = JSON.parse(text);
    const list = listOf(parsed);
    return {
      count: list.length,
      read: (steps) => inSteps(list, steps, (item) => ({ line: 1, key: idOf(item), ...itemOf(item) })),
    };
  }
  return {
    count: spans.length,
    read: (steps) =>
      inSteps(spans, steps, (span) => {
        if (!span.closed) return { line: span.line, key: '', csl: null, problem: 'the item is not closed' };
        let item: unknown;
        try {
          item = JSON.parse(text.slice(span.start, span.end));
        } catch (error) {
          return { line: span.line, key: '', csl: null, problem: jsonProblem(error, text, span) };
        }
        return { line: span.line, key: idOf(item), ...itemOf(item) };
      }),
  };
}

/** A CSL-JSON document's items: an array, an object's `items` or `references`, or one item. */
function listOf(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    for (const name of ['items', 'references'])
      if (Array.isArray(record[name])) return record[name] as unknown[];
  }
  return [parsed];
}

function itemOf(item: unknown): { csl: Record<string, unknown> | null; problem?: string } {
  const normal = normalCslItem(item);
  if (typeof normal !== 'object' || normal === null || Array.isArray(normal)) {
    return { csl: null, problem: 'it is not a CSL item (an object with fields)' };
  }
  return { csl: normal as Record<string, unknown> };
}

function idOf(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['id'] : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** JSON's syntax error for an item, with the line of the file it is on. */
function jsonProblem(error: unknown, text: string, span: ReferenceSpan): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const reason = message.replace(/\s*(?:in JSON )?at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  if (position === null) return `not valid JSON (${reason})`;
  const before = text.slice(span.start, span.start + Number(position[1]));
  const line = span.line + (before.match(/\n/g)?.length ?? 0);
  return `not valid JSON at line ${line} (${reason})`;
}

function cslYamlFile(text: string): ReferenceFile {
  const count = countCslYamlItems(text);
  return {
    count,
    read: async (steps) => {
      const { items } = readCslYaml(text);
      return inSteps(items, steps, (item) => {
        if (item.problem !== undefined) return { line: item.line, key: '', csl: null, problem: item.problem };
        return { line: item.line, key: idOf(item.value), ...itemOf(item.value) };
      });
    },
  };
}

/** `read` of each of `parts`, with a pause and progress after each step. */
async function inSteps<T>(
  parts: readonly T[],
  steps: ReadSteps,
  read: (part: T) => ReferenceEntry,
): Promise<ReferenceEntry[]> {
  const entries: ReferenceEntry[] = [];
  for (const [index, part] of parts.entries()) {
    entries.push(read(part));
    const done = index + 1;
    if (done % steps.step === 0 && done < parts.length) {
      steps.onStep(done, parts.length);
      await steps.pause();
    }
  }
  if (parts.length > 0) steps.onStep(parts.length, parts.length);
  return entries;
}
