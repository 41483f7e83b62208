import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { fixtureText, paragraphsDoc } from '../store/test-documents';
import { ProjectionCache } from './projection-cache';

const ussr = projectDocument(docFromJSON(paragraphsDoc(fixtureText('ussr'))));
const review = projectDocument(docFromJSON(paragraphsDoc(fixtureText('review'))));

describe('ProjectionCache', () => {
  it('returns a projection for the revision it was stored at', () => {
    const cache = new ProjectionCache();
    cache.set('ussr', 3, ussr);
    expect(cache.get('ussr', 3)).toBe(ussr);
  });

  it('forgets a projection once the text has a newer revision', () => {
    const cache = new ProjectionCache();
    cache.set('ussr', 3, ussr);
    expect(cache.get('ussr', 4)).toBeUndefined();
    expect(cache.get('ussr', 3)).toBeUndefined();
  });

  it('evicts the least recently used projection when full', () => {
    const cache = new ProjectionCache(2);
    cache.set('ussr', 0, ussr);
    cache.set('review', 0, review);
    cache.get('ussr', 0);
    cache.set('third', 0, review);
    expect(cache.get('ussr', 0)).toBe(ussr);
    expect(cache.get('review', 0)).toBeUndefined();
  });
});
