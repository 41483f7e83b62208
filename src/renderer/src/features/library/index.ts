/** The library: its documents and collections (the one owner of each) and the library view. */
export { CollectionStore } from './collection-store';
export { LibraryContext, useLibrary, type LibraryServices } from './library-context';
export { LibraryStore } from './library-store';
export { LibraryView, type LibraryViewProps } from './LibraryView';
