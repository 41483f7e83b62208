/**
 * The document schema of the rich-text fields (notes, comments, descriptions): paragraphs, block
 * quotes, bullet and numbered lists, line breaks, and bold, italic and links. Nothing else can exist
 * in a field, so nothing else can be pasted into one; a link only ever points to http(s) or mailto.
 */
import { Schema, type DOMOutputSpec, type Mark, type Node as PMNode } from 'prosemirror-model';
import { safeHref } from '../../../../../shared/safe-link';

const paragraphDom: DOMOutputSpec = ['p', 0];
const blockquoteDom: DOMOutputSpec = ['blockquote', 0];
const listItemDom: DOMOutputSpec = ['li', 0];

/** The rich-text schema. Node and mark names follow prosemirror-markdown's, so its serialiser applies. */
export const richTextSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      content: 'inline*',
      group: 'block',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => paragraphDom,
    },
    blockquote: {
      content: 'block+',
      group: 'block',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: () => blockquoteDom,
    },
    bullet_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: 'ul' }],
      toDOM: (node: PMNode): DOMOutputSpec => ['ul', { 'data-tight': node.attrs.tight ? 'true' : null }, 0],
    },
    ordered_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [
        {
          tag: 'ol',
          getAttrs: (dom: HTMLElement) => {
            const start = Number(dom.getAttribute('start') ?? '1');
            return { order: Number.isInteger(start) && start >= 0 ? start : 1 };
          },
        },
      ],
      toDOM: (node: PMNode): DOMOutputSpec => [
        'ol',
        { start: node.attrs.order === 1 ? null : String(node.attrs.order as number) },
        0,
      ],
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => listItemDom,
    },
    text: { group: 'inline' },
    hard_break: {
      inline: true,
      group: 'inline',
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  marks: {
    em: {
      parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
      toDOM: () => ['em', 0],
    },
    strong: {
      parseDOM: [
        { tag: 'strong' },
        { tag: 'b' },
        { style: 'font-weight', getAttrs: (value: string) => /^(bold(er)?|[5-9]\d{2})$/.test(value) && null },
      ],
      toDOM: () => ['strong', 0],
    },
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          // A pasted link to anything but the web or e-mail arrives as plain text.
          getAttrs: (dom: HTMLElement) => {
            const href = safeHref(dom.getAttribute('href') ?? '');
            return href === null ? false : { href, title: dom.getAttribute('title') };
          },
        },
      ],
      toDOM: (mark: Mark): DOMOutputSpec => [
        'a',
        {
          href: safeHref(String(mark.attrs.href)) ?? '',
          title: mark.attrs.title as string | null,
          rel: 'noopener noreferrer',
        },
        0,
      ],
    },
  },
});
