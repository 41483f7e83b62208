/** The notices at the bottom of the window: errors stay until dismissed, information fades. */
import type { ReactNode } from 'react';
import { useStore } from '../../ui/use-store';
import type { NoticeStore } from './notice-store';

/** Renders the current notices of `notices` (the app's one notice store). */
export function Notices({ notices }: { readonly notices: NoticeStore }): ReactNode {
  const list = useStore(notices);
  return (
    <div className="notices" aria-live="polite">
      {list.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <p>{notice.message}</p>
          {notice.action === undefined ? null : (
            <button
              type="button"
              className="button notice-action"
              data-testid="notice-action"
              onClick={() => {
                notices.dismiss(notice.id);
                notice.action?.run();
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button
            type="button"
            className="notice-close"
            aria-label="Dismiss"
            onClick={() => notices.dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
