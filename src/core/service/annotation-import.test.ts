import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApiArgs, type ScholiaService } from '../../shared/api';
import { tagPathNames } from '../../shared/codebook';
import type { AnnotationImportReport } from '../../shared/export-options';
import type { ImportOutcome } from '../../shared/model';
import { importSource } from '../import';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { CLIPPINGS, ESSENTIAL, OXYGEN, POLAND, TERRIFIED } from '../export/test-clippings';
import { chosenPaths, selectorsFor, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const USSR = fixtureText('ussr');
const REVIEW = fixtureText('review');
const USSR_TEXT = paragraphsText(USSR);
const REVIEW_TEXT = paragraphsText(REVIEW);

/** The fixture articles' names in the library: the test importer titles a text by its file name. */
const USSR_FILE = 'USSR 1989 - the collapse of Stalinism.txt';
const REVIEW_FILE = 'The Collapse of Stalinism (Mentmore Press edition).txt';

async function open(folder: string): Promise<ScholiaService> {
  const grants = await chosenPaths({ read: [library.root], write: [library.root] });
  return library.open({ grants }, {}, join(library.root, folder));
}

/** Imports both fixture articles; resolves to their ids. */
async function importArticles(service: ScholiaService): Promise<{ ussr: string; review: string }> {
  const { outcomes } = await service.importFiles({
    sources: [upload(USSR_FILE, USSR), upload(REVIEW_FILE, REVIEW)],
  });
  const [ussr, review] = outcomes.map((outcome) => {
    if (outcome.status !== 'imported') throw new Error('a fixture did not import');
    return outcome.document.id;
  });
  if (ussr === undefined || review === undefined) throw new Error('a fixture did not import');
  return { ussr, review };
}

/** The report of the one annotation file imported by `importFiles`. */
function reportOf(outcome: ImportOutcome | undefined): AnnotationImportReport & { detected: string } {
  if (outcome?.status !== 'annotations')
    throw new Error(`not taken for annotations: ${JSON.stringify(outcome)}`);
  return { ...outcome.report, detected: outcome.detected };
}

describe('importing a Kindle’s clippings', () => {
  it('is detected by importFiles from a .txt file’s content and counts every entry', async () => {
    const service = await open('kindle');
    await importArticles(service);
    const { outcomes } = await service.importFiles({ sources: [upload('My Clippings.txt', CLIPPINGS)] });
    expect(reportOf(outcomes[0])).toMatchObject({
      detected: 'Kindle clippings',
      format: 'kindle',
      imported: 5,
      skipped: 2,
      failed: 2,
      tagsCreated: 0,
    });
  });

  it('places a highlight whose apostrophe differs from the text’s, quoting the text, with its note', async () => {
    const service = await open('kindle');
    const { ussr } = await importArticles(service);
    await service.importFiles({ sources: [upload('My Clippings.txt', CLIPPINGS)] });
    const annotations = await service.listAnnotations({ documentId: ussr });
    const poland = annotations.find((a) => a.selectors[0].exact.startsWith('Strikes by Poland'));
    expect(poland?.selectors).toEqual(
      selectorsFor(
        "Strikes by Poland's workers, which had given birth to Solidarnosc as a defiant independent trade union",
        0,
        USSR_TEXT,
      ),
    );
    expect(poland?.comment).toBe('Solidarnosc frightened Moscow.');
    expect(annotations.map((a) => a.selectors[0].exact).sort()).toEqual(
      [OXYGEN, poland?.selectors[0].exact, TERRIFIED].sort(),
    );
  });

  it('puts a highlight on the book its title names, though another document has the same words', async () => {
    const service = await open('kindle');
    const { ussr, review } = await importArticles(service);
    expect(USSR_TEXT).toContain('Eastern Europe');
    await service.importFiles({ sources: [upload('My Clippings.txt', CLIPPINGS)] });
    const onReview = await service.listAnnotations({ documentId: review });
    expect(onReview.map((a) => a.selectors[0].exact).sort()).toEqual([ESSENTIAL, 'Eastern Europe'].sort());
    expect(
      (await service.listAnnotations({ documentId: ussr })).map((a) => a.selectors[0].exact),
    ).not.toContain('Eastern Europe');
    expect(REVIEW_TEXT).toContain(ESSENTIAL);
  });

  it('reports the bookmark and the replaced highlight as skipped, the lone note and the German entry as failed', async () => {
    const service = await open('kindle');
    await importArticles(service);
    const report = await service.importAnnotations({ source: upload('My Clippings.txt', CLIPPINGS) });
    expect(report.outcomes.filter((o) => o.status !== 'imported').map((o) => [o.id, o.status])).toEqual([
      ['#4', 'skipped'],
      ['#5', 'skipped'],
      ['#8', 'failed'],
      ['#10', 'failed'],
    ]);
    expect(report.outcomes.find((o) => o.id === '#8')?.reason).toMatch(
      /^It could not be read: it is a note at location 900 of “The Collapse of Stalinism \(Mentmore Press edition\)”/,
    );
  });

  it('skips every highlight already there when the same clippings come again', async () => {
    const service = await open('kindle');
    await importArticles(service);
    await service.importAnnotations({ source: upload('My Clippings.txt', CLIPPINGS) });
    const again = await service.importAnnotations({ source: upload('My Clippings.txt', CLIPPINGS) });
    expect(again).toMatchObject({ imported: 0, skipped: 7, failed: 2 });
  });

  it('finds the document by the quote when no title matches, typographic apostrophe and all', async () => {
    const service = await open('kindle');
    const { ussr } = await importArticles(service);
    const clipping = [
      'A Title Scholia Does Not Have',
      '- Your Highlight on Location 31-33 | Added on Monday, 3 March 2025 10:12:33',
      '',
      POLAND,
      '==========',
      '',
    ].join('\r\n');
    const report = await service.importAnnotations({ source: upload('My Clippings.txt', clipping) });
    expect(report.outcomes).toMatchObject([{ status: 'imported', documentId: ussr }]);
  });

  it('says which title it looked for when the book is not in the library', async () => {
    const service = await open('kindle');
    const report = await service.importAnnotations({ source: upload('My Clippings.txt', CLIPPINGS) });
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      reason:
        'No document in the library is titled “USSR 1989: The collapse of Stalinism” or has this passage. Import the document first.',
    });
  });
});

