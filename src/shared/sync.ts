/**
 * Sharing a library between computers through a synced folder, as the UI sees it: what the reader
 * is told (notices), the passages two computers edited differently (text conflicts), and the name of
 * this computer and of its reader.
 */
import { z } from 'zod';

/**
 * Something the reader is told once about the library: a conversion, conflict copies folded in, a kept
 * document, a change a crash interrupted that was finished at opening (`finished`), damage.
 */
export const LibraryNoticeSchema = z.object({
  kind: z.enum(['converted', 'conflict-copies', 'kept', 'finished', 'damaged']),
  message: z.string(),
});
export type LibraryNotice = z.infer<typeof LibraryNoticeSchema>;

/** One passage of a text that two computers changed differently, as plain text paragraphs. */
export interface TextConflict {
  /** The paragraphs as both edits found them. */
  base: string[];
  /** The paragraphs as the earlier of the two edits left them. */
  a: string[];
  /** The paragraphs as the later edit left them (shown until the reader chooses). */
  b: string[];
}

/** How a document's text stands after edits on two computers. */
export interface TextConflicts {
  documentId: string;
  /** The passages edited differently; empty when there are none (edits to different paragraphs merge). */
  conflicts: TextConflict[];
  /** Who made each of the two edits: the reader's name on each computer, when known. */
  editors: { a: string | null; b: string | null };
}

/** Which version of each conflicting passage the reader keeps: the earlier edit's, the later's, or both in turn. */
export const ConflictChoiceSchema = z.enum(['a', 'b', 'both']);

/** This computer as the library's change logs name it, and the name of its reader. */
export interface DeviceInfo {
  id: string;
  name: string;
  readerName: string;
}

/**
 * A computer that shares the library, with the names it last told the library (`null` when its
 * device file is missing or unreadable): how a change signed with its id is shown.
 */
export interface LibraryDevice {
  id: string;
  name: string | null;
  readerName: string | null;
  /** This computer. */
  thisComputer: boolean;
}

/** A name for this computer or its reader, as the reader types it. */
export const DeviceNameSchema = z
  .string()
  .trim()
  .min(1, 'A name cannot be empty.')
  .max(100, 'A name is at most 100 characters.')
  .refine(
    (name) => !/\p{Cc}/u.test(name),
    'A name cannot contain line breaks or control characters.',
  );
