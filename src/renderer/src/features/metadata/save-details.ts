/**
 * Saving the metadata editor's details: the CSL-JSON through the library's store, which then lists
 * the document as saved; with a new page offset, through `updateDocumentMetadata` itself (the store's
 * `updateMetadata` does not take one), after which the store reads the library again.
 */
import type { ScholiaApi } from '../../../../shared/api';
import type { CslDraft } from '../../../../shared/model';
import type { LibraryStore } from '../library';

/** What to save. */
export interface DetailsChange {
  readonly csl: CslDraft;
  /** The details stay Scholia's proposal (an undo of their first confirmation). */
  readonly proposed?: boolean;
  /** The new page offset, null to remove it; left out, the page offset stays as it is. */
  readonly pageOffset?: number | null;
}

/** Saves `change` to document `documentId`; rejects with the API's error, saving nothing, when refused. */
export async function saveDetails(
  api: Pick<ScholiaApi, 'updateDocumentMetadata'>,
  library: Pick<LibraryStore, 'updateMetadata' | 'refresh'>,
  documentId: string,
  change: DetailsChange,
): Promise<void> {
  const proposed = change.proposed === true;
  if (change.pageOffset === undefined) {
    await library.updateMetadata(documentId, change.csl, proposed);
    return;
  }
  await api.updateDocumentMetadata({
    documentId,
    csl: change.csl,
    pageOffset: change.pageOffset,
    ...(proposed ? { proposed } : {}),
  });
  await library.refresh();
}
