/**
 * The codebook methods of the service: listing tags with their passage counts, creating, renaming and
 * moving them, merging, deleting, and undoing a merge or a deletion.
 *
 * A merge, deletion or restore changes the library log and the annotation logs of every document that
 * uses the tags involved; no single write covers them all. The writes are ordered so that a crash at
 * any point leaves a consistent library, where every tag an annotation carries exists:
 * - merging and deleting change the annotations first and remove tags from the codebook last, so
 *   until the last write the tags being removed still exist; and they are saved first as a record in
 *   this computer's local folder (`LibraryStore.changeTags`, `store/tag-change-log.ts`), so one a crash
 *   interrupts is finished when the library is next opened, and the reader is told;
 * - restoring puts the tags back first and gives annotations their old tags after.
 * All of them, and every write that adds tags to annotations, run one at a time through the store's
 * codebook queue, so no tag disappears between a check and the write that relies on it.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { descendantsOf, tagWithSubTags } from '../../shared/codebook';
import { ScholiaError } from '../../shared/errors';
import { TagSchema, type Tag, type TagUndo } from '../../shared/model';
import { checkTree, planDeletion, planMerge, planRestore, requireTag, treeOrder } from './tag-tree';
import type { ServiceContext } from './service-context';

type Assignment = TagUndo['annotations'][number];

/** The codebook in reading order (each tag followed by its sub-tags), each tag with its passage count. */
export async function listTags(context: ServiceContext): Promise<ApiReturns['listTags']> {
  const usage = await context.store.tagUsage();
  return treeOrder(context.store.listTags()).map((tag) => ({ ...tag, passageCount: usage.passages(tag.id) }));
}

/**
 * Adds a tag at the top of the codebook or under `parentId`. `not-found` for a missing parent;
 * `invalid-input` when a sibling already has the name (ignoring case).
 */
export function createTag(
  context: ServiceContext,
  { name, parentId, color, description }: ApiParsedArgs<'createTag'>,
): Promise<ApiReturns['createTag']> {
  return context.store.withCodebook(async () => {
    const tag = checkedTag({
      id: randomUUID(),
      name,
      parentId: parentId ?? null,
      color: color ?? null,
      description: description ?? '',
    });
    const tags = [...context.store.listTags(), tag];
    checkTree(tags);
    await context.store.updateTags(() => tags);
    context.events.emit('library-changed', { scope: 'tags' });
    return tag;
  });
}

/**
 * Renames, moves, recolours or redescribes a tag. `not-found` for a missing tag or parent;
 * `invalid-input` for a move under the tag itself or one of its sub-tags, or a name a sibling has.
 */
export function updateTag(
  context: ServiceContext,
  { tagId, patch }: ApiParsedArgs<'updateTag'>,
): Promise<ApiReturns['updateTag']> {
  return context.store.withCodebook(async () => {
    const current = context.store.listTags();
    const tag = requireTag(current, tagId);
    const updated = checkedTag({
      id: tag.id,
      name: patch.name ?? tag.name,
      parentId: patch.parentId === undefined ? tag.parentId : patch.parentId,
      color: patch.color === undefined ? tag.color : patch.color,
      description: patch.description ?? tag.description,
    });
    const tags = current.map((candidate) => (candidate.id === tagId ? updated : candidate));
    checkTree(tags);
    await context.store.updateTags(() => tags);
    context.events.emit('library-changed', { scope: 'tags' });
    return updated;
  });
}

/** What deleting tag `tagId` would do to passages and sub-tags. `not-found` for a missing tag. */
export async function describeTagDeletion(
  context: ServiceContext,
  { tagId }: ApiParsedArgs<'describeTagDeletion'>,
): Promise<ApiReturns['describeTagDeletion']> {
  const tags = context.store.listTags();
  const tag = requireTag(tags, tagId);
  const descendants = descendantsOf(tags, tag.id);
  const involved = tagWithSubTags(tags, tag.id);
  const usage = await context.store.tagUsage();
  let passagesWithDescendants = 0;
  for (const documentId of usage.documentsWith(involved)) {
    const annotations = (await context.store.readAnnotations(documentId)) ?? [];
    passagesWithDescendants += annotations.filter((a) => a.tagIds.some((id) => involved.has(id))).length;
  }
  return {
    passages: usage.passages(tag.id),
    children: descendants.filter((descendant) => descendant.parentId === tag.id).length,
    descendants: descendants.length,
    passagesWithDescendants,
  };
}

/**
 * Merges tag `sourceId` into `targetId` (see `planMerge`): annotations carrying the source carry the
 * target instead, once. Resolves to what `restoreTags` needs to undo it.
 */
