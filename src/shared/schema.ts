/**
 * The ProseMirror schema of a document's text.
 *
 * Node and mark names follow prosemirror-markdown's schema so that its parser and serializer work on
 * our documents unchanged. There is deliberately no image node: the app is offline and imported
 * content never fetches anything. Every HTML parse rule here is an allowlist: whatever an importer
 * feeds through `DOMParser.fromSchema(documentSchema)` comes out as these nodes and nothing else.
 */
import { Schema, type DOMOutputSpec, type Node as ProseMirrorNode, type TagParseRule } from 'prosemirror-model';
import { safeDocumentHref } from './safe-link';

/** The schema every document's text is stored in. */
export const documentSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      content: 'inline*',
      group: 'block',
      parseDOM: [{ tag: 'p' }],
      toDOM: (): DOMOutputSpec => ['p', 0],
    },
    heading: {
      attrs: { level: { default: 1, validate: 'number' } },
      content: 'inline*',
      group: 'block',
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node: ProseMirrorNode): DOMOutputSpec => [`h${String(node.attrs['level'])}`, 0],
    },
    blockquote: {
      content: 'block+',
      group: 'block',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: (): DOMOutputSpec => ['blockquote', 0],
    },
    horizontal_rule: {
      group: 'block',
      parseDOM: [{ tag: 'hr' }],
      toDOM: (): DOMOutputSpec => ['hr'],
    },
    code_block: {
      content: 'text*',
      marks: '',
      group: 'block',
      code: true,
      defining: true,
      attrs: { params: { default: '', validate: 'string' } },
      parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
      toDOM: (): DOMOutputSpec => ['pre', ['code', 0]],
    },
    ordered_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { order: { default: 1, validate: 'number' }, tight: { default: false } },
      parseDOM: [
        {
          tag: 'ol',
          getAttrs: (dom: HTMLElement) => {
            const start = dom.getAttribute('start');
            return { order: start !== null && /^\d+$/.test(start) ? Number(start) : 1 };
          },
        },
      ],
      toDOM: (node: ProseMirrorNode): DOMOutputSpec =>
        node.attrs['order'] === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs['order']) }, 0],
    },
    bullet_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { tight: { default: false } },
      parseDOM: [{ tag: 'ul' }],
      toDOM: (): DOMOutputSpec => ['ul', 0],
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: (): DOMOutputSpec => ['li', 0],
    },
    text: { group: 'inline' },
    hard_break: {
      inline: true,
      group: 'inline',
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: (): DOMOutputSpec => ['br'],
      leafText: () => '\n',
    },
  },
  marks: {
    em: {
      parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
    strong: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    link: {
      attrs: { href: { validate: 'string' }, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom: HTMLElement) => {
            const href = safeDocumentHref(dom.getAttribute('href'));
            return href === null ? false : { href, title: dom.getAttribute('title') };
          },
        },
      ],
      toDOM: (mark): DOMOutputSpec => {
        const href = safeDocumentHref(mark.attrs['href'] as string) ?? '#';
        const title = mark.attrs['title'] as string | null;
        return ['a', title === null ? { href } : { href, title }, 0];
      },
    },
    code: {
      parseDOM: [{ tag: 'code' }],
      toDOM: (): DOMOutputSpec => ['code', 0],
    },
    /**
     * The page of the original (a PDF's or a printed book's) that the text is on: `index` counts the
     * original's pages from 0, `label` is the page's printed name where the original gives one (PDF page
     * labels, an EPUB's page list), e.g. "xii" or "45". Pages are marks, not nodes, so they take no
     * characters in the projection, and they stay on their text through Clean text. A page starts where
     * the mark's `index` changes (see `shared/pages.ts`); text without the mark is on the page before it.
     * The importers set them with a transform (`core/import/page-marks.ts`).
     */
    page: {
      attrs: {
        index: { validate: (value: unknown) => checkPageIndex(value) },
        label: { default: null, validate: (value: unknown) => checkPageLabel(value) },
      },
      // No parse rule: pages come from the importers and the reader's page markers, never from markup
      // (a web page's own spans, or text pasted in Clean text), so no input can make pages by itself.
      toDOM: (mark): DOMOutputSpec => [
        'span',
        {
          'data-page-index': String(mark.attrs['index']),
          ...(mark.attrs['label'] === null ? {} : { 'data-page-label': String(mark.attrs['label']) }),
        },
        0,
      ],
    },
  },
});

/**
 * How the reader's own editor reads a page mark back from its DOM (when the browser changes the text
 * in place while typing in Clean text). The schema has no such rule, so that no imported or pasted
 * markup can make pages; text pasted in belongs to the page before it.
 */
export const PAGE_MARK_PARSE_RULE: TagParseRule = {
  tag: 'span[data-page-index]',
  mark: 'page',
  getAttrs: (dom: HTMLElement) => {
    const index = Number(dom.getAttribute('data-page-index'));
    if (!Number.isInteger(index) || index < 0 || index > MAX_PAGE_INDEX) return false;
    const label = dom.getAttribute('data-page-label');
    return { index, label: label === null ? null : label.slice(0, MAX_PAGE_LABEL) };
  },
};

/** The most pages a document's text can name: far more than any book has. */
export const MAX_PAGE_INDEX = 1_000_000;
/** The longest page label kept. */
export const MAX_PAGE_LABEL = 32;

function checkPageIndex(value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_INDEX)
    throw new RangeError(`A page index is a whole number from 0 to ${String(MAX_PAGE_INDEX)}.`);
}

function checkPageLabel(value: unknown): void {
  if (value !== null && (typeof value !== 'string' || value.length > MAX_PAGE_LABEL || /[\n\r]/.test(value)))
    throw new RangeError(`A page label is null or one line of at most ${String(MAX_PAGE_LABEL)} characters.`);
}

/** A document's text as stored on disk: the JSON form of a `documentSchema` doc node. */
export interface DocJSON {
  type: 'doc';
  content: unknown[];
}

/** Parses stored document JSON, throwing a `RangeError` when it does not fit the schema. */
export function docFromJSON(json: unknown): ProseMirrorNode {
  const node = documentSchema.nodeFromJSON(json);
  node.check();
  return node;
}
