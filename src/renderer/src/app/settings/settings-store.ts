/**
 * The library's settings as every view reads them (one store for the app, so a colour's meaning
 * changed in the codebook panel shows at once in the margin and the export dialog): loaded through
 * the API when the first view watches, reloaded when core says the settings changed, and changed
 * through the API.
 */
import type { ApiArgs, ScholiaApi, Unsubscribe } from '../../../../shared/api';
import { DEFAULT_COLOR_LABELS, type HighlightColor, type Settings } from '../../../../shared/model';
import { LatestLoad, type LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';
import { refreshingWatch, type SharedWatch } from '../../ui/refresh-on-change';

/** What the views show of the settings. */
export interface SettingsSnapshot extends LoadStatus {
  /** What each highlight colour means; the defaults until the settings are loaded. */
  readonly colorLabels: Readonly<Record<HighlightColor, string>>;
}

/** The part of the API the store uses. */
export type SettingsApi = Pick<ScholiaApi, 'getSettings' | 'updateSettings' | 'on'>;

/** The library's settings. */
export class SettingsStore extends ObservableStore<SettingsSnapshot> {
  private readonly loading = new LatestLoad(this, 'The settings could not be read.');
  private readonly watching: SharedWatch;

  constructor(private readonly api: SettingsApi) {
    super({ status: 'loading', colorLabels: DEFAULT_COLOR_LABELS, error: null });
    this.watching = refreshingWatch(this.api, ['settings'], () => void this.refresh());
  }

  /** Loads the settings again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    return this.loading.run(
      () => this.api.getSettings({}),
      (settings) => this.show(settings),
    );
  }

  /** Resolves once the latest load has ended (at once when none was asked for). Never rejects. */
  loaded(): Promise<void> {
    return this.loading.loaded();
  }

  /**
   * Keeps the settings current while a view shows them: the first view to watch loads them, and
   * every change core announces reloads them. Returns a function that stops this view's watch.
   */
  watch(): Unsubscribe {
    return this.watching.watch();
  }

  /** Changes the settings given (a colour's meaning, say); resolves once saved, rejects with core's error. */
  async change(patch: ApiArgs<'updateSettings'>): Promise<void> {
    const settings = await this.api.updateSettings(patch);
    // Whatever was loading before the change is older than what the change returns.
    this.loading.supersede();
    this.show(settings);
  }

  private show(settings: Settings): void {
    this.set({
      status: 'ready',
      colorLabels: { ...DEFAULT_COLOR_LABELS, ...settings.colorLabels },
      error: null,
    });
  }
}
