/**
 * Importing many files of mixed formats from the library screen in a real browser over the real core:
 * an HTML page, an EPUB, a Word file and a bad file at once, with the per-file results shown; then the
 * same page again, offered as "Open existing" or "Import as new copy".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureParagraphs } from '../../src/core/import/test-fixtures';
import { useE2eSession } from '../support/e2e-session';
import { makeDocx, makeEpub } from '../support/make-packages';

const paragraphs = fixtureParagraphs('review-2026-02-15-collapse-of-stalinism-book.txt', 80);

const session = useE2eSession({ pageErrors: 'unchecked' });
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-e2e-files-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeFiles(): Promise<string[]> {
  const files: Record<string, Uint8Array | string> = {
    'review.html': `<!DOCTYPE html><html><head><title>The review</title><meta name="citation_title" content="The Collapse of Stalinism - a review">
      <script>window.__scholiaPwned = 1</script></head><body><article><h1>The Collapse of Stalinism - a review</h1>${paragraphs
        .slice(0, 6)
        .map((text) => `<p>${text}</p>`)
        .join('')}</article></body></html>`,
    'book.epub': makeEpub({
      version: 2,
      title: 'The Collapse of Stalinism',
      creators: [['Peter Taaffe', 'Taaffe, Peter']],
      chapters: [
        { title: 'Causes', paragraphs: paragraphs.slice(6, 10) },
        { title: 'Consequences', paragraphs: paragraphs.slice(10, 14) },
      ],
    }),
    'essay.docx': makeDocx({
      title: 'An essay',
      blocks: paragraphs.slice(14, 17).map((text) => ({ kind: 'paragraph' as const, text })),
    }),
    'broken.epub': 'this is not a zip file',
  };
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(folder, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}

async function outcomes(): Promise<{ status: string | null; text: string }[]> {
  return session.page
    .getByTestId('import-outcome')
    .evaluateAll((items) =>
      items.map((item) => ({ status: item.getAttribute('data-status'), text: item.textContent })),
    );
}

describe('importing mixed files', () => {
  it('imports HTML, EPUB and DOCX together, reports the bad file, and offers duplicates', async () => {
    const paths = await writeFiles();
    await session.importThroughUi(...paths);
    await session.page
      .getByTestId('import-status')
      .getByText(/^Imported 3 of 4; 1 could not be imported\.$/)
      .waitFor();
    const results = await outcomes();
    expect(results.map((result) => result.status)).toEqual(['imported', 'imported', 'imported', 'failed']);
    expect(results[0]?.text).toContain('Imported as “The Collapse of Stalinism - a review”');
    expect(results[1]?.text).toContain('Imported as “The Collapse of Stalinism”');
    expect(results[3]?.text).toContain('"broken.epub" is not a readable EPUB book');
    await session.page.getByTestId('document-row').nth(2).waitFor();
    await expect(session.page.getByTestId('document-row').count()).resolves.toBe(3);
    expect(
      await session.page.evaluate(() => (window as unknown as Record<string, unknown>)['__scholiaPwned']),
    ).toBeUndefined();

    await session.page.screenshot({ path: join(tmpdir(), 'scholia-import-formats.png') });

    await session.importThroughUi(paths[0]!);
    const duplicate = session.page
      .getByTestId('import-outcome')
      .filter({ hasText: 'Already in the library' });
    await duplicate.waitFor();
    expect(await duplicate.getAttribute('data-status')).toBe('duplicate');
    await duplicate.getByRole('button', { name: 'Import as new copy' }).click();
    await session.page
      .getByTestId('import-status')
      .getByText(/^Imported 1 of 1\.$/)
      .waitFor();
    await session.page.getByTestId('document-row').nth(3).waitFor();
    await expect(session.page.getByTestId('document-row').count()).resolves.toBe(4);

    await session.importThroughUi(paths[1]!);
    await session.page.getByRole('button', { name: 'Open existing' }).click();
    await session.page.getByTestId('reader-text').waitFor();
    await session.page.getByTestId('reader-text').getByText('Consequences', { exact: true }).waitFor();
  });
});
