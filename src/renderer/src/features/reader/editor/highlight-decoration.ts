/**
 * How highlights look in the text. The highlighted text is cut at every place a highlight starts or
 * ends, and each piece is drawn as one `<mark>` carrying a summary of the highlights over it: the
 * innermost one's colour and edge (each colour has its own underline style, so colours can be told
 * apart without colour vision), the colours of the others as bands when they differ (an overlap is
 * drawn as an overlap, never as a blended third colour), and how deep the overlap is. The number of
 * elements thus grows with the places highlights start and end, never with how deeply they overlap:
 * nested marks, one per highlight, made 188,000 elements 49 deep of 5,000 highlights in a short text.
 *
 * Which highlights a piece holds lives in the decoration's spec, never in the DOM; hit-testing asks
 * the plugin state for the highlights at a position (`highlight-queries.ts`).
 */
import { Decoration } from 'prosemirror-view';
import type { HighlightColor } from '../../../../../shared/model';

/** A highlight placed in the text: an annotation's id and colour at a range of ProseMirror positions. */
export interface Highlight {
  readonly id: string;
  readonly color: HighlightColor;
  readonly from: number;
  readonly to: number;
  /** Whether it was found in edited words rather than where it was (drawn with a subtle marker). */
  readonly moved?: boolean;
}

/** One piece of highlighted text, drawn as one element: every highlight over it is over all of it. */
export interface HighlightPiece {
  readonly from: number;
  readonly to: number;
  /**
   * The highlights over it, innermost first (shortest, then the one starting later, then by id); of
   * neighbours joined, those of the first, then those the next ones add.
   */
  readonly ids: readonly string[];
  /** Their colours, each once, innermost first. */
  readonly colors: readonly HighlightColor[];
  /** How many highlights are over it. */
  readonly depth: number;
  /** Whether the selected highlight is over it, and whether it starts or ends here. */
  readonly selected: boolean;
  readonly selectionStarts: boolean;
  readonly selectionEnds: boolean;
  /** Whether any highlight over it was found in edited words. */
  readonly moved: boolean;
}

/** What every highlight decoration carries in its spec. */
export interface HighlightSpec {
  /** The highlights over the piece, innermost first. */
  readonly annotationIds: readonly string[];
  /** Whether the selected highlight is over the piece. */
  readonly selected: boolean;
}

/** Whether a decoration spec belongs to a highlight. */
export function isHighlightSpec(spec: unknown): spec is HighlightSpec {
  return (
    typeof spec === 'object' && spec !== null && Array.isArray((spec as Partial<HighlightSpec>).annotationIds)
  );
}

/** The most colours a piece shows as bands; the others still count in its depth. */
export const MAX_BANDS = 3;

/**
 * The class list of a piece: `hl hl-<innermost colour>`; `hl-mix` when it shows bands of several
 * colours; `hl-d2`, `hl-d3` for two, three or more highlights over it; `hl-selected` (with
 * `hl-selected-start`, `hl-selected-end` where the selected highlight starts and ends); `hl-moved`.
 */
export function pieceClass(piece: HighlightPiece): string {
  const classes = ['hl', `hl-${piece.colors[0] ?? 'yellow'}`];
  if (piece.colors.length > 1) classes.push('hl-mix');
  if (piece.depth >= 3) classes.push('hl-d3');
  else if (piece.depth === 2) classes.push('hl-d2');
  if (piece.selected) classes.push('hl-selected');
  if (piece.selectionStarts) classes.push('hl-selected-start');
  if (piece.selectionEnds) classes.push('hl-selected-end');
  if (piece.moved) classes.push('hl-moved');
  return classes.join(' ');
}

const bandStyles = new Map<string, string>();

