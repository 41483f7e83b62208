import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { CorpusIndex, metaTermsOf } from './corpus-index';
import { deserializeIndex, IndexFileError, INDEX_FORMAT_VERSION, serializeIndex } from './index-file';
import {
  ByteReader,
  ByteWriter,
  decodeAscending,
  encodeAscending,
  encodeLayout,
  LayoutReader,
  layoutFits,
  varintSize,
} from './postings-codec';
import { parseQuery } from './query';
import { TermDictionary, withinDistance } from './term-dictionary';
import { forEachToken } from './tokenize';

const USSR = paragraphsText(fixtureText('ussr'));
const REVIEW = paragraphsText(fixtureText('review'));

const search = (index: CorpusIndex, query: string) => index.search(parseQuery(query), { limit: 50 });
/** What a search answers, spans included, as plain data. */
const answer = (index: CorpusIndex, query: string) => {
  const { hits, total } = search(index, query);
  return { total, hits: hits.map((hit) => ({ ...hit, document: hit.document.id })) };
};

describe('the postings encoding', () => {
  it('reads back varints of every size, up to 2³¹', () => {
    const values = [
      0,
      1,
      127,
      128,
      255,
      16_383,
      16_384,
      2_097_151,
      2_097_152,
      268_435_455,
      268_435_456,
      2 ** 31 - 1,
    ];
    const writer = new ByteWriter(4);
    for (const value of values) writer.varint(value);
    const bytes = writer.finish();
    expect(bytes.length).toBe(values.reduce((sum, value) => sum + varintSize(value), 0));
    const reader = new ByteReader(bytes);
    expect(values.map(() => reader.varint())).toEqual(values);
    expect(reader.at).toBe(bytes.length);
  });

  it('reads back ascending positions, small gaps and large ones', () => {
    const random = seededRandom(11);
    const positions: number[] = [];
    let at = 0;
    for (let i = 0; i < 5_000; i++) {
      // Mostly a few words apart, now and then hundreds of thousands or millions.
      at += random() < 0.01 ? 1 + Math.floor(random() * 5_000_000) : 1 + Math.floor(random() * 20);
      positions.push(at);
    }
    positions.push(at + 60_000_000);
    const bytes = encodeAscending(positions);
    expect([...decodeAscending(bytes, positions.length)]).toEqual(positions);
    // A common word costs about a byte an occurrence.
    expect(bytes.length).toBeLessThan(positions.length * 1.2);
    expect([...decodeAscending(encodeAscending([0]), 1)]).toEqual([0]);
    expect([...decodeAscending(encodeAscending([]), 0)]).toEqual([]);
  });

  it('finds every word’s span in the layout, forwards, backwards and past long gaps and words', () => {
    const text = `${USSR}\n\n${' '.repeat(500)}${'x'.repeat(70_000)} end ${'é'.repeat(40)} ok`;
    const starts: number[] = [];
    const lengths: number[] = [];
    forEachToken(text, (_, start, end) => {
      starts.push(start);
      lengths.push(Math.min(65_535, end - start));
    });
    const layout = encodeLayout(Int32Array.from(starts), Uint16Array.from(lengths), starts.length);
    expect(layoutFits(layout, starts.length, text.length)).toBe(true);
    expect(layoutFits(layout, starts.length + 1, text.length)).toBe(false);
    const reader = new LayoutReader(layout);
    const order = [...starts.keys()];
    const random = seededRandom(3);
    for (const position of [
      ...order,
      ...order.reverse(),
      ...order.map(() => Math.floor(random() * order.length)),
    ]) {
      reader.seek(position);
      expect([reader.start, reader.length]).toEqual([starts[position], lengths[position]]);
    }
    expect(layout.layout.length).toBeLessThan(starts.length * 1.2);
  });
});

