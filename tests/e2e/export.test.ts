/**
 * The export dialog in a real browser over the real core on a temporary library: two passages of the
 * fixture highlighted and tagged, an annotated bibliography grouped by tag exported from the dialog
 * (opened with Ctrl+Shift+E), and the downloaded file read back: the tags as headings, the quotes as
 * block quotes, each with the in-text citation citeproc makes for the document.
 */
import { unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReferences } from '../../src/core/citations/citation-js';
import { useE2eSession } from '../support/e2e-session';

const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

const session = useE2eSession({ acceptDownloads: true, open: false });
const { importFixture } = session;

/** Highlights 40 characters at the start of the `n`th long paragraph with `tagIds`; returns the quote. */
async function highlight(documentId: string, n: number, tagIds: string[]): Promise<string> {
  const selectors = await session.passageSelectors(documentId, n, { longerThan: 80, length: 40 });
  await session.app.library.service.createAnnotation({ documentId, selectors, tagIds });
  return selectors[0].exact;
}

/** The lines under the Markdown heading `name`, up to the next heading. */
function sectionUnder(markdown: string, name: string): string {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => new RegExp(`^#+ ${name}$`).test(line));
  if (at < 0) return '';
  const next = lines.findIndex((line, index) => index > at && line.startsWith('#'));
  return lines.slice(at + 1, next < 0 ? undefined : next).join('\n');
}

