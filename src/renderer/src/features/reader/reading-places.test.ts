import { describe, expect, it } from 'vitest';
import { MAX_PLACES, parseReadingPlaces, readingPlaceOf, rememberReadingPlace } from './reading-places';

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('reading places', () => {
  it('give back where each document was left', () => {
    const storage = memoryStorage();
    rememberReadingPlace(storage, 'a', 1200, 1);
    rememberReadingPlace(storage, 'b', 40, 2);
    rememberReadingPlace(storage, 'a', 5300, 3);
    expect(readingPlaceOf(storage, 'a')).toEqual({ offset: 5300, at: 3 });
    expect(readingPlaceOf(storage, 'b')).toEqual({ offset: 40, at: 2 });
    expect(readingPlaceOf(storage, 'c')).toBeNull();
  });

  it('forget the least recently read documents beyond the limit', () => {
    const storage = memoryStorage();
    for (let n = 0; n <= MAX_PLACES; n += 1) rememberReadingPlace(storage, `doc-${String(n)}`, n, n);
    expect(readingPlaceOf(storage, 'doc-0')).toBeNull();
    expect(readingPlaceOf(storage, 'doc-1')).toEqual({ offset: 1, at: 1 });
    expect(readingPlaceOf(storage, `doc-${String(MAX_PLACES)}`)?.offset).toBe(MAX_PLACES);
  });

  it('leave out damaged entries and survive a damaged store', () => {
    expect(parseReadingPlaces('{"a":{"offset":-1,"at":1},"b":{"offset":7,"at":2},"c":3}')).toEqual(
      new Map([['b', { offset: 7, at: 2 }]]),
    );
    expect(parseReadingPlaces('not json').size).toBe(0);
    expect(parseReadingPlaces('[1,2]').size).toBe(0);
  });

  it('do not fail when the storage is full', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(() => rememberReadingPlace(storage, 'a', 10)).not.toThrow();
  });
});
