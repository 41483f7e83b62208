/**
 * Annotation files dropped on the window, in a real browser over the real core: a W3C Web Annotation
 * JSON-LD file exported from another library and a Hypothesis client export are taken for annotation
 * files (not reference files, though one is `.json`), their annotations are placed on the document
 * already in the library, the report counts them and lists the one that quotes nothing there, and the
 * reader shows the highlights.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/core/library';
import { describeRange } from '../../src/shared/anchoring';
import { projectDocument } from '../../src/shared/projection';
import { documentSchema } from '../../src/shared/schema';
import type { Selectors } from '../../src/shared/model';
import { USSR_FIXTURE, useE2eSession } from '../support/e2e-session';
import { ExportOptionsSchema } from '../../src/shared/export-options';

/** Where to save a screenshot of the report, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

/** The quote of the Hypothesis annotation that is in no document of the library. */
const STRAY = 'A sentence that the article on 1989 never says anywhere.';

const session = useE2eSession();
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-e2e-annotation-files-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The JSON-LD of another library holding the USSR article with a highlight on each of `passages`. */
async function jsonLdFromAnotherLibrary(passages: readonly Selectors[]): Promise<string> {
  const other = await openLibrary(join(folder, 'other-library'), { owner: 'another reader' });
  try {
    await other.grants.allowRead(USSR_FIXTURE);
    const [imported] = (await other.service.importFiles({ sources: [{ kind: 'path', path: USSR_FIXTURE }] }))
      .outcomes;
    if (imported?.status !== 'imported')
      throw new Error(`The fixture was not imported: ${JSON.stringify(imported)}`);
    for (const [index, selectors] of passages.entries()) {
      await other.service.createAnnotation({
        documentId: imported.document.id,
        selectors,
        color: 'green',
        comment: `Passage ${String(index + 1)} from the other library`,
      });
    }
    const preview = await other.service.previewExport({
      options: ExportOptionsSchema.parse({ format: 'jsonld' }),
      maxChars: 1_000_000,
    });
    if (preview.truncated) throw new Error('The JSON-LD export was cut short.');
    return preview.text;
  } finally {
    await other.close();
  }
}

/** A file as the Hypothesis client's "Export annotations" writes it, one annotation per quote. */
function hypothesisExport(quotes: readonly string[]): string {
  return JSON.stringify({
    export_date: '2026-11-30T10:00:00.000Z',
    export_userid: 'acct:reader@hypothes.is',
    client_version: '1.1612.0',
    annotations: quotes.map((exact, index) => ({
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
    })),
  });
}

/**
 * Drops `files` on the window, as a reader's drag from the file manager would: each with its text, or
 * with its bytes in base64.
 */
async function drop(
  files: ({ name: string; content: string } | { name: string; base64: string })[],
): Promise<void> {
  await session.page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const file of files) {
      const content =
        'content' in file ? file.content : Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([content], file.name));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, files);
}

