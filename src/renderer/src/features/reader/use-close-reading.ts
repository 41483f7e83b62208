/**
 * The close-reading tools of the open text, made once per document: the margin's store, the actions
 * (colours, extent, notes, margin), the cards' handlers (each change through the API with an undo
 * entry), where each annotation is in the text, and going to an annotation.
 */
import { TAG_PATH_SEPARATOR } from '../../../../shared/codebook';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../app/actions/action';
import { isPointTarget } from '../../../../shared/model';
import { changeAnnotation } from './annotation-edits';
import { deleteAnnotation } from './delete-annotation';
import {
  addNoteAction,
  closeCardAction,
  extendHighlightAction,
  focusMarginAction,
  recolour,
  recolourActions,
  type CloseReadingContext,
} from './close-reading';
import type { ReaderContext } from './reader-context';
import type { CardHandlers } from './margin/AnnotationCard';
import { selectHighlight } from './editor/highlight-commands';
import { highlightIdsOf, selectedHighlightId } from './editor/highlight-queries';
import { highlightState } from './editor/highlight-state';
import { revealPassage } from './editor/reveal-passage';
import { MarginStore, type MarginSnapshot } from './margin/margin-store';
import { passagePlaces, type PassagePlace } from './margin/passage-places';
import { errorMessage } from '../../ui/error-message';
import type { UndoStack } from '../../app/undo/undo-stack';
import { useServices } from '../../app/services/use-services';
import { useCodebook } from '../codebook';
import { useStore } from '../../ui/use-store';

/** What the reader session gets. */
export interface CloseReading {
  readonly context: CloseReadingContext;
  readonly actions: readonly Action[];
  readonly margin: MarginStore;
  readonly snapshot: MarginSnapshot;
  readonly handlers: CardHandlers;
  readonly places: ReadonlyMap<string, PassagePlace>;
  /** Scrolls to annotation `id`, flashes it, and opens its card. */
  readonly go: (id: string) => void;
}

/** What the hook needs. */
export interface CloseReadingOptions {
  readonly reader: ReaderContext;
  readonly view: EditorView | null;
  readonly state: EditorState | null;
  readonly undo: UndoStack;
  /** Resolves once the whole text is in the view. */
  readonly whenComplete: Promise<undefined> | null;
}

