/**
 * The reading lists (collections) of the service: listing, making, renaming and deleting them, and
 * putting documents in and out. They are kept in library.json's `collections`; an entry a hand-edited
 * file damaged is left out of the lists and kept as it is.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import { CollectionSchema, type Collection } from '../../shared/export-options';
import { requireDocument, type ServiceContext } from './service-context';

/** The reading lists, in the order they were made; entries a hand-edited file damaged are left out. */
export function listCollections(context: ServiceContext): Collection[] {
  return context.store.collections().flatMap((raw) => {
    const parsed = CollectionSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The `not-found` error for a collection id the library does not have. */
export function collectionNotFound(collectionId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No collection with id "${collectionId}". It may have been deleted; refresh the list of collections.`,
  );
}

function checkName(collections: readonly Collection[], name: string, exceptId: string | null): void {
  const taken = collections.find(
    (collection) =>
      collection.id !== exceptId &&
      collection.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
  );
  if (taken !== undefined) {
    throw new ScholiaError(
      'invalid-input',
      `There is already a collection named “${taken.name}”. Choose another name.`,
    );
  }
}

async function changeCollections(
  context: ServiceContext,
  change: (current: Collection[]) => { next: Collection[]; result: Collection | null },
): Promise<Collection | null> {
  let result: Collection | null = null;
  await context.store.updateCollections((raw) => {
    // Entries Scholia cannot read are kept as they are, so nothing the reader saved is lost.
    const unreadable = raw.filter((entry) => !CollectionSchema.safeParse(entry).success);
    const outcome = change(listCollections(context));
    result = outcome.result;
    return [...outcome.next, ...unreadable];
  });
  context.events.emit('library-changed', { scope: 'documents' });
  return result;
}

function checkDocuments(context: ServiceContext, documentIds: readonly string[]): void {
  for (const id of documentIds) requireDocument(context, id);
}

/** Makes a reading list, empty or with the given documents. */
export async function createCollection(
  context: ServiceContext,
  { name, documentIds }: ApiParsedArgs<'createCollection'>,
): Promise<ApiReturns['createCollection']> {
  checkDocuments(context, documentIds ?? []);
  const made = await changeCollections(context, (current) => {
    checkName(current, name, null);
    const collection: Collection = {
      id: randomUUID(),
      name,
      documentIds: [...new Set(documentIds ?? [])],
      createdAt: context.now().toISOString(),
    };
    return { next: [...current, collection], result: collection };
  });
  if (made === null) throw new ScholiaError('internal', 'The collection was not saved.');
  return made;
}

function updateOne(
  context: ServiceContext,
  collectionId: string,
  update: (collection: Collection, all: Collection[]) => Collection,
): Promise<Collection> {
  return changeCollections(context, (current) => {
    const found = current.find((collection) => collection.id === collectionId);
    if (found === undefined) throw collectionNotFound(collectionId);
    const updated = update(found, current);
    return {
      next: current.map((collection) => (collection.id === collectionId ? updated : collection)),
      result: updated,
    };
  }).then((result) => {
    if (result === null) throw collectionNotFound(collectionId);
    return result;
  });
}

/** Renames a reading list. */
export function renameCollection(
  context: ServiceContext,
  { collectionId, name }: ApiParsedArgs<'renameCollection'>,
): Promise<ApiReturns['renameCollection']> {
  return updateOne(context, collectionId, (collection, all) => {
    checkName(all, name, collectionId);
    return { ...collection, name };
  });
}

/** Deletes a reading list (its documents stay in the library). */
export async function deleteCollection(
  context: ServiceContext,
  { collectionId }: ApiParsedArgs<'deleteCollection'>,
): Promise<ApiReturns['deleteCollection']> {
  await changeCollections(context, (current) => {
    if (!current.some((collection) => collection.id === collectionId)) throw collectionNotFound(collectionId);
    return { next: current.filter((collection) => collection.id !== collectionId), result: null };
  });
  return null;
}

/** Adds documents to a reading list (those already in it stay once). */
export function addToCollection(
  context: ServiceContext,
  { collectionId, documentIds }: ApiParsedArgs<'addToCollection'>,
): Promise<ApiReturns['addToCollection']> {
  checkDocuments(context, documentIds);
  return updateOne(context, collectionId, (collection) => ({
    ...collection,
    documentIds: [...new Set([...collection.documentIds, ...documentIds])],
  }));
}

/** Removes documents from a reading list (not from the library). */
export function removeFromCollection(
  context: ServiceContext,
  { collectionId, documentIds }: ApiParsedArgs<'removeFromCollection'>,
): Promise<ApiReturns['removeFromCollection']> {
  const removed = new Set(documentIds);
  return updateOne(context, collectionId, (collection) => ({
    ...collection,
    documentIds: collection.documentIds.filter((id) => !removed.has(id)),
  }));
}
