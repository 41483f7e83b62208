/**
 * Undo and redo for everything the reader does to annotations, tags and text. An action that changed
 * the library records an entry once the change is saved: a label for the reader ("Recolour
 * highlight") and the two halves that take it back and do it again, each through the API. Entries run
 * one at a time, in order; an entry whose half fails is dropped (with the reason), never half-applied
 * twice, and the other entries stay.
 */
import { ObservableStore } from '../../ui/observable-store';

/** One step the reader can take back. */
export interface UndoEntry {
  /** What the step did, as a menu or notice names it: "Delete highlight", "Merge tags". */
  readonly label: string;
  /** Takes the step back. Rejects when it could not (nothing changed, or the change was refused). */
  undo(): Promise<void>;
  /** Does the step again after an undo. */
  redo(): Promise<void>;
}

/** What views read of the stack. */
export interface UndoSnapshot {
  /** The label of the step Undo would take back, or null when there is none. */
  readonly undoLabel: string | null;
  /** The label of the step Redo would do again, or null when there is none. */
  readonly redoLabel: string | null;
  /** Whether an undo or redo is running. */
  readonly busy: boolean;
}

/** What an undo or redo came to. */
export type UndoOutcome =
  | { readonly status: 'done'; readonly label: string }
  | { readonly status: 'empty' }
  | { readonly status: 'failed'; readonly label: string; readonly error: unknown };

/** How many steps are kept. */
export const UNDO_LIMIT = 500;

/** The undo and redo stacks of one window. */
export class UndoStack extends ObservableStore<UndoSnapshot> {
  private readonly done: UndoEntry[] = [];
  private readonly undone: UndoEntry[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;

  constructor(private readonly limit = UNDO_LIMIT) {
    super({ undoLabel: null, redoLabel: null, busy: false });
  }

  /** Records a step that has just been done; it clears what could be redone. */
  record(entry: UndoEntry): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone.length = 0;
    this.publish();
  }

  /** Takes back the last step (after any undo or redo already running). */
  undo(): Promise<UndoOutcome> {
    return this.run(this.done, this.undone, 'undo');
  }

  /** Does again the last step taken back. */
  redo(): Promise<UndoOutcome> {
    return this.run(this.undone, this.done, 'redo');
  }

  /** Forgets every step, e.g. when the document they were about is deleted. */
  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
    this.publish();
  }

  private run(from: UndoEntry[], to: UndoEntry[], half: 'undo' | 'redo'): Promise<UndoOutcome> {
    const next = this.queue.then(async (): Promise<UndoOutcome> => {
      const entry = from.pop();
      if (entry === undefined) return { status: 'empty' };
      this.running += 1;
      this.publish();
      try {
        await entry[half]();
        to.push(entry);
        return { status: 'done', label: entry.label };
      } catch (error) {
        return { status: 'failed', label: entry.label, error };
      } finally {
        this.running -= 1;
        this.publish();
      }
    });
    this.queue = next;
    return next;
  }

  private publish(): void {
    this.set({
      undoLabel: this.done.at(-1)?.label ?? null,
      redoLabel: this.undone.at(-1)?.label ?? null,
      busy: this.running > 0,
    });
  }
}
