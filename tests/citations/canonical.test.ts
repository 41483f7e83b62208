/**
 * The canonical form the conformance suite compares in (`canonical.ts`), and how the shipped locale
 * is handed to pandoc (`pandoc.ts`).
 */
import { describe, expect, it } from 'vitest';
import { fromCommonMark, fromPlainText, italicTexts, PLAIN, canonical } from './canonical';
import { styleWithLocale } from './pandoc';

describe('the canonical form', () => {
  it('reads CommonMark escapes and entities as the characters they stand for', () => {
    expect(fromCommonMark('Lists, \\*stars\\* &amp; \\[brackets\\]').key).toBe(
      fromPlainText('Lists, *stars* & [brackets]').key,
    );
  });

  it('counts a space between two italic words as italic', () => {
    expect(fromCommonMark('*The* *Socialist*').key).toBe(fromCommonMark('*The Socialist*').key);
  });

  it('keeps the difference between a period inside and outside the italics', () => {
    expect(fromCommonMark('*Middlemarch.*').key).not.toBe(fromCommonMark('*Middlemarch*.').key);
  });

  it('reads an autolink as the bare address it links to', () => {
    expect(fromCommonMark('See <https://doi.org/10.1086/447962>.').key).toBe(
      fromPlainText('See https://doi.org/10.1086/447962.').key,
    );
  });

  it('keeps a link whose text is not its address', () => {
    expect(fromCommonMark('doi:[10.1086/447962](https://doi.org/10.1086/447962)').key).toBe(
      'doi:[10.1086/447962](https://doi.org/10.1086/447962)',
    );
  });

  it('reads HTML emphasis as italics', () => {
    expect(fromCommonMark('Eliot’s <em>Middlemarch</em>').key).toBe(
      fromCommonMark('Eliot’s *Middlemarch*').key,
    );
  });

  it('reads small caps as plain text', () => {
    expect(fromCommonMark('<span style="font-variant:small-caps">Doyle</span>, 2009').key).toBe(
      'Doyle, 2009',
    );
  });

  it('keeps a no-break space apart from a space', () => {
    expect(fromPlainText('de\u00a0Beauvoir').key).not.toBe(fromPlainText('de Beauvoir').key);
  });

  it('lists the texts set in italics', () => {
    const value = canonical([
      { text: 'Doyle, ', marks: PLAIN },
      { text: 'The Socialist', marks: { ...PLAIN, em: true } },
      { text: ', 2009', marks: PLAIN },
    ]);
    expect(italicTexts(value)).toEqual(['The Socialist']);
  });
});

describe('the style handed to pandoc', () => {
  const style =
    '<style xmlns="http://purl.org/net/xbiblio/csl"><info><title>T</title></info>' +
    '<locale xml:lang="en"><terms><term name="editor">ed.</term></terms></locale><citation/></style>';
  const locale =
    '<?xml version="1.0"?>\n<locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="de-DE">' +
    '<terms><term name="and">und</term></terms></locale>';

  it('holds the shipped locale after its own locales, without a language so that it ranks below them', () => {
    const xml = styleWithLocale(style, locale);
    expect(xml).toMatch(
      /<\/locale>\n<locale xmlns="http:\/\/purl.org\/net\/xbiblio\/csl" version="1.0"><terms><term name="and">und<\/term>/,
    );
    expect(xml.indexOf('xml:lang="en"')).toBeLessThan(xml.indexOf('>und<'));
  });

  it('holds the shipped locale after the info of a style without locales', () => {
    const xml = styleWithLocale(style.replace(/<locale[\s\S]*<\/locale>/, ''), locale);
    expect(xml).toMatch(/<\/info>\n<locale [^>]*><terms><term name="and">und/);
  });
});
