/**
 * The metadata editor in a real browser over the real core: a plain text's proposed details are
 * marked until confirmed; the preview shows them formatted in APA (or in the style of the last export)
 * and follows every change; the reader changes authors and date (with a problem caught on the way),
 * saves with Enter, reloads and sees the change in the library; Escape changes nothing; Undo takes the
 * edit back; the reader's header opens the same editor with key I.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../src/shared/model';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

const TITLE = 'USSR 1989 - the collapse of Stalinism';
/** Where the export dialog remembers its settings (`EXPORT_SETTINGS_KEY` in the renderer's export-settings.ts). */
const EXPORT_SETTINGS_KEY = 'scholia.export-settings.v1';

const session = useE2eSession();

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await session.page.getByTestId('document-row').waitFor();
});

async function storedMeta(): Promise<DocumentMeta> {
  const documents = await session.page.evaluate(() =>
    (window as unknown as ScholiaWindow).scholia.listDocuments({}),
  );
  const [only] = documents;
  if (only === undefined) throw new Error('the library is empty');
  return only;
}

describe('metadata editor', () => {
  it('confirms proposed details, changes authors and date, and keeps them after a reload', async () => {
    const row = session.page.getByTestId('document-row');
    await row.getByTestId('details-unconfirmed').waitFor();
    await row.getByTestId('edit-details-button').click();
    const dialog = session.page.getByTestId('metadata-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('metadata-proposed-note').waitFor();
    // The proposal from the text's first lines is there to check.
    expect(await dialog.getByLabel('Title').inputValue()).toBe(TITLE);
    expect(await dialog.getByLabel('Family name').inputValue()).toBe('Doyle');
    expect(await dialog.getByLabel('Published in', { exact: false }).inputValue()).toBe('The Socialist');
    const issued = dialog.getByTestId('issued-date');
    expect(await issued.getByLabel('Year').inputValue()).toBe('2009');
    // The preview is the reference in APA (no export has chosen another style yet), citation included.
    const preview = dialog.getByTestId('metadata-preview');
    await preview
      .getByText('Doyle, C. (2009, November 18). USSR 1989 - the collapse of Stalinism. The Socialist.')
      .waitFor();
    await dialog.getByTestId('metadata-preview-citation').getByText('In the text: (Doyle, 2009)').waitFor();
    expect(await dialog.getByTestId('metadata-preview-style').inputValue()).toBe('apa');
    // Focus is in the dialog, on its first field.
    expect(await session.page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);

    // A month that does not exist is named, and nothing is saved.
    await issued.getByLabel('Month').fill('13');
    await issued.getByLabel('Month').press('Tab');
    await dialog.getByText('The date published: the month must be a number from 1 to 12.').waitFor();
    await dialog.getByTestId('save-metadata').click();
    await dialog.getByTestId('metadata-problems').waitFor();
    expect(await session.page.evaluate(() => document.activeElement?.id.endsWith('-issued-year'))).toBe(true);
    expect((await storedMeta()).csl.issued).toEqual({ 'date-parts': [[2009, 11, 18]] });

    await issued.getByLabel('Year').fill('2010');
    await issued.getByLabel('Month').fill('3');
    await issued.getByLabel('Day').fill('1');
    // Authors: a second one, written as one name, moved to the front; the first one's given name changed.
    await dialog.getByTestId('add-author').click();
    const authors = dialog.getByTestId('metadata-author');
    await authors.nth(1).getByRole('combobox', { name: 'Author 2', exact: true }).selectOption('literal');
    await authors.nth(1).getByLabel('Name as written').fill('Committee for a Workers’ International');
    await authors.nth(1).getByRole('button', { name: 'Move author 2 up' }).click();
    await authors.nth(1).getByLabel('Given names').fill('Clare M.');
    await preview
      .getByText('Committee for a Workers’ International, & Doyle, C. M. (2010, March 1). USSR 1989', {
        exact: false,
      })
      .waitFor();
    await dialog
      .getByTestId('metadata-preview-citation')
      .getByText('In the text: (Committee for a Workers’ International & Doyle, 2010)')
      .waitFor();
    // Another style formats the same details its own way.
    await dialog.getByTestId('metadata-preview-style').selectOption('mla');
    await preview
      .getByText('Committee for a Workers’ International, and Clare M. Doyle. “USSR 1989', { exact: false })
      .waitFor();
    expect(await dialog.getByTestId('metadata-preview-problem').count()).toBe(0);

    // Enter in a field saves what was typed.
    await dialog.getByLabel('DOI').fill('https://doi.org/10.1000/ussr.1989');
    await dialog.getByLabel('DOI').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await session.page.reload();
    await session.page.getByTestId('document-row').waitFor();
    const byline = session.page.getByTestId('document-row').locator('.document-byline');
    await byline.getByText('Committee for a Workers’ International, Clare M. Doyle').waitFor();
    expect(await session.page.getByTestId('details-unconfirmed').count()).toBe(0);
    const saved = await storedMeta();
    expect(saved.metadataProposed).toBeUndefined();
    expect(saved.csl).toMatchObject({
      title: TITLE,
      author: [{ literal: 'Committee for a Workers’ International' }, { family: 'Doyle', given: 'Clare M.' }],
      issued: { 'date-parts': [[2010, 3, 1]] },
      'container-title': 'The Socialist',
      DOI: '10.1000/ussr.1989',
    });
  });

  it('previews in the style the last export used', async () => {
    await session.page.evaluate(
      (key) => localStorage.setItem(key, JSON.stringify({ style: 'mla' })),
      EXPORT_SETTINGS_KEY,
    );
    await session.page.getByTestId('document-row').getByTestId('edit-details-button').click();
    const dialog = session.page.getByTestId('metadata-dialog');
    await dialog
      .getByTestId('metadata-preview')
      .getByText('Doyle, Clare. “USSR 1989 - the Collapse of Stalinism.” The Socialist, 18 Nov. 2009.')
      .waitFor();
    expect(await dialog.getByTestId('metadata-preview-style').inputValue()).toBe('mla');
    // Changing the author changes the reference.
    await dialog.getByLabel('Family name').fill('Taaffe');
    await dialog.getByLabel('Given names').fill('Peter');
    await dialog
      .getByTestId('metadata-preview')
      .getByText('Taaffe, Peter. “USSR 1989', { exact: false })
      .waitFor();
    await dialog.getByTestId('metadata-preview-citation').getByText('In the text: (Taaffe)').waitFor();
  });

  it('changes nothing on Escape, and Undo puts back the details as they were, proposed again', async () => {
    const before = await storedMeta();
    const row = session.page.getByTestId('document-row');
    await row.getByTestId('edit-details-button').click();
    const dialog = session.page.getByTestId('metadata-dialog');
    await dialog.getByLabel('Title').fill('A title never saved');
    await dialog.getByLabel('Title').press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await storedMeta()).csl).toEqual(before.csl);

    await row.getByTestId('edit-details-button').click();
    await dialog.getByTestId('remove-author').click();
    await dialog.getByTestId('save-metadata').click();
    await dialog.waitFor({ state: 'detached' });
    await session.page
      .getByTestId('document-row')
      .locator('.document-byline')
      .getByText(before.source.fileName)
      .waitFor();
    expect((await storedMeta()).csl.author).toBeUndefined();

    await session.page.locator('body').press('Control+z');
    await session.page.getByTestId('details-unconfirmed').waitFor();
    const undone = await storedMeta();
    expect(undone.csl).toEqual(before.csl);
    expect(undone.metadataProposed).toBe(true);
  });

  it('opens from the reader with key I and shows the saved title in the header', async () => {
    await session.page.getByTestId('open-document').click();
    await session.page.getByTestId('reader-text').waitFor();
    await session.page.getByTestId('reader-text').press('i');
    const dialog = session.page.getByTestId('metadata-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Title').fill('USSR 1989');
    await dialog.getByTestId('save-metadata').click();
    await dialog.waitFor({ state: 'detached' });
    await session.page.getByTestId('reader-title').getByText('USSR 1989', { exact: true }).waitFor();
    await session.page.getByTestId('more-menu-button').click();
    await session.page.getByTestId('menu-item-edit-details').click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('USSR 1989');
  });
});
