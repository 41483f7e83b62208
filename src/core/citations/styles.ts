/**
 * The citation styles an export can use: the CSL files shipped with Scholia (`resources/csl/`, so it
 * works offline) and the `.csl` files the reader adds to a library (kept in `<library>/styles/`); and
 * the CSL locales a citation can be written in (citation-js's own en-US and those in
 * `resources/csl/locales/`).
 * A style the reader adds is checked first: well-formed XML whose root is a CSL `<style>` that citeproc
 * can load; anything else is refused with a message that says what is wrong.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ScholiaError } from '../../shared/errors';
import { CITATION_LOCALES, type CitationStyleInfo } from '../../shared/export-options';
import { errnoCode, ioError } from '../store/fs-errors';
import {
  formatReferences,
  hasCslLocale,
  hasCslStyle,
  registerCslLocale,
  registerCslStyle,
} from './citation-js';
import { checkWellFormedXml } from './xml-check';

/** The styles shipped with Scholia: id, file in `resources/csl/`. */
export const BUNDLED_STYLES: readonly { id: string; file: string }[] = [
  { id: 'apa', file: 'apa.csl' },
  { id: 'mla', file: 'modern-language-association.csl' },
  { id: 'chicago-author-date', file: 'chicago-author-date.csl' },
  { id: 'chicago-note-bibliography', file: 'chicago-note-bibliography.csl' },
  { id: 'harvard', file: 'harvard-cite-them-right.csl' },
];

/** The locale citation-js ships itself; the others are read from `resources/csl/locales/locales-<id>.xml`. */
const BUILT_IN_LOCALE = 'en-US';

/**
 * The locale id among {@link CITATION_LOCALES} that `lang` names, ignoring case and accepting `_` for
 * `-` (`en_gb` is `en-GB`); undefined for any other.
 */
export function knownLocale(lang: string): string | undefined {
  const wanted = lang.trim().replace(/_/g, '-').toLowerCase();
  return CITATION_LOCALES.find((locale) => locale.id.toLowerCase() === wanted)?.id;
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

/**
 * Checks that `xml` (from the file `name`) is a CSL style citeproc can use; throws `invalid-input`
 * naming the file and the problem otherwise.
 */
export function validateCslStyle(name: string, xml: string): void {
  const refuse = (problem: string) =>
    new ScholiaError(
      'invalid-input',
      `${name} is not a usable CSL style: ${problem}. Download the style again from the Zotero Style Repository (zotero.org/styles) and add that file.`,
      { path: name },
    );
  const problem = checkWellFormedXml(xml);
  if (problem !== null) throw refuse(`it is not well-formed XML (${problem})`);
  const root = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w:.-]*)/.exec(
    xml.replace(/^\uFEFF/, ''),
  );
  if (root?.[1] !== 'style') throw refuse(`its root element is <${root?.[1] ?? '?'}>, not <style>`);
  if (!/<bibliography[\s>]/.test(xml) && !/<citation[\s>]/.test(xml)) {
    throw refuse('it has neither a <citation> nor a <bibliography> section');
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
    throw refuse(`citeproc cannot load it (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The citation styles of one library: the shipped ones and the reader's own. */
export class StyleRegistry {
  private readonly libraryStylesDir: string;
  private loaded = false;
  private readonly styles = new Map<string, CitationStyleInfo>();

  /** `libraryDir`: the library folder, whose `styles/` holds the reader's `.csl` files. */
  constructor(libraryDir: string) {
    this.libraryStylesDir = join(libraryDir, 'styles');
  }

  /** Every style, shipped ones first. */
  async list(): Promise<CitationStyleInfo[]> {
    await this.load();
    return [...this.styles.values()];
  }

  /**
   * The name under which style `id` is registered with citation-js. Throws `invalid-input` for an
   * unknown style, listing the known ones.
   */
  async resolve(id: string): Promise<string> {
    await this.load();
    const style = this.styles.get(id);
    if (style === undefined) {
      throw new ScholiaError(
        'invalid-input',
        `Unknown citation style "${id}". Choose one of: ${[...this.styles.keys()].join(', ')}; or add its .csl file first.`,
      );
    }
    return style.id;
  }

  /**
   * The locale id (as registered with citation-js) that `lang` names, e.g. `en-GB` for `en_gb`. Throws
   * `invalid-input` for a locale Scholia does not ship, listing those it does.
   */
  async resolveLocale(lang: string): Promise<string> {
    await this.load();
    const id = knownLocale(lang);
    if (id === undefined) {
      throw new ScholiaError(
        'invalid-input',
        `Unknown citation locale "${lang}". Choose one of: ${CITATION_LOCALES.map((locale) => locale.id).join(', ')}.`,
      );
    }
    return id;
  }

  /** The title of style `id` (after {@link resolve} succeeded). */
  title(id: string): string {
    return this.styles.get(id)?.title ?? id;
  }

  /** Registers a style the reader added (already validated and saved as `<library>/styles/<id>.csl`). */
  addLibraryStyle(id: string, xml: string): CitationStyleInfo {
    registerCslStyle(id, xml);
    const info: CitationStyleInfo = { id, title: styleTitle(xml, id), source: 'library' };
    this.styles.set(id, info);
    return info;
  }

  /** The folder holding the reader's styles. */
  get folder(): string {
    return this.libraryStylesDir;
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const dir = bundledStylesDir();
    for (const { id, file } of BUNDLED_STYLES) {
      let xml: string;
      try {
        xml = await readFile(join(dir, file), 'utf8');
      } catch (error) {
        throw ioError('read the citation style', join(dir, file), error);
      }
      if (!hasCslStyle(id)) registerCslStyle(id, xml);
      this.styles.set(id, { id, title: styleTitle(xml, id), source: 'bundled' });
    }
    for (const { id } of CITATION_LOCALES) {
      if (id === BUILT_IN_LOCALE || hasCslLocale(id)) continue;
      const path = join(dir, 'locales', `locales-${id}.xml`);
      const xml = await readFile(path, 'utf8').catch((error: unknown) => {
        throw ioError('read the citation locale', path, error);
      });
      registerCslLocale(id, xml);
    }
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
      try {
        validateCslStyle(name, xml);
      } catch {
        // A damaged style file is skipped here; adding it again reports what is wrong with it.
        continue;
      }
      this.addLibraryStyle(name.slice(0, -'.csl'.length), xml);
    }
    this.loaded = true;
  }
}
