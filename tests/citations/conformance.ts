/**
 * The citation conformance suite: the items of `items.json` formatted by Scholia (citeproc-js through
 * citation-js, `formatReferences`) and by pandoc (citeproc-hs, `pandoc.ts`) in one shipped style and
 * locale, compared entry by entry and citation by citation in canonical form (`canonical.ts`).
 *
 * Three kinds of citation are compared: each item cited on its own (`citation`), each item cited at a
 * place in it (`located`: pages "45" or "45–46", or paragraph "12", in turn), and the bibliography
 * (`entry`, and its `order`). pandoc formats them in two documents, so that every citation is an item's
 * first, as each of Scholia's is (it formats every citation on its own).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { citeKey, cslLocaleXml, cslStyleXml, type LocatedCite } from '../../src/core/citations/citation-js';
import type { FormattedText } from '../../src/core/citations/csl-markup';
import { StyleRegistry } from '../../src/core/citations/styles';
import { CITATION_LOCALES } from '../../src/shared/export-options';
import type { CslItem } from '../../src/shared/model';
import { fromCommonMark, fromPlainText, italicTexts, plainText, type Canonical } from './canonical';
import { ITEMS, ITEMS_PATH } from './items';
import { formatWithPandoc, type PandocReferences } from './pandoc';
import { formatOnWorker } from './scholia-worker';

/** What is compared: a bibliography entry, a citation, a citation with a locator, the bibliography's order. */
export type Part = 'entry' | 'citation' | 'located' | 'order';

/** One place where Scholia and pandoc disagree, each side in canonical form (`order`: the ids that differ). */
export interface Difference {
  style: string;
  locale: string;
  /** The item's id (`*` for the order). */
  item: string;
  part: Part;
  scholia: string;
  pandoc: string;
}

/** How many of `total` compared equal. */
export interface Tally {
  equal: number;
  total: number;
}

/** A style and a locale to compare in. */
export interface Case {
  style: string;
  locale: string;
}

/** What one {@link Case} gave. */
export interface CaseResult extends Case {
  entries: Tally;
  citations: Tally;
  located: Tally;
  /** Entries and citations pandoc sets (partly) in italics whose italic texts Scholia sets in italics too. */
  italics: Tally;
  /** Entries and citations (both kinds) equal once formatting is ignored. */
  text: Tally;
  differences: Difference[];
  /** What pandoc warned about. */
  warnings: string[];
  /** pandoc's bibliography entries, by item id (canonical), for telling kinds of difference apart. */
  pandocEntries: Record<string, string>;
  /** Whether the style has a `<names>` without a `<name>` child (see `kinds.ts`). */
  namesWithoutName: boolean;
  /** Time taken, in seconds. */
  seconds: number;
}

/** Which of Scholia's forms is compared: its CommonMark (what exports write) or its plain text. */
export type ScholiaForm = 'markdown' | 'text';

/** The place each item is cited at in the `located` citations: pages, a page range, a paragraph, in turn. */
export function locatedCites(items: readonly CslItem[]): LocatedCite[] {
  const places: Omit<LocatedCite, 'id'>[] = [
    { label: 'page', locator: '45' },
    { label: 'page', locator: '45–46' },
    { label: 'paragraph', locator: '12' },
  ];
  return items.map((item, index) => ({ id: item.id, ...places[index % places.length]! }));
}

/**
 * How a citation at `cite`'s place is written for pandoc, which finds the label by the locale's terms:
 * a bare number is a page; a paragraph is given the locale's symbol for it (¶), else its name.
 */
export function pandocLocator(cite: LocatedCite, localeXml: string): string {
  if (cite.label === 'page') return cite.locator;
  const term = (form: string) =>
    new RegExp(`<term name="paragraph"${form}>\\s*(?:<single>([^<]*)</single>|([^<]+)</term>)`).exec(
      localeXml,
    );
  const found = term(' form="symbol"') ?? term('');
  const name = (found?.[1] ?? found?.[2])?.trim();
  return `${name ?? '¶'} ${cite.locator}`;
}

