import { describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../shared/dispatch';
import { DEFAULT_COLOR_LABELS } from '../../shared/model';
import { stampOf } from '../sync/hlc';
import { appendAsDevice, libraryOnDisk } from '../store/test-store';
import { refusal, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

describe('colour meanings', () => {
  it('start from the defaults: yellow highlights, green is evidence, red disagreement', async () => {
    const service = await library.open();
    const { colorLabels } = await service.getSettings({});
    expect(colorLabels).toEqual(DEFAULT_COLOR_LABELS);
    expect([colorLabels.yellow, colorLabels.green, colorLabels.red]).toEqual([
      'Highlight',
      'Evidence',
      'Disagree',
    ]);
  });

  it('change for the colours given, keep the rest, and survive reopening', async () => {
    const service = await library.open();
    const updated = await service.updateSettings({ colorLabels: { orange: 'Key claim by Doyle', grey: '' } });
    expect(updated.colorLabels).toEqual({ ...DEFAULT_COLOR_LABELS, orange: 'Key claim by Doyle', grey: '' });
    await service.updateSettings({ colorLabels: { blue: 'Term to look up' } });
    expect((await (await library.reopen()).getSettings({})).colorLabels).toEqual({
      ...DEFAULT_COLOR_LABELS,
      orange: 'Key claim by Doyle',
      grey: '',
      blue: 'Term to look up',
    });
    expect(library.seen).toContainEqual({ name: 'library-changed', payload: { scope: 'settings' } });
  });

  it('store only what the reader set, next to settings Scholia does not know', async () => {
    const service = await library.open();
    await service.updateSettings({ colorLabels: { pink: 'Question for seminar' } });
    await library.reopen();
    expect((await libraryOnDisk(library.dir)).settings).toEqual({
      colorLabels: { pink: 'Question for seminar' },
    });
    // A newer Scholia on another computer sets a setting this one does not know.
    await appendAsDevice(library.dir, 'newerscholia', 'library.jsonl', [
      { h: stampOf(Date.now(), 0), k: 'settings', s: { theme: 'sepia' } },
    ]);
    await (await library.reopen()).updateSettings({ colorLabels: { red: 'Wrong' } });
    await library.reopen();
    const saved = await libraryOnDisk(library.dir);
    expect(saved.settings).toEqual({
      colorLabels: { pink: 'Question for seminar', red: 'Wrong' },
      theme: 'sepia',
    });
  });

  it('ignore labels a hand-edited file got wrong, and refuse bad ones at the boundary', async () => {
    await library.open();
    await appendAsDevice(library.dir, 'handedited', 'library.jsonl', [
      { h: stampOf(Date.now(), 0), k: 'settings', s: { colorLabels: { green: 42, red: 'Refuted' } } },
    ]);
    const reopened = await library.reopen();
    expect((await reopened.getSettings({})).colorLabels).toMatchObject({ green: 'Evidence', red: 'Refuted' });
    const unknown = await dispatchApiCall(reopened, 'updateSettings', { colorLabels: { teal: 'Method' } });
    expect(refusal(unknown)).toContain('Unrecognized key: "teal"');
    const tooLong = await dispatchApiCall(reopened, 'updateSettings', {
      colorLabels: { red: 'x'.repeat(101) },
    });
    expect(refusal(tooLong)).toContain('A colour’s meaning is at most 100 characters');
  });
});
