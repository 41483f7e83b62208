/**
 * The accepted differences: `accepted-differences.json` lists every difference between Scholia and
 * pandoc that the conformance suite finds, each with what differs, a digest of the two texts (so a
 * listed difference is the very one found, not one like it) and the kinds (`kinds.ts`) that explain
 * it; `ACCEPTED-DIFFERENCES.md` is made from it and the kinds. The test fails on a difference that is
 * not listed, on a listed one that no longer occurs, on one whose kinds do not explain it, and on a
 * Markdown file that is not what the JSON makes; `accept.ts` writes both files again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { MISSING, type CaseResult, type Difference, type Part } from './conformance';
import { ITEMS } from './items';
import { explain, explainedByIds, KINDS, type KindContext } from './kinds';
import { alignSequences, movedIds } from './sequence-diff';

/** The JSON file of accepted differences. */
export const ACCEPTED_PATH = join(__dirname, 'accepted-differences.json');

/** The Markdown file made from it. */
export const ACCEPTED_MARKDOWN_PATH = join(__dirname, 'ACCEPTED-DIFFERENCES.md');

/** One accepted difference: where, what differs, the digest of its two texts, and the kinds that explain it. */
export interface AcceptedDifference extends Pick<Difference, 'style' | 'locale' | 'item' | 'part'> {
  /** What differs, as {@link whatDiffers} shows it (Scholia's text → pandoc's). */
  differs: string;
  /** {@link digestOf} the two texts. */
  digest: string;
  kinds: string[];
}

/** The contents of {@link ACCEPTED_PATH}. */
export interface AcceptedFile {
  /** The pandoc the differences were found with; another one finds others. */
  pandoc: string;
  /** Which of Scholia's forms was compared (`markdown`). */
  form: string;
  differences: AcceptedDifference[];
}

/** The accepted differences as stored. */
export function readAccepted(): AcceptedFile {
  return JSON.parse(readFileSync(ACCEPTED_PATH, 'utf8')) as AcceptedFile;
}

const ITEMS_BY_ID = new Map(ITEMS.map((item) => [item.id, item]));

/** What the kinds may look at for a difference of `result`. */
export function kindContext(result: CaseResult, difference: Difference): KindContext {
  return {
    item: ITEMS_BY_ID.get(difference.item),
    items: ITEMS_BY_ID,
    pandocEntries: new Map(Object.entries(result.pandocEntries)),
    namesWithoutName: result.namesWithoutName,
  };
}

/** Where a difference is, as one string. */
export function placeOf(difference: Pick<Difference, 'style' | 'locale' | 'item' | 'part'>): string {
  return `${difference.style} ${difference.locale} ${difference.item} ${difference.part}`;
}

/** A digest of a difference's two texts: 16 hexadecimal digits of their SHA-256. */
export function digestOf(difference: Pick<Difference, 'scholia' | 'pandoc'>): string {
  return createHash('sha256')
    .update(`${difference.scholia}\u0000${difference.pandoc}`)
    .digest('hex')
    .slice(0, 16);
}

/** `difference` as the list keeps it, explained by `kinds`. */
export function toAccepted(difference: Difference, kinds: string[]): AcceptedDifference {
  const { scholia, pandoc, ...place } = difference;
  const differs =
    difference.part === 'order'
      ? `moved: ${movedIds(scholia.split(' '), pandoc.split(' ')).join(', ')}`
      : whatDiffers(scholia, pandoc);
  return { ...place, differs, digest: digestOf(difference), kinds };
}

/** Whether `listed` is the difference `found`. */
export function isListedAs(listed: AcceptedDifference, found: Difference): boolean {
  return placeOf(listed) === placeOf(found) && listed.digest === digestOf(found);
}

/** What is wrong with the accepted list for one case: found but not listed, listed but not found, listed with kinds that do not explain it. */
export interface CaseProblems {
  unlisted: (Difference & { suggested: string[] | null })[];
  gone: AcceptedDifference[];
  unexplained: (Difference & { kinds: string[] })[];
}

