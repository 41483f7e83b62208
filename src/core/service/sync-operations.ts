/**
 * The API methods about sharing a library between computers: notices for the reader, the conflicts
 * of a text edited on two computers and their resolution, and this computer's and reader's names.
 */
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { countWords, projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import type { TextConflict } from '../../shared/sync';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';

/** The notices waiting for the reader; each is handed out once. */
export function takeLibraryNotices(context: ServiceContext): ApiReturns['takeLibraryNotices'] {
  return context.store.takeNotices();
}

/** The passages of a document's text two computers edited differently, as plain text. */
export async function getTextConflicts(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'getTextConflicts'>,
): Promise<ApiReturns['getTextConflicts']> {
  requireDocument(context, documentId);
  const state = await context.store.textState(documentId);
  if (state === null) throw documentNotFound(documentId);
  const conflicts: TextConflict[] = [];
  for (const chunk of state.merge?.result.chunks ?? []) {
    if (chunk.kind !== 'conflict') continue;
    conflicts.push({ base: paragraphs(chunk.base), a: paragraphs(chunk.a), b: paragraphs(chunk.b) });
  }
  const editor = async (revision: string | undefined) =>
    revision === undefined ? null : context.store.readerOf(revision.slice(13));
  return {
    documentId,
    conflicts,
    editors: { a: await editor(state.merge?.a), b: await editor(state.merge?.b) },
  };
}

/** Keeps the reader's choice for each conflict as a new revision of the text, and announces it. */
export async function resolveTextConflicts(
  context: ServiceContext,
  { documentId, choices }: ApiParsedArgs<'resolveTextConflicts'>,
): Promise<ApiReturns['resolveTextConflicts']> {
  requireDocument(context, documentId);
  if (!(await context.store.resolveTextConflicts(documentId, choices))) throw documentNotFound(documentId);
  const doc = await context.store.readDocumentText(documentId);
  const wordCount = doc === null ? 0 : countWords(projectDocument(docFromJSON(doc)).text);
  const modifiedAt = context.now().toISOString();
  const meta = await context.store.updateDocument(documentId, (current) => ({
    ...current,
    wordCount,
    modifiedAt,
  }));
  if (meta === null) throw documentNotFound(documentId);
  context.projections.delete(documentId);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  return meta;
}

/** This computer and its reader. */
export function getDevice(context: ServiceContext): ApiReturns['getDevice'] {
  const { id, name, readerName } = context.store.device;
  return { id, name, readerName };
}

/** Every computer sharing the library, with the names it last gave itself. */
export function listDevices(context: ServiceContext): Promise<ApiReturns['listDevices']> {
  return context.store.listDevices();
}

/** Renames this computer or its reader. */
export async function updateDevice(
  context: ServiceContext,
  change: ApiParsedArgs<'updateDevice'>,
): Promise<ApiReturns['updateDevice']> {
  const { id, name, readerName } = await context.store.renameDevice({
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.readerName === undefined ? {} : { readerName: change.readerName }),
  });
  context.events.emit('library-changed', { scope: 'settings' });
  return { id, name, readerName };
}

function paragraphs(blocks: readonly unknown[]): string[] {
  return blocks.map((block) => projectDocument(docFromJSON({ type: 'doc', content: [block] })).text);
}
