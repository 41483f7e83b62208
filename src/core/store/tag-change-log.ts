/**
 * The records of tag deletions and merges being saved, kept so that a crash never leaves one half done.
 *
 * Deleting or merging tags changes the annotation log of every document whose passages carry them, and
 * then the codebook in the library log; no single write covers them all. So the change is first written
 * whole, durably, to `local/<device>/tag-changes/<id>.json` (a file of this computer only, never synced):
 * that write is the moment the change happens. Then each file is written in turn, and the record is
 * removed last. Opening a library finishes every change whose record it finds by making the same writes
 * again: each is harmless when repeated (an annotation that no longer carries the removed tags is left
 * alone, and the codebook is only written while it still has them). A crash before the record is durable
 * leaves the library as it was; a crash after it, the change complete once the library is opened again.
 * A damaged record is reported and left where it is, never removed.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { TagSchema, type Tag } from '../../shared/model';
import { DurableJsonFile, type DurableWriteHooks } from './durable-json-file';
import { RecordFolder } from './record-folder';

/** A deletion (`targetId` null: the removed tags leave every passage) or a merge into `targetId`. */
export interface TagChange {
  /** The tags that leave the codebook, with their names (for the reader, should it be finished later). */
  removed: ReadonlyArray<{ id: string; name: string }>;
  /** The tag that passages carrying a removed tag carry instead (a merge), or null (a deletion). */
  target: { id: string; name: string } | null;
  /** The tags that stay but change (a new parent), as they are after the change. */
  changed: readonly Tag[];
  /** The modified time stamped on every retagged annotation. */
  modifiedAt: string;
}

const TagChangeFileSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.uuid(),
  startedAt: z.string(),
  removed: z.array(z.object({ id: z.string().min(1), name: z.string() })).min(1),
  target: z.object({ id: z.string().min(1), name: z.string() }).nullable(),
  changed: z.array(TagSchema),
  modifiedAt: z.string(),
});
/** A tag change as its record holds it. */
export type TagChangeRecord = z.infer<typeof TagChangeFileSchema>;

/** What a notice about records found at opening says. */
export interface TagChangeNotice {
  kind: 'finished' | 'damaged';
  message: string;
}

/** The tag changes of one open library: each saved through its record; those a crash interrupted finished at opening. */
export class TagChangeLog {
  private readonly records: RecordFolder;
  private readonly hooks: DurableWriteHooks | undefined;

  /** `dir` is the folder that holds the records (in this device's local folder). */
  constructor(dir: string, hooks: DurableWriteHooks | undefined) {
    this.records = new RecordFolder(dir);
    this.hooks = hooks;
  }

  /**
   * Saves the record of `change` (the change then has happened), runs `apply` on it, and removes the
   * record. Rejects with what the disk said when the record cannot be saved (nothing has changed); when
   * `apply` fails, the record stays and this rejects with an `io` error saying the change is finished
   * when the library is opened again.
   */
  async commit<T>(change: TagChange, apply: (record: TagChangeRecord) => Promise<T>): Promise<T> {
    const record: TagChangeRecord = {
      schemaVersion: 1,
      id: randomUUID(),
      startedAt: new Date().toISOString(),
      removed: [...change.removed],
      target: change.target,
      changed: [...change.changed],
      modifiedAt: change.modifiedAt,
    };
    await this.file(record.id).write(record);
    let result: T;
    try {
      result = await apply(record);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ScholiaError(
        'io',
        `${describe(record, 'The')} is saved but could not be finished: ${reason} Close the library and open it again to finish it.`,
        { cause, path: this.records.path(record.id) },
      );
    }
    await this.records.remove(record.id);
    return result;
  }

  /**
   * Finishes, oldest first, every change whose record is in the folder (a crash interrupted it), by
   * running `apply` on it and removing the record. Resolves to what the reader is told: each change
   * finished, and each damaged record (left as it is). Throws `io` when a file cannot be written.
   */
  async finishAll(apply: (record: TagChangeRecord) => Promise<unknown>): Promise<TagChangeNotice[]> {
    const notices: TagChangeNotice[] = [];
    const records: TagChangeRecord[] = [];
    for (const id of await this.records.list()) {
      const file = this.file(id);
      try {
        const record = await file.read();
        if (record === null) continue;
        if (record.id !== id) {
          throw new ScholiaError(
            'library-corrupt',
            `${file.path} holds the record of another change (${record.id}). Scholia has not changed it. ${RECOVERY}`,
          );
        }
        records.push(record);
      } catch (error) {
        // A record that cannot be read (damaged, or a folder where it should be) is left as it is and
        // reported; the rest of the library opens.
        if (!(error instanceof ScholiaError)) throw error;
        notices.push({
          kind: 'damaged',
          message:
            error.code === 'library-corrupt'
              ? error.message
              : `${error.message} Scholia has not changed it. ${RECOVERY}`,
        });
      }
    }
    records.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
    for (const record of records) {
      await apply(record);
      await this.records.remove(record.id);
      notices.push({
        kind: 'finished',
        message: `${describe(record, 'The')} was interrupted when Scholia last stopped; it has now been finished. ${
          record.target === null
            ? 'No passage carries the deleted tags any more.'
            : `Every passage that carried them now carries “${record.target.name}”.`
        }`,
      });
    }
    return notices;
  }

  private file(id: string): DurableJsonFile<TagChangeRecord> {
    return new DurableJsonFile(this.records.path(id), {
      schema: TagChangeFileSchema,
      description: 'record of an unfinished tag deletion or merge',
      format: 'compact',
      recovery: RECOVERY,
      ...(this.hooks === undefined ? {} : { hooks: this.hooks }),
    });
  }
}

const RECOVERY =
  'Move it out of the folder once you have checked the tags: until then it is reported each time the library opens. Some passages may already have lost the tags it names while the codebook still has them.';

/** “The deletion of the tag “A”” or “The merge of the tag “A” into “B””. */
function describe(record: TagChangeRecord, article: string): string {
  const names = record.removed.map((tag) => `“${tag.name}”`).join(', ');
  const tags = `${record.removed.length === 1 ? 'the tag' : 'the tags'} ${names}`;
  return record.target === null
    ? `${article} deletion of ${tags}`
    : `${article} merge of ${tags} into “${record.target.name}”`;
}
