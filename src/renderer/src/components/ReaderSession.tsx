/** An opened document: the header with its title and tools, the orphan list, and the text itself. */
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { displayTitle, type CslName } from '../../../shared/model';
import { deleteHighlightAction } from '../actions/delete-highlight';
import { highlightSelectionAction } from '../actions/highlight-selection';
import type { ReaderContext } from '../actions/reader-context';
import {
  backToLibraryAction,
  clearSelectionAction,
  nextHighlightAction,
  previousHighlightAction,
} from '../actions/reader-navigation';
import { selectedHighlightId } from '../editor/highlight-queries';
import { useActions } from '../hooks/use-actions';
import { useEditorView } from '../hooks/use-editor-view';
import { useHighlightSync } from '../hooks/use-highlight-sync';
import { usePaintedMark } from '../hooks/use-painted-mark';
import type { ReaderDocument } from '../hooks/use-reader-document';
import { useServices } from '../hooks/use-services';
import { useStore } from '../hooks/use-store';
import { useTextLoader } from '../hooks/use-text-loader';
import { useTextSelection } from '../hooks/use-text-selection';
import type { AnnotationStore } from '../state/annotation-store';
import { ActionButton } from './ActionButton';
import { FloatingHighlightButton } from './FloatingHighlightButton';
import { OrphanList } from './OrphanList';

/** Props of {@link ReaderSession}. */
export interface ReaderSessionProps {
  readonly document: ReaderDocument;
  readonly annotations: AnnotationStore;
  readonly onBack: () => void;
}

const numberFormat = new Intl.NumberFormat();

function byline(authors: readonly CslName[] | undefined): string | null {
  const names = (authors ?? [])
    .map((a) => a.literal ?? [a.given, a.family].filter(Boolean).join(' '))
    .filter((name) => name !== '');
  return names.length === 0 ? null : names.join(', ');
}

/** Renders the open document. */
export function ReaderSession({ document, annotations, onBack }: ReaderSessionProps): ReactNode {
  const { notices, actions } = useServices();
  const { meta, projection } = document;
  const title = displayTitle(meta);
  const attributes = useMemo(
    () => ({
      class: 'reader-text',
      'data-testid': 'reader-text',
      'aria-label': `Text of “${title}”`,
      tabindex: '0',
    }),
    [title],
  );
  const { host, view, state } = useEditorView(document.initialState, attributes);
  const showError = useCallback(
    (message: string) => {
      notices.show('error', message);
    },
    [notices],
  );
  const loading = !useTextLoader(view, document.text, showError).complete;

  const context = useMemo<ReaderContext>(
    () => ({ view: () => view, projection, annotations, notices }),
    [view, projection, annotations, notices],
  );
  const highlight = useMemo(() => highlightSelectionAction(context), [context]);
  const deleteHighlight = useMemo(() => deleteHighlightAction(context), [context]);
  // Later entries win a shared key: Escape clears a selection before it goes back to the library.
  const readerActions = useMemo(
    () => [
      backToLibraryAction(onBack),
      clearSelectionAction(context),
      highlight,
      deleteHighlight,
      nextHighlightAction(context),
      previousHighlightAction(context),
    ],
    [context, highlight, deleteHighlight, onBack],
  );
  useActions(actions, readerActions);

  const orphans = useHighlightSync(view, annotations, document);
  usePaintedMark(view);
  const selection = useTextSelection(view);
  const count = useStore(annotations).annotations.length;
  const selectedId = state === null ? null : selectedHighlightId(state);

  useEffect(() => {
    // Arrow keys and Page Down scroll the text from the moment it opens.
    view?.dom.focus({ preventScroll: true });
  }, [view]);

  const by = byline(meta.csl.author);
  return (
    <div className="reader-view">
      <header className="reader-header">
        <button
          type="button"
          className="button button-quiet back-button"
          data-testid="back-button"
          onClick={onBack}
          title="Back to library (Escape)"
        >
          <span aria-hidden="true">←</span> Library
        </button>
        <div className="reader-heading">
          <h1 className="reader-title" data-testid="reader-title">
            {title}
          </h1>
          <p className="reader-byline">
            {by === null ? null : <span>{by} · </span>}
            <span>{numberFormat.format(meta.wordCount)} words</span>
          </p>
        </div>
        <div className="reader-toolbar" role="toolbar" aria-label="Highlights">
          <span className="highlight-count" role="status">
            {count === 1 ? '1 highlight' : `${numberFormat.format(count)} highlights`}
          </span>
          {selectedId === null ? null : (
            <ActionButton action={deleteHighlight} variant="danger" testId="delete-highlight-button" />
          )}
          <ActionButton action={highlight} variant="primary" testId="highlight-button" keepSelection />
        </div>
      </header>
      <OrphanList orphans={orphans} annotations={annotations} notices={notices} />
      <main className="reader-main">
        {/* Assistive technology waits for the rest of the text rather than announce each part. */}
        <article className="reader-column" ref={host} lang={meta.csl.language} aria-busy={loading} />
      </main>
      {selection === null ? null : <FloatingHighlightButton place={selection} action={highlight} />}
    </div>
  );
}
