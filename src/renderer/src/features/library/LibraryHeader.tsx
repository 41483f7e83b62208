/**
 * The library's header: the app's name and how many documents there are on one line, the secondary
 * actions as a row of buttons, and Import… as the primary action. In a narrow window the row of
 * buttons gives way to a "More" menu holding the same actions, so nothing wraps.
 */
import type { ReactNode } from 'react';
import type { Action } from '../../app/actions/action';
import { ActionButton } from '../../app/actions/ActionButton';
import { MoreMenu } from '../../app/actions/MoreMenu';

/** One secondary action of the header. */
export interface HeaderAction {
  readonly action: Action;
  readonly testId: string;
  /** The button's text, when shorter than the action's label. */
  readonly text?: string;
  /** The button's accessible name, when its text says less. */
  readonly ariaLabel?: string;
}

/** Props of {@link LibraryHeader}. */
export interface LibraryHeaderProps {
  /** What the count says ("3 documents"), or empty while the library loads. */
  readonly count: string;
  /** The secondary actions in order; adding one to the header is adding one to this list. */
  readonly actions: readonly HeaderAction[];
  /** The primary action (Import…). */
  readonly primary: HeaderAction;
}

/** Renders the header. */
export function LibraryHeader({ count, actions, primary }: LibraryHeaderProps): ReactNode {
  return (
    <header className="app-header library-header">
      <h1 className="app-name">Scholia</h1>
      <p className="app-header-count" aria-live="polite" data-testid="library-count">
        {count}
      </p>
      <div className="library-toolbar" role="toolbar" aria-label="Library">
        {actions.map(({ action, testId, text, ariaLabel }) => (
          <ActionButton key={action.name} action={action} testId={testId} ariaLabel={ariaLabel}>
            {text}
          </ActionButton>
        ))}
      </div>
      <div className="library-more">
        <MoreMenu
          actions={actions.map((entry) => entry.action)}
          label="More library actions"
          testId="library-more-button"
        />
      </div>
      <ActionButton
        action={primary.action}
        variant="primary"
        testId={primary.testId}
        ariaLabel={primary.ariaLabel}
      >
        {primary.text}
      </ActionButton>
    </header>
  );
}
