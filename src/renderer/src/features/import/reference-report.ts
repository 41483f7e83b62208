/**
 * What a reference file did, as the import report shows it: its entries sorted into what needs the
 * reader (changes proposed to documents whose details the reader confirmed, entries that could not
 * be used) and what was done (entries matched, entries added without text). Each proposal keeps
 * which of its changes the reader ticked and whether it was applied. Pure: the import store holds
 * one report per reference file and replaces it through these functions.
 */
import type { ReferenceProposalArg, ReferenceProposalsApplied } from '../../../../shared/api';
import type { DocumentMeta, ReferenceEntryOutcome, ReferenceFieldChange } from '../../../../shared/model';

/** How far a proposal has got: waiting for the reader, being applied, applied, or refused by core. */
export type ProposalStatus = 'open' | 'applying' | 'applied' | 'refused';

/** One document's proposal from a reference entry, with the reader's choice of its changes. */
export interface ProposalState {
  readonly documentId: string;
  /** The document's title as it was when proposed. */
  readonly title: string;
  /** The line of the file the entry starts on. */
  readonly line?: number;
  readonly matchedBy?: ReferenceEntryOutcome['matchedBy'];
  /** The `modifiedAt` the changes apply to: the proposal's, or the one an undo of applying them left. */
  readonly modifiedAt: string;
  readonly changes: readonly ReferenceFieldChange[];
  /** For each change, whether it is ticked to be applied (all are at first). */
  readonly chosen: readonly boolean[];
  readonly status: ProposalStatus;
  /** Why core refused it (`status: 'refused'`). */
  readonly message?: string;
}

/** A reference file's entries, sorted for the report, each group in file order. */
export interface ReferenceReport {
  readonly proposals: readonly ProposalState[];
  readonly failed: readonly ReferenceEntryOutcome[];
  /** Matched entries that changed nothing the reader confirmed (they filled in proposed details, or agreed). */
  readonly matched: readonly ReferenceEntryOutcome[];
  readonly created: readonly ReferenceEntryOutcome[];
}

/** The title of the document a proposal is about: the value its title change would replace, else the entry's. */
function proposalTitle(entry: ReferenceEntryOutcome): string {
  const before = entry.proposal?.changes.find((change) => change.field === 'title')?.before;
  return typeof before === 'string' && before.trim() !== '' ? before : entry.title;
}

/** The report of a reference file's entry outcomes, every change of every proposal ticked. */
export function referenceReport(entries: readonly ReferenceEntryOutcome[]): ReferenceReport {
  const proposals: ProposalState[] = [];
  const failed: ReferenceEntryOutcome[] = [];
  const matched: ReferenceEntryOutcome[] = [];
  const created: ReferenceEntryOutcome[] = [];
  for (const entry of entries) {
    const { proposal } = entry;
    if (entry.action === 'failed') failed.push(entry);
    else if (entry.action === 'created') created.push(entry);
    else if (proposal === undefined || proposal.changes.length === 0) matched.push(entry);
    else
      proposals.push({
        documentId: proposal.documentId,
        title: proposalTitle(entry),
        ...(entry.line === undefined ? {} : { line: entry.line }),
        ...(entry.matchedBy === undefined ? {} : { matchedBy: entry.matchedBy }),
        modifiedAt: proposal.modifiedAt,
        changes: proposal.changes,
        chosen: proposal.changes.map(() => true),
        status: 'open',
      });
  }
  return { proposals, failed, matched, created };
}

/**
 * The report's line for the file, naming only what happened: "References: 3 matched (1 with changes
 * to review), 2 added without text, 1 unusable."
 */
export function referenceSummary(report: ReferenceReport): string {
  const matched = report.matched.length + report.proposals.length;
  const review = report.proposals.length;
  const n = (count: number): string => count.toLocaleString('en');
  const parts: string[] = [];
  if (matched > 0)
    parts.push(`${n(matched)} matched${review > 0 ? ` (${n(review)} with changes to review)` : ''}`);
  if (report.created.length > 0) parts.push(`${n(report.created.length)} added without text`);
  if (report.failed.length > 0) parts.push(`${n(report.failed.length)} unusable`);
  return `References: ${parts.length === 0 ? 'none' : parts.join(', ')}.`;
}

/** The line number as core writes it in its messages ("1,234"). */
function lineText(line: number): string {
  return line.toLocaleString('en');
}

/**
 * Why an entry could not be used, starting with its line: "Line 5: the item is not closed." A
 * message that already names its line is kept as core wrote it.
 */
export function failureText(entry: ReferenceEntryOutcome): string {
  const message = entry.message ?? 'It cannot be used.';
  if (entry.line === undefined) return message;
  const line = lineText(entry.line);
  const prefix = `Entry at line ${line}: `;
  if (message.startsWith(prefix)) return `Line ${line}: ${message.slice(prefix.length)}`;
  if (message.includes(`line ${line}`)) return message;
  return `Line ${line}: ${message}`;
}

