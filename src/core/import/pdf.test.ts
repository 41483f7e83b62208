import { describe, expect, it } from 'vitest';
import { pageAt, pageName } from '../../shared/pages';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { failure } from '../test-support';
import { layoutPages, makePdf, type PdfLine } from '../../../tests/support/make-pdf';
import { convertPdf, pdfDate } from './pdf';
import { joinLines, rebuildBlocks } from './pdf-layout';
import { fileOf, fixtureParagraphs, withPageLabels } from './test-fixtures';

const paragraphs = fixtureParagraphs('review-2026-02-15-collapse-of-stalinism-book.txt', 80);

describe('convertPdf', () => {
  it('rebuilds paragraphs, drops running headers and page numbers, and joins hyphenated words', async () => {
    const pages = layoutPages(paragraphs, {
      header: 'The Collapse of Stalinism – a review',
      hyphenate: true,
      linesPerPage: 30,
    });
    expect(pages.length).toBeGreaterThan(3);
    const hyphenated = pages.flat().filter((line) => /\p{Ll}-$/u.test(line.text));
    expect(hyphenated.length).toBeGreaterThan(5);
    const bytes = makePdf({
      pages,
      info: {
        Title: 'The Collapse of Stalinism',
        Author: 'Clare Doyle',
        CreationDate: "D:20260215093000+01'00'",
      },
    });
    const { doc, csl } = await convertPdf(fileOf('review.pdf', bytes));
    const blocks: string[] = [];
    doc.forEach((block) => blocks.push(block.textContent));
    // One block per paragraph, each exactly the paragraph's text (up to WinAnsi's missing characters).
    expect(blocks.length).toBe(paragraphs.length);
    blocks.forEach((block, index) => {
      const expected = paragraphs[index]!.replace(/[^\u0020-\u007e\u00a0-\u00ff‘’“”–—…•€]/gu, '?');
      expect(block).toBe(expected);
    });
    const text = projectDocument(doc).text;
    expect(text).not.toContain('a review');
    expect(text).not.toMatch(/^\d+$/m);
    expect(csl).toMatchObject({
      type: 'article',
      title: 'The Collapse of Stalinism',
      author: [{ given: 'Clare', family: 'Doyle' }],
      issued: { 'date-parts': [[2026, 2, 15]] },
    });
  });

  it('prefers XMP metadata, finds a DOI, and makes larger type a heading', async () => {
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">USSR 1989: the collapse of Stalinism</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>Clare Doyle</rdf:li><rdf:li>Peter Taaffe</rdf:li></rdf:Seq></dc:creator>
      <dc:date><rdf:Seq><rdf:li>2009-11-18</rdf:li></rdf:Seq></dc:date>
      <prism:publicationName>The Socialist</prism:publicationName><prism:doi>10.5555/socialist.601</prism:doi>
      </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const bytes = makePdf({
      pages: [
        [
          { text: 'USSR 1989', x: 72, y: 700, size: 20 },
          { text: 'How the movements to end bureaucratic rule eventually resulted in', x: 72, y: 660 },
          { text: 'capitalist restoration.', x: 72, y: 646 },
        ],
      ],
      info: { Title: 'Microsoft Word - draft7.docx', Author: 'Somebody Else' },
      xmp,
    });
    const { doc, csl } = await convertPdf(fileOf('ussr.pdf', bytes));
    expect(doc.firstChild?.type.name).toBe('heading');
    expect(doc.firstChild?.textContent).toBe('USSR 1989');
    expect(doc.child(1).textContent).toBe(
      'How the movements to end bureaucratic rule eventually resulted in capitalist restoration.',
    );
    expect(csl).toMatchObject({
      type: 'article-journal',
      title: 'USSR 1989: the collapse of Stalinism',
      author: [
        { given: 'Clare', family: 'Doyle' },
        { given: 'Peter', family: 'Taaffe' },
      ],
      issued: { 'date-parts': [[2009, 11, 18]] },
      'container-title': 'The Socialist',
      DOI: '10.5555/socialist.601',
    });

    // A producer's junk title is ignored in favour of the first heading.
    const junk = await convertPdf(
      fileOf(
        'junk.pdf',
        makePdf({
          pages: [
            [
              { text: 'Real Heading', x: 72, y: 700, size: 20 },
              { text: 'The body text of the document, longer than its heading.', x: 72, y: 660 },
            ],
          ],
          info: { Title: 'Microsoft Word - x.docx' },
        }),
      ),
    );
    expect(junk.csl.title).toBe('Real Heading');
  });

  it('explains that a PDF without a text layer needs OCR', async () => {
    const error = await failure(convertPdf(fileOf('scan.pdf', makePdf({ pages: [[], []] }))));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('"scan.pdf" has no text layer (it is probably scanned)');
    expect(error.message).toContain('OCR');
  });

  it('refuses malformed and password-protected PDFs with a clear message', async () => {
    const malformed = await failure(
      convertPdf(fileOf('broken.pdf', new TextEncoder().encode('%PDF-1.4\nthis is not really a PDF\n'))),
    );
    expect(malformed.message).toMatch(/^"broken\.pdf" is not a readable PDF/);
    expect(malformed.path).toBe('/in/broken.pdf');
    const locked = await failure(
      convertPdf(
        fileOf('locked.pdf', makePdf({ pages: [[{ text: 'secret', x: 72, y: 700 }]], encrypted: true })),
      ),
    );
    expect(locked.message).toContain('"locked.pdf" is protected by a password');
  });

  it('joins line-end hyphens sensibly and reads PDF dates', () => {
    expect(joinLines('the work-', 'ers of Moscow')).toBe('the workers of Moscow');
    expect(joinLines('Marxist-', 'Leninist ideas')).toBe('Marxist-Leninist ideas');
    expect(joinLines('in 1990-', '95 she lived')).toBe('in 1990- 95 she lived');
    expect(joinLines('a plain', 'line')).toBe('a plain line');
    expect(pdfDate("D:20091118093000+01'00'")).toBe('2009-11-18');
    expect(pdfDate('D:2009')).toBe('2009');
    expect(pdfDate('yesterday')).toBeUndefined();
  });
});

