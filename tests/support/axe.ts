/**
 * axe-core in the end-to-end tests: the serious and critical findings on a page as it is now, and a
 * check of a view in light and in dark that names the view in a failure.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One kind of problem axe-core found, with where (at most five places). */
export interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The serious and critical findings of axe-core on the page as it is now. */
export async function seriousFindings(page: Page): Promise<Finding[]> {
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

/** Checks `page` in light and in dark, naming the view in a failure. */
export async function expectAccessibleIn(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Colours change with a short transition: measured halfway, they are neither scheme's.
    await page.waitForTimeout(300);
    const findings = await seriousFindings(page);
    expect({ view, colorScheme, findings }).toEqual({ view, colorScheme, findings: [] });
  }
}
