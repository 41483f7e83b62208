/**
 * A reference file imported over documents whose details the reader confirmed, in a real browser over
 * the real core: the import report shows what each entry would change (field, current value, proposed
 * value), nothing is written until the reader applies the changes ticked, applying is one step that
 * Ctrl+Z takes back and Ctrl+Shift+Z does again; and an entry that cannot be read is named by its line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CslDraft, CslItem } from '../../src/shared/model';
import { REVIEW_FIXTURE, useE2eSession } from '../support/e2e-session';

/** Where to save a screenshot of the report, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

const TITLE = 'The Collapse of Stalinism - Its Causes and Consequences';

/** The review's details as the reader confirmed them. */
const CONFIRMED: CslDraft = {
  type: 'book',
  title: TITLE,
  author: [{ family: 'Taaffe', given: 'Peter' }],
  issued: { 'date-parts': [[2026, 2, 15]] },
  publisher: 'Socialist Party',
  'citation-key': 'taaffe2026',
};

/** The same work in BibTeX, by its title, with another year and publisher. */
const BIB = `@book{taaffe2026,
  title = {${TITLE}},
  author = {Taaffe, Peter},
  year = {2025},
  publisher = {Mentmore Press}
}
`;

const session = useE2eSession();
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-e2e-references-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Imports the review through core and confirms its details; resolves to its id. */
async function confirmedReview(): Promise<string> {
  const id = await session.importFixture(REVIEW_FIXTURE);
  await session.app.library.service.updateDocumentMetadata({ documentId: id, csl: { ...CONFIRMED } });
  return id;
}

async function cslOf(id: string): Promise<CslItem> {
  return (await session.app.library.service.getDocument({ documentId: id })).meta.csl;
}

