/**
 * Test support: a highlight of one passage, as tests build them. Used only by `*.test.ts` files.
 */
import type { Annotation } from './model';

/** What {@link quoteAnnotation} needs; what is left out takes a plain default. */
export interface QuoteAnnotationFields extends Partial<
  Pick<Annotation, 'color' | 'tagIds' | 'comment' | 'createdAt' | 'modifiedAt'>
> {
  readonly id: string;
  readonly documentId: string;
  /** The passage's text. */
  readonly exact: string;
  /** Where the passage starts in the document's plain-text projection. */
  readonly start: number;
}

/**
 * A highlight of `exact` at `start`, found by its quote (no prefix or suffix) and its position: yellow,
 * untagged and uncommented, made and changed now, unless `fields` say otherwise.
 */
export function quoteAnnotation(fields: QuoteAnnotationFields): Annotation {
  const { id, documentId, exact, start } = fields;
  const now = new Date().toISOString();
  return {
    id,
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    color: fields.color ?? 'yellow',
    tagIds: fields.tagIds ?? [],
    comment: fields.comment ?? '',
    createdAt: fields.createdAt ?? now,
    modifiedAt: fields.modifiedAt ?? now,
  };
}
