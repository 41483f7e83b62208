import { describe, expect, it } from 'vitest';
import { linkFromInput, safeDocumentHref, safeHref } from './safe-link';

describe('link targets', () => {
  it('accepts only http, https and mailto', () => {
    expect(safeHref(' https://example.org ')).toBe('https://example.org');
    expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://exa mple.org')).toBeNull();
    expect(safeHref('https://example.org/\u0000')).toBeNull();
  });

  it('reads what the reader types as a link', () => {
    expect(linkFromInput('example.org/page')).toBe('https://example.org/page');
    expect(linkFromInput('reader@example.org')).toBe('mailto:reader@example.org');
    expect(linkFromInput('http://example.org')).toBe('http://example.org');
    expect(linkFromInput('localhost:8080/x')).toBeNull();
    expect(linkFromInput('javascript:alert(1)')).toBeNull();
    expect(linkFromInput('ftp://example.org')).toBeNull();
    expect(linkFromInput('')).toBeNull();
    expect(linkFromInput('just words')).toBeNull();
  });

  it('keeps in a document’s text a link to a place in it, and nothing else beyond the web and e-mail', () => {
    expect(safeDocumentHref('#fn1')).toBe('#fn1');
    expect(safeDocumentHref(' https://example.org ')).toBe('https://example.org');
    expect(safeDocumentHref('# fn1')).toBeNull();
    expect(safeDocumentHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeDocumentHref('file:///etc/passwd')).toBeNull();
    expect(safeDocumentHref('chapter-2.md')).toBeNull();
    expect(safeDocumentHref(null)).toBeNull();
  });

  it('refuses a web address without its two slashes', () => {
    expect(safeHref('http:example.org')).toBeNull();
  });
});
