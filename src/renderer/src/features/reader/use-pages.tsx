/**
 * The pages of the open text: their names drawn beside the text (the page labels plugin, added to the
 * view once and told of every change of the page offset), the page actions, and their dialogs. A
 * change of the page markers is saved like an edit of the text, after which the reader shows the
 * saved text afresh (`onSaved`), as after Clean text.
 */
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ScholiaError } from '../../../../shared/errors';
import { pageName } from '../../../../shared/pages';
import type { Projection } from '../../../../shared/projection';
import type { Action } from '../../app/actions/action';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { UndoStack } from '../../app/undo/undo-stack';
import { errorMessage } from '../../ui/error-message';
import type { AnnotationStore } from './annotation-store';
import { setPageOffset, withPageLabels } from './editor/page-labels';
import { pageNameProblem, removePageStart, setPageStart } from './editor/page-marks';
import { pagePlaces, pageStartingAt } from './editor/page-places';
import {
  findPage,
  goToPageAction,
  missingPage,
  pageRequestAt,
  pagesOf,
  pageStartsHereAction,
  removePageMarkerAction,
  savePageMarks,
  showPage,
  type PageRequest,
  type PagesContext,
} from './page-markers';
import { PageNameDialog } from './PageNameDialog';
import type { TextEditApi } from './text-edits';

/** What the reader session gets. */
export interface Pages {
  /** Page starts here (P), Remove page marker, Go to page. */
  readonly actions: readonly Action[];
  /** Those of them worth a place in the toolbar's More menu: all, for a text with pages. */
  readonly menu: readonly Action[];
  /** The dialog open now, if any. */
  readonly dialog: ReactNode;
}

/** What the pages work with. */
export interface PagesOptions {
  readonly view: EditorView | null;
  readonly documentId: string;
  /** The text revision shown. */
  readonly revision: number;
  /** The projection of the text shown, whose pages are drawn. */
  readonly projection: Projection;
  /** The document's page offset now (it may change while the text is open). */
  readonly pageOffset: number | undefined;
  readonly annotations: AnnotationStore;
  /** Whether the text is being edited, or an edit saved (Clean text). */
  readonly editing: boolean;
  /** Whether the whole text is in the view. */
  readonly loaded: boolean;
  readonly whenComplete: Promise<undefined> | null;
  readonly api: TextEditApi;
  readonly undo: UndoStack;
  readonly notices: NoticeStore;
  /** Called once a change of the pages is saved. */
  readonly onSaved: () => void;
}

type OpenDialog = { readonly kind: 'name'; readonly request: PageRequest } | { readonly kind: 'go' } | null;

/** The pages of the open text. */
export function usePages(options: PagesOptions): Pages {
  const { view, projection, pageOffset, notices } = options;
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const [dialog, setDialog] = useState<OpenDialog>(null);

  useEffect(() => {
    if (view === null || projection.pages.length === 0) return;
    withPageLabels(view, pagePlaces(projection), latest.current.pageOffset, {
      onOpen(pos) {
        const request = pageRequestAt(view.state, pos, latest.current.pageOffset);
        if (request !== null) setDialog({ kind: 'name', request });
      },
    });
  }, [view, projection]);

  useEffect(() => {
    if (view !== null && !view.isDestroyed) setPageOffset(pageOffset)(view.state, view.dispatch);
  }, [view, pageOffset]);

  // Saving a change of the markers, for the actions and the dialogs alike; made afresh when what
  // they depend on changes (the view, the offset, editing and loading), which is seldom.
  const { documentId, revision, annotations, editing, loaded, whenComplete, api, undo, onSaved } = options;
  const pages = useMemo(() => {
    const blocked = (): string | null => {
      if (editing)
        return 'Page markers are set on the saved text: finish cleaning the text first (Done, Ctrl+E).';
      if (!loaded) return 'The text is still loading. Set the page marker once all of it is shown.';
      return null;
    };
    /** Saves `command`'s change of the marks, then says `done`; rejects with words for the reader. */
    const save = async (command: Command, done: string): Promise<void> => {
      const refused = blocked();
      if (view === null || refused !== null)
        throw new ScholiaError('invalid-input', refused ?? 'The text is not open.');
      if (!command(view.state))
        throw new ScholiaError('invalid-input', 'No page can start here: no text follows this place.');
      await savePageMarks({ view, documentId, baseRevision: revision, annotations, api, undo }, command);
      notices.show('info', `${done} Undo (Ctrl+Z) takes it back.`);
      onSaved();
    };
    const nameAt = (pos: number): string => {
      const page = view === null ? null : pageStartingAt(pagesOf(view.state), pos);
      const name = page === null ? null : pageName(page, pageOffset);
      return name === null ? 'the page marker' : `the marker of page ${name}`;
    };
    const remove = (pos: number): Promise<void> => save(removePageStart(pos), `Removed ${nameAt(pos)}.`);
    const context: PagesContext = {
      view: () => view,
      notices,
      blocked,
      pageOffset: () => pageOffset,
      ask: (request) => setDialog({ kind: 'name', request }),
      askPage: () => setDialog({ kind: 'go' }),
      remove(pos) {
        remove(pos).catch((thrown: unknown) => {
          notices.show('error', errorMessage(thrown, 'The page marker could not be removed.'));
        });
      },
    };
    return {
      actions: [pageStartsHereAction(context), removePageMarkerAction(context), goToPageAction(context)],
      remove,
      name: (pos: number, name: string) => save(setPageStart(pos, name), `Page ${name} starts here now.`),
    };
  }, [view, pageOffset, editing, loaded, notices, documentId, revision, annotations, api, undo, onSaved]);

  const close = (): void => setDialog(null);
  let shown: ReactNode = null;
  if (dialog?.kind === 'name') {
    const { request } = dialog;
    const existing = request.existing === null ? null : pageName(request.existing, pageOffset);
    shown = (
      <PageNameDialog
        title={existing === null ? 'Page starts here' : `Page ${existing}`}
        description={
          existing === null
            ? 'A page of the original starts at the caret. Its name is how quotes from it are cited.'
            : 'This page of the original starts here. Rename it, or remove its marker.'
        }
        label="Page name, as printed"
        initial={request.suggested}
        confirmLabel={existing === null ? 'Set page' : 'Rename page'}
        validate={pageNameProblem}
        onConfirm={(name) => pages.name(request.pos, name)}
        onRemove={request.existing === null ? undefined : () => pages.remove(request.pos)}
        onClose={close}
        testId="page-name-dialog"
      />
    );
  } else if (dialog?.kind === 'go' && view !== null) {
    const list = pagesOf(view.state);
    shown = (
      <PageNameDialog
        title="Go to page"
        description="The page’s name as the margin shows it."
        label="Page"
        initial=""
        confirmLabel="Go"
        validate={(name) =>
          name.trim() === ''
            ? 'Type the name of a page, such as 45.'
            : findPage(list, name, pageOffset) === null
              ? missingPage(list, name, pageOffset)
              : null
        }
        onConfirm={(name) => {
          const page = findPage(list, name, pageOffset);
          if (page !== null) showPage(view, page.pos, whenComplete);
          return Promise.resolve();
        }}
        onClose={close}
        testId="go-to-page-dialog"
      />
    );
  }
  const { actions } = pages;
  // A text without pages has no marker to remove and no page to go to.
  const menu = projection.pages.length > 0 ? actions : actions.slice(0, 1);
  return { actions, menu, dialog: shown };
}
