/**
 * Cancelling an import from the browser: forty long generated texts are chosen with the Import button;
 * once the first is in, Cancel is pressed. The report then says, file by file, which were imported and
 * which cancelled (none left waiting or failed), its heading counts them, and the library lists exactly
 * the imported ones, in the page and in core.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useE2eSession } from '../support/e2e-session';
import { seededRandom } from '../support/seeded-random';

const session = useE2eSession();
const FILES = 40;
/** Long enough that importing all of them takes far longer than a click on Cancel. */
const PARAGRAPHS_PER_FILE = 1500;
const WORDS = [
  'bureaucracy',
  'workers',
  'plan',
  'market',
  'reform',
  'strike',
  'soviet',
  'party',
  'council',
  'wage',
];

let folder: string;
let paths: string[];

/** The title line of file `n` (1-based), which the importer takes as its title. */
const titleOf = (n: number): string => `Reading ${String(n).padStart(2, '0')}`;

function generatedText(n: number): string {
  const random = seededRandom(n);
  const word = (): string => WORDS[Math.floor(random() * WORDS.length)] ?? 'plan';
  const paragraphs = Array.from({ length: PARAGRAPHS_PER_FILE }, () =>
    Array.from({ length: 20 }, word).join(' ').concat('.'),
  );
  return `${titleOf(n)}\n\n${paragraphs.join('\n\n')}\n`;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-import-cancel-'));
  paths = [];
  for (let n = 1; n <= FILES; n++) {
    const path = join(folder, `reading-${String(n).padStart(2, '0')}.txt`);
    await writeFile(path, generatedText(n));
    paths.push(path);
  }
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('cancels a running import: the report says what was imported and what cancelled, the library agrees', async () => {
  const { page } = session;
  await session.importThroughUi(...paths);
  const outcomes = page.getByTestId('import-outcome');
  await page.locator('[data-testid="import-outcome"][data-status="imported"]').first().waitFor();
  await page.getByTestId('import-cancel').click();
  // The batch is over when the report offers Dismiss instead of Cancel.
  await page.getByRole('button', { name: 'Dismiss' }).waitFor();

  expect(await outcomes.count()).toBe(FILES);
  const rows = await outcomes.evaluateAll((items) =>
    items.map((item) => ({
      status: item.getAttribute('data-status') ?? '',
      name: item.querySelector('.import-file-name')?.textContent ?? '',
      state: item.querySelector('.import-file-state')?.textContent ?? '',
    })),
  );
  const imported = rows.filter((row) => row.status === 'imported');
  const cancelled = rows.filter((row) => row.status === 'cancelled');
  expect(imported.length).toBeGreaterThan(0);
  expect(cancelled.length).toBeGreaterThan(0);
  expect(imported.length + cancelled.length).toBe(FILES);
  for (const row of cancelled) expect(row.state).toBe('Cancelled');
  for (const row of imported) {
    const n = Number(/reading-(\d+)\.txt/.exec(row.name)?.[1]);
    expect(row.state).toBe(`Imported as “${titleOf(n)}”`);
  }
  await expect
    .poll(() => page.locator('#import-status-title').textContent())
    .toBe(`Imported ${String(imported.length)} of ${String(FILES)}; ${String(cancelled.length)} cancelled.`);

  const expectedTitles = imported
    .map((row) => titleOf(Number(/reading-(\d+)\.txt/.exec(row.name)?.[1])))
    .sort();
  const saved = await session.app.library.service.listDocuments({});
  expect(saved.map((document) => document.csl.title).sort()).toEqual(expectedTitles);
  await expect.poll(() => page.getByTestId('document-row').count()).toBe(imported.length);
  const listed = await page.getByTestId('document-row').locator('.document-title').allTextContents();
  expect(listed.sort()).toEqual(expectedTitles);
});
