/**
 * The records of changes to several documents' annotations made as one (highlighting and tagging
 * every occurrence the concordance selected), kept so that a crash never leaves some documents
 * changed and others not.
 *
 * The annotations are decided first, then written whole, durably, to
 * `local/<device>/annotation-batches/<id>.json` (this computer's own, never synced): that write is the
 * moment the change happens. Then each document's log gets its part, and the record is removed last.
 * Opening a library writes again every part of every record it finds: each is a `put` of an annotation
 * with a fixed id, harmless when repeated. A damaged record is reported and left where it is.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { AnnotationSchema, type Annotation } from '../../shared/model';
import { DurableJsonFile, type DurableWriteHooks } from './durable-json-file';
import { RecordFolder } from './record-folder';

const BatchFileSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.uuid(),
  startedAt: z.string(),
  /** What the reader did, for the notice should it be finished at opening, e.g. `Highlighting 40 occurrences`. */
  description: z.string(),
  documents: z.array(z.object({ documentId: z.string().min(1), annotations: z.array(AnnotationSchema) })),
});
type BatchRecord = z.infer<typeof BatchFileSchema>;

const RECOVERY =
  'Move it out of the folder once you have checked those documents: until then it is reported each time the library opens. Some of them may have the change and others not.';

/** One document's part of a batch: the annotations it gets (created, or replacing those with their ids). */
export interface BatchPart {
  documentId: string;
  annotations: readonly Annotation[];
}

/** The batches of one open library. */
export class AnnotationBatchLog {
  private readonly records: RecordFolder;
  private readonly hooks: DurableWriteHooks | undefined;

  /** `dir` is the folder that holds the records (in this device's local folder). */
  constructor(dir: string, hooks: DurableWriteHooks | undefined) {
    this.records = new RecordFolder(dir);
    this.hooks = hooks;
  }

  /**
   * Saves `parts` as one: the record first, then `write` for each part in turn, then the record goes.
   * Once the record is durable the change is made, whatever happens after: a failure of `write`
   * leaves the record for the next opening to finish.
   */
  async commit(
    description: string,
    parts: readonly BatchPart[],
    write: (part: BatchPart) => Promise<void>,
  ): Promise<void> {
    const record: BatchRecord = {
      schemaVersion: 1,
      id: randomUUID(),
      startedAt: new Date().toISOString(),
      description,
      documents: parts.map((part) => ({ documentId: part.documentId, annotations: [...part.annotations] })),
    };
    await this.file(record.id).write(record);
    for (const part of parts) await write(part);
    await this.records.remove(record.id);
  }

  /**
   * Finishes every batch whose record is in the folder (a crash interrupted it): `write` gets each
   * part again. Resolves to what the reader should be told: each batch finished, each record damaged.
   */
  async finishAll(
    write: (part: BatchPart) => Promise<void>,
  ): Promise<{ kind: 'finished' | 'damaged'; message: string }[]> {
    const notices: { kind: 'finished' | 'damaged'; message: string }[] = [];
    for (const id of await this.records.list()) {
      let record: BatchRecord | null;
      try {
        record = await this.file(id).read();
      } catch (error) {
        if (!(error instanceof ScholiaError)) throw error;
        notices.push({
          kind: 'damaged',
          message: `${error.message} Scholia has not changed it. ${RECOVERY}`,
        });
        continue;
      }
      if (record === null) continue;
      for (const part of record.documents) await write(part);
      await this.records.remove(id);
      notices.push({
        kind: 'finished',
        message: `${record.description} was interrupted when Scholia last stopped; it has now been finished in all ${String(record.documents.length)} document${record.documents.length === 1 ? '' : 's'}.`,
      });
    }
    return notices;
  }

  private file(id: string): DurableJsonFile<BatchRecord> {
    return new DurableJsonFile(this.records.path(id), {
      schema: BatchFileSchema,
      description: 'record of changes to several documents being saved',
      format: 'compact',
      recovery: RECOVERY,
      ...(this.hooks === undefined ? {} : { hooks: this.hooks }),
    });
  }
}
