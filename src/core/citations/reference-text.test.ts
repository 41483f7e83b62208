import { describe, expect, it } from 'vitest';
import { bibtexFile, oddRisFile } from '../../../tests/support/hostile-inputs';
import { isBibtexReference, splitBibtex, splitCslJson, splitRis } from './reference-text';

describe('splitBibtex', () => {
  it('cuts a file into its commands by their braces or parentheses, each with the line it starts on', () => {
    const text = [
      '% exported by a reference manager',
      '@string{ st = "Socialism Today" }',
      '@comment{ this is not an entry }',
      '@article{one, title = {A {Nested} Title}, journal = st, year = 2009}',
      '@book(two, title = "Round (and) Brackets", year = {2010})',
      'an @ between entries is a comment',
      '@article{three, title = {Three}, journal = st # { Monthly }, year = 2011}',
    ].join('\n');
    const spans = splitBibtex(text);
    expect(spans.map(({ kind, line, closed }) => ({ kind, line, closed }))).toEqual([
      { kind: 'string', line: 2, closed: true },
      { kind: 'comment', line: 3, closed: true },
      { kind: 'article', line: 4, closed: true },
      { kind: 'book', line: 5, closed: true },
      { kind: 'article', line: 7, closed: true },
    ]);
    expect(spans.filter(isBibtexReference)).toHaveLength(3);
    expect(text.slice(spans[3]?.start, spans[3]?.end)).toBe(
      '@book(two, title = "Round (and) Brackets", year = {2010})',
    );
  });

  it('ends an entry whose braces do not balance at the next line that starts an entry, so the rest are read', () => {
    const text = '@article{oops,\n  title = {never closed,\n  year = 2009\n}\n@book{fine, title = {Fine}}\n';
    const spans = splitBibtex(text);
    expect(spans.map(({ kind, line, closed }) => ({ kind, line, closed }))).toEqual([
      { kind: 'article', line: 1, closed: false },
      { kind: 'book', line: 5, closed: true },
    ]);
  });

  it('counts a generated file of 600 entries', () => {
    expect(splitBibtex(bibtexFile(600)).filter(isBibtexReference)).toHaveLength(600);
  });
});

describe('splitRis', () => {
  it('cuts records at their TY lines, however the tag is spaced, continuation lines and records without ER included', () => {
    expect(splitRis(oddRisFile(40))).toHaveLength(40);
    const spans = splitRis('TY  - BOOK\nTI  - One\nER  - \nTY - JOUR\nTI - Two\nty  - book\nTI  -Three\n');
    expect(spans.map((span) => span.line)).toEqual([1, 4, 6]);
  });

  it('keeps text before the first record with it, and finds no records in text without TY lines', () => {
    const text = 'Exported 2026-01-01\nTY  - BOOK\nTI  - One\nER  - \nTY  - BOOK\nTI  - Two\nER  - \n';
    const spans = splitRis(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([
      'Exported 2026-01-01\nTY  - BOOK\nTI  - One\nER  - \n',
      'TY  - BOOK\nTI  - Two\nER  - \n',
    ]);
    expect(spans[0]?.line).toBe(2);
    expect(splitRis('no records here')).toEqual([]);
  });
});

describe('splitCslJson', () => {
  it('cuts an array into its items, brackets inside strings ignored', () => {
    const text = '[\n {"id": "a", "title": "On [brackets] and {braces}"},\n {"id": "b"}\n]';
    const spans = splitCslJson(text);
    expect(spans?.map((span) => span.line)).toEqual([2, 3]);
    expect(spans?.map((span) => JSON.parse(text.slice(span.start, span.end)) as unknown)).toEqual([
      { id: 'a', title: 'On [brackets] and {braces}' },
      { id: 'b' },
    ]);
  });

  it('leaves a single item, or an array of anything but objects, to be parsed whole', () => {
    expect(splitCslJson('{"id": "a"}')).toBeNull();
    expect(splitCslJson('[1, 2]')).toBeNull();
  });
});
