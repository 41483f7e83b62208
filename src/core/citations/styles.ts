/**
 * The citation styles an export can use: the CSL files shipped with Scholia (`resources/csl/`, so it
 * works offline) and the `.csl` files the reader adds to a library (kept in `<library>/styles/`); and
 * the CSL locales a citation can be written in (`resources/csl/locales/`, registered over
 * citation-js's own copies so that every locale is of one vintage).
 *
 * A style is independent (it has the `<citation>` and `<bibliography>` layouts) or dependent: an alias
 * of an independent style, with its own `<info>` (title, id) and optionally its own `default-locale`,
 * that names its parent in `<link rel="independent-parent" href="…"/>` (CSL 1.0.2, "Dependent
 * Styles"). A dependent style formats with its parent's layout, found among the shipped styles and the
 * reader's by the parent's `<id>` (or `rel="self"` link) and by file name; the parent's XML is
 * registered under the dependent's id with the dependent's `default-locale` on its root.
 *
 * A style the reader adds is checked first: well-formed XML whose root is a CSL `<style>` that citeproc
 * can load, or a dependent style whose parent is there; anything else is refused with a message that
 * says what is wrong and what to do.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ScholiaError } from '../../shared/errors';
import { CITATION_LOCALES, type CitationStyleInfo } from '../../shared/export-options';
import { errnoCode, ioError } from '../store/fs-errors';
import { formatReferences, registerCslLocale, registerCslStyle } from './citation-js';
import { BUNDLED_STYLES } from './bundled-styles';
import { checkWellFormedXml } from './xml-check';

export { BUNDLED_STYLES };

/**
 * The locale id among {@link CITATION_LOCALES} that `lang` names, ignoring case and accepting `_` for
 * `-` (`en_gb` is `en-GB`); undefined for any other.
 */
export function knownLocale(lang: string): string | undefined {
  const wanted = lang.trim().replace(/_/g, '-').toLowerCase();
  return CITATION_LOCALES.find((locale) => locale.id.toLowerCase() === wanted)?.id;
}

/**
 * The shipped locale a style's `default-locale` stands for: the locale itself, else the first of
 * {@link CITATION_LOCALES} of its language (its primary dialect, as CSL's locale fallback takes:
 * `de-CH` and `de` are written in `de-DE`); undefined when Scholia has no locale of that language.
 */
export function localeForStyle(defaultLocale: string): string | undefined {
  const exact = knownLocale(defaultLocale);
  if (exact !== undefined) return exact;
  const language = defaultLocale.trim().replace(/_/g, '-').split('-')[0]?.toLowerCase() ?? '';
  if (language === '') return undefined;
  return CITATION_LOCALES.find((locale) => locale.id.toLowerCase().startsWith(`${language}-`))?.id;
}

/** The largest `.csl` file accepted: the biggest styles in the CSL repository are far smaller. */
export const MAX_STYLE_BYTES = 2 * 1024 * 1024;

/**
 * The folder of the shipped CSL files: `$SCHOLIA_CSL_DIR`, else the first `resources/csl` found walking
 * up from this module (the source tree, or the built `out/` next to it).
 */
export function bundledStylesDir(): string {
  const fromEnv = process.env['SCHOLIA_CSL_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'csl');
    if (existsSync(join(candidate, 'apa.csl'))) return candidate;
    dir = dirname(dir);
  }
  return join(process.cwd(), 'resources', 'csl');
}

