import { describe, expect, it } from 'vitest';
import { domToBlocks, InertParser } from './html-dom';
import { IMPORT_LIMITS } from './limits';
import { MarkupBudget } from './markup-shape';

const file = { name: 'hidden.xhtml', label: '/in/hidden.xhtml' };

/** The text of the blocks `body` (XHTML) makes, one string per block. */
function blocksOf(body: string): string[] {
  const parser = new InertParser();
  try {
    const document = parser.parse(
      `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>${body}</body></html>`,
      { budget: new MarkupBudget(file, 'Save it again.') },
      { xml: true },
    );
    return domToBlocks(document.querySelector('body') ?? document.documentElement).map(
      (block) => block.textContent,
    );
  } finally {
    parser.close();
  }
}

describe('domToBlocks', () => {
  it('leaves out what a reader does not see, and keeps the text around it', () => {
    expect(
      blocksOf(
        '<p>Strikes <span hidden="">secret</span>spread<span style="display: none"> fast</span> to Poland.</p>' +
          '<div aria-hidden="true"><p>A hidden paragraph.</p></div><script>alert(1)</script><p>After.</p>',
      ),
    ).toEqual(['Strikes spread to Poland.', 'After.']);
  });

  it('leaves out tens of thousands of hidden siblings in time linear in their number', () => {
    // Half the elements a file may have: removing them one by one would take jsdom minutes.
    const count = IMPORT_LIMITS.markupElementsPerFile / 2;
    const started = performance.now();
    const blocks = blocksOf(`<p>${'<span hidden="">x</span>word '.repeat(count)}</p>`);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.split('word').length).toBe(count + 1);
    expect(blocks[0]).not.toContain('x');
  }, 60_000);
});
