/**
 * The codebook panel's tree: rows in display order with their depth, and the tags a tag may move or
 * merge under. Pure functions over the flat list `listTags` returns; the tree's own rules (paths,
 * sub-tags) are `shared/codebook.ts`.
 */
import { descendantsOf } from '../../../../shared/codebook';
import type { TagSummary } from '../../../../shared/model';

/** One visible row of the tree. */
export interface CodebookRow {
  readonly tag: TagSummary;
  /** 0 for a top-level tag. */
  readonly depth: number;
  readonly hasChildren: boolean;
  readonly expanded: boolean;
  /** 1-based position among its siblings, and how many siblings there are (for `aria-posinset`/`setsize`). */
  readonly position: number;
  readonly siblings: number;
}

function childrenByParent(tags: readonly TagSummary[]): Map<string | null, TagSummary[]> {
  const known = new Set(tags.map((t) => t.id));
  const byParent = new Map<string | null, TagSummary[]>();
  for (const tag of tags) {
    // A tag whose parent is missing is shown at the top rather than lost.
    const parent = tag.parentId !== null && known.has(tag.parentId) ? tag.parentId : null;
    const list = byParent.get(parent) ?? [];
    list.push(tag);
    byParent.set(parent, list);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  for (const list of byParent.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  return byParent;
}

/** The rows to show: every tag under an expanded parent, siblings by name, children after their parent. */
export function visibleRows(tags: readonly TagSummary[], collapsed: ReadonlySet<string>): CodebookRow[] {
  const byParent = childrenByParent(tags);
  const rows: CodebookRow[] = [];
  const seen = new Set<string>();
  // Hidden sub-tags are walked too (without rows), so that only tags caught in a cycle stay unseen.
  const walk = (parent: string | null, depth: number, shown: boolean): void => {
    const children = byParent.get(parent) ?? [];
    children.forEach((tag, index) => {
      // A damaged codebook with a cycle must not loop for ever.
      if (seen.has(tag.id)) return;
      seen.add(tag.id);
      const hasChildren = (byParent.get(tag.id)?.length ?? 0) > 0;
      const expanded = hasChildren && !collapsed.has(tag.id);
      if (shown)
        rows.push({ tag, depth, hasChildren, expanded, position: index + 1, siblings: children.length });
      walk(tag.id, depth + 1, shown && expanded);
    });
  };
  walk(null, 0, true);
  // Tags caught in a cycle (a damaged codebook) have no way down from the top; show them anyway.
  for (const tag of tags) {
    if (seen.has(tag.id)) continue;
    seen.add(tag.id);
    const hasChildren = (byParent.get(tag.id)?.length ?? 0) > 0;
    const expanded = hasChildren && !collapsed.has(tag.id);
    rows.push({ tag, depth: 0, hasChildren, expanded, position: 1, siblings: 1 });
    walk(tag.id, 1, expanded);
  }
  return rows;
}

/** The tags `id` could move under: all but itself, its sub-tags and its current parent. */
export function moveTargets(tags: readonly TagSummary[], id: string): TagSummary[] {
  const tag = tags.find((t) => t.id === id);
  const below = new Set(descendantsOf(tags, id).map((t) => t.id));
  return tags.filter((t) => t.id !== id && !below.has(t.id) && t.id !== tag?.parentId);
}

/** The tags `id` could merge into: every other tag. */
export function mergeTargets(tags: readonly TagSummary[], id: string): TagSummary[] {
  return tags.filter((t) => t.id !== id);
}

/** The parent row of the row at `index`, or -1 for a top-level row. */
export function parentRowIndex(rows: readonly CodebookRow[], index: number): number {
  const row = rows[index];
  if (row === undefined) return -1;
  for (let i = index - 1; i >= 0; i -= 1) if ((rows[i]?.depth ?? 0) < row.depth) return i;
  return -1;
}
