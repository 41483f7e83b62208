/** An opened document: the header with its title and tools, the orphan list, and the text itself. */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authorLine } from '../../../../shared/authors';
import { displayTitle, textRevisionOf } from '../../../../shared/model';
import { toggleCaretAction } from './caret-browsing';
import { deleteHighlightAction } from './delete-highlight';
import { editDetailsAction } from './edit-details';
import { highlightSelectionAction } from './highlight-selection';
import type { ReaderContext } from './reader-context';
import {
  backToLibraryAction,
  clearSelectionAction,
  nextHighlightAction,
  previousHighlightAction,
} from './reader-navigation';
import { selectedHighlightId } from './editor/highlight-queries';
import { highlightState } from './editor/highlight-state';
import { useActions } from '../../app/actions/use-actions';
import { useEditorView } from '../../ui/use-editor-view';
import { useCloseReading } from './use-close-reading';
import { useHighlightSync } from './use-highlight-sync';
import { useMediaQuery } from '../../ui/use-media-query';
import { usePaintedMark } from './use-painted-mark';
import type { ReaderDocument } from './use-reader-document';
import { useServices } from '../../app/services/use-services';
import { useLibrary } from '../library';
import { useStore } from '../../ui/use-store';
import { useTextLoader } from './use-text-loader';
import { useHeldWhile } from '../../ui/use-held-while';
import { usePointNotes } from './use-point-notes';
import { useTextEditing } from './use-text-editing';
import { useTextSelection } from './use-text-selection';
import { usePages } from './use-pages';
import { useCopyCitation } from './use-copy-citation';
import { useRevealTarget } from './use-reveal-target';
import { useReadingPlace } from './use-reading-place';
import type { TextSpan } from '../../../../shared/find';
import type { AnnotationStore } from './annotation-store';
import { BackToLibraryButton } from './BackToLibraryButton';
import { ActionButton } from '../../app/actions/ActionButton';
import { DocumentNote } from './DocumentNote';
import { MetadataDialog } from '../metadata';
import { MoreMenu } from '../../app/actions/MoreMenu';
import { ReadingAppearance } from './ReadingAppearance';
import { FloatingHighlightButton } from './FloatingHighlightButton';
import { Margin } from './margin/Margin';
import { OverviewRuler } from './margin/OverviewRuler';
import { EditBar, EditToggle } from './EditBar';
import { FindBar } from './find-in-text/FindBar';
import { findInTextAction } from './find-in-text/find-in-text';
import { OrphanList } from './OrphanList';
import { SelectionAnnouncer } from './SelectionAnnouncer';
import { TextConflictBanner } from '../sync';
import type { PassageRef } from '../../../../shared/links';
import { errorMessage } from '../../ui/error-message';
import { LinkDialog } from './links/LinkDialog';
import { linkPassageAction } from './link-passage';
import { LinkStore, linksByPassage, type PassageLinkItem } from './links/link-store';

/** Props of {@link ReaderSession}. */
export interface ReaderSessionProps {
  readonly document: ReaderDocument;
  readonly annotations: AnnotationStore;
  readonly onBack: () => void;
  /** Opens the document afresh from the library (after its text changed), dropping what is on screen. */
  readonly onReload?: () => void;
  /** A span of the text to select and show once it is loaded (a search result's place). */
  readonly target?: TextSpan | null;
  /** Where Back goes: the title of the text a link was followed from, or null for the library. */
  readonly backTo?: string | null;
  /** Follows a link to passage `to`; `from` is the span of the passage it was followed from. */
  readonly onFollow?: (to: PassageRef, from: TextSpan | null) => void;
}

const numberFormat = new Intl.NumberFormat();

