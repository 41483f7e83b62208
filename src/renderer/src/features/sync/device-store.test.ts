import { describe, expect, it } from 'vitest';
import type { LibraryDevice } from '../../../../shared/sync';
import { TestEvents } from '../../ui/test-events';
import { DeviceStore, type DevicesApi } from './device-store';

/** Computers as core would list them; `calls` counts the listings. */
class MemoryDevices implements DevicesApi {
  devices: LibraryDevice[] = [{ id: 'laptop000001', name: 'Laptop', readerName: 'Ana', thisComputer: true }];
  calls = 0;
  readonly events = new TestEvents();
  readonly on = this.events.on;
  listDevices(): Promise<LibraryDevice[]> {
    this.calls += 1;
    return Promise.resolve(this.devices.map((device) => ({ ...device })));
  }
}

describe('the computers sharing the library', () => {
  it('lists them again for a change signed by a computer not listed yet, once per such computer', async () => {
    const api = new MemoryDevices();
    const store = new DeviceStore(api);
    const stop = store.watch();
    await store.loaded();
    expect(api.calls).toBe(1);
    store.know(['laptop000001']);
    expect(api.calls).toBe(1);
    api.devices.push({ id: 'desktop00002', name: 'Desktop', readerName: 'Ben', thisComputer: false });
    store.know(['laptop000001', 'desktop00002']);
    await store.loaded();
    expect(api.calls).toBe(2);
    expect(store.getSnapshot().devices.get('desktop00002')?.name).toBe('Desktop');
    // A computer that never wrote its device file is asked about once, not at every change.
    store.know(['nofile000003']);
    await store.loaded();
    store.know(['nofile000003']);
    await store.loaded();
    expect(api.calls).toBe(3);
    stop();
  });

  it('lists them again when this computer’s names change, and not for every highlight', async () => {
    const api = new MemoryDevices();
    const store = new DeviceStore(api);
    const stop = store.watch();
    await store.loaded();
    api.events.emit({ scope: 'annotations', documentId: 'd' });
    api.events.emit({ scope: 'settings' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await store.loaded();
    expect(api.calls).toBe(2);
    stop();
  });
});
