/**
 * The import in progress (or just finished): one line per file, updated from core's
 * `import-progress` events while the files are read, and settled from the final report.
 */
import type { ImportSource, ScholiaApi, Unsubscribe } from '../../../../shared/api';
import type { AnnotationImportReport } from '../../../../shared/export-options';
import { displayTitle } from '../../../../shared/model';
import type { QdaImportReport } from '../../../../shared/qda-import';
import { errorMessage } from '../../ui/error-message';
import { ObservableStore } from '../../ui/observable-store';
import { referenceReport, type ReferenceReport } from './reference-report';

/** How one file of the batch is doing. */
export interface ImportFileState {
  readonly name: string;
  readonly status: 'waiting' | 'importing' | 'imported' | 'failed' | 'duplicate' | 'cancelled';
  /** The new document's title, once imported; for a duplicate, the title of the document already there. */
  readonly title?: string;
  /** Why it failed, for the reader (a reference file tells what it did in `references`). */
  readonly message?: string;
  /** The document imported, or (for a duplicate) the one already holding the same content. */
  readonly documentId?: string;
  /** What was imported, kept for a duplicate so it can be imported again as a copy. */
  readonly source?: ImportSource;
  /** For a reference file: what became of its entries, and the changes it proposes. */
  readonly references?: ReferenceReport;
  /** For an annotation file: what became of each of its annotations. */
  readonly annotations?: AnnotationImportReport;
  /** For a REFI-QDA project or codebook: what it brought in. */
  readonly qda?: QdaImportReport;
  /** For a file that carried annotations of its own (a PDF's highlights): how many came in, and how many could not be placed. */
  readonly embedded?: { readonly annotations: number; readonly notPlaced: number };
}

/** Whether a file's import is over, whatever its outcome. */
export function isSettled(file: ImportFileState): boolean {
  return file.status !== 'waiting' && file.status !== 'importing';
}

/** The current batch, or null when no import has run (or its report was dismissed). */
export type ImportSnapshot = {
  readonly batchId: string;
  readonly running: boolean;
  readonly files: readonly ImportFileState[];
} | null;

/** The part of the API the store uses. */
export type ImportApi = Pick<ScholiaApi, 'importFiles' | 'cancelImport' | 'on'>;

function sourceName(source: ImportSource): string {
  if (source.kind === 'bytes') return source.name;
  return source.path.split(/[\\/]/).pop() ?? source.path;
}

let batchCounter = 0;

/** Imports files and reports how each one went. */
export class ImportStore extends ObservableStore<ImportSnapshot> {
  constructor(private readonly api: ImportApi) {
    super(null);
  }

  /** Whether a batch is being imported now. */
  get running(): boolean {
    return this.getSnapshot()?.running === true;
  }

  /**
   * Imports `sources` as one batch. Resolves once every file is settled; a failure of the whole call
   * (the connection to core lost, say) marks the files not yet settled as failed with its message.
   */
  async start(sources: readonly ImportSource[], onDuplicate: 'skip' | 'import-copy' = 'skip'): Promise<void> {
    if (sources.length === 0) return;
    batchCounter += 1;
    const batchId = `import-${Date.now().toString(36)}-${batchCounter}`;
    this.set({
      batchId,
      running: true,
      files: sources.map((s) => ({ name: sourceName(s), status: 'waiting' })),
    });
    try {
      const report = await this.api.importFiles({ sources: [...sources], batchId, onDuplicate });
      // Folders were expanded by core: the report has one outcome per file found, which may be more.
      const current = this.getSnapshot();
      if (current?.batchId !== batchId) return;
      const files = report.outcomes.map((outcome, i): ImportFileState => {
        const source = report.outcomes.length === sources.length ? sources[i] : undefined;
        switch (outcome.status) {
          case 'imported':
            return {
              name: outcome.name,
              status: 'imported',
              title: displayTitle(outcome.document),
              documentId: outcome.document.id,
              ...(outcome.annotations === undefined && outcome.annotationsNotPlaced === undefined
                ? {}
                : {
                    embedded: {
                      annotations: outcome.annotations ?? 0,
                      notPlaced: outcome.annotationsNotPlaced ?? 0,
                    },
                  }),
            };
          case 'duplicate':
            return {
              name: outcome.name,
              status: 'duplicate',
              title: displayTitle(outcome.document),
              documentId: outcome.document.id,
              ...(source === undefined ? {} : { source }),
            };
          case 'references':
            return { name: outcome.name, status: 'imported', references: referenceReport(outcome.entries) };
          case 'annotations':
            return { name: outcome.name, status: 'imported', annotations: outcome.report };
          case 'qda':
            return { name: outcome.name, status: 'imported', qda: outcome.report };
          case 'cancelled':
            return { name: outcome.name, status: 'cancelled' };
          case 'failed':
            return { name: outcome.name, status: 'failed', message: outcome.error.message };
        }
      });
      this.set({ batchId, running: false, files });
    } catch (thrown) {
      const message = errorMessage(thrown, 'The import stopped.');
      this.settle(batchId, (file) => (isSettled(file) ? file : { ...file, status: 'failed', message }));
    }
  }

