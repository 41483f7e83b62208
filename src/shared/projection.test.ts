import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { BLOCK_SEPARATOR, countWords, offsetToPos, posToOffset, projectDocument } from './projection';
import { documentSchema as schema } from './schema';
import { seededRandom } from '../../tests/support/seeded-random';

const fixture = readFileSync(join(__dirname, '../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt'), 'utf8');

function paragraphsOf(text: string): ProseMirrorNode {
  const paragraphs = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return schema.node(
    'doc',
    null,
    paragraphs.map((line) => schema.node('paragraph', null, [schema.text(line)])),
  );
}

describe('the plain-text projection', () => {
  it('joins textblocks with a blank line, wherever they sit in the tree', () => {
    const doc = schema.node('doc', null, [
      schema.node('heading', { level: 1 }, [schema.text('USSR 1989')]),
      schema.node('blockquote', null, [schema.node('paragraph', null, [schema.text('A quote.')])]),
      schema.node('bullet_list', null, [
        schema.node('list_item', null, [schema.node('paragraph', null, [schema.text('One')])]),
      ]),
      schema.node('horizontal_rule'),
      schema.node('paragraph', null, [schema.text('End')]),
    ]);
    expect(projectDocument(doc).text).toBe('USSR 1989\n\nA quote.\n\nOne\n\nEnd');
  });

  it('turns a hard break into one newline', () => {
    const doc = schema.node('doc', null, [
      schema.node('paragraph', null, [schema.text('Line one'), schema.node('hard_break'), schema.text('line two')]),
    ]);
    expect(projectDocument(doc).text).toBe('Line one\nline two');
  });

  it('keeps every character of a real article, in order', () => {
    const doc = paragraphsOf(fixture);
    const { text } = projectDocument(doc);
    const expected = fixture
      .split(/\n+/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(BLOCK_SEPARATOR);
    expect(text).toBe(expected);
  });

  it('converts offsets to positions so that the document text between them is the projected text', () => {
    const doc = paragraphsOf(fixture);
    const projection = projectDocument(doc);
    const start = projection.text.indexOf('Genuine workers');
    const end = projection.text.indexOf('functioning') + 'functioning'.length;
    const from = offsetToPos(projection, start, 1);
    const to = offsetToPos(projection, end, -1);
    expect(doc.textBetween(from, to)).toBe(projection.text.slice(start, end));
    expect(posToOffset(projection, from, 1)).toBe(start);
    expect(posToOffset(projection, to, -1)).toBe(end);
  });

  it('round-trips every offset inside every block', () => {
    const doc = paragraphsOf(fixture.slice(0, 3000));
    const projection = projectDocument(doc);
    for (const block of projection.blocks) {
      for (let offset = block.offset; offset <= block.offset + block.length; offset += 1) {
        expect(posToOffset(projection, offsetToPos(projection, offset))).toBe(offset);
      }
    }
  });

  it('maps an offset inside a block separator to the block before or after, as asked', () => {
    const doc = schema.node('doc', null, [
      schema.node('paragraph', null, [schema.text('ab')]),
      schema.node('paragraph', null, [schema.text('cd')]),
    ]);
    const projection = projectDocument(doc);
    // "ab\n\ncd": offset 3 is inside the separator.
    expect(offsetToPos(projection, 3, -1)).toBe(3);
    expect(offsetToPos(projection, 3, 1)).toBe(5);
  });

  it('refuses offsets outside the text', () => {
    const projection = projectDocument(paragraphsOf('Short text.'));
    expect(() => offsetToPos(projection, -1)).toThrow(RangeError);
    expect(() => offsetToPos(projection, 12)).toThrow(/outside the text/);
  });
});

describe('word counting', () => {
  it('counts contractions and hyphenated words once', () => {
    expect(countWords("workers' state, self-accounting and the-out-and-out hardliners")).toBe(6);
  });

  it('finds no words in punctuation', () => {
    expect(countWords(' - … ! ')).toBe(0);
  });

  it('counts letters of any script, digits and letters outside the Basic Multilingual Plane', () => {
    expect(countWords('l’été 1989 Горбачёв 𝐀𝐁 -x 12-')).toBe(6);
    expect(countWords('emoji 😀 between')).toBe(2);
  });

  it('agrees with the regular expression that defines a word, on random text', () => {
    // Letters and digits of several scripts, one outside the BMP, joiners, punctuation and an emoji.
    const alphabet = Array.from("ab Z9-'’.,\n\téЖ中𝐀😀");
    const random = seededRandom(44);
    for (let trial = 0; trial < 200; trial += 1) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      const expected = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
      expect(countWords(text), JSON.stringify(text)).toBe(expected);
    }
  });
});
