import { describe, expect, it } from 'vitest';
import { referenceFile, type ReferenceEntry } from './reference-file';

function read(text: string, format: 'csl-json' | 'csl-yaml'): Promise<ReferenceEntry[]> {
  return referenceFile(text, format).read({
    step: 2,
    onStep: () => undefined,
    pause: () => Promise.resolve(),
  });
}

const PANDOC_YAML = `---
references:
- id: taaffe2009
  type: book
  title: The Collapse of Stalinism
  author:
  - family: Taaffe
    given: Peter
  issued: 2009-05
  publisher: Mentmore Press
- id: walsh2026
  type: article-magazine
  title: A Review
  author:
  - family: Walsh
    given: Lynn
  issued:
  - year: 2026
    month: 2
...

Text of the document after the front matter.
`;

describe('CSL-YAML', () => {
  it('reads pandoc’s references, EDTF dates and citeproc-js’s dates made CSL-JSON, each with its line', async () => {
    const file = referenceFile(PANDOC_YAML, 'csl-yaml');
    expect(file.count).toBe(2);
    const entries = await read(PANDOC_YAML, 'csl-yaml');
    expect(entries.map(({ line, key }) => ({ line, key }))).toEqual([
      { line: 3, key: 'taaffe2009' },
      { line: 11, key: 'walsh2026' },
    ]);
    expect(entries[0]?.csl).toMatchObject({ type: 'book', issued: { 'date-parts': [[2009, 5]] } });
    expect(entries[1]?.csl).toMatchObject({ issued: { 'date-parts': [[2026, 2]] } });
  });

  it('reads a bare list too', async () => {
    const entries = await read('- id: a\n  title: One\n- id: b\n  title: Two\n', 'csl-yaml');
    expect(entries.map((entry) => entry.csl?.['title'])).toEqual(['One', 'Two']);
  });

  it('names the line of a file that holds no list of references', async () => {
    await expect(() =>
      referenceFile('title: not a list\n', 'csl-yaml').read({
        step: 2,
        onStep: () => undefined,
        pause: () => Promise.resolve(),
      }),
    ).rejects.toThrow(/no list of references/);
  });
});

describe('CSL-JSON', () => {
  it('reports an item that is not valid JSON by its line, and reads the others', async () => {
    const text =
      '[\n  {"id": "a", "type": "book", "title": "One"},\n  {"id": "b", "title": "Two",, },\n  {"id": "c", "title": "Three"}\n]';
    const entries = await read(text, 'csl-json');
    expect(entries.map(({ line, key, problem }) => ({ line, key, bad: problem !== undefined }))).toEqual([
      { line: 2, key: 'a', bad: false },
      { line: 3, key: '', bad: true },
      { line: 4, key: 'c', bad: false },
    ]);
    expect(entries[1]?.problem).toMatch(/^not valid JSON at line 3/);
  });

  it('reads dates written as strings as CSL dates', async () => {
    const [entry] = await read(
      '[{"id": "a", "type": "book", "issued": "2009-05-12", "accessed": {"date-parts": [[2020]]}}]',
      'csl-json',
    );
    expect(entry?.csl).toMatchObject({
      issued: { 'date-parts': [[2009, 5, 12]] },
      accessed: { 'date-parts': [[2020]] },
    });
  });
});
