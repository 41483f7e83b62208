import { describe, expect, it } from 'vitest';
import { inertMarkdown } from './markdown-escape';

describe('inertMarkdown', () => {
  it('makes HTML that could run script or load from elsewhere show as text', () => {
    const cases: Array<[string, string]> = [
      ['<script>alert(1)</script>', '&lt;script>alert(1)&lt;/script>'],
      ['a <img src=x onerror="alert(1)"> b', 'a &lt;img src=x onerror="alert(1)"> b'],
      ['<IFRAME SRC="http://evil.example">', '&lt;IFRAME SRC="http://evil.example">'],
      ['<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)">x</a>'],
      ['<img src="https://evil.example/x.png">', '&lt;img src="https://evil.example/x.png">'],
      ['<svg onload=alert(1)>', '&lt;svg onload=alert(1)>'],
    ];
    for (const [text, inert] of cases) expect(inertMarkdown(text)).toBe(inert);
  });

  it('leaves the Markdown a reader writes as it is', () => {
    const note =
      '**Key** passage: see *Trotsky*, [the review](https://example.org/review), `a < b`, and <em>this</em>.\n\n> quoted';
    expect(inertMarkdown(note)).toBe(note);
  });

  it('writes an image as a link to it, which loads nothing until followed', () => {
    expect(inertMarkdown('![a remote image](http://evil.example/x.png)')).toBe(
      '\\![a remote image](http://evil.example/x.png)',
    );
    expect(inertMarkdown('See ![x][r]\n\n[r]: http://evil.example/x.png')).toBe(
      'See \\![x][r]\n\n[r]: http://evil.example/x.png',
    );
    expect(inertMarkdown('Wow! [a link](https://example.org)')).toBe('Wow! [a link](https://example.org)');
  });
});