describe('annotation files dropped on the window', () => {
  it('places their annotations on the document, reports the counts and the unplaced one, and shows the highlights', async () => {
    const { page } = session;
    const id = await session.importFixture();
    await page.getByTestId('document-row').waitFor();
    const shape = { longerThan: 120, length: 60 };
    const passages = await Promise.all([1, 2, 3, 4].map((n) => session.passageSelectors(id, n, shape)));
    const jsonLd = await jsonLdFromAnotherLibrary(passages.slice(0, 2));
    const hypothesis = hypothesisExport([passages[2]![0].exact, passages[3]![0].exact, STRAY]);

    if (SCREENSHOTS !== undefined) {
      // The drop target, while files are dragged over the window, lists what can be dropped.
      await page.evaluate(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['{}'], 'dragged.json'));
        window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
      });
      await page.locator('.drop-overlay').screenshot({ path: join(SCREENSHOTS, 'drop-overlay.png') });
    }
    await drop([
      { name: 'other-library.jsonld', content: jsonLd },
      { name: 'hypothesis-export.json', content: hypothesis },
    ]);
    const heading = page.locator('#import-status-title');
    await expect.poll(() => heading.textContent()).toBe('Imported 2 of 2.');
    const lines = page.getByTestId('import-outcome');
    expect(await lines.nth(0).textContent()).toContain(
      'Annotations: 2 imported, 0 already there, 0 could not be placed',
    );
    expect(await lines.nth(1).textContent()).toContain(
      'Annotations: 2 imported, 0 already there, 1 could not be placed',
    );
    const unplaced = page.getByTestId('annotation-unplaced');
    expect(await unplaced.count()).toBe(1);
    expect(await unplaced.textContent()).toContain(STRAY);
    expect(await unplaced.textContent()).toContain('Import the document first');
    if (SCREENSHOTS !== undefined)
      await page.getByTestId('import-status').screenshot({ path: join(SCREENSHOTS, 'annotation-files.png') });
    // Neither file became a document.
    expect(await page.getByTestId('document-row').count()).toBe(1);

    await session.openFirstDocument();
    await expect
      .poll(() => page.locator('[data-testid="reader-text"] .hl').count())
      .toBeGreaterThanOrEqual(4);
    const highlighted = await session.highlightedText();
    for (const selectors of passages) expect(highlighted).toContain(selectors[0].exact);
  });

  it('brings in a coded REFI-QDA project and a Kindle’s clippings, saying what each brought', async () => {
    const { page } = session;
    const other = await openLibrary(join(folder, 'qda-library'), { owner: 'another reader' });
    let project: string;
    let quote: string;
    try {
      await other.grants.allowRead(USSR_FIXTURE);
      const [imported] = (
        await other.service.importFiles({ sources: [{ kind: 'path', path: USSR_FIXTURE }] })
      ).outcomes;
      if (imported?.status !== 'imported') throw new Error('The fixture was not imported.');
      const opened = await other.service.getDocument({ documentId: imported.document.id });
      const { text } = projectDocument(documentSchema.nodeFromJSON(opened.doc));
      const start = text.indexOf('THE CAPITALIST media');
      if (start < 0) throw new Error('No passage to code.');
      quote = text.slice(start, start + 60);
      const economy = await other.service.createTag({ name: 'Economy', color: 'green' });
      const planning = await other.service.createTag({ name: 'Planning', parentId: economy.id });
      await other.service.createAnnotation({
        documentId: imported.document.id,
        selectors: describeRange(text, start, start + 60),
        tagIds: [planning.id],
        comment: 'Coded in another library.',
      });
      project = (
        await other.service.downloadExport({ options: ExportOptionsSchema.parse({ format: 'refi-qdpx' }) })
      ).base64;
    } finally {
      await other.close();
    }
    await drop([{ name: 'Coded corpus.qdpx', base64: project }]);
    const heading = page.locator('#import-status-title');
    await expect.poll(() => heading.textContent()).toBe('Imported 1 of 1.');
    expect(await page.getByTestId('import-outcome').first().textContent()).toContain(
      'Project from Scholia: 1 document imported; 2 tags added; 1 passage imported',
    );
    await page.getByTestId('document-row').first().waitFor();
    if (SCREENSHOTS !== undefined)
      await page.getByTestId('import-status').screenshot({ path: join(SCREENSHOTS, 'qda-project.png') });

    // A Kindle's clippings of a sentence of the same text, under the book's title.
    const clippings = [
      '\uFEFFUSSR 1989 - the collapse of Stalinism (Doyle, Clare)',
      '- Your Highlight on Location 120-122 | Added on Monday, 30 November 2026 09:12:33',
      '',
      'Genuine workers’ democracy - the vital oxygen needed to keep the state-owned, planned economy functioning',
      '==========',
      '',
    ].join('\r\n');
    await drop([{ name: 'My Clippings.txt', content: clippings }]);
    await expect
      .poll(() => page.getByTestId('import-outcome').first().textContent())
      .toContain('Annotations: 1 imported');
    expect(await page.getByTestId('document-row').count()).toBe(1);

    await session.openFirstDocument();
    await expect
      .poll(() => page.locator('[data-testid="reader-text"] .hl').count())
      .toBeGreaterThanOrEqual(2);
    const highlighted = await session.highlightedText();
    expect(highlighted).toContain(quote.slice(0, 30));
    expect(highlighted).toContain('vital oxygen');
  });
});