/** The inline style of a piece of several colours: its bands, top to bottom, innermost first. */
export function bandStyle(colors: readonly HighlightColor[]): string {
  const shown = colors.slice(0, MAX_BANDS);
  const key = shown.join(' ');
  const known = bandStyles.get(key);
  if (known !== undefined) return known;
  const share = 100 / shown.length;
  const stops = shown.map((color, i) => {
    const from = (share * i).toFixed(2);
    const to = (share * (i + 1)).toFixed(2);
    return `var(--hl-${color}) ${from}% ${to}%`;
  });
  const style = `--hl-bands: linear-gradient(${stops.join(', ')})`;
  bandStyles.set(key, style);
  return style;
}

/** The decoration drawing `piece`. */
export function pieceDecoration(piece: HighlightPiece): Decoration {
  const spec: HighlightSpec = { annotationIds: piece.ids, selected: piece.selected };
  const attrs: { nodeName: string; class: string; style?: string } = {
    nodeName: 'mark',
    class: pieceClass(piece),
  };
  if (piece.colors.length > 1) attrs.style = bandStyle(piece.colors);
  return Decoration.inline(piece.from, piece.to, attrs, spec);
}

/** Innermost first: the shorter highlight, then the one starting later, then by id. */
function innerFirst(a: Highlight, b: Highlight): number {
  return a.to - a.from - (b.to - b.from) || b.from - a.from || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Where `h` goes in `active` (kept innermost first). */
function insertionPoint(active: readonly Highlight[], h: Highlight): number {
  let low = 0;
  let high = active.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (innerFirst(active[mid] as Highlight, h) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether two pieces look the same (and so may be drawn as one where they meet). */
function sameLook(a: HighlightPiece, b: HighlightPiece): boolean {
  return (
    a.selected === b.selected &&
    !b.selectionStarts &&
    !a.selectionEnds &&
    a.moved === b.moved &&
    Math.min(a.depth, 3) === Math.min(b.depth, 3) &&
    a.colors.length === b.colors.length &&
    a.colors.every((color, i) => color === b.colors[i])
  );
}

/**
 * The pieces `highlights` (in reading order: by start, then end) cut the text into, in order, with
 * neighbours that look the same joined. Highlight `selectedId` is drawn selected. Linear in the
 * number of pieces times the depth of overlap.
 */
export function highlightPieces(
  highlights: readonly Highlight[],
  selectedId: string | null,
): HighlightPiece[] {
  const bounds = new Set<number>();
  for (const h of highlights) {
    bounds.add(h.from);
    bounds.add(h.to);
  }
  const points = [...bounds].sort((a, b) => a - b);
  const selected = highlights.find((h) => h.id === selectedId) ?? null;
  const pieces: HighlightPiece[] = [];
  let active: Highlight[] = [];
  let next = 0;
  for (let p = 0; p + 1 < points.length; p += 1) {
    const from = points[p] as number;
    const to = points[p + 1] as number;
    if (active.some((h) => h.to <= from)) active = active.filter((h) => h.to > from);
    for (; next < highlights.length && (highlights[next] as Highlight).from <= from; next += 1) {
      const h = highlights[next] as Highlight;
      if (h.to > from) active.splice(insertionPoint(active, h), 0, h);
    }
    if (active.length === 0) continue;
    const colors: HighlightColor[] = [];
    let moved = false;
    for (const h of active) {
      if (!colors.includes(h.color)) colors.push(h.color);
      if (h.moved === true) moved = true;
    }
    const isSelected = selected !== null && selected.from <= from && selected.to >= to;
    const piece: HighlightPiece = {
      from,
      to,
      ids: active.map((h) => h.id),
      colors,
      depth: active.length,
      selected: isSelected,
      selectionStarts: isSelected && selected.from === from,
      selectionEnds: isSelected && selected.to === to,
      moved,
    };
    const last = pieces[pieces.length - 1];
    if (last !== undefined && last.to === from && sameLook(last, piece)) {
      const ids = [...last.ids];
      for (const id of piece.ids) if (!ids.includes(id)) ids.push(id);
      pieces[pieces.length - 1] = {
        ...last,
        to,
        ids,
        depth: Math.max(last.depth, piece.depth),
        selectionEnds: piece.selectionEnds,
      };
    } else pieces.push(piece);
  }
  return pieces;
}
