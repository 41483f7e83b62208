/**
 * Typographic variants: characters that print alike and that a text may use one for the other, such
 * as a curly and a straight apostrophe (`Poland’s`, `Poland's`), an em dash and a hyphen, a
 * non-breaking and an ordinary space, or a ligature and its letters (`ﬁ`, `fi`). Folding maps every
 * variant to one plain form, so that texts differing only in these compare equal. The rule lives here
 * once for every part of the app that compares text; anchoring folds both the text and the stored
 * selectors before matching them, and maps what it finds back to the real text.
 *
 * Some folds change the length (a ligature becomes two or three letters, an ellipsis three full
 * stops), so a folded text keeps how its offsets correspond to the original's.
 */

/** Every variant and its plain form. Anything not listed folds to itself. */
export const TYPOGRAPHIC_FOLDS: Readonly<Record<string, string>> = {
  // Apostrophes and single quotes: left, right, low-9, high-reversed-9, prime, modifier apostrophe.
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  // Double quotes: left, right, low-9, high-reversed-9, double prime.
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  // Dashes: hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
  // Each is one character, as the hyphen typed for it usually is.
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  // Spaces: no-break, the en quad to the hair space, narrow no-break, medium mathematical, ideographic.
  '\u00A0': ' ',
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u205F': ' ',
  '\u3000': ' ',
  // Latin ligatures, as PDFs and typeset e-books have them.
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
  // The ellipsis and the three full stops typed for it.
  '\u2026': '...',
};

const VARIANTS = new RegExp(`[${Object.keys(TYPOGRAPHIC_FOLDS).join('')}]`, 'g');
const HAS_VARIANT = new RegExp(VARIANTS.source);

/** The folded form of one string, when only the string is needed (a quote, a prefix, a query). */
export function foldString(text: string): string {
  return HAS_VARIANT.test(text)
    ? text.replace(VARIANTS, (variant) => TYPOGRAPHIC_FOLDS[variant] ?? variant)
    : text;
}

/** A text's folded form, and how offsets in it and in the original correspond. */
export interface FoldedText {
  /** The original text. */
  readonly original: string;
  /** The text with every variant folded (see {@link TYPOGRAPHIC_FOLDS}). */
  readonly text: string;
  /** The folded offset of an offset into the original (clamped to the text). */
  toFolded(offset: number): number;
  /**
   * The original offset of a folded one. An offset inside the letters of one folded character (the
   * `i` of a ligature's `fi`) maps to before that character for a `'start'` and after it for an
   * `'end'`, so that a match touching part of a ligature covers all of it.
   */
  toOriginal(offset: number, side: 'start' | 'end'): number;
}

/** Folds `text`, keeping the correspondence of offsets. Linear in the text's length. */
export function foldText(text: string): FoldedText {
  if (!HAS_VARIANT.test(text)) return identity(text, text);
  // Where the folded text grows: for each such character, its original offset, its folded offset
  // and its folded length.
  const originalAt: number[] = [];
  const foldedAt: number[] = [];
  const lengths: number[] = [];
  let grown = 0;
  const folded = text.replace(VARIANTS, (variant, offset: number) => {
    const plain = TYPOGRAPHIC_FOLDS[variant] ?? variant;
    if (plain.length !== 1) {
      originalAt.push(offset);
      foldedAt.push(offset + grown);
      lengths.push(plain.length);
      grown += plain.length - 1;
    }
    return plain;
  });
  if (originalAt.length === 0) return identity(text, folded);
  return {
    original: text,
    text: folded,
    toFolded(offset) {
      const at = clamp(offset, 0, text.length);
      // Every growing character before `at` moved it on by its extra letters.
      const before = countBelow(originalAt, at);
      return (
        at +
        (before === 0
          ? 0
          : (foldedAt[before - 1] as number) -
            (originalAt[before - 1] as number) +
            (lengths[before - 1] as number) -
            1)
      );
    },
    toOriginal(offset, side) {
      const at = clamp(offset, 0, folded.length);
      const index = countBelow(foldedAt, at + 1) - 1;
      if (index < 0) return at;
      const start = foldedAt[index] as number;
      const length = lengths[index] as number;
      const original = originalAt[index] as number;
      if (at === start) return original;
      if (at < start + length) return side === 'start' ? original : original + 1;
      return original + 1 + (at - start - length);
    },
  };
}

function identity(original: string, text: string): FoldedText {
  return {
    original,
    text,
    toFolded: (offset) => clamp(offset, 0, text.length),
    toOriginal: (offset) => clamp(offset, 0, text.length),
  };
}

/** How many of the ascending `values` are below `limit` (binary search). */
function countBelow(values: readonly number[], limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

let last: FoldedText | undefined;

/**
 * {@link foldText}, remembering the last text folded: a document's passages are often anchored one by
 * one against the same long text, which is then folded once rather than once per passage.
 */
export function foldTextCached(text: string): FoldedText {
  if (last?.original !== text) last = foldText(text);
  return last;
}
