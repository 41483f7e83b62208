/**
 * The command palette's list: documents, tags and actions, filtered and ordered by how well their
 * names match what the reader typed. A name matches when the typed characters occur in it in order
 * (`clps stl` finds `Collapse of Stalinism`), ignoring case and accents; whole words, word starts and
 * runs of consecutive characters rank higher, and a name that contains the query as typed ranks highest.
 */
import { foldForFind } from '../reader';

/** What an entry of the palette is. */
export type PaletteKind = 'document' | 'tag' | 'action';

/** One entry the palette can offer. */
export interface PaletteItem {
  readonly kind: PaletteKind;
  /** The document's, tag's or action's id (unique within its kind). */
  readonly id: string;
  /** The name matched against and shown. */
  readonly label: string;
  /** Shown quietly after the name (authors, a tag's path, an action's keys); found when it contains the query, ranked lower. */
  readonly detail?: string;
}

/** An entry with its score, and the characters of its name that matched (for showing them). */
export interface RankedItem {
  readonly item: PaletteItem;
  readonly score: number;
  /** Indexes into `item.label` of the matched characters, ascending. */
  readonly matched: readonly number[];
}

/** The entries shown for an empty query, and at most for any query. */
export const PALETTE_LIMIT = 50;

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text.charAt(index - 1);
  return !/[\p{L}\p{N}]/u.test(before);
}

/**
 * How well `query` matches `text` (both folded, query without white space at its ends), and which
 * characters it matched; null when the query's characters do not all occur in order. Spaces in the
 * query match anything (they separate the parts typed).
 */
export function fuzzyMatch(query: string, text: string): { score: number; matched: number[] } | null {
  const q = foldForFind(query.trim());
  if (q === '') return { score: 0, matched: [] };
  const t = foldForFind(text);
  const exact = t.indexOf(q);
  if (exact >= 0) {
    const matched = Array.from({ length: q.length }, (_, i) => exact + i);
    const wordStart = isWordStart(t, exact) ? 40 : 0;
    const whole = exact === 0 && q.length === t.length ? 60 : 0;
    return { score: 100 + wordStart + whole + (exact === 0 ? 20 : 0) - Math.min(exact, 30) / 3, matched };
  }
  const matched: number[] = [];
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const char of q) {
    if (char === ' ') continue;
    // Prefer the next word start holding the character; otherwise its next occurrence.
    let found = -1;
    for (let i = at; i < t.length; i += 1) {
      if (t.charAt(i) !== char) continue;
      if (found < 0) found = i;
      if (i === previous + 1 || isWordStart(t, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    score += found === previous + 1 ? 6 : isWordStart(t, found) ? 5 : 1;
    score -= Math.min(found - at, 10) * 0.2;
    matched.push(found);
    previous = found;
    at = found + 1;
  }
  return { score, matched };
}

const KIND_ORDER: Readonly<Record<PaletteKind, number>> = { document: 0, tag: 1, action: 2 };

/**
 * The entries of `items` that match `query`, best first, at most `limit` of them. An empty query keeps
 * every entry, in the order given. Ties go to the shorter name, then to documents before tags before
 * actions, then to alphabetical order.
 */
export function rankPaletteItems(
  items: readonly PaletteItem[],
  query: string,
  limit: number = PALETTE_LIMIT,
): RankedItem[] {
  if (query.trim() === '') return items.slice(0, limit).map((item) => ({ item, score: 0, matched: [] }));
  const ranked: RankedItem[] = [];
  for (const item of items) {
    const inLabel = fuzzyMatch(query, item.label);
    if (inLabel !== null) {
      ranked.push({ item, score: inLabel.score, matched: inLabel.matched });
      continue;
    }
    // The detail counts only when it holds the query as typed: scattered letters there would match too much.
    const folded = foldForFind(query.trim());
    if (item.detail !== undefined && foldForFind(item.detail).includes(folded)) {
      const inDetail = fuzzyMatch(query, item.detail);
      ranked.push({ item, score: (inDetail?.score ?? 0) / 2, matched: [] });
    }
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.item.label.length - b.item.label.length ||
      KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] ||
      a.item.label.localeCompare(b.item.label),
  );
  return ranked.slice(0, limit);
}
