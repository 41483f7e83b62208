/**
 * The codebook as a tree, as the service changes it: pure functions over the list of tags that keep
 * the tree sound (every parent exists, no tag under itself, sibling names unique ignoring case), and
 * plan merges, deletions and their undoing as new lists of tags plus what they replaced. The rules of
 * reading the tree (paths, sub-tags, reading order) are `shared/codebook.ts`.
 *
 * Plans never change the list they are given; the service saves what they return.
 */
import { ScholiaError } from '../../shared/errors';
import { codebookOrder, descendantsOf, tagNameKey, tagPath, tagWithSubTags } from '../../shared/codebook';
import type { Tag, TagUndo } from '../../shared/model';

/** A tag as it was before an operation, and where it stood in the codebook's list. */
export type TagBefore = TagUndo['tags'][number];

/** A new codebook and the tags it removed or changed, as they were. */
export interface TagPlan {
  tags: Tag[];
  before: TagBefore[];
}

/** The tag with id `id`, or a `not-found` error naming it. */
export function requireTag(tags: readonly Tag[], id: string): Tag {
  const tag = tags.find((candidate) => candidate.id === id);
  if (tag === undefined) {
    throw new ScholiaError(
      'not-found',
      `No tag with id "${id}". It may have been deleted or merged; refresh the codebook.`,
    );
  }
  return tag;
}

/** The tags of the codebook in reading order (`codebookOrder` in `shared/codebook.ts`), without depths. */
export function treeOrder(tags: readonly Tag[]): Tag[] {
  return codebookOrder(tags).map((entry) => entry.tag);
}

/**
 * Throws `invalid-input` when `tags` is not a sound tree, naming the problem in the reader's terms:
 * a tag under itself or one of its own sub-tags, or two siblings whose names differ only in case.
 * Throws `not-found` when a tag's parent does not exist.
 */
export function checkTree(tags: readonly Tag[]): void {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  for (const tag of tags) {
    if (tag.parentId !== null && !byId.has(tag.parentId)) {
      throw new ScholiaError(
        'not-found',
        `No tag with id "${tag.parentId}" to put “${tag.name}” under. It may have been deleted; refresh the codebook.`,
      );
    }
    const seen = new Set<string>();
    for (let parentId = tag.parentId; parentId !== null; parentId = byId.get(parentId)?.parentId ?? null) {
      if (parentId === tag.id) {
        throw new ScholiaError(
          'invalid-input',
          `“${tag.name}” cannot go under “${byId.get(tag.parentId ?? '')?.name ?? ''}”, which is “${tag.name}” itself or one of its own sub-tags. Choose another parent.`,
        );
      }
      if (seen.has(parentId)) break;
      seen.add(parentId);
    }
  }
  const names = new Map<string, Tag>();
  for (const tag of tags) {
    const key = `${tag.parentId ?? ''}\u0000${tagNameKey(tag.name)}`;
    const twin = names.get(key);
    if (twin !== undefined) {
      const where =
        tag.parentId === null ? 'at the top of the codebook' : `under “${tagPath(tags, tag.parentId)}”`;
      throw new ScholiaError(
        'invalid-input',
        `There is already a tag named “${twin.name}” ${where}. Choose another name, or merge the two tags.`,
      );
    }
    names.set(key, tag);
  }
}


/**
 * Plans merging tag `sourceId` into `targetId`: the source's children move under the target, and the
 * source is removed. When the target lies below the source, it first takes the source's place (its
 * parent), so that nothing ends up under itself. Throws `not-found` for a missing tag, `invalid-input`
 * for a merge of a tag into itself or one that would give the target two sub-tags of the same name.
 */
export function planMerge(tags: readonly Tag[], sourceId: string, targetId: string): TagPlan {
  const source = requireTag(tags, sourceId);
  const target = requireTag(tags, targetId);
  if (source.id === target.id) {
    throw new ScholiaError(
      'invalid-input',
      `“${source.name}” cannot be merged into itself. Choose another tag to merge it into.`,
    );
  }
  const targetBelowSource = descendantsOf(tags, source.id).some((tag) => tag.id === target.id);
  return plan(tags, (tag) => {
    if (tag.id === source.id) return null;
    if (tag.id === target.id && targetBelowSource) return { ...tag, parentId: source.parentId };
    if (tag.parentId === source.id) return { ...tag, parentId: target.id };
    return tag;
  });
}

/**
 * Plans deleting tag `tagId`: its children move up to its parent (`reparent`), or go with it, their
 * own sub-tags included (`delete`). Resolves the ids removed with the plan. Throws `not-found` for a
 * missing tag, `invalid-input` when moving the children up would put two tags of one name side by side.
 */
export function planDeletion(
  tags: readonly Tag[],
  tagId: string,
  children: 'reparent' | 'delete',
): TagPlan & { removedIds: Set<string> } {
  const tag = requireTag(tags, tagId);
  const removedIds = children === 'delete' ? tagWithSubTags(tags, tag.id) : new Set([tag.id]);
  const planned = plan(tags, (candidate) => {
    if (removedIds.has(candidate.id)) return null;
    if (candidate.parentId === tag.id) return { ...candidate, parentId: tag.parentId };
    return candidate;
  });
  return { ...planned, removedIds };
}

/**
 * Plans putting back the tags an operation removed or changed: each recorded tag replaces the tag with
 * its id, or, when that is gone, is inserted where it stood (in order of position, so several come
 * back in their old order). Throws as {@link checkTree} when the result is not a sound tree, e.g. when
 * a tag of the same name has been made since.
 */
export function planRestore(tags: readonly Tag[], recorded: readonly TagBefore[]): Tag[] {
  const byId = new Map(recorded.map(({ tag }) => [tag.id, tag]));
  const next = tags.map((tag) => byId.get(tag.id) ?? tag);
  const present = new Set(tags.map((tag) => tag.id));
  const missing = recorded.filter(({ tag }) => !present.has(tag.id)).sort((a, b) => a.index - b.index);
  for (const { tag, index } of missing) next.splice(Math.min(index, next.length), 0, tag);
  checkTree(next);
  return next;
}

/**
 * Applies `change` to every tag (`null` removes it), checks the result is a sound tree, and records
 * each tag that was removed or changed as it was, with its position.
 */
function plan(tags: readonly Tag[], change: (tag: Tag) => Tag | null): TagPlan {
  const next: Tag[] = [];
  const before: TagBefore[] = [];
  tags.forEach((tag, index) => {
    const changed = change(tag);
    if (changed !== tag) before.push({ tag, index });
    if (changed !== null) next.push(changed);
  });
  checkTree(next);
  return { tags: next, before };
}
