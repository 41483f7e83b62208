import { describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../shared/dispatch';
import { failure, importUssr, refusal, ticking, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const NOTE = `## Summary

Doyle, an eyewitness, argues that 1989 was the collapse of **Stalinism**, not of socialism: movements
against bureaucratic rule were diverted into a rush towards capitalism.

## Assessment

Strong on the events in the USSR; thin on China.`;

describe('the document note', () => {
  it('saves the reader’s Markdown note, stamps the modified time and announces it', async () => {
    const service = await library.open({ now: ticking() });
    const documentId = await importUssr(service);
    const meta = await service.updateDocumentNote({ documentId, note: NOTE });
    expect(meta.note).toBe(NOTE);
    expect(meta.modifiedAt > meta.addedAt).toBe(true);
    expect(library.seen.at(-1)).toEqual({
      name: 'library-changed',
      payload: { scope: 'documents', documentId },
    });
    expect((await (await library.reopen()).getDocument({ documentId })).meta.note).toBe(NOTE);
  });

  it('refuses a note of more than 1 MB, saying what to do, and keeps the old one', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    await service.updateDocumentNote({ documentId, note: NOTE });
    const result = await dispatchApiCall(service, 'updateDocumentNote', {
      documentId,
      note: 'x'.repeat(1_000_001),
    });
    expect(refusal(result)).toContain('A document note is at most 1,000,000 characters');
    expect((await service.getDocument({ documentId })).meta.note).toBe(NOTE);
  });

  it('reports a document that does not exist', async () => {
    const service = await library.open();
    expect((await failure(service.updateDocumentNote({ documentId: 'gone', note: NOTE }))).code).toBe(
      'not-found',
    );
  });
});
