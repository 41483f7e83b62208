import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIST_TOKENS, isTightList, orderedListStart, type ListToken } from './markdown-lists';

function token(type: string, hidden = false, attrs: Record<string, string> = {}): ListToken {
  return { type, hidden, attrGet: (name) => attrs[name] ?? null };
}

describe('Markdown lists', () => {
  it('reads a list as tight when its first paragraph is hidden', () => {
    const tight = [token('bullet_list_open'), token('list_item_open'), token('paragraph_open', true)];
    const loose = [token('bullet_list_open'), token('list_item_open'), token('paragraph_open')];
    expect(isTightList(tight, 0)).toBe(true);
    expect(isTightList(loose, 0)).toBe(false);
    expect(isTightList([token('bullet_list_open')], 0)).toBe(false);
  });

  it('keeps the number an ordered list starts at, 1 when it has none', () => {
    expect(orderedListStart(token('ordered_list_open', false, { start: '3' }))).toBe(3);
    expect(orderedListStart(token('ordered_list_open'))).toBe(1);
    expect(orderedListStart(token('ordered_list_open', false, { start: 'x' }))).toBe(1);
  });

  it('gives the parse specs of both kinds of list', () => {
    const tokens = [
      token('ordered_list_open', false, { start: '2' }),
      token('list_item_open'),
      token('paragraph_open', true),
    ];
    expect(MARKDOWN_LIST_TOKENS.ordered_list.getAttrs(tokens[0] as ListToken, tokens, 0)).toEqual({
      order: 2,
      tight: true,
    });
    expect(MARKDOWN_LIST_TOKENS.bullet_list.getAttrs(tokens[0] as ListToken, tokens, 0)).toEqual({
      tight: true,
    });
  });
});
