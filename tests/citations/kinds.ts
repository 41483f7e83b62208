/**
 * The kinds of difference between Scholia (citeproc-js) and pandoc 2.17 (citeproc-hs 0.6.0.1) that
 * are accepted, each with what differs and why it is accepted, and a precise way to tell it: a
 * normalisation applied to both sides (the difference is of this kind where the normalisation makes
 * the sides agree), or, for a difference no small rewrite captures, a test of the whole remaining
 * pair. A difference is explained by a set of kinds when their normalisations, applied in the order
 * of {@link KINDS}, make the two sides equal or one of their tests accepts what is left.
 *
 * Normalisations work on the canonical strings of `canonical.ts`: `*…*` is italics, `\*` a literal
 * star, `[text](target)` a link.
 */
import type { CslItem, CslName } from '../../src/shared/model';
import type { Difference } from './conformance';
import { movedIds } from './sequence-diff';

/** Whose behaviour a kind is: the engine that departs from the other (or from CSL), or Scholia's own. */
export type Side = 'citeproc-js' | 'citeproc-hs' | 'pandoc' | 'scholia';

/** What a kind may look at besides the difference itself. */
export interface KindContext {
  /** The item the difference is about (none for the bibliography's order). */
  item: CslItem | undefined;
  /** All items, by id. */
  items: ReadonlyMap<string, CslItem>;
  /** pandoc's bibliography entries of the same case, by item id (canonical). */
  pandocEntries: ReadonlyMap<string, string>;
  /** Whether the style has a `<names>` without a `<name>` child (see `hs-names-without-name`). */
  namesWithoutName: boolean;
}

/** One accepted kind of difference. */
export interface DifferenceKind {
  id: string;
  side: Side;
  /** What differs, in a line. */
  title: string;
  /** Why it is accepted. */
  why: string;
  /** Where the kind can occur at all; everywhere when absent. */
  applies?(difference: Difference, context: KindContext): boolean;
  /** Rewrites a text (either side) so that this kind of difference disappears. */
  normalise?(text: string, difference: Difference, context: KindContext): string;
  /** Whether what is left of the pair, once normalised, is wholly of this kind. */
  covers?(scholia: string, pandoc: string, difference: Difference, context: KindContext): boolean;
  /**
   * For the bibliography's order: whether this kind can move `item` (an order difference is explained
   * when every item one order moves against the other can be moved by one of the kinds).
   */
  moves?(item: CslItem | undefined): boolean;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3005\\u30FC';

/** citeproc-js's words kept in lower case in title case (`CSL.SKIP_WORDS`, single words). */
const JS_STOP_WORDS = new Set(
  (
    'about above across afore after against al along alongside amid amidst among amongst anenst apropos apud ' +
    'around as aside astride at athwart atop barring before behind below beneath beside besides between beyond ' +
    'but by circa despite down during et except for forenenst from given in inside into lest like modulo near ' +
    'next notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout ' +
    'thruout till to toward towards under underneath until unto up upon versus vs via with within without or ' +
    'yet so and nor a an the de von van c ca'
  ).split(' '),
);

function isNoteCitation(difference: Difference): boolean {
  return difference.part === 'citation' || difference.part === 'located';
}

function creators(item: CslItem | undefined): CslName[] {
  if (item === undefined) return [];
  const record = item as Record<string, unknown>;
  return ['author', 'editor', 'translator', 'reviewed-author'].flatMap((role) =>
    Array.isArray(record[role]) ? (record[role] as CslName[]) : [],
  );
}

function hasParticle(item: CslItem | undefined): boolean {
  return creators(item).some(
    (name) =>
      name['non-dropping-particle'] !== undefined ||
      name['dropping-particle'] !== undefined ||
      /^\p{Ll}/u.test(name.family ?? ''),
  );
}

function hasNonLatinName(item: CslItem | undefined): boolean {
  return creators(item).some((name) =>
    /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(name.family ?? ''),
  );
}

/** How the item's names in Chinese or Japanese script may be written: whole, family name alone. */
function cjkNames(item: CslItem | undefined): string[] {
  return creators(item)
    .filter((name) => new RegExp(`[${CJK}]`, 'u').test(name.family ?? ''))
    .flatMap((name) => [`${name.family ?? ''}${name.given ?? ''}`, name.family ?? ''])
    .sort((a, b) => b.length - a.length);
}

function hasNoAuthor(item: CslItem | undefined): boolean {
  return item !== undefined && (item.author ?? []).length === 0;
}

/**
 * Where two texts differ when they differ in one stretch only: that stretch of each, and it with 40
 * characters of context on each side (of the first text); null when they are equal.
 */
function oneChange(a: string, b: string): { scholia: string; pandoc: string; around: string } | null {
  if (a === b) return null;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end])
    end += 1;
  return {
    scholia: a.slice(start, a.length - end),
    pandoc: b.slice(start, b.length - end),
    around: a.slice(Math.max(0, start - 40), a.length - end + 40),
  };
}

