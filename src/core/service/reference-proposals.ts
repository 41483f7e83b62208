/**
 * Reference proposals: what an entry of a reference file would change in a document whose details the
 * reader confirmed. Import never writes those (`import-references.ts` returns the proposal in the
 * entry's outcome); {@link applyReferenceProposals} applies the ones the reader chooses, to all their
 * documents in one change of the library, and returns what the documents held before, which applied
 * in turn is the undo. A proposal is made on a document as of its `modifiedAt`: a document changed
 * since is refused, so a proposal never overwrites what the reader did after seeing it.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  CslDraftArgSchema,
  type ApiParsedArgs,
  type ReferenceProposalArg,
  type ReferenceProposalsApplied,
} from '../../shared/api';
import {
  displayTitle,
  type CslDraft,
  type CslItem,
  type DocumentMeta,
  type ReferenceFieldChange,
} from '../../shared/model';
import type { ServiceContext } from './service-context';

/**
 * The fields `entry` would change in `csl`, in the entry's order: each field of the entry whose value
 * differs from the document's (a field the entry lacks is kept, never removed).
 */
export function changesOf(csl: CslItem, entry: CslDraft): ReferenceFieldChange[] {
  const changes: ReferenceFieldChange[] = [];
  for (const [field, after] of Object.entries(entry)) {
    if (field === 'id' || after === undefined) continue;
    const before = (csl as Record<string, unknown>)[field];
    if (isDeepStrictEqual(before, after)) continue;
    changes.push(before === undefined ? { field, after } : { field, before, after });
  }
  return changes;
}

/** Applies the chosen proposals in one change of the library; see `applyReferenceProposals` in `shared/api.ts`. */
export async function applyReferenceProposals(
  context: ServiceContext,
  args: ApiParsedArgs<'applyReferenceProposals'>,
): Promise<ReferenceProposalsApplied> {
  const refused: { documentId: string; message: string }[] = [];
  const planned = new Map<
    string,
    { proposal: ReferenceProposalArg; csl: CslItem; previous: ReferenceProposalArg['changes'] }
  >();
  for (const proposal of args.proposals) {
    const { documentId } = proposal;
    const current = context.store.getDocument(documentId);
    if (current === null) {
      refused.push({ documentId, message: 'The document is no longer in the library; nothing was changed.' });
      continue;
    }
    if (planned.has(documentId)) {
      refused.push({
        documentId,
        message: `"${displayTitle(current)}" is named by two proposals; only the first was applied.`,
      });
      continue;
    }
    if (current.modifiedAt !== proposal.modifiedAt) {
      refused.push({ documentId, message: stale(current) });
      continue;
    }
    const csl = new Map<string, unknown>(Object.entries(current.csl));
    const previous: ReferenceProposalArg['changes'] = [];
    for (const { field, value } of proposal.changes) {
      const before = csl.get(field);
      // A field changed twice is put back to what it held before the first change.
      if (!previous.some((change) => change.field === field)) {
        previous.push(before === undefined ? { field } : { field, value: before });
      }
      if (value === undefined) csl.delete(field);
      else csl.set(field, value);
    }
    csl.delete('id');
    const draft = Object.fromEntries(csl);
    const checked = CslDraftArgSchema.safeParse(draft);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      refused.push({
        documentId,
        message: `The changes to "${displayTitle(current)}" are not valid CSL (${issue?.path.join('.') ?? 'data'}: ${issue?.message ?? 'invalid'}); nothing was changed.`,
      });
      continue;
    }
    planned.set(documentId, { proposal, csl: { ...checked.data, id: current.csl.id }, previous });
  }
  if (planned.size === 0) return { documents: [], previous: [], refused };
  const modifiedAt = context.now().toISOString();
  // Checked again as the change is made: another change may have come in between.
  const changedMeanwhile = new Set<string>();
  const updated = await context.store.updateDocuments(
    new Map(
      [...planned].map(([documentId, plan]) => [
        documentId,
        (current: DocumentMeta): DocumentMeta => {
          if (current.modifiedAt !== plan.proposal.modifiedAt) {
            changedMeanwhile.add(documentId);
            return current;
          }
          return { ...current, csl: plan.csl, modifiedAt };
        },
      ]),
    ),
  );
  const documents: DocumentMeta[] = [];
  const previous: ReferenceProposalArg[] = [];
  for (const [documentId, plan] of planned) {
    const saved = updated.get(documentId);
    if (saved === undefined || changedMeanwhile.has(documentId)) {
      refused.push({
        documentId,
        message:
          saved === undefined
            ? 'The document is no longer in the library; nothing was changed.'
            : stale(saved),
      });
      continue;
    }
    documents.push(saved);
    previous.push({ documentId, modifiedAt: saved.modifiedAt, changes: plan.previous });
  }
  if (documents.length > 0) context.events.emit('library-changed', { scope: 'documents' });
  return { documents, previous, refused };
}

function stale(document: DocumentMeta): string {
  return `"${displayTitle(document)}" was changed after the proposal was made; it was left as it is. Import the reference file again to see what it would change now.`;
}
