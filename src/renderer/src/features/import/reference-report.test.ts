import { describe, expect, it } from 'vitest';
import type { ReferenceEntryOutcome } from '../../../../shared/model';
import {
  chooseChange,
  failureText,
  markProposals,
  proposalArgs,
  referenceReport,
  referenceSummary,
  reopenProposals,
  settleProposals,
  tickedCount,
} from './reference-report';

const REVIEW = 'review-id';
const USSR = 'ussr-id';

/** A BibTeX file's outcomes: two proposals, one entry that filled proposed details, one new, one broken. */
const ENTRIES: ReferenceEntryOutcome[] = [
  {
    title: 'The Collapse of Stalinism',
    action: 'matched',
    matchedBy: 'title',
    documentId: REVIEW,
    line: 1,
    proposal: {
      documentId: REVIEW,
      modifiedAt: '2026-03-01T09:00:05.000Z',
      changes: [
        { field: 'issued', before: { 'date-parts': [[2026, 2, 15]] }, after: { 'date-parts': [[2025]] } },
        { field: 'publisher', after: 'Mentmore Press' },
      ],
    },
  },
  {
    title: 'USSR 1989',
    action: 'matched',
    matchedBy: 'DOI',
    documentId: USSR,
    line: 9,
    proposal: {
      documentId: USSR,
      modifiedAt: '2026-03-01T09:00:07.000Z',
      changes: [{ field: 'title', before: 'USSR 1989 - the collapse of Stalinism', after: 'USSR 1989' }],
    },
  },
  { title: 'Great Revolutionaries', action: 'matched', matchedBy: 'ISBN', documentId: 'great-id', line: 15 },
  { title: 'Socialism Today', action: 'created', documentId: 'new-id', line: 21 },
  { title: 'taaffe1995', action: 'failed', line: 27, message: 'Entry at line 27: the item is not closed.' },
];

describe('referenceReport', () => {
  it('sorts the entries into proposals, failures, matches and new documents, every change ticked', () => {
    const report = referenceReport(ENTRIES);
    expect(report.proposals.map((p) => [p.documentId, p.status, p.chosen])).toEqual([
      [REVIEW, 'open', [true, true]],
      [USSR, 'open', [true]],
    ]);
    // A proposal is named by the document's title, which its title change would replace.
    expect(report.proposals.map((p) => p.title)).toEqual([
      'The Collapse of Stalinism',
      'USSR 1989 - the collapse of Stalinism',
    ]);
    expect(report.matched.map((e) => e.title)).toEqual(['Great Revolutionaries']);
    expect(report.created.map((e) => e.title)).toEqual(['Socialism Today']);
    expect(report.failed.map((e) => e.line)).toEqual([27]);
    expect(referenceSummary(report)).toBe(
      'References: 3 matched (2 with changes to review), 1 added without text, 1 unusable.',
    );
    // What did not happen is not named.
    expect(referenceSummary(referenceReport(ENTRIES.slice(0, 1)))).toBe(
      'References: 1 matched (1 with changes to review).',
    );
  });
});

describe('failureText', () => {
  it('starts with the line, once', () => {
    expect(failureText(ENTRIES[4]!)).toBe('Line 27: the item is not closed.');
    expect(
      failureText({ title: 'x', action: 'failed', line: 1200, message: 'The document was deleted.' }),
    ).toBe('Line 1,200: The document was deleted.');
    const twice = 'Entry at line 8 describes the same document as the entry at line 1 (by title).';
    expect(failureText({ title: 'x', action: 'failed', line: 8, message: twice })).toBe(twice);
  });
});

describe('choosing and applying changes', () => {
  it('applies only the ticked changes of open proposals, each change’s proposed value as its value', () => {
    let report = referenceReport(ENTRIES);
    expect(tickedCount(report.proposals)).toBe(3);
    report = chooseChange(report, REVIEW, 0, false);
    expect(tickedCount(report.proposals)).toBe(2);
    expect(proposalArgs(report.proposals)).toEqual([
      {
        documentId: REVIEW,
        modifiedAt: '2026-03-01T09:00:05.000Z',
        changes: [{ field: 'publisher', value: 'Mentmore Press' }],
      },
      {
        documentId: USSR,
        modifiedAt: '2026-03-01T09:00:07.000Z',
        changes: [{ field: 'title', value: 'USSR 1989' }],
      },
    ]);
    // A proposal with nothing ticked is left out.
    report = chooseChange(report, USSR, 0, false);
    expect(proposalArgs(report.proposals).map((arg) => arg.documentId)).toEqual([REVIEW]);
  });

  it('keeps an unchanged proposal as it was, so its view need not render again', () => {
    const report = referenceReport(ENTRIES);
    const next = chooseChange(report, REVIEW, 1, false);
    expect(next.proposals[1]).toBe(report.proposals[1]);
    expect(chooseChange(next, REVIEW, 1, false)).toBe(next);
  });

  it('marks what core saved as applied and what it refused with its reason, and reopens after an undo', () => {
    const asked = new Set([REVIEW, USSR]);
    let report = markProposals(referenceReport(ENTRIES), asked, 'applying');
    expect(proposalArgs(report.proposals)).toEqual([]);
    report = settleProposals(report, asked, {
      documents: [{ id: REVIEW }],
      refused: [{ documentId: USSR, message: '"USSR 1989" was changed after the proposal was made.' }],
    });
    expect(report.proposals.map((p) => [p.status, p.message])).toEqual([
      ['applied', undefined],
      ['refused', '"USSR 1989" was changed after the proposal was made.'],
    ]);
    // Ticks of a proposal no longer open do not change.
    expect(chooseChange(report, REVIEW, 0, false)).toBe(report);

    report = reopenProposals(report, [{ id: REVIEW, modifiedAt: '2026-03-01T09:00:11.000Z' }]);
    expect(report.proposals[0]).toMatchObject({ status: 'open', modifiedAt: '2026-03-01T09:00:11.000Z' });
    expect(proposalArgs(report.proposals)[0]?.modifiedAt).toBe('2026-03-01T09:00:11.000Z');
  });
});
