import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { failure } from '../test-support';
import { makeEpub, type BookChapter } from '../../../tests/support/make-packages';
import { convertEpub, isbnIn } from './epub';
import { fileOf, fixtureParagraphs, nonBlank } from './test-fixtures';

/** The review's paragraphs, dealt into three chapters. */
const paragraphs = fixtureParagraphs('review-2026-02-15-collapse-of-stalinism-book.txt', 80);
const third = Math.ceil(paragraphs.length / 3);
const chapters: BookChapter[] = [
  { title: 'Chapter One: Causes', paragraphs: paragraphs.slice(0, third) },
  { title: 'Chapter Two: Consequences', paragraphs: paragraphs.slice(third, 2 * third), ownHeading: false },
  { title: 'Chapter Three: Lessons', paragraphs: paragraphs.slice(2 * third) },
];

describe('convertEpub', () => {
  for (const version of [2, 3] as const) {
    it(`reads an EPUB ${version} in spine order with chapter titles and OPF metadata`, async () => {
      const bytes = makeEpub({
        version,
        title: 'The Collapse of Stalinism',
        creators: [
          ['Clare Doyle', 'Doyle, Clare'],
          ['Lynn Walsh', 'Walsh, Lynn'],
        ],
        date: '2026-02-15',
        publisher: 'Mentmore Press',
        isbn: '978-1-870958-00-1',
        chapters,
        extra: { 'OEBPS/images/cover.jpg': new Uint8Array(2048) },
      });
      const { doc, csl } = await convertEpub(fileOf('stalinism.epub', bytes));
      const text = projectDocument(doc).text;
      for (const paragraph of paragraphs) expect(nonBlank(text)).toContain(nonBlank(paragraph));
      const headings: string[] = [];
      doc.forEach((block) => {
        if (block.type.name === 'heading') headings.push(block.textContent);
      });
      // Each title once (chapter one and three carry their own <h1>; two gets one from the table of contents).
      expect(headings).toEqual(chapters.map((chapter) => chapter.title));
      expect(text.indexOf(paragraphs[0]!.slice(0, 40))).toBeLessThan(
        text.indexOf(paragraphs.at(-1)!.slice(0, 40)),
      );
      expect(csl).toMatchObject({
        type: 'book',
        title: 'The Collapse of Stalinism',
        author: [
          { family: 'Doyle', given: 'Clare' },
          { family: 'Walsh', given: 'Lynn' },
        ],
        issued: { 'date-parts': [[2026, 2, 15]] },
        publisher: 'Mentmore Press',
        ISBN: '9781870958001',
        language: 'en',
      });
    });
  }

  it('refuses a zip bomb posing as an EPUB, by declared size and by limits, naming the file', async () => {
    // 40 MB of zeros compresses to about 40 KB.
    const bomb = zipSync({
      mimetype: strToU8('application/epub+zip'),
      'META-INF/container.xml': strToU8('<container/>'),
      'OEBPS/chapter.xhtml': new Uint8Array(40 * 1024 * 1024),
    });
    expect(bomb.byteLength).toBeLessThan(200_000);
    const small = { maxEntries: 100, maxEntryBytes: 8 * 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024 };
    const error = await failure(convertEpub(fileOf('bomb.epub', bomb), small));
    expect(error.code).toBe('import-failed');
    expect(error.path).toBe('/in/bomb.epub');
    expect(error.message).toContain('"bomb.epub"');
    expect(error.message).toContain('zip bomb');

    // An entry that declares 3 GB (the central directory's size field patched) is refused with the default limits.
    const patched = zipSync({ 'OEBPS/chapter.xhtml': strToU8('<p>small</p>') });
    const view = new DataView(patched.buffer, patched.byteOffset, patched.byteLength);
    for (let offset = 0; offset < patched.byteLength - 4; offset += 1) {
      if (view.getUint32(offset, true) === 0x02014b50) view.setUint32(offset + 24, 3_000_000_000, true);
    }
    expect((await failure(convertEpub(fileOf('huge.epub', patched)))).message).toContain('zip bomb');

    const many = zipSync(
      Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`f${index}.xhtml`, strToU8('x')])),
    );
    expect((await failure(convertEpub(fileOf('many.epub', many), small))).message).toContain(
      'more than 100 files',
    );
  });

  it('refuses damaged and incomplete books with a clear message', async () => {
    const good = makeEpub({ version: 3, title: 'T', creators: [], chapters });
    const truncated = await failure(convertEpub(fileOf('cut.epub', good.slice(0, good.byteLength / 2))));
    expect(truncated.message).toMatch(
      /"cut\.epub" is not a readable EPUB book: the file is damaged or incomplete/,
    );
    const noContainer = await failure(
      convertEpub(fileOf('plain.epub', zipSync({ 'a.xhtml': strToU8('<p>x</p>') }))),
    );
    expect(noContainer.message).toContain('no META-INF/container.xml');
    const notZip = await failure(convertEpub(fileOf('text.epub', strToU8('just text, not a zip'))));
    expect(notZip.message).toContain('"text.epub"');
  });

  it('finds ISBNs in identifiers', () => {
    expect(isbnIn('urn:isbn:978-1-870958-00-1')).toBe('9781870958001');
    expect(isbnIn('ISBN 0-19-852663-6')).toBe('0198526636');
    expect(isbnIn('0198526636')).toBeUndefined();
    expect(isbnIn('0198526636', true)).toBe('0198526636');
    expect(isbnIn('urn:uuid:1234')).toBeUndefined();
  });
});
