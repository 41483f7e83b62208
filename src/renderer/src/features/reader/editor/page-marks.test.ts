import { describe, expect, it } from 'vitest';
import { EditorState, type Command } from 'prosemirror-state';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import { offsetToPos, projectDocument } from '../../../../../shared/projection';
import { nextPageName, pageNameProblem, pageStartPos, removePageStart, setPageStart } from './page-marks';
import { pagePlaces } from './page-places';
import { proseDoc } from './test-editor';

const doc = proseDoc(article);
const plain = projectDocument(doc).text;

/** The position of the first letter of `words` in the article. */
function posOf(state: EditorState, words: string): number {
  const projection = projectDocument(state.doc);
  const offset = projection.text.indexOf(words);
  if (offset < 0) throw new Error(`"${words}" is not in the article`);
  return offsetToPos(projection, offset, 1);
}

function run(state: EditorState, command: Command): EditorState {
  let next = state;
  if (!command(state, (tr) => (next = state.apply(tr)))) throw new Error('The command did not apply.');
  return next;
}

/** The pages of `state` as [first words, index, label]. */
function pages(state: EditorState): [string, number, string | null][] {
  const projection = projectDocument(state.doc);
  return projection.pages.map((page) => [
    projection.text.slice(page.offset, page.offset + 12),
    page.index,
    page.label,
  ]);
}

const start = EditorState.create({ doc });
const gorbachev = posOf(start, 'MikhaIl Gorbachev rose');

describe('page markers', () => {
  it('start a first page at the caret that runs to the end of a text without pages', () => {
    const state = run(start, setPageStart(gorbachev, '45'));
    expect(pages(state)).toEqual([['MikhaIl Gorb', 0, '45']]);
    const page = pagePlaces(projectDocument(state.doc))[0];
    expect(page?.pos).toBe(gorbachev);
  });

  it('change marks only: the plain text stays exactly as it was', () => {
    const state = run(start, setPageStart(gorbachev, '45'));
    expect(projectDocument(state.doc).text).toBe(plain);
  });

  it('number a page one after the page before it and end that page where it starts', () => {
    const one = run(start, setPageStart(gorbachev, '45'));
    const two = run(one, setPageStart(posOf(one, 'Stalinist bureaucrats'), '46'));
    expect(pages(two)).toEqual([
      ['MikhaIl Gorb', 0, '45'],
      ['Stalinist bu', 1, '46'],
    ]);
  });

  it('number on the pages after a page set before them, so the numbers keep increasing', () => {
    const one = run(start, setPageStart(posOf(start, 'Stalinist bureaucrats'), '46'));
    const two = run(one, setPageStart(gorbachev, '45'));
    expect(pages(two)).toEqual([
      ['MikhaIl Gorb', 0, '45'],
      ['Stalinist bu', 1, '46'],
    ]);
  });

  it('rename the page that starts at the caret already', () => {
    const one = run(start, setPageStart(gorbachev, '45'));
    const renamed = run(one, setPageStart(gorbachev, 'xlv'));
    expect(pages(renamed)).toEqual([['MikhaIl Gorb', 0, 'xlv']]);
  });

  it('start the page at the next paragraph when the caret ends one', () => {
    const block = projectDocument(start.doc).blocks[2];
    if (block === undefined) throw new Error('no third block');
    const end = block.pos + block.length;
    const next = projectDocument(start.doc).blocks[3];
    expect(pageStartPos(start.doc, end)).toBe(next?.pos);
  });

  it('give a removed page’s text to the page before it', () => {
    const one = run(start, setPageStart(gorbachev, '45'));
    const stalinist = posOf(one, 'Stalinist bureaucrats');
    const two = run(one, setPageStart(stalinist, '46'));
    const removed = run(two, removePageStart(stalinist));
    expect(pages(removed)).toEqual([['MikhaIl Gorb', 0, '45']]);
  });

  it('leave a text without pages when its only marker is removed', () => {
    const one = run(start, setPageStart(gorbachev, '45'));
    const removed = run(one, removePageStart(gorbachev));
    expect(pages(removed)).toEqual([]);
    expect(removed.doc.eq(start.doc)).toBe(true);
  });

  it('do not remove anything where no page starts', () => {
    const one = run(start, setPageStart(gorbachev, '45'));
    expect(removePageStart(gorbachev + 3)(one)).toBe(false);
  });

  it('do not start a page after the last letter of the text', () => {
    expect(setPageStart(start.doc.content.size, '99')(start)).toBe(false);
  });
});

