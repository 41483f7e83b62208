/**
 * Reading annotation files from other readers and tools: W3C Web Annotation JSON-LD (a single
 * annotation, an array, an `AnnotationPage` or an `AnnotationCollection`, as Scholia exports it),
 * Hypothesis JSON exports (an array of annotations, or the API's `{ rows: [...] }`), a Kindle's
 * `My Clippings.txt` (`kindle-clippings.ts`) and Taguette's highlights CSV (`taguette-csv-import.ts`).
 * Each annotation becomes an {@link IncomingAnnotation} or, when it cannot be read, a reason; the file
 * as a whole is refused only when it holds no annotations in any of these formats. A Scholia collection also
 * gives what it holds beside its annotations ({@link IncomingLibrary}: documents with their notes, the
 * codebook, the colour meanings), and its positions count code points of the plain text its sources
 * name (see `jsonld.ts`); other files' positions are taken as UTF-16 units, as JavaScript tools count.
 * Its linking annotations (links between passages) are read apart from the passages, as
 * {@link IncomingLink}s.
 */
import { ScholiaError } from '../../shared/errors';
import type { AnnotationFileFormat } from '../../shared/export-options';
import { HIGHLIGHT_COLORS, type HighlightColor, type Motivation } from '../../shared/model';
import { isKindleClippings, parseKindleClippings } from './kindle-clippings';
import { isTaguetteCsv, parseTaguetteCsv } from './taguette-csv-import';

/** One annotation read from a file, before it is placed in a document. */
export interface IncomingAnnotation {
  /** Its id in the file, or its position there (`#3`). */
  key: string;
  /** Scholia's id for it: the file's id without `urn:uuid:`, when it has a usable one. */
  id: string | null;
  exact: string;
  prefix: string;
  suffix: string;
  /** Where it is; `start === end` for a point (a margin note between two characters, `exact` empty). */
  position: { start: number; end: number } | null;
  /**
   * What `position` counts: code points, as the W3C model says and Scholia's exports since they name
   * their text model; UTF-16 units in Hypothesis exports and older Scholia ones.
   */
  positionUnit: 'code-points' | 'utf-16';
  comment: string;
  /** Each tag as a path of names from the top of the codebook. */
  tags: string[][];
  color: HighlightColor | null;
  motivation: Motivation;
  created: string | null;
  modified: string | null;
  /**
   * What identifies its document: content hash, Scholia document id, URL; and, for files that name
   * their documents only in words (Kindle clippings, Taguette's CSV, Scholia's own exports beside the
   * ids), its title and author.
   */
  source: {
    hash: string | null;
    documentId: string | null;
    url: string | null;
    title?: string;
    author?: string;
  };
  /**
   * Set for a Scholia export's orphaned annotation (one whose passage an edit of the text deleted):
   * when and where it was, so it can come back as an orphan where the text still lacks its passage.
   * `position` counts UTF-16 units of the text it was made on, as Scholia stores it; null when the file
   * does not say (exports from before it was written).
   */
  orphan?: { orphanedAt: string; position: { start: number; end: number } | null };
}

/**
 * An annotation of the file that could not be read, with the reason (a clause, completing "It could not
 * be read: …"); or, when `skipped`, an entry that is not to be imported at all (a Kindle bookmark, a
 * highlight a later one replaces), with the reason as a sentence of its own.
 */
export interface UnreadableAnnotation {
  key: string;
  quote: string;
  reason: string;
  skipped?: boolean;
}

/** A document of a Scholia export, as the file describes it. */
export interface IncomingDocument {
  source: IncomingAnnotation['source'];
  /** The reader's note on it (Markdown); empty for none. */
  note: string;
}

/** A tag of a Scholia export's codebook. */
export interface IncomingTag {
  /** Its names from the top of the codebook, its own last. */
  path: string[];
  color: string | null;
  description: string;
}

/** What a Scholia export holds beside its annotations (older exports and other tools: nothing). */
export interface IncomingLibrary {
  documents: IncomingDocument[];
  /** Parents before their sub-tags. */
  tags: IncomingTag[];
  colorLabels: Partial<Record<HighlightColor, string>>;
}

/** One end of a link read from a file: the passage's id there, and the passage as a target describes it. */
export interface IncomingLinkEnd {
  /** The passage's annotation id (`scholia:passage` without `urn:uuid:`), when the file gives a usable one. */
  annotationId: string | null;
  /** The passage's quote, position and document, to find it by when no annotation has that id. */
  passage: IncomingAnnotation;
}

