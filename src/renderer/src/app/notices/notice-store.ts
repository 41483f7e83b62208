/**
 * Notices: short, non-blocking messages shown at the edge of the window (a failed highlight, a
 * document that could not be opened). Information fades by itself; an error stays until dismissed.
 */
import { ObservableStore } from '../../ui/observable-store';

/** One message to the reader. */
export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly message: string;
  /** What the reader can do about it from the notice, e.g. "Restore…". */
  readonly action?: NoticeAction;
}

/** A button on a notice. */
export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

/** How long an informational notice stays on screen. */
export const INFO_NOTICE_MS = 6000;

/** Holds the notices on screen, oldest first. */
export class NoticeStore extends ObservableStore<readonly Notice[]> {
  private nextId = 1;

  constructor() {
    super([]);
  }

  /** Shows `message`, with a button doing `action` if given; returns the notice's id. */
  show(kind: Notice['kind'], message: string, action?: NoticeAction): number {
    const id = this.nextId++;
    this.update((notices) => [
      ...notices.filter((n) => n.message !== message),
      { id, kind, message, ...(action === undefined ? {} : { action }) },
    ]);
    if (kind === 'info') setTimeout(() => this.dismiss(id), INFO_NOTICE_MS);
    return id;
  }

  /** Removes notice `id` (nothing happens when it is already gone). */
  dismiss(id: number): void {
    this.update((notices) =>
      notices.some((n) => n.id === id) ? notices.filter((n) => n.id !== id) : notices,
    );
  }
}
