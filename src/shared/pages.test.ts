import { describe, expect, it } from 'vitest';
import { pageAt, pageName, passageLocator } from './pages';
import { projectDocument } from './projection';
import { docFromJSON } from './schema';

const page = (index: number, label: string | null = null) => ({
  type: 'page',
  attrs: { index, label },
});

/** Two paragraphs: the first starts on page ii and runs onto page 1, the second is all on page 2. */
const DOC = docFromJSON({
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Ends the preface ', marks: [page(1, 'ii')] },
        { type: 'text', text: 'and goes on.', marks: [page(2, '1')] },
      ],
    },
    { type: 'paragraph', content: [{ type: 'text', text: 'Second page.', marks: [page(3, '2')] }] },
  ],
});

describe('the pages of a text', () => {
  const projection = projectDocument(DOC);
  const at = (quote: string) => projection.text.indexOf(quote);

  it('lists where each page starts, in the projection, taking no characters', () => {
    expect(projection.text).toBe('Title\n\nEnds the preface and goes on.\n\nSecond page.');
    expect(projection.pages).toEqual([
      { offset: at('Ends'), index: 1, label: 'ii' },
      { offset: at('and goes'), index: 2, label: '1' },
      { offset: at('Second'), index: 3, label: '2' },
    ]);
  });

  it('puts text before the first page on no page', () => {
    expect(pageAt(projection.pages, at('Title'))).toBeNull();
    expect(pageAt(projection.pages, at('goes'))?.label).toBe('1');
  });

  it('cites a passage by its page or pages, else by its paragraph', () => {
    const place = (quote: string, paragraph: number | null = 2) => ({
      start: at(quote),
      end: at(quote) + quote.length,
      paragraph,
    });
    expect(passageLocator(projection.pages, place('goes on'))).toEqual({ label: 'page', locator: '1' });
    expect(passageLocator(projection.pages, place('preface and'))).toEqual({
      label: 'page',
      locator: 'ii\u20131',
    });
    expect(passageLocator(projection.pages, place('Title', 1))).toEqual({ label: 'paragraph', locator: '1' });
    expect(passageLocator(projection.pages, place('Title', null))).toBeNull();
    expect(passageLocator([], place('goes on'))).toEqual({ label: 'paragraph', locator: '2' });
  });

  it('renumbers pages by the document’s page offset, keeping labels for pages before printed page 1', () => {
    const [preface, first] = projection.pages;
    if (preface === undefined || first === undefined) throw new Error('no pages');
    expect(pageName(first, 2)).toBe('1');
    expect(pageName(first, 0)).toBe('3');
    expect(pageName(preface, 2)).toBe('ii');
    expect(pageName({ ...preface, label: null }, 2)).toBeNull();
    expect(pageName({ ...preface, label: null })).toBe('2');
  });

  it('refuses a page mark with a negative index or a label of several lines', () => {
    const bad = (attrs: Record<string, unknown>) => () =>
      docFromJSON({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'page', attrs }] }] }],
      });
    expect(bad({ index: -1 })).toThrow(RangeError);
    expect(bad({ index: 1, label: 'a\nb' })).toThrow(RangeError);
    expect(bad({ index: 1.5 })).toThrow(RangeError);
  });
});
