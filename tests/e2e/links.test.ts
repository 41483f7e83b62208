/**
 * Links between passages, in a real browser over the real core: a passage of one text linked to a
 * passage of another with the keyboard (L, search, Enter) and with the mouse, shown on both cards,
 * followed to the other text and back (Alt+← and the Back button), and undone; the dialog and the
 * card pass axe-core, light and dark.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { displayTitle } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON } from '../../src/shared/schema';
import { passageSelectors } from '../../src/shared/test-annotations';
import { expectAccessibleIn } from '../support/axe';
import { REVIEW_FIXTURE, USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const CLAIM = 'THE CAPITALIST media milked the celebrations';
const ANSWER = 'This book can hopefully play a role in helping to clear that fog.';

/** Where to save screenshots of the dialog and the card, when set. */
const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

const session = useE2eSession({ viewport: { width: 1440, height: 900 } });

let titles: { ussr: string; review: string } = { ussr: '', review: '' };

/** Highlights `exact` in document `documentId` through the core, as if made earlier. */
async function highlight(documentId: string, exact: string): Promise<void> {
  const service = session.app.library.service;
  const { doc } = await service.getDocument({ documentId });
  const text = projectDocument(docFromJSON(doc)).text;
  await service.createAnnotation({ documentId, selectors: passageSelectors(text, exact), color: 'yellow' });
}

beforeEach(async () => {
  const [ussr, review] = await session.importFixtures([USSR_FIXTURE, REVIEW_FIXTURE]);
  await highlight(ussr!, CLAIM);
  await highlight(ussr!, 'the fall of the Berlin Wall');
  await highlight(review!, ANSWER);
  const metas = await session.app.library.service.listDocuments({});
  const titleOf = (id: string | undefined) => displayTitle(metas.find((meta) => meta.id === id)!);
  titles = { ussr: titleOf(ussr), review: titleOf(review) };
  await session.page.reload();
});

const page = () => session.page;
const card = (quote: string) =>
  page()
    .getByTestId('annotation-card')
    .filter({ hasText: quote.slice(0, 30) });

async function openDocument(title: string): Promise<void> {
  await page().getByTestId('document-row').filter({ hasText: title }).getByTestId('open-document').click();
  await page().getByTestId('reader-text').waitFor();
}

async function openCard(quote: string): Promise<void> {
  await page().locator('[data-testid="reader-text"] mark.hl').first().click();
  await expect.poll(() => card(quote).getAttribute('aria-current')).toBe('true');
}

