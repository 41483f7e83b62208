/**
 * `importFiles`: turns files into stored documents one at a time, reporting progress per file. A file
 * that fails is reported and leaves nothing in the library; the files after it are still imported.
 *
 * Folders among the sources are expanded into their files (`folders.ts`); each file's kind is decided
 * by `import/file-kind.ts` (a JSON file by its content): reference files (CSL-JSON, `.bib`, `.ris`)
 * set metadata instead of adding texts (`import-references.ts`), annotation files (W3C Web Annotation,
 * Hypothesis) place their annotations on documents already there (`importAnnotations`); content already in
 * the library is reported as a duplicate unless `onDuplicate` is `import-copy`; each document's
 * original file is kept in `originals/`, and the annotations it carried (a PDF's highlights and notes)
 * are saved on it. `cancelImport` stops a batch between files: the files not
 * started are reported cancelled, and the one being converted is not stored. A path is read only when
 * the reader chose it, or a folder holding it, in this session (`path-grants.ts`): a call naming any
 * other path is refused before anything is read.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ApiParsedArgs, ApiReturns, ImportSource } from '../../shared/api';
import { ScholiaError, toApiError } from '../../shared/errors';
import type { AnnotationImportReport } from '../../shared/export-options';
import { isImportableName as hasImportableExtension } from '../../shared/import-formats';
import type { ImportOutcome } from '../../shared/model';
import { embeddedAnnotationsInWords } from '../../shared/embedded-annotations';
import { qdaSummary } from '../../shared/qda-import';
import { expandFolders } from '../import/folders';
import { fileKindOf, isDecidedByContent, type FileKind } from '../import/file-kind';
import { identifySource, readSource } from '../import/read-source';
import { importAnnotations } from './annotation-import-operations';
import { importReferences, type ReferenceProgress } from './import-references';
import { importRefiCodebook, importRefiProject } from './refi-qda-import';
import type { ServiceContext } from './service-context';
import { storeEmbedded, storeImported } from './store-imported';

/** The batches running in each service, by batch id, with whether they were asked to stop. */
const runningBatches = new WeakMap<ServiceContext, Map<string, { cancelled: boolean }>>();

function batchesOf(context: ServiceContext): Map<string, { cancelled: boolean }> {
  let batches = runningBatches.get(context);
  if (batches === undefined) {
    batches = new Map();
    runningBatches.set(context, batches);
  }
  return batches;
}

/** Whether `name` has an extension Scholia imports (a text format, a reference or an annotation file). */
export function isImportableName(name: string): boolean {
  return hasImportableExtension(name);
}

/** Asks the batch `batchId` to stop; resolves to whether it was running. */
export function cancelImport(
  context: ServiceContext,
  { batchId }: ApiParsedArgs<'cancelImport'>,
): ApiReturns['cancelImport'] {
  const batch = batchesOf(context).get(batchId);
  if (batch === undefined) return { cancelled: false };
  batch.cancelled = true;
  return { cancelled: true };
}

/** Imports `sources` in order and reports one outcome per file. Never rejects because of one file. */
export async function importFiles(
  context: ServiceContext,
  { sources, batchId, onDuplicate = 'skip' }: ApiParsedArgs<'importFiles'>,
): Promise<ApiReturns['importFiles']> {
  const batch = batchId ?? randomUUID();
  const batches = batchesOf(context);
  if (batches.has(batch)) {
    throw new ScholiaError(
      'invalid-input',
      `An import named "${batch}" is already running; give this one another batchId.`,
    );
  }
  // Every path must have been chosen by the reader; otherwise nothing at all is read.
  for (const source of sources) if (source.kind === 'path') await context.grants.checkRead(source.path);
  const state = { cancelled: false };
  batches.set(batch, state);
  try {
    const items = await expandFolders(sources, isImportableName);
    const total = items.length;
    const outcomes: ImportOutcome[] = [];
    for (const [index, item] of items.entries()) {
      const name = 'skipped' in item ? item.skipped : identifySource(item.source).name;
      const progress = { batchId: batch, index, total, name };
      if (state.cancelled) {
        outcomes.push({ status: 'cancelled', name });
        context.events.emit('import-progress', { ...progress, phase: 'cancelled' });
        continue;
      }
      if ('skipped' in item) {
        const error = toApiError(item.error);
        outcomes.push({ status: 'failed', name, error });
        context.events.emit('import-progress', { ...progress, phase: 'failed', message: error.message });
        continue;
      }
      context.events.emit('import-progress', { ...progress, phase: 'started' });
      // A reference file of thousands of entries reports each step of reading and storing them.
      const onReferences = ({ stage, done, total: of }: ReferenceProgress): void =>
        context.events.emit('import-progress', {
          ...progress,
          phase: 'started',
          message: `${stage === 'read' ? 'Reading' : 'Saving'} references: ${done.toLocaleString('en')} of ${of.toLocaleString('en')}`,
          progress: { done, total: of },
        });
      const outcome = await importOneSafely(
        context,
        item.source,
        name,
        onDuplicate,
        () => state.cancelled,
        onReferences,
      );
      outcomes.push(outcome);
      switch (outcome.status) {
        case 'imported':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'imported',
            documentId: outcome.document.id,
            ...embeddedMessage(outcome),
          });
          context.events.emit('library-changed', { scope: 'documents', documentId: outcome.document.id });
          break;
        case 'duplicate':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'duplicate',
            documentId: outcome.document.id,
            message: `Already in the library as "${outcome.document.csl.title ?? outcome.document.source.fileName}".`,
          });
          break;
        case 'references':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'imported',
            message: describeReferences(outcome.entries),
          });
          break;
        case 'annotations':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'imported',
            message: describeAnnotations(outcome.report),
          });
          break;
        case 'qda':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'imported',
            message: qdaSummary(outcome.report),
          });
          break;
        case 'cancelled':
          context.events.emit('import-progress', { ...progress, phase: 'cancelled' });
          break;
        case 'failed':
          context.events.emit('import-progress', {
            ...progress,
            phase: 'failed',
            message: outcome.error.message,
          });
          break;
      }
      // Between files, let waiting work run: other requests, progress reaching the UI, a cancel.
      await yieldToEventLoop();
    }
    return { outcomes };
  } finally {
    batches.delete(batch);
  }
}

