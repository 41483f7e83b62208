import { describe, expect, it } from 'vitest';
import { normalizeMarkdown, parseMarkdown, serializeMarkdown } from './markdown';
import { richTextSchema } from './schema';

/** The node and mark names in `markdown`'s document, in document order. */
function structure(markdown: string): string[] {
  const names: string[] = [];
  parseMarkdown(markdown).descendants((node) => {
    names.push(node.isText ? `text[${node.marks.map((m) => m.type.name).join(',')}]` : node.type.name);
  });
  return names;
}

function links(markdown: string): string[] {
  const hrefs: string[] = [];
  parseMarkdown(markdown).descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(String(mark.attrs.href));
  });
  return hrefs;
}

describe('Markdown round trip', () => {
  const kept = [
    'Plain text.',
    'Some **bold** and *italic* and ***both***.',
    'A [link](https://example.org/page?q=1) and [mail](mailto:a@example.org).',
    '* one\n* two\n* three',
    '1. first\n2. second',
    '3. starts at three\n4. four',
    '> A quote\\\n> over two lines',
    '> * a list\n> * in a quote',
    '* outer\n\n  * inner\n\n* next',
    'First paragraph.\n\nSecond paragraph.',
    'A line\\\nbroken by hand.',
  ];
  it.each(kept)('keeps %j as written', (markdown) => {
    expect(serializeMarkdown(parseMarkdown(markdown))).toBe(markdown);
  });

  it('keeps bold, italic, links, lists and quotes through parse and serialise', () => {
    const markdown = '**Claim:** *see* [source](https://example.org)\n\n* a\n* b\n\n1. x\n2. y\n\n> said';
    const again = parseMarkdown(serializeMarkdown(parseMarkdown(markdown)));
    expect(again.eq(parseMarkdown(markdown))).toBe(true);
    expect(structure(markdown)).toEqual([
      'paragraph',
      'text[strong]',
      'text[]',
      'text[em]',
      'text[]',
      'text[link]',
      'bullet_list',
      'list_item',
      'paragraph',
      'text[]',
      'list_item',
      'paragraph',
      'text[]',
      'ordered_list',
      'list_item',
      'paragraph',
      'text[]',
      'list_item',
      'paragraph',
      'text[]',
      'blockquote',
      'paragraph',
      'text[]',
    ]);
  });

  it('writes an empty field as the empty string and reads it as one empty paragraph', () => {
    expect(structure('')).toEqual(['paragraph']);
    expect(normalizeMarkdown('')).toBe('');
    expect(normalizeMarkdown('  \n\n ')).toBe('');
  });

  it('keeps a line break typed inside a paragraph', () => {
    expect(normalizeMarkdown('one\ntwo')).toBe('one\\\ntwo');
    expect(structure('one\ntwo')).toEqual(['paragraph', 'text[]', 'hard_break', 'text[]']);
  });

  it('is stable: a second save writes what the first wrote', () => {
    const inputs = [
      '# Heading',
      '`code`',
      '---',
      '| a | b |',
      '_x_ __y__',
      '* [ ] task',
      '1) one',
      '<b>x</b>',
    ];
    for (const input of inputs) {
      const once = normalizeMarkdown(input);
      expect(normalizeMarkdown(once)).toBe(once);
    }
  });
});

describe('lists next to lists', () => {
  it('keeps two lists of the same kind apart', () => {
    const { doc, bullet_list, ordered_list, list_item, paragraph } = richTextSchema.nodes;
    const item = (text: string) => list_item.create(null, paragraph.create(null, richTextSchema.text(text)));
    const twoPairs = doc.create(null, [
      bullet_list.create(null, [item('a')]),
      bullet_list.create(null, [item('b')]),
      bullet_list.create(null, [item('c')]),
      ordered_list.create({ order: 3 }, [item('d')]),
      ordered_list.create(null, [item('e')]),
    ]);
    const markdown = serializeMarkdown(twoPairs);
    expect(markdown).toBe('* a\n\n- b\n\n* c\n\n3. d\n\n1) e');
    expect(parseMarkdown(markdown).toJSON()).toEqual(twoPairs.toJSON());
  });
});

describe('long notes', () => {
  it('round-trips a long note of every kind of block', () => {
    const words = [
      'state',
      'plan',
      '**economy**',
      '*workers*',
      '[source](https://example.org/x)',
      'the',
      'of',
    ];
    const blocks: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const sentence = Array.from(
        { length: 30 },
        (_, j) => words[(i * 7 + j * 3 + j * j) % words.length],
      ).join(' ');
      const kind = i % 10;
      blocks.push(kind < 2 ? `* ${sentence}\n* ${sentence}` : kind < 3 ? `> ${sentence}` : sentence);
    }
    const once = normalizeMarkdown(blocks.join('\n\n'));
    expect(once.length).toBeGreaterThan(50_000);
    expect(parseMarkdown(once).toJSON()).toEqual(parseMarkdown(blocks.join('\n\n')).toJSON());
    expect(normalizeMarkdown(once)).toBe(once);
  });
});

describe('hostile input', () => {
  it('keeps raw HTML as the text it is', () => {
    const markdown = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">y</a>';
    expect(structure(markdown)).toEqual(['paragraph', 'text[]']);
    expect(parseMarkdown(markdown).textContent).toBe(markdown);
  });

  it('makes no link of javascript:, data:, file: or relative targets', () => {
    for (const target of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'page.html',
      '//evil.example',
    ]) {
      expect(links(`[click](${target})`)).toEqual([]);
      expect(links(`<${target}>`)).toEqual([]);
    }
  });

  it('keeps web and mail links', () => {
    expect(
      links('[a](https://example.org) [b](http://example.org) [c](mailto:x@example.org) <https://e.org>'),
    ).toEqual(['https://example.org', 'http://example.org', 'mailto:x@example.org', 'https://e.org']);
  });

  it('turns images, headings and code into text rather than failing', () => {
    expect(() => parseMarkdown('![x](https://e.org/x.png)\n# H\n```\ncode\n```\n    indented')).not.toThrow();
    expect(links('![x](https://e.org/x.png)')).toEqual(['https://e.org/x.png']);
    expect(parseMarkdown('# Not a heading').textContent).toBe('# Not a heading');
  });

  it('survives deep nesting and long input without throwing', () => {
    const deep = `${'> '.repeat(5000)}deep\n\n${'* '.repeat(5000)}list\n\n${'['.repeat(50_000)}`;
    const doc = parseMarkdown(deep);
    expect(doc.textContent).toContain('deep');
    expect(doc.textContent).toContain('list');
    expect(normalizeMarkdown(normalizeMarkdown(deep))).toBe(normalizeMarkdown(deep));
  });

  it('escapes Markdown characters typed as text, so they stay text', () => {
    const typed = parseMarkdown('').type.schema.node('doc', null, [
      parseMarkdown('').type.schema.node('paragraph', null, [
        parseMarkdown('').type.schema.text('*not bold* [not](https://link) # 1. <b>'),
      ]),
    ]);
    const markdown = serializeMarkdown(typed);
    expect(parseMarkdown(markdown).eq(typed)).toBe(true);
  });
});
