/**
 * Where the reader left each document: the character of the text (an offset of its plain-text
 * projection) at the top of the screen when they last scrolled, so that a document reopens there.
 * An offset, not a scroll height, because the height changes with the window, the text size and the
 * column width while the words stay where they are. Kept in this browser's local storage, as a
 * preference of this screen (another computer keeps its own), for the most recently read
 * {@link MAX_PLACES} documents.
 */

/** How many documents' places are remembered; the least recently read are forgotten first. */
export const MAX_PLACES = 500;

const STORAGE_KEY = 'scholia.reading-places.v1';

/** One document's place. */
export interface ReadingPlace {
  /** The offset in the document's text at the top of the screen. */
  readonly offset: number;
  /** When it was last read (milliseconds since 1970), which decides what is forgotten first. */
  readonly at: number;
}

/** The part of `Storage` the places use. */
export type PlacesStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The stored places; anything damaged is left out (the document then opens at its start). */
export function parseReadingPlaces(stored: string | null): Map<string, ReadingPlace> {
  const places = new Map<string, ReadingPlace>();
  if (stored === null) return places;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return places;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return places;
  for (const [id, place] of Object.entries(value as Record<string, unknown>)) {
    if (typeof place !== 'object' || place === null) continue;
    const { offset, at } = place as { offset?: unknown; at?: unknown };
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) continue;
    if (typeof at !== 'number' || !Number.isFinite(at)) continue;
    places.set(id, { offset, at });
  }
  return places;
}

/** Where `documentId` was left, or null when it was not (or is no longer) remembered. */
export function readingPlaceOf(storage: PlacesStorage, documentId: string): ReadingPlace | null {
  return parseReadingPlaces(storage.getItem(STORAGE_KEY)).get(documentId) ?? null;
}

/**
 * Remembers that `documentId` is being read at `offset`, forgetting the least recently read places
 * beyond {@link MAX_PLACES}. A full or disabled storage is ignored: the place is simply not kept.
 */
export function rememberReadingPlace(
  storage: PlacesStorage,
  documentId: string,
  offset: number,
  at: number = Date.now(),
): void {
  const places = parseReadingPlaces(storage.getItem(STORAGE_KEY));
  places.delete(documentId);
  places.set(documentId, { offset, at });
  const kept = [...places.entries()].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_PLACES);
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Storage full or disabled: the place is not remembered.
  }
}