describe('export dialog', () => {
  it('exports an annotated bibliography grouped by tag, with in-text citations', async () => {
    const documentId = await importFixture();
    const documents = await session.app.library.service.listDocuments({});
    const meta = documents.find((candidate) => candidate.id === documentId);
    if (meta === undefined) throw new Error('The fixture is not listed');
    const economy = await session.app.library.service.createTag({ name: 'Economy' });
    const dissent = await session.app.library.service.createTag({ name: 'Dissent' });
    const first = await highlight(documentId, 2, [economy.id]);
    const second = await highlight(documentId, 5, [dissent.id]);

    await session.page.goto(session.app.server.url);
    await session.page.getByTestId('document-row').first().waitFor();
    await session.page.keyboard.press('Control+Shift+E');
    const dialog = session.page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBe('export-dialog-title');

    await session.page.getByTestId('export-format').selectOption('markdown');
    await session.page.getByTestId('export-style').selectOption('apa');
    await session.page.getByTestId('export-group-tag').check();
    // The preview follows the settings: by tag, the codebook's tags are its headings.
    await session.page.getByTestId('export-preview').filter({ hasText: 'Economy' }).waitFor();

    const download = session.page.waitForEvent('download');
    await session.page.getByTestId('export-confirm').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('passages-by-tag.md');
    const path = await file.path();
    const markdown = await readFile(path, 'utf8');

    const cited = formatReferences([{ ...meta.csl, id: meta.id }], 'apa', 'en-US').citations.get(meta.id);
    expect(cited?.text).toMatch(/^\(.+\)$/);
    // Each passage is cited at its paragraph: (Author, Year, para. N).
    const citation = `${cited?.text.slice(0, -1) ?? '(missing'}, para. `;
    expect(markdown).toMatch(/^#+ Economy$/m);
    expect(markdown).toMatch(/^#+ Dissent$/m);
    expect(markdown).toContain(`> ${first}`);
    expect(markdown).toContain(`> ${second}`);
    expect(markdown).toContain(citation);
    // Each passage sits under its own tag, with the citation.
    expect(sectionUnder(markdown, 'Economy')).toContain(`> ${first}`);
    expect(sectionUnder(markdown, 'Economy')).not.toContain(`> ${second}`);
    expect(sectionUnder(markdown, 'Dissent')).toContain(`> ${second}`);
    expect(sectionUnder(markdown, 'Dissent')).toContain(citation);
    await session.page
      .getByTestId('export-done')
      .filter({ hasText: 'Downloaded passages-by-tag.md' })
      .waitFor();

    // The settings are remembered: opened again, the dialog is still grouped by tag.
    await session.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await session.page.getByTestId('export-button').click();
    expect(await session.page.getByTestId('export-group-tag').isChecked()).toBe(true);
  });

  it('exports notes for a vault from browser mode as a ZIP, each block id on its quote', async () => {
    const documentId = await importFixture();
    const quote = await highlight(documentId, 3, []);

    await session.page.goto(session.app.server.url);
    await session.page.getByTestId('document-row').first().waitFor();
    await session.page.keyboard.press('Control+Shift+E');
    await session.page.getByTestId('export-dialog').waitFor();
    await session.page.getByTestId('export-format').selectOption('vault');
    await session.page.getByText('The notes download as a ZIP').waitFor();
    const download = session.page.waitForEvent('download');
    await session.page.getByTestId('export-confirm').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Scholia notes.zip');
    const entries = unzipSync(new Uint8Array(await readFile(await file.path())));
    const names = Object.keys(entries);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^Scholia notes\/.+\.md$/);
    const note = new TextDecoder().decode(entries[names[0] ?? '']);
    expect(note).toMatch(/^---\ntitle: /);
    const quoteLine = note.split('\n').find((line) => line.startsWith('> '));
    expect(quoteLine).toMatch(/ \^scholia-[\w-]+$/);
    expect(quoteLine?.slice(2)).toContain(quote.slice(0, 20));
    await session.page
      .getByTestId('export-done')
      .filter({ hasText: 'Downloaded Scholia notes.zip' })
      .waitFor();
  });

  it('writes vault notes by the reader’s template, checked as it is typed', async () => {
    const documentId = await importFixture();
    const quote = await highlight(documentId, 4, []);

    await session.page.goto(session.app.server.url);
    await session.page.getByTestId('document-row').first().waitFor();
    await session.page.keyboard.press('Control+Shift+E');
    await session.page.getByTestId('export-dialog').waitFor();
    await session.page.getByTestId('export-format').selectOption('vault');
    await session.page.getByText('Note layout').click();
    const template = session.page.getByTestId('export-template');
    await template.fill('Source: {{title}}\n{{#passages}}\n- {{locator}}: {{quot}}\n{{/passages}}');
    await session.page.getByTestId('export-template-problem').filter({ hasText: '{{quot}}' }).waitFor();
    expect(await session.page.getByTestId('export-confirm').isDisabled()).toBe(true);

    await template.fill('Source: {{title}}\n{{#passages}}\n- {{locator}}: {{quote}}\n{{/passages}}');
    await session.page.getByTestId('export-preview').filter({ hasText: 'Source: ' }).waitFor();
    expect(await session.page.getByTestId('export-template-problem').count()).toBe(0);
    if (SCREENSHOTS !== undefined)
      await session.page
        .getByTestId('export-dialog')
        .screenshot({ path: join(SCREENSHOTS, 'export-template.png') });
    const download = session.page.waitForEvent('download');
    await session.page.getByTestId('export-confirm').click();
    const entries = unzipSync(new Uint8Array(await readFile(await (await download).path())));
    const note = new TextDecoder().decode(Object.values(entries)[0]);
    const body = note.split('\n').filter((line) => line.startsWith('Source: ') || line.startsWith('- '));
    expect(body[0]).toMatch(/^Source: \S/);
    expect(body[1]).toMatch(/^- ¶ \d+: > /);
    expect(body[1]).toContain(quote.slice(0, 20));

    // The template is remembered for the next export, and Scholia's layout is one button away.
    await session.page.keyboard.press('Escape');
    await session.page.keyboard.press('Control+Shift+E');
    await session.page.getByTestId('export-dialog').waitFor();
    expect(await session.page.getByTestId('export-template').inputValue()).toContain('Source: {{title}}');
    await session.page.getByRole('button', { name: 'Use Scholia’s layout' }).click();
    expect(await session.page.getByTestId('export-template').inputValue()).toMatch(/^# \{\{title\}\}/);
  });
});