describe('numbering on the pages after a new one', () => {
  /** The article ten times over, with a page starting at every 20th block. */
  function bookWithPages(): EditorState {
    const blocks: ReturnType<typeof doc.child>[] = [];
    for (let copy = 0; copy < 10; copy += 1) doc.forEach((block) => blocks.push(block));
    const pageType = doc.type.schema.marks.page;
    if (pageType === undefined) throw new Error('The schema has no page mark.');
    const marked = blocks.map((block, at) => {
      const page = pageType.create({ index: Math.floor(at / 20), label: String(Math.floor(at / 20) + 1) });
      const children: ReturnType<typeof doc.child>[] = [];
      block.forEach((child) => children.push(child.mark(page.addToSet(child.marks))));
      return block.type.create(block.attrs, children);
    });
    return EditorState.create({ doc: doc.type.create(null, marked) });
  }

  it('moves every later page on in one step, keeping their names', () => {
    const book = bookWithPages();
    const before = projectDocument(book.doc).pages;
    const second = pagePlaces(projectDocument(book.doc))[1];
    if (second === undefined) throw new Error('no second page');
    let steps = 0;
    let after = book;
    setPageStart(second.pos - 5, '1a')(book, (tr) => {
      steps = tr.steps.length;
      after = book.apply(tr);
    });
    const pagesAfter = projectDocument(after.doc).pages;
    expect(pagesAfter).toHaveLength(before.length + 1);
    expect(pagesAfter.map((page) => page.index)).toEqual(pagesAfter.map((_, i) => i));
    expect(pagesAfter.slice(2).map((page) => page.label)).toEqual(before.slice(1).map((page) => page.label));
    expect(steps).toBeLessThanOrEqual(3);
    expect(projectDocument(after.doc).text).toBe(projectDocument(book.doc).text);
  });

  it('is undone by its inverted steps', () => {
    const book = bookWithPages();
    const second = pagePlaces(projectDocument(book.doc))[1];
    if (second === undefined) throw new Error('no second page');
    setPageStart(second.pos - 5, '1a')(book, (tr) => {
      let undone = tr.doc;
      for (let i = tr.steps.length - 1; i >= 0; i -= 1) {
        const step = tr.steps[i];
        const before = tr.docs[i];
        if (step === undefined || before === undefined) throw new Error('no step');
        undone = step.invert(before).apply(undone).doc ?? undone;
      }
      expect(undone.eq(book.doc)).toBe(true);
    });
  });
});

describe('page names', () => {
  it('accept one line of up to 32 characters', () => {
    expect(pageNameProblem('45')).toBeNull();
    expect(pageNameProblem('x'.repeat(32))).toBeNull();
  });

  it('refuse a blank name, a second line, and a name longer than 32 characters', () => {
    expect(pageNameProblem('  ')).toMatch(/Type the page’s name/);
    expect(pageNameProblem('4\n5')).toMatch(/one line/);
    expect(pageNameProblem('x'.repeat(33))).toMatch(/at most 32 characters; this one has 33/);
  });

  it('propose the number after a numbered page, and nothing after any other', () => {
    expect(nextPageName('45')).toBe('46');
    expect(nextPageName('xii')).toBe('');
    expect(nextPageName(null)).toBe('');
  });
});
