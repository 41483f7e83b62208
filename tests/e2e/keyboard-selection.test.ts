/**
 * Selecting from the keyboard, in a real browser over the real core: F7 turns on the reader's caret
 * (and a click then puts it where it lands), Ctrl+arrows move it by word, Shift extends the
 * selection, H highlights exactly what was selected; Shift+↓ selects to the next line and shows the
 * floating Highlight button; Escape collapses the selection and a second Escape stays in the text.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });

/** The reader's text. */
const text = () => session.page.getByTestId('reader-text');

/** The page's selection, as the reader sees it. */
function pageSelection(): Promise<{ text: string; collapsed: boolean; inText: boolean }> {
  return session.page.evaluate(() => {
    const selection = window.getSelection();
    const root = document.querySelector('[data-testid="reader-text"]');
    return {
      text: selection?.toString() ?? '',
      collapsed: selection?.isCollapsed ?? true,
      inText: selection?.anchorNode != null && root?.contains(selection.anchorNode) === true,
    };
  });
}

/** Waits until the page has stopped scrolling (a key's smooth scroll takes a few frames). */
async function scrollSettled(): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const now = await session.page.evaluate(
        () =>
          new Promise<number>((done) =>
            requestAnimationFrame(() => requestAnimationFrame(() => done(window.scrollY))),
          ),
      );
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

/** Clicks just inside the first letter of the first occurrence of `word` in the text. */
async function clickBefore(word: string): Promise<void> {
  const letter = (scroll: boolean) =>
    session.page.evaluate(
      ({ wanted, scroll }) => {
        const root = document.querySelector('[data-testid="reader-text"]');
        if (root === null) throw new Error('no reader');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const index = node.textContent?.indexOf(wanted) ?? -1;
          if (index < 0) continue;
          const range = document.createRange();
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          if (scroll)
            range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
          const box = range.getBoundingClientRect();
          return { x: box.left + 1, y: box.top + box.height / 2 };
        }
        throw new Error(`"${wanted}" is not in the reader`);
      },
      { wanted: word, scroll },
    );
  await scrollSettled();
  await letter(true);
  await scrollSettled();
  const point = await letter(false);
  await session.page.mouse.click(point.x, point.y);
}

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await session.page.getByTestId('document-row').first().waitFor();
  await session.openFirstDocument();
  await expect
    .poll(() => session.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('reader-text');
});

