/**
 * A work's authors as the reader sees them in a list, a palette or a byline: each name as it is
 * written ("Clare Doyle", or an organisation's one name), joined by commas. Citations in a style are
 * citeproc's work, not this.
 */
import type { CslName } from './model';

/** A name as written: the organisation's one name, else given name then family name ("Clare Doyle"). */
export function displayName(name: CslName): string {
  return name.literal ?? [name.given, name.family].filter(Boolean).join(' ');
}

/** Options of {@link authorLine}. */
export interface AuthorLineOptions {
  /** Names shown at most; more end the line with "et al." (default: all). */
  readonly max?: number;
}

/**
 * The authors of a work on one line, "Rob Sewell, Alan Woods", leaving out empty names; `null` when
 * there is none. With `max`, a longer list shows its first `max` names and "et al.".
 */
export function authorLine(
  authors: readonly CslName[] | undefined,
  options: AuthorLineOptions = {},
): string | null {
  const names = (authors ?? []).map(displayName).filter((name) => name !== '');
  if (names.length === 0) return null;
  const { max } = options;
  return max !== undefined && names.length > max
    ? `${names.slice(0, max).join(', ')} et al.`
    : names.join(', ');
}
