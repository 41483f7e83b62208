import { describe, expect, it } from 'vitest';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { CorpusIndex, metaTermsOf } from './corpus-index';
import { deserializeIndex, INDEX_FORMAT_VERSION, IndexFileError, serializeIndex } from './index-file';
import { parseQuery } from './query';

const REVIEW = paragraphsText(fixtureText('review'));
const USSR = paragraphsText(fixtureText('ussr'));

function indexOf(entries: { id: string; title: string; text: string; author?: string }[]): CorpusIndex {
  const index = new CorpusIndex();
  for (const { id, title, text, author } of entries) {
    const csl = { title, author: author === undefined ? undefined : [{ family: author }] };
    index.put({ id, key: id, title, text, meta: metaTermsOf(csl) });
  }
  return index;
}

function search(index: CorpusIndex, query: string, prefixLast = false) {
  return index.search(parseQuery(query, { prefixLast }), { limit: 50 }).hits;
}

const fixtures = () =>
  indexOf([
    { id: 'review', title: 'The collapse of Stalinism: a review', text: REVIEW },
    { id: 'ussr', title: 'USSR 1989', text: USSR },
  ]);

describe('the corpus index', () => {
  it('finds a phrase with straight and curly apostrophes in both articles, at its exact place', () => {
    const hits = search(fixtures(), '"workers’ democracy"');
    expect(hits.map((hit) => hit.document.id).sort()).toEqual(['review', 'ussr']);
    for (const hit of hits) {
      expect(hit.matchCount).toBeGreaterThanOrEqual(2);
      for (const span of hit.spans)
        expect(hit.document.text.slice(span.start, span.end)).toMatch(/^workers['’] democracy$/);
    }
  });

  it('finds a hyphenated word as a whole and by its parts', () => {
    const index = fixtures();
    const whole = search(index, 'post-Stalinist');
    expect(whole.map((hit) => hit.document.id)).toEqual(['review']);
    const span = whole[0]!.spans[0]!;
    expect(REVIEW.slice(span.start, span.end)).toBe('post-Stalinist');
    const part = search(index, 'Stalinist');
    expect(
      part.find((hit) => hit.document.id === 'review')?.spans.some((s) => s.start === span.start + 5),
    ).toBe(true);
  });

  it('ranks a document with the words as a phrase above one with them scattered', () => {
    const filler = 'Some ordinary words about the weather and the harvest follow here. ';
    const index = indexOf([
      {
        id: 'scattered',
        title: 'One',
        text: `Democracy was promised. ${filler.repeat(5)} The workers waited.`,
      },
      {
        id: 'phrase',
        title: 'Two',
        text: `${filler.repeat(3)} They demanded workers' democracy. ${filler.repeat(2)}`,
      },
    ]);
    expect(search(index, 'workers democracy').map((hit) => hit.document.id)).toEqual(['phrase', 'scattered']);
  });

  it('ranks a title match above a match in the text alone', () => {
    const index = indexOf([
      {
        id: 'text',
        title: 'Notes',
        text: 'The vouchers were sold to speculators within a year. Nobody kept them.',
      },
      {
        id: 'title',
        title: 'Vouchers and privatisation',
        text: 'Speculators bought the vouchers within a year. Nobody kept them.',
      },
    ]);
    const hits = search(index, 'vouchers');
    expect(hits.map((hit) => hit.document.id)).toEqual(['title', 'text']);
    expect(hits[0]!.metaFields).toEqual(['title']);
    expect(search(index, 'privatisation')[0]?.document.id).toBe('title');
  });

  it('matches authors, prefixes and misspellings', () => {
    const index = indexOf([
      { id: 'review', title: 'Review', text: REVIEW, author: 'Kuzniar' },
      { id: 'ussr', title: 'USSR 1989', text: USSR },
    ]);
    expect(search(index, 'Kuzniar').map((hit) => hit.document.id)).toEqual(['review']);
    expect(search(index, 'perestro', true).length).toBeGreaterThan(0);
    expect(search(index, 'perestro', false)).toEqual([]);
    expect(search(index, 'Gorbachov~').map((hit) => hit.document.id)).toContain('ussr');
    expect(search(index, 'Gorbachov')).toEqual([]);
  });

  it('answers bad queries without failing', () => {
    const index = fixtures();
    for (const query of [
      '.*(',
      '[a-z]+$',
      '"',
      '"""',
      '\\',
      '((((',
      '~',
      '*',
      '',
      '   ',
      'x'.repeat(10_000),
      '?'.repeat(10_000),
    ]) {
      expect(() => search(index, query, true)).not.toThrow();
    }
    expect(search(index, '.*(')).toEqual([]);
    // Only stop words: looked for as a phrase.
    const stop = search(index, 'of the');
    expect(stop.length).toBe(2);
    expect(
      stop[0]!.spans.every((span) => /^of\s+the$/i.test(stop[0]!.document.text.slice(span.start, span.end))),
    ).toBe(true);
    // Stop words beside other words do not count towards the match.
    expect(search(index, 'the zzzunknown')).toEqual([]);
  });

  it('stays current as documents are added, replaced and removed', () => {
    const index = fixtures();
    expect(search(index, 'glasnost').length).toBeGreaterThan(0);
    index.put({
      id: 'ussr',
      key: 'edited',
      title: 'USSR',
      text: 'An entirely new text about vouchers.',
      meta: metaTermsOf({}),
    });
    expect(search(index, 'vouchers').map((hit) => hit.document.id)).toEqual(['ussr']);
    expect(search(index, 'Gorbachev').map((hit) => hit.document.id)).not.toContain('ussr');
    index.remove('ussr');
    expect(search(index, 'vouchers')).toEqual([]);
    expect(index.dictionary.frequency(index.dictionary.idOf('vouchers'))).toBe(0);
  });

  it('reads back from its file exactly, and refuses a damaged or outdated file', () => {
    const index = fixtures();
    const bytes = Buffer.concat(serializeIndex(index));
    const loaded = deserializeIndex(bytes);
    for (const query of ['"workers democracy"', 'Gorbachev', 'post-Stalinist', 'review']) {
      expect(search(loaded, query)).toEqual(search(index, query));
    }
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 100] = (damaged[damaged.length - 100]! + 1) % 256;
    expect(() => deserializeIndex(damaged)).toThrow(IndexFileError);
    expect(() => deserializeIndex(bytes.subarray(0, bytes.length - 10))).toThrow(IndexFileError);
    expect(() => deserializeIndex(Buffer.from('not an index'))).toThrow(IndexFileError);
    const outdated = Buffer.from(
      bytes.toString('latin1').replace(`"format":${INDEX_FORMAT_VERSION}`, '"format":9'),
      'latin1',
    );
    expect(() => deserializeIndex(outdated)).toThrow(expect.objectContaining({ reason: 'outdated' }));
  });
});
