/**
 * Links between passages and the relations they use (see `shared/links.ts`): listing them with both
 * their passages, making, changing, deleting and restoring them, and the reader's own relations. Both
 * are kept in the library log (`link:<id>`, `rel:<id>`); an entry a hand-edited file or a newer
 * Scholia left that this one cannot read is kept as it is and left out of the lists.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import {
  LinkRelationSchema,
  PassageLinkSchema,
  effectiveRelations,
  isShippedRelation,
  type LinkEnd,
  type LinkRelation,
  type LinkView,
  type PassageLink,
  type PassageRef,
} from '../../shared/links';
import { displayTitle, type Annotation } from '../../shared/model';
import { requireDocument, type ServiceContext } from './service-context';

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }) {
  return (raw: readonly unknown[]): T[] =>
    raw.flatMap((entry) => {
      const result = schema.safeParse(entry);
      return result.success ? [result.data] : [];
    });
}

const readLinks = parsed(PassageLinkSchema);
const readRelations = parsed(LinkRelationSchema);

/** The relations to offer, shipped ones first (see {@link effectiveRelations}). */
export function listLinkRelations(context: ServiceContext): LinkRelation[] {
  return effectiveRelations(readRelations(context.store.relations()));
}

function relationNotFound(relationId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No relation with id "${relationId}". It may have been deleted; choose one from the list of relations.`,
  );
}

function linkNotFound(linkId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No link with id "${linkId}". It may have been deleted; refresh the passage's links.`,
  );
}

/**
 * `raw` with the entry whose id is `id` replaced by `next` (removed when `next` is null, added at the
 * end when there was none); every other entry, readable or not, kept as it is.
 */
function replaceById(raw: readonly unknown[], id: string, next: unknown): unknown[] {
  const idOf = (entry: unknown): unknown =>
    typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : null;
  const found = raw.some((entry) => idOf(entry) === id);
  const kept = raw.flatMap((entry) => (idOf(entry) !== id ? [entry] : next === null ? [] : [next]));
  return found || next === null ? kept : [...kept, next];
}

/** Saves a relation: a new one, or a change to one (shipped or the reader's). */
export async function saveLinkRelation(
  context: ServiceContext,
  { relationId, name, inverseName, hidden }: ApiParsedArgs<'saveLinkRelation'>,
): Promise<ApiReturns['saveLinkRelation']> {
  const saved: { relation: LinkRelation | null } = { relation: null };
  await context.store.updateLinks(({ links, relations }) => {
    const current = effectiveRelations(readRelations(relations));
    if (relationId !== undefined && !current.some((relation) => relation.id === relationId))
      throw relationNotFound(relationId);
    const taken = current.find(
      (relation) =>
        relation.id !== relationId &&
        relation.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
    );
    if (taken !== undefined)
      throw new ScholiaError(
        'invalid-input',
        `There is already a relation named “${taken.name}”. Choose another name.`,
      );
    const relation: LinkRelation = {
      id: relationId ?? randomUUID(),
      name,
      inverseName,
      ...(hidden === true ? { hidden: true } : {}),
    };
    saved.relation = relation;
    return { links, relations: replaceById(relations, relation.id, relation) };
  });
  context.events.emit('library-changed', { scope: 'links' });
  if (saved.relation === null) throw new ScholiaError('internal', 'The relation was not saved.');
  return saved.relation;
}

/** Deletes one of the reader's relations (refused while links use it), or puts a shipped one back as shipped. */
export async function deleteLinkRelation(
  context: ServiceContext,
  { relationId }: ApiParsedArgs<'deleteLinkRelation'>,
): Promise<ApiReturns['deleteLinkRelation']> {
  await context.store.updateLinks(({ links, relations }) => {
    const stored = readRelations(relations).find((relation) => relation.id === relationId);
    if (isShippedRelation(relationId)) return { links, relations: replaceById(relations, relationId, null) };
    if (stored === undefined) throw relationNotFound(relationId);
    const using = readLinks(links).filter((link) => link.relationId === relationId).length;
    if (using > 0)
      throw new ScholiaError(
        'not-allowed',
        `${String(using)} ${using === 1 ? 'link uses' : 'links use'} the relation “${stored.name}”: give ${using === 1 ? 'it' : 'them'} another relation, or hide this one instead.`,
      );
    return { links, relations: replaceById(relations, relationId, null) };
  });
  context.events.emit('library-changed', { scope: 'links' });
  return null;
}

/** Each document's annotations by id, read once per call. */
class Passages {
  private readonly byDocument = new Map<string, Promise<ReadonlyMap<string, Annotation> | null>>();

  constructor(private readonly context: ServiceContext) {}

  async find(ref: PassageRef): Promise<Annotation | null> {
    let annotations = this.byDocument.get(ref.documentId);
    if (annotations === undefined) {
      annotations = this.context.store
        .readAnnotations(ref.documentId)
        .then((list) =>
          list === null ? null : new Map(list.map((annotation) => [annotation.id, annotation])),
        );
      this.byDocument.set(ref.documentId, annotations);
    }
    return (await annotations)?.get(ref.annotationId) ?? null;
  }

  async end(ref: PassageRef): Promise<LinkEnd | null> {
    const annotation = await this.find(ref);
    const meta = this.context.store.getDocument(ref.documentId);
    if (annotation === null || meta === null) return null;
    return {
      documentId: ref.documentId,
      annotationId: ref.annotationId,
      title: displayTitle(meta),
      quote: annotation.selectors[0].exact,
      orphaned: annotation.orphanedAt !== undefined,
    };
  }

