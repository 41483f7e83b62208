/**
 * Lists the differences the conformance suite finds now: `npx tsx tests/citations/accept.ts`.
 *
 * Runs the cases the test runs (every shipped style in en-US, every shipped locale in the locale
 * styles), keeps the kinds of each difference already listed (when they still explain it), gives a
 * new one the smallest set of kinds that explains it, and writes `accepted-differences.json` and
 * `ACCEPTED-DIFFERENCES.md`. A difference no kind explains is printed and the files are written with
 * it unexplained (no kinds), which the test refuses: fix its cause, or add a kind to `kinds.ts`.
 * Review the changes to the JSON file before committing them.
 */
import { writeFileSync } from 'node:fs';
import {
  ACCEPTED_MARKDOWN_PATH,
  ACCEPTED_PATH,
  acceptedMarkdown,
  isListedAs,
  kindContext,
  placeOf,
  prettierFormatted,
  readAccepted,
  sortDifferences,
  toAccepted,
  visible,
  type AcceptedDifference,
  type AcceptedFile,
} from './accepted';
import { casesOf, ConformanceSuite } from './conformance';
import { explain, explainedByIds } from './kinds';
import { pandocVersion } from './pandoc';

async function main(): Promise<void> {
  const version = pandocVersion();
  if (version === null) throw new Error('pandoc is not installed: install pandoc (2.17, as CI has) first.');
  let previous: AcceptedDifference[] = [];
  try {
    const file = readAccepted();
    if (file.pandoc === version) previous = file.differences;
    else
      process.stdout.write(
        `The listed differences were found with pandoc ${file.pandoc}; this is ${version}: all are classified again.\n`,
      );
  } catch {
    // No list yet: every difference is new.
  }
  const suite = await ConformanceSuite.open();
  const differences: AcceptedDifference[] = [];
  const unexplained: string[] = [];
  let added = 0;
  for (const { style, locale } of await casesOf(suite, 'ci')) {
    const result = await suite.run(style, locale);
    process.stdout.write(
      `${style} ${locale}: ${result.differences.length} differences (${result.seconds.toFixed(1)} s)\n`,
    );
    for (const difference of result.differences) {
      const context = kindContext(result, difference);
      // Kept as listed when it is the same difference and its kinds still explain it.
      const listed = previous.find((entry) => isListedAs(entry, difference));
      let kinds: string[] | null =
        listed !== undefined && listed.kinds.length > 0 && explainedByIds(listed.kinds, difference, context)
          ? listed.kinds
          : null;
      if (kinds === null) {
        kinds = explain(difference, context);
        added += 1;
      }
      if (kinds === null) {
        unexplained.push(
          `${placeOf(difference)}\n  scholia: ${visible(difference.scholia)}\n  pandoc:  ${visible(difference.pandoc)}`,
        );
      }
      differences.push(toAccepted(difference, kinds ?? []));
    }
  }
  const file: AcceptedFile = {
    pandoc: version,
    form: 'markdown',
    differences: sortDifferences(differences, suite.styles),
  };
  writeFileSync(ACCEPTED_PATH, await prettierFormatted(JSON.stringify(file), ACCEPTED_PATH));
  writeFileSync(
    ACCEPTED_MARKDOWN_PATH,
    await prettierFormatted(acceptedMarkdown(file), ACCEPTED_MARKDOWN_PATH),
  );
  process.stdout.write(
    `\n${differences.length} differences listed (${added} newly classified, ${previous.length} listed before).\n`,
  );
  if (unexplained.length > 0) {
    process.stdout.write(
      `\n${unexplained.length} differences no kind explains:\n${unexplained.join('\n')}\n`,
    );
    process.exitCode = 1;
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
