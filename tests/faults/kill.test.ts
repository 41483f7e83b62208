import { describe, expect, it } from 'vitest';
import { formatTally } from './tally';
import { KIND_NAMES, runKillPoints } from './kill-points';

/** Two kills of every kind, and a few more. */
const KILLS = KIND_NAMES.length * 2 + 4;

describe('kill -9 at every kind of write', () => {
  it(`loses nothing acknowledged and leaves nothing half, over ${String(KILLS)} kills`, { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    const tally = await runKillPoints({ kills: KILLS, seed: 1991, log: (line) => lines.push(line) });
    console.log([formatTally(tally), ...lines].join('\n'));
    expect(tally.tried).toBe(KILLS);
    const cases = new Map<string, number>();
    for (const line of lines) {
      const kind = /^#\d+ ([a-z-]+),/.exec(line)?.[1];
      if (kind !== undefined) cases.set(kind, (cases.get(kind) ?? 0) + 1);
    }
    expect(KIND_NAMES.filter((kind) => (cases.get(kind) ?? 0) < 2)).toEqual([]);
    expect({ lost: tally.lost, crashed: tally.crashed, failures: tally.failures }).toEqual({
      lost: 0,
      crashed: 0,
      failures: [],
    });
  });
});