  /** The link with both its passages, or null when one of them is gone. */
  async view(link: PassageLink): Promise<LinkView | null> {
    const [from, to] = await Promise.all([this.end(link.from), this.end(link.to)]);
    return from === null || to === null ? null : { link, from, to };
  }
}

/** The links with an end in `documentId` (or every link), in the order they were made. */
export async function listLinks(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'listLinks'>,
): Promise<ApiReturns['listLinks']> {
  if (documentId !== undefined) requireDocument(context, documentId);
  const links = readLinks(context.store.links()).filter(
    (link) =>
      documentId === undefined || link.from.documentId === documentId || link.to.documentId === documentId,
  );
  const passages = new Passages(context);
  const views = await Promise.all(links.map((link) => passages.view(link)));
  return views.filter((view): view is LinkView => view !== null);
}

/** The `not-found` error for an end of a link that is not a passage of the library. */
async function requirePassage(
  context: ServiceContext,
  passages: Passages,
  ref: PassageRef,
  which: string,
): Promise<void> {
  requireDocument(context, ref.documentId);
  if ((await passages.find(ref)) === null)
    throw new ScholiaError(
      'not-found',
      `The ${which} passage (annotation "${ref.annotationId}") is not in that document. It may have been deleted; choose another passage.`,
    );
}

function requireRelation(context: ServiceContext, relationId: string): void {
  if (!listLinkRelations(context).some((relation) => relation.id === relationId))
    throw relationNotFound(relationId);
}

/** Writes `next` (links by id; null deletes) in one change of the library log. */
async function writeLinks(
  context: ServiceContext,
  next: ReadonlyMap<string, PassageLink | null>,
): Promise<void> {
  await context.store.updateLinks(({ links, relations }) => {
    let updated: unknown[] = [...links];
    for (const [id, link] of next) updated = replaceById(updated, id, link);
    return { links: updated, relations };
  });
  context.events.emit('library-changed', { scope: 'links' });
}

async function viewOf(context: ServiceContext, link: PassageLink): Promise<LinkView> {
  const view = await new Passages(context).view(link);
  if (view === null) throw new ScholiaError('not-found', 'A passage of the link was deleted meanwhile.');
  return view;
}

/** Links two passages. */
export async function createLink(
  context: ServiceContext,
  { from, to, relationId, comment }: ApiParsedArgs<'createLink'>,
): Promise<ApiReturns['createLink']> {
  const passages = new Passages(context);
  await requirePassage(context, passages, from, 'first');
  await requirePassage(context, passages, to, 'second');
  if (from.annotationId === to.annotationId && from.documentId === to.documentId)
    throw new ScholiaError('invalid-input', 'A passage cannot be linked to itself: choose another passage.');
  requireRelation(context, relationId);
  const now = context.now().toISOString();
  const link: PassageLink = {
    id: randomUUID(),
    from: { documentId: from.documentId, annotationId: from.annotationId },
    to: { documentId: to.documentId, annotationId: to.annotationId },
    relationId,
    ...(comment === undefined || comment.trim() === '' ? {} : { comment }),
    createdAt: now,
    modifiedAt: now,
  };
  await writeLinks(context, new Map([[link.id, link]]));
  return viewOf(context, link);
}

function requireLink(context: ServiceContext, linkId: string): PassageLink {
  const link = readLinks(context.store.links()).find((candidate) => candidate.id === linkId);
  if (link === undefined) throw linkNotFound(linkId);
  return link;
}

/** Changes a link's relation or comment, or turns it round. */
export async function updateLink(
  context: ServiceContext,
  { linkId, patch }: ApiParsedArgs<'updateLink'>,
): Promise<ApiReturns['updateLink']> {
  const link = requireLink(context, linkId);
  if (patch.relationId !== undefined) requireRelation(context, patch.relationId);
  const { comment: _comment, ...rest } = link;
  const comment = patch.comment ?? link.comment;
  const next: PassageLink = {
    ...rest,
    ...(patch.reverse === true ? { from: link.to, to: link.from } : {}),
    relationId: patch.relationId ?? link.relationId,
    ...(comment === undefined || comment.trim() === '' ? {} : { comment }),
    modifiedAt: context.now().toISOString(),
  };
  await writeLinks(context, new Map([[linkId, next]]));
  return viewOf(context, next);
}

/** Deletes links, resolving to them as they were. */
export async function deleteLinks(
  context: ServiceContext,
  { linkIds }: ApiParsedArgs<'deleteLinks'>,
): Promise<ApiReturns['deleteLinks']> {
  const deleted = [...new Set(linkIds)].map((id) => requireLink(context, id));
  await writeLinks(context, new Map(deleted.map((link) => [link.id, null])));
  return deleted;
}

/** Puts links back exactly as given (the undo of a deletion or a change). */
export async function restoreLinks(
  context: ServiceContext,
  { links }: ApiParsedArgs<'restoreLinks'>,
): Promise<ApiReturns['restoreLinks']> {
  const passages = new Passages(context);
  for (const link of links) {
    await requirePassage(context, passages, link.from, 'first');
    await requirePassage(context, passages, link.to, 'second');
  }
  await writeLinks(context, new Map(links.map((link) => [link.id, link])));
  const views = await Promise.all(links.map((link) => passages.view(link)));
  return views.filter((view): view is LinkView => view !== null);
}
