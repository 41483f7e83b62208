/**
 * Real documents for tests of the store and the service: the two web articles in `tests/fixtures`,
 * turned into ProseMirror JSON (one paragraph per block of lines) and matching metadata, and edits of
 * them made as the reader's editor makes them. Used only by `*.test.ts` files.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Transform } from 'prosemirror-transform';
import { describeRange } from '../../shared/anchoring/describe';
import type { Annotation, CslDraft, DocumentMeta, Selectors } from '../../shared/model';
import { offsetToPos, posToOffset, projectDocument, type Projection } from '../../shared/projection';
import { docFromJSON, type DocJSON } from '../../shared/schema';
import { FIXTURE_FILES, readFixture } from '../import/test-fixtures';

/** The text of a fixture article, exactly as on disk. */
export function fixtureText(name: keyof typeof FIXTURE_FILES): string {
  return readFixture(FIXTURE_FILES[name]);
}

/** The USSR article's reference, as its reader would enter it. */
export const USSR_CSL: CslDraft = {
  type: 'article-newspaper',
  title: 'USSR 1989: The collapse of Stalinism',
  author: [{ family: 'Doyle', given: 'Clare' }],
  issued: { 'date-parts': [[2009, 11, 18]] },
  'container-title': 'The Socialist',
  URL: 'https://www.socialistparty.org.uk/articles/8454',
};

/** A document of one paragraph per blank-line-separated block of `text`. */
export function paragraphsDoc(text: string): DocJSON {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
  return {
    type: 'doc',
    content: blocks.map((block) => ({ type: 'paragraph', content: [{ type: 'text', text: block }] })),
  };
}

/** The plain-text projection of {@link paragraphsDoc}`(text)`: the text of a document imported from `text`. */
export function paragraphsText(text: string): string {
  return projectDocument(docFromJSON(paragraphsDoc(text))).text;
}

/** Metadata for a document made from `text`, as an importer would describe it. */
export function metaFor(
  text: string,
  title: string,
  fileName: string,
  id: string = randomUUID(),
): DocumentMeta {
  const now = new Date().toISOString();
  return {
    id,
    csl: { id, type: 'article-newspaper', title },
    note: '',
    source: { fileName, format: 'txt', byteLength: Buffer.byteLength(text) },
    contentHash: createHash('sha256').update(text).digest('hex'),
    wordCount: text.split(/\s+/).filter(Boolean).length,
    addedAt: now,
    modifiedAt: now,
  };
}

/** Where an annotation is after an edit of the text: fresh selectors, or `null` when its passage was deleted. */
export interface Placement {
  id: string;
  selectors: Selectors | null;
}

/**
 * Edits `doc` the way the reader's editor does: `change` applies steps to a ProseMirror transform, and
 * every annotation's passage follows the transform's mapping to fresh selectors over the new text
 * (`null` when the passage was deleted entirely). Resolves to the new text and every placement.
 */
export function editText(
  doc: DocJSON,
  annotations: readonly Pick<Annotation, 'id' | 'selectors'>[],
  change: (transform: Transform, projection: Projection) => void,
): { doc: DocJSON; placements: Placement[] } {
  const before = docFromJSON(doc);
  const oldProjection = projectDocument(before);
  const transform = new Transform(before);
  change(transform, oldProjection);
  const newProjection = projectDocument(transform.doc);
  const placements = annotations.map(({ id, selectors: [, position] }) => {
    const from = transform.mapping.map(offsetToPos(oldProjection, position.start, 1), 1);
    const to = transform.mapping.map(offsetToPos(oldProjection, position.end, -1), -1);
    if (to <= from) return { id, selectors: null };
    const start = posToOffset(newProjection, from, 1);
    const end = posToOffset(newProjection, to, -1);
    if (end <= start) return { id, selectors: null };
    return { id, selectors: describeRange(newProjection.text, start, end) };
  });
  return { doc: transform.doc.toJSON() as DocJSON, placements };
}

/** Deletes the first `count` blocks of the document `transform` holds (the clutter at the top of a web page). */
export function deleteLeadingBlocks(transform: Transform, count: number): void {
  let end = 0;
  for (let i = 0; i < count; i++) end += transform.doc.child(i).nodeSize;
  transform.delete(0, end);
}
