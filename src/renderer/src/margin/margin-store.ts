/**
 * What the margin of an open document shows and remembers: the card the reader is working on, the
 * filter and sort of the list, whether cards sit beside their passages or in a list, the colour new
 * highlights get, the colour meanings it shows (loaded through the API, reloaded when another window
 * changes them), and the codebook, read from the app's one codebook store so that a tag renamed
 * anywhere is renamed in the margin at once.
 */
import type { ScholiaApi, Unsubscribe } from '../../../shared/api';
import {
  DEFAULT_COLOR_LABELS,
  HIGHLIGHT_COLORS,
  type HighlightColor,
  type TagSummary,
} from '../../../shared/model';
import type { CodebookStore } from '../state/codebook-store';
import { ObservableStore } from '../state/observable-store';
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

/** The part of the API the margin store uses. */
export type MarginApi = Pick<ScholiaApi, 'getSettings' | 'on'>;

/** The part of the codebook store the margin uses. */
export type MarginCodebook = Pick<
  CodebookStore,
  'getSnapshot' | 'subscribe' | 'refresh' | 'watch' | 'create'
>;

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
    private readonly api: MarginApi,
    private readonly codebook: MarginCodebook,
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
      colorLabels: DEFAULT_COLOR_LABELS,
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

  /** Loads the codebook and the colour meanings; a failure keeps what is shown and rejects. */
  async load(): Promise<void> {
    const [settings] = await Promise.all([this.api.getSettings({}), this.codebook.refresh()]);
    this.set({ ...this.getSnapshot(), colorLabels: settings.colorLabels });
    const { status, error } = this.codebook.getSnapshot();
    if (status === 'failed') throw new Error(error ?? 'The codebook could not be read.');
  }

  /**
   * Adds tag `name` to the top of the codebook; resolves to it once saved. The codebook records the
   * step, so Undo deletes the tag again.
   */
  async createTag(name: string): Promise<TagSummary> {
    const tag = await this.codebook.create(name, null);
    const listed = this.codebook.getSnapshot().tags.find((t) => t.id === tag.id);
    return listed ?? { ...tag, passageCount: 0 };
  }

  /**
   * Follows the codebook (renames, new tags, deletions, from any view) and reloads the colour meanings
   * whenever core says they changed. Returns a function that stops it.
   */
  watch(): Unsubscribe {
    const stopCodebook = this.codebook.watch();
    const stopTags = this.codebook.subscribe(() => {
      const { tags } = this.codebook.getSnapshot();
      if (tags !== this.getSnapshot().tags) this.set({ ...this.getSnapshot(), tags });
    });
    const stopSettings = this.api.on('library-changed', (change) => {
      if (change.scope === 'settings') this.load().catch(() => undefined);
    });
    return () => {
      stopSettings();
      stopTags();
      stopCodebook();
    };
  }
}
