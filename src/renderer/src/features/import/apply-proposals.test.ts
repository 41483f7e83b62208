import { describe, expect, it } from 'vitest';
import type { ApiArgs, ReferenceProposalArg, ReferenceProposalsApplied } from '../../../../shared/api';
import type { DocumentMeta, ReferenceEntryOutcome } from '../../../../shared/model';
import { NoticeStore } from '../../app/notices/notice-store';
import { UndoStack } from '../../app/undo/undo-stack';
import { applyProposals, refusedMessage, updatedMessage } from './apply-proposals';
import { ImportStore } from './import-store';

const REVIEW = 'review-id';
const USSR = 'ussr-id';

/** Answers like the API: asynchronously. */
function answer<T>(compute: () => T): Promise<T> {
  return Promise.resolve().then(compute);
}

/**
 * Documents' details in memory, applying proposals by core's rules: a proposal made before its
 * document last changed is refused, the others applied with a new `modifiedAt` and what they held
 * before returned as `previous`.
 */
class MemoryDetails {
  private clock = Date.parse('2026-03-01T09:00:00.000Z');
  readonly calls: ReferenceProposalArg[][] = [];
  readonly documents = new Map<string, { csl: Record<string, unknown>; modifiedAt: string }>();

  constructor(entries: readonly ReferenceEntryOutcome[]) {
    for (const entry of entries) {
      if (entry.proposal === undefined) continue;
      const csl: Record<string, unknown> = { title: entry.title };
      for (const change of entry.proposal.changes)
        if (change.before !== undefined) csl[change.field] = change.before;
      this.documents.set(entry.proposal.documentId, { csl, modifiedAt: entry.proposal.modifiedAt });
    }
  }

