/**
 * Annotations that are not placed in the text: those an edit of the text orphaned (`orphanedAt`) and
 * those whose passage anchoring could not find (the text changed since they were made). Each is
 * listed with its quote under the title, never dropped silently. The reader may select the passage
 * where one belongs and re-attach it there (undoable), or delete it. A line also says how many
 * highlights were found in edited words and are drawn as moved.
 */
import type { EditorView } from 'prosemirror-view';
import type { ReactNode } from 'react';
import type { Annotation } from '../../../../shared/model';
import type { Projection } from '../../../../shared/projection';
import { reattachAnnotation } from './reattach';
import { clearSelection, selectedRange } from './editor/dom-selection';
import { selectorsForRange } from './editor/passage-selectors';
import type { AnnotationStore } from './annotation-store';
import { errorMessage } from '../../ui/error-message';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { UndoStack } from '../../app/undo/undo-stack';

/** Props of {@link OrphanList}. */
export interface OrphanListProps {
  readonly orphans: readonly Annotation[];
  readonly annotations: AnnotationStore;
  readonly notices: NoticeStore;
  /** The view and projection of the text, to re-attach an orphan to the passage selected in it. */
  readonly view?: EditorView | null;
  readonly projection?: Projection;
  readonly undo?: UndoStack;
  /** How many highlights were found in edited words (drawn as moved). */
  readonly moved?: number;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function quoteOf(orphan: Annotation): string {
  const { exact, prefix, suffix } = orphan.selectors[0];
  if (exact !== '') return exact;
  // A margin note at a point: the words around the point stand for it.
  return `…${prefix.slice(-30)}‸${suffix.slice(0, 30)}…`;
}

function movedLine(moved: number): string {
  return moved === 1
    ? '1 highlight was found in edited words, not exactly where it was; it is underlined with dots.'
    : `${moved} highlights were found in edited words, not exactly where they were; they are underlined with dots.`;
}

/** Renders the list, or nothing when every annotation was placed exactly or nearly. */
export function OrphanList(props: OrphanListProps): ReactNode {
  const { orphans, annotations, notices, view = null, projection, undo, moved = 0 } = props;
  if (orphans.length === 0 && moved === 0) return null;
  const heading =
    orphans.length === 1
      ? '1 highlight could not be placed'
      : `${orphans.length} highlights could not be placed`;

  const reattach = (orphan: Annotation): void => {
    if (view === null || projection === undefined || undo === undefined) return;
    const range = selectedRange(view);
    const selectors = range === null ? null : selectorsForRange(projection, range);
    if (selectors === null) {
      notices.show(
        'info',
        'Select the passage in the text where this highlight belongs, then press Re-attach.',
      );
      return;
    }
    reattachAnnotation(annotations, undo, orphan, selectors).then(
      () => {
        clearSelection(view);
        notices.show('info', `Re-attached to “${selectors[0].exact.slice(0, 60)}”.`);
      },
      (thrown: unknown) =>
        notices.show('error', errorMessage(thrown, 'The highlight could not be re-attached. Try again.')),
    );
  };

  if (orphans.length === 0)
    return (
      <div className="text-row">
        <section
          className="orphans orphans-moved"
          aria-label="Highlights that moved"
          data-testid="moved-note"
        >
          <p className="moved-note">{movedLine(moved)}</p>
        </section>
      </div>
    );

  return (
    <div className="text-row">
      <section className="orphans" aria-label={heading} data-testid="orphan-list">
        <details open={orphans.length <= 3}>
          <summary>{heading}</summary>
          <p>
            The text no longer contains these passages as they were when you highlighted them. They are kept
            here so that nothing is lost. To put one back, select its passage in the text and press Re-attach.
          </p>
          <ul>
            {orphans.map((orphan) => {
              const short = quoteOf(orphan).slice(0, 60);
              return (
                <li key={orphan.id} className="orphan" data-testid="orphan">
                  <blockquote>
                    {quoteOf(orphan)}
                    {orphan.orphanedAt === undefined ? null : (
                      <span className="orphan-since">
                        Its passage was deleted in an edit of the text on{' '}
                        {dateFormat.format(new Date(orphan.orphanedAt))}.
                      </span>
                    )}
                  </blockquote>
                  <div className="orphan-actions">
                    {view === null || undo === undefined ? null : (
                      <button
                        type="button"
                        className="button button-quiet"
                        data-testid="reattach-button"
                        aria-label={`Re-attach the highlight “${short}” to the passage selected in the text`}
                        // Keeps the passage the reader selected.
                        onMouseDown={(event) => event.preventDefault()}
                        onClick={() => reattach(orphan)}
                      >
                        Re-attach
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button-quiet button-danger-text"
                      aria-label={`Delete the highlight “${short}”`}
                      onClick={() => {
                        annotations.remove(orphan.id).catch((thrown: unknown) => {
                          notices.show(
                            'error',
                            errorMessage(thrown, 'The highlight could not be deleted. Try again.'),
                          );
                        });
                      }}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {moved === 0 ? null : <p className="moved-note">{movedLine(moved)}</p>}
        </details>
      </section>
    </div>
  );
}
