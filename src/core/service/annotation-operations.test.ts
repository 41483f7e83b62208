import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import { dispatchApiCall } from '../../shared/dispatch';
import { motivationOf, type Annotation, type Selectors } from '../../shared/model';
import { appendAsDevice } from '../store/test-store';
import { encodeAnnotation } from '../sync/entity-codecs';
import { stampOf } from '../sync/hlc';
import { pointBefore } from '../../shared/test-annotations';
import {
  failure,
  importUssr,
  refusal,
  selectorsFor,
  ticking,
  useServiceLibrary,
  USSR_TEXT,
} from './test-service';

const library = useServiceLibrary();

async function withHighlight(
  service: ScholiaService,
): Promise<{ documentId: string; annotation: Annotation }> {
  const documentId = await importUssr(service);
  const annotation = await service.createAnnotation({
    documentId,
    selectors: selectorsFor('the collapse of Stalinism'),
    comment: 'The thesis, in the title.',
  });
  return { documentId, annotation };
}

const TEN_MEGABYTES = 'x'.repeat(10 * 1024 * 1024);

describe('changing an annotation', () => {
  it('recolours a highlight, stamps its modified time and keeps the rest', async () => {
    const service = await library.open({ now: ticking() });
    const { documentId, annotation } = await withHighlight(service);
    const recoloured = await service.updateAnnotation({
      documentId,
      annotationId: annotation.id,
      patch: { color: 'red' },
    });
    expect(recoloured).toEqual({ ...annotation, color: 'red', modifiedAt: recoloured.modifiedAt });
    expect(recoloured.modifiedAt > annotation.modifiedAt).toBe(true);
    expect(await (await library.reopen()).listAnnotations({ documentId })).toEqual([recoloured]);
    expect(library.seen.at(-1)).toEqual({
      name: 'library-changed',
      payload: { scope: 'annotations', documentId },
    });
  });

  it('edits the comment and retags, each tag once', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const thesis = await service.createTag({ name: 'Thesis' });
    const updated = await service.updateAnnotation({
      documentId,
      annotationId: annotation.id,
      patch: {
        comment: 'Doyle’s **thesis**: the collapse was of Stalinism, not socialism.',
        tagIds: [thesis.id, thesis.id],
      },
    });
    expect(updated).toMatchObject({
      comment: 'Doyle’s **thesis**: the collapse was of Stalinism, not socialism.',
      tagIds: [thesis.id],
    });
  });

  it('changes the extent of a highlight to another passage of the text', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const wider = selectorsFor('USSR 1989 - the collapse of Stalinism');
    const updated = await service.updateAnnotation({
      documentId,
      annotationId: annotation.id,
      patch: { selectors: wider },
    });
    expect(updated.selectors).toEqual(wider);
  });

  it('refuses new selectors whose quote is not the text there, or that lie outside it, and saves nothing', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const [quote, position] = selectorsFor('capitalist restoration');
    const mismatch = await failure(
      service.updateAnnotation({
        documentId,
        annotationId: annotation.id,
        patch: { selectors: [{ ...quote, exact: 'socialist restoration' }, position] },
      }),
    );
    expect(mismatch.code).toBe('invalid-input');
    expect(mismatch.message).toContain(
      'the quote is “socialist restoration” but the text there is “capitalist restoration”',
    );
    const end = USSR_TEXT.length + 5;
    const outside = await failure(
      service.updateAnnotation({
        documentId,
        annotationId: annotation.id,
        patch: { selectors: [quote, { type: 'TextPositionSelector', start: end - 22, end }] },
      }),
    );
    expect(outside.message).toContain(`which has ${USSR_TEXT.length} characters`);
    expect(await service.listAnnotations({ documentId })).toEqual([annotation]);
  });

  it('refuses an unknown tag, and reports a missing annotation or document', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const unknown = await failure(
      service.updateAnnotation({ documentId, annotationId: annotation.id, patch: { tagIds: ['nope'] } }),
    );
    expect(unknown.code).toBe('invalid-input');
    expect(unknown.message).toContain('Unknown tag id "nope"');
    const missing = await failure(
      service.updateAnnotation({ documentId, annotationId: 'gone', patch: { color: 'red' } }),
    );
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('No annotation with id "gone"');
    const noDocument = await failure(
      service.updateAnnotation({ documentId: 'gone', annotationId: annotation.id, patch: { color: 'red' } }),
    );
    expect(noDocument.code).toBe('not-found');
  });

  it('refuses a comment of 10 MB, at the boundary and inside core, and saves nothing', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const dispatched = await dispatchApiCall(service, 'updateAnnotation', {
      documentId,
      annotationId: annotation.id,
      patch: { comment: TEN_MEGABYTES },
    });
    expect(dispatched).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message:
          'Invalid arguments for updateAnnotation: patch.comment: A comment is at most 1,000,000 characters (about 1 MB). Shorten it, or split it over several notes.',
      },
    });
    const created = await dispatchApiCall(service, 'createAnnotation', {
      documentId,
      selectors: selectorsFor('capitalist restoration'),
      comment: TEN_MEGABYTES,
    });
    expect(created.ok).toBe(false);
    const direct = await failure(
      service.updateAnnotation({
        documentId,
        annotationId: annotation.id,
        patch: { comment: TEN_MEGABYTES },
      }),
    );
    expect(direct.code).toBe('invalid-input');
    expect(direct.message).toContain('comment: A comment is at most 1,000,000 characters');
    expect(await (await library.reopen()).listAnnotations({ documentId })).toEqual([annotation]);
  });

  it('refuses a change that changes nothing', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const result = await dispatchApiCall(service, 'updateAnnotation', {
      documentId,
      annotationId: annotation.id,
      patch: {},
    });
    expect(refusal(result)).toContain('Say what to change');
  });
});