async function writeBib(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

describe('a reference file matching a document with confirmed details', () => {
  it('proposes its changes, applies the ticked ones as one step, and undoes and redoes it', async () => {
    const { page } = session;
    const id = await confirmedReview();
    await page.getByTestId('document-row').waitFor();
    const before = await cslOf(id);

    await session.importThroughUi(await writeBib('taaffe.bib', BIB));
    const proposal = page.getByTestId('reference-proposal');
    await proposal.waitFor();
    expect(await proposal.getByRole('heading').textContent()).toBe(`“${TITLE}”`);
    // Nothing the reader confirmed was written.
    expect(await cslOf(id)).toEqual(before);

    const changes = proposal.getByTestId('proposal-change');
    expect(await changes.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field')))).toEqual([
      'issued',
      'publisher',
    ]);
    const table = proposal.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Apply',
      'Field',
      'Current',
      'Proposed',
    ]);
    const cells = async (field: string): Promise<string[]> =>
      proposal.locator(`[data-field="${field}"]`).locator('th, td').allTextContents();
    expect(await cells('issued')).toEqual(['', 'Date published', '2026-02-15', '2025']);
    expect(await cells('publisher')).toEqual(['', 'Publisher', 'Socialist Party', 'Mentmore Press']);
    const applyAll = page.getByTestId('apply-proposals');
    expect(await applyAll.textContent()).toBe('Apply 2 changes');
    if (SCREENSHOTS !== undefined)
      await page
        .getByTestId('import-status')
        .screenshot({ path: join(SCREENSHOTS, 'reference-proposal.png') });

    // The keyboard reaches every change from the file's button; each checkbox is named by its field.
    // Unticking the publisher leaves it as the reader had it.
    await applyAll.focus();
    await page.keyboard.press('Tab');
    const issued = proposal.getByRole('checkbox', { name: 'Date published' });
    expect(await issued.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    const publisher = proposal.getByRole('checkbox', { name: 'Publisher' });
    expect(await publisher.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    expect(await publisher.isChecked()).toBe(false);
    expect(await applyAll.textContent()).toBe('Apply 1 change');
    await applyAll.focus();
    await page.keyboard.press('Enter');
    await proposal.getByTestId('proposal-applied').waitFor();
    await page.getByText('Updated the details of “' + TITLE + '”.').waitFor();
    expect(await cslOf(id)).toEqual({ ...before, issued: { 'date-parts': [[2025]] } });
    // Ticks of an applied proposal cannot change any more; the keyboard stays in the report.
    expect(await publisher.isDisabled()).toBe(true);
    const report = page.getByTestId('reference-report');
    await expect.poll(() => report.evaluate((region) => region === document.activeElement)).toBe(true);
    if (SCREENSHOTS !== undefined)
      await page
        .getByTestId('import-status')
        .screenshot({ path: join(SCREENSHOTS, 'reference-proposal-applied.png') });

    // One step of the app's undo stack takes it back, and does it again.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await cslOf(id)).issued).toEqual(before.issued);
    expect(await cslOf(id)).toEqual(before);
    // Undone, the proposal is open again.
    await proposal.and(page.locator('[data-status="open"]')).waitFor();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await cslOf(id)).issued).toEqual({ 'date-parts': [[2025]] });
    expect(await cslOf(id)).toEqual({ ...before, issued: { 'date-parts': [[2025]] } });
    await proposal.getByTestId('proposal-applied').waitFor();
  });

  it('names the line of an entry that cannot be read, and imports the others', async () => {
    const { page } = session;
    const broken = `@book{walsh2026,
  title = {The Collapse of Stalinism},
  author = {Walsh, Lynn},
  year = {2026}
}

@article{broken,
  title = {An entry never closed,
  year = {2026}

@book{taaffe2025,
  title = {Great Revolutionaries},
  author = {Taaffe, Peter},
  year = {2025}
}
`;
    await session.importThroughUi(await writeBib('mixed.bib', broken));
    const report = page.getByTestId('reference-report');
    await report.waitFor();
    const entries = report.getByTestId('reference-entry');
    const rows = await entries.evaluateAll((items) =>
      items.map((item) => [item.getAttribute('data-action'), item.textContent]),
    );
    expect(rows).toEqual([
      ['failed', 'brokenLine 7: unbalanced braces in field title.'],
      ['created', 'The Collapse of Stalinismline 1'],
      ['created', 'Great Revolutionariesline 11'],
    ]);
    expect(await page.getByTestId('import-outcome').textContent()).toContain(
      'References: 2 added without text, 1 unusable.',
    );
    if (SCREENSHOTS !== undefined)
      await page.getByTestId('import-status').screenshot({ path: join(SCREENSHOTS, 'reference-failed.png') });
  });

  it('shows a thousand proposals fifty at a time, and applies them all as one step', async () => {
    const { page } = session;
    const count = 1000;
    const entries = (year: number, publisher?: string): string =>
      Array.from(
        { length: count },
        (_, i) =>
          `@book{notes${i + 1},\n  title = {Notes on the collapse of Stalinism, part ${i + 1}},\n  year = {${year}}${publisher === undefined ? '' : `,\n  publisher = {${publisher}}`}\n}\n`,
      ).join('\n');
    // A thousand works the reader cites: added without text, their details the reader's own.
    const first = await session.app.library.service.importFiles({
      sources: [{ kind: 'bytes', name: 'notes.bib', bytes: new TextEncoder().encode(entries(2024)) }],
    });
    expect(first.outcomes[0]?.status).toBe('references');
    await page.getByTestId('document-row').first().waitFor();

    await session.importThroughUi(await writeBib('notes-again.bib', entries(2025, 'Mentmore Press')));
    const report = page.getByTestId('reference-report');
    await report.getByText('Changes to review (1,000)').waitFor();
    const cards = report.getByTestId('reference-proposal');
    expect(await cards.count()).toBe(50);
    const applyAll = page.getByTestId('apply-proposals');
    expect(await applyAll.textContent()).toBe('Apply 2,000 changes');

    // The list grows fifty at a time, and stays quick to change.
    await report.getByTestId('reference-show-more').click();
    await expect.poll(() => cards.count()).toBe(100);
    const started = Date.now();
    await cards.nth(99).getByRole('checkbox', { name: 'Publisher' }).click();
    await page.getByText('Apply 1,999 changes').waitFor();
    expect(Date.now() - started).toBeLessThan(1000);
    // The list scrolls within the report, not the report within the page.
    const box = await report.boundingBox();
    expect(box?.height ?? Infinity).toBeLessThanOrEqual(900 * 0.6 + 1);
    if (SCREENSHOTS !== undefined)
      await page.screenshot({ path: join(SCREENSHOTS, 'reference-proposals-many.png') });

    await applyAll.click();
    await page.getByText('Updated the details of 1,000 documents.').waitFor();
    await expect.poll(() => report.locator('[data-status="applied"]').count()).toBe(100);
    const documents = await session.app.library.service.listDocuments({});
    const last = documents.find((d) => d.csl.title === 'Notes on the collapse of Stalinism, part 100');
    const other = documents.find((d) => d.csl.title === 'Notes on the collapse of Stalinism, part 7');
    expect(last?.csl).toMatchObject({ issued: { 'date-parts': [[2025]] } });
    expect(last?.csl.publisher).toBeUndefined();
    expect(other?.csl).toMatchObject({ issued: { 'date-parts': [[2025]] }, publisher: 'Mentmore Press' });

    await page.keyboard.press('Control+z');
    await expect
      .poll(
        async () => (await session.app.library.service.getDocument({ documentId: other?.id ?? '' })).meta.csl,
      )
      .toMatchObject({ issued: { 'date-parts': [[2024]] } });
    const undone = await session.app.library.service.listDocuments({});
    expect(undone.filter((d) => d.csl.publisher !== undefined)).toEqual([]);
  });
});