describe('selecting from the keyboard', () => {
  it('moves the caret by word, selects three words with Shift+Ctrl+→ and highlights exactly them', async () => {
    // With the caret off, the keys scroll the page, as they always have.
    await session.page.keyboard.press('PageDown');
    await expect.poll(() => session.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await session.page.getByTestId('reader-caret').count()).toBe(0);

    await session.page.keyboard.press('F7');
    await session.page.getByTestId('reader-caret').waitFor({ state: 'attached' });
    expect(await text().getAttribute('data-caret')).toBe('on');
    await expect
      .poll(() => session.page.getByTestId('caret-announcer').textContent())
      .toContain('Caret browsing on');

    await clickBefore('CAPITALIST media');
    await session.page.keyboard.press('Control+ArrowRight');
    await session.page.keyboard.press('Control+ArrowRight');
    await session.page.keyboard.press('Control+ArrowLeft');
    expect((await pageSelection()).collapsed).toBe(true);
    await session.page.screenshot({ path: '/tmp/kbd-caret-collapsed.png' });

    for (let word = 0; word < 3; word += 1) await session.page.keyboard.press('Shift+Control+ArrowRight');
    await expect.poll(async () => (await pageSelection()).text).toBe('media milked the');
    await session.page.getByTestId('highlight-floating-button').waitFor();
    await expect.poll(() => session.page.getByTestId('caret-announcer').textContent()).toContain('selected');
    await session.page.screenshot({ path: '/tmp/kbd-caret.png' });

    await session.page.keyboard.press('h');
    await expect
      .poll(async () => (await session.savedAnnotations()).map((a) => a.selectors[0].exact))
      .toEqual(['media milked the']);
    await expect.poll(() => session.highlightedText()).toBe('media milked the');
    // The caret stays, after the highlight, at the end of the passage.
    expect(await session.page.getByTestId('reader-caret').count()).toBe(1);
    expect((await pageSelection()).collapsed).toBe(true);
  });

  it('extends by a line with Shift+↓; Escape collapses, and a second Escape stays in the text', async () => {
    await session.page.keyboard.press('F7');
    await clickBefore('They have spoken');
    await session.page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await pageSelection()).text.length).toBeGreaterThan(40);
    const line = (await pageSelection()).text;
    expect(line.startsWith('They have spoken glowingly')).toBe(true);
    // A line, not the paragraph.
    expect(line.length).toBeLessThan(200);
    await session.page.getByTestId('highlight-floating-button').waitFor();

    // Shift+↑ takes the line back; the caret keeps its anchor.
    await session.page.keyboard.press('Shift+ArrowUp');
    await expect.poll(async () => (await pageSelection()).collapsed).toBe(true);
    await session.page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await pageSelection()).text).toBe(line);

    await session.page.keyboard.press('Escape');
    await expect.poll(async () => (await pageSelection()).collapsed).toBe(true);
    await expect.poll(() => session.page.getByTestId('highlight-floating-button').count()).toBe(0);
    expect(await session.page.getByTestId('reader-caret').count()).toBe(1);

    await session.page.keyboard.press('Escape');
    expect(await text().count()).toBe(1);
    expect(await session.page.getByTestId('document-row').count()).toBe(0);
    expect(await session.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'reader-text',
    );

    // N then makes a note on a passage selected from the keyboard.
    await session.page.keyboard.press('Shift+End');
    const passage = (await pageSelection()).text;
    expect(passage.length).toBeGreaterThan(10);
    await session.page.keyboard.press('n');
    await expect
      .poll(async () => (await session.savedAnnotations()).map((a) => [a.motivation, a.selectors[0].exact]))
      .toEqual([['commenting', passage.trimEnd()]]);

    // While the text is cleaned the browser's own caret is the one; the reader's comes back after.
    await text().focus();
    await session.page.keyboard.press('Control+e');
    await expect.poll(() => text().getAttribute('contenteditable')).toBe('true');
    expect(await session.page.getByTestId('reader-caret').count()).toBe(0);
    await session.page.keyboard.press('Control+e');
    await expect.poll(() => text().getAttribute('contenteditable')).toBe('false');
    await expect.poll(() => session.page.getByTestId('reader-caret').count()).toBe(1);

    // F7 turns the caret off, and the arrows scroll again; the More menu turns it on again.
    await text().focus();
    await session.page.keyboard.press('F7');
    expect(await session.page.getByTestId('reader-caret').count()).toBe(0);
    await session.page.getByRole('button', { name: 'More actions' }).click();
    await session.page.getByRole('menuitem', { name: /Caret browsing/ }).click();
    await session.page.getByTestId('reader-caret').waitFor({ state: 'attached' });
    expect(await session.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'reader-text',
    );
  });

  it('keeps the caret on screen as it moves by line and by page, in dark mode too', async () => {
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await session.page.keyboard.press('F7');
    await session.page.getByTestId('reader-caret').waitFor({ state: 'attached' });
    const onScreen = () =>
      session.page.evaluate(() => {
        const caret = document.querySelector('.reader-caret');
        const header = document.querySelector('.reader-header');
        if (caret === null || header === null) return false;
        const box = caret.getBoundingClientRect();
        return box.top >= header.getBoundingClientRect().bottom && box.bottom <= window.innerHeight;
      });
    for (let line = 0; line < 40; line += 1) await session.page.keyboard.press('ArrowDown');
    expect(await onScreen()).toBe(true);
    const scrolled = await session.page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await session.page.keyboard.press('PageDown');
    await expect.poll(() => session.page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled + 300);
    expect(await onScreen()).toBe(true);
    await session.page.keyboard.press('Shift+PageUp');
    expect(await onScreen()).toBe(true);
    await expect.poll(async () => (await pageSelection()).text.length).toBeGreaterThan(300);
    await session.page.keyboard.press('Escape');
    await session.page.keyboard.press('Shift+Control+ArrowLeft');
    await session.page.screenshot({ path: '/tmp/kbd-caret-dark.png' });
    // The caret's key is in the shortcut sheet.
    await session.page.keyboard.press('Escape');
    await session.page.keyboard.press('?');
    await expect
      .poll(() => session.page.getByTestId('shortcut-row').allTextContents())
      .toContainEqual(expect.stringContaining('F7'));
    await session.page.keyboard.press('Escape');
    await expect.poll(() => session.page.getByTestId('shortcut-sheet').count()).toBe(0);
  });

  it('goes on selecting from a match of Find, once Escape has given the keyboard back to the text', async () => {
    await session.page.keyboard.press('F7');
    await session.page.keyboard.press('Control+f');
    await session.page.keyboard.type('Berlin');
    await session.page.keyboard.press('Enter');
    await session.page.keyboard.press('Escape');
    await expect
      .poll(() => session.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('reader-text');
    await expect.poll(async () => (await pageSelection()).text).toBe('Berlin');
    await session.page.keyboard.press('Shift+Control+ArrowRight');
    await expect.poll(async () => (await pageSelection()).text).toBe('Berlin Wall');
    await session.page.keyboard.press('h');
    await expect
      .poll(async () => (await session.savedAnnotations()).map((a) => a.selectors[0].exact))
      .toEqual(['Berlin Wall']);
  });

  it('keeps to its column through a run of ↓ past shorter lines', async () => {
    await session.page.keyboard.press('F7');
    await clickBefore('rush into');
    const caretX = () =>
      session.page.evaluate(
        () => document.querySelector('.reader-caret')?.getBoundingClientRect().left ?? -1,
      );
    await expect.poll(caretX).toBeGreaterThan(600);
    const start = await caretX();
    // Down the paragraph's short last line and a shorter paragraph, to a line as long as the first.
    for (let line = 0; line < 3; line += 1) await session.page.keyboard.press('ArrowDown');
    await expect.poll(async () => Math.abs((await caretX()) - start)).toBeLessThan(20);
    expect(
      await session.page.evaluate(
        () =>
          document.querySelector('.reader-caret')?.parentElement?.textContent.includes('Click to enlarge') ??
          false,
      ),
    ).toBe(true);
  });

  it('starts selecting with Shift+→ from where the mouse selected, with the caret off', async () => {
    await session.selectInReader('Berlin');
    await session.page.keyboard.press('Shift+Control+ArrowRight');
    await expect.poll(async () => (await pageSelection()).text).toBe('Berlin Wall');
  });
});
