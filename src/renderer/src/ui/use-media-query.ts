/** Whether a CSS media query matches, followed as the window changes. */
import { useCallback, useSyncExternalStore } from 'react';

/** Whether `query` (e.g. `(min-width: 75rem)`) matches now; the component re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