describe('margin notes', () => {
  it('notes a point between two characters, with the text around it as context', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const point = pointBefore(USSR_TEXT, 'THE CAPITALIST media');
    const note = await service.createAnnotation({
      documentId,
      selectors: point,
      motivation: 'commenting',
      comment: 'Here the article proper begins.',
    });
    expect(note).toMatchObject({
      motivation: 'commenting',
      selectors: point,
      comment: 'Here the article proper begins.',
    });
    expect(await (await library.reopen()).listAnnotations({ documentId })).toEqual([note]);
  });

  it('notes a passage without highlighting it', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const note = await service.createAnnotation({
      documentId,
      selectors: selectorsFor('a disastrous rush into authoritarian capitalism'),
      motivation: 'commenting',
      comment: 'Compare Klein on shock therapy.',
    });
    expect(motivationOf(note)).toBe('commenting');
  });

  it('refuses a highlight at a point, at the boundary and inside core', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const point = pointBefore(USSR_TEXT, 'THE CAPITALIST media');
    const dispatched = await dispatchApiCall(service, 'createAnnotation', { documentId, selectors: point });
    expect(refusal(dispatched)).toContain('A highlight needs a passage');
    const direct = await failure(service.createAnnotation({ documentId, selectors: point }));
    expect(direct.code).toBe('invalid-input');
    expect(await service.listAnnotations({ documentId })).toEqual([]);
  });

  it('refuses a point outside the text, and a quote that is empty on a passage', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const end = USSR_TEXT.length + 1;
    const outside = await failure(
      service.createAnnotation({
        documentId,
        motivation: 'commenting',
        selectors: [
          { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start: end, end },
        ],
      }),
    );
    expect(outside.code).toBe('invalid-input');
    const [, position] = selectorsFor('eyewitness');
    const hollow = await dispatchApiCall(service, 'createAnnotation', {
      documentId,
      motivation: 'commenting',
      selectors: [{ type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' }, position],
    });
    expect(refusal(hollow)).toContain('A quote is empty exactly when its position is a point');
  });

  it('reads annotations saved before margin notes existed as highlights', async () => {
    const service = await library.open();
    const documentId = await importUssr(service);
    const saved: Annotation = {
      id: 'saved-by-an-earlier-scholia',
      documentId,
      selectors: selectorsFor('eyewitness'),
      color: 'blue',
      tagIds: [],
      comment: '',
      createdAt: '2026-01-05T10:00:00.000Z',
      modifiedAt: '2026-01-05T10:00:00.000Z',
    };
    await library.reopen();
    // Written by an earlier Scholia on another computer sharing the folder.
    const { id, ...fields } = saved;
    await appendAsDevice(library.dir, 'earlierscholia', `annotations/${documentId}.jsonl`, [
      { h: stampOf(Date.parse(saved.createdAt), 0), k: id, s: encodeAnnotation({ ...fields, id }) },
    ]);
    const [read] = await (await library.reopen()).listAnnotations({ documentId });
    // That Scholia's lines name their computer but no reader.
    const author = { deviceId: 'earlierscholia' };
    expect(read).toEqual({ ...saved, createdBy: author, modifiedBy: author });
    expect(motivationOf(read ?? saved)).toBe('highlighting');
  });
});

