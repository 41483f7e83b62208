/** Reading an external store from React. */
import { useSyncExternalStore } from 'react';
import type { ReadableStore } from '../state/observable-store';

/** The store's current snapshot; the component re-renders whenever it changes. */
export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
