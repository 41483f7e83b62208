/**
 * Annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/): an
 * `AnnotationCollection` whose first page holds every annotation, and beside them, under Scholia's own
 * terms, what the W3C model has no place for: the documents (with their notes), the codebook (each tag
 * with its parent, colour and description) and the colour meanings, so a round trip through the file
 * loses nothing.
 *
 * Every resource has an IRI: the annotations, documents and tags are `urn:uuid:` of Scholia's ids; a
 * body, target or selector is its annotation's IRI with a fragment (`#target`, `#comment`, `#tag-1`); the
 * collection is `urn:sha256:` of what it holds, its own IRIs left out (so the same export has the same
 * id); its page and colour meanings are that IRI with a fragment (`#page-1`, `#color-green`).
 *
 * **Which text the positions count in.** A target's `source` is the document (`urn:uuid:` of its id),
 * of type `Text` and format `text/plain`: its Scholia plain-text projection (`shared/projection.ts`) at
 * the text revision `scholia:textRevision`, which `scholia:textModel` names. `scholia:original` is the
 * SHA-256 of the file it was imported from. As the W3C model asks, a `TextPositionSelector` counts
 * Unicode code points of that text, so the quote is exactly the code points from `start` to `end`. The
 * position is written only when the document's text is known to the writer (`ExportDocument.text`);
 * without it the quote with its context identifies the passage alone.
 *
 * An orphaned annotation (its passage deleted by an edit of the text, `scholia:orphanedAt`) has no
 * position in any text there is now, so its target has no `TextPositionSelector`; its old position is
 * kept beside it as `scholia:formerPosition`, in UTF-16 units of the text it was made on (as Scholia
 * stores it, since no text is left to count code points in), so an import brings it back unchanged.
 *
 * A tag body's `scholia:tagPath` (the names from the top of the codebook) is declared an `@list`, so
 * its order survives as RDF; so are the codebook and the documents.
 *
 * **Links between passages** follow the annotations on the same page, each an annotation with
 * `motivation: "linking"` (see {@link linkItem}): both passages as targets, the relation as a tagging
 * body (so a tool that knows nothing of Scholia shows its name as a tag), the comment as a commenting
 * body.
 */
import { createHash } from 'node:crypto';
import { codebookOrder, tagPathNames } from '../../shared/codebook';
import { DEFAULT_RELATIONS, relationLabel, type LinkRelation } from '../../shared/links';
import { HIGHLIGHT_COLORS, displayTitle, motivationOf, type Annotation } from '../../shared/model';
import { runSteps, type Steps } from '../util/sliced-work';
import {
  textOrder,
  type ExportDocument,
  type ExportLink,
  type ExportLinkEnd,
  type ExportSnapshot,
} from './snapshot';

/** The prefix of Scholia's own terms in the JSON-LD. */
export const SCHOLIA_NAMESPACE = 'https://scholia.invalid/ns#';

/** The W3C Web Annotation context, which every Web Annotation document names first. */
export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** What `scholia:textModel` says of a source: the text its positions count in. */
export const PLAIN_TEXT_MODEL = 'scholia:plainTextProjection';

/** Scholia's terms whose order or kind of value a plain JSON name would lose. */
const LOCAL_CONTEXT = {
  scholia: SCHOLIA_NAMESPACE,
  'scholia:tagPath': { '@id': 'scholia:tagPath', '@container': '@list' },
  'scholia:codebook': { '@id': 'scholia:codebook', '@container': '@list' },
  'scholia:documents': { '@id': 'scholia:documents', '@container': '@list' },
  'scholia:colorMeanings': { '@id': 'scholia:colorMeanings', '@container': '@list' },
  'scholia:tag': { '@id': 'scholia:tag', '@type': '@id' },
  'scholia:parent': { '@id': 'scholia:parent', '@type': '@id' },
  'scholia:original': { '@id': 'scholia:original', '@type': '@id' },
  'scholia:textModel': { '@id': 'scholia:textModel', '@type': '@id' },
  'scholia:url': { '@id': 'scholia:url', '@type': '@id' },
  'scholia:textRevision': { '@id': 'scholia:textRevision', '@type': 'xsd:nonNegativeInteger' },
  'scholia:orphanedAt': { '@id': 'scholia:orphanedAt', '@type': 'xsd:dateTime' },
  'scholia:passage': { '@id': 'scholia:passage', '@type': '@id' },
  'scholia:linkFrom': { '@id': 'scholia:linkFrom', '@type': '@id' },
  'scholia:linkTo': { '@id': 'scholia:linkTo', '@type': '@id' },
};

