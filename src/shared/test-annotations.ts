/**
 * Test support: passages of a text and highlights of them, as tests build them. Used only by
 * `*.test.ts` files.
 */
import { describePoint, describeRange } from './anchoring/describe';
import type { Annotation, Selectors } from './model';

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

/** Every offset at which `passage` starts in `text`, in order. */
export function occurrencesOf(text: string, passage: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(passage); at !== -1; at = text.indexOf(passage, at + 1)) starts.push(at);
  return starts;
}

/** Where the `occurrence`-th (0-based) appearance of `passage` in `text` starts; throws when there is none. */
export function offsetOf(text: string, passage: string, occurrence = 0): number {
  const start = occurrencesOf(text, passage)[occurrence];
  if (start === undefined)
    throw new Error(`"${passage}" is not in the text (occurrence ${String(occurrence)})`);
  return start;
}

/**
 * The selectors of the `occurrence`-th (0-based) appearance of `passage` in `text`, as the reader's
 * editor describes a passage (`describeRange`: up to 32 characters of context either side).
 */
export function passageSelectors(text: string, passage: string, occurrence = 0): Selectors {
  const start = offsetOf(text, passage, occurrence);
  return describeRange(text, start, start + passage.length);
}

/**
 * The point just before the `occurrence`-th (0-based) appearance of `words` in `text`, as a margin
 * note's selectors (`describePoint`).
 */
export function pointBefore(text: string, words: string, occurrence = 0): Selectors {
  return describePoint(text, offsetOf(text, words, occurrence));
}

/** What {@link highlightIn} needs: {@link QuoteAnnotationFields} but where, which appearance of `exact`. */
export interface HighlightFields extends Omit<QuoteAnnotationFields, 'start'> {
  /** Which appearance of `exact` (0-based; the first unless given). */
  readonly occurrence?: number;
}

/**
 * A highlight of an appearance of `exact` in `text` (the first unless `fields` say which), described as
 * {@link passageSelectors} does, and otherwise as {@link quoteAnnotation} makes it.
 */
export function highlightIn(text: string, fields: HighlightFields): Annotation {
  const { occurrence, ...rest } = fields;
  const selectors = passageSelectors(text, fields.exact, occurrence);
  return { ...quoteAnnotation({ ...rest, start: selectors[1].start }), selectors };
}
