/**
 * The codebook and the document note in a real browser over the real core on a temporary library:
 * tags with a sub-tag, a rename, a merge, the stated impact of a delete, a note with bold text, and
 * everything still there after a reload.
 */
import { describe, expect, it } from 'vitest';
import type { TagSummary } from '../../src/shared/model';
import { useE2eSession } from '../support/e2e-session';

const session = useE2eSession();
const { importFixture, openFirstDocument } = session;

/** Highlights the `n`th paragraph-long passage of the document with `tagIds`, through core. */
async function tagPassage(documentId: string, n: number, tagIds: string[]): Promise<void> {
  const selectors = await session.passageSelectors(documentId, n, { longerThan: 20, length: 20 });
  await session.app.library.service.createAnnotation({ documentId, selectors, tagIds });
}

async function codebookTags(): Promise<TagSummary[]> {
  return session.app.library.service.listTags({});
}

function row(name: string) {
  return session.page
    .getByTestId('codebook-row')
    .filter({ has: session.page.locator('.codebook-name', { hasText: new RegExp(`^${name}$`) }) });
}

async function addTopLevelTag(name: string): Promise<void> {
  await session.page.getByTestId('new-tag-input').fill(name);
  await session.page.getByTestId('new-tag-input').press('Enter');
  await row(name).waitFor();
}

async function rowNames(): Promise<string[]> {
  return session.page
    .getByTestId('codebook-row')
    .evaluateAll((rows) =>
      rows.map(
        (r) =>
          `${'  '.repeat(Number(r.getAttribute('aria-level')) - 1)}${r.querySelector('.codebook-name')?.textContent ?? ''}`,
      ),
    );
}

describe('codebook', () => {
  it('builds a tag tree, renames, merges, states a deletion’s impact, and keeps it all after a reload', async () => {
    const documentId = await importFixture();
    await session.page.reload();
    await session.page.getByTestId('import-button').waitFor();

    // T opens the codebook from the library.
    await session.page.keyboard.press('t');
    await session.page.getByTestId('codebook-panel').waitFor();
    await addTopLevelTag('Economy');
    await addTopLevelTag('Economics');
    await addTopLevelTag('Politics');

    // A sub-tag of Economy, from its details.
    await row('Economy').click();
    await session.page.getByTestId('add-subtag-input').fill('Planning');
    await session.page.getByTestId('add-subtag-input').press('Enter');
    await row('Planning').waitFor();
    expect(await rowNames()).toEqual(['Economics', 'Economy', '  Planning', 'Politics']);
    await expect
      .poll(async () => (await codebookTags()).find((t) => t.name === 'Planning')?.parentId)
      .toBe((await codebookTags()).find((t) => t.name === 'Economy')?.id);

    // Rename in place with the keyboard: Enter on the focused row.
    await row('Politics').click();
    await row('Politics').press('Enter');
    await session.page.getByTestId('codebook-rename').fill('Polity');
    await session.page.getByTestId('codebook-rename').press('Enter');
    await row('Polity').waitFor();
    expect((await codebookTags()).map((t) => t.name).sort()).toEqual([
      'Economics',
      'Economy',
      'Planning',
      'Polity',
    ]);

    // Passages carrying Economics and Economy, then merge Economics into Economy.
    const tags = await codebookTags();
    const id = (name: string): string => tags.find((t) => t.name === name)?.id ?? '';
    await tagPassage(documentId, 0, [id('Economics')]);
    await tagPassage(documentId, 1, [id('Economics'), id('Economy')]);
    await tagPassage(documentId, 2, [id('Economy')]);
    await expect.poll(async () => row('Economics').locator('.codebook-count').innerText()).toContain('2');

    await row('Economics').click();
    await session.page.getByTestId('merge-target').selectOption({ label: 'Economy' });
    await session.page.getByTestId('merge-button').click();
    await expect.poll(rowNames).toEqual(['Economy', '  Planning', 'Polity']);
    await expect.poll(async () => row('Economy').locator('.codebook-count').innerText()).toContain('3');

    // Delete on Economy states the impact first, and the choice for its sub-tag changes it.
    await row('Economy').click();
    await row('Economy').press('Delete');
    const impact = session.page.getByTestId('delete-tag-impact');
    await expect
      .poll(() => impact.innerText())
      .toBe(
        '3 passages lose this tag; its 1 sub-tag moves up to the top of the codebook. The passages themselves stay.',
      );
    await session.page.getByLabel('Delete with it').check();
    await expect
      .poll(() => impact.innerText())
      .toContain('3 passages lose this tag or one of the 1 tag below it');
    await session.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await rowNames()).toEqual(['Economy', '  Planning', 'Polity']);

    // Undo (Ctrl+Z inside the panel) takes the merge back.
    await row('Economy').press('Control+z');
    await expect.poll(rowNames).toEqual(['Economics', 'Economy', '  Planning', 'Polity']);
    await row('Economy').press('Control+Shift+z');
    await expect.poll(rowNames).toEqual(['Economy', '  Planning', 'Polity']);

    await session.page.reload();
    await session.page.getByTestId('import-button').waitFor();
    await session.page.getByTestId('codebook-button').click();
    await expect.poll(rowNames).toEqual(['Economy', '  Planning', 'Polity']);
    await expect.poll(async () => row('Economy').locator('.codebook-count').innerText()).toContain('3');
  });

  it('moves a tag with the keyboard picker and deletes it after saying what that does', async () => {
    await session.page.getByTestId('codebook-button').click();
    await addTopLevelTag('Society');
    await addTopLevelTag('Class');
    await row('Class').click();
    await session.page.getByLabel('Move to…').selectOption({ label: 'Society' });
    await session.page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(rowNames).toEqual(['Society', '  Class']);
    await row('Society').click();
    await session.page.getByTestId('delete-tag-button').click();
    await expect
      .poll(() => session.page.getByTestId('delete-tag-impact').innerText())
      .toBe(
        'No passage carries this tag; its 1 sub-tag moves up to the top of the codebook. The passages themselves stay.',
      );
    await session.page.getByTestId('confirm-delete-tag').click();
    await expect.poll(rowNames).toEqual(['Class']);
    expect((await codebookTags()).map((t) => [t.name, t.parentId])).toEqual([['Class', null]]);
  });
});