/** A link between passages read from a linking annotation (`motivation: "linking"`, two targets). */
export interface IncomingLink {
  /** Its id in the file, or its position there (`#3`). */
  key: string;
  /** Scholia's id for it: the file's id without `urn:uuid:`, when it has a usable one. */
  id: string | null;
  from: IncomingLinkEnd;
  to: IncomingLinkEnd;
  /** Its relation: Scholia's id for it when the file gives one, and its names from each end. */
  relation: { id: string | null; name: string; inverseName: string };
  /** Its comment (Markdown); empty for none. */
  comment: string;
  created: string | null;
  modified: string | null;
}

/** A linking annotation of the file that could not be read, with why (completing "It could not be read: …"). */
export interface UnreadableLink {
  key: string;
  reason: string;
}

/** What an annotation file holds. */
export interface AnnotationFile {
  format: AnnotationFileFormat;
  items: (IncomingAnnotation | UnreadableAnnotation)[];
  /** The links between passages (W3C linking annotations); empty for the other formats. */
  links: (IncomingLink | UnreadableLink)[];
  library: IncomingLibrary;
}

const NO_LIBRARY: IncomingLibrary = { documents: [], tags: [], colorLabels: {} };

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

/** What to choose instead of a file Scholia cannot read annotations from. */
const FORMATS_IN_WORDS =
  'Choose a W3C Web Annotation (.jsonld) or Hypothesis (.json) export, a Kindle’s My Clippings.txt or a Taguette highlights CSV.';

/** Parses an annotation file; throws `invalid-input` naming `name` when it is in none of the formats. */
export function parseAnnotationFile(name: string, content: string): AnnotationFile {
  const bare = content.replace(/^\uFEFF/, '');
  const trimmed = bare.trimStart();
  // JSON is told by its first character; the other formats by their first lines.
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    if (isTaguetteCsv(bare)) {
      return { format: 'taguette-csv', items: parseTaguetteCsv(bare), links: [], library: NO_LIBRARY };
    }
    if (isKindleClippings(bare)) {
      return { format: 'kindle', items: parseKindleClippings(bare), links: [], library: NO_LIBRARY };
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bare);
  } catch (error) {
    throw new ScholiaError(
      'invalid-input',
      `${name} holds no annotations Scholia can read: it is not valid JSON (${error instanceof Error ? error.message : String(error)}), nor Kindle clippings or a Taguette highlights CSV. ${FORMATS_IN_WORDS}`,
      { path: name },
    );
  }
  const hypothesisRows =
    isObject(raw) && Array.isArray(raw['rows']) ? raw['rows'] : Array.isArray(raw) ? raw : null;
  if (hypothesisRows !== null && hypothesisRows.length > 0 && hypothesisRows.every(isHypothesis)) {
    return {
      format: 'hypothesis',
      items: hypothesisRows.map((row, index) => readHypothesis(row as Json, index)),
      links: [],
      library: NO_LIBRARY,
    };
  }
  const annotations = webAnnotations(raw);
  if (annotations === null) {
    throw new ScholiaError(
      'invalid-input',
      `${name} holds no annotations Scholia can read: it is neither W3C Web Annotation JSON-LD (objects of type "Annotation") nor a Hypothesis export. Export the annotations again as one of these, or choose a Kindle’s My Clippings.txt or a Taguette highlights CSV.`,
      { path: name },
    );
  }
  // Linking annotations are links between passages, not passages; each keeps its place in the file as its key.
  const indexed = annotations.map((item, index) => ({ item, index }));
  return {
    format: 'jsonld',
    items: indexed
      .filter(({ item }) => !isLinking(item))
      .map(({ item, index }) => readWebAnnotation(item, index)),
    links: indexed
      .filter(({ item }) => isLinking(item))
      .map(({ item, index }) => readLink(item as Json, index)),
    library: isObject(raw) ? readLibrary(raw) : NO_LIBRARY,
  };
}

/** Whether an annotation of the file links passages (its motivation, or one of them, is `linking`). */
function isLinking(item: unknown): boolean {
  return isObject(item) && asArray(item['motivation']).includes('linking');
}

/**
 * A linking annotation as Scholia's export writes it (`jsonld.ts`): the target `scholia:linkFrom` names
 * first, the one `scholia:linkTo` names second (else the targets in their order), the relation from its
 * tagging body, the comment from the others.
 */
