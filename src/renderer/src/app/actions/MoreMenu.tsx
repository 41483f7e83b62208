/**
 * The "More" button of a toolbar and its menu: the less frequent actions, each with its key. It
 * follows the menu-button pattern: Enter, Space or Arrow Down opens it on the first item (Arrow Up on
 * the last), arrows, Home and End move between items, Enter or Space performs one, Escape closes the
 * menu and gives the keyboard back to the button, Tab closes it, and a click elsewhere closes it.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Action } from './action';
import { ariaShortcut, displayShortcut } from './shortcut';

/** Props of {@link MoreMenu}. */
export interface MoreMenuProps {
  /** The menu's items in order; an action that does not apply now is shown disabled. */
  readonly actions: readonly Action[];
  /** The button's accessible name and tooltip. */
  readonly label?: string;
  readonly testId?: string;
}

/** The test id of the menu item for `action`. */
export function menuItemTestId(action: Action): string {
  return `menu-item-${action.name}`;
}

/** Renders the button and, while open, its menu. */
export function MoreMenu({
  actions,
  label = 'More actions',
  testId = 'more-menu-button',
}: MoreMenuProps): ReactNode {
  const id = useId();
  const [open, setOpen] = useState(false);
  // Which item gets the keyboard when the menu opens: the first, or the last (Arrow Up).
  const [start, setStart] = useState<'first' | 'last'>('first');
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  const items = (): HTMLElement[] =>
    Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (start === 'first' ? list[0] : list[list.length - 1])?.focus();
    const close = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open, start]);

  const openAt = (where: 'first' | 'last'): void => {
    setStart(where);
    setOpen(true);
  };

  const closeToButton = (): void => {
    setOpen(false);
    button.current?.focus();
  };

  const perform = (action: Action): void => {
    if (!action.isEnabled()) return;
    setOpen(false);
    action.perform();
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    // Keys in the menu stay in it: the reader's single-key shortcuts do not fire behind it.
    if (event.key !== 'Tab') event.stopPropagation();
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (index: number): void => {
      event.preventDefault();
      list[(index + list.length) % list.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at < 0 ? list.length - 1 : at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(list.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        closeToButton();
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  };

  return (
    <div className="more-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="button button-quiet more-menu-button"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={label}
        title={label}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => (open ? setOpen(false) : openAt('first'))}
        onKeyDown={onButtonKeyDown}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open ? (
        <ul
          ref={menu}
          id={`${id}-menu`}
          className="more-menu-list"
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
        >
          {actions.map((action) => {
            const enabled = action.isEnabled();
            const first = action.shortcuts[0];
            return (
              <li
                key={action.name}
                role="menuitem"
                tabIndex={-1}
                className="more-menu-item"
                data-testid={menuItemTestId(action)}
                aria-disabled={enabled ? undefined : true}
                aria-keyshortcuts={
                  action.shortcuts.length > 0 ? action.shortcuts.map(ariaShortcut).join(' ') : undefined
                }
                // Keeps the reader's text selection, which an action may act on (Change extent).
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => perform(action)}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' && event.key !== ' ') return;
                  event.preventDefault();
                  event.stopPropagation();
                  perform(action);
                }}
              >
                <span>{action.label}</span>
                {first === undefined ? null : (
                  <kbd className="more-menu-key" aria-hidden="true">
                    {displayShortcut(first)}
                  </kbd>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
