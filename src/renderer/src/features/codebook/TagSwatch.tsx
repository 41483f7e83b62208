/** A tag's colour as a small square: a highlight colour, a hex colour, or an outline for none. */
import type { ReactNode } from 'react';
import { HIGHLIGHT_COLORS } from '../../../../shared/model';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Renders the swatch (decorative: the tag's name says what it is). */
export function TagSwatch({ color }: { readonly color: string | null }): ReactNode {
  const named = color !== null && (HIGHLIGHT_COLORS as readonly string[]).includes(color);
  const className = [
    'tag-swatch',
    named ? `tag-swatch-${color}` : null,
    color === null ? 'tag-swatch-none' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const style = color !== null && HEX.test(color) ? { background: color } : undefined;
  return <span className={className} style={style} aria-hidden="true" />;
}
