/**
 * Reading annotation files from other readers and tools: W3C Web Annotation JSON-LD (a single
 * annotation, an array, an `AnnotationPage` or an `AnnotationCollection`, as Scholia exports it) and
 * Hypothesis JSON exports (an array of annotations, or the API's `{ rows: [...] }`). Each annotation
 * becomes an {@link IncomingAnnotation} or, when it cannot be read, a reason; the file as a whole is
 * refused only when it is not JSON or holds no annotations in either format.
 */
import { ScholiaError } from '../../shared/errors';
import { HIGHLIGHT_COLORS, type HighlightColor, type Motivation } from '../../shared/model';

/** One annotation read from a file, before it is placed in a document. */
export interface IncomingAnnotation {
  /** Its id in the file, or its position there (`#3`). */
  key: string;
  /** Scholia's id for it: the file's id without `urn:uuid:`, when it has a usable one. */
  id: string | null;
  exact: string;
  prefix: string;
  suffix: string;
  position: { start: number; end: number } | null;
  comment: string;
  /** Each tag as a path of names from the top of the codebook. */
  tags: string[][];
  color: HighlightColor | null;
  motivation: Motivation;
  created: string | null;
  modified: string | null;
  /** What identifies its document: content hash, Scholia document id, URL. */
  source: { hash: string | null; documentId: string | null; url: string | null };
}

/** An annotation of the file that could not be read, with the reason. */
export interface UnreadableAnnotation {
  key: string;
  quote: string;
  reason: string;
}