/** Renders the open document. */
export function ReaderSession({
  document,
  annotations,
  onBack,
  onReload,
  target = null,
  backTo = null,
  onFollow,
}: ReaderSessionProps): ReactNode {
  const { notices, actions, undo, api, openCodebook, find } = useServices();
  const { library } = useLibrary();
  const { projection } = document;
  // The library's listing is the newest word on the details (after the metadata editor saves them).
  const listedMeta = useStore(library).documents.find((d) => d.id === document.meta.id);
  const meta = listedMeta ?? document.meta;
  const title = displayTitle(meta);
  const [describing, setDescribing] = useState(false);
  const editDetails = useMemo(() => editDetailsAction(() => setDescribing(true)), []);
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
  const textLoad = useTextLoader(view, document.text, showError);
  useRevealTarget(view, projection, target, textLoad.whenComplete);
  useReadingPlace(view, projection, document.meta.id, textLoad.whenComplete, target !== null);
  const loading = !textLoad.complete;
  const refreshLibrary = useCallback(() => void library.refresh(), [library]);
  const editing = useTextEditing({
    view,
    meta: document.meta,
    annotations,
    whenComplete: textLoad.whenComplete,
    api,
    undo,
    notices,
    onSaved: refreshLibrary,
  });
  const inEditMode = editing.phase === 'editing' || editing.phase === 'saving';
  usePointNotes(view, annotations, projection, textLoad.whenComplete, inEditMode);

  const context = useMemo<ReaderContext>(
    // While the text is being edited its projection is out of date: actions on passages wait for Done.
    () => ({ view: () => (view?.editable === true ? null : view), projection, annotations, notices, undo }),
    [view, projection, annotations, notices, undo],
  );
  // While the text is being edited, the margin and ruler stay as they were (they follow it after Done).
  const marginState = useHeldWhile(state, inEditMode);
  const closeReading = useCloseReading({
    reader: context,
    view,
    state: marginState,
    undo,
    whenComplete: textLoad.whenComplete,
  });
  const { margin } = closeReading;
  const pages = usePages({
    view,
    documentId: document.meta.id,
    revision: textRevisionOf(document.meta),
    projection,
    pageOffset: meta.pageOffset,
    annotations,
    editing: editing.phase !== 'reading',
    loaded: textLoad.complete,
    whenComplete: textLoad.whenComplete,
    api,
    undo,
    notices,
    onSaved: refreshLibrary,
  });
  const copyCitation = useCopyCitation(api, notices, annotations, meta.id, closeReading.context);
  const [links] = useState(() => new LinkStore(api, undo, document.meta.id));
  useEffect(() => links.watch(), [links]);
  const linkSnapshot = useStore(links);
  const linkMap = useMemo(() => linksByPassage(linkSnapshot), [linkSnapshot]);
  const [linking, setLinking] = useState<string | null>(null);
  const [lastRelationId, setLastRelationId] = useState<string | null>(null);
  const linkAction = useMemo(
    () => linkPassageAction(closeReading.context, setLinking),
    [closeReading.context],
  );
  const cardHandlers = useMemo(
    () => ({
      ...closeReading.handlers,
      copyCitation: copyCitation.copy,
      startLink: setLinking,
      followLink: (item: PassageLinkItem) => {
        const here = item.direction === 'outgoing' ? item.view.link.from : item.view.link.to;
        const passage = annotations.get(here.annotationId);
        const from =
          passage === null || passage.orphanedAt !== undefined
            ? null
            : { start: passage.selectors[1].start, end: passage.selectors[1].end };
        onFollow?.(item.other, from);
      },
      removeLink: (linkId: string) => {
        links.unlink(linkId).catch((thrown: unknown) => {
          notices.show('error', errorMessage(thrown, 'The link could not be removed. Try again.'));
        });
      },
    }),
    [closeReading.handlers, copyCitation, annotations, onFollow, links, notices],
  );
  const highlight = useMemo(
    () => highlightSelectionAction(context, () => margin.getSnapshot().lastColor),
    [context, margin],
  );
  const deleteHighlight = useMemo(() => deleteHighlightAction(context), [context]);
  const toggleCaret = useMemo(() => toggleCaretAction(context), [context]);
  const [finding, setFinding] = useState(0);
  const findInText = useMemo(
    () =>
      findInTextAction(
        () => setFinding((n) => n + 1),
        () => view !== null && !inEditMode,
      ),
    [view, inEditMode],
  );
  // Later entries win a shared key: Escape clears a selection before it goes back to the library.
  const readerActions = useMemo(
    () => [
      backToLibraryAction(onBack, backTo),
      clearSelectionAction(context),
      highlight,
      deleteHighlight,
      nextHighlightAction(context),
      previousHighlightAction(context),
      toggleCaret,
      editing.action,
      editDetails,
      findInText,
      ...closeReading.actions,
      ...pages.actions,
      copyCitation.action,
      linkAction,
    ],
    [
      backTo,
      linkAction,
      context,
      highlight,
      deleteHighlight,
      toggleCaret,
      onBack,
      editing.action,
      editDetails,
      findInText,
      closeReading.actions,
      pages.actions,
      copyCitation.action,
    ],
  );
  useActions(actions, readerActions);

  const orphans = useHighlightSync(view, annotations, document);
  const moved = useMemo(
    () => highlightState(document.initialState).highlights.filter((h) => h.moved === true).length,
    [document],
  );
  usePaintedMark(view);
  const selection = useTextSelection(view);
  const extendAction = closeReading.actions.find((a) => a.name === 'extend-highlight');
  const noteAction = closeReading.actions.find((a) => a.name === 'add-note');
  const annotationList = useStore(annotations).annotations;
  const count = annotationList.length;
  // Cards sit beside their passages where the window leaves room for a column of them.
  const canAlign = useMediaQuery('(min-width: 78rem)');
  const drawer = !useMediaQuery('(min-width: 60rem)');
  const selectedId = state === null ? null : selectedHighlightId(state);

  useEffect(() => {
    // Arrow keys and Page Down scroll the text from the moment it opens.
    view?.dom.focus({ preventScroll: true });
  }, [view]);

  const linkingAnnotation = linking === null ? null : annotations.get(linking);
  const linkingSource =
    linkingAnnotation === null
      ? null
      : {
          documentId: meta.id,
          annotationId: linkingAnnotation.id,
          quote: linkingAnnotation.selectors[0].exact,
          title,
        };
  const nearbyPassages = useMemo(
    () =>
      annotationList.map((annotation) => ({
        documentId: meta.id,
        annotationId: annotation.id,
        quote: annotation.selectors[0].exact,
        title,
      })),
    [annotationList, meta.id, title],
  );
  const by = authorLine(meta.csl.author);
  // The toolbar's less frequent actions, in its "More" menu: adding one is adding it here.
  const moreActions = [
    ...(extendAction === undefined ? [] : [extendAction]),
    findInText,
    toggleCaret,
    find.openFind,
    openCodebook,
    editDetails,
    ...pages.menu,
  ];
  return (
    <div className="reader-view">
      <header className="reader-header">
        <BackToLibraryButton onBack={onBack} backTo={backTo} />
        <div className="reader-heading">
          <h1 className="reader-title" data-testid="reader-title" title={title}>
            {title}
          </h1>
          <p className="reader-byline">
            {by === null ? null : <span>{by} · </span>}
            <span>{numberFormat.format(meta.wordCount)} words · </span>
            <span className="highlight-count" role="status">
              {count === 1 ? '1 highlight' : `${numberFormat.format(count)} highlights`}
            </span>
          </p>
        </div>
        <div className="reader-toolbar" role="toolbar" aria-label="Highlights">
          {/* Beside the text, the open card has its own Delete; the drawer may be closed. */}
          {selectedId === null || !drawer ? null : (
            <ActionButton action={deleteHighlight} variant="danger" testId="delete-highlight-button" />
          )}
          {drawer ? (
            <button
              type="button"
              className="button button-quiet margin-toggle"
              data-testid="margin-toggle"
              aria-expanded={closeReading.snapshot.drawerOpen}
              title="Show or hide the annotations (M)"
              onClick={() => margin.setDrawerOpen(!closeReading.snapshot.drawerOpen)}
            >
              Notes
            </button>
          ) : null}
          {noteAction === undefined ? null : (
            <ActionButton action={noteAction} testId="add-note-button" keepSelection />
          )}
          <ActionButton action={highlight} variant="primary" testId="highlight-button" keepSelection />
          <EditToggle action={editing.action} phase={editing.phase} />
          <ReadingAppearance />
          <MoreMenu actions={moreActions} />
        </div>
      </header>
      {inEditMode ? null : (
        <TextConflictBanner
          documentId={meta.id}
          onResolved={() => {
            refreshLibrary();
            onReload?.();
          }}
        />
      )}
      <DocumentNote meta={meta} />
      {inEditMode ? (
        <EditBar
          phase={editing.phase}
          problem={editing.problem}
          onReload={
            onReload === undefined
              ? undefined
              : () => {
                  editing.discard();
                  onReload();
                }
          }
        />
      ) : null}
      <OrphanList
        orphans={orphans}
        annotations={annotations}
        notices={notices}
        view={inEditMode ? null : view}
        projection={projection}
        undo={undo}
        moved={moved}
      />
      <main
        className={`reader-main reader-with-margin margin-${canAlign ? closeReading.snapshot.layout : 'list'}${
          drawer ? ` margin-drawer${closeReading.snapshot.drawerOpen ? ' margin-drawer-open' : ''}` : ''
        }`}
      >
        {/* Assistive technology waits for the rest of the text rather than announce each part. */}
        <article
          className={`reader-column${inEditMode ? ' reader-editing' : ''}${projection.pages.length > 0 ? ' reader-paged' : ''}`}
          ref={host}
          lang={meta.csl.language}
          aria-busy={loading}
        />
        {inEditMode ? (
          // The margin's place stays empty while the text is edited, so the text does not move sideways.
          <div className="margin margin-resting" aria-hidden="true" />
        ) : (
          <Margin
            view={view}
            annotations={annotationList}
            places={closeReading.places}
            margin={margin}
            snapshot={closeReading.snapshot}
            canAlign={canAlign}
            handlers={cardHandlers}
            links={linkMap}
            relations={linkSnapshot.relations}
          />
        )}
      </main>
      <SelectionAnnouncer state={marginState} />
      <OverviewRuler
        annotations={annotationList}
        textLength={projection.text.length}
        onGo={closeReading.go}
      />
      {selection === null || inEditMode ? null : (
        <FloatingHighlightButton place={selection} action={highlight} />
      )}
      {finding > 0 && view !== null && !inEditMode ? (
        <FindBar
          key={finding}
          view={view}
          projection={projection}
          whenComplete={textLoad.whenComplete}
          onClose={() => setFinding(0)}
        />
      ) : null}
      {pages.dialog}
      {linkingSource === null ? null : (
        <LinkDialog
          source={linkingSource}
          nearby={nearbyPassages}
          relations={linkSnapshot.relations}
          lastRelationId={lastRelationId}
          api={api}
          onLink={async (to, relationId, comment) => {
            setLastRelationId(relationId);
            await links.link(
              { documentId: linkingSource.documentId, annotationId: linkingSource.annotationId },
              to,
              relationId,
              comment === '' ? undefined : comment,
            );
          }}
          onClose={() => setLinking(null)}
        />
      )}
      {describing ? (
        <MetadataDialog
          document={meta}
          hasPages={projection.pages.length > 0}
          onClose={() => setDescribing(false)}
        />
      ) : null}
    </div>
  );
}
