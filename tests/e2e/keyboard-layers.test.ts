/**
 * Escape and the reader's other layers, in a real browser over the real core: each Escape closes one
 * layer (a card, the selection) and never leaves the text; Alt+← goes back to the library; a highlight
 * whose card Escape closed opens it again when clicked; Ctrl+K in a comment asks for a link rather than
 * opening the command palette; a path typed in the tag field makes a sub-tag.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';

const QUOTE = 'THE CAPITALIST media milked the celebrations';

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });
const { openFirstDocument, selectInReader } = session;

const card = () => session.page.getByTestId('annotation-card').filter({ hasText: QUOTE.slice(0, 30) });
const marks = () => session.page.locator('[data-testid="reader-text"] mark.hl-yellow');

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await session.page.getByTestId('document-row').first().waitFor();
  await openFirstDocument();
  await selectInReader(QUOTE);
  await session.page.keyboard.press('h');
  await expect.poll(() => marks().count()).toBeGreaterThan(0);
});

describe('the reader’s layers', () => {
  it('closes one layer per Escape and stays in the text; Alt+← goes back to the library', async () => {
    await marks().first().click();
    await expect.poll(() => card().getAttribute('aria-current')).toBe('true');
    for (let press = 0; press < 4; press += 1) await session.page.keyboard.press('Escape');
    await expect.poll(() => card().getAttribute('aria-current')).not.toBe('true');
    expect(await session.page.getByTestId('reader-text').count()).toBe(1);

    await session.page.keyboard.press('Alt+ArrowLeft');
    await session.page.getByTestId('document-row').first().waitFor();
    expect(await session.page.getByTestId('reader-text').count()).toBe(0);
  });

  it('opens a card again when its highlight is clicked after Escape closed it', async () => {
    // Clicks in quick succession, which the browser counts as double and triple clicks.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await marks().first().click();
      await expect.poll(() => card().getAttribute('aria-current')).toBe('true');
      await session.page.keyboard.press('Escape');
      await expect.poll(() => card().getAttribute('aria-current')).not.toBe('true');
    }
  });

  it('asks for a link on Ctrl+K in a comment, and leaves the command palette closed', async () => {
    await marks().first().click();
    await card().getByTestId('add-comment').click();
    await card().getByTestId('comment-editor').waitFor();
    await session.page.keyboard.type('See ');
    await session.page.keyboard.press('Control+k');
    await card().getByLabel('Link to').waitFor();
    expect(await session.page.getByTestId('palette').count()).toBe(0);
  });

  it('makes a sub-tag from a path typed in the tag field, as the codebook shows it', async () => {
    await session.app.library.service.createTag({ name: 'Economy' });
    await marks().first().click();
    const tagInput = card().getByTestId('tag-input');
    await tagInput.fill('Economy › Planning');
    await expect
      .poll(() => card().getByTestId('tag-create').textContent())
      .toBe('Create tag “Economy › Planning”');
    await tagInput.press('Enter');
    await expect
      .poll(() => card().getByTestId('tag-chip').allTextContents())
      .toEqual([expect.stringContaining('Economy › Planning')]);
    await tagInput.fill('economy/planning/Targets');
    await tagInput.press('Enter');
    await expect.poll(() => card().getByTestId('tag-chip').count()).toBe(2);
    const tags = await session.app.library.service.listTags({});
    const economy = tags.filter((tag) => tag.name === 'Economy');
    expect(economy).toHaveLength(1);
    const planning = tags.filter((tag) => tag.name === 'Planning');
    expect(planning.map((tag) => tag.parentId)).toEqual([economy[0]?.id]);
    expect(tags.find((tag) => tag.name === 'Targets')?.parentId).toBe(planning[0]?.id);
  });

  it('gives the focus back to the text when a dialog over it closes', async () => {
    const text = session.page.getByTestId('reader-text');
    await text.focus();
    await session.page.keyboard.press('?');
    await session.page.locator('dialog[open]').waitFor();
    await session.page.keyboard.press('Escape');
    await session.page.locator('dialog[open]').waitFor({ state: 'detached' });
    await expect
      .poll(() => session.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('reader-text');
  });
});
