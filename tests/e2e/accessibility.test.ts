/**
 * Accessibility, checked by axe-core in a real browser over the real core: every view and dialog a
 * reader meets, in light and in dark, has no serious or critical finding.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/core/store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../../src/core/store/test-documents';
import type { DeviceIdentity } from '../../src/core/sync/device';
import { ExportOptionsSchema } from '../../src/shared/export-options';
import type { Annotation } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON, type DocJSON } from '../../src/shared/schema';
import { expectAccessibleIn } from '../support/axe';
import { REVIEW_FIXTURE, USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const OWNER = 'the accessibility end-to-end tests';
const LAPTOP: DeviceIdentity = { id: 'laptop000001', name: 'Laptop', readerName: 'Ana' };
const DESKTOP: DeviceIdentity = { id: 'desktop00002', name: 'Desktop', readerName: 'Ben' };
/** The computer the app runs as. */
const BROWSER: DeviceIdentity = { id: 'browser00005', name: 'Browser', readerName: 'Cleo' };
/** The names of the tests whose library is left by two computers and a sync engine, or damaged. */
const SHARED_LIBRARY = 'has no serious finding over a text edited on two computers';
const DAMAGED_LIBRARY = 'has no serious finding in the notice and the check of a damaged library';

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

/** Leaves `dir` as two computers and Syncthing would: one paragraph edited on both, a conflict copy. */
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
  await editParagraph(laptop, meta.id, withParagraph(base, 2, 'Ana rewrote this paragraph on her laptop.'));
  await editParagraph(desktop, meta.id, withParagraph(base, 2, 'Ben rewrote the same paragraph, at length.'));
  await desktop.close();
  await laptop.close();
  const logs = join(dir, 'devices', LAPTOP.id, 'annotations');
  await mkdir(logs, { recursive: true });
  await copyFile(
    join(logs, `${meta.id}.jsonl`),
    join(logs, `${meta.id}.sync-conflict-20261202-184725-A7ZUZPK.jsonl`),
  );
}

/** A document highlighted on this computer whose log of highlights was then deleted. */
async function highlightsThenLogDeleted(dir: string): Promise<void> {
  const text = fixtureText('ussr');
  const meta = metaFor(text, 'USSR 1989', 'ussr-1989.txt');
  const doc = paragraphsDoc(text);
  const store = await LibraryStore.open(dir, { owner: OWNER, device: BROWSER });
  await store.addDocument(meta, doc);
  const projection = projectDocument(docFromJSON(doc)).text;
  await store.appendAnnotationChange(meta.id, () => ({
    op: 'put',
    annotation: highlightOf(meta.id, projection, 'Join the Socialist Party'),
  }));
  await store.close();
  await rm(join(dir, 'devices', BROWSER.id, 'annotations', `${meta.id}.jsonl`));
}

const session = useE2eSession({
  viewport: { width: 1440, height: 900 },
  acceptDownloads: true,
  device: BROWSER,
  // Each test's library is made for it: by its name, since the hooks know no more of it.
  prepareLibrary: async (dir) => {
    const name = expect.getState().currentTestName ?? '';
    if (name.endsWith(SHARED_LIBRARY)) await twoComputersEditedApart(dir);
    else if (name.endsWith(DAMAGED_LIBRARY)) await highlightsThenLogDeleted(dir);
  },
});

/** Checks the page in light and in dark, naming the view in a failure. */
function expectAccessible(view: string): Promise<void> {
  return expectAccessibleIn(session.page, view);
}

