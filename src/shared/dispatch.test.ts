import { describe, expect, it } from 'vitest';
import type { ScholiaService } from './api';
import { dispatchApiCall } from './dispatch';
import { ScholiaError } from './errors';

function serviceWith(overrides: Partial<ScholiaService>): ScholiaService {
  return new Proxy(overrides, {
    get(target, key: string) {
      const fn = target[key as keyof ScholiaService];
      if (fn !== undefined) return fn;
      return () => Promise.reject(new Error(`unexpected call to ${key}`));
    },
  }) as ScholiaService;
}

describe('dispatching an API call', () => {
  it('passes validated arguments to the service and wraps the value', async () => {
    const service = serviceWith({
      renameDocument: (args) => Promise.resolve({ title: args.title } as never),
    });
    const result = await dispatchApiCall(service, 'renameDocument', { documentId: 'd1', title: '  New title ' });
    expect(result).toEqual({ ok: true, value: { title: 'New title' } });
  });

  it('refuses an unknown method without calling anything', async () => {
    const result = await dispatchApiCall(serviceWith({}), 'dropAllTables', {});
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Unknown API method: dropAllTables' } });
  });

  it('names the field that is wrong', async () => {
    const result = await dispatchApiCall(serviceWith({}), 'createAnnotation', {
      documentId: 'd1',
      selectors: [{ type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, { type: 'TextPositionSelector', start: 5, end: 2 }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-input');
      expect(result.error.message).toContain('selectors.1');
    }
  });

  it('refuses a comment of 10 MB', async () => {
    const result = await dispatchApiCall(serviceWith({}), 'createAnnotation', {
      documentId: 'd1',
      selectors: [{ type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, { type: 'TextPositionSelector', start: 0, end: 1 }],
      comment: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('comment');
  });

  it('carries a core error across with its code and path', async () => {
    const service = serviceWith({
      getDocument: () => Promise.reject(new ScholiaError('not-found', 'No such document.', { path: 'd9' })),
    });
    expect(await dispatchApiCall(service, 'getDocument', { documentId: 'd9' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such document.', path: 'd9' },
    });
  });

  it('turns an unexpected throw into an internal error instead of crashing the transport', async () => {
    const service = serviceWith({ listDocuments: () => Promise.reject(new TypeError('boom')) });
    const result = await dispatchApiCall(service, 'listDocuments', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error: boom' } });
  });
});
