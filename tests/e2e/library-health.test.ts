/**
 * A damaged library in a real browser over the real core: this computer's log of one document's
 * highlights was deleted while the library was closed (a sync engine or a clean-up tool did it). The
 * app says so when it opens, naming the document and the backup; the notice offers the library check,
 * which restores the backup from the app, and the highlights are back in the reader.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/core/store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../../src/core/store/test-documents';
import type { DeviceIdentity } from '../../src/core/sync/device';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON } from '../../src/shared/schema';
import { useE2eSession } from '../support/e2e-session';

const OWNER = 'the library check end-to-end tests';
const BROWSER: DeviceIdentity = { id: 'browser00004', name: 'Browser', readerName: 'Cleo' };
const PASSAGES = ['Join the Socialist Party', 'collapse of Stalinism', 'Eastern Europe', 'Gorbachev'];
/** Where to save screenshots of the notice and the dialog, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

/** A document with a highlight of each of {@link PASSAGES}, made on this computer; then its log deleted. */
async function highlightsThenLogDeleted(dir: string): Promise<void> {
  const text = fixtureText('ussr');
  const meta = metaFor(text, 'USSR 1989', 'ussr-1989.txt');
  const doc = paragraphsDoc(text);
  const store = await LibraryStore.open(dir, { owner: OWNER, device: BROWSER });
  await store.addDocument(meta, doc);
  const projection = projectDocument(docFromJSON(doc)).text;
  for (const exact of PASSAGES) {
    const start = projection.indexOf(exact);
    const now = new Date().toISOString();
    await store.appendAnnotationChange(meta.id, () => ({
      op: 'put',
      annotation: {
        id: randomUUID(),
        documentId: meta.id,
        selectors: [
          { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start, end: start + exact.length },
        ],
        color: 'yellow',
        tagIds: [],
        comment: '',
        createdAt: now,
        modifiedAt: now,
      },
    }));
  }
  await store.close();
  await rm(join(dir, 'devices', BROWSER.id, 'annotations', `${meta.id}.jsonl`));
}

const session = useE2eSession({ prepareLibrary: highlightsThenLogDeleted, device: BROWSER });

describe('a damaged library', () => {
  it('is reported when it opens, and the backup is restored from the app', async () => {
    const { page } = session;
    const notice = page.getByTestId('notice').filter({ hasText: 'is missing' });
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toContain('“USSR 1989”');
    expect(await notice.textContent()).toMatch(/holds 4 annotations/);
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'health-notice.png') });

    await notice.getByTestId('notice-action').click();
    const dialog = page.getByRole('dialog', { name: 'Library check' });
    await dialog.getByTestId('library-health-problem').waitFor();
    const restore = dialog.getByTestId('library-health-confirm');
    expect(await restore.textContent()).toMatch(
      /^Restore 4 annotations of «USSR 1989» from this (morning|afternoon|evening)'s backup$/,
    );
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'health-dialog.png') });
    // The restore is offered from the keyboard: it has the focus.
    expect(await restore.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByTestId('library-health-sound').waitFor();
    expect(await dialog.getByTestId('library-health-repairs').textContent()).toContain('Restored devices/');
    if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, 'health-restored.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await session.openFirstDocument();
    // The first passage is on screen; the others further down the text.
    await expect.poll(() => session.highlightedText()).toContain(PASSAGES[0] ?? '-');
    const saved = await session.savedAnnotations();
    expect(saved.map((annotation) => annotation.selectors[0].exact).sort()).toEqual([...PASSAGES].sort());
    // Highlighting works again, and the file is back in place.
    expect(await readdir(join(session.app.libraryDir, 'devices', BROWSER.id, 'annotations'))).toHaveLength(1);
    session.expectNoPageErrors();
  });

  it('is checked on demand from the command palette', async () => {
    const { page } = session;
    await page.getByTestId('notice').filter({ hasText: 'is missing' }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+K');
    const input = page.getByTestId('palette-input');
    await input.pressSequentially('Check library', { delay: 10 });
    await expect.poll(() => page.getByTestId('palette-option').first().textContent()).toContain('Check library');
    await input.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Library check' });
    await dialog.getByTestId('library-health-problem').waitFor();
    expect(await dialog.getByTestId('library-health-problem').textContent()).toContain('is missing');
  });
});
