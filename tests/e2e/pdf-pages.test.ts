/**
 * A PDF whose pages are labelled as the printed journal numbers them (43, 44, 45), imported through the
 * library's Import button in a real browser over the real core: a passage highlighted on the third page
 * is cited at page 45 in an annotated bibliography grouped by tag, and the journal's name keeps the
 * style's italics in the Markdown.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPageLabels } from '../../src/core/import/test-fixtures';
import { useE2eSession } from '../support/e2e-session';
import { makePdf, PDF_PAGE_HEIGHT } from '../support/make-pdf';

const session = useE2eSession({ acceptDownloads: true });

/** The words of one page: a paragraph of a few lines, each naming the page it is on. */
function pageLines(page: number): { text: string; x: number; y: number }[] {
  return Array.from({ length: 4 }, (_, line) => ({
    text: `Line ${String(line + 1)} of the text printed on journal page ${String(page)} of the volume.`,
    x: 72,
    y: PDF_PAGE_HEIGHT - 120 - line * 16,
  }));
}

describe('a PDF with page labels', () => {
  it('cites a passage by the page label it is on, with the style’s italics', async () => {
    const pdf = withPageLabels(
      makePdf({
        pages: [pageLines(43), pageLines(44), pageLines(45)],
        info: { Title: 'The Planned Economy Revisited', Author: 'Clare Doyle', CreationDate: 'D:20091118' },
      }),
      '0 << /S /D /St 43 >>',
    );
    const path = join(session.app.library.dir, '..', 'planned-economy.pdf');
    await writeFile(path, pdf);
    await session.importThroughUi(path);
    await session.page.getByTestId('document-row').first().waitFor();
    const [document] = await session.app.library.service.listDocuments({});
    if (document === undefined) throw new Error('the PDF was not imported');
    await session.app.library.service.updateDocumentMetadata({
      documentId: document.id,
      csl: {
        ...document.csl,
        type: 'article-journal',
        author: [{ family: 'Doyle', given: 'Clare' }],
        issued: { 'date-parts': [[2009]] },
        'container-title': 'Socialism Today',
      },
    });

    await session.openFirstDocument();
    await session.selectInReader('printed on journal page 45');
    await session.page.keyboard.press('h');
    await expect.poll(() => session.highlightedText()).toContain('printed on journal page 45');

    await expect.poll(async () => (await session.savedAnnotations()).length).toBe(1);
    await session.page.keyboard.press('Alt+ArrowLeft');
    await session.page.getByTestId('document-row').first().waitFor();
    await session.page.keyboard.press('Control+Shift+E');
    await session.page.getByTestId('export-dialog').waitFor();
    await session.page.getByTestId('export-format').selectOption('markdown');
    await session.page.getByTestId('export-style').selectOption('chicago-author-date');
    await session.page.getByTestId('export-group-tag').check();
    await session.page.getByTestId('export-preview').filter({ hasText: 'Untagged' }).waitFor();
    const download = session.page.waitForEvent('download');
    await session.page.getByTestId('export-confirm').click();
    const markdown = await readFile(await (await download).path(), 'utf8');

    expect(markdown).toContain('> printed on journal page 45');
    expect(markdown).toMatch(/^\(Doyle 2009, 45\) · /m);

    await session.page.keyboard.press('Escape');
    await session.page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    await session.page.keyboard.press('Control+Shift+E');
    await session.page.getByRole('radio', { name: 'By source' }).check();
    await session.page.getByTestId('export-preview').filter({ hasText: 'Socialism Today' }).waitFor();
    const bySource = session.page.waitForEvent('download');
    await session.page.getByTestId('export-confirm').click();
    const entries = await readFile(await (await bySource).path(), 'utf8');
    expect(entries).toMatch(/^## Doyle, Clare\. 2009\. .*\*Socialism Today\*/m);
  });
});
