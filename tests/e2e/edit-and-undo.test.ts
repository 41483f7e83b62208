/**
 * Undo and redo, cleaning the text in edit mode, and re-attaching orphans, in a real browser over the
 * real core on a temporary library: highlight, undo, redo; delete the navigation clutter above a
 * highlight, save, reload and find the highlight on its exact words; undo the edit; delete a
 * highlighted paragraph, see the highlight listed as an orphan with its quote, and re-attach it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

const PASSAGE =
  "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";
/** The first paragraph after the navigation clutter at the top of the article. */
const FIRST_REAL_PARAGRAPH = 'From The Socialist newspaper, 18 November 2009';

const session = useE2eSession();
const { openFirstDocument, selectInReader, highlightedText } = session;

beforeEach(async () => {
  await session.importThroughUi(FIXTURE);
  await expect.poll(() => session.page.getByTestId('document-row').count()).toBe(1);
  await openFirstDocument();
});

async function readerStartsWith(): Promise<string> {
  return session.page.evaluate(
    () => document.querySelector('[data-testid="reader-text"]')?.textContent.slice(0, 60) ?? '',
  );
}

async function stored() {
  return session.page.evaluate(async () => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    const [doc] = await scholia.listDocuments({});
    const opened = await scholia.getDocument({ documentId: doc!.id });
    const annotations = await scholia.listAnnotations({ documentId: doc!.id });
    return { meta: opened.meta, annotations };
  });
}

async function notices(): Promise<string> {
  return (await session.page.getByTestId('notice').allTextContents()).join(' | ');
}

async function highlightPassage(passage: string): Promise<void> {
  await selectInReader(passage);
  await session.page.keyboard.press('h');
  await expect.poll(highlightedText).toBe(passage);
}

describe('undo and redo', () => {
  it('undoes a new highlight with Ctrl+Z and brings it back with Shift+Ctrl+Z', async () => {
    await highlightPassage(PASSAGE);
    const [created] = (await stored()).annotations;

    await session.page.keyboard.press('Control+z');
    await expect.poll(highlightedText).toBe('');
    await expect.poll(notices).toContain('Undid: Highlight');
    expect((await stored()).annotations).toEqual([]);

    await session.page.keyboard.press('Control+Shift+z');
    await expect.poll(highlightedText).toBe(PASSAGE);
    await expect.poll(notices).toContain('Redid: Highlight');
    expect((await stored()).annotations).toEqual([created]);
  });

  it('undoes deleting a highlight, putting back the very same annotation', async () => {
    await highlightPassage(PASSAGE);
    const [created] = (await stored()).annotations;
    await session.page.locator('[data-testid="reader-text"] .hl').first().click();
    await session.page.keyboard.press('Delete');
    await expect.poll(highlightedText).toBe('');

    await session.page.keyboard.press('Control+z');
    await expect.poll(highlightedText).toBe(PASSAGE);
    expect((await stored()).annotations).toEqual([created]);
  });
});

