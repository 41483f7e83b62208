/** The library's data as every view reads it: the one documents store and the one collections store. */
import { createContext } from 'react';
import { useProvided } from '../../ui/use-provided';
import type { CollectionStore } from './collection-store';
import type { LibraryStore } from './library-store';

/** The library's stores, made once by the app. */
export interface LibraryServices {
  /** The documents of the library. */
  readonly library: LibraryStore;
  /** The reader's collections (reading lists). */
  readonly collections: CollectionStore;
}

/** The context `App` provides the library's stores in. */
export const LibraryContext = createContext<LibraryServices | null>(null);

/** The library's stores; throws when used outside `App` (a programming error). */
export function useLibrary(): LibraryServices {
  return useProvided(LibraryContext, 'useLibrary');
}
