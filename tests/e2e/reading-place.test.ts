/**
 * A document reopens where the reader left it, in a real browser over the real core: scrolled half
 * way, back to the library, opened again, the same words are at the top of the screen; a reload of
 * the page keeps the place too.
 */
import { describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';

const session = useE2eSession({ viewport: { width: 1280, height: 600 } });

/** The words at the top of the reading column, where the reader's eyes start. */
function textAtTop(): Promise<string> {
  return session.page.evaluate(() => {
    const text = document.querySelector('[data-testid="reader-text"]');
    if (text === null) return '';
    const box = text.getBoundingClientRect();
    const node = document.caretPositionFromPoint(box.left + 24, 40)?.offsetNode;
    return node?.nodeType === Node.TEXT_NODE ? (node.textContent ?? '').trim().slice(0, 60) : '';
  });
}

describe('reading place', () => {
  it('reopens a document scrolled to where the reader left it', async () => {
    await session.importThroughUi(FIXTURE);
    await session.page.getByTestId('document-row').first().waitFor();
    await session.openFirstDocument();
    expect(await session.page.evaluate(() => window.scrollY)).toBe(0);

    await session.page.evaluate(() =>
      window.scrollTo({ top: document.body.scrollHeight / 2, behavior: 'instant' }),
    );
    await expect.poll(textAtTop).not.toBe('');
    const words = await textAtTop();
    // The place is written down once scrolling has paused.
    await session.page.waitForTimeout(700);

    await session.page.keyboard.press('Alt+ArrowLeft');
    await session.page.getByTestId('document-row').first().waitFor();
    await session.openFirstDocument();
    await expect.poll(() => session.page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await expect.poll(textAtTop).toBe(words);

    await session.page.reload();
    await session.page.getByTestId('document-row').first().waitFor();
    await session.openFirstDocument();
    await expect.poll(textAtTop).toBe(words);
  });
});
