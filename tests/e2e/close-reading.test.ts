/**
 * Close reading in a real browser over the real core on a temporary library: highlight a passage,
 * recolour it, tag it with a tag of the codebook and a new one, comment on it in bold, filter the
 * margin by a parent tag, change a highlight's extent, add a margin note, and find it all again after
 * a reload.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import type { ScholiaWindow } from '../support/page-globals';
import { startWebApp, type WebApp } from '../support/web-app';

const FIXTURE = resolve(__dirname, '../fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
const FIRST =
  "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";
const SECOND = 'THE CAPITALIST media milked the celebrations';

let browser: Browser;
let app: WebApp;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  app = await startWebApp();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.getByTestId('import-button').waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser).setFiles([FIXTURE]);
  await page.getByTestId('document-row').first().waitFor();
});
afterEach(async () => {
  expect(errors).toEqual([]);
  await page.close();
  await app.close();
});

async function openFirstDocument(): Promise<void> {
  await page.getByTestId('document-row').first().getByTestId('open-document').click();
  await page.getByTestId('reader-text').waitFor();
}

/**
 * Selects the first occurrence of `text` inside the reader, as a reader's drag would; the passage may
 * run across highlights (several text nodes).
 */
async function selectInReader(text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const root = document.querySelector('[data-testid="reader-text"]');
    if (root === null) throw new Error('no reader');
    for (const block of Array.from(root.children)) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const nodes: { node: Node; start: number }[] = [];
      let joined = '';
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        nodes.push({ node, start: joined.length });
        joined += node.textContent ?? '';
      }
      const index = joined.indexOf(wanted);
      if (index < 0) continue;
      const at = (offset: number, end: boolean) => {
        const found = nodes.filter((n) => (end ? n.start < offset : n.start <= offset)).at(-1)!;
        return [found.node, offset - found.start] as const;
      };
      const range = document.createRange();
      range.setStart(...at(index, false));
      range.setEnd(...at(index + wanted.length, true));
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      document.dispatchEvent(new Event('selectionchange'));
      return;
    }
    throw new Error(`"${wanted}" is not in the reader`);
  }, text);
}

/** Every annotation of the one document, as core has saved it. */
async function saved() {
  return page.evaluate(async () => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    const [doc] = await scholia.listDocuments({});
    return scholia.listAnnotations({ documentId: doc!.id });
  });
}

async function tagNames(): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const tags = await (globalThis as unknown as ScholiaWindow).scholia.listTags({});
    return Object.fromEntries(tags.map((t) => [t.id, t.name]));
  });
}

const card = (quote: string) => page.getByTestId('annotation-card').filter({ hasText: quote.slice(0, 30) });
const marksOf = (color: string) => page.locator(`[data-testid="reader-text"] mark.hl-${color}`);

