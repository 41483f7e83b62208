/**
 * At 200% zoom (a 1440×900 screen shows a 720×450 page), in a real browser over the real core: every
 * control of the library, the reader and an open card can be reached and lies within the window.
 */
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];
const WIDTH = 720;

const session = useE2eSession({ viewport: { width: WIDTH, height: 450 } });

/** The named controls inside `scope` that lie, once scrolled to, outside the window's width. */
async function offScreen(scope: Locator): Promise<string[]> {
  const lost: string[] = [];
  const controls = scope.locator('button:visible, input:visible, select:visible, a[href]:visible');
  for (let index = 0; index < (await controls.count()); index += 1) {
    const control = controls.nth(index);
    await control.scrollIntoViewIfNeeded();
    const box = await control.boundingBox();
    if (box === null) continue;
    if (box.x < 0 || box.x + box.width > WIDTH + 1) {
      const name = (await control.getAttribute('aria-label')) ?? (await control.textContent())?.trim() ?? '';
      lost.push(`${name} at x ${Math.round(box.x)}–${Math.round(box.x + box.width)}`);
    }
  }
  return lost;
}

describe('at 200% zoom', () => {
  it('keeps every control of the library, the reader and an open card within the window', async () => {
    const { page } = session;
    await session.importThroughUi(USSR_FIXTURE);
    await page.getByTestId('document-row').first().waitFor();
    expect(await offScreen(page.locator('body'))).toEqual([]);

    await session.openFirstDocument();
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.keyboard.press('h');
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    // In a narrow window the cards are in a drawer, opened by Notes (or M).
    const toggle = page.getByTestId('margin-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const card = page.getByTestId('annotation-card').first();
    await card.waitFor();
    if (SCREENSHOTS !== undefined) {
      // After the drawer has slid in.
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(SCREENSHOTS, 'zoom-card.png') });
    }
    expect(await offScreen(page.locator('.reader-header'))).toEqual([]);
    expect(await offScreen(card)).toEqual([]);
  });
});
