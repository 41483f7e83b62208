/**
 * Pages and quoting with a citation in a real browser over the real core: the reader marks where
 * page 45 of the original starts in a plain text (by keyboard), highlights a passage after it and
 * copies it with its citation, which cites page 45; the page's name stands beside the text, and is
 * still there after a reload; a page offset set in the metadata editor renumbers it. A marker taken
 * away from its label comes back with Undo.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

/** Where to save screenshots of the reader with its page labels and of the card, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];
/** A passage of the article's fourth paragraph of prose, after the page marker. */
const PASSAGE = 'THE CAPITALIST media milked the celebrations';

/** The first citation in a style waits for citeproc to load it (about a second, more on a busy machine). */
const CITING = { timeout: 30_000 };

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await session.page.getByTestId('document-row').first().waitFor();
  await session.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(session.app.server.url).origin,
  });
});

/** Waits until the whole text is in the reader. */
async function textLoaded(): Promise<void> {
  await session.page.locator('article.reader-column[aria-busy="false"]').waitFor();
}

/** Opens the document and waits until the whole text is in the reader. */
async function openWholeText(): Promise<void> {
  await session.openFirstDocument();
  await textLoaded();
}

/** Clicks just before the first letter of `word` in the `n`th block (from 1) of the reader's text. */
async function caretBefore(n: number, word: string): Promise<void> {
  const point = await session.page.evaluate(
    ({ n, word }) => {
      const block = document.querySelector(`[data-testid="reader-text"] > :nth-child(${n})`);
      const walker = document.createTreeWalker(block!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const box = range.getBoundingClientRect();
        return { x: box.left + 1, y: box.top + box.height / 2 };
      }
      throw new Error(`"${word}" is not in block ${n}`);
    },
    { n, word },
  );
  await session.page.mouse.click(point.x, point.y);
}

async function notices(): Promise<string> {
  return (await session.page.getByTestId('notice').allTextContents()).join(' | ');
}

async function clipboardText(): Promise<string> {
  return session.page.evaluate(() => navigator.clipboard.readText());
}

async function clipboardHtml(): Promise<string> {
  return session.page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return item === undefined ? '' : (await item.getType('text/html')).text();
  });
}

const labels = () => session.page.getByTestId('page-label');