describe('links between passages', () => {
  it('links two texts’ passages with the keyboard, follows the link there and comes back', async () => {
    await openDocument(titles.ussr);
    await openCard(CLAIM);
    await page().keyboard.press('l');
    const dialog = page().getByTestId('link-dialog');
    await dialog.getByTestId('link-search').waitFor();
    await page().keyboard.type('fog');
    await expect
      .poll(() => dialog.getByTestId('link-candidate').first().textContent())
      .toContain('clear that fog');
    if (SCREENSHOTS !== undefined) await dialog.screenshot({ path: join(SCREENSHOTS, 'link-dialog.png') });
    await expectAccessibleIn(page(), 'the link dialog with passages found');
    await dialog.getByTestId('link-relation').selectOption('contradicts');
    await dialog.getByTestId('link-search').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const link = card(CLAIM).getByTestId('card-link');
    await expect.poll(() => link.textContent()).toContain('contradicts');
    expect(await link.textContent()).toContain(`in ${titles.review}`);
    if (SCREENSHOTS !== undefined) await card(CLAIM).screenshot({ path: join(SCREENSHOTS, 'link-card.png') });
    await expectAccessibleIn(page(), 'a card with its links');
    // The margin can show only the linked passages.
    await page().getByTestId('margin-link-filter').selectOption({ label: 'Linked passages' });
    await expect.poll(() => page().getByTestId('margin-count').textContent()).toBe('1 of 2');
    await page()
      .getByTestId('margin-link-filter')
      .selectOption({ label: 'contradicts / is contradicted by' });
    await expect.poll(() => page().getByTestId('margin-count').textContent()).toBe('1 of 2');
    await page().getByTestId('margin-link-filter').selectOption({ label: 'With or without links' });
    const [saved] = await session.app.library.service.listLinks({});
    expect(saved?.link.relationId).toBe('contradicts');
    expect([saved?.from.quote, saved?.to.quote]).toEqual([CLAIM, ANSWER]);

    // Following the link opens the review at its passage, whose card reads the link the other way.
    await link.getByTestId('follow-link').click();
    await expect.poll(() => page().getByTestId('reader-title').textContent()).toBe(titles.review);
    await expect.poll(() => page().getByTestId('back-button').textContent()).toContain('Back');
    await openCard(ANSWER);
    await expect
      .poll(() => card(ANSWER).getByTestId('card-link').textContent())
      .toContain('is contradicted by');

    // Alt+← comes back to the first text, then to the library.
    await page().keyboard.press('Escape');
    await page().keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page().getByTestId('reader-title').textContent()).toBe(titles.ussr);
    await expect.poll(() => page().getByTestId('back-button').textContent()).toContain('Library');
    await page().keyboard.press('Alt+ArrowLeft');
    await page().getByTestId('document-row').first().waitFor();
  });

  it('links with the mouse, and Undo takes the link back', async () => {
    await openDocument(titles.review);
    await openCard(ANSWER);
    await card(ANSWER).getByTestId('add-link').click();
    const dialog = page().getByTestId('link-dialog');
    await dialog.getByTestId('link-search').fill('celebrations');
    const candidate = dialog.getByTestId('link-candidate').filter({ hasText: 'celebrations' });
    await candidate.click();
    await dialog.getByTestId('link-comment').fill('The review answers the media.');
    await dialog.getByTestId('link-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const link = card(ANSWER).getByTestId('card-link');
    await expect.poll(() => link.textContent()).toContain('supports');
    expect(await link.textContent()).toContain('The review answers the media.');

    await page().getByTestId('reader-text').focus();
    await page().keyboard.press('Control+z');
    await expect.poll(() => session.app.library.service.listLinks({}).then((links) => links.length)).toBe(0);
    await expect.poll(() => card(ANSWER).getByTestId('card-link').count()).toBe(0);
  });

  it('removes a link from its card', async () => {
    await openDocument(titles.ussr);
    await openCard(CLAIM);
    await page().keyboard.press('l');
    const dialog = page().getByTestId('link-dialog');
    await dialog.getByTestId('link-search').waitFor();
    await page().keyboard.type('fog');
    await expect.poll(() => dialog.getByTestId('link-candidate').count()).toBeGreaterThan(0);
    await page().keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await card(CLAIM).getByTestId('remove-link').click();
    await expect.poll(() => card(CLAIM).getByTestId('card-link').count()).toBe(0);
    expect(await session.app.library.service.listLinks({})).toEqual([]);
  });

  it('adds a relation and renames a shipped one in the codebook, and offers them when linking', async () => {
    await openDocument(titles.ussr);
    await page().keyboard.press('t');
    const panel = page().getByTestId('codebook-panel');
    await panel.waitFor();
    await panel.getByTestId('link-relations').locator('summary').click();
    await panel.getByTestId('new-relation-name').fill('qualifies');
    await panel.getByTestId('new-relation-inverse').fill('is qualified by');
    await panel.getByTestId('add-relation').click();
    const quotes = panel.getByLabel('Relation “quotes”, as read from the passage it starts at');
    await quotes.fill('cites');
    await quotes.press('Enter');
    await expect
      .poll(async () =>
        (await session.app.library.service.listLinkRelations({})).map((relation) => relation.name),
      )
      .toEqual(['supports', 'contradicts', 'elaborates', 'cites', 'answers', 'same claim as', 'qualifies']);
    await expectAccessibleIn(page(), 'the codebook’s link relations');
    // Escape in a field with text in it is the field's; from the section's heading it closes the panel.
    await panel.getByTestId('link-relations').locator('summary').focus();
    await page().keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await openCard(CLAIM);
    await page().keyboard.press('l');
    const options = await page().getByTestId('link-relation').locator('option').allTextContents();
    expect(options).toContain('qualifies');
    expect(options).toContain('cites');
  });
});