describe('the pages of a PDF', () => {
  // Five pages of the review without running lines: its lines are its text, so each can be found again.
  const pages = layoutPages(paragraphs, { linesPerPage: 16 })
    .slice(0, 5)
    .map((lines) => lines.filter((line) => line.y > 100));
  /** Where the body line `line` of page `page` (both from 0) starts in the text. */
  const offsetOf = (text: string, page: number, line: number): number => {
    const wanted = pages[page]![line]!.text;
    const at = text.indexOf(wanted);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(wanted, at + 1)).toBe(-1);
    return at;
  };

  it('names the passage on the fourth page by its page label, after two pages numbered in roman', async () => {
    expect(pages.length).toBe(5);
    const pdf = withPageLabels(makePdf({ pages }), '0 << /S /r >> 2 << /S /D >>');
    const { doc } = await convertPdf(fileOf('labelled.pdf', pdf));
    const { text, pages: starts } = projectDocument(doc);
    expect(starts.map((page) => [page.index, page.label])).toEqual([
      [0, 'i'],
      [1, 'ii'],
      [2, '1'],
      [3, '2'],
      [4, '3'],
    ]);
    expect(pageAt(starts, offsetOf(text, 3, 5))).toMatchObject({ index: 3, label: '2' });
    expect(pageName(pageAt(starts, offsetOf(text, 0, 2))!)).toBe('i');
    expect(docFromJSON(doc.toJSON()).eq(doc)).toBe(true);
  });

  it('puts a paragraph that runs on over a page break on both pages, from the first line of the new page on', async () => {
    const { doc } = await convertPdf(fileOf('review.pdf', makePdf({ pages })));
    const { text, pages: starts } = projectDocument(doc);
    // Some paragraph runs on from one page to the next: its block has two page marks.
    const across = [1, 2, 3, 4].filter((page) => {
      const start = offsetOf(text, page, 0);
      return text[start - 1] === ' ';
    });
    expect(across.length).toBeGreaterThan(0);
    for (const page of across) {
      const start = offsetOf(text, page, 0);
      expect(pageAt(starts, start)?.index).toBe(page);
      expect(pageAt(starts, start - 1)?.index).toBe(page - 1);
    }
    let marked = 0;
    doc.forEach((block) => {
      const indexes = new Set<number>();
      block.forEach((child) => {
        for (const mark of child.marks)
          if (mark.type.name === 'page') indexes.add(mark.attrs['index'] as number);
      });
      if (indexes.size > 1) marked += 1;
    });
    expect(marked).toBe(across.length);
  });

  it('gives a PDF without page labels pages in order with null labels, named by number', async () => {
    const { doc } = await convertPdf(fileOf('review.pdf', makePdf({ pages })));
    const { text, pages: starts } = projectDocument(doc);
    expect(starts.map((page) => page.index)).toEqual([0, 1, 2, 3, 4]);
    expect(starts.every((page) => page.label === null)).toBe(true);
    expect(starts[0]?.offset).toBe(0);
    expect(pageName(pageAt(starts, offsetOf(text, 3, 5))!)).toBe('4');
  });

  it('keeps a page label the PDF writes as a prefix, cut to one short line', async () => {
    const pdf = withPageLabels(
      makePdf({ pages: pages.slice(0, 2) }),
      `0 << /S /D /P (A-) >> 1 << /P (${'Appendix '.repeat(20)}) >>`,
    );
    const { pages: starts } = projectDocument((await convertPdf(fileOf('prefixed.pdf', pdf))).doc);
    expect(starts.map((page) => page.label)).toEqual(['A-1', 'Appendix Appendix Appendix Appen']);
  });

  it.each([
    ['a start of two billion in letters', '0 << /S /A /St 2000000000 >>'],
    ['a start of two billion in roman numerals', '0 << /S /r /St 2000000000 >>'],
    ['a prefix of a megabyte', `0 << /S /D /P (${'x'.repeat(1024 * 1024)}) >>`],
  ])(
    'gives no labels, quickly, where the label tree asks for labels of millions of characters: %s',
    async (_, nums) => {
      const twenty = Array.from({ length: 20 }, (__, page) => [
        { text: `The text of page ${page + 1}.`, x: 72, y: 500 },
      ]);
      const started = performance.now();
      const { doc } = await convertPdf(
        fileOf('labels.pdf', withPageLabels(makePdf({ pages: twenty }), nums)),
      );
      expect(performance.now() - started).toBeLessThan(20_000);
      const { pages: starts } = projectDocument(doc);
      expect(starts.map((page) => page.index)).toEqual(twenty.map((__, index) => index));
      expect(starts.every((page) => page.label === null)).toBe(true);
    },
    60_000,
  );

  it('rebuilds blocks that know their pages, however the lines fall', () => {
    const line = (text: string, y: number): PdfLine & { width: number; size: number } => ({
      text,
      x: 72,
      y,
      width: text.length * 5,
      size: 11,
    });
    const blocks = rebuildBlocks([
      [line('The first paragraph ends on its own page.', 700), line('A second one runs', 660)],
      [],
      [line('on over two page breaks, the blank page between them', 700), line('and ends here.', 686)],
    ]);
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        text: 'The first paragraph ends on its own page.',
        pages: [{ offset: 0, index: 0 }],
      },
      {
        kind: 'paragraph',
        text: 'A second one runs on over two page breaks, the blank page between them and ends here.',
        pages: [
          { offset: 0, index: 0 },
          { offset: 18, index: 2 },
        ],
      },
    ]);
  });
});