describe('cleaning the text', () => {
  it('deletes the clutter above a highlight and keeps the highlight on its exact words after a reload', async () => {
    await highlightPassage(PASSAGE);
    const before = await stored();

    await session.page.getByTestId('edit-text-button').click();
    await session.page.getByTestId('edit-bar').waitFor();
    expect(await session.page.getByTestId('reader-text').getAttribute('contenteditable')).toBe('true');
    // Everything from "Join the Socialist Party" up to the newspaper's dateline.
    await selectInReader('Join the Socialist Party', FIRST_REAL_PARAGRAPH, true);
    await session.page.keyboard.press('Backspace');
    await expect.poll(readerStartsWith).toMatch(/^From The Socialist newspaper/);
    // The highlight followed its words while typing.
    expect(await highlightedText()).toBe(PASSAGE);
    await session.page.getByTestId('edit-text-button').click();
    await expect.poll(notices).toContain('Your edit of the text is saved');
    await session.page.getByTestId('edit-bar').waitFor({ state: 'detached' });

    const after = await stored();
    expect(after.meta.textRevision).toBe(1);
    expect(after.annotations).toHaveLength(1);
    const [quote, position] = after.annotations[0]!.selectors;
    expect(quote.exact).toBe(PASSAGE);
    expect(position.start).toBeLessThan(before.annotations[0]!.selectors[1].start);

    await session.page.reload();
    await session.page.getByTestId('document-row').first().waitFor();
    await openFirstDocument();
    await expect.poll(readerStartsWith).toMatch(/^From The Socialist newspaper/);
    await expect.poll(highlightedText).toBe(PASSAGE);
  });

  it('takes the edit back with Ctrl+Z in the same session: the text and the highlight together', async () => {
    await highlightPassage(PASSAGE);
    const before = await stored();
    await session.page.keyboard.press('Control+e');
    await session.page.getByTestId('edit-bar').waitFor();
    await selectInReader('Join the Socialist Party', FIRST_REAL_PARAGRAPH, true);
    await session.page.keyboard.press('Delete');
    await session.page.keyboard.press('Control+e');
    await expect.poll(notices).toContain('Your edit of the text is saved');
    await expect.poll(async () => (await stored()).meta.textRevision).toBe(1);

    await session.page.getByTestId('reader-text').focus();
    await session.page.keyboard.press('Control+z');
    await expect.poll(notices).toContain('Undid: Edit text');
    await expect.poll(readerStartsWith).toMatch(/^Join the Socialist Party/);
    await expect.poll(highlightedText).toBe(PASSAGE);
    const undone = await stored();
    expect(undone.meta.textRevision).toBe(2);
    expect(undone.annotations[0]?.selectors).toEqual(before.annotations[0]?.selectors);

    await session.page.keyboard.press('Control+y');
    await expect.poll(notices).toContain('Redid: Edit text');
    await expect.poll(readerStartsWith).toMatch(/^From The Socialist newspaper/);
    await expect.poll(highlightedText).toBe(PASSAGE);
  });

  it('lists a highlight whose paragraph was deleted as an orphan with its quote, and re-attaches it', async () => {
    await highlightPassage(PASSAGE);
    await session.page.getByTestId('edit-text-button').click();
    await session.page.getByTestId('edit-bar').waitFor();
    // The highlighted words themselves: the passage is gone entirely.
    await selectInReader(PASSAGE);
    await session.page.keyboard.press('Backspace');
    await expect.poll(highlightedText).toBe('');
    await session.page.getByTestId('edit-text-button').click();
    await expect.poll(notices).toContain('Your edit of the text is saved');

    const orphan = session.page.getByTestId('orphan');
    await orphan.waitFor();
    expect(await orphan.textContent()).toContain(PASSAGE);
    expect(await orphan.textContent()).toContain('deleted in an edit of the text');
    expect((await stored()).annotations[0]?.orphanedAt).toBeDefined();

    await expect.poll(() => session.page.getByTestId('reader-text').textContent()).not.toContain(PASSAGE);
    await selectInReader('the collapse of Stalinism');
    await session.page.getByTestId('reattach-button').click();
    await expect.poll(highlightedText).toBe('the collapse of Stalinism');
    await expect.poll(() => session.page.getByTestId('orphan').count()).toBe(0);
    const reattached = (await stored()).annotations[0];
    expect(reattached?.orphanedAt).toBeUndefined();
    expect(reattached?.selectors[0].exact).toBe('the collapse of Stalinism');

    await session.page.getByTestId('reader-text').focus();
    await session.page.keyboard.press('Control+z');
    await expect.poll(notices).toContain('Undid: Re-attach highlight');
    await expect.poll(() => session.page.getByTestId('orphan').count()).toBe(1);
    expect((await stored()).annotations[0]?.selectors[0].exact).toBe(PASSAGE);
  });
});

