/**
 * Applying the changes a reference file proposes: the ticked changes of a file's open proposals (or
 * of one of them) go to core in one `applyReferenceProposals`, which changes the library in one step;
 * a notice says what was updated and what was refused and why; and one entry on the undo stack takes
 * it back (applying what core returned as `previous`) and does it again (applying what the undo
 * returned), each half with the documents' `modifiedAt` as the other half left them.
 */
import type { ReferenceProposalArg, ReferenceProposalsApplied, ScholiaApi } from '../../../../shared/api';
import { ScholiaError } from '../../../../shared/errors';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { UndoStack } from '../../app/undo/undo-stack';
import { errorMessage } from '../../ui/error-message';
import type { ImportStore } from './import-store';
import {
  markProposals,
  proposalArgs,
  reopenProposals,
  settleProposals,
  type ProposalState,
} from './reference-report';

/** What applying proposals uses. */
export interface ApplyProposalsDeps {
  readonly api: Pick<ScholiaApi, 'applyReferenceProposals'>;
  readonly imports: ImportStore;
  readonly undo: UndoStack;
  readonly notices: NoticeStore;
}

/** Which proposals to apply: those of reference file `file` of batch `batchId`, or only `documentId`'s. */
export interface ProposalTarget {
  readonly batchId: string;
  readonly file: number;
  /** The file's name, for the undo step's label. */
  readonly fileName: string;
  readonly documentId?: string;
}

/** How many refusals a notice names; the report shows them all. */
const NAMED_REFUSALS = 3;

function documents(count: number): string {
  return count === 1 ? '1 document' : `${count.toLocaleString('en')} documents`;
}

/** What the reader is told of the documents updated. */
export function updatedMessage(titles: readonly string[]): string {
  return titles.length === 1 && titles[0] !== undefined
    ? `Updated the details of “${titles[0]}”.`
    : `Updated the details of ${documents(titles.length)}.`;
}

/** What the reader is told of the proposals core refused, each named with its reason. */
export function refusedMessage(
  refused: readonly { documentId: string; message: string }[],
  titleOf: (documentId: string) => string | undefined,
): string {
  const named = refused.slice(0, NAMED_REFUSALS).map(({ documentId, message }) => {
    const title = titleOf(documentId);
    return title === undefined || message.includes(title) ? message : `“${title}”: ${message}`;
  });
  const more = refused.length - named.length;
  const tail = more > 0 ? ` And ${more.toLocaleString('en')} more; the import report lists them all.` : '';
  return `${refused.length === 1 ? 'One proposal was' : `${refused.length.toLocaleString('en')} proposals were`} not applied. ${named.join(' ')}${tail}`;
}

function titles(proposals: readonly ProposalState[]): Map<string, string> {
  return new Map(proposals.map((proposal) => [proposal.documentId, proposal.title]));
}

/**
 * Applies the ticked changes of the target's open proposals. Resolves once core has answered and
 * the reader has been told; never rejects (a failure is a notice, and the proposals stay open).
 */
export async function applyProposals(deps: ApplyProposalsDeps, target: ProposalTarget): Promise<void> {
  const { api, imports, undo, notices } = deps;
  const { batchId, file } = target;
  const report = imports.references(batchId, file);
  if (report === null) return;
  const chosen = report.proposals.filter(
    (proposal) => target.documentId === undefined || proposal.documentId === target.documentId,
  );
  const args = proposalArgs(chosen);
  if (args.length === 0) return;
  const asked = new Set(args.map((arg) => arg.documentId));
  const titleOf = titles(chosen);
  imports.updateReferences(batchId, file, (r) => markProposals(r, asked, 'applying'));
  let result: ReferenceProposalsApplied;
  try {
    result = await api.applyReferenceProposals({ proposals: args });
  } catch (thrown) {
    imports.updateReferences(batchId, file, (r) => markProposals(r, asked, 'open'));
    notices.show('error', errorMessage(thrown, 'The changes could not be applied; nothing was changed.'));
    return;
  }
  imports.updateReferences(batchId, file, (r) => settleProposals(r, asked, result));
  if (result.documents.length > 0) {
    notices.show(
      'info',
      updatedMessage(result.documents.map((document) => titleOf.get(document.id) ?? 'a document')),
    );
  }
  if (result.refused.length > 0) {
    notices.show(
      'error',
      refusedMessage(result.refused, (id) => titleOf.get(id)),
    );
  }
  if (result.previous.length === 0) return;

  // Each half applies what the other returned: the values to put back, as of the documents' new times.
  let inverse: ReferenceProposalArg[] = result.previous;
  const step = async (half: 'undo' | 'redo'): Promise<void> => {
    if (inverse.length === 0) {
      throw new ScholiaError('invalid-input', 'None of its documents could be changed back the last time.');
    }
    const done = await api.applyReferenceProposals({ proposals: inverse });
    inverse = done.previous;
    imports.updateReferences(batchId, file, (r) =>
      half === 'undo'
        ? reopenProposals(r, done.documents)
        : markProposals(r, new Set(done.documents.map((document) => document.id)), 'applied'),
    );
    if (done.refused.length > 0)
      throw new ScholiaError(
        'invalid-input',
        refusedMessage(done.refused, (id) => titleOf.get(id)),
      );
  };
  undo.record({
    label: `Apply changes from ${target.fileName}`,
    undo: () => step('undo'),
    redo: () => step('redo'),
  });
}
