/**
 * A typed wrapper around citation-js: formatting CSL-JSON items in a CSL style with citeproc (the
 * bibliography in the style's order and each item's in-text citation), writing BibTeX and RIS, and
 * registering the CSL styles Scholia ships or the reader adds.
 *
 * citeproc engines are kept per style and locale by citation-js; formatted results are remembered per
 * style, locale and exact items, so exporting the same library again does not run citeproc again.
 */
import { Cite, plugins, type CiteCslItem } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CslItem } from '../../shared/model';

/** A bibliography formatted by citeproc: entries in the style's order, and each item's in-text citation. */
export interface FormattedReferences {
  /** Item ids in the order the style sorts its bibliography. */
  order: string[];
  /** The bibliography entry of each item (plain text, no trailing newline). */
  entries: Map<string, string>;
  /** The in-text citation (or short note, for note styles) of each item on its own, e.g. `(Doyle, 2009)`. */
  citations: Map<string, string>;
}

function cslConfig() {
  return plugins.config.get('@csl');
}

/**
 * The name under which citation-js holds each style's current XML: the style's name and a digest of
 * its XML. citation-js keeps one citeproc engine per name and locale for good, so a style replaced
 * under the same name would go on formatting with the old engine, and a fresh name per check would
 * keep a new engine (some 100 MB for a large style) each time; one name per version does neither.
 */
const versions = new Map<string, string>();

function versionName(name: string, xml: string): string {
  return `${name}\u0001${createHash('sha256').update(xml).digest('hex').slice(0, 16)}`;
}

/** Whether citation-js has a style registered under `name`. */
export function hasCslStyle(name: string): boolean {
  return versions.has(name);
}

/** Registers (or replaces) the CSL style `xml` under `name`; forgets results formatted with an older one. */
export function registerCslStyle(name: string, xml: string): void {
  const styles = cslConfig().styles;
  const version = versionName(name, xml);
  if (versions.get(name) === version) return;
  if (!styles.has(version)) styles.add(version, xml);
  // Under its own name too, for what asks citation-js for it by name (Scholia formats by version).
  if (styles.has(name)) styles.set(name, xml);
  else styles.add(name, xml);
  versions.set(name, version);
  for (const key of [...cache.keys()]) if (key.startsWith(`${name}\u0000`)) cache.delete(key);
}

/** Registers (or replaces) the CSL locale `xml` under its language tag, e.g. `en-GB`. */
export function registerCslLocale(lang: string, xml: string): void {
  const locales = cslConfig().locales;
  if (locales.has(lang)) locales.set(lang, xml);
  else locales.add(lang, xml);
}

/** Whether citation-js has the locale `lang`. */
export function hasCslLocale(lang: string): boolean {
  return cslConfig().locales.has(lang);
}

/** The XML of the style registered under `name`, if any (to hand it to the citeproc worker). */
export function cslStyleXml(name: string): string | undefined {
  const version = versions.get(name);
  return version === undefined ? undefined : cslConfig().styles.get(version);
}

/** The XML of the locale `lang` as registered, if any. */
export function cslLocaleXml(lang: string): string | undefined {
  return cslConfig().locales.get(lang);
}

const cache = new Map<string, FormattedReferences>();
const CACHE_LIMIT = 16;

function cacheKey(items: readonly CslItem[], style: string, lang: string): string {
  return `${style}\u0000${lang}\u0000${JSON.stringify(items)}`;
}

/** What {@link formatReferences} made of exactly these items in this style and locale before, if remembered. */
export function rememberedReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
): FormattedReferences | undefined {
  return cache.get(cacheKey(items, style, lang));
}

/** Remembers references formatted elsewhere (the citeproc worker) as {@link formatReferences} would. */
export function rememberReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
  formatted: FormattedReferences,
): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(cacheKey(items, style, lang), formatted);
}

/**
 * Where formatting may pause: `'between-calls'` after each long citeproc call (engine setup, sorting),
 * `'between-items'` between two items' in-text citations.
 */
type Pause = 'between-calls' | 'between-items';

/**
 * The work of {@link formatReferences} one citeproc call at a time: yields where it may pause and
 * returns the result (remembered, or made and remembered).
 */
