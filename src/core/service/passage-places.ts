/**
 * Where passages are in their documents: the paragraph each starts in and its locator for a citation
 * (its page or pages where the text has the original's pages, else its paragraph), from where each
 * paragraph and page starts in the document's plain text, kept per text version.
 */
import type { Annotation, DocumentMeta } from '../../shared/model';
import { passageLocator, type PageStart, type PassageLocator } from '../../shared/pages';
import { paragraphAt } from '../export/snapshot';
import type { LibraryStore } from '../store/library-store';
import { projectionOf } from './annotation-checks';
import type { ServiceContext } from './service-context';

/** Where a document's paragraphs and pages start in its plain text. */
export interface TextPlaces {
  offsets: number[];
  pages: readonly PageStart[];
}

const placeCaches = new WeakMap<LibraryStore, Map<string, { version: number; places: TextPlaces }>>();

/**
 * Where each paragraph and page of a document starts in its plain text, kept per text version: an
 * export of a whole library needs them for every document, far more than the projection cache holds.
 */
export async function textPlaces(context: ServiceContext, meta: DocumentMeta): Promise<TextPlaces> {
  let cache = placeCaches.get(context.store);
  if (cache === undefined) {
    cache = new Map();
    placeCaches.set(context.store, cache);
  }
  const version = context.store.textVersion(meta.id);
  const cached = cache.get(meta.id);
  if (cached?.version === version) return cached.places;
  const { projection, version: projected } = await projectionOf(context, meta);
  const places = { offsets: projection.blocks.map((block) => block.offset), pages: projection.pages };
  cache.set(meta.id, { version: projected, places });
  return places;
}

/** Where a passage is, for the reader (its paragraph) and for a citation (its locator). */
export function passagePlace(
  annotation: Annotation,
  places: TextPlaces | null,
  meta: DocumentMeta,
): { paragraph: number | null; locator: PassageLocator | null } {
  if (places === null || annotation.orphanedAt !== undefined) return { paragraph: null, locator: null };
  const { start, end } = annotation.selectors[1];
  const paragraph = paragraphAt(places.offsets, start);
  return { paragraph, locator: passageLocator(places.pages, { start, end, paragraph }, meta.pageOffset) };
}

