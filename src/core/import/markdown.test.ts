import { describe, expect, it } from 'vitest';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { markdownToDoc } from './markdown';

const parse = (markdown: string): ProseMirrorNode => markdownToDoc(markdown).doc;

/** Every link target in the document. */
function hrefs(doc: ProseMirrorNode): string[] {
  const found: string[] = [];
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === 'link') found.push(String(mark.attrs['href']));
  });
  return found;
}

/** The names of the marks on the text `text` (first occurrence). */
function marksOn(doc: ProseMirrorNode, text: string): string[] {
  let names: string[] = [];
  doc.descendants((node) => {
    if (node.isText && node.text === text) names = node.marks.map((mark) => mark.type.name);
  });
  return names;
}

describe('markdownToDoc', () => {
  it('maps headings to heading nodes with their level', () => {
    const doc = parse('# USSR 1989\n\n## Elements of revolution\n\n#### Fast news\n');
    const headings: [number, string][] = [];
    doc.forEach((node) => headings.push([Number(node.attrs['level']), node.textContent]));
    expect(headings).toEqual([
      [1, 'USSR 1989'],
      [2, 'Elements of revolution'],
      [4, 'Fast news'],
    ]);
  });

  it('maps bullet and ordered lists, keeping the start number', () => {
    const doc = parse('- Eastern\n- London\n\n3. Wales\n4. Yorkshire\n');
    expect(doc.child(0).type.name).toBe('bullet_list');
    expect(doc.child(0).childCount).toBe(2);
    expect(doc.child(1).type.name).toBe('ordered_list');
    expect(doc.child(1).attrs['order']).toBe(3);
    expect(doc.child(1).child(1).textContent).toBe('Yorkshire');
  });

  it('maps block quotes, nested content included', () => {
    const doc = parse('> “1989 did not bury socialism or Marxism.”\n>\n> - Peter Taaffe\n');
    expect(doc.child(0).type.name).toBe('blockquote');
    expect(doc.child(0).child(1).type.name).toBe('bullet_list');
  });

  it('maps emphasis, strong emphasis and inline code to marks', () => {
    const doc = parse('The *Revolution* **Betrayed** `1936`');
    expect(marksOn(doc, 'Revolution')).toEqual(['em']);
    expect(marksOn(doc, 'Betrayed')).toEqual(['strong']);
    expect(marksOn(doc, '1936')).toEqual(['code']);
  });

  it('keeps http, https, mailto and fragment links', () => {
    const doc = parse(
      '[page](https://socialistparty.org.uk) [old](http://example.org) [mail](mailto:editors@example.org) [note](#fn1)',
    );
    expect(hrefs(doc)).toEqual([
      'https://socialistparty.org.uk',
      'http://example.org',
      'mailto:editors@example.org',
      '#fn1',
    ]);
  });

  it('makes no link of a javascript: target, and keeps the text', () => {
    const doc = parse('[Click to enlarge](javascript:alert(document.cookie)) and [also](JAVASCRIPT:void(0))');
    expect(hrefs(doc)).toEqual([]);
    expect(doc.textContent).toBe('Click to enlarge and also');
  });

  it('drops link targets that point at local files, keeping the link text', () => {
    const doc = parse('[notes](file:///etc/passwd) and [chapter](chapter-2.md)');
    expect(hrefs(doc)).toEqual([]);
    expect(doc.textContent).toBe('notes and chapter');
  });

  it('shows raw HTML as text and never as markup', () => {
    const doc = parse('<script>alert("x")</script>\n\nA <b onclick="x()">bold</b> claim\n');
    expect(doc.child(0).textContent).toBe('<script>alert("x")</script>');
    expect(marksOn(doc, 'bold')).toEqual([]);
    expect(projectDocument(doc).text).toContain('<b onclick="x()">bold</b>');
  });

  it('turns an image into its alt text', () => {
    const doc = parse('![Leon Trotsky reading *The Militant*](trotsky.jpg "1931")');
    expect(doc.textContent).toBe('Leon Trotsky reading The Militant');
  });

  it('keeps a fenced code block with its info string', () => {
    const doc = parse('```text\nPhone our national office\n```\n');
    expect(doc.child(0).type.name).toBe('code_block');
    expect(doc.child(0).attrs['params']).toBe('text');
  });

  it('hides the front matter and returns its fields', () => {
    const { doc, frontMatter } = markdownToDoc(
      '---\ntitle: Fast news\n---\nBrighton bin workers score quick victory\n',
    );
    expect(doc.textContent).toBe('Brighton bin workers score quick victory');
    expect(frontMatter.get('title')).toBe('Fast news');
  });

  it('gives a file of only front matter a document with one empty paragraph', () => {
    const doc = parse('---\ntitle: Nothing yet\n---\n');
    expect(doc.toJSON()).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('produces JSON that the stored-document parser accepts', () => {
    const doc = parse('# T\n\n> - a\n>   1. b\n\n![](x.png)\n\n---\n\nline  \nbreak\n');
    expect(docFromJSON(doc.toJSON()).eq(doc)).toBe(true);
  });
});
