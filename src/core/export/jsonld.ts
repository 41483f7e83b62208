/**
 * Annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/): an
 * `AnnotationCollection` whose first page holds every annotation. Each annotation's target is its
 * document — `source` is the SHA-256 of the imported file as a `urn:sha256:` IRI — with a
 * `TextQuoteSelector` and a `TextPositionSelector` over the document's plain text; its tags are
 * `TextualBody`s with purpose `tagging`, its comment a `TextualBody` in `text/markdown`. What the W3C
 * model has no term for (the colour, the document's id, title and URL, the full tag path) is kept under
 * the `scholia:` prefix so a round trip through the file loses nothing.
 */
import { tagPathNames } from '../../shared/codebook';
import { displayTitle, motivationOf } from '../../shared/model';
import { runSteps, type Steps } from '../util/sliced-work';
import { textOrder, type ExportSnapshot } from './snapshot';

/** The prefix of Scholia's own terms in the JSON-LD. */
export const SCHOLIA_NAMESPACE = 'https://scholia.invalid/ns#';

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
  for (const document of snapshot.documents) {
    const { meta } = document;
    for (const { annotation } of [...document.passages].sort(textOrder)) {
      const [quote, position] = annotation.selectors;
      const body: unknown[] = [];
      if (includeComments && annotation.comment !== '') {
        body.push({
          type: 'TextualBody',
          value: annotation.comment,
          format: 'text/markdown',
          purpose: 'commenting',
        });
      }
      for (const tagId of annotation.tagIds) {
        // Built from the tree rather than split from " › ", which a tag name may itself contain.
        const path = tagPathNames(tagsById, tagId);
        const name = path[path.length - 1];
        if (name === undefined) continue;
        body.push({ type: 'TextualBody', value: name, purpose: 'tagging', 'scholia:tagPath': path });
      }
      const item = {
        id: `urn:uuid:${annotation.id}`,
        type: 'Annotation',
        motivation: motivationOf(annotation),
        created: annotation.createdAt,
        modified: annotation.modifiedAt,
        ...(body.length > 0 ? { body } : {}),
        target: {
          source: `urn:sha256:${meta.contentHash}`,
          'scholia:documentId': meta.id,
          'scholia:title': displayTitle(meta),
          ...(meta.csl.URL === undefined ? {} : { 'scholia:url': meta.csl.URL }),
          selector: [
            { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
            { type: 'TextPositionSelector', start: position.start, end: position.end },
          ],
        },
        'scholia:color': annotation.color,
        ...(annotation.orphanedAt === undefined ? {} : { 'scholia:orphanedAt': annotation.orphanedAt }),
      };
      batch.push(item);
      total += 1;
      yield;
      if (batch.length >= BATCH) {
        batches.push(itemsText(batch));
        batch = [];
        yield;
      }
    }
  }
  if (batch.length > 0) batches.push(itemsText(batch));
  const collection = {
    '@context': ['http://www.w3.org/ns/anno.jsonld', { scholia: SCHOLIA_NAMESPACE }],
    type: 'AnnotationCollection',
    label: 'Annotations exported from Scholia',
    total,
    first: { type: 'AnnotationPage', startIndex: 0, items: [] },
  };
  const frame = JSON.stringify(collection, null, 1);
  if (total === 0) return `${frame}\n`;
  // The empty list stands where the items go: the frame's other values are fixed text without it.
  const at = frame.lastIndexOf('"items": []');
  const list = `"items": [\n${batches.join(',\n')}\n  ]`;
  return `${frame.slice(0, at)}${list}${frame.slice(at + '"items": []'.length)}\n`;
}
