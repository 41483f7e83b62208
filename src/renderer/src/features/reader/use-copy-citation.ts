/**
 * Copy with citation in the open document: the `copy-with-citation` action (Shift+C) on the card
 * that has the keyboard, else the one open or the highlight selected, and the same copying for the
 * cards' own button.
 */
import { useMemo } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import type { Action } from '../../app/actions/action';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { AnnotationStore } from './annotation-store';
import { targetAnnotationId, type CloseReadingContext } from './close-reading';
import { copyWithCitation, copyWithCitationAction } from './copy-citation';

/** What the reader session gets. */
export interface CopyCitation {
  readonly action: Action;
  /** Copies annotation `id` with its citation (for the card's button). */
  readonly copy: (id: string) => void;
}

/** The annotation whose card has the keyboard, if one has. */
function focusedCardId(annotations: AnnotationStore): string | null {
  const active = document.activeElement;
  const card = active instanceof Element ? active.closest<HTMLElement>('[data-annotation-id]') : null;
  const id = card?.dataset['annotationId'];
  return id === undefined || annotations.get(id) === null ? null : id;
}

/** Copying the open document's annotations with their citations. */
export function useCopyCitation(
  api: Pick<ScholiaApi, 'citePassage'>,
  notices: NoticeStore,
  annotations: AnnotationStore,
  documentId: string,
  context: CloseReadingContext,
): CopyCitation {
  return useMemo(() => {
    const copy = (id: string): void => {
      void copyWithCitation(
        {
          api,
          notices,
          annotations,
          documentId,
          // Undefined where the page is not a secure context.
          clipboard: () => navigator.clipboard,
          storage: () => window.localStorage,
        },
        id,
      );
    };
    const target = (): string | null => focusedCardId(annotations) ?? targetAnnotationId(context);
    return { action: copyWithCitationAction(target, copy), copy };
  }, [api, notices, annotations, documentId, context]);
}
