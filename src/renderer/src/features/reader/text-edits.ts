/**
 * Saving the reader's edit of a text, and taking it back. The edited text and every annotation's new
 * place are saved together by `updateDocumentText`; the step recorded for undo saves the text as it
 * was with every annotation where it was (again together), and redo saves the edit once more. Each
 * half says which revision of the text it expects, so a text changed meanwhile (in another window) is
 * never overwritten: the half fails, with core's message, and nothing changes.
 */
import type { ScholiaApi } from '../../../../shared/api';
import {
  isPointTarget,
  type Annotation,
  type EditedDocument,
  type Selectors,
} from '../../../../shared/model';
import { projectDocument } from '../../../../shared/projection';
import { docFromJSON, type DocJSON } from '../../../../shared/schema';
import { anchoredAgain, type Placement } from './editor/edit-placements';
import type { UndoStack } from '../../app/undo/undo-stack';

/** The part of the API text edits use. */
export type TextEditApi = Pick<ScholiaApi, 'updateDocumentText' | 'listAnnotations'>;

/** One version of a text with the place of each of its annotations in it. */
export interface TextVersion {
  readonly doc: DocJSON;
  readonly placements: readonly Placement[];
}

/** An edit to save. */
export interface TextEdit {
  readonly documentId: string;
  /** The `textRevision` the edit was made on. */
  readonly baseRevision: number;
  readonly before: TextVersion;
  readonly after: TextVersion;
}

/**
 * The placements to send with `version`'s text, for the annotations the document has now: those the
 * version knows go where it says; any other (made since) is anchored on the version's text.
 */
function placementsFor(version: TextVersion, annotations: readonly Annotation[]): Placement[] {
  const recorded = new Map(version.placements.map((p) => [p.id, p.selectors]));
  let projection: ReturnType<typeof projectDocument> | null = null;
  return annotations.map((annotation): Placement => {
    const selectors = recorded.get(annotation.id);
    if (selectors !== undefined) return { id: annotation.id, selectors: fits(annotation, selectors) };
    projection ??= projectDocument(docFromJSON(version.doc));
    return { id: annotation.id, selectors: anchoredAgain(projection, annotation) };
  });
}

/** A highlight is never given a point: it stays an orphan instead. */
function fits(annotation: Annotation, selectors: Selectors | null): Selectors | null {
  if (selectors === null) return null;
  return isPointTarget(selectors) && annotation.motivation !== 'commenting' ? null : selectors;
}

/**
 * Saves `edit` and records it on `undo` as `label` (unless `record` is false). Resolves to what
 * core saved; rejects with core's error, saving and recording nothing, when it is refused.
 */
export async function saveTextEdit(
  api: TextEditApi,
  undo: UndoStack,
  edit: TextEdit,
  record = true,
  label = 'Edit text',
): Promise<EditedDocument> {
  const saved = await api.updateDocumentText({
    documentId: edit.documentId,
    doc: edit.after.doc,
    annotations: [...edit.after.placements],
    baseRevision: edit.baseRevision,
  });
  if (!record) return saved;
  let revision = saved.meta.textRevision ?? 0;
  const apply = async (version: TextVersion): Promise<void> => {
    const annotations = await api.listAnnotations({ documentId: edit.documentId });
    const result = await api.updateDocumentText({
      documentId: edit.documentId,
      doc: version.doc,
      annotations: placementsFor(version, annotations),
      baseRevision: revision,
    });
    revision = result.meta.textRevision ?? 0;
  };
  undo.record({ label, undo: () => apply(edit.before), redo: () => apply(edit.after) });
  return saved;
}
