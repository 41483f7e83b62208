import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { failure } from '../test-support';
import { makeDocx } from '../../../tests/support/make-packages';
import { convertDocx } from './docx';
import { fileOf, fixtureParagraphs, nonBlank } from './test-fixtures';

const paragraphs = fixtureParagraphs('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt', 100);

describe('convertDocx', () => {
  const bytes = makeDocx({
    title: 'USSR 1989 - the collapse of Stalinism',
    creator: 'Clare Doyle',
    created: '2009-11-18T10:00:00Z',
    blocks: [
      { kind: 'heading', text: 'USSR 1989' },
      { kind: 'paragraph', text: 'How the movements ended: ', italic: 'capitalist restoration' },
      ...paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
    ],
  });

  it('keeps headings, paragraphs and emphasis, and reads the core properties', async () => {
    const { doc, csl } = await convertDocx(fileOf('ussr.docx', bytes));
    expect(doc.firstChild?.type.name).toBe('heading');
    expect(doc.firstChild?.textContent).toBe('USSR 1989');
    expect(doc.child(1).textContent).toBe('How the movements ended: capitalist restoration');
    expect(doc.child(1).lastChild?.marks.map((mark) => mark.type.name)).toEqual(['em']);
    const text = projectDocument(doc).text;
    for (const paragraph of paragraphs) expect(nonBlank(text)).toContain(nonBlank(paragraph));
    expect(doc.childCount).toBe(paragraphs.length + 2);
    expect(csl).toEqual({
      type: 'document',
      title: 'USSR 1989 - the collapse of Stalinism',
      author: [{ given: 'Clare', family: 'Doyle' }],
      issued: { 'date-parts': [[2009, 11, 18]] },
    });
  });

  it('refuses a truncated or foreign package with a clear message naming the file', async () => {
    const truncated = await failure(
      convertDocx(fileOf('cut.docx', bytes.slice(0, Math.floor(bytes.byteLength * 0.6)))),
    );
    expect(truncated.code).toBe('import-failed');
    expect(truncated.path).toBe('/in/cut.docx');
    expect(truncated.message).toMatch(
      /^"cut\.docx" is not a readable Word document: the file is damaged or incomplete/,
    );
    const foreign = await failure(
      convertDocx(fileOf('other.docx', zipSync({ 'content.xml': strToU8('<x/>') }))),
    );
    expect(foreign.message).toContain('"other.docx" is not a Word document');
    const text = await failure(convertDocx(fileOf('old.docx', strToU8('{\\rtf1 not a docx}'))));
    expect(text.message).toContain('"old.docx"');
  });
});
