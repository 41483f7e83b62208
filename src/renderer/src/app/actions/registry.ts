/**
 * The registry of actions and the one place key presses become actions. Views register the actions
 * that make sense while they are shown; when two claim the same key, the one registered last (the
 * innermost view) wins.
 */
import type { Unsubscribe } from '../../../../shared/api';
import type { Action } from './action';
import { keyBelongsToTarget, matchesShortcut, type KeyPress, type KeyTarget } from './shortcut';

/** A key press as the registry handles it: a `KeyboardEvent` in the app, a plain object in tests. */
export interface KeyEvent extends KeyPress {
  readonly target: unknown;
  readonly defaultPrevented: boolean;
  readonly isComposing?: boolean;
  preventDefault(): void;
}

/** Holds the registered actions. */
export class ActionRegistry {
  private readonly actions: Action[] = [];

  /** Registers `actions`; returns a function that unregisters exactly these. */
  register(actions: readonly Action[]): Unsubscribe {
    this.actions.push(...actions);
    return () => {
      for (const action of actions) {
        const at = this.actions.lastIndexOf(action);
        if (at >= 0) this.actions.splice(at, 1);
      }
    };
  }

  /** The action registered last under `name`, or null. */
  get(name: string): Action | null {
    for (let i = this.actions.length - 1; i >= 0; i -= 1) {
      const action = this.actions[i];
      if (action?.name === name) return action;
    }
    return null;
  }

  /**
   * Every registered action once (the one registered last under each name), in the order they were
   * first registered: what the shortcut sheet lists, so it always shows the keys that work now.
   */
  list(): Action[] {
    const byName = new Map<string, Action>();
    for (const action of this.actions) {
      byName.delete(action.name);
      byName.set(action.name, action);
    }
    const firstSeen = new Map<string, number>();
    this.actions.forEach((action, index) => {
      if (!firstSeen.has(action.name)) firstSeen.set(action.name, index);
    });
    return [...byName.values()].sort((a, b) => (firstSeen.get(a.name) ?? 0) - (firstSeen.get(b.name) ?? 0));
  }

  /**
   * Performs the action bound to `event`'s key, if one applies, and prevents the browser's default.
   * Keys typed into text fields and dialogs, and keys already handled, are left alone. Returns
   * whether an action was performed.
   */
  handleKeydown(event: KeyEvent): boolean {
    if (event.defaultPrevented || event.isComposing === true) return false;
    if (keyBelongsToTarget(event.target as KeyTarget | null)) return false;
    for (let i = this.actions.length - 1; i >= 0; i -= 1) {
      const action = this.actions[i];
      if (action === undefined || !action.shortcuts.some((s) => matchesShortcut(event, s))) continue;
      if (!action.isEnabled()) continue;
      event.preventDefault();
      action.perform();
      return true;
    }
    return false;
  }
}