/** Where a proposal's entry is and how it was matched: "line 3, matched by DOI". */
export function proposalSource(proposal: Pick<ProposalState, 'line' | 'matchedBy'>): string {
  const parts: string[] = [];
  if (proposal.line !== undefined) parts.push(`line ${lineText(proposal.line)}`);
  if (proposal.matchedBy !== undefined) parts.push(`matched by ${proposal.matchedBy}`);
  return parts.join(', ');
}

/** The ticked changes of the open proposals among `proposals`. */
export function tickedCount(proposals: readonly ProposalState[]): number {
  let count = 0;
  for (const proposal of proposals) {
    if (proposal.status !== 'open') continue;
    for (const ticked of proposal.chosen) if (ticked) count += 1;
  }
  return count;
}

/**
 * What `applyReferenceProposals` takes to apply the ticked changes of the open proposals among
 * `proposals` (each change's `after` as its `value`); proposals with nothing ticked are left out.
 */
export function proposalArgs(proposals: readonly ProposalState[]): ReferenceProposalArg[] {
  const args: ReferenceProposalArg[] = [];
  for (const proposal of proposals) {
    if (proposal.status !== 'open') continue;
    const changes = proposal.changes
      .filter((_, i) => proposal.chosen[i] === true)
      .map(({ field, after }) => ({ field, value: after }));
    if (changes.length > 0)
      args.push({ documentId: proposal.documentId, modifiedAt: proposal.modifiedAt, changes });
  }
  return args;
}

/**
 * The report with `update` applied to the proposals of `documentIds` (every proposal when null).
 * Proposals `update` returns unchanged keep their identity, so their views need not render again.
 */
export function updateProposals(
  report: ReferenceReport,
  documentIds: ReadonlySet<string> | null,
  update: (proposal: ProposalState) => ProposalState,
): ReferenceReport {
  const proposals = report.proposals.map((proposal) =>
    documentIds !== null && !documentIds.has(proposal.documentId) ? proposal : update(proposal),
  );
  return proposals.some((proposal, i) => proposal !== report.proposals[i])
    ? { ...report, proposals }
    : report;
}

/** The report with change `index` of the proposal for `documentId` ticked or not; only an open proposal changes. */
export function chooseChange(
  report: ReferenceReport,
  documentId: string,
  index: number,
  ticked: boolean,
): ReferenceReport {
  return updateProposals(report, new Set([documentId]), (proposal) =>
    proposal.status !== 'open' || proposal.chosen[index] === ticked || index >= proposal.chosen.length
      ? proposal
      : { ...proposal, chosen: proposal.chosen.map((was, i) => (i === index ? ticked : was)) },
  );
}

/** The report with the proposals of `documentIds` marked `status` (a refusal's message dropped). */
export function markProposals(
  report: ReferenceReport,
  documentIds: ReadonlySet<string>,
  status: ProposalStatus,
): ReferenceReport {
  return updateProposals(report, documentIds, (proposal) => {
    if (proposal.status === status) return proposal;
    const { message: _, ...rest } = proposal;
    return { ...rest, status };
  });
}

/**
 * The report after core answered an apply of the proposals of `asked`: those it saved are applied,
 * those it refused carry its reason, and any it did not mention are open again.
 */
export function settleProposals(
  report: ReferenceReport,
  asked: ReadonlySet<string>,
  result: {
    readonly documents: readonly Pick<DocumentMeta, 'id'>[];
    readonly refused: ReferenceProposalsApplied['refused'];
  },
): ReferenceReport {
  const saved = new Set(result.documents.map((document) => document.id));
  const refused = new Map(result.refused.map(({ documentId, message }) => [documentId, message]));
  return updateProposals(report, asked, (proposal) => {
    const message = refused.get(proposal.documentId);
    if (saved.has(proposal.documentId)) {
      const { message: _, ...rest } = proposal;
      return { ...rest, status: 'applied' };
    }
    if (message !== undefined) return { ...proposal, status: 'refused', message };
    return proposal.status === 'applying' ? { ...proposal, status: 'open' } : proposal;
  });
}

/**
 * The report after an undo put `documents` back as they were before their proposals were applied:
 * those proposals are open again, as of the documents' new `modifiedAt`, so they can be applied anew.
 */
export function reopenProposals(
  report: ReferenceReport,
  documents: readonly Pick<DocumentMeta, 'id' | 'modifiedAt'>[],
): ReferenceReport {
  const modified = new Map(documents.map((document) => [document.id, document.modifiedAt]));
  return updateProposals(report, new Set(modified.keys()), (proposal) => {
    const { message: _, ...rest } = proposal;
    return { ...rest, status: 'open', modifiedAt: modified.get(proposal.documentId) ?? proposal.modifiedAt };
  });
}
