import { Cite } from '@citation-js/core';
import { describe, expect, it } from 'vitest';
import type { CslDraft } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { pointBefore } from '../../shared/test-annotations';
import '../citations/citation-js';
import { USSR_CSL } from '../store/test-documents';
import { failure, importUssr, selectorsFor, USSR_TEXT, useServiceLibrary } from './test-service';

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
      service.formatCitation({ csl: USSR_CSL, style: 'vancouver-superscript', locale: 'en-US' }),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(
      /Unknown citation style "vancouver-superscript"\. Choose one of: apa, mla, /,
    );
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

/** The document's text with each paragraph on a page of its own: paragraph n on page `first + n`. */
function withPages(doc: DocJSON, first: number, labels: (index: number) => string | null = () => null): DocJSON {
  return {
    ...doc,
    content: doc.content.map((block, index) => {
      const node = block as { content?: { marks?: unknown[] }[] };
      const page = { type: 'page', attrs: { index: first + index, label: labels(first + index) } };
      return {
        ...node,
        content: node.content?.map((child) => ({ ...child, marks: [...(child.marks ?? []), page] })),
      };
    }),
  };
}

describe('citePassage', () => {
  async function passageWithPages(labels?: (index: number) => string | null) {
    const service = await library.open();
    const documentId = await importUssr(service);
    await service.updateDocumentMetadata({ documentId, csl: USSR_CSL });
    const passage = await service.createAnnotation({ documentId, selectors: selectorsFor('bureaucracy') });
    const opened = await service.getDocument({ documentId });
    const paragraph = USSR_TEXT.slice(0, USSR_TEXT.indexOf('bureaucracy')).split('\n\n').length;
    await service.updateDocumentText({
      documentId,
      doc: withPages(opened.doc, 12, labels),
      annotations: [{ id: passage.id, selectors: passage.selectors }],
      baseRevision: 0,
    });
    return { service, documentId, annotationId: passage.id, page: 12 + paragraph };
  }

  it('quotes a passage with its paragraph when the text has no pages', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    await service.updateDocumentMetadata({ documentId, csl: USSR_CSL });
    const passage = await service.createAnnotation({ documentId, selectors: selectorsFor('bureaucracy') });
    const cited = await service.citePassage({ documentId, annotationId: passage.id, style: 'apa', locale: 'en-US' });
    expect(cited.locator?.label).toBe('paragraph');
    expect(cited.text).toBe(`“bureaucracy” (Doyle, 2009, para. ${cited.locator?.locator ?? ''})`);
  });

  it('cites the page the passage is on, kept through an edit of the text, and renumbered by the page offset', async () => {
    const { service, documentId, annotationId, page } = await passageWithPages();
    const cited = await service.citePassage({ documentId, annotationId, style: 'chicago-author-date', locale: 'en-US' });
    expect(cited.text).toBe(`“bureaucracy” (Doyle 2009, ${String(page)})`);
    await service.updateDocumentMetadata({ documentId, csl: USSR_CSL, pageOffset: 12 });
    const renumbered = await service.citePassage({ documentId, annotationId, style: 'chicago-author-date', locale: 'en-US' });
    expect(renumbered.text).toBe(`“bureaucracy” (Doyle 2009, ${String(page - 12)})`);
    expect(renumbered.markdown).toBe(renumbered.text);
    // The offset stays when the details are saved again without it, and goes when removed.
    await service.updateDocumentMetadata({ documentId, csl: USSR_CSL });
    expect((await service.getDocument({ documentId })).meta.pageOffset).toBe(12);
    await service.updateDocumentMetadata({ documentId, csl: USSR_CSL, pageOffset: null });
    expect((await service.getDocument({ documentId })).meta.pageOffset).toBeUndefined();
  });

  it('cites a page by its label, in the locale’s quotation marks', async () => {
    const { service, documentId, annotationId } = await passageWithPages((index) => `x${String(index)}`);
    const cited = await service.citePassage({ documentId, annotationId, style: 'apa', locale: 'de-DE' });
    expect(cited.text).toMatch(/^„bureaucracy“ \(Doyle, 2009, S\. x\d+\)$/);
  });

  it('refuses a margin note at a point, and an unknown passage', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const error = await failure(service.citePassage({ documentId, annotationId: 'nope', style: 'apa', locale: 'en-US' }));
    expect(error.code).toBe('not-found');
    const note = await service.createAnnotation({
      documentId,
      selectors: pointBefore(USSR_TEXT, 'bureaucracy'),
      motivation: 'commenting',
      comment: 'A note',
    });
    const point = await failure(service.citePassage({ documentId, annotationId: note.id, style: 'apa', locale: 'en-US' }));
    expect(point.code).toBe('invalid-input');
    expect(point.message).toMatch(/quotes nothing/);
  });
});
