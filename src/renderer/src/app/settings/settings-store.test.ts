import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiArgs } from '../../../../shared/api';
import { ScholiaError } from '../../../../shared/errors';
import { DEFAULT_COLOR_LABELS, type Settings } from '../../../../shared/model';
import { SettingsStore, type SettingsApi } from './settings-store';
import { TestEvents } from '../../ui/test-events';

/** Settings kept in memory as core keeps them, counting reads, with the events core sends. */
class MemorySettings implements SettingsApi {
  labels: Settings['colorLabels'] = { ...DEFAULT_COLOR_LABELS };
  reads = 0;
  failing = false;
  readonly events = new TestEvents();

  getSettings = (): Promise<Settings> =>
    Promise.resolve().then(() => {
      this.reads += 1;
      if (this.failing) throw new ScholiaError('io', 'library.json could not be read.');
      return { colorLabels: { ...this.labels } };
    });

  updateSettings = ({ colorLabels }: ApiArgs<'updateSettings'>): Promise<Settings> =>
    Promise.resolve().then(() => {
      this.labels = { ...this.labels, ...colorLabels };
      return { colorLabels: { ...this.labels } };
    });

  on = this.events.on;
}

describe('SettingsStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads once for every view that watches, and reloads when the settings change', async () => {
    const api = new MemorySettings();
    api.labels.red = 'Disagree';
    const store = new SettingsStore(api);
    const stopMargin = store.watch();
    const stopExport = store.watch();
    await store.loaded();
    expect(api.reads).toBe(1);
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', error: null });
    expect(store.getSnapshot().colorLabels.red).toBe('Disagree');
    api.labels.red = 'Against';
    api.events.emit({ scope: 'tags' });
    await vi.runAllTimersAsync();
    expect(api.reads).toBe(1);
    api.events.emit({ scope: 'settings' });
    await vi.runAllTimersAsync();
    expect(store.getSnapshot().colorLabels.red).toBe('Against');
    stopMargin();
    stopExport();
  });

  it('stops listening when the last view stops, and loads afresh when a view watches again', async () => {
    const api = new MemorySettings();
    const store = new SettingsStore(api);
    const stop = store.watch();
    await store.loaded();
    stop();
    api.labels.green = 'Evidence';
    api.events.emit({ scope: 'settings' });
    await vi.runAllTimersAsync();
    expect(store.getSnapshot().colorLabels.green).toBe(DEFAULT_COLOR_LABELS.green);
    const again = store.watch();
    await store.loaded();
    expect(store.getSnapshot().colorLabels.green).toBe('Evidence');
    again();
  });

  it('keeps the reason it could not load, for the views to show', async () => {
    const api = new MemorySettings();
    api.failing = true;
    const store = new SettingsStore(api);
    const stop = store.watch();
    await store.loaded();
    expect(store.getSnapshot()).toMatchObject({ status: 'failed', error: 'library.json could not be read.' });
    expect(store.getSnapshot().colorLabels).toEqual(DEFAULT_COLOR_LABELS);
    stop();
  });

  it('shows a change as soon as core has saved it', async () => {
    const api = new MemorySettings();
    const store = new SettingsStore(api);
    await store.change({ colorLabels: { blue: 'Method' } });
    expect(api.labels.blue).toBe('Method');
    expect(store.getSnapshot()).toMatchObject({ status: 'ready' });
    expect(store.getSnapshot().colorLabels.blue).toBe('Method');
  });
});
