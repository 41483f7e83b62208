/**
 * Opening a document for reading: its text and its annotations are fetched together, the text is
 * projected once, the annotations are placed in it, and the initial editor state is built with every
 * highlight drawn.
 */
import type { EditorState } from 'prosemirror-state';
import { useEffect, useState } from 'react';
import type { ScholiaApi } from '../../../shared/api';
import { displayTitle, type Annotation, type DocumentMeta } from '../../../shared/model';
import { projectDocument, type Projection } from '../../../shared/projection';
import { docFromJSON } from '../../../shared/schema';
import { placeAnnotations } from '../editor/place-annotations';
import { createReaderState } from '../editor/reader-state';
import type { AnnotationStore } from '../state/annotation-store';
import { errorMessage } from '../state/error-message';

/** A document ready to be shown. */
export interface ReaderDocument {
  readonly meta: DocumentMeta;
  readonly projection: Projection;
  readonly initialState: EditorState;
  /** Annotations that could not be placed in the text. */
  readonly orphans: readonly Annotation[];
  /** The ids of every annotation accounted for (drawn or orphaned) in the initial state. */
  readonly annotationIds: ReadonlySet<string>;
}

/** Where opening stands. */
export type ReaderDocumentLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'ready'; readonly document: ReaderDocument };

/** Opens document `documentId`, whose annotations `annotations` owns. */
export function useReaderDocument(
  api: Pick<ScholiaApi, 'getDocument'>,
  documentId: string,
  annotations: AnnotationStore,
): ReaderDocumentLoad {
  const [load, setLoad] = useState<ReaderDocumentLoad>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.getDocument({ documentId }), annotations.load()]).then(
      ([opened, list]) => {
        if (cancelled) return;
        let doc;
        try {
          doc = docFromJSON(opened.doc);
        } catch (thrown) {
          const detail = thrown instanceof Error ? thrown.message : String(thrown);
          setLoad({
            status: 'failed',
            error: `The text of “${displayTitle(opened.meta)}” is damaged and cannot be shown (${detail}). Import ${opened.meta.source.fileName} again to read it.`,
          });
          return;
        }
        const projection = projectDocument(doc);
        const placed = placeAnnotations(projection, list);
        setLoad({
          status: 'ready',
          document: {
            meta: opened.meta,
            projection,
            initialState: createReaderState(doc, placed.highlights),
            orphans: placed.orphans,
            annotationIds: new Set(list.map((a) => a.id)),
          },
        });
      },
      (thrown: unknown) => {
        if (!cancelled)
          setLoad({ status: 'failed', error: errorMessage(thrown, 'This document could not be opened.') });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, documentId, annotations]);

  return load;
}