/** Sets up the close-reading tools for the open document. */
export function useCloseReading({
  reader,
  view,
  state,
  undo,
  whenComplete,
}: CloseReadingOptions): CloseReading {
  const { annotations, notices, projection } = reader;
  const { settings } = useServices();
  const codebook = useCodebook();
  const [margin] = useState(() => new MarginStore(codebook, settings));
  const snapshot = useStore(margin);
  const list = useStore(annotations).annotations;

  useEffect(() => {
    const stop = margin.watch();
    margin.loaded().catch((thrown: unknown) => {
      notices.show('error', errorMessage(thrown, 'The tags and colour meanings could not be loaded.'));
    });
    return stop;
  }, [margin, notices]);

  const highlights = state === null ? null : highlightState(state).highlights;
  const places = useMemo(
    () => passagePlaces(highlights ?? [], list, projection),
    [highlights, list, projection],
  );
  const latest = useRef({ places, view, whenComplete });
  useLayoutEffect(() => {
    latest.current = { places, view, whenComplete };
  }, [places, view, whenComplete]);

  const context = useMemo<CloseReadingContext>(
    () => ({
      ...reader,
      undo,
      margin,
      focusMargin() {
        margin.setDrawerOpen(true);
        // After the drawer or card has been drawn.
        requestAnimationFrame(() => {
          const root = document.querySelector('[data-testid="margin"]');
          const active = margin.getSnapshot().activeId;
          const card =
            (active === null
              ? null
              : root?.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(active)}"]`)) ??
            root?.querySelector<HTMLElement>('[data-annotation-id]') ??
            root?.querySelector<HTMLElement>('[data-testid="margin-search"]');
          card?.focus();
        });
      },
    }),
    [reader, undo, margin],
  );

  const go = useMemo(() => {
    return (id: string): void => {
      const { places: now, view: currentView, whenComplete: complete } = latest.current;
      margin.activate(id);
      const place = now.get(id);
      if (currentView === null) return;
      if (!selectHighlight(id)(currentView.state, currentView.dispatch)) {
        if (!highlightIdsOf(currentView.state).has(id))
          selectHighlight(null)(currentView.state, currentView.dispatch);
      }
      if (place === undefined) {
        notices.show(
          'info',
          'This annotation has no place in the text now; it is listed with the orphaned ones.',
        );
        return;
      }
      const show = (): void => {
        if (!currentView.isDestroyed) revealPassage(currentView, place.from, place.to);
      };
      if (place.to <= currentView.state.doc.content.size) show();
      else void complete?.then(show);
    };
  }, [margin, notices]);

  const handlers = useMemo<CardHandlers>(() => {
    const failed = (fallback: string) => (thrown: unknown) => {
      notices.show('error', errorMessage(thrown, fallback));
    };
    return {
      activate(id, reveal) {
        if (reveal) {
          go(id);
          return;
        }
        margin.activate(id, margin.getSnapshot().activeId === id && margin.getSnapshot().writing);
        const currentView = latest.current.view;
        if (currentView !== null && !selectHighlight(id)(currentView.state, currentView.dispatch)) {
          if (!highlightIdsOf(currentView.state).has(id))
            selectHighlight(null)(currentView.state, currentView.dispatch);
        }
      },
      recolour: (id, color) => recolour(context, id, color),
      setTags(id, tagIds) {
        changeAnnotation(annotations, undo, id, { tagIds }, 'Change tags').catch(
          failed('The tags could not be saved. Try again.'),
        );
      },
      async createTag(names) {
        try {
          return await margin.createTag(names);
        } catch (thrown) {
          failed(`The tag “${names.join(TAG_PATH_SEPARATOR)}” could not be created.`)(thrown);
          throw thrown;
        }
      },
      setComment(id, markdown) {
        changeAnnotation(annotations, undo, id, { comment: markdown }, 'Edit comment').catch(
          failed('The comment could not be saved. Your text is still in the card; try again.'),
        );
      },
      remove(id) {
        const annotation = annotations.get(id);
        const point = annotation !== null && isPointTarget(annotation.selectors);
        if (margin.getSnapshot().activeId === id) margin.activate(null);
        deleteAnnotation(annotations, undo, id, point ? 'Delete note' : 'Delete highlight').catch(
          failed(`The ${point ? 'note' : 'highlight'} could not be deleted. Try again.`),
        );
      },
      startWriting: (id) => margin.activate(id, true),
      stopWriting(id) {
        margin.activate(id, false);
        requestAnimationFrame(() => {
          document.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"]`)?.focus();
        });
      },
    };
  }, [annotations, context, go, margin, notices, undo]);

  // A highlight selected in the text opens its card; clearing that selection closes it.
  const selectedId = state === null ? null : selectedHighlightId(state);
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = selectedId;
    const active = margin.getSnapshot().activeId;
    if (selectedId !== null && selectedId !== active) margin.activate(selectedId);
    else if (selectedId === null && before !== null && active === before) margin.activate(null);
  }, [selectedId, margin]);

  // An annotation deleted (or undone) closes its card.
  useEffect(() => {
    const active = snapshot.activeId;
    if (active !== null && !list.some((a) => a.id === active)) margin.activate(null);
  }, [list, snapshot.activeId, margin]);

  const actions = useMemo(
    () => [
      ...recolourActions(context),
      extendHighlightAction(context),
      addNoteAction(context),
      focusMarginAction(context),
      closeCardAction(context),
    ],
    [context],
  );

  return { context, actions, margin, snapshot, handlers, places, go };
}
