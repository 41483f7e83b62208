/**
 * The pieces every importer proposes metadata with: the proposal's shape (CSL-JSON without an id), the
 * default type, and titles, names and dates as CSL from the text a file states them in.
 */
import type { CslDate, CslName } from '../../shared/model';

/**
 * Proposed CSL-JSON metadata: an item without its id (the library assigns one). Spelled out rather
 * than `Omit<CslItem, 'id'>`, whose index signature (CSL items keep unknown fields) would erase the
 * known fields' types; a `type` alias, not an interface, so that it is assignable to that item type.
 */
export type ProposedCsl = {
  type: string;
  /** Never empty: falls back to the file name. */
  title: string;
  author?: CslName[];
  issued?: CslDate;
  'container-title'?: string;
  publisher?: string;
  'publisher-place'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  URL?: string;
  DOI?: string;
  ISBN?: string;
  ISSN?: string;
  language?: string;
  abstract?: string;
};

/** Proposed titles are cut to about this many characters, at a word boundary. */
export const MAX_TITLE_LENGTH = 200;

/** The CSL type of an imported text when nothing says better. */
export const DEFAULT_CSL_TYPE = 'article';

/** Collapses blank space and cuts text longer than {@link MAX_TITLE_LENGTH} at a word, adding `…`. */
export function clipTitle(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_TITLE_LENGTH) return clean;
  const cut = clean.slice(0, MAX_TITLE_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  // Without a space in the second half, cut mid-word rather than leave a very short title.
  return `${(lastSpace > MAX_TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * A person's or organisation's name as CSL: `Family, Given` and `Given Family` become family and
 * given names (lower-case particles such as `van` stay with the family name); a single word, or
 * more than four words, is kept whole as a `literal` (an organisation, a pseudonym).
 */
export function parseCslName(text: string): CslName {
  const name = text.replace(/\s+/g, ' ').trim();
  const comma = name.indexOf(',');
  if (comma > 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    return given === '' ? { literal: family } : { family, given };
  }
  const words = name.split(' ');
  if (words.length < 2 || words.length > 4) return { literal: name };
  const particle = words.findIndex((word, index) => index > 0 && /^\p{Ll}/u.test(word));
  const familyStart = particle > 0 ? particle : words.length - 1;
  return { given: words.slice(0, familyStart).join(' '), family: words.slice(familyStart).join(' ') };
}

/**
 * A date as CSL: ISO dates (`2009`, `2009-11`, `2009-11-18`, with or without a time) become
 * `date-parts`; anything else is kept as `raw` text for the reader or a citation processor to read.
 */
export function parseCslDate(text: string): CslDate {
  const raw = text.trim();
  // `2009/11/18` (the form Highwire citation_* tags use) is the ISO date with other separators.
  const slashed = /^(\d{4})\/(\d{1,2})(?:\/(\d{1,2}))?$/.exec(raw);
  if (slashed !== null)
    return parseCslDate([slashed[1], slashed[2], slashed[3]].filter((part) => part !== undefined).join('-'));
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
  if (match === null) return { raw };
  const parts = [match[1], match[2], match[3]]
    .filter((part): part is string => part !== undefined)
    .map(Number);
  const [, month = 1, day = 1] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31) return { raw };
  return { 'date-parts': [parts] };
}
