/**
 * Accessibility, checked by axe-core in a real browser over the real core: every view and dialog a
 * reader meets, in light and in dark, has no serious or critical finding.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The serious and critical findings of axe-core on the page as it is now. */
async function seriousFindings(page: Page): Promise<Finding[]> {
  // Evaluated through the browser's debugging protocol: the page's own policy runs no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context?: unknown,
            options?: unknown,
          ): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => String(n.target[0])),
      }));
  });
}

/** Checks the page in light and in dark, naming the view in a failure. */
async function expectAccessible(view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await session.page.emulateMedia({ colorScheme });
    // Colours change with a short transition: measured halfway, they are neither scheme's.
    await session.page.waitForTimeout(300);
    const findings = await seriousFindings(session.page);
    expect({ view, colorScheme, findings }).toEqual({ view, colorScheme, findings: [] });
  }
}

describe('accessibility', () => {
  it('has no serious finding in the library, the reader, its cards and the panels and dialogs', async () => {
    const { page } = session;
    await expectAccessible('the empty library');
    await session.importThroughUi(USSR_FIXTURE);
    await page.getByTestId('document-row').first().waitFor();
    await expectAccessible('the library with its import report');
    await session.openFirstDocument();
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.keyboard.press('h');
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await page.getByTestId('annotation-card').first().waitFor();
    await expectAccessible('the reader with a card open');

    // Each panel and dialog over the reader, opened by its key and closed with Escape.
    const layers: [string, string, string][] = [
      ['the codebook panel', 't', '[data-testid="codebook-panel"], .codebook-panel'],
      ['the details dialog', 'i', 'dialog[open]'],
      ['the find panel', 'Control+Shift+F', '[data-testid="find-panel"], .find-panel'],
      ['the command palette', 'Control+k', '[data-testid="palette"]'],
      ['the keys sheet', '?', 'dialog[open]'],
      ['the reading statistics', 'g', 'dialog[open], [data-testid="statistics"]'],
      ['the page marker dialog', 'p', 'dialog[open]'],
    ];
    for (const [name, key, shown] of layers) {
      await page.locator('[data-testid="reader-text"]').focus();
      await page.keyboard.press(key);
      await page.locator(shown).first().waitFor();
      await expectAccessible(name);
      await page.keyboard.press('Escape');
      await page.locator(shown).first().waitFor({ state: 'hidden' });
    }

    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByTestId('document-row').first().waitFor();
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('export-dialog').waitFor();
    await expectAccessible('the export dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('document-collections-button').first().click();
    await page.getByTestId('collection-picker').waitFor();
    await expectAccessible('the collections of a document');
    await page.keyboard.press('Escape');

    await page.getByTestId('delete-document-button').first().click();
    await page.locator('dialog[open]').waitFor();
    await expectAccessible('the confirmation of a deletion');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await page.getByTestId('document-row').count()).toBe(1);
  });
});
