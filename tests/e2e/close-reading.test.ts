/**
 * Close reading in a real browser over the real core on a temporary library: highlight a passage,
 * recolour it, tag it with a tag of the codebook and a new one, comment on it in bold, filter the
 * margin by a parent tag, change a highlight's extent, add a margin note, and find it all again after
 * a reload.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

const FIRST =
  "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";
const SECOND = 'THE CAPITALIST media milked the celebrations';

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });
const { openFirstDocument, selectInReader, savedAnnotations: saved } = session;

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await session.page.getByTestId('document-row').first().waitFor();
});

async function tagNames(): Promise<Record<string, string>> {
  return session.page.evaluate(async () => {
    const tags = await (globalThis as unknown as ScholiaWindow).scholia.listTags({});
    return Object.fromEntries(tags.map((t) => [t.id, t.name]));
  });
}

const card = (quote: string) =>
  session.page.getByTestId('annotation-card').filter({ hasText: quote.slice(0, 30) });
const marksOf = (color: string) => session.page.locator(`[data-testid="reader-text"] mark.hl-${color}`);

describe('close reading in the browser', () => {
  it('highlights, recolours, tags, comments in bold and filters by tag, and keeps it all after a reload', async () => {
    // The codebook has a parent tag with a child, made before the document is opened.
    await session.page.evaluate(async () => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const economy = await scholia.createTag({ name: 'Economy' });
      await scholia.createTag({ name: 'Planning', parentId: economy.id });
    });
    await openFirstDocument();

    await selectInReader(FIRST);
    await session.page.keyboard.press('h');
    await expect.poll(() => marksOf('yellow').count()).toBeGreaterThan(0);

    // Clicking the highlight opens its card; key 3 makes it blue, and blue is then the next highlight's colour.
    await marksOf('yellow').first().click();
    await expect.poll(() => card(FIRST).getAttribute('aria-current')).toBe('true');
    await session.page.keyboard.press('3');
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
    await session.page.keyboard.type('A ');
    await session.page.keyboard.press('Control+b');
    await session.page.keyboard.type('vital');
    await session.page.keyboard.press('Control+b');
    await session.page.keyboard.type(' image.');
    await session.page.keyboard.press('Escape');
    // The space typed after the bold word is saved as a plain space (a browser types U+00A0 there).
    await expect.poll(async () => (await saved())[0]?.comment).toBe('A **vital** image.');

    // A second highlight, untagged, in the colour used last.
    await selectInReader(SECOND);
    await session.page.keyboard.press('h');
    await expect.poll(async () => (await saved()).length).toBe(2);
    expect((await saved()).map((a) => a.color)).toEqual(['blue', 'blue']);
    await expect.poll(() => session.page.getByTestId('margin-count').textContent()).toBe('2 annotations');

    // Filtering by the parent tag keeps the passage tagged with its child.
    const economyId = await session.page.evaluate(
      async () =>
        (await (globalThis as unknown as ScholiaWindow).scholia.listTags({})).find(
          (t) => t.name === 'Economy',
        )!.id,
    );
    await session.page.getByTestId('margin-tag-filter').selectOption(economyId);
    await expect.poll(() => session.page.getByTestId('annotation-card').count()).toBe(1);
    expect(await session.page.getByTestId('annotation-card').first().textContent()).toContain('vital oxygen');
    expect(await session.page.getByTestId('margin-count').textContent()).toBe('1 of 2');

    await session.page.reload();
    await session.page.getByTestId('document-row').first().waitFor();
    await openFirstDocument();
    // Cards are drawn beside the passages on screen: the overview ruler's mark for it goes there.
    const { start, length } = await session.page.evaluate(async (quote) => {
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
    const ruler = (await session.page.getByTestId('overview-ruler').boundingBox())!;
    await session.page.mouse.click(ruler.x + ruler.width / 2, ruler.y + (start / length) * ruler.height + 1);
    const firstCard = card(FIRST);
    await expect.poll(() => firstCard.getAttribute('aria-current')).toBe('true');
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
    await session.page.keyboard.press('h');
    await expect.poll(async () => (await saved()).length).toBe(1);

    await session.page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await selectInReader(FIRST);
    await session.page.keyboard.press('e');
    await expect.poll(async () => (await saved())[0]?.selectors[0].exact).toBe(FIRST);
    await expect
      .poll(() =>
        session.page.evaluate(() =>
          Array.from(document.querySelectorAll('[data-testid="reader-text"] mark.hl'))
            .map((m) => m.textContent)
            .join(''),
        ),
      )
      .toBe(FIRST);

    // A note on a passage opens its card with the caret in the comment.
    await selectInReader(SECOND);
    await session.page.keyboard.press('n');
    const editor = session.page.getByTestId('comment-editor');
    await editor.waitFor();
    await session.page.keyboard.type('Which celebrations?');
    await session.page.keyboard.press('Escape');
    await expect
      .poll(async () => (await saved()).find((a) => a.motivation === 'commenting')?.comment)
      .toBe('Which celebrations?');
    const note = (await saved()).find((a) => a.motivation === 'commenting');
    expect(note?.selectors[0].exact).toBe(SECOND);
  });

  it('opens tools from the More menu by keyboard, shows a renamed tag at once, and deletes from the card', async () => {
    await session.page.evaluate(async () => {
      await (globalThis as unknown as ScholiaWindow).scholia.createTag({ name: 'Economy' });
    });
    await openFirstDocument();
    await selectInReader(FIRST);
    await session.page.keyboard.press('h');
    await marksOf('yellow').first().click();
    const tagInput = card(FIRST).getByTestId('tag-input');
    await tagInput.fill('Econ');
    await tagInput.press('Enter');
    await expect
      .poll(() => card(FIRST).getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Economy')]);

    // The More menu: Arrow Down opens it on its first item, Escape gives the keyboard back to the button.
    const more = session.page.getByTestId('more-menu-button');
    await more.focus();
    await more.press('ArrowDown');
    const items = session.page.getByRole('menuitem');
    await expect.poll(() => items.first().evaluate((item) => item === document.activeElement)).toBe(true);
    await session.page.keyboard.press('Escape');
    await expect.poll(() => session.page.getByRole('menu').count()).toBe(0);
    await expect.poll(() => more.evaluate((button) => button === document.activeElement)).toBe(true);
    // Enter opens it again; End, then Arrow Up from the last item, reach the codebook; Enter opens it.
    await more.press('Enter');
    await session.page.keyboard.press('End');
    const focused = () => session.page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let step = 0; step < 8 && !(await focused()).includes('Codebook'); step += 1)
      await session.page.keyboard.press('ArrowUp');
    expect(await focused()).toContain('Codebook');
    await session.page.keyboard.press('Enter');
    const codebookRow = session.page
      .getByTestId('codebook-row')
      .filter({ has: session.page.locator('.codebook-name', { hasText: /^Economy$/ }) });
    await codebookRow.click();
    await codebookRow.press('Enter');
    await session.page.getByTestId('codebook-rename').fill('Political economy');
    await session.page.getByTestId('codebook-rename').press('Enter');
    // The margin reads the same codebook: the card's chip is renamed with it.
    await expect
      .poll(() => card(FIRST).getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Political economy')]);
    await session.page.keyboard.press('Escape');

    // In the list layout the open card is shown once, in its row.
    await session.page.getByTestId('margin-layout').click();
    await marksOf('yellow').first().click();
    await expect.poll(() => card(FIRST).getAttribute('aria-current')).toBe('true');
    expect(await card(FIRST).count()).toBe(1);

    // Delete on the open card; Ctrl+Z brings the very same annotation back.
    const [before] = await saved();
    await card(FIRST).getByTestId('delete-annotation').click();
    await expect.poll(async () => (await saved()).length).toBe(0);
    await expect.poll(() => card(FIRST).count()).toBe(0);
    await session.page.getByTestId('reader-text').focus();
    await session.page.keyboard.press('Control+z');
    await expect.poll(async () => (await saved())[0]?.id).toBe(before?.id);
    await expect.poll(() => card(FIRST).count()).toBe(1);

    // The Delete key on a focused card deletes it too.
    await card(FIRST).focus();
    await session.page.keyboard.press('Delete');
    await expect.poll(async () => (await saved()).length).toBe(0);
  });
});
