/**
 * A benchmark corpus with a realistic vocabulary, for the find benchmark. `generateText` assembles
 * fixture sentences, so its 30 MB hold only about 2,000 distinct words, far fewer than a real library
 * (tens of thousands), and every word occurs in every document: an index is then measured on the one
 * shape that favours per-document layouts. Here words are drawn from a Zipf distribution (the n-th
 * most frequent word occurs about 1/n as often as the first) over about 50,000 words: the fixture
 * articles' own words, most frequent first (so "the", "state" and "workers' democracy" occur as in a
 * real text), followed by made-up words of 4–12 letters. Each document also favours a few hundred
 * words of its own, as a book favours its subject's words, so rare words cluster in a few documents.
 *
 * Seeded: the same seed always gives the same bytes.
 */
import { fixtureSentences, seededRandom } from './generate';

/** How many distinct words the vocabulary holds. */
export const ZIPF_VOCABULARY = 50_000;
/** The exponent of the distribution (1: classic Zipf). */
const EXPONENT = 1.0;
/** Share of a document's words drawn from its own topic words. */
const TOPIC_SHARE = 0.08;
const TOPIC_WORDS = 300;

const CONSONANTS = 'bcdfghklmnprstvz';
const VOWELS = 'aeiou';
const ENDINGS = ['', '', '', 'tion', 'ism', 'ing', 'ed', 'ist', 'ity', 'al', 'ers'];

/** The vocabulary, most frequent first: the fixture articles' words, then made-up ones. */
function vocabulary(): string[] {
  const counts = new Map<string, number>();
  for (const sentence of fixtureSentences())
    for (const word of sentence.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*['’]?/gu) ?? []) {
      const lower = word.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + 1);
    }
  const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  const seen = new Set(words);
  const random = seededRandom(77);
  while (words.length < ZIPF_VOCABULARY) {
    // Longer words are rarer, as in real texts: the syllable count grows with the rank.
    const rank = words.length;
    const syllables = 2 + Math.floor(random() * (rank < 10_000 ? 2 : 4));
    let word = '';
    for (let i = 0; i < syllables; i++)
      word +=
        CONSONANTS.charAt(Math.floor(random() * CONSONANTS.length)) +
        VOWELS.charAt(Math.floor(random() * VOWELS.length));
    word += ENDINGS[Math.floor(random() * ENDINGS.length)] ?? '';
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words.slice(0, ZIPF_VOCABULARY);
}

let shared: { words: string[]; cumulative: Float64Array } | null = null;

/** The vocabulary and the cumulative Zipf weights of its ranks (made once). */
function distribution(): { words: string[]; cumulative: Float64Array } {
  if (shared !== null) return shared;
  const words = vocabulary();
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank++) {
    total += 1 / Math.pow(rank + 1, EXPONENT);
    cumulative[rank] = total;
  }
  for (let rank = 0; rank < words.length; rank++) cumulative[rank] = (cumulative[rank] ?? 0) / total;
  shared = { words, cumulative };
  return shared;
}

/** A rank drawn from the Zipf distribution: binary search of `u` in the cumulative weights. */
function drawRank(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A plain text of about `bytes` bytes: sentences of 4–30 Zipf-drawn words (capitalised, with commas
 * now and then), paragraphs of 2–8 sentences separated by blank lines, a heading-like line every ~40
 * paragraphs, like a book's chapters.
 */
export function generateZipfText(bytes: number, seed: number): string {
  const { words, cumulative } = distribution();
  const random = seededRandom(seed);
  // The document's own subject: words beyond the commonest, drawn once.
  const topic = Array.from(
    { length: TOPIC_WORDS },
    () => words[500 + Math.floor(random() * (words.length - 500))] ?? '',
  );
  const word = (): string =>
    random() < TOPIC_SHARE
      ? (topic[Math.floor(random() * topic.length)] ?? '')
      : (words[drawRank(cumulative, random())] ?? '');
  const sentence = (): string => {
    const count = 4 + Math.floor(random() * 27);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      let next = word();
      if (i === 0) next = next.charAt(0).toUpperCase() + next.slice(1);
      if (i < count - 1 && random() < 0.07) next += ',';
      parts.push(next);
    }
    return `${parts.join(' ')}${random() < 0.1 ? '?' : '.'}`;
  };
  const blocks: string[] = [];
  let size = 0;
  for (let paragraph = 0; size < bytes; paragraph++) {
    const block =
      paragraph % 40 === 0
        ? `Chapter ${paragraph / 40 + 1}`
        : Array.from({ length: 2 + Math.floor(random() * 7) }, sentence).join(' ');
    blocks.push(block);
    size += Buffer.byteLength(block) + 2;
  }
  return `${blocks.join('\n\n')}\n`;
}
