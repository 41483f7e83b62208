import { describe, expect, it } from 'vitest';
import { CITATION_LOCALES, ExportOptionsSchema } from '../../shared/export-options';
import type { CslDraft } from '../../shared/model';
import { whereLastFormatted } from '../citations/citeproc-thread';
import { USSR_CSL } from '../store/test-documents';
import { failure, importUssr, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const ARTICLE: CslDraft = { ...USSR_CSL, accessed: { 'date-parts': [[2024, 3, 5]] } };

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
  it('lists en-US and the three shipped locales', () => {
    expect(CITATION_LOCALES.map((locale) => locale.id)).toEqual(['en-US', 'en-GB', 'de-DE', 'fr-FR']);
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

  it('accepts a locale written in another case or with an underscore', async () => {
    const service = await library.open();
    const gb = await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en-GB' });
    expect(await service.formatCitation({ csl: ARTICLE, style: 'harvard', locale: 'en_gb' })).toEqual(gb);
  });

  it('refuses an unknown locale, naming it and the known ones', async () => {
    const service = await library.open();
    const error = await failure(service.formatCitation({ csl: ARTICLE, style: 'apa', locale: 'xx-YY' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('Unknown citation locale "xx-YY". Choose one of: en-US, en-GB, de-DE, fr-FR.');
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
