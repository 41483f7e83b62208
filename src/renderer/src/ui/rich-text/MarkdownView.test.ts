import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from './MarkdownView';

function html(markdown: string): string {
  return renderToStaticMarkup(createElement(MarkdownView, { markdown }));
}

describe('MarkdownView', () => {
  it('shows bold, italic, lists, quotes and line breaks', () => {
    expect(html('**b** *i*\n\n* one\n* two\n\n3. x\n\n> q\\\nr')).toBe(
      '<div class="markdown-view"><p><strong>b</strong> <em>i</em></p><ul><li>one</li><li>two</li></ul>' +
        '<ol start="3"><li>x</li></ol><blockquote><p>q<br/>r</p></blockquote></div>',
    );
  });

  it('opens web links outside the window', () => {
    expect(html('[site](https://example.org "T")')).toBe(
      '<div class="markdown-view"><p><a href="https://example.org" target="_blank" rel="noopener noreferrer" title="T">site</a></p></div>',
    );
  });

  it('shows raw HTML as text and makes no element of it', () => {
    const out = html('<script>alert(1)</script><img src=x onerror=alert(1)> <iframe src="https://e.org">');
    expect(out).not.toMatch(/<script|<img|<iframe/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('makes no link of javascript:, data: or relative targets', () => {
    for (const target of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'page.html']) {
      const out = html(`[x](${target}) <${target}>`);
      expect(out).not.toContain('<a');
      expect(out).not.toMatch(/href="(javascript|data|vbscript)/i);
    }
  });

  it('shows images and headings as plain text', () => {
    const out = html('# Title\n\n![alt](https://e.org/x.png)');
    expect(out).not.toMatch(/<h1|<img/);
    expect(out).toContain('# Title');
  });
});
