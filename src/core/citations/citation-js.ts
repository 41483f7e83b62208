/**
 * A typed wrapper around citation-js: formatting CSL-JSON items in a CSL style with citeproc (the
 * bibliography in the style's order, each item's in-text citation, and citations of passages with
 * their locators), with the style's italics, bold, small caps and links kept (`csl-markup.ts`), and
 * registering the CSL styles Scholia ships or the reader adds.
 *
 * Styles and locales are registered in citation-js's registries (which its other formats read); citeproc
 * engines are Scholia's own, a few kept per style and locale; formatted results are remembered per
 * style, locale and exact items, so exporting the same library again does not run citeproc again.
 */
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import CSL, { type CiteprocEngineInstance } from 'citeproc';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CslItem } from '../../shared/model';
import type { PassageLocator } from '../../shared/pages';
import {
  CSL_MARKUP_FORMAT,
  entryOf,
  formattedText,
  registerMarkupFormat,
  type FormattedText,
} from './csl-markup';

registerMarkupFormat();

/** A citation of one item at a place in it: a page or page range, or a paragraph. */
export interface LocatedCite extends PassageLocator {
  readonly id: string;
}

/** The key under which a {@link LocatedCite}'s citation is kept. */
export function citeKey(cite: LocatedCite): string {
  return `${cite.id}\u0000${cite.label}\u0000${cite.locator}`;
}

/** A bibliography formatted by citeproc: entries in the style's order, and each item's in-text citation. */
export interface FormattedReferences {
  /** Item ids in the order the style sorts its bibliography. */
  order: string[];
  /** The bibliography entry of each item. */
  entries: Map<string, FormattedText>;
  /** The in-text citation (or short note, for note styles) of each item on its own, e.g. `(Doyle, 2009)`. */
  citations: Map<string, FormattedText>;
  /** The citations asked for with a locator, e.g. `(Doyle, 2009, p. 45)`, by {@link citeKey}. */
  located: Map<string, FormattedText>;
}

function cslConfig() {
  return plugins.config.get('@csl');
}

/**
 * The name under which citation-js holds each style's current XML: the style's name and a digest of
 * its XML. Engines are kept by that name, so a style replaced under the same name is never formatted
 * with an engine made from its old XML.
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

function cacheKey(
  items: readonly CslItem[],
  style: string,
  lang: string,
  cites: readonly LocatedCite[],
): string {
  return `${style}\u0000${lang}\u0000${JSON.stringify(items)}\u0000${JSON.stringify(cites)}`;
}

/** What {@link formatReferences} made of exactly these items (and cites) in this style and locale before, if remembered. */
export function rememberedReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
  cites: readonly LocatedCite[] = [],
): FormattedReferences | undefined {
  return cache.get(cacheKey(items, style, lang, cites));
}

/** Remembers references formatted elsewhere (the citeproc worker) as {@link formatReferences} would. */
export function rememberReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
  cites: readonly LocatedCite[],
  formatted: FormattedReferences,
): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(cacheKey(items, style, lang, cites), formatted);
}

/**
 * citeproc engines by style version and locale, the most recently used last. An engine takes up to a
 * second to make and 100 MB or more for a large style (Chicago), so a few are kept, never all: a reader
 * trying styles one after another in the export dialog would otherwise keep every one of them.
 */
const engines = new Map<string, CiteprocEngineInstance>();
const ENGINE_LIMIT = 3;

/**
 * `item` as citeproc reads it: CSL-JSON allows numbers for its number variables (`volume`, `issue`,
 * `page`…), which citeproc-js sorts and formats as strings only (a numeric volume stops APA's sort).
 */
function citeprocItem(item: CslItem): CslItem {
  let copy: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(item)) {
    if (typeof value !== 'number' || key === 'id') continue;
    copy ??= { ...item };
    copy[key] = String(value);
  }
  return (copy as CslItem | null) ?? item;
}

/** An engine for the registered style `style` in locale `lang` (falling back to en-US), over `items`. */
function engineFor(items: readonly CslItem[], style: string, lang: string): CiteprocEngineInstance {
  const version = versions.get(style) ?? style;
  const xml = cslConfig().styles.get(version);
  if (xml === undefined) throw new TypeError(`Cannot find style '${style}'`);
  const locale = hasCslLocale(lang) ? lang : 'en-US';
  const byId = new Map(items.map((item) => [item.id, citeprocItem(item)]));
  const retrieveItem = (id: string) => {
    const item = byId.get(id);
    if (item === undefined) throw new Error(`Cannot find entry with id '${id}'`);
    return item;
  };
  const key = `${version}\u0000${locale}`;
  let engine = engines.get(key);
  if (engine !== undefined) {
    engines.delete(key);
    engine.sys.retrieveItem = retrieveItem;
    engine.updateItems([]);
  } else {
    const retrieveLocale = (wanted: string) =>
      cslLocaleXml(wanted) ?? cslLocaleXml(wanted.replace('-', '_')) ?? {};
    engine = new CSL.Engine({ retrieveItem, retrieveLocale }, xml, locale, true);
    while (engines.size >= ENGINE_LIMIT) engines.delete(engines.keys().next().value ?? '');
  }
  engines.set(key, engine);
  engine.setOutputFormat(CSL_MARKUP_FORMAT);
  // Web addresses and DOIs become links.
  engine.opt.development_extensions.wrap_url_and_doi = true;
  return engine;
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
  cites: readonly LocatedCite[],
): Generator<Pause, FormattedReferences, void> {
  const cached = rememberedReferences(items, style, lang, cites);
  if (cached !== undefined) return cached;
  const ids = items.map((item) => item.id);
  const engine = engineFor(items, style, lang);
  yield 'between-calls';
  const order = engine.updateItems(ids);
  yield 'between-calls';
  const bibliography = engine.makeBibliography();
  const entries = new Map<string, FormattedText>();
  if (bibliography !== false) {
    // Each entry by the id it names (`csl-markup.ts`): a style may leave an item out of the bibliography.
    for (const markup of bibliography[1]) {
      const entry = entryOf(markup);
      if (entry !== null) entries.set(entry.id, formattedText(entry.markup));
    }
  }
  const citations = new Map<string, FormattedText>();
  for (const id of ids) {
    yield 'between-items';
    citations.set(id, formattedText(engine.makeCitationCluster([{ id }])));
  }
  const located = new Map<string, FormattedText>();
  for (const cite of cites) {
    const key = citeKey(cite);
    if (located.has(key) || !ids.includes(cite.id)) continue;
    yield 'between-items';
    located.set(
      key,
      formattedText(
        // A range goes to citeproc with a hyphen, which it writes with the locale's range delimiter.
        engine.makeCitationCluster([
          { id: cite.id, locator: cite.locator.replace(/\u2013/g, '-'), label: cite.label },
        ]),
      ),
    );
  }
  const formatted = { order: [...order], entries, citations, located };
  rememberReferences(items, style, lang, cites, formatted);
  return formatted;
}

/**
 * Formats `items` (ids must be unique) in the registered style `style` and locale `lang`, and the
 * citations `cites` of them with their locators. Throws what citeproc throws for a style it cannot use.
 */
export function formatReferences(
  items: readonly CslItem[],
  style: string,
  lang: string,
  cites: readonly LocatedCite[] = [],
): FormattedReferences {
  const steps = formatSteps(items, style, lang, cites);
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
  cites: readonly LocatedCite[] = [],
): Promise<FormattedReferences> {
  const steps = formatSteps(items, style, lang, cites);
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
