import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CslItem } from '../../shared/model';
import { formatReferences, registerCslStyle } from './citation-js';
import { formatReferencesOffThread, whereLastFormatted } from './citeproc-thread';
import { bundledStylesDir } from './styles';

function items(tag: string): CslItem[] {
  return [
    {
      id: `${tag}-1`,
      type: 'article-journal',
      title: 'The collapse of Stalinism',
      author: [{ family: 'Doyle', given: 'Clare' }],
      issued: { 'date-parts': [[2009]] },
      'container-title': 'The Socialist',
    },
    {
      id: `${tag}-2`,
      type: 'book',
      title: 'Ferment in Eastern Europe',
      author: [{ family: 'Sewell', given: 'Rob' }],
      issued: { 'date-parts': [[1990]] },
      publisher: 'Wellred',
    },
    {
      id: `${tag}-3`,
      type: 'book',
      title: 'Doyle again',
      author: [{ family: 'Doyle', given: 'Clare' }],
      issued: { 'date-parts': [[2009]] },
    },
  ];
}

describe('formatReferencesOffThread', () => {
  // The Chicago 18th-edition style takes citeproc a second or more to load, in each thread.
  it('gives what citeproc gives in this thread: order, entries and citations', async () => {
    const xml = readFileSync(join(bundledStylesDir(), 'chicago-author-date.csl'), 'utf8');
    registerCslStyle('thread-test-chicago', xml);
    const offThread = await formatReferencesOffThread(items('a'), 'thread-test-chicago', 'en-US', 15);
    expect(whereLastFormatted()).toBe('worker');
    // Different ids, so the in-thread call cannot reuse the result remembered above.
    const here = formatReferences(items('b'), 'thread-test-chicago', 'en-US');
    const rename = (id: string) => id.replace(/^a-/, 'b-');
    expect(offThread.order.map(rename)).toEqual(here.order);
    expect([...offThread.entries].map(([id, text]) => [rename(id), text])).toEqual([...here.entries]);
    expect([...offThread.citations].map(([id, text]) => [rename(id), text])).toEqual([...here.citations]);
    // Disambiguation happened across the items (two by Doyle in 2009).
    expect(offThread.citations.get('a-1')?.text).toMatch(/2009[ab]/);
  }, 30_000);

  it('rejects with citeproc’s error for an unknown style', async () => {
    await expect(formatReferencesOffThread(items('c'), 'no-such-style', 'en-US', 15)).rejects.toThrow();
  });
});