export function mergeTags(
  context: ServiceContext,
  { sourceId, targetId }: ApiParsedArgs<'mergeTags'>,
): Promise<ApiReturns['mergeTags']> {
  return context.store.withCodebook(async () => {
    const tags = context.store.listTags();
    const plan = planMerge(tags, sourceId, targetId);
    const target = requireTag(tags, targetId);
    const annotations = await retag(context, plan, [requireTag(tags, sourceId)], target);
    context.events.emit('library-changed', { scope: 'tags' });
    return { tags: plan.before, annotations };
  });
}

/**
 * Deletes a tag (and, with `children: 'delete'`, every tag below it) from the codebook and from every
 * annotation; the annotations themselves stay. Resolves to what `restoreTags` needs to undo it.
 */
export function deleteTag(
  context: ServiceContext,
  { tagId, children }: ApiParsedArgs<'deleteTag'>,
): Promise<ApiReturns['deleteTag']> {
  return context.store.withCodebook(async () => {
    const tags = context.store.listTags();
    const plan = planDeletion(tags, tagId, children);
    const removed = tags.filter((tag) => plan.removedIds.has(tag.id));
    const annotations = await retag(context, plan, removed, null);
    context.events.emit('library-changed', { scope: 'tags' });
    return { tags: plan.before, annotations };
  });
}

/**
 * Undoes a merge or a deletion: puts each recorded tag back as it was and where it was, then gives
 * each recorded annotation its recorded tags and modified time. Annotations deleted since are skipped;
 * `invalid-input` (nothing changed) when the tags cannot go back (say a tag of the same name was made
 * since) or an annotation would carry a tag that does not exist.
 */
export function restoreTags(
  context: ServiceContext,
  undo: ApiParsedArgs<'restoreTags'>,
): Promise<ApiReturns['restoreTags']> {
  return context.store.withCodebook(async () => {
    const tags = planRestore(
      context.store.listTags(),
      undo.tags.map(({ tag, index }) => ({ tag: checkedTag(tag), index })),
    );
    const known = new Set(tags.map((tag) => tag.id));
    const unknown = undo.annotations.flatMap(({ tagIds }) => tagIds).find((id) => !known.has(id));
    if (unknown !== undefined) {
      throw new ScholiaError(
        'invalid-input',
        `The annotations to restore carry tag "${unknown}", which is not in the codebook. Nothing was restored.`,
      );
    }
    await context.store.updateTags(() => tags);
    context.events.emit('library-changed', { scope: 'tags' });
    const byDocument = new Map<string, Map<string, Assignment>>();
    for (const assignment of undo.annotations) {
      const forDocument = byDocument.get(assignment.documentId) ?? new Map<string, Assignment>();
      byDocument.set(assignment.documentId, forDocument.set(assignment.annotationId, assignment));
    }
    for (const [documentId, byId] of byDocument) {
      const saved = await context.store.appendAnnotationChanges(documentId, (current) =>
        current.flatMap((annotation) => {
          const recorded = byId.get(annotation.id);
          if (recorded === undefined) return [];
          return [
            {
              op: 'put',
              annotation: { ...annotation, tagIds: recorded.tagIds, modifiedAt: recorded.modifiedAt },
            },
          ];
        }),
      );
      if (saved !== null) context.events.emit('library-changed', { scope: 'annotations', documentId });
    }
    return null;
  });
}

/**
 * Takes the tags `removed` out of the codebook (the tags `plan` changes saved as it says) and out of
 * every annotation (which carries `target` instead, for a merge), stamping its modified time: through
 * the store's record of the change, so a crash cannot leave it half done. Resolves to each changed
 * annotation's tags and time before.
 */
function retag(
  context: ServiceContext,
  plan: { tags: readonly Tag[]; before: TagUndo['tags'] },
  removed: readonly Tag[],
  target: Tag | null,
): Promise<Assignment[]> {
  const after = new Map(plan.tags.map((tag) => [tag.id, tag]));
  const changed = plan.before.flatMap(({ tag }) => {
    const kept = after.get(tag.id);
    return kept === undefined ? [] : [kept];
  });
  return context.store.changeTags(
    {
      removed: removed.map(({ id, name }) => ({ id, name })),
      target: target === null ? null : { id: target.id, name: target.name },
      changed,
      modifiedAt: context.now().toISOString(),
    },
    (documentId) => context.events.emit('library-changed', { scope: 'annotations', documentId }),
  );
}

/** `candidate` as a valid stored tag (fields in the schema's order), or `invalid-input` naming what is wrong. */
function checkedTag(candidate: Tag): Tag {
  const parsed = TagSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ScholiaError(
    'invalid-input',
    `The tag “${candidate.name.slice(0, 100)}” cannot be saved: ${issue?.path.join('.') ?? 'tag'}: ${issue?.message ?? 'invalid'}`,
  );
}