  touch(documentId: string): void {
    const document = this.documents.get(documentId);
    if (document !== undefined) document.modifiedAt = this.tick();
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  applyReferenceProposals = ({
    proposals,
  }: ApiArgs<'applyReferenceProposals'>): Promise<ReferenceProposalsApplied> =>
    answer(() => {
      this.calls.push(proposals);
      const result: ReferenceProposalsApplied = { documents: [], previous: [], refused: [] };
      for (const proposal of proposals) {
        const document = this.documents.get(proposal.documentId);
        if (document === undefined || document.modifiedAt !== proposal.modifiedAt) {
          result.refused.push({
            documentId: proposal.documentId,
            message: `"${String(document?.csl['title'])}" was changed after the proposal was made; it was left as it is.`,
          });
          continue;
        }
        const previous = proposal.changes.map(({ field }) =>
          document.csl[field] === undefined ? { field } : { field, value: document.csl[field] },
        );
        const csl = new Map(Object.entries(document.csl));
        for (const { field, value } of proposal.changes) {
          if (value === undefined) csl.delete(field);
          else csl.set(field, value);
        }
        document.csl = Object.fromEntries(csl);
        document.modifiedAt = this.tick();
        result.documents.push({ id: proposal.documentId, modifiedAt: document.modifiedAt } as DocumentMeta);
        result.previous.push({
          documentId: proposal.documentId,
          modifiedAt: document.modifiedAt,
          changes: previous,
        });
      }
      return result;
    });
}

const ENTRIES: ReferenceEntryOutcome[] = [
  {
    title: 'The Collapse of Stalinism',
    action: 'matched',
    matchedBy: 'title',
    documentId: REVIEW,
    line: 1,
    proposal: {
      documentId: REVIEW,
      modifiedAt: '2026-02-20T10:00:00.000Z',
      changes: [
        { field: 'issued', before: { 'date-parts': [[2026, 2, 15]] }, after: { 'date-parts': [[2025]] } },
        { field: 'publisher', after: 'Mentmore Press' },
      ],
    },
  },
  {
    title: 'USSR 1989 - the collapse of Stalinism',
    action: 'matched',
    matchedBy: 'DOI',
    documentId: USSR,
    line: 9,
    proposal: {
      documentId: USSR,
      modifiedAt: '2026-02-20T10:00:01.000Z',
      changes: [{ field: 'volume', after: '295' }],
    },
  },
];

/** An import store showing a reference file of {@link ENTRIES}, over documents held by a {@link MemoryDetails}. */
async function setUp() {
  const details = new MemoryDetails(ENTRIES);
  const imports = new ImportStore({
    importFiles: () =>
      answer(() => ({ outcomes: [{ status: 'references', name: 'refs.bib', entries: ENTRIES }] })),
    cancelImport: () => answer(() => ({ cancelled: false })),
    on: () => () => undefined,
  });
  await imports.start([{ kind: 'bytes', name: 'refs.bib', bytes: new Uint8Array() }]);
  const batchId = imports.getSnapshot()?.batchId ?? '';
  const undo = new UndoStack();
  const notices = new NoticeStore();
  const deps = { api: details, imports, undo, notices };
  const target = { batchId, file: 0, fileName: 'refs.bib' };
  const statuses = (): string[] => imports.references(batchId, 0)?.proposals.map((p) => p.status) ?? [];
  const messages = (): string[] => notices.getSnapshot().map((n) => `${n.kind}: ${n.message}`);
  return { details, imports, undo, notices, deps, target, batchId, statuses, messages };
}

describe('applyProposals', () => {
  it('applies the ticked changes of a file in one call, says so, and marks them applied', async () => {
    const { details, imports, deps, target, batchId, statuses, messages } = await setUp();
    imports.updateReferences(batchId, 0, (r) => ({
      ...r,
      proposals: r.proposals.map((p, i) => (i === 0 ? { ...p, chosen: [false, true] } : p)),
    }));
    await applyProposals(deps, target);
    expect(details.calls).toEqual([
      [
        {
          documentId: REVIEW,
          modifiedAt: '2026-02-20T10:00:00.000Z',
          changes: [{ field: 'publisher', value: 'Mentmore Press' }],
        },
        {
          documentId: USSR,
          modifiedAt: '2026-02-20T10:00:01.000Z',
          changes: [{ field: 'volume', value: '295' }],
        },
      ],
    ]);
    expect(details.documents.get(REVIEW)?.csl).toEqual({
      title: 'The Collapse of Stalinism',
      issued: { 'date-parts': [[2026, 2, 15]] },
      publisher: 'Mentmore Press',
    });
    expect(statuses()).toEqual(['applied', 'applied']);
    expect(messages()).toEqual(['info: Updated the details of 2 documents.']);
  });

  it('records one undo step that puts the details back, and a redo that applies them again', async () => {
    const { details, undo, deps, target, statuses } = await setUp();
    await applyProposals(deps, target);
    expect(undo.getSnapshot().undoLabel).toBe('Apply changes from refs.bib');

    expect(await undo.undo()).toEqual({ status: 'done', label: 'Apply changes from refs.bib' });
    expect(details.documents.get(REVIEW)?.csl).toEqual({
      title: 'The Collapse of Stalinism',
      issued: { 'date-parts': [[2026, 2, 15]] },
    });
    expect(details.documents.get(USSR)?.csl).toEqual({ title: 'USSR 1989 - the collapse of Stalinism' });
    // Undone, the proposals can be applied again from the report.
    expect(statuses()).toEqual(['open', 'open']);

    expect((await undo.redo()).status).toBe('done');
    expect(details.documents.get(REVIEW)?.csl).toMatchObject({
      issued: { 'date-parts': [[2025]] },
      publisher: 'Mentmore Press',
    });
    expect(details.documents.get(USSR)?.csl).toMatchObject({ volume: '295' });
    expect(statuses()).toEqual(['applied', 'applied']);
    expect((await undo.undo()).status).toBe('done');
    expect(details.documents.get(USSR)?.csl).toEqual({ title: 'USSR 1989 - the collapse of Stalinism' });
  });

  it('applies one document’s proposal alone', async () => {
    const { details, deps, target, statuses, messages } = await setUp();
    await applyProposals(deps, { ...target, documentId: USSR });
    expect(details.calls.map((call) => call.map((p) => p.documentId))).toEqual([[USSR]]);
    expect(statuses()).toEqual(['open', 'applied']);
    expect(messages()).toEqual(['info: Updated the details of “USSR 1989 - the collapse of Stalinism”.']);
  });

  it('names a refused document with core’s reason, and undoes only what was applied', async () => {
    const { details, imports, undo, deps, target, batchId, statuses, messages } = await setUp();
    details.touch(USSR);
    await applyProposals(deps, target);
    expect(statuses()).toEqual(['applied', 'refused']);
    expect(imports.references(batchId, 0)?.proposals[1]?.message).toContain('was changed after the proposal');
    expect(messages()).toEqual([
      'info: Updated the details of “The Collapse of Stalinism”.',
      'error: One proposal was not applied. "USSR 1989 - the collapse of Stalinism" was changed after the proposal was made; it was left as it is.',
    ]);
    await undo.undo();
    expect(details.calls.at(-1)?.map((p) => p.documentId)).toEqual([REVIEW]);
  });

  it('fails an undo whose document changed since, with the reason, and leaves it as it is', async () => {
    const { details, undo, deps, target } = await setUp();
    await applyProposals(deps, target);
    details.touch(REVIEW);
    const outcome = await undo.undo();
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' ? String(outcome.error) : '').toContain(
      '"The Collapse of Stalinism" was changed after the proposal was made',
    );
    expect(details.documents.get(REVIEW)?.csl).toMatchObject({ publisher: 'Mentmore Press' });
  });
});

describe('the notices', () => {
  it('count the documents updated, and name at most three refusals', () => {
    expect(updatedMessage(['a', 'b', 'c'])).toBe('Updated the details of 3 documents.');
    const refused = ['w', 'x', 'y', 'z'].map((id) => ({
      documentId: id,
      message: 'The document is no longer in the library.',
    }));
    expect(refusedMessage(refused, (id) => `Title ${id}`)).toBe(
      '4 proposals were not applied. “Title w”: The document is no longer in the library. “Title x”: The document is no longer in the library. “Title y”: The document is no longer in the library. And 1 more; the import report lists them all.',
    );
  });
});