describe('undoing a deletion while editing', () => {
  it('draws a highlight again when its deleted words were put back with Ctrl+Z and nothing else changed', async () => {
    await highlightPassage(PASSAGE);
    const revision = (await stored()).meta.textRevision;
    await session.page.getByTestId('edit-text-button').click();
    await session.page.getByTestId('edit-bar').waitFor();
    await selectInReader(PASSAGE);
    await session.page.keyboard.press('Backspace');
    await expect.poll(highlightedText).toBe('');
    await session.page.keyboard.press('Control+z');
    await expect.poll(() => session.page.getByTestId('reader-text').textContent()).toContain(PASSAGE);
    await session.page.getByTestId('edit-text-button').click();
    await session.page.getByTestId('edit-bar').waitFor({ state: 'detached' });

    await expect.poll(highlightedText).toBe(PASSAGE);
    expect(await session.page.getByTestId('orphan').count()).toBe(0);
    // Nothing changed, so nothing was saved.
    expect((await stored()).meta.textRevision).toBe(revision);
    expect((await stored()).annotations[0]?.orphanedAt).toBeUndefined();
  });

  it('saves a highlight on its words, not orphaned, when their deletion was undone among other edits', async () => {
    await highlightPassage(PASSAGE);
    await session.page.getByTestId('edit-text-button').click();
    await session.page.getByTestId('edit-bar').waitFor();
    await selectInReader('Printable version Printable version');
    await session.page.keyboard.press('Backspace');
    await selectInReader(PASSAGE);
    await session.page.keyboard.press('Backspace');
    await expect.poll(highlightedText).toBe('');
    // Only the deletion of the highlighted words is taken back.
    await session.page.keyboard.press('Control+z');
    await expect.poll(() => session.page.getByTestId('reader-text').textContent()).toContain(PASSAGE);
    expect(await session.page.getByTestId('reader-text').textContent()).not.toContain(
      'Printable version Printable version',
    );
    await session.page.getByTestId('edit-text-button').click();
    await expect.poll(notices).toContain('Your edit of the text is saved');

    await expect.poll(highlightedText).toBe(PASSAGE);
    expect(await session.page.getByTestId('orphan').count()).toBe(0);
    const annotation = (await stored()).annotations[0];
    expect(annotation?.orphanedAt).toBeUndefined();
    expect(annotation?.selectors[0].exact).toBe(PASSAGE);
  });
});

describe('moving between highlights with the keyboard', () => {
  it('selects the next and previous highlight with J and K and tells a screen reader which', async () => {
    const first = 'the genuine revolution of October 1917 in Russia';
    await highlightPassage(first);
    await selectInReader(PASSAGE);
    await session.page.keyboard.press('h');
    await expect.poll(() => session.page.locator('[data-testid="reader-text"] .hl').count()).toBe(2);
    const announcer = session.page.getByTestId('selection-announcer');

    await session.page.keyboard.press('j');
    await expect.poll(() => announcer.textContent()).toBe(`Highlight 1 of 2 selected: ${first}`);
    await session.page.keyboard.press('j');
    await expect.poll(() => announcer.textContent()).toBe(`Highlight 2 of 2 selected: ${PASSAGE}`);
    await session.page.keyboard.press('k');
    await expect.poll(() => announcer.textContent()).toBe(`Highlight 1 of 2 selected: ${first}`);
    expect(await session.page.locator('.hl-selected').first().textContent()).toBe(first);
  });
});

describe('the shortcut sheet', () => {
  it('opens on ? and lists the actions registered in the reader with their keys', async () => {
    await session.page.keyboard.press('?');
    const sheet = session.page.getByTestId('shortcut-sheet');
    await sheet.waitFor();
    const rows = await session.page.getByTestId('shortcut-row').allTextContents();
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Undo.*Ctrl\+Z/),
        expect.stringMatching(/^Redo.*Ctrl\+Shift\+Z.*Ctrl\+Y/),
        expect.stringMatching(/^Highlight.*H/),
        expect.stringMatching(/^Clean text.*Ctrl\+E/),
        expect.stringMatching(/^Next highlight.*J/),
      ]),
    );
    await session.page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    // Escape closed the sheet, not the reader.
    expect(await session.page.getByTestId('reader-text').count()).toBe(1);
  });
});
