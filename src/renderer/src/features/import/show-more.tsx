/** "Show more" for the long lists of the import report: how many are shown, and the line that shows more. */
import { useState, type ReactNode } from 'react';

/** How many items of a list are shown at first, and how many more each "Show more" adds. */
export const PAGE = 50;

/** How many of a list's items are shown, and the function that shows {@link PAGE} more. */
export function useShown(): [number, () => void] {
  const [shown, setShown] = useState(PAGE);
  return [shown, () => setShown((n) => n + PAGE)];
}

/** The line under a list cut at `shown` of `total`: how many are shown, and a button for {@link PAGE} more. */
export function ShowMore({
  shown,
  total,
  onMore,
}: {
  readonly shown: number;
  readonly total: number;
  readonly onMore: () => void;
}): ReactNode {
  if (shown >= total) return null;
  return (
    <p className="reference-more">
      <span>
        Showing {shown.toLocaleString('en')} of {total.toLocaleString('en')}.
      </span>{' '}
      <button
        type="button"
        className="button button-quiet"
        data-testid="reference-show-more"
        onClick={onMore}
      >
        Show {Math.min(PAGE, total - shown).toLocaleString('en')} more
      </button>
    </p>
  );
}