/** Whether the order difference `difference` is explained by the kinds that move items. */
function explainedOrder(
  kinds: readonly DifferenceKind[],
  difference: Difference,
  context: KindContext,
): boolean {
  const moving = kinds.filter((kind) => kind.moves !== undefined);
  if (difference.part !== 'order' || moving.length === 0) return false;
  const a = difference.scholia.split(' ');
  const b = difference.pandoc.split(' ');
  if ([...a].sort().join(' ') !== [...b].sort().join(' ')) return false;
  const moved = movedIds(a, b);
  return (
    moved.length > 0 &&
    moved.every((id) => moving.some((kind) => kind.moves?.(context.items.get(id)) === true))
  );
}

/**
 * The accepted kinds, most specific first: when several explain a difference, the later (broader)
 * ones are dropped first.
 */
export const KINDS: readonly DifferenceKind[] = [
  {
    id: 'js-empty-entry-left-out',
    side: 'citeproc-js',
    title: 'An entry the style prints nothing for: left out, or written empty',
    why: 'For an item the bibliography layout prints nothing of (chicago-notes-bibliography and a conference paper without a container title: jockers-2015), citeproc-js leaves the entry out of the bibliography and pandoc writes an empty one; neither shows the reader anything.',
    applies: (difference) => difference.part === 'entry',
    covers: (scholia, pandoc) => (scholia === '(none)' || scholia.trim() === '') && pandoc.trim() === '',
  },
  {
    id: 'pandoc-link-spans',
    side: 'pandoc',
    title: 'The same text, linked differently',
    why: 'pandoc links the title when the style prints neither the URL nor the DOI (CSL 1.0.2, appendix VI) and links the DOI inside a printed “https://doi.org/…”; citeproc-js links only the URL or DOI the style prints. The text is the same.',
    normalise: (text) => text.replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1'),
  },
  {
    id: 'pandoc-no-printed-form',
    side: 'citeproc-js',
    title: 'An item the style cannot print: citeproc-js writes an error, pandoc nothing',
    why: 'When a style renders nothing for an item (springer-basic-author-date’s citation of a web page with neither author nor date), citeproc-js writes “[CSL STYLE ERROR: reference with no printed form.]” and pandoc an empty citation with a warning. Neither is usable; Scholia shows its placeholder for documents without author and date.',
    covers: (scholia, pandoc) =>
      /CSL STYLE ERROR: reference with no printed form/.test(scholia) && /^\(?\)?$/.test(pandoc),
  },
  // citeproc-hs 0.6.0.1 (pandoc 2.17), against CSL or citeproc-js.
  {
    id: 'hs-page-range-chicago',
    side: 'citeproc-hs',
    title: 'Page ranges in full where Chicago abbreviates them (401–428 for 401–28)',
    why: 'citeproc-hs 0.6 does not apply `page-range-format="chicago"` to ranges above 100 (fixed later: “Chicago page numbering fixes”, citeproc 0.8.0.1); citeproc-js follows the Chicago Manual (401–28).',
    normalise: (text) =>
      text.replace(/(\d+)([–‑～-])(\d+)/g, (whole, first: string, dash: string, second: string) =>
        second.length < first.length
          ? `${first}${dash}${first.slice(0, first.length - second.length)}${second}`
          : whole,
      ),
  },
  {
    id: 'hs-page-range-minimal',
    side: 'citeproc-hs',
    title: 'A page range shortened below its first number (1–8 for 1–18)',
    why: 'With `page-range-format="minimal"`, citeproc-hs 0.6 drops digits of a second number that is longer than the first (pages 1–18 become 1–8, a different range); citeproc-js keeps 1–18, as CSL’s minimal format only drops digits the two numbers share.',
    applies: (_difference, context) => /^\d+-\d+$/.test(context.item?.page ?? ''),
    normalise: (text, _difference, context) => {
      const [first = '', second = ''] = (context.item?.page ?? '').split('-');
      return text.replace(
        new RegExp(`\\b${first}([–‑-])(\\d+)\\b`, 'g'),
        (whole, dash: string, shown: string) =>
          second.endsWith(shown) && shown !== second ? `${first}${dash}${second}` : whole,
      );
    },
  },
  {
    id: 'hs-multiple-types',
    side: 'citeproc-hs',
    title: 'A thesis with its place before the university (“Stanford, CA: Stanford University”)',
    why: 'ASA tests `<if type="thesis manuscript">`; citeproc-hs 0.6 reads a list of types with the default match="all" as “thesis and manuscript”, which never holds, and takes the branch for other types (fixed in citeproc 0.9, #151); citeproc-js takes it as “thesis or manuscript”, as CSL 1.0.2 says.',
    applies: (_difference, context) =>
      context.item?.publisher !== undefined && context.item['publisher-place'] !== undefined,
    normalise: (text, _difference, context) => {
      const place = context.item?.['publisher-place'] ?? '';
      const publisher = context.item?.publisher ?? '';
      return text.split(`${place}: ${publisher}`).join(`${publisher}, ${place}`);
    },
  },
  {
    id: 'hs-cjk-name-period',
    side: 'citeproc-hs',
    title: 'A period after a Chinese or Japanese name (“鲁迅.,”)',
    why: 'citeproc-hs takes a one-character given name (迅, 漱石) for an initial and adds the style’s initial period; citeproc-js writes CJK names whole, family name first, with no period, as CSL asks for non-Latin names.',
    applies: (_difference, context) => cjkNames(context.item).length > 0,
    normalise: (text, _difference, context) =>
      cjkNames(context.item).reduce((value, name) => value.split(`${name}.`).join(name), text),
  },
  {
    id: 'hs-substituted-variable-absent',
    side: 'citeproc-hs',
    title:
      'An article without author: its title in italics instead of quotation marks, or its section printed',
    why: 'When a variable stands in for a missing author (the container title in Chicago, the title in APA), citeproc-hs 0.6 also treats it as absent in later `<if variable=…>` tests, so Chicago formats the title as a book’s and APA prints the section (“[Opinion]”) it prints only for untitled items; CSL suppresses only the variable’s second rendering, as citeproc-js does (fixed in citeproc 0.8, “SubstitutedVal”).',
    applies: (_difference, context) =>
      hasNoAuthor(context.item) && context.item?.['container-title'] !== undefined,
    normalise: (text, _difference, context) => {
      const section = context.item?.['section'];
      const withoutSection = typeof section === 'string' ? text.split(` \\[${section}\\].`).join('') : text;
      return withoutSection.replace(
        /[“„«‘《「『]\u00a0?((?:\\.|[^”“»«‘’《》「」『』\\])+?)([.,]?)\u00a0?[”“»’‘》」』]/g,
        '*$1*$2',
      );
    },
  },
  {
    id: 'hs-is-numeric-number',
    side: 'citeproc-hs',
    title: 'A “No.” label before a number that is not numeric (No. arXiv:2401.01234)',
    why: 'citeproc-hs 0.6 counts “arXiv:2401.01234” as numeric and gives it the number label; citeproc-js does not, as CSL’s is-numeric asks for a number with at most a prefix or suffix (is-numeric improved in citeproc 0.9 and 0.12).',
    normalise: (text) => text.replace(/(^|[\s(])(?:[Nn](?:o|º|ᵒ|r)?\.?|[Nn]úm\.|№|第) ?(?=arXiv:)/gu, '$1'),
  },
  {
    id: 'hs-editor-translator',
    side: 'citeproc-hs',
    title: 'Editor and translator who are the same person: “ed & trans” against “ed, … tr”',
    why: 'citeproc-hs joins an editor who is also the translator into CSL 1.0.2’s editortranslator (“ed & trans”); citeproc-js 2.4 does so only in styles that name `editortranslator`. Both name the same people in the same roles.',
    applies: (_difference, context) =>
      context.item !== undefined &&
      JSON.stringify(context.item.editor ?? []) === JSON.stringify(context.item.translator ?? []) &&
      (context.item.editor ?? []).length > 0,
    covers: (scholia, pandoc, _difference, context) => {
      const family = context.item?.editor?.[0]?.family ?? '';
      const change = oneChange(scholia, pandoc);
      const letters = (text: string) => text.toLowerCase().replace(/\s+/g, '');
      return (
        change !== null &&
        family !== '' &&
        change.around.includes(family) &&
        letters(change.scholia) !== letters(change.pandoc) &&
        !/[\d*]/.test(change.scholia + change.pandoc) &&
        change.scholia.length + change.pandoc.length < 120
      );
    },
  },
  {
    id: 'hs-suffix-period',
    side: 'citeproc-hs',
    title: '“Jr.” keeps its period where the style strips periods (“King ML Jr”)',
    why: 'citeproc-hs does not apply `strip-periods` to a name suffix; citeproc-js does.',
    normalise: (text) => text.replace(/\bJr\./g, 'Jr'),
  },
  {
    id: 'hs-joined-initial',
    side: 'citeproc-hs',
    title: 'An initial joined to the given name that follows it (“JHillis Miller”)',
    why: 'With periods stripped (OSCOLA), citeproc-hs also drops the space after the initial of “J. Hillis”; citeproc-js writes “J Hillis”.',
    normalise: (text) => text.replace(/\b(\p{Lu})(?=\p{Lu}\p{Ll})/gu, '$1 '),
  },
  {
    id: 'hs-full-year',
    side: 'citeproc-hs',
    title: 'A four-digit year where the style asks for two (accessed 1.10.2026 against 1.10.26)',
    why: 'citeproc-hs 0.6 ignores `form="short"` on a year date-part (elsevier-harvard’s access dates); citeproc-js writes the short year as the style asks.',
    normalise: (text) => text.replace(/\b(\d{1,2}\.\d{1,2}\.)(?:19|20)(\d{2})\b/g, '$1$2'),
  },
  {
    id: 'season-in-numeric-date',
    side: 'citeproc-hs',
    title: 'A season in a locale whose dates are numeric (2008年23月, 1964年16月 against 1964年冬月)',
    why: 'Where the locale writes months as numbers with 月 (Chinese, Japanese), citeproc-hs writes a season as its month code (13–16, or EDTF’s 21–24) and citeproc-js writes the season’s term followed by 月 (冬月), or nothing; neither is a usable season, and CSL does not say how a season goes into a numeric date.',
    normalise: (text) => text.replace(/年(?:1[3-9]|2\d|[春夏秋冬]季?)月/g, '年'),
  },
  {
    id: 'hs-gendered-ordinal',
    side: 'citeproc-hs',
    title: 'A Russian ordinal with another gender ending (3-я изд. against 3-е изд.)',
    why: 'The ru-RU locale has gendered ordinals; the engines choose the ending for “издание” (edition) differently (citeproc-hs the feminine default, citeproc-js the neuter of the term’s gender). A locale detail, not a layout difference.',
    normalise: (text) => text.replace(/(\d)-(?:е|я|й)(?= )/g, '$1-е'),
  },
  {
    id: 'hs-sort-anonymous-first',
    side: 'citeproc-hs',
    title: 'Items without an author sorted first',
    why: 'Where a style’s sort key macro renders nothing for an item without an author (springer-basic-author-date), citeproc-hs 0.6 sorts it first; CSL puts empty sort keys last, as citeproc-js does.',
    applies: (difference) => difference.part === 'order',
    moves: hasNoAuthor,
  },
  // citeproc-js 2.4, against CSL or citeproc-hs.
  {
    id: 'hs-year-suffix-in-range',
    side: 'citeproc-hs',
    title:
      'A date range without the suffixes of the locale’s date parts (2015 against 2015年, 2015 г., 7月3 against 7月3日)',
    why: 'For a date range (a conference from 29 June to 3 July 2015), citeproc-hs 0.6 leaves out the suffixes the locale’s date format puts after the year or the day (年 and 日 in Chinese and Japanese, г. in Russian), which citeproc-js keeps as for a single date.',
    applies: (_difference, context) => (context.item?.issued?.['date-parts'] ?? []).length > 1,
    normalise: (text) =>
      text
        .replace(/(\d{4}) г\.(?=[.,;:)])/g, '$1')
        .replace(/(\d{4}) г\./g, '$1.')
        .replace(/(\d{4})年/g, '$1')
        .replace(/(\d{1,2})日/g, '$1'),
  },
  {
    id: 'hs-chicago-conditions',
    side: 'citeproc-hs',
    title:
      'Chicago layouts that citeproc-hs takes another branch of (an encyclopedia entry’s “In”, an issue’s date, a volume printed twice)',
    why: 'The Chicago and Turabian styles (updated 2024–25) test CSL 1.0.2 variables and types that citeproc-hs 0.6 (January 2022) predates; it takes other branches for an encyclopedia entry (no “In”, the title in the citation), a journal issue without a volume (no month or year after “no. 1”), and a chapter’s volume (“vol. 1, 1.”). citeproc-js 2.4 follows the style. Limited to these items, as the cause was not traced further.',
    applies: (difference) =>
      /^(chicago|turabian)/.test(difference.style) &&
      ['sep-2019', 'moretti-2000', 'alembert-1751', 'jameson-1979'].includes(difference.item),
    covers: (scholia, pandoc) => {
      const change = oneChange(scholia, pandoc);
      return change !== null && change.scholia.length + change.pandoc.length <= 40;
    },
  },
  {
    id: 'hs-number-of-volumes',
    side: 'citeproc-hs',
    title:
      'The number of volumes without its label, or left out (“(2)” against “(2 vol)”, no “2 vols.” in a note)',
    why: 'citeproc-hs 0.6 writes `number-of-volumes` without the label the style gives it (Harvard) and leaves it out of Chicago’s full notes; citeproc-js writes both as the style asks.',
    applies: (_difference, context) => context.item?.['number-of-volumes'] !== undefined,
    normalise: (text, _difference, context) => {
      const count = String(context.item?.['number-of-volumes']);
      return text.replace(new RegExp(`(?:, ${count} vols?\\.|\\(${count}(?: vols?\\.?)?\\))`, 'g'), '');
    },
  },
  {
    id: 'js-group-with-terms',
    side: 'citeproc-js',
    title: 'A term kept in a group whose variables are all empty (IEEE’s “[Online].” without an access date)',
    why: 'CSL 1.0.2 suppresses a group that calls variables when all of them are empty, terms and nested groups with it; IEEE’s “Accessed: DATE. [Online].” group calls only the access date, so citeproc-hs drops it for an item with a URL but no access date, while citeproc-js keeps “[Online].” because the nested group has no variable of its own.',
    applies: (_difference, context) => context.item?.URL !== undefined && context.item.accessed === undefined,
    normalise: (text) => text.replace(/ \\\[[^\\]*\\\]\.(?= [^.]*: https?:)/u, ''),
  },
  {
    id: 'js-date-range-parentheses',
    side: 'citeproc-js',
    title: 'The end of a year range in parentheses of its own (1913–(1927))',
    why: 'In a date range inside parentheses (nature: “(Gallimard, Paris, 1913–1927)”), citeproc-js repeats the date’s parentheses around the second year; citeproc-hs does not. A citeproc-js bug.',
    normalise: (text) => text.replace(/([–-])\((\d{4})\)/g, '$1$2'),
  },
  {
    id: 'js-subsequent-author-et-al',
    side: 'citeproc-js',
    title: '“---” for an author who is not the previous entry’s (Bamman after “Bamman et al.”)',
    why: 'MLA replaces an author list that repeats the previous entry’s with “---”; citeproc-js compares the names as rendered, and “Bamman, David, et al.” renders the same first name as “Bamman, David”, so it substitutes; citeproc-hs compares the whole list, as the MLA Handbook (5.124) wants. A citeproc-js bug.',
    applies: (difference) => difference.part === 'entry',
    covers: (scholia, pandoc, _difference, context) => {
      const dashes = /^(?:-{3}|—{2,3})/.exec(scholia);
      const family = context.item?.author?.[0]?.family;
      if (dashes === null || family === undefined || !pandoc.startsWith(family)) return false;
      const rest = scholia.slice(dashes[0].length);
      return pandoc.endsWith(rest) && /^[^.]*$/.test(pandoc.slice(0, pandoc.length - rest.length));
    },
  },
  {
    id: 'pandoc-note-capital',
    side: 'pandoc',
    title: 'pandoc capitalises the first letter of a citation that makes a footnote',
    why: 'pandoc puts a note style’s citation in a footnote of its own and capitalises its first letter, as a note starts a sentence (“Van der Kolk, …”, “De la Cruz, …”). Scholia gives the citation as the style writes it, to be placed in the reader’s own text.',
    applies: isNoteCitation,
    normalise: (text) => text.replace(/^\p{Lu}/u, (letter) => letter.toLowerCase()),
  },
  {
    id: 'js-title-case-stop-words',
    side: 'citeproc-js',
    title: 'Title case: words citeproc-js keeps in lower case (since, versus, across; a word after “*”)',
    why: 'CSL’s title case leaves only its short list of stop words in lower case; citeproc-js keeps a longer list of prepositions (`CSL.SKIP_WORDS`: since, versus, across, …), as Chicago wants, and does not capitalise a word after a non-letter. citeproc-hs capitalises them.',
    normalise: (text) =>
      text
        .replace(/\b\p{Lu}\p{Ll}*\b/gu, (word) =>
          JS_STOP_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : word,
        )
        .replace(/(\\\*)(\p{Lu})/gu, (_whole, star: string, letter: string) => star + letter.toLowerCase()),
  },
  {
    id: 'js-punctuation-inside-quotes',
    side: 'citeproc-js',
    title: 'A period or comma inside both closing quotes (“‘Variorum.’” against “‘Variorum’.”)',
    why: 'With `punctuation-in-quote`, citeproc-js moves the period or comma inside the inner and the outer closing quotation mark, as the Chicago Manual (6.9) wants; citeproc-hs 0.6 moves it only inside the outer one, and not into a quotation that ends a link (nature’s linked titles).',
    normalise: (text) => text.replace(/([.,])([’‘'›»”“"]+)/g, '$2$1'),
  },
  {
    id: 'js-comma-after-terminal-punctuation',
    side: 'citeproc-js',
    title: 'A comma kept after a title ending in “?” or “!” (“Stinks!,”)',
    why: 'citeproc-js keeps the delimiter after a title that ends in a question or exclamation mark; citeproc-hs drops it, as the Chicago Manual (6.119) wants. Either reads.',
    normalise: (text) => text.replace(/([?!]\*?[’”»"]*)[,.](?= )/g, '$1'),
  },
  {
    id: 'js-no-cjk-italics',
    side: 'citeproc-js',
    title: 'No italics on Chinese or Japanese text (呐喊 against *呐喊*)',
    why: 'citeproc-js deliberately drops italics from text with no Latin-like (“romanesque”) characters, as East Asian typography has none; citeproc-hs applies them.',
    normalise: (text) => text.replace(new RegExp(`(?<!\\\\)\\*([${CJK}]+)(?<!\\\\)\\*`, 'gu'), '$1'),
  },
  {
    id: 'js-arabic-initials',
    side: 'citeproc-js',
    title: 'An Arabic given name reduced to an initial (ن. against نجيب.)',
    why: 'citeproc-js initialises given names in Arabic script like Latin ones; citeproc-hs writes them whole. Arabic names have no initials convention; CSL leaves it to the processor.',
    applies: (_difference, context) =>
      creators(context.item).some((name) => /\p{Script=Arabic}/u.test(name.given ?? '')),
    normalise: (text, _difference, context) =>
      creators(context.item).reduce((value, name) => {
        const given = name.given ?? '';
        return /\p{Script=Arabic}/u.test(given) ? value.split(given).join(given.charAt(0)) : value;
      }, text),
  },
  {
    id: 'js-cjk-term-space',
    side: 'citeproc-js',
    title: 'No space (or comma) between a Latin name and a Chinese or Japanese term (Leitch等, Lowe和Paul)',
    why: 'citeproc-js writes CJK terms (等, ほか, 和) without the space and serial comma a Latin delimiter would add; citeproc-hs adds them. CJK typography has no spaces.',
    normalise: (text) =>
      text
        .replace(new RegExp(`(\\p{Script=Latin}\\.?),? ([${CJK}])`, 'gu'), '$1$2')
        .replace(new RegExp(`([${CJK}]) (\\p{Script=Latin})`, 'gu'), '$1$2'),
  },
  {
    id: 'js-particle-no-break-space',
    side: 'citeproc-js',
    title: 'A no-break space after a name particle in French (“de\u00a0Beauvoir”)',
    why: 'citeproc-js joins a particle to the family name with a no-break space in French, so “de Beauvoir” is not split over two lines; citeproc-hs writes a space.',
    normalise: (text) => text.replace(/(\p{Ll}’?)\u00a0(?=\p{Lu})/gu, '$1 '),
  },
  {
    id: 'js-stray-delimiter',
    side: 'citeproc-js',
    title: 'A stray “. ,” or “. .” where a group renders empty',
    why: 'citeproc-js writes the delimiter of a group whose affixes end in a period even when what follows starts with punctuation (IEEE’s “no. 6. ,”, elsevier-harvard’s “2019. .”); citeproc-hs drops the repeated punctuation.',
    normalise: (text) => text.replace(/\. \./g, '.').replace(/\. ,/g, '.,'),
  },
  {
    id: 'hs-names-without-name',
    side: 'citeproc-hs',
    title: 'Names as “Clare Doyle” where the style asks for “Doyle C”',
    why: 'A `<names>` element without a `<name>` child takes its name options from the style (CSL 1.0.1, inheritable name options: NLM and Vancouver set name-as-sort-order and initialize-with on `<style>`); citeproc-hs 0.6 renders such names with the defaults instead, and puts their label before them (“, editorHannah Arendt”). citeproc-js applies the inherited options. Everything but the names and their labels is compared.',
    applies: (difference, context) => context.namesWithoutName && difference.part === 'entry',
    normalise: (text, _difference, context) => withoutNames(text, context.item),
  },
  {
    id: 'js-typographic-apostrophe',
    side: 'citeproc-js',
    title: "A locale term’s apostrophe as ’ rather than ' (“à l’adresse”)",
    why: "citeproc-js turns a straight apostrophe in a locale term (fr-FR “à l'adresse”) into the typographic one, as it does in titles; citeproc-hs writes the term as the locale file has it. Both are valid apostrophes.",
    normalise: (text) => text.replace(/’/g, "'"),
  },
  {
    id: 'locale-term-case',
    side: 'citeproc-js',
    title: 'The case of locale terms in other languages (Éd. et Trad. against Éd. Et Trad.; Nᵒ against nᵒ)',
    why: 'CSL defines title case for English only; for other languages the engines capitalise terms differently under `text-case="title"` and `capitalize-first` (citeproc-js leaves a conjunction like “et” in lower case and capitalises “nᵒ”; citeproc-hs the reverse). Only letter case differs.',
    applies: (difference) => !difference.locale.startsWith('en-'),
    normalise: (text) => text.toLowerCase(),
  },
  {
    id: 'sort-particles',
    side: 'citeproc-js',
    title: 'Names with particles sorted under another letter (de Beauvoir, de la Cruz, van der Kolk)',
    why: 'The engines differ on where a name with a particle sorts: citeproc-js parses a particle written into the family name (“de Beauvoir”) and demotes it, and sorts on the family name where the style keeps particles in front (`demote-non-dropping-particle="never"`); citeproc-hs sorts those under the particle.',
    applies: (difference) => difference.part === 'order',
    moves: hasParticle,
  },
  {
    id: 'sort-by-locale',
    side: 'citeproc-js',
    title: 'Non-Latin names sorted by the locale (Cyrillic first in ru-RU, kanji first in ja-JP)',
    why: 'citeproc-js sorts with the collation of the chosen locale (Intl.Collator), which puts the locale’s own script first; citeproc-hs sorts by the Unicode root collation. Both are defensible; the locale’s order is what a reader of that language expects.',
    applies: (difference) => difference.part === 'order',
    moves: hasNonLatinName,
  },
];

/** The kind with id `id`, if any. */
export function kindOf(id: string): DifferenceKind | undefined {
  return KINDS.find((kind) => kind.id === id);
}

function initials(given: string): string[] {
  const parts = given.split(/[\s.]+/).filter((part) => part !== '');
  const joined = parts
    .map((part) =>
      part
        .split('-')
        .map((piece) => piece.charAt(0))
        .join(''),
    )
    .join('');
  const hyphened = parts
    .map((part) =>
      part
        .split('-')
        .map((piece) => piece.charAt(0))
        .join('-'),
    )
    .join('');
  return [joined, hyphened];
}

/** `text` with every word of `item`'s names (and name labels) taken out, and its punctuation and spaces. */
function withoutNames(text: string, item: CslItem | undefined): string {
  const words = new Set(['in', 'et', 'al']);
  for (const name of creators(item)) {
    for (const field of [
      name.family,
      name.given,
      name.literal,
      name.suffix,
      name['non-dropping-particle'],
      name['dropping-particle'],
    ]) {
      for (const word of (field ?? '').split(/[\s.,’'-]+/)) if (word !== '') words.add(word.toLowerCase());
    }
    for (const initial of initials(name.given ?? '')) if (initial !== '') words.add(initial.toLowerCase());
  }
  return text
    .replace(/editors?|translators?/g, ' ')
    .split(/([\s.,;:’'-]+)/u)
    .filter((token) => !words.has(token.toLowerCase()))
    .join('')
    .replace(/[\s.,;:’'-]+/gu, '');
}

function applying(difference: Difference, context: KindContext): DifferenceKind[] {
  return KINDS.filter((kind) => kind.applies?.(difference, context) ?? true);
}

function explainedBy(
  kinds: readonly DifferenceKind[],
  difference: Difference,
  context: KindContext,
): boolean {
  const normalise = (text: string) =>
    kinds.reduce((value, kind) => kind.normalise?.(value, difference, context) ?? value, text);
  const scholia = normalise(difference.scholia);
  const pandoc = normalise(difference.pandoc);
  return (
    scholia === pandoc ||
    kinds.some((kind) => kind.covers?.(scholia, pandoc, difference, context) === true) ||
    explainedOrder(kinds, difference, context)
  );
}

/**
 * A smallest set of kinds, in {@link KINDS} order, that explains `difference`, or null when none
 * does: all that apply (or all but one), less those the others explain it without, the broader (later)
 * ones dropped first.
 */
export function explain(difference: Difference, context: KindContext): string[] | null {
  const applicable = applying(difference, context);
  // All of them together, else all but one (a broad normalisation can hide what a test looks for).
  const candidates = [
    applicable,
    ...applicable.map((left) => applicable.filter((kind) => kind !== left)),
  ].find((kinds) => explainedBy(kinds, difference, context));
  if (candidates === undefined) return null;
  let chosen = candidates;
  for (const kind of [...candidates].reverse()) {
    const without = chosen.filter((other) => other !== kind);
    if (explainedBy(without, difference, context)) chosen = without;
  }
  return chosen.map((kind) => kind.id);
}

/** Whether the kinds named `ids` (each known and applying to it) explain `difference`. */
export function explainedByIds(
  ids: readonly string[],
  difference: Difference,
  context: KindContext,
): boolean {
  const kinds = applying(difference, context).filter((kind) => ids.includes(kind.id));
  return kinds.length === ids.length && explainedBy(kinds, difference, context);
}
