import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import CSL from 'citeproc';
import { describe, expect, it } from 'vitest';
import { CITATION_LOCALES } from '../../shared/export-options';
import type { CslItem } from '../../shared/model';
import { USSR_CSL } from '../store/test-documents';
import { failure, useTempDir } from '../test-support';
import { useServiceLibrary } from '../service/test-service';
import { cslLocaleXml, cslStyleXml, formatReferences } from './citation-js';
import {
  BUNDLED_STYLES,
  StyleRegistry,
  bundledStylesDir,
  cslStyleFacts,
  dependentStyleXml,
  localeForStyle,
  parentName,
} from './styles';

const temp = useTempDir('scholia-styles-');
const library = useServiceLibrary();

const BOOK: CslItem = {
  id: 'book',
  type: 'book',
  title: 'The Collapse of Stalinism: Its Causes and Consequences',
  author: [
    { family: 'Sewell', given: 'Rob' },
    { family: 'Woods', given: 'Alan' },
  ],
  issued: { 'date-parts': [[1990]] },
  publisher: 'Wellred',
  'publisher-place': 'London',
};

const ARTICLE: CslItem = {
  id: 'article',
  type: 'article-journal',
  title: 'The End of History?',
  author: [{ family: 'Fukuyama', given: 'Francis' }],
  issued: { 'date-parts': [[1989]] },
  'container-title': 'The National Interest',
  issue: '16',
  page: '3-18',
};

/** A citeproc engine as citation-js makes one, with the locales Scholia registered. */
interface Engine {
  setOutputFormat(format: 'text'): void;
  updateItems(ids: string[]): string[];
  makeBibliography(): [unknown, string[]] | false;
  makeCitationCluster(items: { id: string }[]): string;
}
type EngineClass = new (
  sys: { retrieveLocale(lang: string): string; retrieveItem(id: string): CslItem | undefined },
  style: string,
  lang: string,
  forceLang: boolean,
) => Engine;

/**
 * The bibliography and citations of `items` in the style registered as `name`, made by a citeproc
 * engine of their own: citation-js keeps every engine it makes (a Chicago style's is some 140 MB), which
 * formatting every shipped style through it would add up to gigabytes.
 */
function formatAfresh(name: string, lang: string, items: readonly CslItem[] = [BOOK, ARTICLE]) {
  const xml = cslStyleXml(name);
  if (xml === undefined) throw new Error(`${name} is not registered`);
  const Engine = (CSL as unknown as { Engine: EngineClass }).Engine;
  const engine = new Engine(
    {
      retrieveLocale: (wanted) => cslLocaleXml(wanted) ?? cslLocaleXml('en-US') ?? '',
      retrieveItem: (id) => items.find((item) => item.id === id),
    },
    xml,
    lang,
    true,
  );
  engine.setOutputFormat('text');
  engine.updateItems(items.map((item) => item.id));
  const bibliography = engine.makeBibliography();
  return {
    bibliography: bibliography === false ? [] : bibliography[1].map((entry) => entry.trim()),
    citations: items.map((item) => engine.makeCitationCluster([{ id: item.id }])),
  };
}