describe('pages and citations', () => {
  it('marks page 45 by keyboard, copies a passage after it citing page 45, and renumbers it with a page offset', async () => {
    const { page } = session;
    await openWholeText();

    // The third paragraph ("Facebook   Twitter"): page 45 of the original starts at "Twitter".
    await caretBefore(3, 'Twitter');
    await page.keyboard.press('p');
    const dialog = page.getByTestId('page-name-dialog');
    await dialog.waitFor();
    // A text without pages proposes no name, and an empty one is refused.
    expect(await dialog.getByTestId('page-name-input').inputValue()).toBe('');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('page-name-problem').waitFor();
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await expect.poll(notices).toContain('Page 45 starts here now.');

    // The reader shows the saved text afresh, with the page's name beside its first line.
    await expect.poll(() => labels().allTextContents()).toEqual(['45']);
    const label = await labels()
      .first()
      .evaluate((element) => ({
        hidden: element.getAttribute('aria-hidden'),
        title: element.getAttribute('title'),
        next: element.nextSibling?.textContent?.slice(0, 7) ?? '',
      }));
    expect(label).toEqual({ hidden: 'true', title: 'Page 45', next: 'Twitter' });
    // The text itself is unchanged: the label is not part of it.
    const saved = await page.evaluate(async () => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const [doc] = await scholia.listDocuments({});
      return (await scholia.getDocument({ documentId: doc!.id })).meta.textRevision;
    });
    expect(saved).toBe(1);

    // A passage after the marker, highlighted, then copied with its citation by Shift+C.
    await textLoaded();
    await session.selectInReader(PASSAGE);
    await page.keyboard.press('h');
    const mark = page.locator('[data-testid="reader-text"] mark.hl').first();
    await mark.waitFor();
    await mark.click();
    const card = page.getByTestId('annotation-card').filter({ hasText: PASSAGE.slice(0, 30) });
    await expect.poll(() => card.getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Shift+C');
    await expect.poll(clipboardText, CITING).toMatch(/45\)$/);
    expect(await clipboardText()).toBe(`“${PASSAGE}” (Doyle, 2009, p. 45)`);
    expect(await clipboardHtml()).toContain(`“${PASSAGE}” (Doyle, 2009, p. 45)`);
    await expect.poll(notices).toContain(`Copied: “${PASSAGE}” (Doyle, 2009, p. 45)`);

    // The open card's own button does the same.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await card.getByTestId('copy-citation').click();
    await expect.poll(clipboardText, CITING).toBe(`“${PASSAGE}” (Doyle, 2009, p. 45)`);

    if (SCREENSHOTS !== undefined) {
      await card.screenshot({ path: join(SCREENSHOTS, 'pages-card.png') });
      await labels()
        .first()
        .evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(SCREENSHOTS, 'pages-reader.png') });
      const box = (await labels().first().boundingBox())!;
      await page.screenshot({
        path: join(SCREENSHOTS, 'pages-label.png'),
        clip: { x: box.x - 20, y: box.y - 30, width: 520, height: box.height + 60 },
      });
      // A narrow window has no margin beside the text: the column makes room for the labels.
      await page.setViewportSize({ width: 760, height: 900 });
      await labels()
        .first()
        .evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(SCREENSHOTS, 'pages-reader-narrow.png') });
      await page.setViewportSize({ width: 1440, height: 900 });
    }

    // After a reload the page is still there.
    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    await openWholeText();
    await expect.poll(() => labels().allTextContents()).toEqual(['45']);

    // The metadata editor offers the first printed page for a text with pages: the first page of the
    // file is printed page 1, so page 45 is now cited and shown as page 1.
    await page.keyboard.press('i');
    const details = page.getByTestId('metadata-dialog');
    await details.waitFor();
    const firstPage = details.getByLabel('First printed page');
    expect(await firstPage.inputValue()).toBe('');
    await firstPage.fill('1');
    if (SCREENSHOTS !== undefined) {
      await firstPage.evaluate((input) => input.scrollIntoView({ block: 'center' }));
      await details.screenshot({ path: join(SCREENSHOTS, 'pages-details.png') });
    }
    await details.getByTestId('save-metadata').click();
    await details.waitFor({ state: 'detached' });
    await expect.poll(() => labels().allTextContents()).toEqual(['1']);
    const documents = await page.evaluate(() =>
      (globalThis as unknown as ScholiaWindow).scholia.listDocuments({}),
    );
    expect(documents[0]?.pageOffset).toBe(0);
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await page.keyboard.press('Shift+C');
    await expect.poll(clipboardText, CITING).toBe(`“${PASSAGE}” (Doyle, 2009, p. 1)`);

    // Undo takes the offset back with the details.
    await page.keyboard.press('Control+z');
    await expect.poll(() => labels().allTextContents()).toEqual(['45']);
  });

  it('goes to a page from the palette, removes its marker from its label, and Undo puts it back', async () => {
    const { page } = session;
    await openWholeText();
    await caretBefore(3, 'Twitter');
    await page.keyboard.press('p');
    await page.getByTestId('page-name-dialog').waitFor();
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await expect.poll(() => labels().allTextContents()).toEqual(['45']);

    // The next marker proposes the next number.
    await textLoaded();
    await caretBefore(5, 'From');
    await page.keyboard.press('p');
    const dialog = page.getByTestId('page-name-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('page-name-input').inputValue()).toBe('46');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Go to page 45 from the command palette: the caret is then at its start, where P renames it.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('go to page');
    await page.keyboard.press('Enter');
    const goTo = page.getByTestId('go-to-page-dialog');
    await goTo.waitFor();
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await goTo.getByText('This text has no page “4”. Its one page is 45.').waitFor();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await goTo.waitFor({ state: 'detached' });
    await page.keyboard.press('p');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Page 45');
    if (SCREENSHOTS !== undefined) await dialog.screenshot({ path: join(SCREENSHOTS, 'pages-dialog.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await labels().first().click();
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Page 45');
    await dialog.getByTestId('remove-page-marker').click();
    await expect.poll(notices).toContain('Removed the marker of page 45.');
    await expect.poll(() => labels().count()).toBe(0);

    await page.keyboard.press('Control+z');
    await expect.poll(notices).toContain('Undid: Change page markers');
    await expect.poll(() => labels().allTextContents()).toEqual(['45']);

    // While the text is being cleaned, page markers wait for Done.
    await textLoaded();
    await page.keyboard.press('Control+e');
    await page.locator('article.reader-editing').waitFor();
    await page.getByTestId('reader-title').click();
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('page starts here');
    await page.keyboard.press('Enter');
    await expect.poll(notices).toContain('Page markers are set on the saved text');
  });
});
