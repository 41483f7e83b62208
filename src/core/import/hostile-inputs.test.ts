/**
 * Bounded work on hostile input: every input of `tests/support/hostile-inputs.ts`, at sizes just past
 * each limit (the full sizes are `bench/torture.ts`'s), goes through the real importer and is refused
 * with a message naming the file (and the part of it at fault) and saying what to do; inputs just
 * within the limits import whole. No timing here: speed and memory are measured by the torture run.
 */
import { describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import {
  billionLaughsDocx,
  billionLaughsEpub,
  deepXmlDocx,
  deepXmlEpub,
  deflateBomb,
  flateBombPdf,
  heavyMarkupEpub,
  manyChaptersEpub,
  sharedPageTreePdf,
  shortLinesText,
  simpleEpub,
  xxeDocx,
  xxeEpub,
  zipBombEpub,
} from '../../../tests/support/hostile-inputs';
import { importSource } from './index';
import { IMPORT_LIMITS } from './limits';
import { MarkupBudget, markupShape } from './markup-shape';
import { measurePdfStreams } from './pdf-streams';

/** The `import-failed` error importing `bytes` as `name` throws; fails the test when it imports. */
async function refusal(name: string, bytes: Uint8Array<ArrayBuffer> | string): Promise<ScholiaError> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  try {
    await importSource({ kind: 'bytes', name, bytes: data });
  } catch (error) {
    if (error instanceof ScholiaError) {
      expect(error.code).toBe('import-failed');
      expect(error.path).toBe(name);
      expect(error.message).toContain(`"${name}"`);
      return error;
    }
    throw error;
  }
  throw new Error(`${name} was imported`);
}

const LIMITS = IMPORT_LIMITS;

describe('hostile EPUB books', () => {
  it('refuses an entry that inflates to more than it declares, naming it, rather than keeping its first kilobyte', async () => {
    const error = await refusal(
      'lying.epub',
      zipBombEpub({ declaredBytes: 1000, inflatedBytes: 4 * 1024 * 1024 }),
    );
    expect(error.message).toContain(
      '"OEBPS/text/ch1.xhtml" inside it declares 1000 bytes but unpacks to more',
    );
    expect(error.message).toContain('zip bomb');
    expect(error.message).toContain('Export the document again');
  });

  it(`refuses more than ${LIMITS.epubChapters.toLocaleString('en')} chapters before reading one, and imports a book of many short chapters`, async () => {
    const error = await refusal('chapters.epub', manyChaptersEpub(LIMITS.epubChapters + 1));
    expect(error.message).toContain(
      `its spine lists ${(LIMITS.epubChapters + 1).toLocaleString('en')} chapters`,
    );
    expect(error.message).toContain('Calibre');

    const book = await importSource({ kind: 'bytes', name: 'book.epub', bytes: manyChaptersEpub(300) });
    const headings = book.doc.content.filter((block) => (block as { type?: string }).type === 'heading');
    expect(headings).toHaveLength(300);
  });

  it('refuses a chapter of more elements than the limit before parsing it', async () => {
    const error = await refusal(
      'heavy.epub',
      heavyMarkupEpub({ chapters: 1, elementsPerChapter: LIMITS.markupElementsPerFile + 1 }),
    );
    expect(error.message).toContain(
      `OEBPS/text/ch0.xhtml inside it holds more than ${LIMITS.markupElementsPerFile.toLocaleString('en')} elements`,
    );
  });

  it("counts a book's chapters together against the limit for the whole book", () => {
    const file = { name: 'heavier.epub', label: '/in/heavier.epub' };
    const budget = new MarkupBudget(file, 'Convert it again.', 'chapters', {
      markupDepth: 512,
      markupElementsPerFile: 100,
      markupElements: 250,
    });
    const chapter = `<html><body>${'<p>x</p>'.repeat(88)}</body></html>`;
    expect(budget.check(chapter, 'xml', 'one.xhtml')).toBe(90);
    expect(budget.check(chapter, 'xml', 'two.xhtml')).toBe(90);
    expect(() => budget.check(chapter, 'xml', 'three.xhtml')).toThrow(
      '"heavier.epub" cannot be imported: its chapters hold more than 250 elements together',
    );
  });

  it('refuses XML nested 100,000 deep, naming the chapter, without parsing it', async () => {
    const error = await refusal('deep.epub', deepXmlEpub(100_000));
    expect(error.message).toContain(
      `OEBPS/text/ch0.xhtml inside it nests elements more than ${LIMITS.markupDepth} deep`,
    );
    // Just within the limit, the book imports (the body and html elements count too).
    const book = await importSource({
      kind: 'bytes',
      name: 'deepish.epub',
      bytes: deepXmlEpub(LIMITS.markupDepth - 10),
    });
    expect(book.wordCount).toBeGreaterThan(0);
  });

  it('reads a chapter that is not well-formed XML as HTML, counted once', async () => {
    const chapters = Array.from(
      { length: 150 },
      (_, index) =>
        `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Chapter&nbsp;${index}<br></p></body></html>`,
    );
    const book = await importSource({
      kind: 'bytes',
      name: 'sloppy.epub',
      bytes: simpleEpub('Sloppy', chapters),
    });
    expect(book.doc.content).toHaveLength(150);
    expect(JSON.stringify(book.doc)).toContain('Chapter\u00a0149');
  });

  it('refuses entity declarations (billion laughs, external entities) and never reads the file they name', async () => {
    const laughs = await refusal('laughs.epub', billionLaughsEpub(9));
    expect(laughs.message).toContain('declares its own XML entities');
    const xxe = await refusal('xxe.epub', xxeEpub('/etc/hostname'));
    expect(xxe.message).toContain('OEBPS/text/ch0.xhtml inside it declares its own XML entities');
  });
});

