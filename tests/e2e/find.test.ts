/**
 * Find in a real browser over the real core: search the library as you type, open a result at its
 * place with the match selected, tag three concordance lines in one action, find in the open text,
 * jump to a document from the command palette, and click through the reading statistics.
 */
import { describe, expect, it } from 'vitest';
import { REVIEW_FIXTURE, USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const session = useE2eSession({ importBeforeOpening: [USSR_FIXTURE, REVIEW_FIXTURE] });

async function openFind(): Promise<void> {
  await session.page.locator('body').click({ position: { x: 5, y: 5 } });
  await session.page.keyboard.press('Control+Shift+F');
  await session.page.getByTestId('find-panel').waitFor();
}

describe('find', () => {
  it('searches as the reader types and opens a result at its place, the match selected', async () => {
    await openFind();
    // The query field has the focus as the panel opens: the reader types straight away.
    expect(await session.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'find-query',
    );
    await session.page.keyboard.type("workers' democ", { delay: 20 });
    const snippets = session.page.getByTestId('find-snippet');
    await snippets.first().waitFor();
    expect(await session.page.getByTestId('find-results').locator('> li').count()).toBe(2);
    // The words typed together are marked together, the last one as a prefix.
    const phrase = snippets.filter({
      has: session.page.locator('mark', { hasText: /^workers['’] democracy$/i }),
    });
    expect(await phrase.count()).toBeGreaterThanOrEqual(1);
    await phrase.first().click();
    await session.page.getByTestId('reader-text').waitFor();
    await session.page.waitForFunction(() =>
      /^workers['’] democracy$/i.test(window.getSelection()?.toString() ?? ''),
    );
    const inView = await session.page.evaluate(() => {
      const range = window.getSelection()?.getRangeAt(0);
      const box = range?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
  });

  it('tags three concordance lines in one action', async () => {
    const tag = await session.app.library.service.createTag({ name: 'Restoration' });
    await openFind();
    await session.page.getByRole('tab', { name: 'Concordance' }).click();
    await session.page.getByTestId('kwic-query').fill('capitalism');
    await session.page.getByTestId('kwic-query').press('Enter');
    const lines = session.page.getByTestId('kwic-line');
    await lines.first().waitFor();
    expect(await lines.count()).toBeGreaterThan(3);
    // The keywords line up in one column.
    const lefts = await session.page
      .locator('.kwic-keyword')
      .evaluateAll((cells) => cells.slice(0, 5).map((cell) => Math.round(cell.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    for (let i = 0; i < 3; i++) await lines.nth(i).getByRole('checkbox').check();
    await session.page.getByTestId('kwic-tag').selectOption(tag.id);
    await session.page.getByTestId('kwic-apply').click();
    await session.page.getByText(/Tagged “Restoration”: 3 passages/).waitFor();

    const found = await session.app.library.service.searchAnnotations({ tagId: tag.id });
    expect(found.total).toBe(3);
    for (const hit of found.hits) expect(hit.annotation.selectors[0].exact.toLowerCase()).toBe('capitalism');
  });

  it('finds in the open text: marks every match, counts them, and steps the selection through them', async () => {
    const documents = await session.app.library.service.listDocuments({});
    const ussr = documents.find((d) => /USSR/.test(d.csl.title ?? ''));
    expect(ussr).toBeDefined();
    await session.page
      .getByTestId('document-row')
      .filter({ hasText: ussr?.csl.title ?? '' })
      .getByTestId('open-document')
      .click();
    const text = session.page.getByTestId('reader-text');
    await text.waitFor();
    await session.page.locator('.reader-column[aria-busy="false"]').waitFor();
    const expected = await text.evaluate(
      (element) => element.textContent.toLowerCase().split('stalinism').length - 1,
    );
    expect(expected).toBeGreaterThan(3);

    await session.page.keyboard.press('Control+F');
    const input = session.page.getByTestId('find-bar-input');
    await input.waitFor();
    await input.pressSequentially('STALINISM', { delay: 10 });
    const count = session.page.getByTestId('find-bar-count');
    await expect.poll(() => count.textContent()).toBe(`1 of ${expected}`);
    expect(await session.page.locator('.find-match').count()).toBe(expected);
    expect(await session.page.getByTestId('find-current').count()).toBe(1);

    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe(`2 of ${expected}`);
    const second = await session.page.evaluate(() => {
      const selection = window.getSelection();
      const range = selection === null || selection.rangeCount === 0 ? null : selection.getRangeAt(0);
      return { text: selection?.toString() ?? '', top: range?.getBoundingClientRect().top ?? -1 };
    });
    expect(second.text.toLowerCase()).toBe('stalinism');
    expect(await session.page.getByTestId('find-current').textContent()).toMatch(/^stalinism$/i);
    await input.press('Enter');
    await expect.poll(() => count.textContent()).toBe(`3 of ${expected}`);
    const third = await session.page.evaluate(
      () => window.getSelection()?.getRangeAt(0).getBoundingClientRect().top ?? -1,
    );
    expect(third).not.toBe(second.top);
    await input.press('Shift+Enter');
    await expect.poll(() => count.textContent()).toBe(`2 of ${expected}`);

    await input.press('Escape');
    await session.page.getByTestId('find-bar').waitFor({ state: 'detached' });
    expect(await session.page.locator('.find-match').count()).toBe(0);
    // The match stays selected, for the reader's tools.
    expect((await session.page.evaluate(() => window.getSelection()?.toString() ?? '')).toLowerCase()).toBe(
      'stalinism',
    );
    expect(await session.page.getByTestId('reader-text').count()).toBe(1);
  });

  it('opens a document from the command palette by part of its title', async () => {
    const documents = await session.app.library.service.listDocuments({});
    const review = documents.find((d) => !/USSR/.test(d.csl.title ?? ''));
    const words = (review?.csl.title ?? '').split(/\s+/);
    // The last word of its title, typed in lower case and missing a letter.
    const last = (words[words.length - 1] ?? '').toLowerCase();
    expect(last.length).toBeGreaterThan(4);
    await session.page.locator('body').click({ position: { x: 5, y: 5 } });
    await session.page.keyboard.press('Control+K');
    const input = session.page.getByTestId('palette-input');
    await input.waitFor();
    expect(await input.getAttribute('role')).toBe('combobox');
    await input.pressSequentially(last.slice(0, 2) + last.slice(3), { delay: 20 });
    const first = session.page.getByTestId('palette-option').first();
    await expect.poll(() => first.getAttribute('data-kind')).toBe('document');
    expect(await first.textContent()).toContain(review?.csl.title ?? '-');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    await expect.poll(() => session.page.getByTestId('reader-title').textContent()).toBe(review?.csl.title);
    expect(await session.page.getByTestId('palette').count()).toBe(0);
  });

  it('runs an action from the palette and clicks through a chart to its passages', async () => {
    const [economy, crisis] = [
      await session.app.library.service.createTag({ name: 'Economy' }),
      await session.app.library.service.createTag({ name: 'Crisis' }),
    ];
    const concordance = await session.app.library.service.concordance({ query: 'capitalism', limit: 5 });
    const lines = concordance.lines.slice(0, 3);
    await session.app.library.service.annotateOccurrences({
      occurrences: lines.map(({ documentId, start, end }) => ({ documentId, start, end })),
      tagIds: [economy.id, crisis.id],
    });
    await session.page.locator('body').click({ position: { x: 5, y: 5 } });
    await session.page.keyboard.press('Control+K');
    await session.page.getByTestId('palette-input').pressSequentially('statistics', { delay: 10 });
    await expect
      .poll(() => session.page.getByTestId('palette-option').first().getAttribute('data-kind'))
      .toBe('action');
    await session.page.getByTestId('palette-input').press('Enter');
    await session.page.getByTestId('statistics').waitFor();
    await session.page.getByTestId('chart-bar').first().waitFor();
    expect(await session.page.getByTestId('chart-bar').count()).toBe(2);
    expect(await session.page.getByTestId('chart-bin').count()).toBeGreaterThan(0);
    await session.page.getByTestId('chart-cell').first().click();
    await session.page.getByTestId('find-panel').waitFor();
    await expect.poll(() => session.page.getByTestId('passage-summary').textContent()).toBe('3 passages');
    expect(await session.page.getByTestId('passage-hit').count()).toBe(3);
    await session.page.getByTestId('passage-hit').first().click();
    await session.page.getByTestId('reader-text').waitFor();
    await session.page.waitForFunction(() => /^capitalism$/i.test(window.getSelection()?.toString() ?? ''));
  });
});
