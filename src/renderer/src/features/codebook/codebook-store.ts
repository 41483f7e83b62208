/**
 * The codebook as every view shows it and changes it, the one owner of the tag list in the UI (so a
 * rename shows everywhere at once): the tags (loaded through the API when the first view watches,
 * reloaded when core says the codebook or the annotations changed, a failure to load kept for the
 * views to show), which branches are collapsed, and every
 * change (create, rename, recolour, describe, move, merge, delete), each recorded on the undo stack
 * with an undo and a redo that go through the API.
 */
import type { ApiArgs, ScholiaApi, Unsubscribe } from '../../../../shared/api';
import type { Tag, TagDeletionImpact, TagSummary, TagUndo } from '../../../../shared/model';
import { tagPath } from '../../../../shared/codebook';
import { LatestLoad, type LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';
import { refreshingWatch, type SharedWatch } from '../../ui/refresh-on-change';
import type { UndoEntry } from '../../app/undo/undo-stack';

/** What the codebook panel shows. */
export interface CodebookSnapshot extends LoadStatus {
  /** Parents before their children, as `listTags` gives them. */
  readonly tags: readonly TagSummary[];
  /** Tags whose sub-tags are hidden. */
  readonly collapsed: ReadonlySet<string>;
}

/** The part of the API the store uses. */
export type CodebookApi = Pick<
  ScholiaApi,
  | 'listTags'
  | 'createTag'
  | 'updateTag'
  | 'mergeTags'
  | 'describeTagDeletion'
  | 'deleteTag'
  | 'restoreTags'
  | 'on'
>;

/** Where the store records what it did. */
export interface UndoRecorder {
  record(entry: UndoEntry): void;
}

/** What a tag change may change. */
export type TagPatch = ApiArgs<'updateTag'>['patch'];

/** What becomes of a deleted tag's sub-tags. */
export type SubTagChoice = 'reparent' | 'delete';

function plural(count: number, one: string, many: string): string {
  return `${new Intl.NumberFormat().format(count)} ${count === 1 ? one : many}`;
}

/**
 * What deleting a tag would do, in plain words: "12 passages lose this tag; its 2 sub-tags move up to
 * “Economy”." `parentName` is null for a top-level tag.
 */
export function deletionSummary(
  impact: TagDeletionImpact,
  parentName: string | null,
  children: SubTagChoice,
): string {
  const passages =
    impact.passages === 0
      ? 'No passage carries this tag'
      : `${plural(impact.passages, 'passage loses', 'passages lose')} this tag`;
  if (impact.children === 0) return `${passages}. The passages themselves stay.`;
  if (children === 'reparent') {
    const where = parentName === null ? 'the top of the codebook' : `“${parentName}”`;
    return `${passages}; its ${plural(impact.children, 'sub-tag moves', 'sub-tags move')} up to ${where}. The passages themselves stay.`;
  }
  const lose = plural(impact.passagesWithDescendants, 'passage loses', 'passages lose');
  return `${lose} this tag or one of the ${plural(impact.descendants, 'tag', 'tags')} below it, which are deleted with it. The passages themselves stay.`;
}

/** The codebook. */
export class CodebookStore extends ObservableStore<CodebookSnapshot> {
  private readonly loading = new LatestLoad(this, 'The codebook could not be read.');
  private readonly watching: SharedWatch;

  constructor(
    private readonly api: CodebookApi,
    private readonly undo: UndoRecorder,
  ) {
    super({ status: 'loading', tags: [], collapsed: new Set(), error: null });
    this.watching = refreshingWatch(this.api, ['tags', 'annotations'], () => void this.refresh());
  }

  /** The tag `id`, or undefined. */
  tag(id: string): TagSummary | undefined {
    return this.getSnapshot().tags.find((t) => t.id === id);
  }

  /** Loads the codebook again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    return this.loading.run(
      () => this.api.listTags({}),
      (tags) => this.update((s) => ({ ...s, status: 'ready', tags, error: null })),
    );
  }

  /** Resolves once the latest load has ended (at once when none was asked for). Never rejects. */
  loaded(): Promise<void> {
    return this.loading.loaded();
  }

  /**
   * Keeps the codebook current while a view shows it: the first view to watch loads it, and whenever
   * core says tags or annotations (so passage counts) changed it is loaded again. Returns a function
   * that stops this view's watch. Several views (the codebook panel, a margin, the find panel) may
   * watch at once; core is listened to once, until the last of them stops.
   */
  watch(): Unsubscribe {
    return this.watching.watch();
  }

  /** Shows or hides the sub-tags of `id`. */
  setExpanded(id: string, expanded: boolean): void {
    this.update((s) => {
      if (s.collapsed.has(id) !== expanded) return s;
      const collapsed = new Set(s.collapsed);
      if (expanded) collapsed.delete(id);
      else collapsed.add(id);
      return { ...s, collapsed };
    });
  }

  /** Adds tag `name` at the top or under `parentId`; resolves to it once saved. Undo deletes it, redo restores it. */
  async create(name: string, parentId: string | null): Promise<Tag> {
    const created = await this.api.createTag({ name, parentId });
    if (parentId !== null) this.setExpanded(parentId, true);
    let removal: TagUndo | null = null;
    this.undo.record({
      label: 'Create tag',
      undo: async () => {
        removal = await this.api.deleteTag({ tagId: created.id, children: 'reparent' });
        await this.refresh();
      },
      redo: async () => {
        if (removal !== null) await this.api.restoreTags(removal);
        await this.refresh();
      },
    });
    await this.refresh();
    return created;
  }

  /** Renames tag `id`. */
  rename(id: string, name: string): Promise<Tag> {
    return this.change(id, { name }, 'Rename tag');
  }

  /** Gives tag `id` a colour, or none. */
  recolor(id: string, color: string | null): Promise<Tag> {
    return this.change(id, { color }, 'Recolour tag');
  }

  /** Sets tag `id`'s description (Markdown). */
  describe(id: string, description: string): Promise<Tag> {
    return this.change(id, { description }, 'Describe tag');
  }

  /** Moves tag `id` under `parentId`, or to the top with null. */
  async move(id: string, parentId: string | null): Promise<Tag> {
    const moved = await this.change(id, { parentId }, 'Move tag');
    if (parentId !== null) this.setExpanded(parentId, true);
    return moved;
  }

  /** Merges `sourceId` into `targetId`. Undo restores the source and its passages' tags. */
  merge(sourceId: string, targetId: string): Promise<void> {
    return this.restorable('Merge tags', () => this.api.mergeTags({ sourceId, targetId }));
  }

  /** What deleting tag `id` would do. */
  describeDeletion(id: string): Promise<TagDeletionImpact> {
    return this.api.describeTagDeletion({ tagId: id });
  }

  /** Deletes tag `id`; its sub-tags move up or go with it. Undo restores them and their passages' tags. */
  remove(id: string, children: SubTagChoice): Promise<void> {
    return this.restorable('Delete tag', () => this.api.deleteTag({ tagId: id, children }));
  }

  /** `id`'s path, e.g. "Economy › Trade". */
  path(id: string): string {
    return tagPath(this.getSnapshot().tags, id);
  }

  /** Makes `change`, which answers with what `restoreTags` needs to undo it; undo restores, redo makes it again. */
  private async restorable(label: string, change: () => Promise<TagUndo>): Promise<void> {
    let restore = await change();
    this.undo.record({
      label,
      undo: async () => {
        await this.api.restoreTags(restore);
        await this.refresh();
      },
      redo: async () => {
        restore = await change();
        await this.refresh();
      },
    });
    await this.refresh();
  }

  private async change(id: string, patch: TagPatch, label: string): Promise<Tag> {
    const before = this.tag(id);
    if (before === undefined)
      throw new Error('That tag is no longer in the codebook; it may have been deleted.');
    const previous: TagPatch = {};
    if (patch.name !== undefined) previous.name = before.name;
    if (patch.parentId !== undefined) previous.parentId = before.parentId;
    if (patch.color !== undefined) previous.color = before.color;
    if (patch.description !== undefined) previous.description = before.description;
    const changed = await this.api.updateTag({ tagId: id, patch });
    this.undo.record({
      label,
      undo: async () => {
        await this.api.updateTag({ tagId: id, patch: previous });
        await this.refresh();
      },
      redo: async () => {
        await this.api.updateTag({ tagId: id, patch });
        await this.refresh();
      },
    });
    await this.refresh();
    return changed;
  }
}