/** What an annotation file holds. */
export interface AnnotationFile {
  format: 'jsonld' | 'hypothesis';
  items: (IncomingAnnotation | UnreadableAnnotation)[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isTimestamp(value: string | null): value is string {
  return value !== null && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value);
}

/** Parses an annotation file; throws `invalid-input` naming `name` when it is neither format. */
export function parseAnnotationFile(name: string, content: string): AnnotationFile {
  let raw: unknown;
  try {
    raw = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ScholiaError(
      'invalid-input',
      `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Choose a W3C Web Annotation (.jsonld) or Hypothesis (.json) export.`,
      { path: name },
    );
  }
  const hypothesisRows =
    isObject(raw) && Array.isArray(raw['rows']) ? raw['rows'] : Array.isArray(raw) ? raw : null;
  if (hypothesisRows !== null && hypothesisRows.length > 0 && hypothesisRows.every(isHypothesis)) {
    return {
      format: 'hypothesis',
      items: hypothesisRows.map((row, index) => readHypothesis(row as Json, index)),
    };
  }
  const annotations = webAnnotations(raw);
  if (annotations === null) {
    throw new ScholiaError(
      'invalid-input',
      `${name} holds no annotations Scholia can read: it is neither W3C Web Annotation JSON-LD (objects of type "Annotation") nor a Hypothesis export. Export the annotations again as one of these.`,
      { path: name },
    );
  }
  return { format: 'jsonld', items: annotations.map((item, index) => readWebAnnotation(item, index)) };
}

function isHypothesis(row: unknown): boolean {
  return (
    isObject(row) &&
    Array.isArray(row['target']) &&
    ('uri' in row || 'text' in row) &&
    row['type'] !== 'Annotation'
  );
}

function webAnnotations(raw: unknown): unknown[] | null {
  if (Array.isArray(raw)) {
    const annotations = raw.filter((item) => isObject(item) && item['type'] === 'Annotation');
    return annotations.length === 0 ? null : annotations;
  }
  if (!isObject(raw)) return null;
  if (raw['type'] === 'Annotation') return [raw];
  if (raw['type'] === 'AnnotationPage') return asArray(raw['items']);
  if (raw['type'] === 'AnnotationCollection') {
    const first = raw['first'];
    if (isObject(first)) return asArray(first['items']);
    return asArray(raw['items']);
  }
  return null;
}

function unreadable(key: string, quote: string, reason: string): UnreadableAnnotation {
  return { key, quote, reason };
}

function selectorsOf(
  selectors: unknown[],
): Pick<IncomingAnnotation, 'exact' | 'prefix' | 'suffix' | 'position'> | null {
  let quote: Json | undefined;
  let position: Json | undefined;
  for (const selector of selectors) {
    if (!isObject(selector)) continue;
    if (selector['type'] === 'TextQuoteSelector') quote = selector;
    if (selector['type'] === 'TextPositionSelector') position = selector;
    // A range or XPath selector (from a web page) says nothing about plain text; the quote is enough.
  }
  const exact = text(quote?.['exact']);
  if (exact === null || exact === '') return null;
  const start = position?.['start'];
  const end = position?.['end'];
  const valid =
    typeof start === 'number' &&
    typeof end === 'number' &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end > start;
  return {
    exact,
    prefix: text(quote?.['prefix']) ?? '',
    suffix: text(quote?.['suffix']) ?? '',
    position: valid ? { start, end } : null,
  };
}

function idOf(value: unknown): string | null {
  const id = text(value);
  if (id === null) return null;
  const bare = id.replace(/^urn:uuid:/, '');
  return /^[\w.:-]{1,200}$/.test(bare) ? bare : null;
}

function readWebAnnotation(item: unknown, index: number): IncomingAnnotation | UnreadableAnnotation {
  const fallbackKey = `#${String(index + 1)}`;
  if (!isObject(item)) return unreadable(fallbackKey, '', 'it is not an annotation object');
  const key = text(item['id']) ?? fallbackKey;
  const target = asArray(item['target']).find(isObject);
  if (target === undefined) return unreadable(key, '', 'it has no target (no passage it refers to)');
  const selected = selectorsOf(asArray(target['selector']));
  if (selected === null) return unreadable(key, '', 'its target has no TextQuoteSelector with a quote');
  let comment = '';
  const tags: string[][] = [];
  for (const body of asArray(item['body'])) {
    if (!isObject(body)) continue;
    const value = text(body['value']);
    if (value === null) continue;
    if (body['purpose'] === 'tagging') {
      const path = asArray(body['scholia:tagPath']).filter(
        (name): name is string => typeof name === 'string' && name.trim() !== '',
      );
      tags.push(path.length > 0 ? path : [value]);
    } else {
      comment = comment === '' ? value : `${comment}\n\n${value}`;
    }
  }
  const source = text(target['source']);
  const color = text(item['scholia:color']);
  const created = text(item['created']);
  const modified = text(item['modified']);
  return {
    key,
    id: idOf(item['id']),
    ...selected,
    comment,
    tags,
    color:
      color !== null && (HIGHLIGHT_COLORS as readonly string[]).includes(color)
        ? (color as HighlightColor)
        : null,
    motivation: item['motivation'] === 'commenting' ? 'commenting' : 'highlighting',
    created: isTimestamp(created) ? created : null,
    modified: isTimestamp(modified) ? modified : null,
    source: {
      hash:
        source?.startsWith('urn:sha256:') === true ? source.slice('urn:sha256:'.length).toLowerCase() : null,
      documentId: text(target['scholia:documentId']),
      url: text(target['scholia:url']) ?? (source !== null && /^https?:/.test(source) ? source : null),
    },
  };
}

function readHypothesis(row: Json, index: number): IncomingAnnotation | UnreadableAnnotation {
  const key = text(row['id']) ?? `#${String(index + 1)}`;
  const target = asArray(row['target']).find(isObject);
  if (target === undefined) return unreadable(key, '', 'it has no target (a page note, not a passage)');
  const selected = selectorsOf(asArray(target['selector']));
  if (selected === null)
    return unreadable(key, '', 'it has no quoted passage (a page note, not a highlight)');
  const created = text(row['created']);
  const modified = text(row['updated']);
  const comment = text(row['text']) ?? '';
  return {
    key,
    id: null,
    ...selected,
    comment,
    tags: asArray(row['tags'])
      .filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '')
      .map((tag) => [tag.trim()]),
    color: null,
    motivation: 'highlighting',
    created: isTimestamp(created) ? created : null,
    modified: isTimestamp(modified) ? modified : null,
    source: { hash: null, documentId: null, url: text(target['source']) ?? text(row['uri']) },
  };
}