  /** Asks core to stop the running batch: files not started are cancelled, the one in progress is not kept. */
  async cancel(): Promise<void> {
    const current = this.getSnapshot();
    if (current === null || !current.running) return;
    await this.api.cancelImport({ batchId: current.batchId });
  }

  /** Hides the report of a finished batch. */
  dismiss(): void {
    if (!this.running) this.set(null);
  }

  /** The report of reference file `file` of batch `batchId`, or null when that batch or file is not shown. */
  references(batchId: string, file: number): ReferenceReport | null {
    const current = this.getSnapshot();
    if (current?.batchId !== batchId) return null;
    return current.files[file]?.references ?? null;
  }

  /**
   * Replaces the report of reference file `file` of batch `batchId` with `update(report)`; nothing
   * happens when that batch is no longer shown (dismissed, or another import began).
   */
  updateReferences(
    batchId: string,
    file: number,
    update: (report: ReferenceReport) => ReferenceReport,
  ): void {
    const current = this.getSnapshot();
    const report = current?.batchId === batchId ? current.files[file]?.references : undefined;
    if (current === null || report === undefined) return;
    const next = update(report);
    if (next === report) return;
    this.set({
      ...current,
      files: current.files.map((state, i) => (i === file ? { ...state, references: next } : state)),
    });
  }

  /** Follows core's progress events for the current batch. Returns a function that stops it. */
  watch(): Unsubscribe {
    return this.api.on('import-progress', (event) => {
      const current = this.getSnapshot();
      if (current?.batchId !== event.batchId || !current.running) return;
      // A folder among the sources becomes its files: follow core's count and names.
      const known =
        current.files.length === event.total
          ? current.files
          : Array.from(
              { length: event.total },
              (_, i): ImportFileState => current.files[i] ?? { name: '…', status: 'waiting' },
            );
      const files = known.map((file, i): ImportFileState => {
        if (i !== event.index) return file;
        const named = { ...file, name: event.name };
        const extra = {
          ...(event.message === undefined ? {} : { message: event.message }),
          ...(event.documentId === undefined ? {} : { documentId: event.documentId }),
        };
        switch (event.phase) {
          case 'started':
            return { ...named, status: 'importing' };
          case 'imported':
            return { ...named, status: 'imported', ...extra };
          case 'duplicate':
            return { ...named, status: 'duplicate', ...extra };
          case 'cancelled':
            return { ...named, status: 'cancelled' };
          case 'failed':
            return { ...named, status: 'failed', ...extra };
        }
      });
      this.set({ ...current, files });
    });
  }

  private settle(batchId: string, change: (file: ImportFileState, index: number) => ImportFileState): void {
    const current = this.getSnapshot();
    if (current?.batchId !== batchId) return;
    this.set({ batchId, running: false, files: current.files.map(change) });
  }
}
