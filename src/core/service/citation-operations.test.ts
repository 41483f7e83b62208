import { Cite } from '@citation-js/core';
import { describe, expect, it } from 'vitest';
import type { CslDraft } from '../../shared/model';
import '../citations/citation-js';
import { USSR_CSL } from '../store/test-documents';
import { failure, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

/** What citation-js itself makes of `item` in the registered style `template`. */
function citationJs(item: CslDraft, template: string): { bibliography: string; citation: string } {
  const cite = new Cite([{ ...item, id: 'reference' }]);
  const options = { template, lang: 'en-US', format: 'text' as const };
  return {
    bibliography: String(cite.format('bibliography', options)).trim(),
    citation: String(cite.format('citation', options)).trim(),
  };
}

describe('formatCitation', () => {
  it('formats an unsaved item in APA as citation-js does', async () => {
    const service = await library.open();
    const formatted = await service.formatCitation({ csl: USSR_CSL, style: 'apa', locale: 'en-US' });
    expect(formatted.bibliography).toMatch(
      /^Doyle, C\. \(2009, November 18\)\. USSR 1989: The collapse of Stalinism\. The Socialist\./,
    );
    expect(formatted.citation).toBe('(Doyle, 2009)');
    expect(formatted).toEqual(citationJs(USSR_CSL, 'apa'));
  });

  it('formats the same item in MLA as citation-js does', async () => {
    const service = await library.open();
    const formatted = await service.formatCitation({ csl: USSR_CSL, style: 'mla', locale: 'en-US' });
    expect(formatted.bibliography).toMatch(
      /^Doyle, Clare\. “USSR 1989: The Collapse of Stalinism\.” The Socialist,/,
    );
    expect(formatted.citation).toBe('(Doyle)');
    expect(formatted).toEqual(citationJs(USSR_CSL, 'mla'));
  });

  it('follows the item as it changes: another author and year give another citation', async () => {
    const service = await library.open();
    const changed: CslDraft = {
      ...USSR_CSL,
      author: [{ family: 'Taaffe', given: 'Peter' }, { literal: 'Socialist Party' }],
      issued: { 'date-parts': [[1995]] },
    };
    const formatted = await service.formatCitation({ csl: changed, style: 'apa', locale: 'en-US' });
    expect(formatted.citation).toBe('(Taaffe & Socialist Party, 1995)');
    expect(formatted.bibliography).toMatch(/^Taaffe, P\. & Socialist Party\. \(1995\)\. USSR 1989/);
  });

  it('refuses an unknown style, naming it and the known ones', async () => {
    const service = await library.open();
    const error = await failure(
      service.formatCitation({ csl: USSR_CSL, style: 'vancouver', locale: 'en-US' }),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/Unknown citation style "vancouver"\. Choose one of: apa, mla, /);
  });

  it('refuses metadata that is not a CSL item', async () => {
    const service = await library.open();
    const notAList = { ...USSR_CSL, author: 'Clare Doyle' } as unknown as CslDraft;
    const error = await failure(service.formatCitation({ csl: notAList, style: 'apa', locale: 'en-US' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/Invalid arguments for formatCitation: csl\.author: /);
    const untyped = { title: 'No type' } as unknown as CslDraft;
    expect(
      (await failure(service.formatCitation({ csl: untyped, style: 'apa', locale: 'en-US' }))).message,
    ).toMatch(/csl\.type/);
  });
});