describe('document note', () => {
  it('keeps a note with bold text across a reload', async () => {
    const documentId = await importFixture();
    await session.page.reload();
    await openFirstDocument();

    await session.page.getByTestId('document-note').locator('summary').click();
    const editor = session.page.getByTestId('document-note-editor');
    await editor.waitFor();
    await editor.focus();
    await session.page.keyboard.type('A sharp account. ');
    await session.page.keyboard.press('Control+b');
    await session.page.keyboard.type('Read it twice');
    await session.page.keyboard.press('Control+b');
    await session.page.keyboard.type('.');
    // Leaving the field saves it.
    await session.page.getByTestId('reader-text').click();
    await expect
      .poll(async () => (await session.app.library.service.getDocument({ documentId })).meta.note)
      .toBe('A sharp account. **Read it twice**.');

    await session.page.reload();
    await openFirstDocument();
    const note = session.page.getByTestId('document-note');
    await expect.poll(() => note.locator('summary').innerText()).toContain('A sharp account. Read it twice.');
    await note.locator('summary').click();
    await expect
      .poll(() => session.page.getByTestId('document-note-editor').locator('strong').innerText())
      .toBe('Read it twice');
  });
});

describe('appearance', () => {
  it('keeps the reader’s text size and column width, and the colour meanings, across a reload', async () => {
    await importFixture();
    await session.page.reload();
    await session.page.getByTestId('document-row').first().getByTestId('open-document').click();
    const text = session.page.getByTestId('reader-text');
    await text.waitFor();
    const fontSize = (): Promise<number> =>
      text.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    const columnWidth = (): Promise<number> =>
      text.evaluate((element) => element.closest('.reader-column')?.getBoundingClientRect().width ?? 0);
    const sizeBefore = await fontSize();
    const widthBefore = await columnWidth();

    await session.page.getByTestId('appearance-button').click();
    await session.page.getByRole('button', { name: 'Larger text' }).click();
    await session.page.getByRole('button', { name: 'Larger text' }).click();
    await session.page.getByRole('radio', { name: 'Narrow' }).click();
    await expect.poll(fontSize).toBe(sizeBefore + 2);
    await expect.poll(columnWidth).toBeLessThan(widthBefore);
    const widthNarrow = await columnWidth();

    await session.page.getByTestId('more-menu-button').click();
    await session.page.getByTestId('menu-item-open-codebook').click();
    await session.page.getByTestId('colour-meanings').locator('summary').click();
    await session.page.getByTestId('colour-meaning-orange').fill('Thesis');
    await session.page.getByTestId('colour-meaning-orange').press('Enter');
    await expect
      .poll(async () => (await session.app.library.service.getSettings({})).colorLabels.orange)
      .toBe('Thesis');

    await session.page.reload();
    await session.page.getByTestId('document-row').first().getByTestId('open-document').click();
    await text.waitFor();
    await expect.poll(fontSize).toBe(sizeBefore + 2);
    await expect.poll(columnWidth).toBe(widthNarrow);
    await session.page.getByTestId('more-menu-button').click();
    await session.page.getByTestId('menu-item-open-codebook').click();
    await session.page.getByTestId('colour-meanings').locator('summary').click();
    await expect.poll(() => session.page.getByTestId('colour-meaning-orange').inputValue()).toBe('Thesis');
  });
});
