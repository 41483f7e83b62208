import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { failure } from '../test-support';
import { layoutPages, makePdf } from '../../../tests/support/make-pdf';
import { convertPdf, pdfDate } from './pdf';
import { joinLines } from './pdf-layout';
import { fileOf, fixtureParagraphs } from './test-fixtures';

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