function readLink(item: Json, index: number): IncomingLink | UnreadableLink {
  const key = text(item['id']) ?? `#${String(index + 1)}`;
  const targets = asArray(item['target']).filter(isObject);
  if (targets.length !== 2)
    return { key, reason: `it links ${String(targets.length)} passages, where a link joins two` };
  const named = (term: string) => {
    const wanted = text(item[term]) ?? (isObject(item[term]) ? text(item[term]['id']) : null);
    return wanted === null ? undefined : targets.find((target) => text(target['id']) === wanted);
  };
  const from = named('scholia:linkFrom') ?? targets[0];
  const to = named('scholia:linkTo') ?? targets.find((target) => target !== from);
  if (from === undefined || to === undefined || from === to)
    return { key, reason: 'its two targets are the same passage' };
  const ends: IncomingLinkEnd[] = [];
  for (const [which, target] of [
    ['first', from],
    ['second', to],
  ] as const) {
    // A link may end at a point note (an empty quote), so the end is read as a margin note's target is.
    const passage = readWebAnnotation(
      { id: `${key}#${which}`, type: 'Annotation', motivation: 'commenting', target },
      index,
    );
    if (!('exact' in passage))
      return { key, reason: `its ${which} passage cannot be read: ${passage.reason}` };
    const annotationId = idOf(target['scholia:passage']);
    ends.push({ annotationId, passage: { ...passage, id: annotationId } });
  }
  const [fromEnd, toEnd] = ends as [IncomingLinkEnd, IncomingLinkEnd];
  let relation: IncomingLink['relation'] | null = null;
  let comment = '';
  for (const body of asArray(item['body'])) {
    if (!isObject(body)) continue;
    const value = text(body['value'])?.trim() ?? '';
    if (body['purpose'] === 'tagging') {
      // The first tagging body names the relation; a link has one.
      if (relation !== null) continue;
      const name = text(body['scholia:relationName'])?.trim() || value;
      if (name === '') continue;
      relation = {
        id: idOf(body['scholia:relationId']),
        name,
        inverseName: text(body['scholia:inverseName'])?.trim() || name,
      };
    } else if (value !== '') {
      const whole = text(body['value']) ?? '';
      comment = comment === '' ? whole : `${comment}\n\n${whole}`;
    }
  }
  if (relation === null) return { key, reason: 'it names no relation (no tagging body)' };
  const created = text(item['created']);
  const modified = text(item['modified']);
  return {
    key,
    id: idOf(item['id']),
    from: fromEnd,
    to: toEnd,
    relation,
    comment,
    created: isTimestamp(created) ? created : null,
    modified: isTimestamp(modified) ? modified : null,
  };
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

/**
 * The quote and position of `selectors`; `null` without a quote. An empty quote is a point only where
 * `points` allows it (Scholia's margin notes) and a position or the text around it says where.
 */
function selectorsOf(
  selectors: unknown[],
  points: boolean,
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
  if (exact === null) return null;
  const start = position?.['start'];
  const end = position?.['end'];
  const valid =
    typeof start === 'number' &&
    typeof end === 'number' &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    (exact === '' ? end === start : end > start);
  const prefix = text(quote?.['prefix']) ?? '';
  const suffix = text(quote?.['suffix']) ?? '';
  // A point is found by its position, else by the text either side of it.
  if (exact === '' && !(points && (valid || prefix !== '' || suffix !== ''))) return null;
  return {
    exact,
    prefix,
    suffix,
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
  const motivation = item['motivation'] === 'commenting' ? 'commenting' : 'highlighting';
  const selected = selectorsOf(asArray(target['selector']), motivation === 'commenting');
  if (selected === null) return unreadable(key, '', 'its target has no TextQuoteSelector with a quote');
  const source = sourceOf(target);
  let comment = '';
  const tags: string[][] = [];
  for (const body of asArray(item['body'])) {
    if (!isObject(body)) continue;
    const value = text(body['value']);
    if (value === null) continue;
    if (body['purpose'] === 'tagging') {
      const path = namesOf(body['scholia:tagPath']);
      tags.push(path.length > 0 ? path : [value]);
    } else {
      comment = comment === '' ? value : `${comment}\n\n${value}`;
    }
  }
  const color = text(item['scholia:color']);
  const created = text(item['created']);
  const modified = text(item['modified']);
  const orphanedAt = text(item['scholia:orphanedAt']);
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
    motivation,
    created: isTimestamp(created) ? created : null,
    modified: isTimestamp(modified) ? modified : null,
    positionUnit: source.textModel ? 'code-points' : 'utf-16',
    source: source.source,
    ...(isTimestamp(orphanedAt)
      ? { orphan: { orphanedAt, position: formerPosition(item['scholia:formerPosition'], selected.exact) } }
      : {}),
  };
}

/**
 * An orphan's old position as Scholia's export writes it (`jsonld.ts`: UTF-16 units of the text it was
 * made on), or null when it is missing or does not fit the quote (empty exactly when it is a point).
 */
function formerPosition(value: unknown, exact: string): { start: number; end: number } | null {
  if (!isObject(value)) return null;
  const { start, end } = value;
  if (typeof start !== 'number' || typeof end !== 'number') return null;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0) return null;
  return (exact === '' ? end === start : end > start) ? { start, end } : null;
}

