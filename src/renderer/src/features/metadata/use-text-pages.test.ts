import { describe, expect, it } from 'vitest';
import { docHasPages } from './use-text-pages';

const text = (words: string, marks?: unknown[]) => ({
  type: 'text',
  text: words,
  ...(marks ? { marks } : {}),
});

describe('a document’s pages', () => {
  it('are found in a page mark anywhere in its text', () => {
    const doc = {
      type: 'doc' as const,
      content: [
        { type: 'paragraph', content: [text('Before the pages')] },
        {
          type: 'blockquote',
          content: [
            {
              type: 'paragraph',
              content: [text('On page 45', [{ type: 'page', attrs: { index: 0, label: '45' } }])],
            },
          ],
        },
      ],
    };
    expect(docHasPages(doc)).toBe(true);
  });

  it('are not in a text whose marks are all of other kinds', () => {
    const doc = {
      type: 'doc' as const,
      content: [{ type: 'paragraph', content: [text('Emphasis', [{ type: 'em' }]), text(' and plain')] }],
    };
    expect(docHasPages(doc)).toBe(false);
  });
});
