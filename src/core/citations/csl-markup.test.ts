import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { formatReferences, registerCslStyle } from './citation-js';
import { cslMarkupToCommonMark, cslMarkupToText } from './csl-markup';

const commonmark = new MarkdownIt('commonmark', { html: true });

/** How a line of CommonMark renders, without the paragraph around it. */
function rendered(markdown: string): string {
  return commonmark.renderInline(markdown);
}

/** A small style with every decoration Scholia writes: italic, bold, small caps, superscript, links. */
const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Markup test</title><id>markup-test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><group delimiter=", "><names variable="author"><name form="short"/></names>
    <date variable="issued"><date-part name="year"/></date>
    <group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group></layout></citation>
  <bibliography><layout suffix=".">
    <group delimiter=". ">
      <names variable="author"><name font-variant="small-caps"/></names>
      <text variable="title" font-style="italic"/>
      <text variable="volume" font-weight="bold"/>
      <text variable="edition" vertical-align="sup"/>
      <text variable="URL"/>
    </group>
  </layout></bibliography>
</style>`;

describe('citations with their formatting', () => {
  registerCslStyle('markup-test', STYLE);
  const item = {
    id: 'a',
    type: 'book',
    title: 'The *Socialist* [1]',
    author: [{ family: 'Doyle', given: 'Alan' }],
    issued: { 'date-parts': [[2009]] },
    volume: '12',
    edition: '2',
    URL: 'https://example.org/a_b',
  };

  it('keeps italics, bold, small caps, superscript and links as CommonMark', () => {
    const formatted = formatReferences([item], 'markup-test', 'en-US');
    const entry = formatted.entries.get('a');
    expect(entry?.text).toBe('Alan Doyle. The *Socialist* [1]. 12. 2. https://example.org/a_b.');
    expect(rendered(entry?.markdown ?? '')).toBe(
      '<span style="font-variant:small-caps">Alan Doyle</span>. <em>The *Socialist* [1]</em>. <strong>12</strong>. <sup>2</sup>. <a href="https://example.org/a_b">https://example.org/a_b</a>.',
    );
  });

  it('writes a citation with its locator, labelled by the style', () => {
    const formatted = formatReferences([item], 'markup-test', 'en-US', [
      { id: 'a', label: 'page', locator: '45–46' },
      { id: 'a', label: 'paragraph', locator: '11' },
    ]);
    expect([...formatted.located.values()].map((cite) => cite.text)).toEqual([
      '(Doyle, 2009, pp. 45–46)',
      '(Doyle, 2009, para. 11)',
    ]);
    expect(formatted.citations.get('a')?.text).toBe('(Doyle, 2009)');
  });
});

describe('CommonMark from citeproc’s markup', () => {
  const italic = (text: string) => `\uE001${text}\uE00F`;

  it('moves spaces outside the emphasis, where CommonMark wants them', () => {
    expect(cslMarkupToCommonMark(`In ${italic(' Title ')}, 3`)).toBe('In *Title* , 3');
  });

  it('falls back to <em> where a * could not close', () => {
    const markdown = cslMarkupToCommonMark(`${italic('“Title”')}s`);
    expect(rendered(markdown)).toBe('<em>“Title”</em>s');
  });

  it('never lets two emphasised runs touch', () => {
    const markdown = cslMarkupToCommonMark(`${italic('a')}\uE003b\uE00F`);
    expect(rendered(markdown)).toBe('<em>a</em><strong>b</strong>');
  });

  it('writes text outside any decoration as escaped text that reads back the same', () => {
    const markdown = cslMarkupToCommonMark('# 1. not *a* heading <b>');
    expect(rendered(markdown)).toBe('# 1. not *a* heading &lt;b&gt;');
    expect(cslMarkupToText(`a ${italic('b')}  c`)).toBe('a b c');
  });

  it('links a bare DOI to doi.org', () => {
    expect(rendered(cslMarkupToCommonMark('\uE00A10.1000/xyz_1\uE00F'))).toBe(
      '<a href="https://doi.org/10.1000/xyz_1">10.1000/xyz_1</a>',
    );
  });
});
