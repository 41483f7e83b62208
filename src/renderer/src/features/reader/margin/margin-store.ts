/**
 * What the margin of an open document shows and remembers: the card the reader is working on, the
 * filter and sort of the list, whether cards sit beside their passages or in a list, the colour new
 * highlights get, and the colour meanings and the codebook it shows, read from the app's one settings
 * store and one codebook store so that a meaning or a tag changed anywhere changes in the margin at once.
 */
import type { Unsubscribe } from '../../../../../shared/api';
import { sameTagName } from '../../../../../shared/codebook';
import { HIGHLIGHT_COLORS, type HighlightColor, type TagSummary } from '../../../../../shared/model';
import type { CodebookStore } from '../../codebook';
import { ObservableStore } from '../../../ui/observable-store';
import type { SettingsStore } from '../../../app/settings/settings-store';
import { NO_FILTER, type MarginFilter, type MarginSort } from './margin-filter';

/** How cards are laid out: beside their passages, or as a list (narrow windows, or by choice). */
export type MarginLayout = 'aligned' | 'list';

/** What the margin shows. */
export interface MarginSnapshot {
  /** The annotation whose card is open (selected in the text or in the margin), or null. */
  readonly activeId: string | null;
  /** Whether the open card's comment is being written (a new note opens so). */
  readonly writing: boolean;
  readonly filter: MarginFilter;
  readonly sort: MarginSort;
  /** The layout the reader chose; `aligned` falls back to a list where the window is narrow. */
  readonly layout: MarginLayout;
  /** Whether the margin is shown where it is a drawer over the text (narrow windows). */
  readonly drawerOpen: boolean;
  /** The colour the next highlight gets: the one used last. */
  readonly lastColor: HighlightColor;
  /** The codebook, parents before their children. */
  readonly tags: readonly TagSummary[];
  /** What each colour means. */
  readonly colorLabels: Readonly<Record<HighlightColor, string>>;
}

/** The part of the codebook store the margin uses. */
export type MarginCodebook = Pick<
  CodebookStore,
  'getSnapshot' | 'subscribe' | 'loaded' | 'watch' | 'create' | 'refresh'
>;

/** The part of the settings store the margin uses. */
export type MarginSettings = Pick<SettingsStore, 'getSnapshot' | 'subscribe' | 'loaded' | 'watch'>;

/** Where the last-used colour is remembered between documents and sessions. */
const LAST_COLOR_KEY = 'scholia.lastHighlightColor';

function rememberedColor(): HighlightColor {
  try {
    const stored = globalThis.localStorage.getItem(LAST_COLOR_KEY);
    return (HIGHLIGHT_COLORS as readonly string[]).includes(stored ?? '')
      ? (stored as HighlightColor)
      : 'yellow';
  } catch {
    // Storage may be unavailable (a locked-down browser); yellow is then the start colour.
    return 'yellow';
  }
}

/** The margin's state for one open document. */
export class MarginStore extends ObservableStore<MarginSnapshot> {
  constructor(
    private readonly codebook: MarginCodebook,
    private readonly settings: MarginSettings,
  ) {
    super({
      activeId: null,
      writing: false,
      filter: NO_FILTER,
      sort: 'position',
      layout: 'aligned',
      drawerOpen: false,
      lastColor: rememberedColor(),
      tags: codebook.getSnapshot().tags,
      colorLabels: settings.getSnapshot().colorLabels,
    });
  }

  /** Opens the card of annotation `id` (null closes it); `writing` puts the caret in its comment. */
  activate(id: string | null, writing = false): void {
    const s = this.getSnapshot();
    if (s.activeId === id && s.writing === writing) return;
    this.set({ ...s, activeId: id, writing: id === null ? false : writing });
  }

  setFilter(filter: MarginFilter): void {
    this.set({ ...this.getSnapshot(), filter });
  }

  setSort(sort: MarginSort): void {
    this.set({ ...this.getSnapshot(), sort });
  }

  setLayout(layout: MarginLayout): void {
    this.set({ ...this.getSnapshot(), layout });
  }

  /** Shows or hides the margin where it is a drawer. */
  setDrawerOpen(drawerOpen: boolean): void {
    if (this.getSnapshot().drawerOpen !== drawerOpen) this.set({ ...this.getSnapshot(), drawerOpen });
  }

  /** Makes `color` the colour of the next highlight. */
  useColor(color: HighlightColor): void {
    if (this.getSnapshot().lastColor === color) return;
    this.set({ ...this.getSnapshot(), lastColor: color });
    try {
      globalThis.localStorage.setItem(LAST_COLOR_KEY, color);
    } catch {
      // Not remembered beyond this session; nothing else depends on it.
    }
  }

  /**
   * Resolves once the codebook and the colour meanings the margin watches ({@link watch}) have been
   * loaded; rejects, naming what failed, when one of them could not be (what is shown stays).
   */
  async loaded(): Promise<void> {
    await Promise.all([this.codebook.loaded(), this.settings.loaded()]);
    for (const { status, error } of [this.codebook.getSnapshot(), this.settings.getSnapshot()]) {
      if (status === 'failed') throw new Error(error ?? 'The tags and colour meanings could not be read.');
    }
  }

  /**
   * The tag at the end of the path `names` (top first), adding those of its names the codebook lacks
   * (a single name: a tag at the top); resolves to it once saved. The codebook records each tag it
   * adds, so Undo deletes them again.
   */
  async createTag(names: readonly string[]): Promise<TagSummary> {
    // The tags above may have been made a moment ago elsewhere (another window, the codebook panel).
    if (names.length > 1) await this.codebook.refresh();
    let parentId: string | null = null;
    let made: TagSummary | null = null;
    for (const name of names) {
      const { tags } = this.codebook.getSnapshot();
      const existing = tags.find((t) => t.parentId === parentId && sameTagName(t.name, name));
      if (existing !== undefined) made = existing;
      else {
        const tag = await this.codebook.create(name, parentId);
        made = this.codebook.getSnapshot().tags.find((t) => t.id === tag.id) ?? { ...tag, passageCount: 0 };
      }
      parentId = made.id;
    }
    if (made === null) throw new RangeError('A tag needs a name.');
    return made;
  }

  /**
   * Follows the codebook and the colour meanings (renames, new tags, deletions, a meaning changed, from
   * any view or window). Returns a function that stops it.
   */
  watch(): Unsubscribe {
    const follow = (): void => {
      const { tags } = this.codebook.getSnapshot();
      const { colorLabels } = this.settings.getSnapshot();
      const current = this.getSnapshot();
      if (tags !== current.tags || colorLabels !== current.colorLabels)
        this.set({ ...current, tags, colorLabels });
    };
    const stops = [
      this.codebook.subscribe(follow),
      this.settings.subscribe(follow),
      this.codebook.watch(),
      this.settings.watch(),
    ];
    follow();
    return () => {
      for (const stop of stops) stop();
    };
  }
}
