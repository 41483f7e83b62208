/**
 * The one owner of an `EditorView`'s life: created when its host element mounts with an initial
 * state, destroyed when the element unmounts or a new initial state (a new document) arrives. The
 * reader's text is never editable (the reader reads, selects and highlights, and edit mode makes it
 * editable for a while); a rich-text field is, and hears of its transactions, its creation and its end.
 */
import type { EditorState, Transaction } from 'prosemirror-state';
import { EditorView, type DirectEditorProps } from 'prosemirror-view';
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

/** What else a view is made with; read when the view is made (a later change waits for the next view). */
export interface EditorViewOptions {
  /** Whether the reader can type in the view (default: no). */
  readonly editable?: boolean;
  /** The view's own handlers (keys, DOM events). */
  readonly props?: Pick<DirectEditorProps, 'handleKeyDown' | 'handleDOMEvents'>;
  /** Called once the view exists (to focus it, say). */
  readonly onCreate?: (view: EditorView) => void;
  /** Called after each transaction is applied. */
  readonly onTransaction?: (view: EditorView, tr: Transaction) => void;
  /** Called just before the view is destroyed (to report what was typed, say). */
  readonly onDestroy?: (view: EditorView) => void;
}

/**
 * Creates a view of `initialState` inside the element `host` is attached to. `attributes` are applied
 * to the view's element and updated when they change.
 */
export function useEditorView(
  initialState: EditorState,
  attributes: ViewAttributes,
  options: EditorViewOptions = {},
): EditorViewHandle {
  const [view, setView] = useState<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const latestAttributes = useRef(attributes);
  const latestOptions = useRef(options);

  useLayoutEffect(() => {
    latestAttributes.current = attributes;
    latestOptions.current = options;
  }, [attributes, options]);

  const host = useCallback(
    (element: HTMLElement) => {
      const made = latestOptions.current;
      const created: EditorView = new EditorView(element, {
        ...made.props,
        state: initialState,
        editable: () => made.editable === true,
        attributes: latestAttributes.current,
        dispatchTransaction(tr) {
          const next = created.state.apply(tr);
          created.updateState(next);
          setState(next);
          made.onTransaction?.(created, tr);
        },
      });
      setView(created);
      setState(initialState);
      made.onCreate?.(created);
      return () => {
        made.onDestroy?.(created);
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
