/**
 * How a Markdown list becomes a list node, the one rule for every Markdown parser in Scholia (the
 * Markdown importer in core, the rich-text fields in the renderer): a list is tight when markdown-it
 * hid the paragraphs of its first item, and a numbered list keeps the number it starts at.
 *
 * The tokens are typed by the fields read, so `shared` does not depend on markdown-it: its own `Token`
 * class and the DefinitelyTyped one prosemirror-markdown declares both fit.
 */

/** The fields of a markdown-it token the list rules read. */
export interface ListToken {
  readonly type: string;
  readonly hidden: boolean;
  attrGet(name: string): string | number | null;
}

/** Whether the list opening at `tokens[index]` is tight (markdown-it hides the paragraphs of a tight list). */
export function isTightList(tokens: readonly Pick<ListToken, 'type' | 'hidden'>[], index: number): boolean {
  for (let i = index + 1; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token !== undefined && token.type !== 'list_item_open') return token.hidden;
  }
  return false;
}

/** The number an ordered list opening with `token` starts at (1 when it has none or it is not a number). */
export function orderedListStart(token: Pick<ListToken, 'attrGet'>): number {
  return Number(token.attrGet('start') ?? 1) || 1;
}

/**
 * The prosemirror-markdown parse specs of lists, for a schema with `bullet_list`, `ordered_list`
 * (`order`, `tight`) and `list_item` nodes: spread them into a `MarkdownParser`'s token table.
 */
export const MARKDOWN_LIST_TOKENS = {
  list_item: { block: 'list_item' },
  bullet_list: {
    block: 'bullet_list',
    getAttrs: (_token: ListToken, tokens: readonly ListToken[], i: number) => ({
      tight: isTightList(tokens, i),
    }),
  },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (token: ListToken, tokens: readonly ListToken[], i: number) => ({
      order: orderedListStart(token),
      tight: isTightList(tokens, i),
    }),
  },
} as const;
