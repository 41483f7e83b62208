/**
 * `importFiles`: turns files into stored documents one at a time, reporting progress per file. A file
 * that fails is reported and leaves nothing in the library; the files after it are still imported.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns, ImportSource } from '../../shared/api';
import { ScholiaError, toApiError } from '../../shared/errors';
import { DocumentMetaSchema, type DocumentMeta, type ImportOutcome } from '../../shared/model';
import { docFromJSON } from '../../shared/schema';
import { identifySource } from '../import/read-source';
import type { ServiceContext } from './service-context';

/** Imports `sources` in order and reports one outcome per source. Never rejects because of one file. */
export async function importFiles(
  context: ServiceContext,
  { sources, batchId }: ApiParsedArgs<'importFiles'>,
): Promise<ApiReturns['importFiles']> {
  const batch = batchId ?? randomUUID();
  const total = sources.length;
  const outcomes: ImportOutcome[] = [];
  for (const [index, source] of sources.entries()) {
    const { name } = identifySource(source);
    const progress = { batchId: batch, index, total, name };
    context.events.emit('import-progress', { ...progress, phase: 'started' });
    try {
      const document = await importOne(context, source);
      outcomes.push({ status: 'imported', name, document });
      context.events.emit('import-progress', { ...progress, phase: 'imported' });
      context.events.emit('library-changed', { scope: 'documents', documentId: document.id });
    } catch (thrown) {
      const error = toApiError(thrown);
      outcomes.push({ status: 'failed', name, error });
      context.events.emit('import-progress', { ...progress, phase: 'failed', message: error.message });
    }
  }
  return { outcomes };
}

/** Imports and stores one file; on failure nothing of it remains in the library. */
async function importOne(context: ServiceContext, source: ImportSource): Promise<DocumentMeta> {
  const imported = await context.importSource(source);
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
  await context.store.addDocument(checked.data, imported.doc);
  return checked.data;
}