/** Checks `result` against the accepted differences listed for its case. */
export function checkCase(result: CaseResult, accepted: readonly AcceptedDifference[]): CaseProblems {
  const listed = accepted.filter((entry) => entry.style === result.style && entry.locale === result.locale);
  const unlisted = result.differences
    .filter((found) => !listed.some((entry) => isListedAs(entry, found)))
    .map((found) => ({ ...found, suggested: explain(found, kindContext(result, found)) }));
  const gone = listed.filter((entry) => !result.differences.some((found) => isListedAs(entry, found)));
  const unexplained = result.differences.flatMap((found) => {
    const entry = listed.find((candidate) => isListedAs(candidate, found));
    if (entry === undefined) return [];
    const explained =
      entry.kinds.length > 0 && explainedByIds(entry.kinds, found, kindContext(result, found));
    return explained ? [] : [{ ...found, kinds: entry.kinds }];
  });
  return { unlisted, gone, unexplained };
}

/** `problems` as lines a reader can act on (empty when there are none). */
export function describeProblems(problems: CaseProblems): string[] {
  const show = (difference: Difference) =>
    `  scholia: ${visible(difference.scholia)}\n  pandoc:  ${visible(difference.pandoc)}`;
  return [
    ...problems.unlisted.map(
      (found) =>
        `not listed: ${placeOf(found)}\n${show(found)}\n  ${
          found.suggested === null
            ? 'no accepted kind explains it: fix the cause, or add a kind to kinds.ts'
            : `explained by ${found.suggested.join(', ')}`
        } (then run \`npx tsx tests/citations/accept.ts\`)`,
    ),
    ...problems.gone.map(
      (entry) =>
        `listed but no longer found: ${placeOf(entry)}\n  ${entry.differs}\n  (run \`npx tsx tests/citations/accept.ts\`)`,
    ),
    ...problems.unexplained.map(
      (entry) =>
        `listed with kinds that do not explain it (${entry.kinds.join(', ') || 'none'}): ${placeOf(entry)}\n${show(entry)}`,
    ),
  ];
}

