/**
 * A user action: one thing the reader can do, with its name, its label, the keys that do it and the
 * code that does it. Buttons and the keyboard both go through the same object.
 */

/** A key and the modifiers that must accompany it. */
export interface Shortcut {
  /** `KeyboardEvent.key`, compared without regard to case: `'h'`, `'Delete'`, `'Escape'`. */
  readonly key: string;
  /** Ctrl (or ⌘ on a Mac) must be held. Without it, Ctrl, ⌘ and Alt must all be up. */
  readonly mod?: boolean;
  /**
   * Shift must be held (true) or must be up (false). Left out, Shift does not matter, which suits keys
   * like `?` that need Shift on some keyboards and not on others.
   */
  readonly shift?: boolean;
  /** Alt (⌥ on a Mac) must be held. Left out, it must be up. */
  readonly alt?: boolean;
}

/** One registered action. */
export interface Action {
  /** A stable identifier, e.g. `highlight-selection`. */
  readonly name: string;
  /** What a button or menu calls it. */
  readonly label: string;
  /** The keys that perform it when focus is not in a text field. */
  readonly shortcuts: readonly Shortcut[];
  /** Whether it applies now; a key for an action that does not apply is left to the browser. */
  isEnabled(): boolean;
  /** Does it. Errors are the action's to report (as a notice); it never throws. */
  perform(): void;
}