/** A dependent style as the CSL repository writes them, linking `parent`. */
function dependentStyle(title: string, parent: string, locale?: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"${locale === undefined ? '' : ` default-locale="${locale}"`}>
  <info>
    <title>${title}</title>
    <id>http://www.zotero.org/styles/${slug}</id>
    <link href="http://www.zotero.org/styles/${slug}" rel="self"/>
    <link href="${parent}" rel="independent-parent"/>
    <category citation-format="author-date"/>
    <updated>2025-01-01T00:00:00+00:00</updated>
  </info>
</style>
`;
}

function shipped(file: string): string {
  return readFileSync(join(bundledStylesDir(), file), 'utf8');
}

async function addToLibrary(registry: StyleRegistry, id: string, xml: string) {
  await registry.check(id, `${id}.csl`, xml);
  return registry.addLibraryStyle(id, xml);
}

describe('shipped citation styles', () => {
  it('lists every shipped style, dependent ones under their own titles', async () => {
    const styles = await new StyleRegistry(temp.path).list();
    expect(styles.map((style) => style.id)).toEqual(BUNDLED_STYLES.map((style) => style.id));
    expect(styles.every((style) => style.source === 'bundled')).toBe(true);
    const title = (id: string) => styles.find((style) => style.id === id)?.title;
    expect(title('chicago-author-date')).toBe('Chicago Manual of Style 18th edition (author-date)');
    expect(title('chicago-note-bibliography')).toBe(
      'Chicago Manual of Style 18th edition (shortened notes and bibliography)',
    );
    expect(title('turabian-author-date')).toBe('Turabian 9th edition (author-date)');
    expect(title('vancouver')).toBe('Vancouver - NLM (citation-sequence)');
  });

  it('loads every shipped style in citeproc and formats a book and an article in it', async () => {
    const registry = new StyleRegistry(temp.path);
    for (const { id } of BUNDLED_STYLES) {
      const formatted = formatAfresh(await registry.resolve(id), 'en-US');
      expect(formatted.bibliography, id).toHaveLength(2);
      expect(formatted.bibliography.join('\n'), id).toMatch(/Sewell[\s\S]*Stalinism/);
      expect(formatted.bibliography.join('\n'), id).toMatch(/Fukuyama[\s\S]*End of History/);
      for (const citation of formatted.citations) expect(citation.trim(), id).not.toBe('');
    }
  }, 120_000);

  it('formats the shipped dependent styles with their parents’ layouts', async () => {
    const registry = new StyleRegistry(temp.path);
    const same = async (dependent: string, parent: string) => {
      expect(formatAfresh(await registry.resolve(dependent), 'en-US')).toEqual(
        formatAfresh(await registry.resolve(parent), 'en-US'),
      );
    };
    await same('vancouver', 'nlm-citation-sequence');
    await same('turabian-author-date', 'chicago-author-date-17th-edition');
    await same(
      'turabian-notes-bibliography',
      'chicago-notes-bibliography-subsequent-author-title-17th-edition',
    );
  }, 60_000);

  it('names every shipped file in the README, and every file is licensed CC BY-SA 3.0', () => {
    const readme = shipped('README.md');
    const files = [
      ...BUNDLED_STYLES.map((style) => style.file),
      ...CITATION_LOCALES.map((locale) => `locales/locales-${locale.id}.xml`),
    ];
    for (const file of files) {
      expect(readme, file).toMatch(new RegExp(`\\|\\s*${file.replace(/\./g, '\\.')}\\s*\\|`));
      expect(shipped(file), file).toMatch(
        /<rights[^>]*license="http:\/\/creativecommons.org\/licenses\/by-sa\/3.0\/"/,
      );
    }
  });
});

describe('dependent styles', () => {
  it('reads the parent link, id and locale of a dependent style, and nothing of an independent one', () => {
    const xml = dependentStyle(
      'American Sociological Review',
      'http://www.zotero.org/styles/american-sociological-association',
      'en-US',
    );
    expect(cslStyleFacts(xml)).toEqual({
      uri: 'http://www.zotero.org/styles/american-sociological-review',
      self: 'http://www.zotero.org/styles/american-sociological-review',
      defaultLocale: 'en-US',
      parent: 'http://www.zotero.org/styles/american-sociological-association',
    });
    expect(cslStyleFacts(shipped('nature.csl'))).toEqual({
      uri: 'http://www.zotero.org/styles/nature',
      self: 'http://www.zotero.org/styles/nature',
      defaultLocale: 'en-GB',
    });
    expect(parentName('http://www.zotero.org/styles/nature/')).toBe('nature');
  });

  it('puts the dependent style’s locale on its parent’s root in place of the parent’s own', () => {
    const parent = shipped('nature.csl');
    const xml = dependentStyleXml(parent, { defaultLocale: 'de-DE' });
    expect(cslStyleFacts(xml).defaultLocale).toBe('de-DE');
    expect(xml.replace(' default-locale="de-DE"', ' default-locale="en-GB"')).toBe(parent);
    expect(dependentStyleXml(parent, {})).toBe(parent);
  });

  it('accepts a dependent style whose parent is shipped, and formats it with the parent’s layout and its own title', async () => {
    const registry = new StyleRegistry(temp.path);
    const xml = dependentStyle(
      'American Sociological Review',
      'http://www.zotero.org/styles/american-sociological-association',
    );
    expect(await addToLibrary(registry, 'american-sociological-review', xml)).toEqual({
      id: 'american-sociological-review',
      title: 'American Sociological Review',
      source: 'library',
    });
    expect(formatAfresh(await registry.resolve('american-sociological-review'), 'en-US')).toEqual(
      formatAfresh(await registry.resolve('asa'), 'en-US'),
    );
  });

  it('finds a parent the reader added by its file name when its id says otherwise', async () => {
    const registry = new StyleRegistry(temp.path);
    const harvard = shipped('harvard-cite-them-right.csl').replace(
      /<id>[^<]*<\/id>/,
      '<id>urn:uuid:5d3c2b9e-8f64-4b1a-9d39-6c1f0a7e2b11</id>',
    );
    await addToLibrary(registry, 'seminar-harvard', harvard);
    const xml = dependentStyle('Seminar Reader', 'http://www.zotero.org/styles/seminar-harvard');
    await addToLibrary(registry, 'seminar-reader', xml);
    expect(formatAfresh(await registry.resolve('seminar-reader'), 'en-US')).toEqual(
      formatAfresh(await registry.resolve('harvard'), 'en-US'),
    );
  });

  it('writes a dependent style in its own default locale, whichever locale is asked for', async () => {
    const registry = new StyleRegistry(temp.path);
    const xml = dependentStyle(
      'Zeitschrift für Soziologie',
      'http://www.zotero.org/styles/harvard-cite-them-right',
      'de-DE',
    );
    await addToLibrary(registry, 'zeitschrift-fur-soziologie', xml);
    const name = await registry.resolve('zeitschrift-fur-soziologie');
    const lang = await registry.resolveLocale('en-US', name);
    expect(lang).toBe('de-DE');
    expect(formatAfresh(name, lang).bibliography[1]).toMatch(/^Sewell, R\. und Woods, A\. \(1990\)/);
    // An independent style's default-locale is only a default: the locale asked for wins.
    expect(await registry.resolveLocale('en-US', 'harvard')).toBe('en-US');
  });

  it('writes a style locale Scholia lacks in the primary dialect of its language', () => {
    expect(localeForStyle('de-CH')).toBe('de-DE');
    expect(localeForStyle('pt')).toBe('pt-PT');
    expect(localeForStyle('en_GB')).toBe('en-GB');
    expect(localeForStyle('sv-SE')).toBeUndefined();
  });

  it('reads the reader’s dependent styles again with their parents, whatever their order', async () => {
    const folder = join(temp.path, 'styles');
    await mkdir(folder);
    const harvard = shipped('harvard-cite-them-right.csl').replace(
      /<id>[^<]*<\/id>/,
      '<id>urn:x-seminar</id>',
    );
    await writeFile(join(folder, 'seminar-harvard.csl'), harvard);
    // Sorted before its parent.
    await writeFile(
      join(folder, 'a-reader.csl'),
      dependentStyle('A Reader', 'http://www.zotero.org/styles/seminar-harvard'),
    );
    await writeFile(
      join(folder, 'orphan.csl'),
      dependentStyle('Orphan', 'http://www.zotero.org/styles/journal-of-lost-parents'),
    );
    const registry = new StyleRegistry(temp.path);
    const ids = (await registry.list()).map((style) => style.id);
    expect(ids.slice(BUNDLED_STYLES.length)).toEqual(['a-reader', 'seminar-harvard']);
    // A dependent style whose parent is missing is left out until the parent is added.
    expect((await failure(registry.resolve('orphan'))).message).toMatch(/^Unknown citation style "orphan"\./);
  });

  it('refuses a dependent style whose parent is missing, naming the parent and what to do, and keeps nothing', async () => {
    const service = await library.open();
    const xml = dependentStyle('Nordic Journal', 'http://www.zotero.org/styles/journal-of-lost-parents');
    const error = await failure(service.addStyle({ fileName: 'nordic-journal.csl', xml }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(
      'nordic-journal.csl is a dependent style: it uses the layout of its parent style “journal-of-lost-parents” (http://www.zotero.org/styles/journal-of-lost-parents), which this library does not have. Add the parent style journal-of-lost-parents.csl first, then add this one again; the Zotero Style Repository (zotero.org/styles) has both.',
    );
    const folder = join(library.dir, 'styles');
    expect(existsSync(folder) ? await readdir(folder) : []).toEqual([]);
  });

  it('adds a dependent style through the service and formats a citation in it', async () => {
    const service = await library.open();
    const xml = dependentStyle(
      'American Sociological Review',
      'http://www.zotero.org/styles/american-sociological-association',
      'en-US',
    );
    const added = await service.addStyle({ fileName: 'american-sociological-review.csl', xml });
    expect(added).toEqual({
      id: 'american-sociological-review',
      title: 'American Sociological Review',
      source: 'library',
    });
    expect((await service.listStyles({})).map((style) => style.id)).toContain('american-sociological-review');
    const mine = await service.formatCitation({ csl: USSR_CSL, style: added.id, locale: 'en-US' });
    const parent = await service.formatCitation({ csl: USSR_CSL, style: 'asa', locale: 'en-US' });
    expect(mine).toEqual(parent);
    expect(mine.citation).toBe('(Doyle 2009)');
  });

  it('formats with citation-js a dependent style added to a library', async () => {
    const registry = new StyleRegistry(temp.path);
    const xml = dependentStyle('Journal of Close Reading', 'http://www.zotero.org/styles/ieee');
    await addToLibrary(registry, 'journal-of-close-reading', xml);
    const formatted = formatReferences([BOOK], await registry.resolve('journal-of-close-reading'), 'en-US');
    expect(formatted.entries.get('book')?.text).toBe(
      '[1] R. Sewell and A. Woods, The Collapse of Stalinism: Its Causes and Consequences. London: Wellred, 1990.',
    );
  });
});
