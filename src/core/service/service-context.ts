/**
 * What the parts of the library service share: the store, the event channel, the importer, the clock,
 * the paths the reader chose, and the errors every part raises the same way.
 */
import type { ImportSource } from '../../shared/api';
import type { TextFormat } from '../../shared/import-formats';
import { documentNotFound } from '../../shared/errors';
import type { DocumentMeta } from '../../shared/model';
import type { LibraryEvents } from '../events';
import type { ImportedDocument } from '../import';
import type { LibraryStore } from '../store/library-store';
import type { PathGrants } from './path-grants';
import type { ProjectionCache } from './projection-cache';

/**
 * Turns one file into a document (the contract of `importSource` in `core/import`), in `format` when
 * its content decided it, else in the format its extension names.
 */
export type Importer = (source: ImportSource, format?: TextFormat) => Promise<ImportedDocument>;

/** The dependencies and state of one library service. */
export interface ServiceContext {
  readonly store: LibraryStore;
  readonly events: LibraryEvents;
  readonly importSource: Importer;
  /** The current time; replaced in tests that need distinct or fixed times. */
  readonly now: () => Date;
  readonly projections: ProjectionCache;
  /** The paths outside the library the reader chose in this session: the only ones read or written. */
  readonly grants: PathGrants;
}

export { documentNotFound };

/** The document's metadata, or a `not-found` error. */
export function requireDocument(context: ServiceContext, documentId: string): DocumentMeta {
  const meta = context.store.getDocument(documentId);
  if (meta === null) throw documentNotFound(documentId);
  return meta;
}
