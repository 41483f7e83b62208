import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { annotatedPdf } from '../../../tests/support/annotated-pdf';
import { layoutPages, makePdf } from '../../../tests/support/make-pdf';
import { convertPdf } from './pdf';
import {
  foldedOffset,
  markupOf,
  nearestColor,
  pdfTimestamp,
  snapEnd,
  snapStart,
  type EmbeddedAnnotation,
} from './pdf-annotations';
import { fileOf, fixtureParagraphs } from './test-fixtures';

const sample = annotatedPdf();

interface Converted {
  text: string;
  placed: readonly EmbeddedAnnotation[];
  notPlaced: number;
}
let conversion: Promise<Converted> | undefined;

/** The sample converted (once for all the tests): its projection's text and the annotations placed on it. */
function converted(): Promise<Converted> {
  conversion ??= convertPdf(fileOf('ussr-annotated.pdf', sample.bytes)).then(({ doc, embedded }) => ({
    text: projectDocument(doc).text,
    placed: embedded.placed,
    notPlaced: embedded.notPlaced,
  }));
  return conversion;
}

const quoted = (text: string, annotation: EmbeddedAnnotation | undefined): string =>
  annotation === undefined ? '' : text.slice(annotation.start, annotation.end);

describe('the annotations embedded in a PDF', () => {
  it('places a highlight across a line break on exactly the phrase it covers', async () => {
    const { text, placed } = await converted();
    expect(quoted(text, placed[0])).toBe(sample.highlighted);
  });

  it('maps a highlight’s colour to the nearest Scholia colour', async () => {
    const { placed } = await converted();
    expect(placed.map((annotation) => annotation.color)).toEqual(['green', 'red', 'yellow']);
  });

  it('keeps a highlight’s author, dates and comment, with its reply after it', async () => {
    const { placed } = await converted();
    expect(placed[0]).toMatchObject({
      motivation: 'highlighting',
      author: sample.highlightAuthor,
      createdAt: '2024-01-05T09:20:00.000Z',
      modifiedAt: '2024-01-05T09:30:00.000Z',
      comment: `**${sample.highlightAuthor}:** ${sample.highlightComment}\n\n**${sample.replyAuthor}:** ${sample.reply}`,
    });
  });

  it('places an underline inside a line on its words', async () => {
    const { text, placed } = await converted();
    expect(quoted(text, placed[1])).toBe(sample.underlined);
  });

  it('makes a sticky note a point note at the end of the line it sits beside', async () => {
    const { text, placed } = await converted();
    const note = placed[2];
    expect(note).toMatchObject({ motivation: 'commenting', comment: sample.note });
    expect(note?.end).toBe(note?.start);
    expect(text.slice(0, note?.start).endsWith(sample.notedLine)).toBe(true);
  });

  it('counts a highlight over no text as not placed, and places the rest', async () => {
    const { placed, notPlaced } = await converted();
    expect({ placed: placed.length, notPlaced }).toEqual({ placed: 3, notPlaced: 1 });
  });

  it('finds nothing in a PDF without annotations', async () => {
    const pages = layoutPages(
      fixtureParagraphs('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt', 200),
    );
    const { embedded } = await convertPdf(fileOf('plain.pdf', makePdf({ pages })));
    expect({ placed: embedded.placed.length, notPlaced: embedded.notPlaced }).toEqual({
      placed: 0,
      notPlaced: 0,
    });
  });
});

describe('markupOf', () => {
  it('takes a highlight without quads for malformed', () => {
    expect(markupOf({ subtype: 'Highlight', quadPoints: null, rect: [0, 0, 10, 10] })).toBe('malformed');
  });

  it('skips what is no highlight or note, such as a link', () => {
    expect(markupOf({ subtype: 'Link', rect: [0, 0, 10, 10] })).toBe('skip');
  });
});

describe('nearestColor', () => {
  it('calls Zotero’s yellow, Acrobat’s cyan and Preview’s pink by their Scholia names', () => {
    const colors = [
      new Uint8ClampedArray([255, 212, 0]),
      new Uint8ClampedArray([0, 255, 255]),
      new Uint8ClampedArray([251, 92, 137]),
    ];
    expect(colors.map(nearestColor)).toEqual(['yellow', 'blue', 'pink']);
  });

  it('takes an annotation without a colour for yellow', () => {
    expect(nearestColor(null)).toBe('yellow');
  });
});

describe('pdfTimestamp', () => {
  it('reads a PDF date with its offset from UTC', () => {
    expect(pdfTimestamp("D:20091118093000+01'00'")).toBe('2009-11-18T08:30:00.000Z');
  });

  it('gives nothing for a date that does not exist', () => {
    expect(pdfTimestamp('D:20090231')).toBeUndefined();
  });
});

describe('snapping a passage to words', () => {
  const text = 'the collapse of Stalinism';

  it('moves a start two characters into a word back to the word’s start', () => {
    expect(snapStart(text, 6, text.length)).toBe(4);
  });

  it('moves an end two characters short of a word’s end on to it', () => {
    expect(snapEnd(text, 10, 0)).toBe(12);
  });

  it('leaves a cut deep inside a long word where it is', () => {
    expect(snapStart(text, 20, text.length)).toBe(20);
  });
});

describe('foldedOffset', () => {
  it('counts a run of blank space as one character and leading space as none', () => {
    expect(foldedOffset('  the   collapse', 8)).toBe(4);
  });
});