function* formatSteps(
  items: readonly CslItem[],
  style: string,
  lang: string,
): Generator<Pause, FormattedReferences, void> {
  const cached = rememberedReferences(items, style, lang);
  if (cached !== undefined) return cached;
  const data = items as unknown as CiteCslItem[];
  const ids = items.map((item) => item.id);
  const engine = cslConfig().engine(data, versions.get(style) ?? style, lang, 'text');
  yield 'between-calls';
  const order = engine.updateItems(ids);
  yield 'between-calls';
  const bibliography = engine.makeBibliography();
  const entries = new Map<string, string>();
  if (bibliography !== false) {
    bibliography[1].forEach((entry, index) => {
      const id = order[index];
      if (id !== undefined) entries.set(id, entry.trim());
    });
  }
  const citations = new Map<string, string>();
  for (const id of ids) {
    yield 'between-items';
    citations.set(id, engine.makeCitationCluster([{ id }]).trim());
  }
  const formatted = { order: [...order], entries, citations };
  rememberReferences(items, style, lang, formatted);
  return formatted;
}

/**
 * Formats `items` (ids must be unique) in the registered style `style` and locale `lang` as plain text.
 * Throws what citeproc throws for a style it cannot use.
 */
export function formatReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
): FormattedReferences {
  const steps = formatSteps(items, style, lang);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * {@link formatReferences}, yielding to the event loop after each long citeproc call and between
 * slices of about `sliceMs` while it makes the in-text citations (one citeproc call per item).
 * citeproc's engine setup, sorting and bibliography are single calls and still run in one piece.
 */
export async function formatReferencesInSlices(
  items: readonly CslItem[],
  style: string,
  lang: string,
  sliceMs: number,
): Promise<FormattedReferences> {
  const steps = formatSteps(items, style, lang);
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (step.value === 'between-calls' || performance.now() - started > sliceMs) {
      await yieldToEventLoop();
      started = performance.now();
    }
  }
}

/** `items` as BibTeX, as citation-js writes it (the item's `citation-key` is used as its label). */
export function toBibtex(items: readonly CslItem[]): string {
  if (items.length === 0) return '';
  return String(new Cite(items).format('bibtex', { format: 'text' }));
}

/**
 * `items` as RIS, as citation-js writes it. citation-js leaves the authors out of some reference types
 * (newspaper articles, for one); they are added back as `AU` lines so no author is lost.
 */
export function toRis(items: readonly CslItem[]): string {
  if (items.length === 0) return '';
  return items
    .map((item) =>
      withAuthors(String(new Cite([item]).format('ris', { format: 'text' })), item)
        .trimEnd()
        .replace(/ER {2}-$/, 'ER  - '),
    )
    .join('\n')
    .concat('\n');
}

function withAuthors(ris: string, item: CslItem): string {
  const authors = item.author ?? [];
  if (authors.length === 0 || /^(AU|A1) {2}- /m.test(ris)) return ris;
  const lines = authors
    .map((name) => name.literal ?? [name.family, name.given].filter((part) => part !== undefined).join(', '))
    .filter((name) => name !== '')
    .map((name) => `AU  - ${name}`);
  return ris.replace(/^(TY {2}- .*)$/m, (typeLine) => [typeLine, ...lines].join('\n'));
}

/**
 * The CSL-JSON items of BibTeX (`bibtex`) or RIS (`ris`) text, as citation-js parses them; used by
 * reference-file import, a part of a file at a time (`reference-text.ts`). Throws citation-js's parse
 * error for text that is not in that format. The items are made by citation-js's input chain directly:
 * its `Cite` gives every item without an id (all of a RIS file's) one found by searching all the ids
 * before it, which takes minutes for 10,000 items, and records each item's parse history.
 */
export function parseReferences(text: string, kind: 'bibtex' | 'ris'): Record<string, unknown>[] {
  const items = plugins.input.chain(text, {
    forceType: kind === 'bibtex' ? '@bibtex/text' : '@ris/file',
    target: '@csl/list+object',
    generateGraph: false,
    strict: true,
  });
  return Array.isArray(items)
    ? items.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}
