/**
 * A library shared by several computers through a synced folder, in a real browser over the real
 * core. Before the app opens it, the folder is left as two other computers (Ana's laptop and Ben's
 * desktop) and a sync engine would leave it: both rewrote the same paragraph of a document, and
 * Syncthing made a conflict copy of the laptop's highlights. The app tells the reader about the copy
 * it folded in, shows a banner over the text edited on two computers, compares the two edits and keeps
 * the reader's choice; and the reader names themselves and this computer.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/core/store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../../src/core/store/test-documents';
import type { DeviceIdentity } from '../../src/core/sync/device';
import type { Annotation } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON, type DocJSON } from '../../src/shared/schema';
import { useE2eSession } from '../support/e2e-session';

const OWNER = 'the sharing end-to-end tests';
const LAPTOP: DeviceIdentity = { id: 'laptop000001', name: 'Laptop', readerName: 'Ana' };
const DESKTOP: DeviceIdentity = { id: 'desktop00002', name: 'Desktop', readerName: 'Ben' };
/** The computer the app runs on: a third one (given, so that renaming it leaves the machine's own identity alone). */
const BROWSER: DeviceIdentity = { id: 'browser00003', name: 'Browser', readerName: 'Cleo' };
const ANA_VERSION = 'Ana rewrote this paragraph on her laptop, and kept its argument short.';
const BEN_VERSION = 'Ben rewrote the same paragraph on his desktop, at greater length than Ana.';
/** Where to save screenshots of the banner and the dialog, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

/** The document's text with paragraph `index` replaced by `text`. */
function withParagraph(doc: DocJSON, index: number, text: string): DocJSON {
  return {
    ...doc,
    content: doc.content.map((block, at) =>
      at === index ? { type: 'paragraph', content: [{ type: 'text', text }] } : block,
    ),
  };
}

async function editParagraph(store: LibraryStore, id: string, doc: DocJSON): Promise<void> {
  await store.editDocumentText(id, ({ meta, annotations }) => ({
    doc,
    annotations,
    textRevision: (meta.textRevision ?? 0) + 1,
    wordCount: meta.wordCount,
    modifiedAt: new Date().toISOString(),
  }));
}

/** A highlight of the first occurrence of `exact` in the plain-text projection `text`. */
function highlightOf(documentId: string, text: string, exact: string): Annotation {
  const start = text.indexOf(exact);
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    color: 'green',
    tagIds: [],
    comment: '',
    createdAt: now,
    modifiedAt: now,
  };
}

/** Leaves `dir` as the laptop, the desktop and Syncthing would: one paragraph edited on both, a conflict copy. */
async function twoComputersEditedApart(dir: string): Promise<void> {
  const text = fixtureText('ussr');
  const meta = metaFor(text, 'USSR 1989', 'ussr-1989.txt');
  const base = paragraphsDoc(text);
  const laptop = await LibraryStore.open(dir, { owner: OWNER, device: LAPTOP });
  await laptop.addDocument(meta, base);
  const projection = projectDocument(docFromJSON(base)).text;
  await laptop.appendAnnotationChange(meta.id, () => ({
    op: 'put',
    annotation: highlightOf(meta.id, projection, 'Join the Socialist Party'),
  }));
  const desktop = await LibraryStore.open(dir, { owner: OWNER, device: DESKTOP });
  await editParagraph(laptop, meta.id, withParagraph(base, 2, ANA_VERSION));
  await editParagraph(desktop, meta.id, withParagraph(base, 2, BEN_VERSION));
  await desktop.close();
  await laptop.close();
  // What Syncthing leaves when the laptop's log changed on two computers at once.
  const logs = join(dir, 'devices', LAPTOP.id, 'annotations');
  await mkdir(logs, { recursive: true });
  await copyFile(
    join(logs, `${meta.id}.jsonl`),
    join(logs, `${meta.id}.sync-conflict-20261202-184725-A7ZUZPK.jsonl`),
  );
}

const session = useE2eSession({ prepareLibrary: twoComputersEditedApart, device: BROWSER });

async function openTheDocument(): Promise<void> {
  await session.openFirstDocument();
  await session.page.getByTestId('text-conflict-banner').waitFor();
}