describe('postings by term', () => {
  const documents = [
    { id: 'ussr', title: 'USSR 1989', text: USSR },
    { id: 'review', title: 'The collapse of Stalinism: a review', text: REVIEW },
    // One ends with the phrase's first word, the next begins with its second: no match across them.
    { id: 'end', title: 'Ends', text: 'Power to the workers' },
    { id: 'start', title: 'Starts', text: 'democracy was never given.' },
  ];
  const build = (order = documents) => {
    const index = new CorpusIndex();
    for (const { id, title, text } of order)
      index.put({ id, key: id, title, text, meta: metaTermsOf({ title }) });
    return index;
  };

  it('finds a phrase in each document holding it, at its place, and never across two documents', () => {
    const index = build();
    const { hits } = search(index, '"workers democracy"');
    expect(hits.map((hit) => hit.document.id).sort()).toEqual(['review', 'ussr']);
    for (const hit of hits)
      for (const span of hit.spans)
        expect(hit.document.text.slice(span.start, span.end)).toMatch(/^workers['’] democracy$/);
    expect(search(index, 'workers democracy').hits.map((hit) => hit.document.id)).toContain('end');
    const end = index.get('end');
    expect(end && index.occurrences(end, parseQuery('"workers democracy"').clauses[0]!)).toEqual([]);
  });

  it('answers the same after a merge, a removal and a re-adding, and after saving and loading', () => {
    const queries = [
      '"workers democracy"',
      'Gorbachev',
      'stalin*',
      'Gorbachov~',
      'the state',
      'review',
      'of the',
    ];
    const reference = build();
    const expected = queries.map((query) => answer(reference, query));
    const index = build();
    index.merge();
    expect(queries.map((query) => answer(index, query))).toEqual(expected);
    index.remove('ussr');
    expect(search(index, 'Gorbachev').hits.map((hit) => hit.document.id)).not.toContain('ussr');
    expect(index.dictionary.frequency(index.dictionary.idOf('glasnost'))).toBe(0);
    // Saved while the removed document's entries are still in the term lists: they stay skipped.
    const loadedWithout = deserializeIndex(Buffer.concat(serializeIndex(index)));
    expect(answer(loadedWithout, 'Gorbachev')).toEqual(answer(index, 'Gorbachev'));
    index.put({
      id: 'ussr',
      key: 'ussr',
      title: 'USSR 1989',
      text: USSR,
      meta: metaTermsOf({ title: 'USSR 1989' }),
    });
    // The same documents, the re-added one last: ties keep that order, so compare with it built so.
    const reordered = build([...documents.filter((d) => d.id !== 'ussr'), documents[0]!]);
    const again = queries.map((query) => answer(reordered, query));
    expect(queries.map((query) => answer(index, query))).toEqual(again);
    index.merge();
    expect(queries.map((query) => answer(index, query))).toEqual(again);
    const loaded = deserializeIndex(Buffer.concat(serializeIndex(index)));
    expect(queries.map((query) => answer(loaded, query))).toEqual(again);
    expect(loaded.dictionary.frequency(loaded.dictionary.idOf('glasnost'))).toBe(1);
  });

  it('keeps the spans of results already given when the index changes afterwards', () => {
    const index = build();
    const before = search(index, 'Gorbachev').hits;
    const expected = answer(build(), 'Gorbachev').hits.map((hit) => hit.spans);
    index.remove('ussr');
    index.merge();
    expect(before.map((hit) => hit.spans)).toEqual(expected);
  });

  it('refuses an index file of the earlier format as outdated, to be rebuilt', () => {
    const bytes = Buffer.concat(serializeIndex(build()));
    const earlier = Buffer.from(
      bytes.toString('latin1').replace(`"format":${INDEX_FORMAT_VERSION}`, '"format":1'),
      'latin1',
    );
    expect(() => deserializeIndex(earlier)).toThrow(expect.objectContaining({ reason: 'outdated' }));
    const merged = build();
    merged.merge();
    const whole = Buffer.concat(serializeIndex(merged));
    // A file cut short inside the term lists is refused too.
    expect(() => deserializeIndex(whole.subarray(0, whole.length - 8))).toThrow(IndexFileError);
  });
});

describe('fuzzy terms', () => {
  it('widens a word to exactly the terms within its edit distance', () => {
    const dictionary = new TermDictionary();
    const words = new Set<string>();
    forEachToken(`${USSR} ${REVIEW}`, (term) => {
      words.add(term);
    });
    const ids = Int32Array.from([...words].map((word) => dictionary.intern(word)));
    dictionary.count(ids, 1);
    for (const word of ['gorbachov', 'stalinsm', 'democrazy', 'sovet', 'wrkers', 'perestroika']) {
      const limit = word.length >= 8 ? 2 : 1;
      const brute = [...words]
        .filter((term) => withinDistance(word, term, limit))
        .map((term) => dictionary.idOf(term));
      expect(dictionary.idsNear(word, limit).sort((a, b) => a - b)).toEqual(brute.sort((a, b) => a - b));
    }
  });
});