function describeReferences(entries: Extract<ImportOutcome, { status: 'references' }>['entries']): string {
  const count = (action: string): number => entries.filter((entry) => entry.action === action).length;
  return `${count('matched')} matched to documents, ${count('created')} added as references without text, ${count('failed')} unusable.`;
}

/**
 * What became of a file's embedded annotations, in words, as the `message` of its progress
 * ("12 highlights and notes from the file, 1 could not be placed …"); nothing for a file without any.
 */
export function embeddedMessage(
  outcome: Pick<Extract<ImportOutcome, { status: 'imported' }>, 'annotations' | 'annotationsNotPlaced'>,
): { message?: string } {
  const words = embeddedAnnotationsInWords(outcome.annotations ?? 0, outcome.annotationsNotPlaced ?? 0);
  return words === null ? {} : { message: words };
}

/** An annotation file's report in words: "Annotations: 12 imported, 3 already there, 1 could not be placed". */
export function describeAnnotations(report: AnnotationImportReport): string {
  return `Annotations: ${String(report.imported)} imported, ${String(report.skipped)} already there, ${String(report.failed)} could not be placed`;
}

/**
 * What `source` is (`import/file-kind.ts`), reading it first when its name does not decide (null when
 * it is nothing Scholia imports: its converter then explains why), and the source to import it from:
 * once read, its bytes, under a name that gives the same name and label in messages as the path, so
 * the file is read once.
 */
async function kindOfSource(
  source: ImportSource,
  name: string,
): Promise<{ kind: FileKind | null; source: ImportSource }> {
  if (!isDecidedByContent(name)) return { kind: fileKindOf(name, null), source };
  const { bytes } = await readSource(source);
  const read: ImportSource =
    source.kind === 'path'
      ? // A file's bytes as read are never in shared memory.
        { kind: 'bytes', name: source.path, bytes: bytes as Uint8Array<ArrayBuffer> }
      : source;
  return { kind: fileKindOf(name, new TextDecoder().decode(bytes)), source: read };
}

async function importOneSafely(
  context: ServiceContext,
  given: ImportSource,
  name: string,
  onDuplicate: 'skip' | 'import-copy',
  isCancelled: () => boolean,
  onReferences?: (progress: ReferenceProgress) => void,
): Promise<ImportOutcome> {
  try {
    // A file found in a chosen folder is checked too: the folder's walk must not lead out of it.
    if (given.kind === 'path') await context.grants.checkRead(given.path);
    const { kind, source } = await kindOfSource(given, name);
    if (kind?.kind === 'annotations') {
      const report = await importAnnotations(context, { source });
      return { status: 'annotations', name, detected: kind.evidence, report };
    }
    if (kind?.kind === 'qda') {
      const { bytes } = await readSource(source);
      const input = { name: source.kind === 'path' ? source.path : source.name, bytes };
      const report =
        kind.format === 'project'
          ? await importRefiProject(context, input)
          : await importRefiCodebook(context, input);
      return { status: 'qda', name, report };
    }
    if (kind?.kind === 'references') {
      return {
        status: 'references',
        name,
        entries: await importReferences(context, source, kind.format, onReferences),
      };
    }
    const imported = await context.importSource(source, kind?.kind === 'text' ? kind.format : undefined);
    // Cancelled while this file was being converted: it is not stored.
    if (isCancelled()) return { status: 'cancelled', name };
    if (onDuplicate === 'skip') {
      const existing = context.store
        .listDocuments()
        .find((document) => document.contentHash === imported.contentHash && document.metadataOnly !== true);
      if (existing !== undefined) return { status: 'duplicate', name, document: existing };
    }
    const document = await storeImported(context, imported);
    const embedded = await storeEmbedded(context, document, imported);
    return {
      status: 'imported',
      name,
      document,
      ...(embedded.saved === 0 ? {} : { annotations: embedded.saved }),
      ...(embedded.notPlaced === 0 ? {} : { annotationsNotPlaced: embedded.notPlaced }),
    };
  } catch (thrown) {
    return { status: 'failed', name, error: toApiError(thrown) };
  }
}
