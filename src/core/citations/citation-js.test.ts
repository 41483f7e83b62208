import { describe, expect, it } from 'vitest';
import { formatReferences, registerCslStyle } from './citation-js';

/** A style whose bibliography prints only the container and sorts by volume. */
const STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Pairing test</title><id>pairing-test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <sort><key variable="volume"/></sort>
    <layout>
      <choose><if variable="container-title">
        <text variable="container-title"/><text variable="volume" prefix=" "/>
      </if></choose>
    </layout>
  </bibliography>
</style>`;

describe('formatReferences', () => {
  registerCslStyle('pairing-test', STYLE);

  it('pairs each entry with its own item when the style leaves an item out of the bibliography', () => {
    const formatted = formatReferences(
      [
        { id: 'a', type: 'book', title: 'No container', volume: '1' },
        {
          id: 'b',
          type: 'article-journal',
          title: 'In a journal',
          'container-title': 'Journal',
          volume: '2',
        },
      ],
      'pairing-test',
      'en-US',
    );
    expect(formatted.entries.get('a')).toBeUndefined();
    expect(formatted.entries.get('b')?.text).toBe('Journal 2');
  });

  it('sorts and formats numbers that CSL-JSON allows as numbers', () => {
    const formatted = formatReferences(
      [
        { id: 'c', type: 'article-journal', title: 'Later', 'container-title': 'Journal', volume: 12 },
        { id: 'd', type: 'article-journal', title: 'Earlier', 'container-title': 'Journal', volume: 3 },
      ],
      'pairing-test',
      'en-US',
    );
    expect(formatted.order).toEqual(['d', 'c']);
    expect(formatted.entries.get('c')?.text).toBe('Journal 12');
  });
});
