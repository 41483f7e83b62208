/**
 * The reader: a document's text in a quiet reading column, with its highlights, a header to go back
 * and to highlight, and the list of highlights that could not be placed.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TextSpan } from '../../../../shared/find';
import type { PassageRef } from '../../../../shared/links';
import { textRevisionOf } from '../../../../shared/model';
import type { Action } from '../../app/actions/action';
import { backToLibraryAction } from './reader-navigation';
import { useActions } from '../../app/actions/use-actions';
import { useReaderDocument } from './use-reader-document';
import { useServices } from '../../app/services/use-services';
import { useLibrary } from '../library';
import { useStore } from '../../ui/use-store';
import { AnnotationStore } from './annotation-store';
import { BackToLibraryButton } from './BackToLibraryButton';
import { ReaderSession } from './ReaderSession';

const NO_ACTIONS: readonly Action[] = [];

/** Props of {@link ReaderView}. */
export interface ReaderViewProps {
  readonly documentId: string;
  readonly onBack: () => void;
  /** A span of the text to select and show once it is open (a search result's place). */
  readonly target?: TextSpan | null;
  /** Where Back goes: the title of the text a link was followed from, or null for the library. */
  readonly backTo?: string | null;
  /** Follows a link to passage `to`; `from` is the span of the passage it was followed from. */
  readonly onFollow?: (to: PassageRef, from: TextSpan | null) => void;
}

/** Renders the reader for `documentId` (give it `key={documentId}`, so each document starts afresh). */
export function ReaderView({
  documentId,
  onBack,
  target = null,
  backTo = null,
  onFollow,
}: ReaderViewProps): ReactNode {
  const { api, actions } = useServices();
  const { library } = useLibrary();
  const [annotations] = useState(() => new AnnotationStore(api, documentId));
  useEffect(() => annotations.watch(), [annotations]);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // When the text is edited (here, by an undo, or in another window), the reader opens it afresh:
  // the revision the library lists is the one to show.
  const listed = useStore(library).documents.find((d) => d.id === documentId);
  const [wanted, setWanted] = useState(0);
  const listedRevision = listed === undefined ? 0 : textRevisionOf(listed);
  if (listedRevision > wanted) setWanted(listedRevision);
  const load = useReaderDocument(api, documentId, annotations, `${wanted}/${reloads}`);
  const backActions = useMemo(() => [backToLibraryAction(onBack, backTo)], [onBack, backTo]);
  // Once the text is shown, the session registers the way back itself, with the rest of its keys.
  useActions(actions, load.status === 'ready' ? NO_ACTIONS : backActions);

  if (load.status === 'ready')
    return (
      <ReaderSession
        key={textRevisionOf(load.document.meta)}
        document={load.document}
        annotations={annotations}
        onBack={onBack}
        onReload={reload}
        target={target}
        backTo={backTo}
        {...(onFollow === undefined ? {} : { onFollow })}
      />
    );
  return (
    <div className="reader-view">
      <header className="reader-header">
        <BackToLibraryButton onBack={onBack} backTo={backTo} />
      </header>
      <main className="reader-main">
        {load.status === 'loading' ? (
          <p className="quiet-message" role="status">
            Opening…
          </p>
        ) : (
          <div className="load-problem" role="alert">
            <p>{load.error}</p>
          </div>
        )}
      </main>
    </div>
  );
}
