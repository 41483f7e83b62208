/**
 * A PDF of two pages of the USSR 1989 article annotated as a reader of it in Acrobat or Zotero would:
 * a highlight over a phrase that runs across a line break (with a comment, an author, a date, and a
 * reply), an underline inside one line, a sticky note at the end of a line and a highlight over an
 * empty stretch of the page. The quads are drawn a few points wider than the words (more than half a
 * letter), as a hand aims. With what each should become, for the importer's and the service's tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { helveticaWidth, layoutPages, makePdf, quadOf, type PdfLine } from './make-pdf';

/** The annotated PDF and what its annotations say. */
export interface AnnotatedPdf {
  readonly bytes: Uint8Array;
  /** The highlighted phrase, across the break between two lines of page 1. */
  readonly highlighted: string;
  readonly highlightComment: string;
  readonly reply: string;
  readonly replyAuthor: string;
  readonly highlightAuthor: string;
  /** The underlined words, inside one line of page 2. */
  readonly underlined: string;
  /** The line of page 2 the sticky note is put at the end of. */
  readonly notedLine: string;
  readonly note: string;
}

const words = (text: string): string[] => text.split(' ');

/** Two consecutive lines of one paragraph (14 points apart), long enough to take phrases from. */
function linePair(lines: readonly PdfLine[]): [PdfLine, PdfLine] {
  for (let index = 0; index + 1 < lines.length; index += 1) {
    const [line, next] = [lines[index], lines[index + 1]];
    if (line === undefined || next === undefined) continue;
    if (line.y - next.y === 14 && words(line.text).length > 8 && words(next.text).length > 8)
      return [line, next];
  }
  throw new Error('No two lines of one paragraph on the page.');
}

/** The annotated PDF, built afresh, and what each of its annotations should become. */
export function annotatedPdf(): AnnotatedPdf {
  const paragraphs = readFileSync(
    fileURLToPath(
      new URL('../fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt', import.meta.url),
    ),
    'utf8',
  )
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    // Plain ASCII paragraphs: what the PDF's text is then needs no thought about WinAnsi.
    .filter((block) => block.length > 200 && /^[\x20-\x7e]*$/.test(block));
  const pages = layoutPages(paragraphs.slice(0, 4), { linesPerPage: 16 }).slice(0, 2);
  const body = (page: number): PdfLine[] => (pages[page] ?? []).filter((line) => line.y > 100);
  const [first, second] = linePair(body(0));
  const tail = words(first.text).slice(-3).join(' ');
  const head = words(second.text).slice(0, 3).join(' ');
  const [underlinedLine] = linePair(body(1));
  const underlined = words(underlinedLine.text).slice(3, 6).join(' ');
  const notedLine = body(1).at(-1);
  if (notedLine === undefined) throw new Error('Page 2 has no text.');
  const noteX = notedLine.x + helveticaWidth(notedLine.text) + 6;
  const sample = {
    highlighted: `${tail} ${head}`,
    highlightComment: 'The lie repeated, twenty years on.',
    highlightAuthor: 'Clare Doyle',
    reply: 'Compare the coverage of the Wall in 1989 itself.',
    replyAuthor: 'Peter Taaffe',
    underlined,
    notedLine: notedLine.text,
    note: 'Check this against the eyewitness account.',
  };
  const bytes = makePdf({
    pages,
    annotations: [
      [
        {
          subtype: 'Highlight',
          name: 'highlight',
          quads: [quadOf(first, tail, { slack: 3.5 }), quadOf(second, head, { slack: 3.5 })],
          color: [0.37, 0.7, 0.21],
          contents: sample.highlightComment,
          author: sample.highlightAuthor,
          modified: "D:20240105103000+01'00'",
          created: "D:20240105102000+01'00'",
        },
        {
          subtype: 'Text',
          inReplyTo: 'highlight',
          rect: { left: 20, bottom: first.y - 10, right: 40, top: first.y + 10 },
          contents: sample.reply,
          author: sample.replyAuthor,
          modified: 'D:20240106090000Z',
        },
      ],
      [
        {
          subtype: 'Underline',
          quads: [quadOf(underlinedLine, underlined, { slack: 4 })],
          color: [1, 0, 0],
        },
        {
          subtype: 'Text',
          rect: { left: noteX, bottom: notedLine.y - 9, right: noteX + 18, top: notedLine.y + 9 },
          contents: sample.note,
        },
        // Over nothing: below the last line of text, above the page number.
        { subtype: 'Highlight', quads: [{ left: 100, bottom: 80, right: 300, top: 92 }], contents: 'lost' },
      ],
    ],
  });
  return { bytes, ...sample };
}
