/**
 * What core tells the reader about the library (a conversion, conflict copies of a sync engine folded
 * in, a kept document, a tag deletion or merge a crash interrupted and opening finished, damage), shown as notices: those gathered since the library opened, once at
 * startup, then each as it arises.
 */
import type { ScholiaApi, Unsubscribe } from '../../../../shared/api';
import type { LibraryNotice } from '../../../../shared/sync';
import type { Notice, NoticeStore } from '../../app/notices/notice-store';

/** How a library notice is shown: damage stays until dismissed, the rest fades like any information. */
export function noticeKindOf(notice: LibraryNotice): Notice['kind'] {
  return notice.kind === 'damaged' ? 'error' : 'info';
}

/**
 * Shows the notices core kept since the library opened and every `library-notice` from now on; one of
 * damage offers the library check, where its backup can be restored.
 * Returns a function that stops listening. The notices gathered since opening are shown even when it was
 * called before they arrived: core hands each out once, so a second start (React's strict mode) gets none.
 */
export function showLibraryNotices(
  api: Pick<ScholiaApi, 'takeLibraryNotices' | 'on'>,
  notices: NoticeStore,
  /** Opens the library check, offered on a notice of damage ("Restore…"). */
  openCheck?: () => void,
): Unsubscribe {
  const show = (notice: LibraryNotice): void => {
    notices.show(
      noticeKindOf(notice),
      notice.message,
      notice.kind === 'damaged' && openCheck !== undefined ? { label: 'Restore…', run: openCheck } : undefined,
    );
  };
  const stop = api.on('library-notice', show);
  api.takeLibraryNotices({}).then(
    (pending) => pending.forEach(show),
    // Nothing to tell is better than a second message about failing to tell it.
    () => undefined,
  );
  return stop;
}