/** Every passage of the library by what it means: its document's title, quote, place and tag paths. */
async function passages(service: ScholiaService) {
  const tags = await service.listTags({});
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const rows: { document: string; exact: string; start: number; end: number; tags: string[] }[] = [];
  for (const meta of await service.listDocuments({})) {
    for (const annotation of await service.listAnnotations({ documentId: meta.id })) {
      const [{ exact }, { start, end }] = annotation.selectors;
      rows.push({
        document: meta.csl.title ?? '',
        exact,
        start,
        end,
        tags: annotation.tagIds.map((id) => tagPathNames(byId, id).join(' / ')).sort(),
      });
    }
  }
  return rows.sort((a, b) => a.document.localeCompare(b.document) || a.start - b.start);
}

describe('a Taguette highlights CSV round trip into a fresh library', () => {
  it('brings back every passage, quote and tag path, detected from the .csv file’s header', async () => {
    const first = await open('first');
    const { ussr, review } = await importArticles(first);
    const causes = await first.createTag({ name: 'Causes' });
    const bureaucracy = await first.createTag({ name: 'Bureaucracy', parentId: causes.id });
    const voices = await first.createTag({ name: 'Voices, "first-hand"' });
    const highlight = (documentId: string, text: string, quote: string, tagIds: string[]) =>
      first.createAnnotation({ documentId, selectors: selectorsFor(quote, 0, text), tagIds });
    await highlight(ussr, USSR_TEXT, 'the ruling parasitic caste of bureaucrats', [
      bureaucracy.id,
      voices.id,
    ]);
    await highlight(ussr, USSR_TEXT, 'Strikes by Poland', [causes.id]);
    await highlight(ussr, USSR_TEXT, '- the vital oxygen needed', []);
    await highlight(review, REVIEW_TEXT, ESSENTIAL, [voices.id]);
    const before = await passages(first);
    expect(before).toHaveLength(4);

    const path = join(library.root, 'highlights.csv');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'taguette-csv' }, path }));
    expect(await readFile(path, 'utf8')).toMatch(/^id,document,tag,content\r\n/);

    const second = await open('second');
    await importArticles(second);
    const { outcomes } = await second.importFiles({ sources: [{ kind: 'path', path }] });
    expect(reportOf(outcomes[0])).toMatchObject({
      detected: 'a Taguette highlights CSV',
      format: 'taguette-csv',
      imported: 4,
      skipped: 0,
      failed: 0,
      tagsCreated: 3,
    });
    expect(await passages(second)).toEqual(before);
  });

  it('refuses a CSV that is not Taguette’s as a file Scholia cannot import, naming it', async () => {
    const grants = await chosenPaths({ read: [library.root] });
    // The app's own importer, which refuses what no format reads (the test importer takes anything).
    const service = await library.open({ grants, importSource });
    const path = join(library.root, 'budget.csv');
    await writeFile(path, 'year,amount\r\n1989,12\r\n');
    const { outcomes } = await service.importFiles({ sources: [{ kind: 'path', path }] });
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      error: {
        message: expect.stringMatching(
          /^Cannot import ".*budget\.csv": it is not an annotation file Scholia reads .*id,document,tag,content/,
        ) as unknown,
      },
    });
  });
});