/** The W3C Web Annotation JSON-LD of the passages in `snapshot`. */
export function annotationsJsonLd(snapshot: ExportSnapshot, includeComments: boolean): string {
  return runSteps(annotationsJsonLdSteps(snapshot, includeComments));
}

/** How many annotations are written to text at once. */
const BATCH = 200;

/**
 * `items`, written as `JSON.stringify` writes them inside the collection (one space per level, the
 * items three levels deep), without the brackets around them: they are stringified inside the same
 * nesting and cut out of it.
 */
function itemsText(items: readonly unknown[]): string {
  const nested = JSON.stringify({ first: { items } }, null, 1);
  const open = '"items": [\n';
  return nested.slice(nested.indexOf(open) + open.length, nested.length - '\n  ]\n }\n}'.length);
}

/** How many of `count` items, from the first, satisfy `holds` (which holds for a prefix of them). */
function prefixLength(count: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (holds(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Offsets in one text counted both ways: in UTF-16 units (as Scholia's selectors and JavaScript count)
 * and in code points (as the W3C model counts). One pass over the text, then a binary search per offset.
 */
export class CodePoints {
  /** The UTF-16 offset of each surrogate pair (one code point in two units), in order. */
  private readonly pairs: number[] = [];

  constructor(text: string) {
    for (let index = 0; index + 1 < text.length; index += 1) {
      const high = text.charCodeAt(index);
      const low = text.charCodeAt(index + 1);
      if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        this.pairs.push(index);
        index += 1;
      }
    }
  }

  /** The number of code points before UTF-16 offset `offset`. */
  fromUtf16(offset: number): number {
    const { pairs } = this;
    return offset - prefixLength(pairs.length, (k) => (pairs[k] as number) + 2 <= offset);
  }

  /** The UTF-16 offset of code point `point`. */
  toUtf16(point: number): number {
    const { pairs } = this;
    // The k-th pair (from 0) starts at code point `pairs[k] - k`, which grows with k.
    return point + prefixLength(pairs.length, (k) => (pairs[k] as number) - k < point);
  }
}

/** The IRI of a Scholia id. */
function iri(id: string): string {
  return `urn:uuid:${id}`;
}

/** The source a target points to: the document's plain text, named as the module comment says. */
function sourceOf({ meta }: Pick<ExportDocument, 'meta'>): Record<string, unknown> {
  return {
    id: iri(meta.id),
    type: 'Text',
    format: 'text/plain',
    'scholia:textModel': PLAIN_TEXT_MODEL,
    'scholia:textRevision': meta.textRevision ?? 0,
    'scholia:original': `urn:sha256:${meta.contentHash}`,
    'scholia:title': displayTitle(meta),
    ...(meta.csl.URL === undefined ? {} : { 'scholia:url': meta.csl.URL }),
  };
}

/**
 * The selectors of a passage, named `<name>#quote` and `<name>#position`: its quote with its context,
 * and its position in code points when the text is known and the passage is still in it.
 */
function selectorsOf(annotation: Annotation, points: CodePoints | null, name: string): unknown[] {
  const [quote, position] = annotation.selectors;
  const selector: unknown[] = [
    {
      id: `${name}#quote`,
      type: 'TextQuoteSelector',
      exact: quote.exact,
      prefix: quote.prefix,
      suffix: quote.suffix,
    },
  ];
  // An orphaned annotation's old position is in no text there is now.
  if (points !== null && annotation.orphanedAt === undefined) {
    selector.push({
      id: `${name}#position`,
      type: 'TextPositionSelector',
      start: points.fromUtf16(position.start),
      end: points.fromUtf16(position.end),
    });
  }
  return selector;
}

function annotationItem(
  annotation: Annotation,
  document: ExportDocument,
  points: CodePoints | null,
  tagsById: ReadonlyMap<string, ExportSnapshot['tags'][number]>,
  includeComments: boolean,
): Record<string, unknown> {
  const id = iri(annotation.id);
  const position = annotation.selectors[1];
  const body: unknown[] = [];
  if (includeComments && annotation.comment !== '') {
    body.push({
      id: `${id}#comment`,
      type: 'TextualBody',
      value: annotation.comment,
      format: 'text/markdown',
      purpose: 'commenting',
    });
  }
  let tags = 0;
  for (const tagId of annotation.tagIds) {
    // Built from the tree rather than split from " › ", which a tag name may itself contain.
    const path = tagPathNames(tagsById, tagId);
    const name = path[path.length - 1];
    if (name === undefined) continue;
    body.push({
      id: `${id}#tag-${String((tags += 1))}`,
      type: 'TextualBody',
      value: name,
      purpose: 'tagging',
      'scholia:tag': iri(tagId),
      'scholia:tagPath': path,
    });
  }
  const selector = selectorsOf(annotation, points, id);
  return {
    id,
    type: 'Annotation',
    motivation: motivationOf(annotation),
    created: annotation.createdAt,
    modified: annotation.modifiedAt,
    ...(body.length > 0 ? { body } : {}),
    target: { id: `${id}#target`, type: 'SpecificResource', source: sourceOf(document), selector },
    'scholia:color': annotation.color,
    ...(annotation.orphanedAt === undefined
      ? {}
      : {
          'scholia:orphanedAt': annotation.orphanedAt,
          'scholia:formerPosition': { start: position.start, end: position.end },
        }),
  };
}

/**
 * A link between two passages as a linking annotation: its two targets are the passages, each as a
 * passage's target is written (source and selectors) with the passage's IRI as `scholia:passage`;
 * `scholia:linkFrom` and `scholia:linkTo` say which target the link starts at, since a JSON-LD
 * processor keeps the targets as a set, not in order. The relation is a tagging body whose value is its
 * name from the first passage, with its id and both names as Scholia's terms; the comment a commenting
 * body.
 */
function linkItem(
  link: ExportLink,
  pointsOf: (end: ExportLinkEnd) => CodePoints | null,
  relations: readonly LinkRelation[],
  includeComments: boolean,
): Record<string, unknown> {
  const { link: stored } = link;
  const id = iri(stored.id);
  const name = relationLabel(relations, stored.relationId, 'outgoing');
  const body: unknown[] = [
    {
      id: `${id}#relation`,
      type: 'TextualBody',
      value: name,
      purpose: 'tagging',
      'scholia:relationId': stored.relationId,
      'scholia:relationName': name,
      'scholia:inverseName': relationLabel(relations, stored.relationId, 'incoming'),
    },
  ];
  if (includeComments && stored.comment !== undefined && stored.comment.trim() !== '') {
    body.push({
      id: `${id}#comment`,
      type: 'TextualBody',
      value: stored.comment,
      format: 'text/markdown',
      purpose: 'commenting',
    });
  }
  const target = (end: ExportLinkEnd, which: 'from' | 'to') => ({
    id: `${id}#${which}`,
    type: 'SpecificResource',
    source: sourceOf(end),
    selector: selectorsOf(end.passage.annotation, pointsOf(end), `${id}#${which}`),
    'scholia:passage': iri(end.passage.annotation.id),
  });
  return {
    id,
    type: 'Annotation',
    motivation: 'linking',
    created: stored.createdAt,
    modified: stored.modifiedAt,
    body,
    target: [target(link.from, 'from'), target(link.to, 'to')],
    'scholia:linkFrom': `${id}#from`,
    'scholia:linkTo': `${id}#to`,
  };
}

/**
 * The library beside the annotations: documents with their notes, the codebook, the colour meanings
 * (each named by the collection's IRI `collection` with the colour as fragment).
 */
function libraryParts(snapshot: ExportSnapshot, collection: string): Record<string, unknown> {
  return {
    'scholia:documents': snapshot.documents.map((document) => ({
      ...sourceOf(document),
      ...(document.meta.note === '' ? {} : { 'scholia:note': document.meta.note }),
    })),
    // Parents before their sub-tags, siblings in the codebook's order: an importer can create them in turn.
    'scholia:codebook': codebookOrder(snapshot.tags).map(({ tag }) => ({
      id: iri(tag.id),
      type: 'scholia:Tag',
      'scholia:name': tag.name,
      ...(tag.parentId === null ? {} : { 'scholia:parent': iri(tag.parentId) }),
      ...(tag.color === null ? {} : { 'scholia:tagColor': tag.color }),
      ...(tag.description === '' ? {} : { 'scholia:description': tag.description }),
    })),
    'scholia:colorMeanings': HIGHLIGHT_COLORS.map((color) => ({
      id: `${collection}#color-${color}`,
      'scholia:color': color,
      'scholia:meaning': snapshot.colorLabels[color],
    })),
  };
}

/**
 * {@link annotationsJsonLd} in steps: the annotations are written a batch at a time (indented as they
 * sit in the whole, exactly as `JSON.stringify` of the whole would write them), yielding after each
 * annotation and each batch.
 */
export function* annotationsJsonLdSteps(snapshot: ExportSnapshot, includeComments: boolean): Steps<string> {
  const batches: string[] = [];
  let batch: unknown[] = [];
  let total = 0;
  const tagsById = new Map(snapshot.tags.map((tag) => [tag.id, tag]));
  const counted = new Map<string, CodePoints | null>();
  const pointsOf = (document: ExportDocument): CodePoints | null => {
    let points = counted.get(document.meta.id);
    if (points === undefined) {
      points = document.text === undefined ? null : new CodePoints(document.text);
      counted.set(document.meta.id, points);
    }
    return points;
  };
  for (const document of snapshot.documents) {
    const points = pointsOf(document);
    for (const { annotation } of [...document.passages].sort(textOrder)) {
      batch.push(annotationItem(annotation, document, points, tagsById, includeComments));
      total += 1;
      yield;
      if (batch.length >= BATCH) {
        batches.push(itemsText(batch));
        batch = [];
        yield;
      }
    }
  }
  // A link's passage outside the exported documents has no text here: its quote alone names it.
  const exported = new Map(snapshot.documents.map((document) => [document.meta.id, document]));
  const endPoints = (end: ExportLinkEnd): CodePoints | null => {
    const document = exported.get(end.meta.id);
    return document === undefined ? null : pointsOf(document);
  };
  const relations = snapshot.relations ?? DEFAULT_RELATIONS;
  for (const link of snapshot.links ?? []) {
    batch.push(linkItem(link, endPoints, relations, includeComments));
    total += 1;
    yield;
    if (batch.length >= BATCH) {
      batches.push(itemsText(batch));
      batch = [];
      yield;
    }
  }
  if (batch.length > 0) batches.push(itemsText(batch));
  // The collection is named by what it holds, its own names left out.
  const hash = createHash('sha256');
  for (const text of batches) hash.update(text);
  hash.update(JSON.stringify(libraryParts(snapshot, '')));
  const id = `urn:sha256:${hash.digest('hex')}`;
  const library = libraryParts(snapshot, id);
  const collection = {
    '@context': [ANNOTATION_CONTEXT, LOCAL_CONTEXT],
    id,
    type: 'AnnotationCollection',
    label: 'Annotations exported from Scholia',
    total,
    first: { id: `${id}#page-1`, type: 'AnnotationPage', partOf: id, startIndex: 0, items: [] },
    ...library,
  };
  const frame = JSON.stringify(collection, null, 1);
  if (total === 0) return `${frame}\n`;
  // The empty list stands where the items go: the frame's other values are fixed text without it.
  const at = frame.indexOf('"items": []');
  const list = `"items": [\n${batches.join(',\n')}\n  ]`;
  return `${frame.slice(0, at)}${list}${frame.slice(at + '"items": []'.length)}\n`;
}
