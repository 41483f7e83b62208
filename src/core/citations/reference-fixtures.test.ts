import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceFile } from './reference-file';
import { compareFixture, referenceFixtures, scoreOf, type ItemComparison } from './test-reference-fixtures';

interface AcceptedDifferences {
  reasons: Record<string, string>;
  differences: { fixture: string; item: number; field: string; reason: string }[];
}

const accepted = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../tests/fixtures/references/accepted-differences.json', import.meta.url)),
    'utf8',
  ),
) as AcceptedDifferences;

/** Every fixture's items compared with what Zotero (or Better BibTeX) reads from the same file. */
async function comparisons(): Promise<ItemComparison[]> {
  const all: ItemComparison[] = [];
  for (const fixture of referenceFixtures()) {
    const entries = await referenceFile(fixture.text.replace(/^\uFEFF/, ''), fixture.format).read({
      step: 250,
      onStep: () => undefined,
      pause: () => Promise.resolve(),
    });
    const items = entries.flatMap((entry) => (entry.csl === null ? [] : [entry.csl]));
    all.push(...compareFixture(fixture, items));
  }
  return all;
}

describe('the reference files of Zotero’s and Better BibTeX’s test suites', () => {
  it('read as Zotero reads them, field by field, but for the differences accepted with a reason', async () => {
    const all = await comparisons();
    const found = all.flatMap((comparison) =>
      comparison.differences.map((difference) => ({
        key: `${comparison.fixture} #${all.filter((other) => other.fixture === comparison.fixture).indexOf(comparison)} ${difference.field}`,
        ...difference,
      })),
    );
    const acceptedKeys = new Set(
      accepted.differences.map(({ fixture, item, field }) => `${fixture} #${item} ${field}`),
    );
    expect(found.filter((difference) => !acceptedKeys.has(difference.key))).toEqual([]);
    // The list stays the list of what differs: a difference put right is taken off it.
    expect([...acceptedKeys].filter((key) => !found.some((difference) => difference.key === key))).toEqual(
      [],
    );
    for (const { reason } of accepted.differences) expect(accepted.reasons[reason]).toBeDefined();
  });

  it('get at least nine RIS items in ten fully right, and seven BibTeX items in ten', async () => {
    const all = await comparisons();
    const ris = scoreOf(all.filter((comparison) => comparison.fixture.startsWith('zotero-ris/')));
    const bibtex = scoreOf(all.filter((comparison) => !comparison.fixture.startsWith('zotero-ris/')));
    expect(ris.items).toBe(98);
    expect(bibtex.items).toBe(89);
    expect(ris.itemsRight / ris.items).toBeGreaterThanOrEqual(0.9);
    expect(bibtex.itemsRight / bibtex.items).toBeGreaterThanOrEqual(0.7);
    expect(bibtex.fieldsRight / bibtex.fields).toBeGreaterThanOrEqual(0.9);
  });
});
