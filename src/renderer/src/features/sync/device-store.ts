/**
 * The computers sharing the library and the names each gives itself and its reader: the one owner,
 * in the UI, of how a change's signature is shown. Loaded when the first view watches, again when
 * this computer's names change, and when a view meets a change signed by a computer not listed yet.
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
  private readonly asked = new Set<string>();

  constructor(private readonly api: DevicesApi) {
    super({ status: 'loading', devices: new Map(), error: null });
    // A rename here is a settings change; a computer not seen before is noticed by `know`.
    this.watching = refreshingWatch(this.api, ['settings'], () => void this.refresh());
  }

  /**
   * Lists the computers again when a change is signed by one not listed yet (another computer joined
   * the library); each unknown id asks once, so one whose device file is missing does not ask forever.
   */
  know(deviceIds: Iterable<string>): void {
    if (this.getSnapshot().status === 'loading') return;
    let unknown = false;
    for (const id of deviceIds) {
      if (this.getSnapshot().devices.has(id) || this.asked.has(id)) continue;
      this.asked.add(id);
      unknown = true;
    }
    if (unknown) void this.refresh();
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