describe('a library shared by several computers', () => {
  it('tells the reader, when it opens, that the conflict copies a sync engine made were merged', async () => {
    const notice = session.page.getByTestId('notice').filter({ hasText: 'conflict cop' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Syncthing had made 1 conflict copy .*Scholia merged them/);
    expect(await notice.getAttribute('role')).toBe('status');
    // This computer has folded another's annotations into a log of its own but made no library change:
    // nothing is missing, and the reader is not told otherwise.
    expect(await session.page.getByTestId('notice').allTextContents()).toHaveLength(1);
  });

  it('shows a banner over a text two computers edited, compares the edits, and keeps the left one', async () => {
    const { page } = session;
    await openTheDocument();
    const banner = page.getByTestId('text-conflict-banner');
    expect(await banner.textContent()).toContain(
      'This text was edited on two computers (Ana’s and Ben’s edits). 1 passage differs.',
    );
    // Until the reader chooses, the text shows the later edit.
    await page.getByTestId('reader-text').getByText(BEN_VERSION).waitFor();
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'sync-banner.png') });

    await page.getByTestId('compare-conflicts-button').click();
    const dialog = page.getByRole('dialog', { name: 'Compare the two edits' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-left').textContent()).toContain(ANA_VERSION);
    expect(await dialog.getByTestId('conflict-right').textContent()).toContain(BEN_VERSION);
    const right = dialog.getByRole('radio', { name: 'Keep right' });
    expect(await right.isChecked()).toBe(true);
    await dialog.getByText('Before both edits').click();
    await dialog.locator('.conflict-base .conflict-text').waitFor();
    if (SCREENSHOTS !== undefined) {
      await page.screenshot({ path: join(SCREENSHOTS, 'sync-compare.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      // The buttons' colours ease in; the picture is of where they settle.
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(SCREENSHOTS, 'sync-compare-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    }

    // Escape cancels, changing nothing.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await banner.waitFor();

    await page.getByTestId('compare-conflicts-button').click();
    await dialog.waitFor();
    // The choice is made from the keyboard: from "Keep right", the arrow key before it is "Keep left".
    await dialog.getByRole('radio', { name: 'Keep right' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await dialog.getByRole('radio', { name: 'Keep left' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Keep these versions' }).click();
    await dialog.waitFor({ state: 'detached' });

    const text = page.getByTestId('reader-text');
    await text.getByText(ANA_VERSION).waitFor();
    expect(await text.textContent()).not.toContain(BEN_VERSION);
    await banner.waitFor({ state: 'detached' });
    const conflicts = await session.app.library.service.getTextConflicts({
      documentId: (await session.app.library.service.listDocuments({}))[0]!.id,
    });
    expect(conflicts.conflicts).toEqual([]);
  });

  it('says on each card who made the highlight and on which computer, and who changed it last', async () => {
    const { page } = session;
    await openTheDocument();
    const card = page.getByTestId('annotation-card').filter({ hasText: 'Join the Socialist Party' });
    // Closed, a card made by someone else names them.
    expect(await card.getByTestId('card-byline').textContent()).toBe('Ana');
    // Opened from the keyboard: Enter on the focused card.
    await card.focus();
    await page.keyboard.press('Enter');
    const authorship = card.getByTestId('card-authorship');
    expect(await authorship.textContent()).toBe('Made by Ana on Laptop');
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'sync-authorship.png') });
    // The reader here recolours it: the card says so, with this computer's name for it.
    await card.getByTestId('color-blue').click();
    await expect
      .poll(() => authorship.textContent())
      .toBe('Made by Ana on Laptop; last changed by Cleo on this computer');
  });

  it('saves the reader’s name and this computer’s, and explains a name it cannot keep', async () => {
    const { page } = session;
    await page.getByTestId('device-settings-button').click();
    const dialog = page.getByTestId('device-dialog');
    const reader = dialog.getByLabel('Your name');
    const computer = dialog.getByLabel('This computer');
    await expect.poll(() => reader.inputValue()).toBe('Cleo');
    expect(await computer.inputValue()).toBe('Browser');
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'sync-names.png') });

    await reader.fill('   ');
    await dialog.getByTestId('save-device-button').click();
    expect(await dialog.getByTestId('device-field-problem').textContent()).toBe('A name cannot be empty.');
    expect(await reader.getAttribute('aria-invalid')).toBe('true');

    await reader.fill('Cleo Martin');
    await computer.fill('Reading-room PC');
    await reader.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await session.app.library.service.getDevice({})).toEqual({
      id: BROWSER.id,
      name: 'Reading-room PC',
      readerName: 'Cleo Martin',
    });

    await page.getByTestId('device-settings-button').click();
    await expect
      .poll(() => page.getByTestId('device-dialog').getByLabel('Your name').inputValue())
      .toBe('Cleo Martin');
  });
});
