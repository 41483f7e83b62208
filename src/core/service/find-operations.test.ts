import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../shared/dispatch';
import type { SearchIndexProgress } from '../../shared/find';
import { createLibraryEvents } from '../events';
import { indexFilePath } from '../search/index-file';
import { SearchKeeper, type SearchKeeperOptions } from '../search/search-keeper';
import { terms } from '../search/tokenize';
import { LibraryStore } from '../store/library-store';
import { editText, fixtureText } from '../store/test-documents';
import { TEST_DEVICE } from '../store/test-store';
import { createLibraryService } from './library-service';
import { failure, importText, importUssr, selectorsFor, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();
const REVIEW = fixtureText('review');

describe('corpus search through the service', () => {
  it('finds imported documents, follows an edit of the text, a rename and a deletion', async () => {
    const service = await library.open();
    const ussr = await importUssr(service);
    const [review] = (await service.importFiles({ sources: [upload('review.txt', REVIEW)] })).outcomes;
    if (review?.status !== 'imported') throw new Error('the review did not import');
    const reviewId = review.document.id;

    const found = await service.searchCorpus({ query: '"workers democracy"' });
    expect(found.documents.map((d) => d.documentId).sort()).toEqual([ussr, reviewId].sort());
    const snippet = found.documents[0]!.snippets[0]!;
    const shown = snippet.highlights.map((h) => snippet.text.slice(h.start, h.end));
    expect(shown[0]).toMatch(/^workers['’] democracy$/);

    // Edit: replace the first paragraph of the USSR article with a new sentence.
    const { doc } = await service.getDocument({ documentId: ussr });
    const edit = editText(doc, [], (transform) => {
      const first = transform.doc.child(0);
      transform.replaceWith(
        1,
        first.nodeSize - 1,
        transform.doc.type.schema.text('Zyxwv vouchers were issued.'),
      );
    });
    await service.updateDocumentText({ documentId: ussr, doc: edit.doc, annotations: [], baseRevision: 0 });
    const edited = await service.searchCorpus({ query: 'zyxwv' });
    expect(edited.documents.map((d) => d.documentId)).toEqual([ussr]);
    expect(edited.documents[0]!.snippets[0]!.matches[0]).toEqual({ start: 0, end: 5 });

    await service.renameDocument({ documentId: reviewId, title: 'Qwertyuiop essays' });
    const renamed = await service.searchCorpus({ query: 'qwertyuiop' });
    expect(renamed.documents).toMatchObject([{ documentId: reviewId, metaFields: ['title'], matchCount: 0 }]);

    await service.deleteDocument({ documentId: ussr });
    expect((await service.searchCorpus({ query: 'zyxwv' })).documents).toEqual([]);
    expect(
      (await service.searchCorpus({ query: '"workers democracy"' })).documents.map((d) => d.documentId),
    ).toEqual([reviewId]);
  });

  it('follows renames made within the same millisecond, and a change of authors', async () => {
    const frozen = new Date('2026-12-04T05:00:00.000Z');
    const service = await library.open({ importSource: importText, now: () => frozen });
    const ussr = await importUssr(service);
    await service.searchCorpus({ query: 'Stalinism' });
    for (const n of [1, 2, 3]) {
      await service.renameDocument({ documentId: ussr, title: `Same moment zqsame${String(n)}` });
      const found = await service.searchCorpus({ query: `zqsame${String(n)}`, prefix: false });
      expect(found.documents.map((d) => d.documentId)).toEqual([ussr]);
    }
    const { meta } = await service.getDocument({ documentId: ussr });
    await service.updateDocumentMetadata({ documentId: ussr, csl: { ...meta.csl, author: [{ family: 'Zqauthorson' }] } });
    expect((await service.searchCorpus({ query: 'zqauthorson', prefix: false })).documents).toMatchObject([
      { documentId: ussr, metaFields: ['authors'] },
    ]);
  });

  it('refuses a query over 10,000 characters with a message, and answers odd ones', async () => {
    const service = await library.open();
    await importUssr(service);
    const long = await dispatchApiCall(service, 'searchCorpus', { query: 'a'.repeat(10_001) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toContain('at most 10,000 characters');
    for (const query of ['.*(', '"unclosed', '“curly”', 'the', 'a'.repeat(10_000), '***~~~']) {
      const result = await service.searchCorpus({ query });
      expect(Array.isArray(result.documents)).toBe(true);
    }
    expect((await service.searchCorpus({ query: 'a'.repeat(10_000) })).truncated).toBe(true);
    expect((await failure(service.searchCorpus({ query: 'x', documentIds: ['nope'] }))).code).toBe(
      'not-found',
    );
  });
});

describe('the search index on disk', () => {
  async function openWithKeeper(dir: string, options: SearchKeeperOptions = {}) {
    const store = await LibraryStore.open(dir, { owner: 'the search tests', device: TEST_DEVICE });
    const events = createLibraryEvents();
    const progress: SearchIndexProgress[] = [];
    events.on('search-index-progress', (event) => progress.push(event));
    const keeper = new SearchKeeper(store, events, options);
    const service = createLibraryService(store, events, { importSource: importText, search: keeper });
    const close = async () => {
      await keeper.close();
      await store.close();
    };
    return { service, progress, close };
  }

  /**
   * The phases reported, each once: how many 'indexing' events come between depends on how often the
   * work paused, which depends on the machine's speed.
   */
  function phases(progress: readonly { phase: string }[]): string[] {
    return progress.map((p) => p.phase).filter((phase, i, all) => i === 0 || all[i - 1] !== phase);
  }

  it('is saved, loaded at the next opening without indexing, and rebuilt when damaged', async () => {
    const first = await openWithKeeper(library.dir);
    await importUssr(first.service);
    expect((await first.service.searchCorpus({ query: 'Gorbachev' })).documents).toHaveLength(1);
    expect(phases(first.progress)).toEqual(['loading', 'indexing', 'ready']);
    expect(first.progress[1]?.reason).toBe('missing');
    await first.close();
    const saved = await readFile(indexFilePath(join(library.dir, 'local', TEST_DEVICE.id)));
    expect(saved.length).toBeGreaterThan(1000);

    const second = await openWithKeeper(library.dir);
    expect((await second.service.searchCorpus({ query: 'Gorbachev' })).documents).toHaveLength(1);
    expect(phases(second.progress)).toEqual(['loading']);
    await second.close();

    const damaged = Buffer.from(saved);
    damaged[damaged.length - 50] = (damaged[damaged.length - 50]! + 7) % 256;
    await writeFile(indexFilePath(join(library.dir, 'local', TEST_DEVICE.id)), damaged);
    const third = await openWithKeeper(library.dir);
    expect((await third.service.searchCorpus({ query: 'Gorbachev' })).documents).toHaveLength(1);
    expect(phases(third.progress)).toEqual(['loading', 'indexing', 'ready']);
    expect(third.progress.slice(1).every((p) => p.reason === 'corrupt')).toBe(true);
    await third.close();
    expect(
      Buffer.compare(await readFile(indexFilePath(join(library.dir, 'local', TEST_DEVICE.id))), saved),
    ).toBe(0);
  });

  it('answers a search asked while it is still following a rename with the new title', async () => {
    // Every slice of indexing gives the event loop a turn, as on a busy machine.
    const { service, close } = await openWithKeeper(library.dir, { sliceMs: -1 });
    const ussr = await importUssr(service);
    await service.searchCorpus({ query: 'Stalinism' });
    for (let n = 0; n < 5; n++) {
      await service.renameDocument({ documentId: ussr, title: `Renamed zqrename${String(n)}` });
      // The index starts following the change on the next turn; a search asked meanwhile waits for it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const found = await service.searchCorpus({ query: `zqrename${String(n)}`, prefix: false });
      expect(found.documents.map((d) => d.documentId)).toEqual([ussr]);
    }
    await close();
  });

  it('indexes documents imported while it was closed', async () => {
    const first = await openWithKeeper(library.dir);
    await importUssr(first.service);
    await first.service.searchCorpus({ query: 'x' });
    await first.close();
    const other = await openWithKeeper(library.dir);
    await other.service.importFiles({ sources: [upload('review.txt', REVIEW)] });
    await other.close();
    const third = await openWithKeeper(library.dir);
    expect((await third.service.searchCorpus({ query: '"workers democracy"' })).documents).toHaveLength(2);
    expect(phases(third.progress)).toEqual(['loading', 'indexing', 'ready']);
    expect(third.progress.map((p) => p.total)).toEqual([2, ...third.progress.slice(1).map(() => 1)]);
    await third.close();
  });
});

describe('the concordance', () => {
  it('gives aligned lines, sorted by the word on the left or right, with counts per document', async () => {
    const service = await library.open();
    const ussr = await importUssr(service);
    const result = await service.concordance({ query: 'workers', width: 30 });
    expect(result.total).toBeGreaterThan(10);
    expect(result.perDocument).toEqual([{ documentId: ussr, title: 'ussr-1989', count: result.total }]);
    for (const line of result.lines) {
      expect(line.left).toHaveLength(30);
      expect(line.right).toHaveLength(30);
      expect(line.keyword.toLowerCase()).toBe('workers');
    }
    const byRight = await service.concordance({ query: 'workers', width: 30, sort: 'right' });
    const rightWords = byRight.lines.map((line) => terms(line.right)[0] ?? '');
    expect(rightWords).toEqual([...rightWords].sort());
    const byLeft = await service.concordance({ query: 'workers', width: 30, sort: 'left' });
    const leftWords = byLeft.lines.map((line) => terms(line.left).at(-1) ?? '');
    expect(leftWords).toEqual([...leftWords].sort());
    expect(new Set(byLeft.lines.map((l) => l.start))).toEqual(new Set(result.lines.map((l) => l.start)));
  });

  it('keeps only occurrences inside passages with a tag or its sub-tags, and tags three lines at once', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const economy = await service.createTag({ name: 'Economy' });
    const markets = await service.createTag({ name: 'Markets', parentId: economy.id });
    const passage = 'a disastrous rush into authoritarian capitalism';
    await service.createAnnotation({ documentId, selectors: selectorsFor(passage), tagIds: [markets.id] });
    const tagged = await service.concordance({ query: 'capitalism', tagId: economy.id });
    expect(tagged.total).toBe(1);
    expect(tagged.lines[0]!.keyword).toBe('capitalism');
    const all = await service.concordance({ query: 'capitalism' });
    expect(all.total).toBeGreaterThan(1);

    const three = all.lines
      .slice(0, 3)
      .map(({ documentId: id, start, end }) => ({ documentId: id, start, end }));
    const report = await service.annotateOccurrences({
      occurrences: three,
      tagIds: [economy.id],
      color: 'green',
    });
    expect(report.created + report.updated).toBe(3);
    const annotations = await service.listAnnotations({ documentId });
    for (const { start, end } of three) {
      const made = annotations.find((a) => a.selectors[1].start === start && a.selectors[1].end === end);
      expect(made).toMatchObject({ color: 'green', tagIds: [economy.id] });
      expect(made!.selectors[0].exact).toBe('capitalism');
    }
    // The same occurrences again: no duplicates, the tag is added once.
    const again = await service.annotateOccurrences({ occurrences: three, tagIds: [markets.id] });
    expect(again).toMatchObject({ created: 0, updated: 3 });
    expect((await service.listAnnotations({ documentId })).length).toBe(annotations.length);

    // A bad occurrence among good ones changes nothing.
    const before = await service.listAnnotations({ documentId });
    const bad = await failure(
      service.annotateOccurrences({
        occurrences: [...three, { documentId, start: 10, end: 10_000_000 }],
        tagIds: [economy.id],
      }),
    );
    expect(bad.message).toContain('outside the text');
    expect(await service.listAnnotations({ documentId })).toEqual(before);
  });
});

describe('annotation search and reading statistics', () => {
  it('finds annotations by quote, comment and tag name, with filters', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const economy = await service.createTag({ name: 'Economy' });
    const crisis = await service.createTag({ name: 'Crisis', parentId: economy.id });
    await service.createAnnotation({
      documentId,
      selectors: selectorsFor('the collapse of Stalinism'),
      color: 'red',
      comment: 'Key turning point',
    });
    await service.createAnnotation({
      documentId,
      selectors: selectorsFor('capitalist restoration'),
      tagIds: [crisis.id],
    });
    expect((await service.searchAnnotations({ query: 'stalinism' })).hits.map((h) => h.matchedIn)).toEqual([
      ['quote'],
    ]);
    expect((await service.searchAnnotations({ query: 'turning poi' })).hits.map((h) => h.matchedIn)).toEqual([
      ['comment'],
    ]);
    expect(
      (await service.searchAnnotations({ query: 'crisis' })).hits.map((h) => h.annotation.selectors[0].exact),
    ).toEqual(['capitalist restoration']);
    expect((await service.searchAnnotations({ tagId: economy.id })).total).toBe(1);
    expect((await service.searchAnnotations({ tagId: economy.id, includeSubTags: false })).total).toBe(0);
    expect((await service.searchAnnotations({ colors: ['red'] })).total).toBe(1);
    expect((await service.searchAnnotations({ from: '2999-01-01T00:00:00.000Z' })).total).toBe(0);
    expect((await service.searchAnnotations({ query: '.*[(' })).total).toBe(0);
  });

  it('counts passages per tag, co-occurrences and density along the document', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const economy = await service.createTag({ name: 'Economy' });
    const crisis = await service.createTag({ name: 'Crisis', parentId: economy.id });
    const people = await service.createTag({ name: 'People' });
    await service.createAnnotation({
      documentId,
      selectors: selectorsFor('the collapse of Stalinism'),
      tagIds: [crisis.id, people.id],
    });
    await service.createAnnotation({
      documentId,
      selectors: selectorsFor('capitalist restoration'),
      tagIds: [crisis.id],
    });
    const stats = await service.readingStatistics({ bins: 10 });
    const byName = new Map(stats.tags.map((t) => [t.name, t]));
    expect(byName.get('Crisis')).toMatchObject({
      passages: 2,
      passagesWithSubTags: 2,
      documents: 1,
      path: 'Economy › Crisis',
    });
    expect(byName.get('Economy')).toMatchObject({ passages: 0, passagesWithSubTags: 2 });
    const i = stats.cooccurrence.tagIds.indexOf(crisis.id);
    const j = stats.cooccurrence.tagIds.indexOf(people.id);
    expect(stats.cooccurrence.counts[i]![j]).toBe(1);
    expect(stats.cooccurrence.counts[i]![i]).toBe(2);
    const [row] = stats.density;
    expect(row!.bins).toHaveLength(10);
    expect(row!.bins.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    const first = selectorsFor('the collapse of Stalinism')[1].start;
    expect(row!.bins[Math.floor(first / row!.binSize)]).toBeGreaterThan(0);
  });
});
