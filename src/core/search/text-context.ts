/**
 * Showing matches in their context: snippets (a passage around matches, within its paragraph) for
 * search results, and aligned keyword-in-context lines for the concordance. White space (line and
 * paragraph breaks included) is shown as single spaces.
 */
import type { KwicLine, SearchSnippet, TextSpan } from '../../shared/find';

/** Characters of context around the matches of a snippet. */
const SNIPPET_CONTEXT = 80;
/** Matches closer together than this share a snippet. */
const SNIPPET_SPREAD = 160;

/**
 * Up to `count` snippets of `text` around `spans` (sorted by start): the passages where the matched
 * words stand together, then those with the most different matches, shown in text order.
 */
export function snippets(text: string, spans: readonly TextSpan[], count: number): SearchSnippet[] {
  if (count <= 0 || spans.length === 0) return [];
  const groups: TextSpan[][] = [];
  for (const span of joinAdjacent(text, spans)) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group !== undefined && first !== undefined && span.end - first.start <= SNIPPET_SPREAD)
      group.push(span);
    else groups.push([span]);
  }
  // The best passages hold the query's words together (a phrase), then the most different words.
  const worth = (group: readonly TextSpan[]): number => {
    const words = group.map((span) => text.slice(span.start, span.end).toLowerCase());
    const phrases = words.filter((word) => /\s|['’ʼ]\s?\S/.test(word)).length;
    return phrases * 100 + new Set(words).size * 10 + group.length;
  };
  const chosen = groups
    .map((group, order) => ({ group, order, worth: worth(group) }))
    .sort((a, b) => b.worth - a.worth || a.order - b.order)
    .slice(0, count)
    .sort((a, b) => a.order - b.order);
  return chosen.map(({ group }) => snippetOf(text, group));
}

/**
 * `spans` with matches that stand next to each other (only white space or an apostrophe between, as
 * in "workers’ democracy") joined into one, so the words of a phrase are shown as one match.
 */
function joinAdjacent(text: string, spans: readonly TextSpan[]): TextSpan[] {
  const joined: TextSpan[] = [];
  for (const span of spans) {
    const last = joined[joined.length - 1];
    if (
      last !== undefined &&
      span.start >= last.end &&
      /^['’ʼ]?\s?$/.test(text.slice(last.end, span.start))
    ) {
      last.end = Math.max(last.end, span.end);
    } else if (last === undefined || span.start >= last.end) {
      joined.push({ start: span.start, end: span.end });
    }
  }
  return joined;
}

function snippetOf(text: string, group: readonly TextSpan[]): SearchSnippet {
  const first = group[0] ?? { start: 0, end: 0 };
  const last = group[group.length - 1] ?? first;
  const paragraphStart = text.lastIndexOf('\n\n', first.start);
  const paragraphEnd = text.indexOf('\n\n', last.end);
  let start = Math.max(first.start - SNIPPET_CONTEXT, paragraphStart < 0 ? 0 : paragraphStart + 2);
  let end = Math.min(last.end + SNIPPET_CONTEXT, paragraphEnd < 0 ? text.length : paragraphEnd);
  // Start and end on word boundaries.
  if (start > 0 && /\S/.test(text[start - 1] ?? '')) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first.start) start = space + 1;
  }
  if (end < text.length && /\S/.test(text[end] ?? '')) {
    const space = text.lastIndexOf(' ', end);
    if (space > last.end) end = space;
  }
  const before = start > 0 && text.slice(start - 2, start) !== '\n\n' ? '…' : '';
  const after = end < text.length && text.slice(end, end + 2) !== '\n\n' ? '…' : '';
  const { shown, at } = collapse(text, start, end);
  const highlights = group.map((span) => ({
    start: before.length + at(span.start),
    end: before.length + at(span.end),
  }));
  return {
    text: `${before}${shown}${after}`,
    start,
    end,
    matches: group.map(({ start: s, end: e }) => ({ start: s, end: e })),
    highlights,
  };
}

/**
 * `text[from, to)` with each run of white space shown as one space, and a function from an offset of
 * `text` (in the range) to the offset of the same place in the shown string.
 */
function collapse(text: string, from: number, to: number): { shown: string; at: (offset: number) => number } {
  const map = new Int32Array(to - from + 1);
  let shown = '';
  let previousSpace = false;
  for (let i = from; i < to; i++) {
    map[i - from] = shown.length;
    const char = text[i] ?? '';
    const space = /\s/.test(char);
    if (space && previousSpace) continue;
    shown += space ? ' ' : char;
    previousSpace = space;
  }
  map[to - from] = shown.length;
  return { shown, at: (offset) => map[Math.min(Math.max(offset - from, 0), to - from)] ?? 0 };
}

/**
 * A concordance line for the occurrence `span` of `text`: exactly `width` characters on each side of
 * the keyword, white space shown as single spaces, padded with spaces at the start or end of the text.
 */
export function kwicLine(documentId: string, text: string, span: TextSpan, width: number): KwicLine {
  const left = text
    .slice(Math.max(0, span.start - width * 3), span.start)
    .replace(/\s+/g, ' ')
    .slice(-width)
    .padStart(width, ' ');
  const right = text
    .slice(span.end, span.end + width * 3)
    .replace(/\s+/g, ' ')
    .slice(0, width)
    .padEnd(width, ' ');
  return {
    documentId,
    start: span.start,
    end: span.end,
    left,
    keyword: text.slice(span.start, span.end).replace(/\s+/g, ' '),
    right,
  };
}