describe('accessibility', () => {
  it('has no serious finding in the library, the reader, its cards and the panels and dialogs', async () => {
    const { page } = session;
    await expectAccessible('the empty library');
    await session.importThroughUi(USSR_FIXTURE);
    await page.getByTestId('document-row').first().waitFor();
    await expectAccessible('the library with its import report');
    await session.openFirstDocument();
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.keyboard.press('h');
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await page.getByTestId('annotation-card').first().waitFor();
    await expectAccessible('the reader with a card open');

    // Each panel and dialog over the reader, opened by its key and closed with Escape.
    const layers: [string, string, string][] = [
      ['the codebook panel', 't', '[data-testid="codebook-panel"], .codebook-panel'],
      ['the details dialog', 'i', 'dialog[open]'],
      ['the find panel', 'Control+Shift+F', '[data-testid="find-panel"], .find-panel'],
      ['the command palette', 'Control+k', '[data-testid="palette"]'],
      ['the keys sheet', '?', 'dialog[open]'],
      ['the reading statistics', 'g', 'dialog[open], [data-testid="statistics"]'],
      ['the page marker dialog', 'p', 'dialog[open]'],
    ];
    for (const [name, key, shown] of layers) {
      await page.locator('[data-testid="reader-text"]').focus();
      await page.keyboard.press(key);
      await page.locator(shown).first().waitFor();
      await expectAccessible(name);
      await page.keyboard.press('Escape');
      await page.locator(shown).first().waitFor({ state: 'hidden' });
    }

    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByTestId('document-row').first().waitFor();
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('export-dialog').waitFor();
    await expectAccessible('the export dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('document-collections-button').first().click();
    await page.getByTestId('collection-picker').waitFor();
    await expectAccessible('the collections of a document');
    await page.keyboard.press('Escape');

    await page.getByTestId('delete-document-button').first().click();
    await page.locator('dialog[open]').waitFor();
    await expectAccessible('the confirmation of a deletion');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await page.getByTestId('document-row').count()).toBe(1);
  });

  it('has no serious finding in the library’s own dialogs, lists and forms', async () => {
    const { page } = session;
    await session.importFixtures([USSR_FIXTURE, REVIEW_FIXTURE]);
    await page.reload();
    const rows = page.getByTestId('document-row');
    await rows.nth(1).waitFor();

    // The details of a document, from its row, with a problem named.
    await rows.first().getByTestId('edit-details-button').click();
    const details = page.getByTestId('metadata-dialog');
    await details.getByTestId('metadata-preview').waitFor();
    await expectAccessible('the details dialog from the library');
    const issued = details.getByTestId('issued-date');
    await issued.getByLabel('Month').fill('13');
    await details.getByTestId('save-metadata').click();
    await details.getByTestId('metadata-problems').waitFor();
    await expectAccessible('the details dialog naming a problem');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // A document's title, renamed in its row.
    await rows.first().getByTestId('rename-document-button').click();
    await page.getByTestId('document-title-input').waitFor();
    await expectAccessible('the renaming of a document');
    await page.keyboard.press('Escape');
    await page.getByTestId('document-title-input').waitFor({ state: 'detached' });

    // Several documents chosen: the selection bar, and the confirmation of deleting them.
    await rows.nth(0).getByTestId('select-document').check();
    await rows.nth(1).getByTestId('select-document').check();
    await page.getByTestId('selection-bar').waitFor();
    await expectAccessible('the selection bar');
    await page.getByTestId('delete-selected-button').click();
    await page.locator('dialog[open]').waitFor();
    await expectAccessible('the confirmation of deleting several documents');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.getByTestId('clear-selection-button').click();

    // A collection made, renamed and about to be deleted.
    await page.getByTestId('new-collection-button').click();
    await page.getByTestId('collection-name-input').waitFor();
    await expectAccessible('the naming of a new collection');
    await page.getByTestId('collection-name-input').fill('Stalinism');
    await page.getByTestId('collection-name-input').press('Enter');
    await page.getByTestId('empty-collection').waitFor();
    await expectAccessible('an empty collection');
    await page.getByTestId('rename-collection-button').click();
    await page.getByTestId('collection-name-input').waitFor();
    await expectAccessible('the renaming of a collection');
    await page.keyboard.press('Escape');
    await page.getByTestId('delete-collection-button').click();
    await page.locator('dialog[open]').waitFor();
    await expectAccessible('the confirmation of deleting a collection');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.getByTestId('collection-filter').filter({ hasText: 'All documents' }).click();
    await rows.nth(1).waitFor();

    // The export dialog writing vault notes, its template open and wrong.
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-format').selectOption('vault');
    await page.getByText('Note layout').click();
    await page.getByTestId('export-template').fill('{{#passages}}{{quot}}{{/passages}}');
    await page.getByTestId('export-template-problem').first().waitFor();
    await expectAccessible('the vault template of the export dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });

    // The reader's and this computer's names, one of them refused.
    await page.getByTestId('device-settings-button').click();
    const device = page.getByTestId('device-dialog');
    await device.getByLabel('Your name').fill('   ');
    await device.getByTestId('save-device-button').click();
    await device.getByTestId('device-field-problem').waitFor();
    await expectAccessible('the names of the reader and this computer');
    await page.keyboard.press('Escape');
    await device.waitFor({ state: 'detached' });

    // The library check of a sound library, from the command palette.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').pressSequentially('Check library', { delay: 10 });
    await expect
      .poll(() => page.getByTestId('palette-option').first().textContent())
      .toContain('Check library');
    await page.getByTestId('palette-input').press('Enter');
    const check = page.getByRole('dialog', { name: 'Library check' });
    await check.getByTestId('library-health-sound').waitFor();
    await expectAccessible('the library check of a sound library');
    await page.keyboard.press('Escape');
    await check.waitFor({ state: 'detached' });

    // The menu of the library's other actions, where a narrower window puts them.
    await page.setViewportSize({ width: 900, height: 900 });
    await page.getByTestId('library-more-button').click();
    await page.locator('[role="menu"]').waitFor();
    await expectAccessible('the library’s menu');
    await page.keyboard.press('Escape');
    await page.locator('[role="menu"]').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The drop target, while files are dragged over the window.
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['{}'], 'dragged.json'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
    });
    await page.locator('.drop-overlay').waitFor();
    await expectAccessible('the drop target');
    await page.evaluate(() => {
      window.dispatchEvent(new DragEvent('dragleave', { bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true }));
    });
  });

  it('has no serious finding in the reader’s own bars, menus, note and codebook details', async () => {
    const { page } = session;
    const id = await session.importFixture();
    await session.app.library.service.createTag({ name: 'Economy', color: 'green' });
    await page.reload();
    await session.openFirstDocument();

    await page.getByTestId('document-note').locator('summary').click();
    await page.getByTestId('document-note-editor').waitFor();
    await expectAccessible('the document note, open');

    await page.getByTestId('appearance-button').click();
    await page.getByRole('button', { name: 'Larger text' }).waitFor();
    await expectAccessible('the reading appearance');
    await page.keyboard.press('Escape');

    await page.getByTestId('more-menu-button').click();
    await page.locator('[role="menu"]').waitFor();
    await expectAccessible('the reader’s menu');
    await page.keyboard.press('Escape');

    await page.locator('[data-testid="reader-text"]').focus();
    await page.keyboard.press('Control+F');
    await page.getByTestId('find-bar-input').pressSequentially('Stalinism', { delay: 10 });
    await expect.poll(() => page.getByTestId('find-bar-count').textContent()).toMatch(/^1 of/);
    await expectAccessible('the find bar of the text');
    await page.keyboard.press('Escape');
    await page.getByTestId('find-bar').waitFor({ state: 'detached' });

    // A card with its tag and comment fields open.
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.keyboard.press('h');
    const card = page.getByTestId('annotation-card').first();
    await page.locator('[data-testid="reader-text"] mark.hl').first().click();
    await card.getByTestId('add-comment').click();
    await expectAccessible('a card with its comment open');

    // Editing the text, then the highlight whose words were deleted.
    await page.getByTestId('edit-text-button').click();
    await page.getByTestId('edit-bar').waitFor();
    await expectAccessible('the text being edited');
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.keyboard.press('Backspace');
    await page.getByTestId('edit-text-button').click();
    await page.getByTestId('orphan').waitFor();
    await expectAccessible('the highlights that lost their passage');
    expect((await session.app.library.service.getDocument({ documentId: id })).meta.textRevision).toBe(1);

    // The codebook: a tag's details, its deletion, the colours' meanings.
    await page.getByTestId('more-menu-button').click();
    await page.getByTestId('menu-item-open-codebook').click();
    await page.getByTestId('codebook-row').filter({ hasText: 'Economy' }).click();
    await page.getByTestId('tag-details').waitFor();
    await expectAccessible('a tag’s details in the codebook');
    await page.getByTestId('delete-tag-button').click();
    await page.getByTestId('delete-tag-confirm').waitFor();
    await expectAccessible('the deletion of a tag');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('colour-meanings').locator('summary').click();
    await page.getByTestId('colour-meaning-orange').waitFor();
    await expectAccessible('the colours’ meanings');
    await page.keyboard.press('Escape');
    await page.getByTestId('codebook-panel').waitFor({ state: 'detached' });

    // A page marked where the caret is: the dialog refusing an empty name, then the name beside the text.
    await page.locator('[data-testid="reader-text"] > :nth-child(3)').click();
    await page.keyboard.press('p');
    const pageName = page.getByTestId('page-name-dialog');
    await pageName.waitFor();
    await page.keyboard.press('Enter');
    await pageName.getByTestId('page-name-problem').waitFor();
    await expectAccessible('the page marker dialog naming a problem');
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await pageName.waitFor({ state: 'detached' });
    await page.getByTestId('notice').filter({ hasText: 'Page 45 starts here now.' }).waitFor();
    await expectAccessible('a page’s name beside the text');
  });

  it('has no serious finding in the reports of imported duplicates, references and annotations', async () => {
    const { page } = session;
    const folder = await mkdtemp(join(tmpdir(), 'scholia-e2e-accessibility-'));
    try {
      const review = await session.importFixture(REVIEW_FIXTURE);
      await session.app.library.service.updateDocumentMetadata({
        documentId: review,
        csl: {
          type: 'book',
          title: 'The Collapse of Stalinism - Its Causes and Consequences',
          author: [{ family: 'Taaffe', given: 'Peter' }],
          issued: { 'date-parts': [[2026, 2, 15]] },
          publisher: 'Socialist Party',
        },
      });
      await page.reload();
      await page.getByTestId('document-row').first().waitFor();

      // The same file again and a file that is no document: the report offers the duplicate, names the failure.
      const broken = join(folder, 'broken.docx');
      await writeFile(broken, 'This is no word-processor file.');
      await session.importThroughUi(REVIEW_FIXTURE, broken);
      await page.locator('[data-testid="import-outcome"][data-status="duplicate"]').waitFor();
      await page.locator('[data-testid="import-outcome"][data-status="failed"]').waitFor();
      await expectAccessible('the report of a duplicate and a failed file');

      // A reference file: the changes it proposes, and an entry it cannot read.
      const bib = join(folder, 'taaffe.bib');
      await writeFile(
        bib,
        `@book{taaffe2026,
  title = {The Collapse of Stalinism - Its Causes and Consequences},
  author = {Taaffe, Peter},
  year = {2025},
  publisher = {Mentmore Press}
}

@book{walsh2026,
  title = {Great Revolutionaries},
  author = {Walsh, Lynn},
  year = {2026}
}

@article{broken,
  title = {An entry never closed,
  year = {2026}
`,
      );
      await session.importThroughUi(bib);
      await page.getByTestId('reference-proposal').waitFor();
      await page.getByTestId('reference-report').waitFor();
      await expectAccessible('the proposals of a reference file');
      await page.getByTestId('apply-proposals').click();
      await page.getByTestId('proposal-applied').waitFor();
      await expectAccessible('the proposals of a reference file, applied');

      // Annotation files: one placed and one that could not be, and a coded project.
      const ussr = await session.importFixture(USSR_FIXTURE);
      const [placed] = await session.passageSelectors(ussr, 1, { longerThan: 120, length: 60 });
      const hypothesis = JSON.stringify({
        export_date: '2026-11-30T10:00:00.000Z',
        export_userid: 'acct:reader@hypothes.is',
        client_version: '1.1612.0',
        annotations: [placed.exact, 'A sentence the article on 1989 never says anywhere.'].map(
          (exact, index) => ({
            id: `hyp-${String(index)}`,
            created: '2026-11-29T09:00:00.000Z',
            updated: '2026-11-29T09:00:00.000Z',
            user: 'acct:reader@hypothes.is',
            uri: 'https://www.socialistparty.org.uk/articles/ussr-1989',
            text: '',
            tags: ['1989'],
            group: '__world__',
            permissions: { read: ['group:__world__'] },
            target: [
              {
                source: 'https://www.socialistparty.org.uk/articles/ussr-1989',
                selector: [{ type: 'TextQuoteSelector', exact }],
              },
            ],
            document: { title: ['USSR 1989'] },
          }),
        ),
      });
      const annotations = join(folder, 'hypothesis-export.json');
      await writeFile(annotations, hypothesis);
      await session.importThroughUi(annotations);
      await page.getByTestId('annotation-unplaced').waitFor();
      await expectAccessible('the report of an annotation file');

      const project = await session.app.library.service.downloadExport({
        options: ExportOptionsSchema.parse({ format: 'refi-qdpx' }),
      });
      const qdpx = join(folder, 'Coded corpus.qdpx');
      await writeFile(qdpx, Buffer.from(project.base64, 'base64'));
      await session.importThroughUi(qdpx);
      await expect
        .poll(() => page.getByTestId('import-outcome').first().textContent())
        .toContain('Project from Scholia');
      await expectAccessible('the report of a coded project');

      // Many long files: the report while they import, and once the import is cancelled.
      const many: string[] = [];
      for (let n = 1; n <= 60; n++) {
        const path = join(folder, `reading-${String(n).padStart(2, '0')}.txt`);
        const paragraph = 'The bureaucracy planned, the workers struck, the council met again. '.repeat(8);
        await writeFile(
          path,
          `Reading ${String(n)}\n\n${Array.from({ length: 1500 }, () => paragraph).join('\n\n')}\n`,
        );
        many.push(path);
      }
      await session.importThroughUi(...many);
      await page.getByTestId('import-progress').waitFor();
      await expectAccessible('the report of a running import');
      // Cancelled at once if still running; either way the report of the finished batch is read.
      await page
        .getByTestId('import-cancel')
        .click({ timeout: 1000 })
        .catch(() => undefined);
      await page.getByRole('button', { name: 'Dismiss' }).waitFor();
      await expectAccessible('the report of a cancelled (or finished) import');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it(SHARED_LIBRARY, async () => {
    const { page } = session;
    await page.getByTestId('notice').filter({ hasText: 'conflict cop' }).waitFor();
    await expectAccessible('the notice of merged conflict copies');
    await session.openFirstDocument();
    await page.getByTestId('text-conflict-banner').waitFor();
    await expectAccessible('the banner over a text edited on two computers');
    await page.getByTestId('compare-conflicts-button').click();
    const dialog = page.getByRole('dialog', { name: 'Compare the two edits' });
    await dialog.waitFor();
    await dialog.getByText('Before both edits').click();
    await dialog.locator('.conflict-base .conflict-text').waitFor();
    await expectAccessible('the comparison of the two edits');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it(DAMAGED_LIBRARY, async () => {
    const { page } = session;
    const notice = page.getByTestId('notice').filter({ hasText: 'is missing' });
    await notice.waitFor();
    await expectAccessible('the notice of a missing file');
    await notice.getByTestId('notice-action').click();
    const dialog = page.getByRole('dialog', { name: 'Library check' });
    await dialog.getByTestId('library-health-problem').waitFor();
    await expectAccessible('the library check naming a problem');
    await dialog.getByTestId('library-health-confirm').click();
    await dialog.getByTestId('library-health-sound').waitFor();
    await expectAccessible('the library check after its repair');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('has no serious finding in the find panel’s results, the margin as a list, and the fields of a card', async () => {
    const { page } = session;
    const [ussr] = await session.importFixtures([USSR_FIXTURE, REVIEW_FIXTURE]);
    const economy = await session.app.library.service.createTag({ name: 'Economy', color: 'green' });
    await session.app.library.service.createAnnotation({
      documentId: ussr!,
      selectors: await session.passageSelectors(ussr!, 1, { longerThan: 120, length: 60 }),
      tagIds: [economy.id],
      comment: 'A **coded** passage.',
    });
    await page.reload();
    await page.getByTestId('document-row').nth(1).waitFor();

    // An export done: the dialog says what it wrote.
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('export-dialog').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-confirm').click();
    await download;
    await page.getByTestId('export-done').waitFor();
    await expectAccessible('the export dialog, its export done');
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });

    // The library's find panel, each tab with what it found.
    await page.keyboard.press('Control+Shift+F');
    await page.getByTestId('find-panel').waitFor();
    await page.getByTestId('find-query').fill('Stalinism');
    await page.getByTestId('find-query').press('Enter');
    await page.getByTestId('find-snippet').first().waitFor();
    await expectAccessible('the search results');
    await page.getByRole('tab', { name: 'Concordance' }).click();
    await page.getByTestId('kwic-query').fill('capitalism');
    await page.getByTestId('kwic-query').press('Enter');
    await page.getByTestId('kwic-line').first().waitFor();
    await expectAccessible('the concordance');
    await page.getByTestId('find-passages-tab').click();
    await page.getByTestId('passage-hit').first().waitFor();
    await expectAccessible('the passages found');
    await page.keyboard.press('Escape');
    await page.getByTestId('find-panel').waitFor({ state: 'detached' });

    await page.getByTestId('document-row').filter({ hasText: 'USSR' }).getByTestId('open-document').click();
    await page.getByTestId('reader-text').waitFor();
    // A passage selected: the floating button that highlights it.
    await session.selectInReader('THE CAPITALIST media milked the celebrations');
    await page.getByTestId('highlight-floating-button').waitFor();
    await expectAccessible('the floating highlight button');
    await page.keyboard.press('h');
    // The highlight saved (and its card settled) before its card is written in.
    await expect
      .poll(async () => {
        const documents = await session.app.library.service.listDocuments({});
        const ussr = documents.find((meta) => meta.csl.title?.includes('USSR') === true);
        return ussr === undefined
          ? []
          : await session.app.library.service.listAnnotations({ documentId: ussr.id });
      })
      .toContainEqual(
        expect.objectContaining({
          selectors: [
            expect.objectContaining({ exact: 'THE CAPITALIST media milked the celebrations' }),
            expect.anything(),
          ],
        }),
      );
    await page
      .locator('[data-testid="reader-text"] mark.hl')
      .filter({ hasText: 'THE CAPITALIST' })
      .first()
      .click();
    const card = page.getByTestId('annotation-card').filter({ hasText: 'THE CAPITALIST' });
    await card.getByTestId('tag-input').waitFor();
    await card.getByTestId('tag-input').pressSequentially('Eco', { delay: 10 });
    await card.getByTestId('tag-suggestion').first().waitFor();
    await expectAccessible('the tag suggestions of a card');
    await page.keyboard.press('Escape');

    // The cards as a list, and a filter nothing matches.
    await page.getByTestId('margin-layout').click();
    await page.locator('.margin-list-scroller').waitFor();
    await expectAccessible('the cards as a list');
    await page.getByTestId('margin-search').fill('no annotation says this');
    await page.locator('.margin-empty').waitFor();
    await expectAccessible('a filter no card matches');
    await page.getByTestId('margin-search').fill('');
    await page.getByTestId('margin-layout').click();

    // The link form of the document note.
    await page.getByTestId('document-note').locator('summary').click();
    const note = page.getByTestId('document-note-editor');
    await note.waitFor();
    await note.focus();
    await page.keyboard.type('See');
    await page.keyboard.press('Control+k');
    await page.locator('.rich-text-link-form input').waitFor();
    await expectAccessible('the link form of a note');
    await page.locator('.rich-text-link-form input').fill('not an address');
    await page.locator('.rich-text-link-form input').press('Enter');
    await page.locator('.rich-text-link-error').waitFor();
    await expectAccessible('the link form naming a problem');
  });
});
