/** Reading an external store from React. */
import { useEffect, useSyncExternalStore } from 'react';
import type { Unsubscribe } from '../../../shared/api';
import type { ReadableStore } from './observable-store';

/** The store's current snapshot; the component re-renders whenever it changes. */
export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** A store many views share that loads and follows core only while some view watches it. */
export interface WatchedStore<T> extends ReadableStore<T> {
  /** Starts one view's watch; returns the function that ends it. */
  watch(): Unsubscribe;
}

/**
 * The shared store's current snapshot, the store watched (loaded, then kept current) as long as the
 * component is mounted; the component re-renders whenever the snapshot changes.
 */
export function useWatchedStore<T>(store: WatchedStore<T>): T {
  useEffect(() => store.watch(), [store]);
  return useStore(store);
}
