/**
 * The computers sharing the library and the names each gives itself and its reader: the one owner,
 * in the UI, of how a change's signature is shown. Loaded when the first view watches, and again
 * whenever core says something changed (a change from another computer may come from one not seen
 * before; a rename here is a settings change).
 */
import type { ScholiaApi, Unsubscribe } from '../../../../shared/api';
import { deviceDirectory, type DeviceDirectory } from '../../../../shared/change-authors';
import { LatestLoad, type LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';
import { refreshingWatch, type SharedWatch } from '../../ui/refresh-on-change';

/** What the views read. */
export interface DevicesSnapshot extends LoadStatus {
  /** The computers by id; empty until loaded. */
  readonly devices: DeviceDirectory;
}

/** The part of the API the store uses. */
export type DevicesApi = Pick<ScholiaApi, 'listDevices' | 'on'>;

/** The computers sharing the library. */
export class DeviceStore extends ObservableStore<DevicesSnapshot> {
  private readonly loading = new LatestLoad(this, 'The computers sharing this library could not be listed.');
  private readonly watching: SharedWatch;

  constructor(private readonly api: DevicesApi) {
    super({ status: 'loading', devices: new Map(), error: null });
    this.watching = refreshingWatch(
      this.api,
      ['settings', 'annotations', 'documents', 'tags'],
      () => void this.refresh(),
    );
  }

  /** Lists the computers again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    return this.loading.run(
      () => this.api.listDevices({}),
      (devices) => this.set({ status: 'ready', devices: deviceDirectory(devices), error: null }),
    );
  }

  /** Resolves once the latest load has ended. Never rejects. */
  loaded(): Promise<void> {
    return this.loading.loaded();
  }

  /** Keeps the list current while a view shows it; returns a function that stops this view's watch. */
  watch(): Unsubscribe {
    return this.watching.watch();
  }
}