/** The items of a list-valued term: a JSON array, or the `@list` object an expanded or framed file holds. */
function listItems(value: unknown): unknown[] {
  return asArray(isObject(value) && '@list' in value ? value['@list'] : value);
}

/** The names of a tag path. */
function namesOf(value: unknown): string[] {
  return listItems(value).filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

/** The objects of a list-valued term. */
function objectsOf(value: unknown): Json[] {
  return listItems(value).filter(isObject);
}

function hashOf(value: string | null): string | null {
  return value?.startsWith('urn:sha256:') === true ? value.slice('urn:sha256:'.length).toLowerCase() : null;
}

/**
 * What identifies a target's document, and whether its positions count code points: a source object
 * as Scholia writes it now (the document's `urn:uuid:`, its original's `urn:sha256:`, a text model), or
 * a source IRI with the document's id and URL beside it on the target, as older exports wrote it.
 */
function sourceOf(target: Json): { source: IncomingAnnotation['source']; textModel: boolean } {
  const raw = target['source'];
  const described = isObject(raw) ? raw : null;
  const sourceIri = described === null ? text(raw) : text(described['id']);
  const original = described === null ? null : text(described['scholia:original']);
  const url = text(described?.['scholia:url']) ?? text(target['scholia:url']);
  const title = text(described?.['scholia:title'])?.trim() ?? '';
  return {
    source: {
      ...(title === '' ? {} : { title }),
      hash: hashOf(original) ?? hashOf(sourceIri),
      documentId:
        text(target['scholia:documentId']) ??
        (sourceIri?.startsWith('urn:uuid:') === true ? idOf(sourceIri) : null),
      url: url ?? (sourceIri !== null && /^https?:/.test(sourceIri) ? sourceIri : null),
    },
    textModel: described !== null && text(described['scholia:textModel']) !== null,
  };
}

/** The documents, codebook and colour meanings of a Scholia export; what is not readable is left out. */
function readLibrary(raw: Json): IncomingLibrary {
  const documents: IncomingDocument[] = [];
  for (const entry of objectsOf(raw['scholia:documents'])) {
    documents.push({ source: sourceOf({ source: entry }).source, note: text(entry['scholia:note']) ?? '' });
  }
  const paths = new Map<string, string[]>();
  const tags: IncomingTag[] = [];
  for (const entry of objectsOf(raw['scholia:codebook'])) {
    const name = text(entry['scholia:name'])?.trim() ?? '';
    const id = text(entry['id']);
    const parent = text(entry['scholia:parent']);
    if (name === '' || id === null) continue;
    const parentPath = parent === null ? [] : paths.get(parent);
    // A tag whose parent is not listed before it cannot be placed in the tree.
    if (parentPath === undefined) continue;
    const path = [...parentPath, name];
    paths.set(id, path);
    tags.push({
      path,
      color: text(entry['scholia:tagColor']),
      description: text(entry['scholia:description']) ?? '',
    });
  }
  const colorLabels: Partial<Record<HighlightColor, string>> = {};
  for (const entry of objectsOf(raw['scholia:colorMeanings'])) {
    const color = text(entry['scholia:color']);
    const meaning = text(entry['scholia:meaning']);
    if (color !== null && meaning !== null && (HIGHLIGHT_COLORS as readonly string[]).includes(color)) {
      colorLabels[color as HighlightColor] = meaning;
    }
  }
  return { documents, tags, colorLabels };
}

function readHypothesis(row: Json, index: number): IncomingAnnotation | UnreadableAnnotation {
  const key = text(row['id']) ?? `#${String(index + 1)}`;
  const target = asArray(row['target']).find(isObject);
  if (target === undefined) return unreadable(key, '', 'it has no target (a page note, not a passage)');
  const selected = selectorsOf(asArray(target['selector']), false);
  if (selected === null)
    return unreadable(key, '', 'it has no quoted passage (a page note, not a highlight)');
  const created = text(row['created']);
  const modified = text(row['updated']);
  const comment = text(row['text']) ?? '';
  const page = row['document'];
  const title = asArray(isObject(page) ? page['title'] : undefined).find(
    (name): name is string => typeof name === 'string' && name.trim() !== '',
  );
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
    positionUnit: 'utf-16',
    source: {
      hash: null,
      documentId: null,
      url: text(target['source']) ?? text(row['uri']),
      // The page's title as Hypothesis saw it: a copy of the page imported from a file has no URL.
      ...(title === undefined ? {} : { title: title.trim() }),
    },
  };
}
