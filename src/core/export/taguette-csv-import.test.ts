import { describe, expect, it } from 'vitest';
import { csvRecords, htmlToText, isTaguetteCsv, parseTaguetteCsv } from './taguette-csv-import';

/** A highlights CSV as Taguette exports it: its own numeric ids, HTML content, dotted sub-tags. */
const TAGUETTE = [
  'id,document,tag,content',
  '17,interview-1.docx,causes.bureaucracy,"<p>the ruling parasitic caste of bureaucrats</p>"',
  '17,interview-1.docx,voices,"<p>the ruling parasitic caste of bureaucrats</p>"',
  '18,interview-1.docx,,<p>Poland&#39;s workers &amp; Solidarnosc</p>',
  '19,interview-1.docx,economy,',
  '',
].join('\r\n');

describe('reading Taguette’s highlights CSV', () => {
  it('recognises Taguette’s header and nothing else', () => {
    expect(isTaguetteCsv(TAGUETTE)).toBe(true);
    expect(isTaguetteCsv('"ID","Document","Tag","Content"\n')).toBe(true);
    expect(isTaguetteCsv('id,document,content\n')).toBe(false);
  });

  it('makes the rows of one id one passage carrying every tag, each a path split at the dots', () => {
    expect(parseTaguetteCsv(TAGUETTE)[0]).toMatchObject({
      key: '17',
      id: null,
      exact: 'the ruling parasitic caste of bureaucrats',
      tags: [['causes', 'bureaucracy'], ['voices']],
      source: { title: 'interview-1.docx' },
    });
  });

  it('reads Taguette’s HTML content as plain text, entities decoded', () => {
    expect(parseTaguetteCsv(TAGUETTE)[1]).toMatchObject({
      key: '18',
      exact: "Poland's workers & Solidarnosc",
      tags: [],
    });
  });

  it('reports a highlight without text as unreadable, naming its row', () => {
    expect(parseTaguetteCsv(TAGUETTE)[2]).toEqual({
      key: '19',
      quote: '',
      reason: 'row 5 has no highlighted text (its content is empty)',
    });
  });

  it('keeps the id of a highlight Scholia exported, and undoes the defusing of a leading minus', () => {
    const id = '0d5f6a40-5d0b-4b35-9d57-6e0f0d1c2a11';
    const [item] = parseTaguetteCsv(`id,document,tag,content\r\n${id},USSR,'-minus,'- a dash first\r\n`);
    expect(item).toMatchObject({ id, exact: '- a dash first', tags: [['-minus']] });
  });
});

describe('a CSV’s records', () => {
  it('hold quoted commas, doubled quotes and line ends inside quotes', () => {
    expect(csvRecords('a,"b, ""c""","d\r\ne"\r\nf,,\r\n')).toEqual([
      ['a', 'b, "c"', 'd\r\ne'],
      ['f', '', ''],
    ]);
  });
});

describe('Taguette’s HTML as text', () => {
  it('ends a paragraph with a blank line, as between Scholia’s paragraphs, and a <br> with a line end', () => {
    expect(htmlToText('<p>One<br>two</p><p>three &lt;four&gt; &#x2014; &hellip;</p>')).toBe(
      'One\ntwo\n\nthree <four> — …',
    );
  });

  it('leaves plain text as it is', () => {
    expect(htmlToText('  a < b, plainly  ')).toBe('  a < b, plainly  ');
  });
});
