/**
 * Storing a converted file: the document with its original (`storeImported`), then the annotations
 * the file carried, a PDF's highlights and notes (`storeEmbedded`). Every import that makes documents
 * (files, folders, a REFI-QDA project's sources) stores them here.
 */
import { randomUUID } from 'node:crypto';
import { describePoint, describeRange } from '../../shared/anchoring';
import { ScholiaError } from '../../shared/errors';
import { DocumentMetaSchema, type Annotation, type DocumentMeta } from '../../shared/model';
import { docFromJSON } from '../../shared/schema';
import type { ImportedDocument } from '../import';
import { originalFileName } from '../store/originals';
import { checkedAnnotation, projectionOf } from './annotation-checks';
import type { ServiceContext } from './service-context';

/** Stores one converted file, with its original; on failure nothing of it remains in the library. */
export async function storeImported(
  context: ServiceContext,
  imported: ImportedDocument,
): Promise<DocumentMeta> {
  const id = randomUUID();
  const now = context.now().toISOString();
  const candidate: DocumentMeta = {
    id,
    csl: { ...imported.csl, id },
    note: '',
    source: { fileName: imported.name, format: imported.format, byteLength: imported.byteLength },
    contentHash: imported.contentHash,
    wordCount: imported.wordCount,
    addedAt: now,
    modifiedAt: now,
  };
  if (imported.bytes !== undefined) candidate.original = originalFileName(id, imported.name);
  // Plain text carries no metadata of its own: what was read from its first lines awaits the reader's word.
  if (imported.format === 'txt' || imported.format === 'md') candidate.metadataProposed = true;
  // library.json is validated on every open: anything stored must pass, or the library would not open.
  const checked = DocumentMetaSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ScholiaError(
      'internal',
      `Scholia could not store ${imported.name}: its description is invalid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unknown'}). Please report this.`,
      { path: imported.name },
    );
  }
  try {
    docFromJSON(imported.doc);
  } catch (error) {
    throw new ScholiaError(
      'internal',
      `Scholia could not store ${imported.name}: its text does not fit the document schema (${error instanceof Error ? error.message : String(error)}). Please report this.`,
      { path: imported.name, cause: error },
    );
  }
  await context.store.addDocument(checked.data, imported.doc, imported.bytes);
  return checked.data;
}

/**
 * Saves the annotations `imported` carried (a PDF's highlights and notes) on the document `meta` just
 * stored from it, in one write: how many were saved, and how many could not be placed (the importer's
 * count, and those that are no valid annotation here, or all of them when the write fails). They never
 * undo the document: the text is what the reader imported.
 */
export async function storeEmbedded(
  context: ServiceContext,
  meta: DocumentMeta,
  imported: ImportedDocument,
): Promise<{ saved: number; notPlaced: number }> {
  const embedded = imported.annotations ?? [];
  let notPlaced = imported.annotationsNotPlaced ?? 0;
  if (embedded.length === 0) return { saved: 0, notPlaced };
  const now = context.now().toISOString();
  const annotations: Annotation[] = [];
  try {
    const { text } = (await projectionOf(context, meta)).projection;
    for (const found of embedded) {
      try {
        const createdAt = found.createdAt ?? found.modifiedAt ?? now;
        annotations.push(
          checkedAnnotation({
            id: randomUUID(),
            documentId: meta.id,
            selectors:
              found.start === found.end
                ? describePoint(text, found.start)
                : describeRange(text, found.start, found.end),
            motivation: found.motivation,
            color: found.color,
            tagIds: [],
            comment: found.comment,
            createdAt,
            modifiedAt: found.modifiedAt ?? createdAt,
          }),
        );
      } catch {
        // Outside the text, or no valid annotation (a comment over the limit): skipped, counted.
        notPlaced += 1;
      }
    }
    if (annotations.length === 0) return { saved: 0, notPlaced };
    const saved = await context.store.appendAnnotationChanges(meta.id, () =>
      annotations.map((annotation) => ({ op: 'put' as const, annotation })),
    );
    if (saved === null) return { saved: 0, notPlaced: notPlaced + annotations.length };
  } catch {
    // The text is stored; its annotations are what is lost, and the reader is told how many.
    return { saved: 0, notPlaced: embedded.length + (imported.annotationsNotPlaced ?? 0) };
  }
  context.events.emit('library-changed', { scope: 'annotations', documentId: meta.id });
  return { saved: annotations.length, notPlaced };
}
