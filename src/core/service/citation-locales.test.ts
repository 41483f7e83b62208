import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CITATION_LOCALES, ExportOptionsSchema } from '../../shared/export-options';
import type { CslDraft } from '../../shared/model';
import { whereLastFormatted } from '../citations/citeproc-thread';
import { bundledStylesDir } from '../citations/styles';
import { USSR_CSL } from '../store/test-documents';
import { failure, importUssr, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const ARTICLE: CslDraft = { ...USSR_CSL, accessed: { 'date-parts': [[2024, 3, 5]] } };

/** Benjamin's essay collection in Harry Zohn's translation: one translator. */
const TRANSLATED: CslDraft = {
  type: 'book',
  title: 'Illuminations',
  author: [{ family: 'Benjamin', given: 'Walter' }],
  translator: [{ family: 'Zohn', given: 'Harry' }],
  issued: { 'date-parts': [[1968]] },
  publisher: 'Harcourt, Brace & World',
};

const CHAPTER: CslDraft = {
  type: 'chapter',
  title: 'Ferment in Eastern Europe',
  author: [
    { family: 'Doyle', given: 'Clare' },
    { family: 'Sewell', given: 'Rob' },
  ],
  editor: [{ family: 'Taaffe', given: 'Peter' }],
  issued: { 'date-parts': [[1990]] },
  'container-title': 'The Collapse of Stalinism',
  publisher: 'Wellred',
  page: '10-20',
};

describe('citation locales', () => {
  it('lists the thirteen shipped locales, each with its own locale file', () => {
    expect(CITATION_LOCALES.map((locale) => locale.id)).toEqual([
      'en-US',
      'en-GB',
      'de-DE',
      'fr-FR',
      'es-ES',
      'it-IT',
      'pt-PT',
      'pt-BR',
      'nl-NL',
      'pl-PL',
      'ru-RU',
      'zh-CN',
      'ja-JP',
    ]);
    for (const { id } of CITATION_LOCALES) {
      const xml = readFileSync(join(bundledStylesDir(), 'locales', `locales-${id}.xml`), 'utf8');
      expect(xml).toContain(`xml:lang="${id}"`);
    }
  });

  it('writes the same item in en-US and en-GB with their own date order and quotation marks', async () => {
    const service = await library.open();
    const us = await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en-US' });
    const gb = await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en-GB' });
    // Formatted on the worker thread, which must have been handed the British locale.
    expect(whereLastFormatted()).toBe('worker');
    expect(us.bibliography).toContain('“USSR 1989: The collapse of Stalinism,”');
    expect(us.bibliography).toContain('(Accessed: March 5, 2024)');
    expect(gb.bibliography).toContain('‘USSR 1989: The collapse of Stalinism’,');
    expect(gb.bibliography).toContain('(Accessed: 5 March 2024)');
    expect(gb.citation).toBe(us.citation);
  });

  it('writes German terms, quotation marks and dates in de-DE', async () => {
    const service = await library.open();
    const chapter = await service.formatCitation({ csl: CHAPTER, style: 'harvard', locale: 'de-DE' });
    expect(chapter.bibliography).toBe(
      'Doyle, C. und Sewell, R. (1990) „Ferment in Eastern Europe“, in P. Taaffe (Hrsg.) The Collapse of Stalinism. Wellred, S. 10–20.',
    );
    expect(chapter.citation).toBe('(Doyle und Sewell, 1990)');
    const article = await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'de-DE' });
    expect(article.bibliography).toContain(
      'Verfügbar unter: https://www.socialistparty.org.uk/articles/8454',
    );
    expect(article.bibliography).toContain('(Zugegriffen: 5. März 2024)');
    const chicago = await service.formatCitation({
      csl: CHAPTER,
      style: 'chicago-author-date',
      locale: 'de-DE',
    });
    expect(chicago.bibliography).toContain('herausgegeben von Peter Taaffe');
  });

  it('writes French terms and guillemets in fr-FR', async () => {
    const service = await library.open();
    const chapter = await service.formatCitation({ csl: CHAPTER, style: 'mla', locale: 'fr-FR' });
    expect(chapter.bibliography).toContain('Doyle, Clare, et Rob Sewell.');
    // Guillemets with no-break spaces inside, as the French locale writes them.
    expect(chapter.bibliography).toContain('«\u00a0Ferment in Eastern Europe\u00a0».');
    expect(chapter.bibliography).toContain('édité par Peter Taaffe');
    expect(chapter.citation).toBe('(Doyle et Sewell)');
  });

  it('writes the translator alike in en-US and en-GB, the locale files being of one vintage', async () => {
    const service = await library.open();
    const us = await service.formatCitation({ csl: TRANSLATED, style: 'apa', locale: 'en-US' });
    const gb = await service.formatCitation({ csl: TRANSLATED, style: 'apa', locale: 'en-GB' });
    // The 2015 en-GB file had "Tran." for one translator where en-US had "Trans.".
    expect(us.bibliography).toContain('(H. Zohn, Trans.)');
    expect(gb.bibliography).toContain('(H. Zohn, Trans.)');
  });

  it('joins two authors with each locale’s own word for "and"', async () => {
    const service = await library.open();
    // Between the names as citeproc writes them: with spaces, except around the Chinese and Japanese.
    const and: Record<string, string> = {
      'en-US': ' and ',
      'en-GB': ' and ',
      'de-DE': ' und ',
      'fr-FR': ' et ',
      'es-ES': ' y ',
      'it-IT': ' e ',
      'pt-PT': ' e ',
      'pt-BR': ' e ',
      'nl-NL': ' en ',
      'pl-PL': ' i ',
      'ru-RU': ' и ',
      'zh-CN': '和',
      'ja-JP': 'と',
    };
    expect(Object.keys(and)).toEqual(CITATION_LOCALES.map((locale) => locale.id));
    for (const [locale, word] of Object.entries(and)) {
      const chapter = await service.formatCitation({ csl: CHAPTER, style: 'harvard', locale });
      expect(chapter.bibliography, locale).toContain(`Doyle, C.${word}Sewell, R.`);
      expect(chapter.citation, locale).toContain(`Doyle${word}Sewell`);
    }
  });

  it('accepts a locale written in another case or with an underscore', async () => {
    const service = await library.open();
    const gb = await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en-GB' });
    expect(await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en_gb' })).toEqual(gb);
  });

  it('refuses an unknown locale, naming it and the known ones', async () => {
    const service = await library.open();
    const error = await failure(service.formatCitation({ csl: ARTICLE, style: 'apa', locale: 'xx-YY' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(
      'Unknown citation locale "xx-YY". Choose one of: en-US, en-GB, de-DE, fr-FR, es-ES, it-IT, pt-PT, pt-BR, nl-NL, pl-PL, ru-RU, zh-CN, ja-JP.',
    );
  });

  it('exports a bibliography in the chosen locale, and refuses an unknown one writing nothing', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    await service.updateDocumentMetadata({ documentId, csl: CHAPTER });
    const options = ExportOptionsSchema.parse({ format: 'markdown', style: 'harvard', locale: 'de-DE' });
    const german = await service.previewExport({ options, maxChars: 8000 });
    expect(german.text).toContain('Doyle, C. und Sewell, R. (1990) „Ferment in Eastern Europe“');
    const english = await service.previewExport({ options: { ...options, locale: 'en-GB' }, maxChars: 8000 });
    expect(english.text).toContain('Doyle, C. and Sewell, R. (1990) ‘Ferment in Eastern Europe’');
    const error = await failure(
      service.previewExport({ options: { ...options, locale: 'klingon' }, maxChars: 8000 }),
    );
    expect(error.message).toMatch(/^Unknown citation locale "klingon"\./);
  });
});