/** The suite: Scholia's shipped styles and locales, and a run of one case. */
export class ConformanceSuite {
  private constructor(
    private readonly registry: StyleRegistry,
    /** The shipped styles' ids, in the order Scholia lists them. */
    readonly styles: readonly string[],
  ) {}

  /** The shipped locales' ids. */
  get locales(): readonly string[] {
    return CITATION_LOCALES.map((locale) => locale.id);
  }

  /** The suite over the styles and locales shipped now (`resources/csl/`). */
  static async open(): Promise<ConformanceSuite> {
    // No library: only the shipped styles are listed.
    const registry = new StyleRegistry(join(tmpdir(), 'scholia-conformance-no-library'));
    const styles = (await registry.list()).filter((style) => style.source === 'bundled').map((s) => s.id);
    return new ConformanceSuite(registry, styles);
  }

  /**
   * The locale Scholia formats `style` in when `locale` is asked for: `locale`, except for a dependent
   * style that sets its own (Turabian's en-US).
   */
  effectiveLocale(style: string, locale: string): Promise<string> {
    return this.registry.resolveLocale(locale, style);
  }

  /**
   * Formats every item in `style` and `locale` with Scholia (on a worker thread of its own, see
   * `scholia-worker.ts`) and with pandoc, and compares them; `form` says which of Scholia's forms.
   */
  async run(style: string, locale: string, form: ScholiaForm = 'markdown'): Promise<CaseResult> {
    const started = performance.now();
    const name = await this.registry.resolve(style);
    const lang = await this.registry.resolveLocale(locale, style);
    const styleXml = cslStyleXml(name);
    if (styleXml === undefined) throw new RangeError(`Style ${style} is not registered with citation-js.`);
    const localeXml = cslLocaleXml(lang);
    if (localeXml === undefined) throw new RangeError(`Locale ${lang} is not registered with citation-js.`);
    const ids = ITEMS.map((item) => item.id);
    const cites = locatedCites(ITEMS);
    const common = { styleXml, localeXml, lang, itemsPath: ITEMS_PATH };
    const [scholia, plain, withLocators] = await Promise.all([
      formatOnWorker(style, lang, cites),
      formatWithPandoc({ ...common, citations: ids }),
      formatWithPandoc({
        ...common,
        citations: cites.map((cite) => `${cite.id}, ${pandocLocator(cite, localeXml)}`),
        bibliography: false,
      }),
    ]);
    const read = (value: FormattedText | undefined): Canonical | undefined =>
      value === undefined
        ? undefined
        : form === 'markdown'
          ? fromCommonMark(value.markdown)
          : fromPlainText(value.text);
    const located = new Map(scholia.located);
    const result = compare(
      { style, locale },
      {
        order: scholia.order,
        entries: new Map(scholia.entries.map(([id, value]) => [id, read(value)])),
        citations: new Map(scholia.citations.map(([id, value]) => [id, read(value)])),
        located: new Map(cites.map((cite) => [cite.id, read(located.get(citeKey(cite)))])),
      },
      { ...plain, located: withLocators.citations, warnings: [...plain.warnings, ...withLocators.warnings] },
      ids,
    );
    return {
      ...result,
      pandocEntries: Object.fromEntries([...plain.entries].map(([id, entry]) => [id, entry.key])),
      namesWithoutName: [...styleXml.matchAll(/<names\b[^>]*[^/]>([\s\S]*?)<\/names>/g)].some(
        (names) => !/<name[\s/>]/.test(names[1] ?? ''),
      ),
      seconds: (performance.now() - started) / 1000,
    };
  }
}

interface Formatted {
  order: readonly string[];
  entries: ReadonlyMap<string, Canonical | undefined>;
  citations: ReadonlyMap<string, Canonical | undefined>;
  located: ReadonlyMap<string, Canonical | undefined>;
}

