/**
 * How one highlight looks in the text: an inline decoration rendered as its own `<mark>` element, so
 * overlapping highlights nest (and their translucent backgrounds stack) instead of merging into one
 * element. The annotation's id lives in the decoration's spec, never in a DOM attribute: overlapping
 * decorations overwrite each other's attributes, but each keeps its own spec.
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

/** What every highlight decoration carries in its spec. */
export interface HighlightSpec {
  readonly annotationId: string;
  readonly color: HighlightColor;
  /** Whether the decoration is drawn as the selected highlight. */
  readonly selected: boolean;
}

/** Whether a decoration spec belongs to a highlight. */
export function isHighlightSpec(spec: unknown): spec is HighlightSpec {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as Partial<HighlightSpec>).annotationId === 'string'
  );
}

/**
 * The class list of a highlight: `hl hl-<color>`, plus `hl-selected` when it is the selected one and
 * `hl-moved` when it was found in edited words.
 */
export function highlightClass(color: HighlightColor, selected: boolean, moved = false): string {
  const base = selected ? `hl hl-${color} hl-selected` : `hl hl-${color}`;
  return moved ? `${base} hl-moved` : base;
}

/** The decoration for `highlight` (or for one piece of it, when `from`/`to` are given). */
export function highlightDecoration(
  highlight: Pick<Highlight, 'id' | 'color' | 'moved'>,
  from: number,
  to: number,
  selected: boolean,
): Decoration {
  const spec: HighlightSpec = { annotationId: highlight.id, color: highlight.color, selected };
  return Decoration.inline(
    from,
    to,
    { nodeName: 'mark', class: highlightClass(highlight.color, selected, highlight.moved === true) },
    spec,
  );
}
