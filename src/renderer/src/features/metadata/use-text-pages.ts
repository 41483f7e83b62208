/**
 * Whether a document's text has the original's pages, which decides whether the metadata editor
 * offers the page offset. The reader knows (its projection lists the pages) and says so; elsewhere
 * (the library) a document that has a page offset has pages, and any other is read once, when the
 * editor opens: the text's JSON is searched for a page mark, and no projection is made.
 */
import { useEffect, useState } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import type { DocumentMeta } from '../../../../shared/model';
import { PAGE_MARK } from '../../../../shared/pages';
import type { DocJSON } from '../../../../shared/schema';

/** Whether the document JSON `doc` carries a page mark anywhere; stops at the first one. */
export function docHasPages(doc: DocJSON): boolean {
  const stack: unknown[] = [...doc.content];
  while (stack.length > 0) {
    const node = stack.pop() as { marks?: unknown; content?: unknown } | null | undefined;
    if (node === null || typeof node !== 'object') continue;
    if (
      Array.isArray(node.marks) &&
      node.marks.some((mark) => (mark as { type?: unknown } | null)?.type === PAGE_MARK)
    )
      return true;
    if (Array.isArray(node.content)) stack.push(...(node.content as unknown[]));
  }
  return false;
}

/**
 * Whether `document`'s text has pages: `known` when the caller knows, else as found out (false until
 * then, and when the text cannot be read).
 */
export function useTextHasPages(
  api: Pick<ScholiaApi, 'getDocument'>,
  document: Pick<DocumentMeta, 'id' | 'pageOffset' | 'metadataOnly'>,
  known: boolean | undefined,
): boolean {
  const obvious =
    known ?? (document.pageOffset !== undefined ? true : document.metadataOnly === true ? false : undefined);
  const [found, setFound] = useState(false);
  const { id } = document;
  useEffect(() => {
    if (obvious !== undefined) return;
    let cancelled = false;
    api.getDocument({ documentId: id }).then(
      (opened) => {
        if (!cancelled) setFound(docHasPages(opened.doc));
      },
      () => {
        // Without the text the page offset is not offered; the rest of the editor works as ever.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, obvious]);
  return obvious ?? found;
}