/** What a missing entry or citation is written as in a {@link Difference}. */
export const MISSING = '(none)';

function compare(
  which: Case,
  scholia: Formatted,
  pandoc: PandocReferences & { located: ReadonlyMap<string, Canonical> },
  ids: readonly string[],
): Omit<CaseResult, 'seconds' | 'pandocEntries' | 'namesWithoutName'> {
  const differences: Difference[] = [];
  const tally = () => ({ equal: 0, total: 0 });
  const tallies = { entry: tally(), citation: tally(), located: tally(), italics: tally(), text: tally() };
  for (const part of ['entry', 'citation', 'located'] as const) {
    const ours =
      part === 'entry' ? scholia.entries : part === 'citation' ? scholia.citations : scholia.located;
    const theirs =
      part === 'entry' ? pandoc.entries : part === 'citation' ? pandoc.citations : pandoc.located;
    for (const id of ids) {
      const a = ours.get(id);
      const b = theirs.get(id);
      tallies[part].total += 1;
      if (a !== undefined && b !== undefined) {
        tallies.text.total += 1;
        if (plainText(a) === plainText(b)) tallies.text.equal += 1;
        const italic = italicTexts(b);
        if (part !== 'located' && italic.length > 0) {
          tallies.italics.total += 1;
          if (JSON.stringify(italicTexts(a)) === JSON.stringify(italic)) tallies.italics.equal += 1;
        }
      }
      if (a?.key === b?.key) {
        tallies[part].equal += 1;
      } else {
        differences.push({ ...which, item: id, part, scholia: a?.key ?? MISSING, pandoc: b?.key ?? MISSING });
      }
    }
  }
  const order = orderDifference(scholia.order, pandoc.order);
  if (order !== null) differences.push({ ...which, item: '*', part: 'order', ...order });
  return {
    ...which,
    entries: tallies.entry,
    citations: tallies.citation,
    located: tallies.located,
    italics: tallies.italics,
    text: tallies.text,
    differences,
    warnings: pandoc.warnings,
  };
}

/** The stretch of the two orders from the first place they differ to the last, or null when they agree. */
function orderDifference(
  a: readonly string[],
  b: readonly string[],
): { scholia: string; pandoc: string } | null {
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first += 1;
  if (first === a.length && first === b.length) return null;
  let lastA = a.length;
  let lastB = b.length;
  while (lastA > first && lastB > first && a[lastA - 1] === b[lastB - 1]) {
    lastA -= 1;
    lastB -= 1;
  }
  return { scholia: a.slice(first, lastA).join(' '), pandoc: b.slice(first, lastB).join(' ') };
}

/** Which cases a run covers: every style in every locale, or the selection CI runs (see {@link ciCases}). */
export type Scope = 'full' | 'ci';

/**
 * The styles every shipped locale is compared in when not all styles are: one author-date, one note
 * and one numeric style, as the locale's terms, dates, quotation marks and delimiters reach each kind
 * of layout differently.
 */
export const LOCALE_STYLES: readonly string[] = ['apa', 'chicago-note-bibliography', 'ieee'];

/**
 * The cases of `scope`: `full` is every style in every locale; `ci` every style in en-US and every
 * locale in {@link LOCALE_STYLES} (those shipped). A locale a style does not honour (a dependent style
 * that sets its own) is left out, as it only repeats that style's own locale.
 */
export async function casesOf(suite: ConformanceSuite, scope: Scope): Promise<Case[]> {
  const cases: Case[] = [];
  for (const style of suite.styles) {
    const locales = scope === 'full' || LOCALE_STYLES.includes(style) ? suite.locales : ['en-US'];
    for (const locale of locales) {
      if ((await suite.effectiveLocale(style, locale)) === locale) cases.push({ style, locale });
    }
  }
  return cases;
}
