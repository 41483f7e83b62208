/**
 * Scholia's citations against pandoc's citeproc (`conformance.ts`): every shipped style in en-US and
 * every shipped locale in the locale styles, each difference found listed in
 * `accepted-differences.json` with kinds that explain it, and nothing listed that is not found.
 *
 * Every style in every locale (some 230 cases, 20 minutes of citeproc on two cores) is more than CI
 * affords; en-US shows each style's layout, and the locale styles (author-date, note, numeric) show
 * each locale's terms, dates and punctuation. `npx tsx tests/citations/report.ts --full` runs them all.
 *
 * Skipped without pandoc, and with a pandoc other than the one the list was made with (another
 * citeproc-hs finds other differences: run `accept.ts` with it first).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_MARKDOWN_PATH,
  acceptedMarkdown,
  checkCase,
  describeProblems,
  placeOf,
  prettierFormatted,
  readAccepted,
} from './accepted';
import { casesOf, ConformanceSuite } from './conformance';
import { KINDS } from './kinds';
import { pandocVersion } from './pandoc';

const accepted = readAccepted();
const version = pandocVersion();
const skipped =
  version === null
    ? 'pandoc is not installed: install pandoc to compare citations with its citeproc'
    : version === accepted.pandoc
      ? null
      : `the accepted differences were found with pandoc ${accepted.pandoc}, this is pandoc ${version}: run \`npx tsx tests/citations/accept.ts\` to list what it finds`;

// Said once, where a run's output shows it, as a skipped test's name is shown only in verbose output.
if (skipped !== null) console.warn(`Citation conformance suite skipped: ${skipped}.`);

const suite = await ConformanceSuite.open();
const cases = await casesOf(suite, 'ci');

describe('citations formatted by Scholia and by pandoc', () => {
  if (skipped !== null) {
    it.skip(`are compared only with pandoc ${accepted.pandoc} (skipped: ${skipped})`, () => undefined);
    return;
  }

  for (const { style, locale } of cases) {
    it(
      `differ in ${style} (${locale}) only as accepted-differences.json lists`,
      { timeout: 180_000 },
      async () => {
        const result = await suite.run(style, locale);
        expect(describeProblems(checkCase(result, accepted.differences)).join('\n')).toBe('');
      },
    );
  }

  it('are listed with kinds each of which explains some of them', () => {
    const used = new Set(accepted.differences.flatMap((entry) => entry.kinds));
    expect(KINDS.map((kind) => kind.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it('are listed only for the styles and locales compared', () => {
    const compared = new Set(cases.map((one) => `${one.style} ${one.locale}`));
    const elsewhere = accepted.differences.filter((entry) => !compared.has(`${entry.style} ${entry.locale}`));
    expect(elsewhere.map(placeOf)).toEqual([]);
  });
});

describe('ACCEPTED-DIFFERENCES.md', () => {
  it('is what accepted-differences.json and the kinds make', async () => {
    const made = await prettierFormatted(acceptedMarkdown(accepted), ACCEPTED_MARKDOWN_PATH);
    expect(readFileSync(ACCEPTED_MARKDOWN_PATH, 'utf8')).toBe(made);
  });
});