describe('close reading in the browser', () => {
  it('highlights, recolours, tags, comments in bold and filters by tag, and keeps it all after a reload', async () => {
    // The codebook has a parent tag with a child, made before the document is opened.
    await page.evaluate(async () => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const economy = await scholia.createTag({ name: 'Economy' });
      await scholia.createTag({ name: 'Planning', parentId: economy.id });
    });
    await openFirstDocument();

    await selectInReader(FIRST);
    await page.keyboard.press('h');
    await expect.poll(() => marksOf('yellow').count()).toBeGreaterThan(0);

    // Clicking the highlight opens its card; key 3 makes it blue, and blue is then the next highlight's colour.
    await marksOf('yellow').first().click();
    await expect.poll(() => card(FIRST).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('3');
    await expect.poll(() => marksOf('blue').count()).toBeGreaterThan(0);
    await expect.poll(async () => (await saved())[0]?.color).toBe('blue');

    // An existing sub-tag picked from the suggestions, then a new tag created with Enter.
    const tagInput = card(FIRST).getByTestId('tag-input');
    await tagInput.fill('plan');
    await expect
      .poll(() => card(FIRST).getByTestId('tag-suggestion').allTextContents())
      .toEqual([expect.stringContaining('Economy › Planning')]);
    await tagInput.press('Enter');
    await tagInput.fill('Oxygen metaphor');
    await tagInput.press('Enter');
    await expect.poll(() => card(FIRST).getByTestId('tag-chip').count()).toBe(2);
    await expect
      .poll(async () => {
        const names = await tagNames();
        return (await saved())[0]?.tagIds.map((id) => names[id]);
      })
      .toEqual(['Planning', 'Oxygen metaphor']);

    // A comment with a bold word, saved when the reader leaves the editor.
    await card(FIRST).getByTestId('add-comment').click();
    const editor = card(FIRST).getByTestId('comment-editor');
    await editor.waitFor();
    await page.keyboard.type('A ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('vital');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' image.');
    await page.keyboard.press('Escape');
    // The space typed after the bold word is saved as a plain space (a browser types U+00A0 there).
    await expect.poll(async () => (await saved())[0]?.comment).toBe('A **vital** image.');

    // A second highlight, untagged, in the colour used last.
    await selectInReader(SECOND);
    await page.keyboard.press('h');
    await expect.poll(async () => (await saved()).length).toBe(2);
    expect((await saved()).map((a) => a.color)).toEqual(['blue', 'blue']);
    await expect.poll(() => page.getByTestId('margin-count').textContent()).toBe('2 annotations');

    // Filtering by the parent tag keeps the passage tagged with its child.
    const economyId = await page.evaluate(
      async () =>
        (await (globalThis as unknown as ScholiaWindow).scholia.listTags({})).find(
          (t) => t.name === 'Economy',
        )!.id,
    );
    await page.getByTestId('margin-tag-filter').selectOption(economyId);
    await expect.poll(() => page.getByTestId('annotation-card').count()).toBe(1);
    expect(await page.getByTestId('annotation-card').first().textContent()).toContain('vital oxygen');
    expect(await page.getByTestId('margin-count').textContent()).toBe('1 of 2');

    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    await openFirstDocument();
    // Cards are drawn beside the passages on screen: the overview ruler's mark for it goes there.
    const { start, length } = await page.evaluate(async (quote) => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const [doc] = await scholia.listDocuments({});
      const annotations = await scholia.listAnnotations({ documentId: doc!.id });
      const opened = await scholia.getDocument({ documentId: doc!.id });
      type Json = { text?: string; content?: Json[] };
      const flat = (node: Json): string => (node.text ?? '') + (node.content ?? []).map(flat).join('');
      const text = (opened.doc.content as Json[]).map(flat).join('\n\n');
      return {
        start: annotations.find((a) => a.selectors[0].exact === quote)!.selectors[1].start,
        length: text.length,
      };
    }, FIRST);
    const ruler = (await page.getByTestId('overview-ruler').boundingBox())!;
    await page.mouse.click(ruler.x + ruler.width / 2, ruler.y + (start / length) * ruler.height + 1);
    const firstCard = card(FIRST);
    await expect.poll(() => firstCard.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => marksOf('blue').count()).toBeGreaterThan(1);
    await expect
      .poll(() => firstCard.getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Economy › Planning'), expect.stringContaining('Oxygen metaphor')]);
    expect(await firstCard.locator('[data-testid="card-comment"] strong').textContent()).toBe('vital');
  });

  it('changes a highlight’s extent with E and adds a margin note with N', async () => {
    await openFirstDocument();
    const short = FIRST.slice(0, 26);
    await selectInReader(short);
    await page.keyboard.press('h');
    await expect.poll(async () => (await saved()).length).toBe(1);

    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await selectInReader(FIRST);
    await page.keyboard.press('e');
    await expect.poll(async () => (await saved())[0]?.selectors[0].exact).toBe(FIRST);
    await expect
      .poll(() =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll('[data-testid="reader-text"] mark.hl'))
            .map((m) => m.textContent)
            .join(''),
        ),
      )
      .toBe(FIRST);

    // A note on a passage opens its card with the caret in the comment.
    await selectInReader(SECOND);
    await page.keyboard.press('n');
    const editor = page.getByTestId('comment-editor');
    await editor.waitFor();
    await page.keyboard.type('Which celebrations?');
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await saved()).find((a) => a.motivation === 'commenting')?.comment)
      .toBe('Which celebrations?');
    const note = (await saved()).find((a) => a.motivation === 'commenting');
    expect(note?.selectors[0].exact).toBe(SECOND);
  });

  it('opens tools from the More menu by keyboard, shows a renamed tag at once, and deletes from the card', async () => {
    await page.evaluate(async () => {
      await (globalThis as unknown as ScholiaWindow).scholia.createTag({ name: 'Economy' });
    });
    await openFirstDocument();
    await selectInReader(FIRST);
    await page.keyboard.press('h');
    await marksOf('yellow').first().click();
    const tagInput = card(FIRST).getByTestId('tag-input');
    await tagInput.fill('Econ');
    await tagInput.press('Enter');
    await expect
      .poll(() => card(FIRST).getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Economy')]);

    // The More menu: Arrow Down opens it on its first item, Escape gives the keyboard back to the button.
    const more = page.getByTestId('more-menu-button');
    await more.focus();
    await more.press('ArrowDown');
    const items = page.getByRole('menuitem');
    await expect.poll(() => items.first().evaluate((item) => item === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await expect.poll(() => more.evaluate((button) => button === document.activeElement)).toBe(true);
    // Enter opens it again; End and Arrow Up reach the codebook, Enter opens it.
    await more.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Codebook');
    await page.keyboard.press('Enter');
    const codebookRow = page
      .getByTestId('codebook-row')
      .filter({ has: page.locator('.codebook-name', { hasText: /^Economy$/ }) });
    await codebookRow.click();
    await codebookRow.press('Enter');
    await page.getByTestId('codebook-rename').fill('Political economy');
    await page.getByTestId('codebook-rename').press('Enter');
    // The margin reads the same codebook: the card's chip is renamed with it.
    await expect
      .poll(() => card(FIRST).getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Political economy')]);
    await page.keyboard.press('Escape');

    // In the list layout the open card is shown once, in its row.
    await page.getByTestId('margin-layout').click();
    await marksOf('yellow').first().click();
    await expect.poll(() => card(FIRST).getAttribute('aria-selected')).toBe('true');
    expect(await card(FIRST).count()).toBe(1);

    // Delete on the open card; Ctrl+Z brings the very same annotation back.
    const [before] = await saved();
    await card(FIRST).getByTestId('delete-annotation').click();
    await expect.poll(async () => (await saved()).length).toBe(0);
    await expect.poll(() => card(FIRST).count()).toBe(0);
    await page.getByTestId('reader-text').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await saved())[0]?.id).toBe(before?.id);
    await expect.poll(() => card(FIRST).count()).toBe(1);

    // The Delete key on a focused card deletes it too.
    await card(FIRST).focus();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await saved()).length).toBe(0);
  });
});
