/**
 * The import in progress (or just finished): one line per file, updated from core's
 * `import-progress` events while the files are read, and settled from the final report.
 */
import type { ImportSource, ScholiaApi, Unsubscribe } from '../../../shared/api';
import { displayTitle } from '../../../shared/model';
import { errorMessage } from './error-message';
import { ObservableStore } from './observable-store';

/** How one file of the batch is doing. */
export interface ImportFileState {
  readonly name: string;
  readonly status: 'waiting' | 'importing' | 'imported' | 'failed';
  /** The new document's title, once imported. */
  readonly title?: string;
  /** Why it failed, for the reader. */
  readonly message?: string;
}

/** The current batch, or null when no import has run (or its report was dismissed). */
export type ImportSnapshot = {
  readonly batchId: string;
  readonly running: boolean;
  readonly files: readonly ImportFileState[];
} | null;

/** The part of the API the store uses. */
export type ImportApi = Pick<ScholiaApi, 'importFiles' | 'on'>;

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
  async start(sources: readonly ImportSource[]): Promise<void> {
    if (sources.length === 0) return;
    batchCounter += 1;
    const batchId = `import-${Date.now().toString(36)}-${batchCounter}`;
    this.set({
      batchId,
      running: true,
      files: sources.map((s) => ({ name: sourceName(s), status: 'waiting' })),
    });
    try {
      const report = await this.api.importFiles({ sources: [...sources], batchId });
      this.settle(batchId, (file, i) => {
        const outcome = report.outcomes[i];
        if (outcome === undefined) return file;
        return outcome.status === 'imported'
          ? { name: outcome.name, status: 'imported', title: displayTitle(outcome.document) }
          : { name: outcome.name, status: 'failed', message: outcome.error.message };
      });
    } catch (thrown) {
      const message = errorMessage(thrown, 'The import stopped.');
      this.settle(batchId, (file) =>
        file.status === 'imported' || file.status === 'failed'
          ? file
          : { ...file, status: 'failed', message },
      );
    }
  }

  /** Hides the report of a finished batch. */
  dismiss(): void {
    if (!this.running) this.set(null);
  }

  /** Follows core's progress events for the current batch. Returns a function that stops it. */
  watch(): Unsubscribe {
    return this.api.on('import-progress', (event) => {
      const current = this.getSnapshot();
      if (current?.batchId !== event.batchId || !current.running) return;
      const files = current.files.map((file, i): ImportFileState => {
        if (i !== event.index) return file;
        if (event.phase === 'started') return { ...file, status: 'importing' };
        if (event.phase === 'imported') return { ...file, status: 'imported' };
        return {
          ...file,
          status: 'failed',
          ...(event.message === undefined ? {} : { message: event.message }),
        };
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
