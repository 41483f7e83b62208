import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support';
import { CURRENT_SCHEMA_VERSION, MigrationRegistry, type VersionedJson } from './migrations';

const PATH = '/home/reader/library/library.json';

/** A synthetic version 0 of library.json that called documents `items`. */
function registryWithV0(): MigrationRegistry {
  return new MigrationRegistry(1).register({
    kind: 'library',
    from: 0,
    to: 1,
    migrate: ({ items, ...rest }: VersionedJson) => ({ ...rest, documents: items }),
  });
}

describe('MigrationRegistry', () => {
  it('starts at file format 1', () => {
    expect(CURRENT_SCHEMA_VERSION).toBe(1);
  });

  it('runs a registered v0 → v1 migration and stamps the new version', () => {
    const migrated = registryWithV0().migrate('library', { schemaVersion: 0, items: ['a'], tags: [] }, PATH);
    expect(migrated).toEqual({ schemaVersion: 1, documents: ['a'], tags: [] });
  });

  it('chains steps one version at a time', () => {
    const registry = new MigrationRegistry(3)
      .register({ kind: 'document', from: 1, to: 2, migrate: (d) => ({ ...d, steps: ['1→2'] }) })
      .register({
        kind: 'document',
        from: 2,
        to: 3,
        migrate: (d) => ({ ...d, steps: [...(d['steps'] as string[]), '2→3'] }),
      });
    expect(registry.migrate('document', { schemaVersion: 1 }, PATH)).toEqual({
      schemaVersion: 3,
      steps: ['1→2', '2→3'],
    });
  });

  it('applies migrations only to the kind of file they were registered for', () => {
    const error = failureOf(() => registryWithV0().migrate('annotations', { schemaVersion: 0 }, PATH));
    expect(error.code).toBe('internal');
  });

  it('returns current content unchanged', () => {
    const content = { schemaVersion: 1, documents: [] };
    expect(registryWithV0().migrate('library', content, PATH)).toBe(content);
  });

  it('refuses a file from a newer Scholia and says to update the app', () => {
    const error = failureOf(() => registryWithV0().migrate('library', { schemaVersion: 2 }, PATH));
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(PATH);
    expect(error.message).toContain('library.json in /home/reader/library was made by a newer Scholia');
    expect(error.message).toContain('Update Scholia');
  });

  it('refuses content without a schemaVersion', () => {
    expect(failureOf(() => registryWithV0().migrate('library', { documents: [] }, PATH)).message).toContain(
      'has no valid schemaVersion',
    );
    expect(failureOf(() => registryWithV0().migrate('library', [1, 2], PATH)).code).toBe('library-corrupt');
  });

  it('rejects a second migration from the same version', () => {
    expect(() => registryWithV0().register({ kind: 'library', from: 0, to: 1, migrate: (d) => d })).toThrow(
      RangeError,
    );
  });
});
