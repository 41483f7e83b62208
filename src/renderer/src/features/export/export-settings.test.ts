import { describe, expect, it } from 'vitest';
import {
  EXPORT_SETTINGS_KEY,
  defaultExportOptions,
  loadExportOptions,
  saveExportOptions,
} from './export-settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('export settings', () => {
  it('starts from a Markdown bibliography of the whole library in APA', () => {
    const options = loadExportOptions(memoryStorage());
    expect(options).toEqual(defaultExportOptions());
    expect(options).toMatchObject({
      format: 'markdown',
      style: 'apa',
      groupBy: 'source',
      scope: { kind: 'library' },
    });
  });

  it('gives back what was saved', () => {
    const storage = memoryStorage();
    const options = {
      ...defaultExportOptions(),
      style: 'mla',
      groupBy: 'tag' as const,
      includeComments: false,
      scope: { kind: 'collection' as const, collectionId: 'week-3' },
      filters: { colors: ['green' as const] },
    };
    saveExportOptions(storage, options);
    expect(loadExportOptions(storage)).toEqual(options);
  });

  it('does not remember the selected documents', () => {
    const storage = memoryStorage();
    saveExportOptions(storage, {
      ...defaultExportOptions(),
      scope: { kind: 'documents', documentIds: ['a', 'b'] },
    });
    expect(loadExportOptions(storage).scope).toEqual({ kind: 'library' });
  });

  it.each([
    ['not JSON', '{oops'],
    ['an unknown format', JSON.stringify({ format: 'docx' })],
    ['a wrong type', JSON.stringify({ includeComments: 'yes' })],
  ])('falls back to the defaults for %s', (_name, stored) => {
    expect(loadExportOptions(memoryStorage({ [EXPORT_SETTINGS_KEY]: stored }))).toEqual(
      defaultExportOptions(),
    );
  });
});
