/**
 * The hostile corpus in a real browser over the real core (bounded sizes): every input imports or is
 * refused with a clear message, and none of it runs a script or reaches anything outside 127.0.0.1
 * when its documents are shown in the library, the reader, the details, the margin, the codebook, the
 * find panel, the export dialog and the import report.
 */
import { describe, expect, it } from 'vitest';
import { formatTally } from '../faults/tally';
import { runHostileRender } from '../faults/hostile-render';

describe('hostile inputs, imported and shown', () => {
  it(
    'imports or refuses every input, and runs and fetches nothing of any',
    { timeout: 600_000 },
    async () => {
      const tally = await runHostileRender({ full: false });
      const categories = Object.entries(tally.byCategory).map(
        ([category, { tried, survived }]) => `${category} ${survived}/${tried}`,
      );
      const summary = [
        formatTally(tally),
        `outside requests ${tally.outsideRequests.length}, policy violations ${tally.cspViolations.length}, ` +
          `Chromium's own service calls (unresolved) ${tally.browserServices.length}`,
        `seconds: import and exports ${tally.seconds.import.toFixed(1)}, browser ${tally.seconds.browser.toFixed(1)}, ` +
          `total ${tally.seconds.total.toFixed(1)}`,
        `by category: ${categories.join(', ')}`,
        ...tally.failures,
        ...tally.outsideRequests.map((request) => `outside: ${request}`),
      ].join('\n');
      console.log(summary);
      expect(tally.tried, summary).toBeGreaterThanOrEqual(300);
      expect(tally.crashed, summary).toBe(0);
      expect(tally.scriptsRun, summary).toBe(0);
      expect(tally.outsideRequests, summary).toEqual([]);
      expect(tally.lost, summary).toBe(0);
      // Every export of every input is inert too: no remote image, no script link, no active element.
      expect(tally.failures, summary).toEqual([]);
    },
  );
});
