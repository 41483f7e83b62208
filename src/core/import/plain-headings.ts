/**
 * Which lines of a plain-text file are headings. Deliberately conservative: a paragraph wrongly shown
 * as a heading misleads the reader more than a heading shown as a paragraph, so only lines that could
 * hardly be anything else qualify. Markdown syntax (`# Title`) is not plain text and never qualifies.
 */
import type { LaidOutParagraph } from './line-layout';

/** A heading is at most this many characters… */
export const MAX_HEADING_LENGTH = 80;
/** …and at most this many words. */
export const MAX_HEADING_WORDS = 12;
/** The paragraph after a heading is at least this long: headings introduce prose. */
export const MIN_FOLLOWING_LENGTH = 150;

// Words that title case leaves in lower case (after the first word).
const MINOR_WORDS = new Set(
  'a an and as at but by for from in into nor of on or over per the to upon via vs with'.split(' '),
);

/**
 * Whether `paragraph` is clearly a heading, given its neighbours. It must:
 * stand alone between blank lines; be short ({@link MAX_HEADING_LENGTH}, {@link MAX_HEADING_WORDS});
 * start with a letter or digit; not end like a sentence or clause (`.`, `,`, `;`, `:`, `!`), except
 * that an all-capitals line may end with a full stop (`CHAPTER I.`); be in ALL CAPITALS or in Title
 * Case; come first, or after a paragraph that ends a sentence or is itself in capitals (so that a
 * caption such as a person's name under a picture does not qualify); and be followed by a paragraph
 * of at least {@link MIN_FOLLOWING_LENGTH} characters.
 */
export function isClearHeading(
  previous: LaidOutParagraph | undefined,
  paragraph: LaidOutParagraph,
  next: LaidOutParagraph | undefined,
): boolean {
  const { text } = paragraph;
  if (!paragraph.isolated || next === undefined || next.text.length < MIN_FOLLOWING_LENGTH) return false;
  if (previous !== undefined && !endsSentence(previous.text) && !isAllCaps(previous.text)) return false;
  if (text.length > MAX_HEADING_LENGTH || !/^[\p{L}\p{N}]/u.test(text)) return false;
  const words = text.split(' ');
  if (words.length > MAX_HEADING_WORDS) return false;

  const allCaps = isAllCaps(text);
  const ending = text.replace(/["'”’»)\]]+$/u, '').slice(-1);
  if (/[,;:!]/.test(ending) || (ending === '.' && !allCaps)) return false;
  return allCaps || isTitleCase(words);
}

function endsSentence(text: string): boolean {
  return /[.!?…"”’»]$/u.test(text);
}

function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length >= 3 && !/\p{Ll}/u.test(text);
}

/** Every word starts with a capital, except minor words after the first; numbers are neutral. */
function isTitleCase(words: readonly string[]): boolean {
  let capitalised = 0;
  for (const [index, word] of words.entries()) {
    const letters = word.replace(/^[^\p{L}\p{N}]+/u, '');
    if (letters === '' || /^\p{N}/u.test(letters)) continue;
    if (index > 0 && MINOR_WORDS.has(letters.toLowerCase().replace(/[^\p{L}]+$/u, ''))) continue;
    if (!/^\p{Lu}/u.test(letters)) return false;
    capitalised += 1;
  }
  return capitalised > 0;
}
