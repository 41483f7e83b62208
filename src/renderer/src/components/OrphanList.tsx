/**
 * Highlights that could not be placed in the text (it changed since they were made): listed with
 * their quotes under the title, never dropped silently. The reader may delete them.
 */
import type { ReactNode } from 'react';
import type { Annotation } from '../../../shared/model';
import type { AnnotationStore } from '../state/annotation-store';
import type { NoticeStore } from '../state/notice-store';
import { errorMessage } from '../state/error-message';

/** Props of {@link OrphanList}. */
export interface OrphanListProps {
  readonly orphans: readonly Annotation[];
  readonly annotations: AnnotationStore;
  readonly notices: NoticeStore;
}

/** Renders the list, or nothing when every highlight was placed. */
export function OrphanList({ orphans, annotations, notices }: OrphanListProps): ReactNode {
  if (orphans.length === 0) return null;
  const heading =
    orphans.length === 1
      ? '1 highlight could not be placed'
      : `${orphans.length} highlights could not be placed`;
  return (
    <section className="orphans" aria-label={heading} data-testid="orphan-list">
      <details open={orphans.length <= 3}>
        <summary>{heading}</summary>
        <p>
          The text no longer contains these passages as they were when you highlighted them. They are kept
          here so that nothing is lost.
        </p>
        <ul>
          {orphans.map((orphan) => (
            <li key={orphan.id} className="orphan">
              <blockquote>{orphan.selectors[0].exact}</blockquote>
              <button
                type="button"
                className="button button-quiet button-danger-text"
                aria-label={`Delete the highlight “${orphan.selectors[0].exact.slice(0, 60)}”`}
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
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