describe('restoring annotations (undo)', () => {
  it('brings back a deleted highlight byte for byte', async () => {
    const service = await library.open({ now: ticking() });
    const { documentId, annotation } = await withHighlight(service);
    await service.createAnnotation({ documentId, selectors: selectorsFor('capitalist restoration') });
    const before = JSON.stringify(await service.listAnnotations({ documentId }));
    await service.deleteAnnotation({ documentId, annotationId: annotation.id });
    expect(await service.restoreAnnotations({ documentId, annotations: [annotation] })).toEqual([annotation]);
    expect(JSON.stringify(await service.listAnnotations({ documentId }))).toBe(before);
    expect(JSON.stringify(await (await library.reopen()).listAnnotations({ documentId }))).toBe(before);
  });

  it('puts back the earlier version of a changed annotation, times included', async () => {
    const service = await library.open({ now: ticking() });
    const { documentId, annotation } = await withHighlight(service);
    const before = JSON.stringify(await service.listAnnotations({ documentId }));
    await service.updateAnnotation({
      documentId,
      annotationId: annotation.id,
      patch: { color: 'purple', comment: '' },
    });
    await service.restoreAnnotations({ documentId, annotations: [annotation] });
    expect(JSON.stringify(await service.listAnnotations({ documentId }))).toBe(before);
  });

  it('restores all or nothing: one annotation that does not fit the text keeps the others out too', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const other = await service.createAnnotation({
      documentId,
      selectors: selectorsFor('capitalist restoration'),
    });
    await service.deleteAnnotation({ documentId, annotationId: annotation.id });
    await service.deleteAnnotation({ documentId, annotationId: other.id });
    const [quote, position] = other.selectors;
    const moved = {
      ...other,
      selectors: [quote, { ...position, start: position.start + 1, end: position.end + 1 }] as Selectors,
    };
    const error = await failure(service.restoreAnnotations({ documentId, annotations: [annotation, moved] }));
    expect(error.code).toBe('invalid-input');
    expect(await service.listAnnotations({ documentId })).toEqual([]);
  });

  it('refuses annotations of another document, given twice, or carrying an unknown tag', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const elsewhere = await failure(
      service.restoreAnnotations({ documentId, annotations: [{ ...annotation, documentId: 'other' }] }),
    );
    expect(elsewhere.message).toContain(`belongs to document "other", not "${documentId}"`);
    const twice = await failure(
      service.restoreAnnotations({ documentId, annotations: [annotation, annotation] }),
    );
    expect(twice.message).toContain('is given twice');
    const tagged = await failure(
      service.restoreAnnotations({ documentId, annotations: [{ ...annotation, tagIds: ['nope'] }] }),
    );
    expect(tagged.message).toContain('Unknown tag id "nope"');
    expect(
      (await failure(service.restoreAnnotations({ documentId: 'gone', annotations: [annotation] }))).code,
    ).toBe('not-found');
  });

  it('restores an orphan without asking its old place to fit the text', async () => {
    const service = await library.open();
    const { documentId, annotation } = await withHighlight(service);
    const [quote, position] = annotation.selectors;
    const orphan: Annotation = {
      ...annotation,
      selectors: [quote, { ...position, start: position.start + 3, end: position.end + 3 }],
      orphanedAt: '2026-11-23T10:00:00.000Z',
    };
    expect(await service.restoreAnnotations({ documentId, annotations: [orphan] })).toEqual([orphan]);
  });
});
