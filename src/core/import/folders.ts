/**
 * Expanding folders in an import: a path source that is a folder stands for the files inside it (and
 * in its sub-folders, hidden ones skipped), in name order. Files of a supported type become sources;
 * every other file is reported by name, so the reader sees what was left out and why.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportSource } from '../../shared/api';
import { importFailed } from './import-error';
import { importerFor } from './formats';
import { identifySource } from './read-source';

/** A source to import, or a file in a folder that cannot be imported and why. */
export type ExpandedSource =
  { readonly source: ImportSource } | { readonly skipped: string; readonly error: Error };

/** At most this many files are taken from folders in one import. */
export const MAX_FOLDER_FILES = 10_000;

/**
 * The sources with every folder replaced by its files. `isImportable(name)` says whether a file name
 * has a supported extension (reference files included). A source that is not a folder, or cannot be
 * inspected, is kept as it is: importing it reports the problem.
 */
export async function expandFolders(
  sources: readonly ImportSource[],
  isImportable: (name: string) => boolean,
): Promise<ExpandedSource[]> {
  const expanded: ExpandedSource[] = [];
  for (const source of sources) {
    if (source.kind !== 'path' || !(await isFolder(source.path))) {
      expanded.push({ source });
      continue;
    }
    for (const path of await filesIn(source.path)) {
      if (expanded.length >= MAX_FOLDER_FILES) break;
      const file: ImportSource = { kind: 'path', path };
      const name = identifySource(file).name;
      if (isImportable(name)) {
        expanded.push({ source: file });
        continue;
      }
      let error: Error;
      try {
        importerFor(identifySource(file));
        error = importFailed(identifySource(file), `Cannot import "${name}".`);
      } catch (thrown) {
        error = thrown instanceof Error ? thrown : new Error(String(thrown));
      }
      expanded.push({ skipped: name, error });
    }
  }
  return expanded;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesIn(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