/** The title in a CSL style's `<info>`, or `fallback`. */
export function styleTitle(xml: string, fallback: string): string {
  const match = /<info>[\s\S]*?<title>([^<]*)<\/title>/.exec(xml);
  const title = match?.[1]?.trim();
  return title === undefined || title === '' ? fallback : decodeXmlText(title);
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What Scholia reads from a CSL style's root element and `<info>`. */
export interface CslStyleFacts {
  /** The style's `<id>` (a URI for styles from the CSL repository), if it has one. */
  uri?: string;
  /** The `href` of its `rel="self"` link, if any. */
  self?: string;
  /** The `default-locale` on its `<style>`, as written. */
  defaultLocale?: string;
  /** A dependent style's parent: the `href` of its `rel="independent-parent"` link. */
  parent?: string;
}

// The prolog before the root element, and the root's start tag.
const ROOT_TAG = /^((?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*)<([A-Za-z_][\w:.-]*)([^>]*)>/;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    if (match[1] !== undefined) found.set(match[1], decodeXmlText(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/**
 * The facts of the CSL style `xml` (not checked: see {@link checkCslStyle}). A style with neither a
 * `<citation>` nor a `<bibliography>` that links an `independent-parent` is dependent.
 */
export function cslStyleFacts(xml: string): CslStyleFacts {
  const text = xml.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '');
  const facts: CslStyleFacts = {};
  const root = ROOT_TAG.exec(text);
  const defaultLocale = attributes(root?.[3] ?? '')
    .get('default-locale')
    ?.trim();
  if (defaultLocale !== undefined && defaultLocale !== '') facts.defaultLocale = defaultLocale;
  const info = /<info[\s>][\s\S]*?<\/info>/.exec(text)?.[0] ?? '';
  const uri = /<id>([^<]*)<\/id>/.exec(info)?.[1]?.trim();
  if (uri !== undefined && uri !== '') facts.uri = decodeXmlText(uri);
  const independent = /<citation[\s>]/.test(text) || /<bibliography[\s>]/.test(text);
  for (const [tag] of info.matchAll(/<link\b[^>]*>/g)) {
    const link = attributes(tag);
    const href = link.get('href')?.trim();
    if (href === undefined || href === '') continue;
    if (link.get('rel') === 'self') facts.self = href;
    if (link.get('rel') === 'independent-parent' && !independent) facts.parent = href;
  }
  return facts;
}

function refusal(name: string, problem: string): ScholiaError {
  return new ScholiaError(
    'invalid-input',
    `${name} is not a usable CSL style: ${problem}. Download the style again from the Zotero Style Repository (zotero.org/styles) and add that file.`,
    { path: name },
  );
}

/**
 * The facts of `xml` (from the file `name`) after checking that it is a CSL style: well-formed, a
 * `<style>` root, and layouts or an `independent-parent` link. Throws `invalid-input` naming the file
 * and the problem otherwise. Whether citeproc can load it is {@link validateCslStyle}'s to check.
 */
export function checkCslStyle(name: string, xml: string): CslStyleFacts {
  const problem = checkWellFormedXml(xml);
  if (problem !== null) throw refusal(name, `it is not well-formed XML (${problem})`);
  const root = ROOT_TAG.exec(xml.replace(/^\uFEFF/, ''))?.[2];
  if (root !== 'style') throw refusal(name, `its root element is <${root ?? '?'}>, not <style>`);
  const facts = cslStyleFacts(xml);
  if (facts.parent === undefined && !/<bibliography[\s>]/.test(xml) && !/<citation[\s>]/.test(xml)) {
    throw refusal(
      name,
      'it has neither a <citation> nor a <bibliography> section, nor the independent-parent link of a dependent style',
    );
  }
  return facts;
}

/**
 * Checks that `xml` (from the file `name`) is an independent CSL style citeproc can use; throws
 * `invalid-input` naming the file and the problem otherwise.
 */
export function validateCslStyle(name: string, xml: string): void {
  const facts = checkCslStyle(name, xml);
  if (facts.parent !== undefined) {
    throw refusal(name, 'it is a dependent style, which needs its parent to be checked');
  }
  // One name for every check: citation-js keeps an engine per version of it, not per check.
  const probe = 'scholia-probe';
  try {
    registerCslStyle(probe, xml);
    formatReferences(
      [{ id: 'probe', type: 'book', title: 'Probe', author: [{ family: 'Probe' }] }],
      probe,
      'en-US',
    );
  } catch (error) {
    throw refusal(
      name,
      `citeproc cannot load it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The name a parent link points at: the last part of its address without `.csl`, e.g. `apa`. */
export function parentName(href: string): string {
  const name =
    href
      .replace(/[/#?]+$/, '')
      .split(/[/#?]/)
      .pop() ?? '';
  return name.replace(/\.csl$/i, '') || href;
}

function sameUri(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const normal = (uri: string) =>
    uri
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '//')
      .replace(/\.csl$/, '')
      .replace(/\/+$/, '');
  return normal(a) === normal(b);
}

/**
 * The independent style `parentXml` as dependent `facts` uses it: with the dependent's
 * `default-locale`, when it has one, on the root in place of the parent's (CSL 1.0.2: a dependent
 * style "can specify an overriding style locale").
 */
export function dependentStyleXml(parentXml: string, facts: CslStyleFacts): string {
  const locale = facts.defaultLocale;
  if (locale === undefined || !/^[A-Za-z0-9_-]+$/.test(locale)) return parentXml;
  return parentXml
    .replace(/^\uFEFF/, '')
    .replace(ROOT_TAG, (_tag: string, prolog: string, name: string, attrs: string) => {
      const kept = attrs.replace(/\s+default-locale\s*=\s*(?:"[^"]*"|'[^']*')/, '');
      const selfClosing = kept.endsWith('/') ? '/' : '';
      return `${prolog}<${name}${kept.replace(/\/$/, '')} default-locale="${locale}"${selfClosing}>`;
    });
}

/** One style of a library as the registry keeps it. */
interface StyleEntry {
  info: CitationStyleInfo;
  /** The file's own XML. */
  xml: string;
  /** The file's name without `.csl`. */
  stem: string;
  facts: CslStyleFacts;
}

/** A style ready to format with: the XML to register and, for a dependent one, the locale it sets. */
type UsableStyle = { xml: string; locale?: string };

/**
 * The shipped locale files registered with citation-js in this process, each under its id with the
 * path it was read from: citation-js keeps them for the process, whatever library is open.
 */
const registeredLocales = new Map<string, string>();

async function registerShippedLocales(dir: string): Promise<void> {
  for (const { id } of CITATION_LOCALES) {
    const path = join(dir, 'locales', `locales-${id}.xml`);
    if (registeredLocales.get(id) === path) continue;
    const xml = await readFile(path, 'utf8').catch((error: unknown) => {
      throw ioError('read the citation locale', path, error);
    });
    registerCslLocale(id, xml);
    registeredLocales.set(id, path);
  }
}

/** The citation styles of one library: the shipped ones and the reader's own. */
export class StyleRegistry {
  private readonly libraryStylesDir: string;
  private loading: Promise<void> | null = null;
  private readonly entries = new Map<string, StyleEntry>();
  private usable = new Map<string, UsableStyle>();

  /** `libraryDir`: the library folder, whose `styles/` holds the reader's `.csl` files. */
  constructor(libraryDir: string) {
    this.libraryStylesDir = join(libraryDir, 'styles');
  }

  /** Every usable style (a dependent one only when its parent is there), shipped ones first. */
  async list(): Promise<CitationStyleInfo[]> {
    await this.load();
    return [...this.entries.values()].filter((entry) => this.usable.has(entry.info.id)).map((e) => e.info);
  }

  /**
   * The name under which style `id` is registered with citation-js (registering it if need be).
   * Throws `invalid-input` for an unknown style, listing the known ones.
   */
  async resolve(id: string): Promise<string> {
    await this.load();
    const style = this.usable.get(id);
    if (style === undefined) {
      throw new ScholiaError(
        'invalid-input',
        `Unknown citation style "${id}". Choose one of: ${[...this.usable.keys()].join(', ')}; or add its .csl file first.`,
      );
    }
    // Registered when used, which also puts back this library's version of a name another had taken.
    registerCslStyle(id, style.xml);
    return id;
  }

  /**
   * The locale id (as registered with citation-js) that `lang` names, e.g. `en-GB` for `en_gb`; or,
   * for a dependent `style` whose own `default-locale` Scholia ships (or a dialect of whose language
   * it ships), that locale, as the style overrides the locale chosen. Throws `invalid-input` for a
   * locale Scholia does not ship, listing those it does.
   */
  async resolveLocale(lang: string, style?: string): Promise<string> {
    await this.load();
    const id = knownLocale(lang);
    if (id === undefined) {
      throw new ScholiaError(
        'invalid-input',
        `Unknown citation locale "${lang}". Choose one of: ${CITATION_LOCALES.map((locale) => locale.id).join(', ')}.`,
      );
    }
    return (style === undefined ? undefined : this.usable.get(style)?.locale) ?? id;
  }

  /** The title of style `id` (after {@link resolve} succeeded). */
  title(id: string): string {
    return this.entries.get(id)?.info.title ?? id;
  }

  /**
   * Checks the style `xml` from the file `fileName`, to be kept as `<library>/styles/<id>.csl`: a CSL
   * style citeproc can load, or a dependent style whose parent is among this library's styles (other
   * than the one it replaces). Throws `invalid-input` saying what is wrong and what to do.
   */
  async check(id: string, fileName: string, xml: string): Promise<void> {
    await this.load();
    const facts = checkCslStyle(fileName, xml);
    if (facts.parent === undefined) {
      validateCslStyle(fileName, xml);
      return;
    }
    const entries = new Map(this.entries);
    entries.set(id, this.entry(id, xml, 'library', facts));
    if (usableStyle(entries, id) === undefined) throw missingParent(fileName, facts.parent);
  }

  /**
   * Adds a style the reader added (already checked with {@link check} and saved as
   * `<library>/styles/<id>.csl`), and finds again the parents of the dependent styles, one of which it
   * may be.
   */
  async addLibraryStyle(id: string, xml: string): Promise<CitationStyleInfo> {
    await this.load();
    const entry = this.entry(id, xml, 'library', cslStyleFacts(xml));
    this.entries.set(id, entry);
    this.resolveAll();
    return entry.info;
  }

  /** The folder holding the reader's styles. */
  get folder(): string {
    return this.libraryStylesDir;
  }

  private entry(
    id: string,
    xml: string,
    source: CitationStyleInfo['source'],
    facts: CslStyleFacts,
  ): StyleEntry {
    return { info: { id, title: styleTitle(xml, id), source }, xml, stem: id, facts };
  }

  private resolveAll(): void {
    const usable = new Map<string, UsableStyle>();
    for (const id of this.entries.keys()) {
      const style = usableStyle(this.entries, id);
      if (style !== undefined) usable.set(id, style);
    }
    this.usable = usable;
  }

  private load(): Promise<void> {
    // One load however many callers ask at once; a failed one is tried again by the next caller.
    this.loading ??= this.read().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    const dir = bundledStylesDir();
    for (const { id, file } of BUNDLED_STYLES) {
      const path = join(dir, file);
      const xml = await readFile(path, 'utf8').catch((error: unknown) => {
        throw ioError('read the citation style', path, error);
      });
      const entry = this.entry(id, xml, 'bundled', cslStyleFacts(xml));
      this.entries.set(id, { ...entry, stem: file.slice(0, -'.csl'.length) });
    }
    await registerShippedLocales(dir);
    let names: string[] = [];
    try {
      names = await readdir(this.libraryStylesDir);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('list the folder', this.libraryStylesDir, error);
    }
    for (const name of names.filter((file) => file.endsWith('.csl')).sort()) {
      const path = join(this.libraryStylesDir, name);
      const xml = await readFile(path, 'utf8').catch((error: unknown) => {
        throw ioError('read the citation style', path, error);
      });
      let facts: CslStyleFacts;
      try {
        facts = checkCslStyle(name, xml);
        if (facts.parent === undefined) validateCslStyle(name, xml);
      } catch {
        // A damaged style file is skipped here; adding it again reports what is wrong with it.
        continue;
      }
      const id = name.slice(0, -'.csl'.length);
      this.entries.set(id, this.entry(id, xml, 'library', facts));
    }
    // A dependent style whose parent is missing is left out of the list until the parent is added.
    this.resolveAll();
  }
}

/**
 * Style `id` of `entries` ready to format with, following dependent styles to their independent
 * parent; undefined when a parent is missing (or the links go round in a circle).
 */
function usableStyle(entries: ReadonlyMap<string, StyleEntry>, id: string): UsableStyle | undefined {
  const start = entries.get(id);
  if (start === undefined) return undefined;
  const seen = new Set<string>([id]);
  let current = start;
  while (current.facts.parent !== undefined) {
    const parent = findParent(entries, current.facts.parent, seen);
    if (parent === undefined) return undefined;
    seen.add(parent.info.id);
    current = parent;
  }
  if (start === current) return { xml: start.xml };
  const locale =
    start.facts.defaultLocale === undefined ? undefined : localeForStyle(start.facts.defaultLocale);
  return { xml: dependentStyleXml(current.xml, start.facts), ...(locale === undefined ? {} : { locale }) };
}

/**
 * The style `href` (a dependent style's parent link) points at, other than those in `exclude`: the one
 * whose `<id>` or `self` link is `href` and whose file name is its last part, else one of the two;
 * the first in the list among equals.
 */
function findParent(
  entries: ReadonlyMap<string, StyleEntry>,
  href: string,
  exclude: ReadonlySet<string>,
): StyleEntry | undefined {
  const name = parentName(href).toLowerCase();
  let best: StyleEntry | undefined;
  let bestScore = 0;
  for (const entry of entries.values()) {
    if (exclude.has(entry.info.id)) continue;
    const byUri = sameUri(entry.facts.uri, href) || sameUri(entry.facts.self, href);
    const byName = entry.stem.toLowerCase() === name || entry.info.id.toLowerCase() === name;
    const score = (byUri ? 2 : 0) + (byName ? 1 : 0);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

function missingParent(fileName: string, href: string): ScholiaError {
  const parent = parentName(href);
  return new ScholiaError(
    'invalid-input',
    `${fileName} is a dependent style: it uses the layout of its parent style “${parent}” (${href}), which this library does not have. Add the parent style ${parent}.csl first, then add this one again; the Zotero Style Repository (zotero.org/styles) has both.`,
    { path: fileName },
  );
}
