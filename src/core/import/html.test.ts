import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { convertHtml } from './html';
import { nonBlank, readFixture } from './test-fixtures';

const encoder = new TextEncoder();
const fileOf = (name: string, html: string) => ({ name, label: `/in/${name}`, bytes: encoder.encode(html) });
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Socialist article's paragraphs: everything after the title line, as the web page shows them. */
const article = readFixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
const paragraphs = article
  .split(/\n\s*\n/)
  .map((block) => block.trim())
  .filter((block) => block.length > 120);

function page(head: string, extraBody = ''): string {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">${head}</head><body>
    <nav><ul><li><a href="/join">Join the Socialist Party</a></li><li><a href="/print">Printable version</a></li></ul></nav>
    <div class="sidebar"><h3>Related</h3><a href="/a">Other article one</a> <a href="/b">Other article two</a></div>
    <main><article><h1>USSR 1989 - the collapse of Stalinism</h1>
    <p><em>How the movements to end bureaucratic rule eventually resulted in capitalist restoration</em></p>
    ${paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('\n')}
    <blockquote><p>Quoted words of <strong>strength</strong> and a <a href="https://example.org/source">source link</a>.</p></blockquote>
    <ul><li>First point</li><li>Second point</li></ul>
    ${extraBody}
    </article></main><footer>Copyright Socialist Party footer text</footer></body></html>`;
}

describe('convertHtml', () => {
  it('extracts the article text without the page clutter, with Highwire citation metadata', () => {
    const { doc, csl } = convertHtml(
      fileOf(
        'ussr.html',
        page(`<title>USSR 1989 | Socialist Party</title>
          <meta name="citation_title" content="USSR 1989 - the collapse of Stalinism">
          <meta name="citation_author" content="Doyle, Clare">
          <meta name="citation_publication_date" content="2009/11/18">
          <meta name="citation_journal_title" content="The Socialist">
          <meta name="citation_publisher" content="Socialist Party">
          <meta name="citation_doi" content="10.1234/socialist.2009.601">
          <meta property="og:site_name" content="Socialist Party">
          <link rel="canonical" href="https://www.socialistparty.org.uk/articles/8484">`),
      ),
    );
    const text = projectDocument(doc).text;
    for (const paragraph of paragraphs) expect(nonBlank(text)).toContain(nonBlank(paragraph));
    expect(text).not.toContain('Printable version');
    expect(text).not.toContain('footer text');
    expect(doc.firstChild?.type.name).toBe('heading');
    expect(doc.firstChild?.textContent).toBe('USSR 1989 - the collapse of Stalinism');
    const types = new Set<string>();
    doc.descendants((node) => {
      types.add(node.type.name);
      for (const mark of node.marks) types.add(mark.type.name);
    });
    for (const type of ['blockquote', 'bullet_list', 'list_item', 'em', 'strong', 'link'])
      expect(types).toContain(type);
    expect(csl).toMatchObject({
      type: 'article-journal',
      title: 'USSR 1989 - the collapse of Stalinism',
      author: [{ family: 'Doyle', given: 'Clare' }],
      issued: { 'date-parts': [[2009, 11, 18]] },
      'container-title': 'The Socialist',
      publisher: 'Socialist Party',
      DOI: '10.1234/socialist.2009.601',
      URL: 'https://www.socialistparty.org.uk/articles/8484',
      language: 'en-GB',
    });
  });

  it('reads Dublin Core and Open Graph when there are no citation tags', () => {
    const { csl } = convertHtml(
      fileOf(
        'dc.html',
        page(`<title>Ignored title</title>
          <meta name="DC.title" content="The Collapse of Stalinism">
          <meta name="DC.creator" content="Clare Doyle"><meta name="DC.creator" content="Peter Taaffe">
          <meta name="DC.date" content="2009-11-18">
          <meta property="og:title" content="OG title loses to DC">
          <meta property="og:site_name" content="The Socialist">
          <meta property="og:url" content="https://example.org/og">`),
      ),
    );
    expect(csl).toMatchObject({
      type: 'webpage',
      title: 'The Collapse of Stalinism',
      author: [
        { given: 'Clare', family: 'Doyle' },
        { given: 'Peter', family: 'Taaffe' },
      ],
      issued: { 'date-parts': [[2009, 11, 18]] },
      'container-title': 'The Socialist',
      URL: 'https://example.org/og',
    });

    const og = convertHtml(
      fileOf(
        'og.html',
        page(`<title>Plain title</title><meta property="og:title" content="Open Graph title">
          <meta property="article:published_time" content="2009-11-18T09:30:00+00:00"><meta name="author" content="Clare Doyle">`),
      ),
    ).csl;
    expect(og).toMatchObject({
      title: 'Open Graph title',
      issued: { 'date-parts': [[2009, 11, 18]] },
      author: [{ family: 'Doyle' }],
    });

    const bare = convertHtml(fileOf('bare.html', page('<title>Only the title element</title>'))).csl;
    expect(bare.title).toBe('Only the title element');
    expect(bare.author).toBeUndefined();
  });

  it('imports a page that is not an article (no Readability result) from its body', () => {
    const { doc, csl } = convertHtml(fileOf('short.html', '<p>Just one line.</p>'));
    expect(projectDocument(doc).text).toContain('Just one line.');
    expect(csl.title).toBe('Just one line.');
  });

  describe('hostile pages', () => {
    let server: Server;
    let requests = 0;
    let origin = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        requests += 1;
        response.end('window.__scholiaFetched = true;');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('runs nothing, fetches nothing, and keeps only clean text and safe links', () => {
      const globals = globalThis as Record<string, unknown>;
      const hostile = `
        <script>globalThis.__scholiaPwned = 1; window.top.__scholiaPwned = 1;</script>
        <script src="${origin}/evil.js"></script>
        <link rel="stylesheet" href="${origin}/style.css"><style>@import url(${origin}/import.css); p { background: url(${origin}/bg.png) }</style>
        <p onclick="globalThis.__scholiaPwned = 2">Click <a href="javascript:globalThis.__scholiaPwned=3">this harmless-looking link</a> and
           <a href="JaVaScRiPt:alert(1)">another</a> and <a href="data:text/html,<script>alert(1)</script>">data</a> and
           <a href="file:///etc/passwd">a file</a> and <a href="https://example.org/ok">a real one</a>.</p>
        <img src="${origin}/pixel.png" onerror="globalThis.__scholiaPwned = 4" alt="pixel">
        <iframe src="${origin}/frame.html"></iframe><object data="${origin}/object.swf"></object>
        <p style="display:none">HIDDEN-BY-STYLE secret text</p><p hidden>HIDDEN-BY-ATTRIBUTE secret</p>
        <svg onload="globalThis.__scholiaPwned = 5"><text>SVG-TEXT</text></svg>
        <form action="${origin}/post"><input value="FORM-VALUE"><button>FORM-BUTTON</button></form>`;
      const { doc } = convertHtml(
        fileOf('hostile.html', page(`<title>Hostile</title><base href="${origin}/">`, hostile)),
      );
      const json = JSON.stringify(doc.toJSON());
      const text = projectDocument(doc).text;
      expect(globals['__scholiaPwned']).toBeUndefined();
      expect(globals['__scholiaFetched']).toBeUndefined();
      expect(requests).toBe(0);
      expect(json.toLowerCase()).not.toContain('javascript:');
      expect(json).not.toContain('data:text');
      expect(json).not.toContain('file:');
      expect(json).not.toContain('onclick');
      expect(json).not.toContain(origin);
      for (const secret of [
        'HIDDEN-BY-STYLE',
        'HIDDEN-BY-ATTRIBUTE',
        'SVG-TEXT',
        'FORM-VALUE',
        'FORM-BUTTON',
        'globalThis',
      ]) {
        expect(text).not.toContain(secret);
      }
      // The link texts stay as text; only the https link keeps its target.
      expect(text).toContain('this harmless-looking link');
      const hrefs: unknown[] = [];
      doc.descendants((node) => {
        for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(mark.attrs['href']);
      });
      expect(hrefs).toEqual(['https://example.org/source', 'https://example.org/ok']);
    });
  });
});
