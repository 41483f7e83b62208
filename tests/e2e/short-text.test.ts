/**
 * A short text, in a real browser over the real core: the card of its last passage, beside the text,
 * is shown whole however far below the text's end it reaches.
 */
import { describe, expect, it } from 'vitest';
import { useE2eSession } from '../support/e2e-session';

const session = useE2eSession({ viewport: { width: 1440, height: 900 }, open: false });

const TEXT = 'A short note\n\nThe planned economy needed the oxygen of democracy.\n';

describe('a short text', () => {
  it('shows the whole card of its last passage, below the end of the text', async () => {
    const { page } = session;
    await session.app.library.service.importFiles({
      sources: [{ kind: 'bytes', name: 'short.txt', bytes: new TextEncoder().encode(TEXT) }],
    });
    await page.goto(session.app.server.url);
    await session.openFirstDocument();
    await session.selectInReader('the oxygen of democracy');
    await page.keyboard.press('h');
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    const card = page.getByTestId('annotation-card').first();
    await card.getByTestId('add-comment').click();
    await card.getByTestId('comment-editor').waitFor();
    for (let line = 1; line <= 12; line += 1) {
      await page.keyboard.type(`Line ${String(line)} of a long comment on the passage.`);
      await page.keyboard.press('Enter');
    }
    await page.evaluate(() =>
      window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }),
    );
    const box = await card.boundingBox();
    const layer = await page.locator('.margin-cards').boundingBox();
    expect(box).not.toBeNull();
    expect(layer).not.toBeNull();
    // The card lies inside the layer that clips the cards, so none of it is cut off.
    expect(box!.y + box!.height).toBeLessThanOrEqual(layer!.y + layer!.height + 1);
  });
});
