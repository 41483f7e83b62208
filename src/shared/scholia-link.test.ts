import { describe, expect, it } from 'vitest';
import { parseScholiaLink, scholiaLinkInArgs } from './scholia-link';

describe('parseScholiaLink', () => {
  it('reads the document and annotation of a vault link', () => {
    expect(parseScholiaLink('scholia://open?document=3f2a9c1e-0b&annotation=a1b2_c3')).toEqual({
      documentId: '3f2a9c1e-0b',
      annotationId: 'a1b2_c3',
    });
  });

  it('accepts a link to a document alone', () => {
    expect(parseScholiaLink('scholia://open?document=doc1')).toEqual({
      documentId: 'doc1',
      annotationId: null,
    });
  });

  it.each([
    ['another scheme', 'https://open?document=doc1'],
    ['another action', 'scholia://delete?document=doc1'],
    ['no document', 'scholia://open?annotation=a1'],
    ['an empty document', 'scholia://open?document=&annotation=a1'],
    ['an unknown parameter', 'scholia://open?document=doc1&path=/etc/passwd'],
    ['a repeated parameter', 'scholia://open?document=doc1&document=doc2'],
    ['characters outside ids', 'scholia://open?document=..%2F..%2Fsecret'],
    ['script in the id', 'scholia://open?document=<script>'],
    ['a fragment', 'scholia://open?document=doc1#x'],
    ['a very long link', `scholia://open?document=${'a'.repeat(2000)}`],
  ])('refuses %s', (_name, url) => {
    expect(parseScholiaLink(url)).toBeNull();
  });

  it('finds the link among command-line arguments', () => {
    expect(
      scholiaLinkInArgs([
        '/usr/bin/scholia',
        '--library',
        '/tmp/x',
        'scholia://open?document=d&annotation=a',
      ]),
    ).toEqual({ documentId: 'd', annotationId: 'a' });
    expect(scholiaLinkInArgs(['/usr/bin/scholia', 'scholia://bad'])).toBeNull();
  });
});
