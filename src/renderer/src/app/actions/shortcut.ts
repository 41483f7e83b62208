/** Matching key presses to shortcuts, and telling keys meant for a text field from commands. */
import type { Shortcut } from './action';

/** The parts of a `KeyboardEvent` a shortcut depends on. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey?: boolean;
}

/**
 * Whether `press` is `shortcut`. Ctrl and ⌘ both count as the `mod` key; Shift counts only when the
 * shortcut says whether it must be held; Alt must be held exactly when the shortcut says so.
 */
export function matchesShortcut(press: KeyPress, shortcut: Shortcut): boolean {
  if (press.key.toLowerCase() !== shortcut.key.toLowerCase()) return false;
  if (press.altKey !== (shortcut.alt === true)) return false;
  if (shortcut.shift !== undefined && (press.shiftKey === true) !== shortcut.shift) return false;
  const mod = press.ctrlKey || press.metaKey;
  return shortcut.mod === true ? mod : !mod;
}

/** What is known about the element a key was typed into. */
export interface KeyTarget {
  readonly tagName?: string;
  /** An input's type: a checkbox or radio button takes no typing, so the app's keys still apply there. */
  readonly type?: string;
  readonly isContentEditable?: boolean;
  closest?(selector: string): unknown;
}

const TEXT_FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const TYPELESS_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Whether a key typed into `target` belongs to it rather than to the app: text fields (not checkboxes
 * or radio buttons, which take no typing), editable content, and anything inside a dialog (which has its own keys, and Escape to close it).
 */
export function keyBelongsToTarget(target: KeyTarget | null): boolean {
  if (target === null) return false;
  const tag = target.tagName?.toUpperCase();
  const typeless = tag === 'INPUT' && TYPELESS_INPUTS.has((target.type ?? '').toLowerCase());
  if (tag !== undefined && TEXT_FIELDS.has(tag) && !typeless) return true;
  if (target.isContentEditable === true) return true;
  return target.closest?.('dialog') != null;
}

/** How a shortcut is written for `aria-keyshortcuts`: `Control+O`, `Shift+Control+Z`, `Alt+ArrowLeft`, `H`. */
export function ariaShortcut(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  const mod = shortcut.mod === true ? `Control+${key}` : key;
  const alt = shortcut.alt === true ? `Alt+${mod}` : mod;
  return shortcut.shift === true ? `Shift+${alt}` : alt;
}

/** Whether the reader is on a Mac, where the mod key is ⌘. */
function onMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac OS X|Macintosh/.test(navigator.userAgent);
}

const KEY_NAMES: Readonly<Record<string, string>> = {
  ' ': 'Space',
  Escape: 'Esc',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
};

/** How a shortcut is shown to the reader: `Ctrl+Shift+Z` (`⇧⌘Z` on a Mac), `H`, `Delete`. */
export function displayShortcut(shortcut: Shortcut, mac: boolean = onMac()): string {
  const key =
    KEY_NAMES[shortcut.key] ?? (shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key);
  if (mac)
    return `${shortcut.alt === true ? '⌥' : ''}${shortcut.shift === true ? '⇧' : ''}${shortcut.mod === true ? '⌘' : ''}${key}`;
  const parts = [
    shortcut.mod === true ? 'Ctrl' : null,
    shortcut.alt === true ? 'Alt' : null,
    shortcut.shift === true ? 'Shift' : null,
    key,
  ];
  return parts.filter((part) => part !== null).join('+');
}
