/** A button that performs a registered action, with its label, its key and its enabled state. */
import type { ReactNode } from 'react';
import type { Action } from './action';
import { ariaShortcut } from './shortcut';

/** Props of {@link ActionButton}. */
export interface ActionButtonProps {
  readonly action: Action;
  readonly testId?: string;
  readonly variant?: 'primary' | 'quiet' | 'danger';
  /**
   * Shown instead of the action's label. Text shown is the button's name, as a reader sees it (and
   * says it to voice control); anything else (an icon) is named by the action's label, unless
   * `ariaLabel` says otherwise.
   */
  readonly children?: ReactNode;
  readonly ariaLabel?: string;
  /** Keeps the reader's text selection when the button is pressed with the mouse. */
  readonly keepSelection?: boolean;
  readonly className?: string;
  /** Disables the button even while the action applies. */
  readonly disabled?: boolean;
}

/** Renders a button for `action`; disabled while the action does not apply. */
export function ActionButton(props: ActionButtonProps): ReactNode {
  const {
    action,
    testId,
    variant = 'quiet',
    children,
    ariaLabel,
    keepSelection = false,
    className,
    disabled = false,
  } = props;
  const keys = action.shortcuts.map(ariaShortcut);
  const hint = keys.length > 0 ? `${action.label} (${keys.join(' or ')})` : action.label;
  return (
    <button
      type="button"
      className={['button', `button-${variant}`, className].filter(Boolean).join(' ')}
      data-testid={testId}
      aria-label={
        ariaLabel ?? (children === undefined || typeof children === 'string' ? undefined : action.label)
      }
      aria-keyshortcuts={keys.length > 0 ? keys.join(' ') : undefined}
      title={hint}
      disabled={disabled || !action.isEnabled()}
      onMouseDown={keepSelection ? (event) => event.preventDefault() : undefined}
      onClick={() => action.perform()}
    >
      {children ?? action.label}
    </button>
  );
}