describe('hostile Word documents', () => {
  it('refuses XML nested 100,000 deep, naming the part', async () => {
    const error = await refusal('deep.docx', deepXmlDocx(100_000));
    expect(error.message).toContain(
      `word/document.xml inside it nests elements more than ${LIMITS.markupDepth} deep`,
    );
    expect(error.message).toContain('Word or LibreOffice');
  });

  it('refuses billion laughs and external entities', async () => {
    expect((await refusal('laughs.docx', billionLaughsDocx(9))).message).toContain(
      'word/document.xml inside it declares its own XML entities',
    );
    expect((await refusal('xxe.docx', xxeDocx('/etc/hostname'))).message).toContain(
      'declares its own XML entities',
    );
  });
});

describe('hostile PDFs', () => {
  it('refuses a page tree of two million pages sharing one page, by its count', async () => {
    const error = await refusal('pages.pdf', sharedPageTreePdf(21));
    expect(error.message).toContain(
      `it has 2,097,152 pages; Scholia reads at most ${LIMITS.pdfPages.toLocaleString('en')}`,
    );
    expect(error.message).toContain('PDF viewer');
  });

  it('refuses a flate bomb before pdfjs inflates it, naming the stream', async () => {
    const error = await refusal('bomb.pdf', flateBombPdf(LIMITS.pdfStreamBytes + 1));
    expect(error.message).toContain('its object 5, a compressed stream, unpacks to more than 64 MB');
  });

  it('measures streams through ASCII wrappers and stops at the limit', () => {
    const raw = deflateBomb(8 * 1024 * 1024);
    // The same bomb, zlib-wrapped and then hex-encoded, as /Filter [/AHx /Fl].
    const zlibbed = Buffer.concat([Buffer.from([0x78, 0x9c]), raw]);
    const pdf = Buffer.from(
      `%PDF-1.4\n1 0 obj\n<< /Filter [/AHx /Fl] >>\nstream\n${zlibbed.toString('hex')}>\nendstream\nendobj\n`,
      'latin1',
    );
    expect(
      measurePdfStreams(pdf, { streamBytes: 1024 * 1024, totalBytes: 1024 * 1024 * 1024 }),
    ).toMatchObject({
      over: 'stream',
      objectNumber: 1,
    });
    expect(measurePdfStreams(pdf, { streamBytes: 16 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 })).toEqual(
      {
        over: null,
        totalBytes: 8 * 1024 * 1024,
      },
    );
    // A page's contents are read whatever their dictionary says: calling them an image, or naming the
    // filter indirectly, does not keep them from being measured.
    const bomb = Buffer.from(flateBombPdf(2 * 1024 * 1024)).toString('latin1');
    const small = { streamBytes: 1024 * 1024, totalBytes: 1024 * 1024 * 1024 };
    for (const disguise of [
      '/Subtype /Image /Filter /FlateDecode',
      '/Filter 9 0 R',
      '/Filter /Fl#61teDecode',
    ]) {
      const disguised = Buffer.from(bomb.replace('/Filter /FlateDecode', disguise), 'latin1');
      expect(measurePdfStreams(disguised, small)).toMatchObject({ over: 'stream', objectNumber: 5 });
    }
    // An image is never decoded to read text: not counted.
    const image = Buffer.from(
      pdf.toString('latin1').replace('<< /Filter', '<< /Subtype /Image /Filter'),
      'latin1',
    );
    expect(measurePdfStreams(image, { streamBytes: 1024, totalBytes: 1024 })).toEqual({
      over: null,
      totalBytes: 0,
    });
  });
});

