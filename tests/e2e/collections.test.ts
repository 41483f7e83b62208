/**
 * Collections and selection in the library, in a real browser over the real core on a temporary
 * library of three documents: a collection made from the library's list, two documents put in it
 * through their rows' Collections… panels, the table filtered by it, one of its documents selected
 * with its checkbox, and the export dialog opened from the selection bar on exactly that document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_FIXTURE, USSR_FIXTURE, useE2eSession } from '../support/e2e-session';
import { seededRandom } from '../support/seeded-random';

const session = useE2eSession({ open: false });
let folder = '';
let thirdFile = '';

/** A plain text of `paragraphs` paragraphs of seeded nonsense words, with a title line. */
function seededText(seed: number, paragraphs: number): string {
  const random = seededRandom(seed);
  const words = ['harvest', 'ledger', 'quarry', 'lantern', 'meridian', 'cobble', 'orchard', 'tinder'];
  const paragraph = (): string =>
    Array.from({ length: 60 }, () => words[Math.floor(random() * words.length)]).join(' ') + '.';
  return ['Notes on a quarry town', '', ...Array.from({ length: paragraphs }, paragraph)].join('\n\n');
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-collections-'));
  thirdFile = join(folder, 'quarry-town-notes.txt');
  await writeFile(thirdFile, seededText(7, 6), 'utf8');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('collections and selection in the library', () => {
  it('makes a collection, fills it from the rows, filters by it and exports a selection of it', async () => {
    const [ussr, review, third] = await session.importFixtures([USSR_FIXTURE, REVIEW_FIXTURE, thirdFile]);
    const { page } = session;
    await page.goto(session.app.server.url);
    const rows = page.getByTestId('document-row');
    await rows.nth(2).waitFor();
    expect(await page.getByTestId('library-count').textContent()).toBe('3 documents');

    // Make the collection from the list beside the table.
    await page.getByTestId('new-collection-button').click();
    await page.getByTestId('collection-name-input').fill('Stalinism');
    await page.getByTestId('collection-name-input').press('Enter');
    const filter = page.getByTestId('collection-filter').filter({ hasText: 'Stalinism' });
    await filter.waitFor();
    const [made] = await session.app.library.service.listCollections({});
    expect(made?.name).toBe('Stalinism');
    expect(made?.documentIds).toEqual([]);
    // Making it chose it: the table is empty until documents are added.
    await page.getByTestId('empty-collection').waitFor();
    await page.getByTestId('collection-filter').filter({ hasText: 'All documents' }).click();
    await rows.nth(2).waitFor();

    // Put two of the three documents in it through their rows' Collections… panels.
    for (const id of [ussr, review]) {
      const row = page.locator(`[data-testid="document-row"][data-document-id="${id}"]`);
      await row.getByTestId('document-collections-button').click();
      const choice = row.getByTestId('collection-choice');
      await choice.check();
      await row.getByTestId('document-collections').filter({ hasText: 'Stalinism' }).waitFor();
      // Escape closes the panel and gives the keyboard back to the button.
      await choice.press('Escape');
      await row.getByTestId('collection-picker').waitFor({ state: 'detached' });
      expect(
        await row
          .getByTestId('document-collections-button')
          .evaluate((button) => button === document.activeElement),
      ).toBe(true);
    }
    const [filled] = await session.app.library.service.listCollections({});
    expect([...(filled?.documentIds ?? [])].sort()).toEqual([ussr, review].sort());
    // The list counts them; the third document's row names no collection.
    expect(await filter.textContent()).toContain('2');
    const thirdRow = page.locator(`[data-testid="document-row"][data-document-id="${third}"]`);
    expect(await thirdRow.getByTestId('document-collections').count()).toBe(0);

    // Filter the library by the collection: the two documents, not the third.
    await filter.click();
    expect(await filter.getAttribute('aria-current')).toBe('true');
    await page
      .locator(`[data-testid="document-row"][data-document-id="${third}"]`)
      .waitFor({ state: 'detached' });
    const shown = await rows.evaluateAll((elements) =>
      elements.map((e) => (e as HTMLElement).dataset['documentId']),
    );
    expect([...shown].sort()).toEqual([ussr, review].sort());

    // Select one document with its checkbox; the selection bar counts it.
    const chosenRow = page.locator(`[data-testid="document-row"][data-document-id="${review}"]`);
    await chosenRow.getByTestId('select-document').check();
    expect(await page.getByTestId('selection-count').textContent()).toBe('1 selected');
    expect(await chosenRow.getAttribute('aria-selected')).toBe('true');

    // Export… from the bar opens the dialog on the chosen documents: that one checked, no other.
    await page.getByTestId('export-selected-button').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('export-scope-documents').isChecked()).toBe(true);
    const list = dialog.getByRole('list', { name: 'Documents to export' });
    const checked = await list.locator('input[type="checkbox"]:checked').count();
    expect(checked).toBe(1);
    const reviewTitle = await chosenRow.getByTestId('open-document').textContent();
    expect(await list.locator('label', { has: page.locator('input:checked') }).textContent()).toBe(
      reviewTitle,
    );
  });

  it('selects a range with Shift, all with Ctrl+A, and deletes a collection keeping its documents', async () => {
    const ids = await session.importFixtures([USSR_FIXTURE, REVIEW_FIXTURE, thirdFile]);
    const made = await session.app.library.service.createCollection({
      name: 'Reading list',
      documentIds: ids,
    });
    const { page } = session;
    await page.goto(session.app.server.url);
    const rows = page.getByTestId('document-row');
    await rows.nth(2).waitFor();

    await rows.nth(0).getByTestId('select-document').check();
    await rows
      .nth(2)
      .getByTestId('select-document')
      .click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('selection-count').textContent()).toBe('3 selected');
    await page.getByTestId('clear-selection-button').click();
    expect(await page.getByTestId('selection-bar').count()).toBe(0);

    await rows.nth(1).getByTestId('select-document').focus();
    await page.keyboard.press('Control+a');
    expect(await page.getByTestId('selection-count').textContent()).toBe('3 selected');
    expect(await page.getByTestId('select-all-documents').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('selection-bar').count()).toBe(0);

    await page.getByTestId('collection-filter').filter({ hasText: 'Reading list' }).click();
    await page.getByTestId('delete-collection-button').click();
    const ask = page.getByTestId('delete-collection-dialog');
    expect(await ask.textContent()).toContain('Its 3 documents stay in the library.');
    await page.getByTestId('confirm-delete-collection-button').click();
    await ask.waitFor({ state: 'detached' });
    expect(await session.app.library.service.listCollections({})).toEqual([]);
    expect((await session.app.library.service.listDocuments({})).length).toBe(3);
    await page
      .getByTestId('collection-filter')
      .filter({ hasText: 'Reading list' })
      .waitFor({ state: 'detached' });
    expect(made.documentIds.length).toBe(3);

    // Undo brings the collection back with its documents.
    await page.getByTestId('collection-filter').first().focus();
    await page.keyboard.press('Control+z');
    await page.getByTestId('collection-filter').filter({ hasText: 'Reading list' }).waitFor();
    const [back] = await session.app.library.service.listCollections({});
    expect([...(back?.documentIds ?? [])].sort()).toEqual([...ids].sort());
  });

  it('gathers the secondary actions into a keyboard menu in a narrow window', async () => {
    await session.importFixtures([USSR_FIXTURE]);
    const { page } = session;
    await page.setViewportSize({ width: 800, height: 700 });
    await page.goto(session.app.server.url);
    await page.getByTestId('document-row').first().waitFor();
    expect(await page.getByTestId('export-button').isVisible()).toBe(false);
    expect(await page.getByTestId('import-button').isVisible()).toBe(true);
    // The count stays on one line with the name.
    const header = await page.getByTestId('library-count').boundingBox();
    const name = await page.getByRole('heading', { name: 'Scholia' }).boundingBox();
    expect(
      Math.abs((header?.y ?? 0) + (header?.height ?? 0) / 2 - ((name?.y ?? 0) + (name?.height ?? 0) / 2)),
    ).toBeLessThan(4);

    const more = page.getByTestId('library-more-button');
    await more.focus();
    await page.keyboard.press('ArrowDown');
    const menu = page.getByRole('menu', { name: 'More library actions' });
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allTextContents();
    expect(items.map((text) => text.replace(/Ctrl.*|[A-Z]$/, '').trim())).toEqual([
      'Find in the library',
      'Reading statistics',
      'Codebook',
      'Export…',
      'Import folder…',
      'Your name…',
    ]);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Export…');
    await page.keyboard.press('Enter');
    await page.getByTestId('export-dialog').waitFor();
  });
});
