/**
 * The codebook's tree rules, the one place core, the CLI and the renderer read them from: a tag's path
 * from the top ("Economy › Trade"), a tag with every tag below it, and the codebook in reading order.
 *
 * Every function walks the tree by `parentId`, never by splitting a path string (a tag's name may
 * itself hold " › "), and visits each tag once, so a damaged file with a cycle never loops.
 */
import type { Tag } from './model';

/** The fields of a tag that place it in the tree. */
export type TreeTag = Pick<Tag, 'id' | 'parentId'>;

/** The fields of a tag that name it in the tree. */
export type NamedTag = Pick<Tag, 'id' | 'name' | 'parentId'>;

/** A codebook to look tags up in: the list `listTags` gives, or a map of it by id built once. */
export type TagLookup<T extends TreeTag> = readonly T[] | ReadonlyMap<string, T>;

/** What stands between the names of a path, as the reader sees it: `Economy › Trade`. */
export const TAG_PATH_SEPARATOR = ' › ';

function byId<T extends TreeTag>(tags: TagLookup<T>): ReadonlyMap<string, T> {
  return tags instanceof Map ? tags : new Map((tags as readonly T[]).map((tag) => [tag.id, tag]));
}

/**
 * Tag `id` and its ancestors, top first. Empty for a tag that is not in `tags`. A cycle (a damaged
 * file) ends the line at the first tag met again.
 */
export function tagLineage<T extends TreeTag>(tags: TagLookup<T>, id: string): T[] {
  const lookup = byId(tags);
  const line: T[] = [];
  const seen = new Set<string>();
  for (let tag = lookup.get(id); tag !== undefined && !seen.has(tag.id);) {
    seen.add(tag.id);
    line.unshift(tag);
    tag = tag.parentId === null ? undefined : lookup.get(tag.parentId);
  }
  return line;
}

/** The names of tag `id` and its ancestors, top first: `['Economy', 'Trade']` (as {@link tagLineage}). */
export function tagPathNames(tags: TagLookup<NamedTag>, id: string): string[] {
  return tagLineage(tags, id).map((tag) => tag.name);
}

/** Tag `id`'s path as the reader reads it, `Economy › Trade`; empty for a tag that is not in `tags`. */
export function tagPath(tags: TagLookup<NamedTag>, id: string): string {
  return tagPathNames(tags, id).join(TAG_PATH_SEPARATOR);
}

/** The paths of `ids` (as {@link tagPath}), in their order, leaving out ids not in `tags`. */
export function tagPaths(tags: TagLookup<NamedTag>, ids: readonly string[]): string[] {
  const lookup = byId(tags);
  return ids.map((id) => tagPath(lookup, id)).filter((path) => path !== '');
}

function childrenByParent<T extends TreeTag>(tags: readonly T[]): Map<string | null, T[]> {
  const children = new Map<string | null, T[]>();
  for (const tag of tags) {
    const list = children.get(tag.parentId);
    if (list === undefined) children.set(tag.parentId, [tag]);
    else list.push(tag);
  }
  return children;
}

/** Every tag below tag `id` (its children, their children…), nearest first, siblings in list order. */
export function descendantsOf<T extends TreeTag>(tags: readonly T[], id: string): T[] {
  const children = childrenByParent(tags);
  const found: T[] = [];
  const seen = new Set([id]);
  for (let i = -1; i < found.length; i++) {
    const parentId = i < 0 ? id : (found[i] as T).id;
    for (const child of children.get(parentId) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      found.push(child);
    }
  }
  return found;
}

/**
 * The ids of `ids` and of every tag below any of them: what a filter by those tags "with their
 * sub-tags" lets through. An id not in `tags` stands for itself. Linear in the number of tags.
 */
export function tagsWithSubTags(tags: readonly TreeTag[], ids: Iterable<string>): Set<string> {
  const children = childrenByParent(tags);
  const found = new Set<string>();
  const stack = [...ids];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (found.has(id)) continue;
    found.add(id);
    for (const child of children.get(id) ?? []) stack.push(child.id);
  }
  return found;
}

/** Tag `id` and every tag below it, as {@link tagsWithSubTags}. */
export function tagWithSubTags(tags: readonly TreeTag[], id: string): Set<string> {
  return tagsWithSubTags(tags, [id]);
}

/** One tag of the codebook in reading order, with how deep it stands (0 at the top). */
export interface CodebookEntry<T> {
  readonly tag: T;
  readonly depth: number;
}

/** Names as siblings are ordered: alphabetically ignoring case and accents, then by id so ties never vary. */
export function compareTagNames(a: NamedTag, b: NamedTag): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

/**
 * The codebook in reading order: each tag followed by its sub-tags, siblings by {@link compareTagNames}.
 * Tags a damaged file leaves without a way down from the top (a missing parent, a cycle) come last,
 * each with the tags below it, so none is ever left out.
 */
export function codebookOrder<T extends NamedTag>(tags: readonly T[]): CodebookEntry<T>[] {
  const children = childrenByParent(tags);
  for (const list of children.values()) list.sort(compareTagNames);
  const ordered: CodebookEntry<T>[] = [];
  const placed = new Set<string>();
  const visit = (tag: T, depth: number): void => {
    if (placed.has(tag.id)) return;
    placed.add(tag.id);
    ordered.push({ tag, depth });
    for (const child of children.get(tag.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  for (const tag of tags) visit(tag, 0);
  return ordered;
}

/**
 * The names of a path the reader typed into a tag field, top first: "Economy › Planning" and
 * "Economy/Planning" are `['Economy', 'Planning']`, as the codebook shows the tag. A name typed there
 * cannot itself hold `›` or `/` (the codebook panel names such tags); empty names are left out.
 */
export function typedTagPath(typed: string): string[] {
  return typed
    .split(/[›/]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * A tag's name as compared among its siblings, who may not share one: case and Unicode normalisation
 * do not make two names different ("Économie" typed either way, "ECONOMY" and "Economy").
 */
export function tagNameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase();
}

/** Whether two tag names are the same name among siblings ({@link tagNameKey}). */
export function sameTagName(a: string, b: string): boolean {
  return tagNameKey(a) === tagNameKey(b);
}

/**
 * The tag at the end of `names` walked from the top of the codebook (each name among the children of
 * the one before), or null when one of them is missing.
 */
export function tagAtPath<T extends NamedTag>(tags: readonly T[], names: readonly string[]): T | null {
  let parentId: string | null = null;
  let found: T | null = null;
  for (const name of names) {
    found = tags.find((tag) => tag.parentId === parentId && sameTagName(tag.name, name)) ?? null;
    if (found === null) return null;
    parentId = found.id;
  }
  return found;
}