describe('hostile text files', () => {
  it(`refuses more than ${LIMITS.textLines.toLocaleString('en')} lines before splitting them`, async () => {
    const error = await refusal('lines.txt', 'a\n'.repeat(LIMITS.textLines));
    expect(error.message).toContain(`it has more than ${LIMITS.textLines.toLocaleString('en')} lines`);
    expect(error.message).toContain('Split it into smaller files');
  });

  it(`refuses more than ${LIMITS.documentBlocks.toLocaleString('en')} paragraphs before building them`, async () => {
    const error = await refusal('paragraphs.txt', shortLinesText(LIMITS.documentBlocks + 1));
    expect(error.message).toContain(`more than ${LIMITS.documentBlocks.toLocaleString('en')} paragraphs`);
    const markdown = await refusal('items.md', '- x\n'.repeat(LIMITS.documentBlocks));
    expect(markdown.message).toContain('paragraphs');
  });

  it('imports a text of many short lines within the limits, every line a paragraph', async () => {
    const imported = await importSource({
      kind: 'bytes',
      name: 'short.txt',
      bytes: new TextEncoder().encode(shortLinesText(20_000)),
    });
    expect(imported.doc.content).toHaveLength(20_000);
  });
});

describe('hostile web pages', () => {
  it('refuses markup nested 100,000 deep, and imports old-style pages of unclosed paragraphs and list items', async () => {
    const deep = await refusal('deep.html', `<html><body>${'<div>'.repeat(100_000)}deep</body></html>`);
    expect(deep.message).toContain(`it nests elements more than ${LIMITS.markupDepth} deep`);
    expect(deep.message).toContain('Save the page again');

    const words = Array.from(
      { length: 2_000 },
      (_, index) => `Paragraph ${index} of an old page, written without closing tags.`,
    );
    const old = `<html><body><h1>An old page</h1><p>${words.join('<p>')}<ul><li>${words.slice(0, 1_000).join('<li>')}</ul><table><tr><td>a<td>b<tr><td>c</table></body></html>`;
    const imported = await importSource({
      kind: 'bytes',
      name: 'old.html',
      bytes: new TextEncoder().encode(old),
    });
    expect(imported.wordCount).toBeGreaterThan(20_000);
  });
});

describe('markupShape', () => {
  const limits = { elements: 1_000_000, depth: 1_000_000 };

  it('counts XML exactly: start tags open, end tags close, empty elements and declarations do not', () => {
    expect(
      markupShape(
        '<?xml version="1.0"?><!-- <x> --><a><b/><c attr="a>b"><![CDATA[<d><d>]]></c></a>',
        'xml',
        limits,
      ),
    ).toEqual({ elements: 3, depth: 2, declaresEntities: false, over: null });
    expect(markupShape('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'xml', limits).declaresEntities).toBe(
      true,
    );
  });

  it('counts HTML as its parser nests it: implied end tags, void elements, raw text', () => {
    const shape = (html: string): number => markupShape(html, 'html', limits).depth;
    expect(shape('<p>one<p>two<p>three')).toBe(1);
    expect(shape('<ul><li>one<li>two<li>three</ul>')).toBe(2);
    expect(shape('<div><p>one</div><div><p>two</div>')).toBe(2);
    expect(shape('<p>line<br>line<img src=x><hr>')).toBe(1);
    expect(shape(`<script>${'<div>'.repeat(50)}</script><p>x`)).toBe(1);
    // The parser puts a <tbody> around rows: counted too.
    expect(shape('<table><tr><td>a<td>b<tr><td>c</table>')).toBe(4);
    // Nesting the parser keeps is counted: lists in items, and formatting it will reopen.
    expect(shape('<ul><li><ul><li><ul><li>x')).toBe(6);
    expect(shape('<p><b><i>x</p><p>y')).toBe(3);
    expect(markupShape('<div>'.repeat(600), 'html', { elements: 10_000, depth: 512 }).over).toBe('depth');
  });
});
