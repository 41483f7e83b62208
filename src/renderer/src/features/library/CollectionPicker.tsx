/**
 * Putting documents into collections and taking them out: a button that opens a small panel listing
 * every collection with a checkbox (checked when all the documents are in it, mixed when some are),
 * and a field to make a new collection holding them. Escape or a click elsewhere closes it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useLibrary } from './library-context';
import { useStore } from '../../ui/use-store';
import { membership } from './collection-store';
import { errorMessage } from '../../ui/error-message';
import { NameField } from '../../ui/NameField';
import { ProblemAlert } from '../../ui/DialogButtons';

/** Props of {@link CollectionPicker}. */
export interface CollectionPickerProps {
  /** The documents to put in or take out. */
  readonly documentIds: readonly string[];
  /** The button's text. */
  readonly text: string;
  /** The button's accessible name. */
  readonly ariaLabel: string;
  readonly testId: string;
  /** A small button, for a line of text (a document's row) rather than a toolbar. */
  readonly compact?: boolean;
}

/** Renders the button and, while open, the panel. */
export function CollectionPicker({
  documentIds,
  text,
  ariaLabel,
  testId,
  compact = false,
}: CollectionPickerProps): ReactNode {
  const { collections: store } = useLibrary();
  const { collections } = useStore(store);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [naming, setNaming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // What a checkbox shows while its change is on its way to core: the reader's click, at once.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input, button')?.focus();
    const close = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    setNaming(false);
    setProblem(null);
    button.current?.focus();
  };

  const change = (collectionId: string, on: boolean): void => {
    setProblem(null);
    setPending((current) => new Map(current).set(collectionId, on));
    (on ? store.add(collectionId, documentIds) : store.take(collectionId, documentIds))
      .catch((thrown: unknown) => setProblem(errorMessage(thrown, 'The collection could not be changed.')))
      .finally(() =>
        setPending((current) => {
          const next = new Map(current);
          next.delete(collectionId);
          return next;
        }),
      );
  };

  return (
    <div className="collection-picker" ref={root}>
      <button
        ref={button}
        type="button"
        className={compact ? 'collection-picker-compact' : 'button button-quiet'}
        data-testid={testId}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {text}
      </button>
      {open ? (
        <div
          ref={panel}
          id={`${id}-panel`}
          className="collection-picker-panel"
          role="dialog"
          aria-label={ariaLabel}
          data-testid="collection-picker"
          onKeyDown={(event) => {
            // Keys here stay here: the library's shortcuts do not fire behind the panel.
            event.stopPropagation();
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          {collections.length === 0 ? (
            <p className="collection-picker-empty">No collections yet.</p>
          ) : (
            <ul className="collection-picker-list">
              {collections.map((collection) => {
                const wanted = pending.get(collection.id);
                const state =
                  wanted === undefined ? membership(collection, documentIds) : wanted ? 'all' : 'none';
                return (
                  <li key={collection.id}>
                    <label>
                      <input
                        type="checkbox"
                        data-testid="collection-choice"
                        data-collection-id={collection.id}
                        checked={state === 'all'}
                        ref={(element) => {
                          if (element !== null) element.indeterminate = state === 'some';
                        }}
                        onChange={(event) => change(collection.id, event.target.checked)}
                      />
                      <span>{collection.name}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {naming ? (
            <NameField
              label="Name of the new collection"
              initial=""
              testId="picker-collection-name-input"
              onSave={async (name) => {
                await store.create(name, documentIds);
              }}
              onDone={() => setNaming(false)}
            />
          ) : (
            <button
              type="button"
              className="button button-quiet collection-new"
              data-testid="picker-new-collection-button"
              onClick={() => setNaming(true)}
            >
              New collection…
            </button>
          )}
          <ProblemAlert problem={problem} />
        </div>
      ) : null}
    </div>
  );
}
