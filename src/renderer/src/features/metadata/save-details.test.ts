import { describe, expect, it } from 'vitest';
import type { CslDraft } from '../../../../shared/model';
import { saveDetails } from './save-details';

const csl: CslDraft = { type: 'article-newspaper', title: 'USSR 1989' };

function recorder() {
  const calls: unknown[] = [];
  return {
    calls,
    api: {
      updateDocumentMetadata: (args: unknown) => {
        calls.push(['api', args]);
        return Promise.resolve({} as never);
      },
    },
    library: {
      updateMetadata: (id: string, draft: CslDraft, proposed?: boolean) => {
        calls.push(['store', id, draft, proposed]);
        return Promise.resolve({} as never);
      },
      refresh: () => {
        calls.push(['refresh']);
        return Promise.resolve();
      },
    },
  };
}

describe('saving the details', () => {
  it('goes through the library’s store when the page offset stays as it is', async () => {
    const { calls, api, library } = recorder();
    await saveDetails(api, library, 'd1', { csl });
    expect(calls).toEqual([['store', 'd1', csl, false]]);
  });

  it('saves a new page offset with the details, then reads the library again', async () => {
    const { calls, api, library } = recorder();
    await saveDetails(api, library, 'd1', { csl, pageOffset: 12 });
    expect(calls).toEqual([['api', { documentId: 'd1', csl, pageOffset: 12 }], ['refresh']]);
  });

  it('removes the page offset with null, keeping details that were still proposed', async () => {
    const { calls, api, library } = recorder();
    await saveDetails(api, library, 'd1', { csl, pageOffset: null, proposed: true });
    expect(calls).toEqual([
      ['api', { documentId: 'd1', csl, pageOffset: null, proposed: true }],
      ['refresh'],
    ]);
  });
});
