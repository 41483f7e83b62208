/**
 * Opening a document for reading: its text and its annotations are fetched together, the text is
 * projected once, the annotations are placed in it, and the initial editor state is built on the
 * text's first blocks, with every highlight held and those on the first screens drawn. The view
 * then shows that much at once, and the rest of the text is appended while the reader reads (see
 * `use-text-loader.ts`). Marks `scholia:open-fetched` when text and annotations have arrived and
 * `scholia:open-prepared` when the initial state is built.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { useEffect, useState } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import { displayTitle, type Annotation, type DocumentMeta } from '../../../../shared/model';
import { projectDocument, type Projection } from '../../../../shared/projection';
import { docFromJSON } from '../../../../shared/schema';
import { placeAnnotations } from './editor/place-annotations';
import { leadingBlocks } from './editor/progressive-text';
import { createReaderState } from './editor/reader-state';
import type { AnnotationStore } from './annotation-store';
import { errorMessage } from '../../ui/error-message';

/**
 * Positions (roughly characters) of text shown at once when a document opens: about ten screens,
 * laid out in a few milliseconds however long the book.
 */
export const LEADING_TEXT_SIZE = 24_000;

/** A document ready to be shown. */
export interface ReaderDocument {
  readonly meta: DocumentMeta;
  /** The whole text. */
  readonly text: ProseMirrorNode;
  /** The projection of the whole text. */
  readonly projection: Projection;
  /** A state holding the beginning of `text`, with every highlight of the whole text. */
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

/**
 * Opens document `documentId`, whose annotations `annotations` owns; opens it afresh whenever
 * `generation` (any key) changes, as when its text was edited. Until the fresh copy is ready, the
 * last one stays.
 */
export function useReaderDocument(
  api: Pick<ScholiaApi, 'getDocument'>,
  documentId: string,
  annotations: AnnotationStore,
  generation: string | number = 0,
): ReaderDocumentLoad {
  const [load, setLoad] = useState<ReaderDocumentLoad>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.getDocument({ documentId }), annotations.load()]).then(
      ([opened, list]) => {
        if (cancelled) return;
        performance.mark('scholia:open-fetched');
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
        const initialState = createReaderState(leadingBlocks(doc, LEADING_TEXT_SIZE), placed.highlights);
        performance.mark('scholia:open-prepared');
        setLoad({
          status: 'ready',
          document: {
            meta: opened.meta,
            text: doc,
            projection,
            initialState,
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
  }, [api, documentId, annotations, generation]);

  return load;
}
