import { describe, expect, it } from 'vitest';
import type { ApiEvents } from '../shared/api';
import { createLibraryEvents } from './events';

const changed: ApiEvents['library-changed'] = { scope: 'documents', documentId: 'ussr-1989' };

describe('createLibraryEvents', () => {
  it('delivers an event to each listener of that event only', () => {
    const events = createLibraryEvents();
    const seen: string[] = [];
    events.on('library-changed', (payload) => seen.push(`changed ${payload.documentId ?? ''}`));
    events.on('import-progress', (payload) => seen.push(`progress ${payload.name}`));
    events.emit('library-changed', changed);
    expect(seen).toEqual(['changed ussr-1989']);
  });

  it('stops delivering once unsubscribed', () => {
    const events = createLibraryEvents();
    let calls = 0;
    const unsubscribe = events.on('library-changed', () => (calls += 1));
    events.emit('library-changed', changed);
    unsubscribe();
    events.emit('library-changed', changed);
    expect(calls).toBe(1);
  });

  it('keeps calling the other listeners when one throws, and reports the failure', () => {
    const failures: unknown[] = [];
    const events = createLibraryEvents((error) => failures.push(error));
    let reached = false;
    events.on('library-changed', () => {
      throw new Error('view crashed');
    });
    events.on('library-changed', () => (reached = true));
    events.emit('library-changed', changed);
    expect(reached).toBe(true);
    expect(failures).toEqual([new Error('view crashed')]);
  });
});
