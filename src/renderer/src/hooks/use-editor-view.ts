/**
 * The one owner of an `EditorView`'s life: created when its host element mounts with an initial
 * state, destroyed when the element unmounts or a new initial state (a new document) arrives. The
 * view is never editable: the reader reads, selects and highlights.
 */
import type { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefCallback } from 'react';

/** What the hook gives its component. */
export interface EditorViewHandle {
  /** Attach to the (empty) element the view should live in. */
  readonly host: RefCallback<HTMLElement>;
  /** The view, once it exists. */
  readonly view: EditorView | null;
  /** The view's current state (the component re-renders on every transaction), once it exists. */
  readonly state: EditorState | null;
}

/** Attributes for the view's own element (`class`, `aria-label`, `data-testid`…). */
export type ViewAttributes = Record<string, string>;

/**
 * Creates a read-only view of `initialState` inside the element `host` is attached to. `attributes`
 * are applied to the view's element and updated when they change.
 */
export function useEditorView(initialState: EditorState, attributes: ViewAttributes): EditorViewHandle {
  const [view, setView] = useState<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const latestAttributes = useRef(attributes);

  useLayoutEffect(() => {
    latestAttributes.current = attributes;
  }, [attributes]);

  const host = useCallback(
    (element: HTMLElement) => {
      const created: EditorView = new EditorView(element, {
        state: initialState,
        editable: () => false,
        attributes: latestAttributes.current,
        dispatchTransaction(tr) {
          const next = created.state.apply(tr);
          created.updateState(next);
          setState(next);
        },
      });
      setView(created);
      setState(initialState);
      return () => {
        created.destroy();
        setView(null);
        setState(null);
      };
    },
    [initialState],
  );

  useEffect(() => {
    if (view !== null && view.props.attributes !== attributes) view.setProps({ attributes });
  }, [view, attributes]);

  return { host, view, state };
}
