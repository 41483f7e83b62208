/**
 * A summary of the conformance suite: `npx tsx tests/citations/report.ts [--full] [--text]`.
 *
 * Prints, per style and locale, how many bibliography entries and citations (on their own and with a
 * locator) Scholia formats as pandoc does (equal / total), how many are equal once formatting is
 * ignored, how many of those pandoc sets in italics keep the same italics in Scholia, and how many
 * differences the accepted list does not have. `--full` runs every
 * style in every locale (about 20 minutes) instead of the cases the test runs; `--text` compares
 * Scholia's plain text instead of its CommonMark (what it wrote before it kept formatting).
 */
import { checkCase, readAccepted, type AcceptedDifference } from './accepted';
import { casesOf, ConformanceSuite, type CaseResult, type Tally } from './conformance';
import { pandocVersion } from './pandoc';

function ratio(tally: Tally): string {
  return `${tally.equal}/${tally.total}`;
}

function sum(results: readonly CaseResult[], pick: (result: CaseResult) => Tally): Tally {
  return results.reduce(
    (total, result) => ({ equal: total.equal + pick(result).equal, total: total.total + pick(result).total }),
    { equal: 0, total: 0 },
  );
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((value, column) => value.padEnd(widths[column]!)).join(' | ');
      return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}` : line;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const version = pandocVersion();
  if (version === null) throw new Error('pandoc is not installed: install pandoc (2.17, as CI has) first.');
  const full = process.argv.includes('--full');
  const form = process.argv.includes('--text') ? 'text' : 'markdown';
  let accepted: AcceptedDifference[] = [];
  try {
    accepted = readAccepted().differences;
  } catch {
    // No list: every difference counts as not accepted.
  }
  const suite = await ConformanceSuite.open();
  const results: CaseResult[] = [];
  const rows = [
    [
      'style',
      'locale',
      'entries equal',
      'citations equal',
      'with locator',
      'text equal',
      'italics kept',
      'not accepted',
      's',
    ],
  ];
  for (const { style, locale } of await casesOf(suite, full ? 'full' : 'ci')) {
    const result = await suite.run(style, locale, form);
    results.push(result);
    const problems = form === 'markdown' ? checkCase(result, accepted) : null;
    rows.push([
      style,
      locale,
      ratio(result.entries),
      ratio(result.citations),
      ratio(result.located),
      ratio(result.text),
      ratio(result.italics),
      problems === null ? '-' : String(problems.unlisted.length),
      result.seconds.toFixed(1),
    ]);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  rows.push([
    'all',
    `${results.length} cases`,
    ratio(sum(results, (result) => result.entries)),
    ratio(sum(results, (result) => result.citations)),
    ratio(sum(results, (result) => result.located)),
    ratio(sum(results, (result) => result.text)),
    ratio(sum(results, (result) => result.italics)),
    '',
    results.reduce((total, result) => total + result.seconds, 0).toFixed(0),
  ]);
  process.stdout.write(
    `Scholia (${form === 'markdown' ? 'CommonMark' : 'plain text'}) against pandoc ${version}, ${full ? 'every style in every locale' : 'the cases the test runs'}.\n` +
      'Text equal: entries and citations (both kinds) equal once formatting is ignored. Italics kept: entries and\n' +
      'citations that pandoc sets (partly) in italics whose italic words Scholia sets in italics too.\n\n' +
      `${table(rows)}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
