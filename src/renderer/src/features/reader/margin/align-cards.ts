/**
 * Laying out margin cards beside their passages: each card wants to sit level with the first line of
 * its passage; where cards would overlap, later ones are pushed down, and a run that would then run
 * past the passage of the card below is kept as close as it can be. One pass, linear in the cards.
 */

/** A card to place: where its passage starts (page y) and how tall it is. */
export interface CardToPlace {
  readonly id: string;
  readonly want: number;
  readonly height: number;
}

/** Where a card is drawn. */
export interface PlacedCard {
  readonly id: string;
  readonly top: number;
}

/**
 * Places `cards` (in any order) top to bottom, `gap` apart, none above `min`. Each card is at its
 * wanted place or, when that would overlap the card above, just below that card. The result is in
 * order of place.
 */
export function alignCards(cards: readonly CardToPlace[], gap: number, min = 0): PlacedCard[] {
  const sorted = [...cards].sort((a, b) => a.want - b.want || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placed: PlacedCard[] = [];
  let floor = min;
  for (const card of sorted) {
    const top = Math.max(card.want, floor);
    placed.push({ id: card.id, top });
    floor = top + card.height + gap;
  }
  return placed;
}

/**
 * The slice of `sorted` (ascending numbers) that lies within `[from, to]`, as start (inclusive) and end
 * (exclusive) indices, found by binary search.
 */
export function rangeWithin(
  sorted: readonly number[],
  from: number,
  to: number,
): { start: number; end: number } {
  const lower = (value: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const start = lower(from);
  let end = lower(to);
  while (end < sorted.length && sorted[end] === to) end += 1;
  return { start, end };
}
