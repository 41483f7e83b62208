import { describe, expect, it } from 'vitest';
import { bibtexFile, oddRisFile } from '../../../tests/support/hostile-inputs';
import { parseReferences } from './citation-js';
import { splitBibtex, splitRis, type ReferenceText } from './reference-text';

/** `cut`'s entries parsed `size` at a time, each part with the prefix, as reference import parses them. */
function inParts(cut: ReferenceText, kind: 'bibtex' | 'ris', size: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let from = 0; from < cut.entries.length; from += size) {
    items.push(
      ...parseReferences(cut.prefix + cut.entries.slice(from, from + size).join(cut.separator), kind),
    );
  }
  return items;
}

describe('splitBibtex', () => {
  it('cuts entries by their braces or parentheses, keeps macros for every part, and leaves comments out', () => {
    const text = [
      '% exported by a reference manager',
      '@string{ st = "Socialism Today" }',
      '@comment{ this is not an entry }',
      '@article{one, title = {A {Nested} Title}, journal = st, year = 2009}',
      '@book(two, title = "Round (and) Brackets", year = {2010})',
      '@article{three, title = {Three}, journal = st # { Monthly }, year = 2011}',
    ].join('\n');
    const cut = splitBibtex(text);
    expect(cut?.entries).toHaveLength(3);
    expect(cut?.prefix).toContain('@string{ st = "Socialism Today" }');
    expect(cut?.whole).toBe(false);
    if (cut === null) return;
    const parts = inParts(cut, 'bibtex', 1);
    expect(parts).toEqual(parseReferences(text, 'bibtex'));
    // The macro reached the last part too.
    expect(parts[2]?.['container-title']).toMatch(/^Socialism Today Monthly/);
  });

  it('gives up on unbalanced braces, and keeps entries that refer to each other together', () => {
    expect(splitBibtex('@article{oops, title = {never closed')).toBeNull();
    expect(splitBibtex('@inproceedings{a, crossref = {b}}\n@proceedings{b, title = {P}}')?.whole).toBe(true);
  });

  it('parses a generated file in parts exactly as whole', () => {
    const text = bibtexFile(600);
    const cut = splitBibtex(text);
    expect(cut?.entries).toHaveLength(600);
    if (cut !== null) expect(inParts(cut, 'bibtex', 250)).toEqual(parseReferences(text, 'bibtex'));
  });
});

describe('splitRis', () => {
  it('cuts records at their TY lines, continuation lines and records without ER included', () => {
    const text = oddRisFile(40);
    const cut = splitRis(text);
    expect(cut.entries).toHaveLength(40);
    expect(inParts(cut, 'ris', 7)).toEqual(parseReferences(text, 'ris'));
  });

  it('keeps text before the first record with it, and finds no records in text without TY lines', () => {
    const cut = splitRis(
      'Exported 2026-01-01\nTY  - BOOK\nTI  - One\nER  - \nTY  - BOOK\nTI  - Two\nER  - \n',
    );
    expect(cut.entries).toEqual([
      'Exported 2026-01-01\nTY  - BOOK\nTI  - One\nER  - \n',
      'TY  - BOOK\nTI  - Two\nER  - \n',
    ]);
    expect(splitRis('no records here').entries).toEqual([]);
  });
});