/** `text` with its invisible characters shown: ⟨nbsp⟩ for U+00A0, ⟨U+202F⟩ for others. */
export function visible(text: string): string {
  return text.replace(/[\u00a0\u2000-\u200f\u202f\u205f\u2060\ufeff]/g, (char) =>
    char === '\u00a0' ? '⟨nbsp⟩' : `⟨U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

const PART_ORDER: readonly Part[] = ['entry', 'citation', 'located', 'order'];

/** `differences` in the order the file keeps them: by style, locale, part, item. */
export function sortDifferences<D extends Pick<Difference, 'style' | 'locale' | 'item' | 'part'>>(
  differences: readonly D[],
  styles: readonly string[],
): D[] {
  const rank = (style: string) => {
    const index = styles.indexOf(style);
    return index < 0 ? styles.length : index;
  };
  return [...differences].sort(
    (a, b) =>
      rank(a.style) - rank(b.style) ||
      a.style.localeCompare(b.style) ||
      a.locale.localeCompare(b.locale) ||
      PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part) ||
      a.item.localeCompare(b.item),
  );
}

/** The words (and the spaces and punctuation between them) of a text, for showing what differs. */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/**
 * What differs between the two texts, shortly: each stretch where they part, as
 * `scholia → pandoc`, with up to two words of context on either side; stretches a word or less apart
 * are shown as one, and no more than 240 characters in all.
 */
export function whatDiffers(scholia: string, pandoc: string): string {
  if (scholia === MISSING || pandoc === MISSING) return `${short(scholia)} → ${short(pandoc)}`;
  // Each token of either text, marked as common to both or as the one text's own.
  const ops = alignSequences(tokens(scholia), tokens(pandoc)).map((step) => ({
    token: step.value,
    side: step.side,
  }));
  const hunks: string[] = [];
  let at = 0;
  while (at < ops.length) {
    if (ops[at]!.side === 'both') {
      at += 1;
      continue;
    }
    let end = at;
    // Take in common stretches of at most two tokens between changes.
    for (;;) {
      while (end < ops.length && ops[end]!.side !== 'both') end += 1;
      let next = end;
      while (next < ops.length && ops[next]!.side === 'both') next += 1;
      if (next < ops.length && next - end <= 2) end = next;
      else break;
    }
    const before = ops
      .slice(Math.max(0, at - 2), at)
      .map((op) => op.token)
      .join('');
    const after = ops
      .slice(end, end + 2)
      .filter((op) => op.side === 'both')
      .map((op) => op.token)
      .join('');
    const middle = ops.slice(at, end);
    const side = (which: 'a' | 'b') =>
      middle
        .filter((op) => op.side === 'both' || op.side === which)
        .map((op) => op.token)
        .join('');
    hunks.push(`${before}${side('a')}${after} → ${before}${side('b')}${after}`);
    at = end;
  }
  const shown = hunks.map(short).join('; ');
  return shown.length > 240 ? `${shown.slice(0, 239)}…` : shown;
}

function short(text: string): string {
  const shown = visible(text);
  return shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
}

/**
 * `text` as the repository's Prettier writes the file at `path`, so that formatting the repository
 * leaves the files `accept.ts` writes as they are.
 */
export async function prettierFormatted(text: string, path: string): Promise<string> {
  const options = await resolveConfig(path);
  return format(text, { ...options, filepath: path });
}

/** `ACCEPTED-DIFFERENCES.md` as `file` and the kinds make it (before Prettier; see {@link prettierFormatted}). */
export function acceptedMarkdown(file: AcceptedFile): string {
  const counts = new Map<string, number>();
  for (const difference of file.differences) {
    for (const kind of difference.kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const cases = new Set(file.differences.map((difference) => `${difference.style} ${difference.locale}`));
  const lines = [
    '# Accepted differences between Scholia and pandoc',
    '',
    '<!-- Made by `npx tsx tests/citations/accept.ts` from accepted-differences.json and kinds.ts: do not edit. -->',
    '',
    "Every difference the citation conformance suite (`conformance.test.ts`) finds between Scholia's citations",
    `(citeproc-js through citation-js, as CommonMark) and pandoc ${file.pandoc}'s (citeproc-hs) when both format`,
    '`items.json` in the same style and locale. The list itself is `accepted-differences.json`, which the test',
    'reads: it fails on a difference not listed there, on a listed one that no longer occurs (the digest is of',
    'the two full texts), and on one its kinds do not explain (each kind in `kinds.ts` says precisely what it',
    'covers). To list what the suite finds now, run `npx tsx tests/citations/accept.ts`: it keeps the kinds of',
    'the differences already listed, gives new ones the kinds that explain them, and reports those no kind',
    'explains (fix the cause, or add a kind with what differs and why it is accepted).',
    '',
    `${file.differences.length} differences in ${cases.size} cases of style and locale.`,
    '',
    '## Kinds',
  ];
  for (const kind of KINDS) {
    lines.push(
      '',
      `### \`${kind.id}\``,
      '',
      `${kind.title}. Found ${counts.get(kind.id) ?? 0} times; whose: ${kind.side}.`,
      '',
      kind.why,
    );
  }
  lines.push(
    '',
    '## Differences',
    '',
    'By style: locale, item, part (entry, citation, citation with a locator, order of the bibliography),',
    'what differs (Scholia’s text → pandoc’s, in the canonical form of `canonical.ts`: `*italics*`,',
    '`[text](link)`, `\\*` a literal star, ⟨nbsp⟩ a no-break space), and the kinds that explain it.',
  );
  let style = '';
  for (const difference of file.differences) {
    if (difference.style !== style) {
      style = difference.style;
      lines.push('', `### ${style}`, '');
    }
    lines.push(
      `- ${difference.locale}, ${difference.item}, ${difference.part}: \`${difference.differs.replace(/`/g, "'")}\` — ${difference.kinds.join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
