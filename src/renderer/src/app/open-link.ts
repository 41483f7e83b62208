/** Where a `scholia://open` link points: the annotation's passage in its document, checked against the library. */
import type { ScholiaApi } from '../../../shared/api';
import type { TextSpan } from '../../../shared/find';
import type { ScholiaLink } from '../../../shared/host';

/**
 * The span of the link's annotation in its document, or null for a link to the document alone or to an
 * annotation that is no longer there (the document still opens). Rejects when the document is gone.
 */
export async function passageOf(api: ScholiaApi, link: ScholiaLink): Promise<TextSpan | null> {
  const annotations = await api.listAnnotations({ documentId: link.documentId });
  if (link.annotationId === null) return null;
  const annotation = annotations.find((candidate) => candidate.id === link.annotationId);
  if (annotation === undefined || annotation.orphanedAt !== undefined) return null;
  const { start, end } = annotation.selectors[1];
  return { start, end };
}
