/**
 * The metadata editor's citation preview in a real style: the item as the reader is editing it is
 * formatted by core (`formatCitation`) once they pause typing for {@link PREVIEW_DELAY_MS}. Until the
 * first answer arrives, and whenever the details cannot be formatted, the caller shows its plain
 * preview instead; while a new answer is on its way the previous one stays, so the preview does not
 * flicker as the reader types.
 */
import { useEffect, useState } from 'react';
import type { ApiReturns, ScholiaApi } from '../../../../shared/api';
import type { CslDraft } from '../../../../shared/model';
import { errorMessage } from '../../ui/error-message';

/** How long the reader must pause before the preview is formatted again. */
export const PREVIEW_DELAY_MS = 150;

/** What the preview shows. */
export interface CitationPreview {
  /** The last formatted entry and citation, or null before the first one (or after a failure). */
  readonly formatted: ApiReturns['formatCitation'] | null;
  /** Why the details could not be formatted in the style, or null. */
  readonly problem: string | null;
  /** Whether `formatted` belongs to an older version of the details (a newer one is on its way). */
  readonly stale: boolean;
}

/**
 * The preview of `csl` in `style` and `locale` (nothing is asked of core while `style` is null).
 */
export function useCitationPreview(
  api: ScholiaApi,
  csl: CslDraft,
  style: string | null,
  locale = 'en-US',
): CitationPreview {
  const key = style === null ? null : JSON.stringify([style, locale, csl]);
  const [shown, setShown] = useState<{
    key: string;
    formatted: ApiReturns['formatCitation'] | null;
    problem: string | null;
  } | null>(null);

  useEffect(() => {
    if (style === null || key === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.formatCitation({ csl, style, locale }).then(
        (formatted) => {
          if (!cancelled) setShown({ key, formatted, problem: null });
        },
        (thrown: unknown) => {
          if (!cancelled)
            setShown({
              key,
              formatted: null,
              problem: errorMessage(thrown, 'The style could not format these details.'),
            });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `csl`, `style` and `locale`
  }, [api, key]);

  if (shown === null) return { formatted: null, problem: null, stale: key !== null };
  return { formatted: shown.formatted, problem: shown.problem, stale: shown.key !== key };
}
