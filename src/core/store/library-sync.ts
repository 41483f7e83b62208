/**
 * What opening a library does beyond reading the logs: converting a library from the layout before
 * folder sync, and folding in the conflict copies a sync engine made of Scholia's files. Both tell the
 * reader, once, in plain words, what happened.
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DocumentAnnotationLog } from '../sync/annotation-log';
import { parseConflictCopy, type ConflictCopy } from '../sync/conflict-copies';
import {
  backUpLegacyFiles,
  legacyChanges,
  readLegacyLibrary,
  removeLegacyFiles,
} from '../sync/convert-legacy';
import type { DeviceIdentity } from '../sync/device';
import type { LibraryChanges, LibraryLog } from '../sync/library-log';
import { LIBRARY_LOG_NAME } from '../sync/library-log';
import { ANNOTATION_LOGS_DIR } from '../sync/annotation-log';
import { listDevices } from '../sync/log-set';
import type { DocumentTexts } from './document-texts';
import { errnoCode, ioError } from './fs-errors';
import { LIBRARY_LAYOUT, localFolder, type LibraryFileOptions } from './library-layout';

/** Something the reader is told about the library, once. */
export interface SyncNotice {
  kind: 'converted' | 'conflict-copies' | 'kept' | 'finished' | 'damaged';
  message: string;
}

/** What the conversion and the folding-in work on. */
export interface SyncContext {
  root: string;
  device: DeviceIdentity;
  fileOptions: LibraryFileOptions;
  library: LibraryLog;
  annotationsOf: (documentId: string) => DocumentAnnotationLog;
  texts: DocumentTexts;
}

/**
 * Converts a library in the layout before folder sync into this device's logs (see
 * `core/sync/convert-legacy.ts`), or does nothing when there is no `library.json`. Resolves to the
 * notice for the reader, or `null`. Throws `library-corrupt` when `library.json` is damaged (it is
 * left as it is).
 */
export async function convertLegacyLibrary(context: SyncContext): Promise<SyncNotice | null> {
  const { root, device, fileOptions } = context;
  const legacy = await readLegacyLibrary(root, fileOptions);
  if (legacy === null) return null;
  // Named after the old file's time, so a conversion run again after a crash fills the same folder.
  const backup = await backUpLegacyFiles(root, new Date(legacy.mtimeMs));
  const changes = await legacyChanges(root, legacy.file, {
    device: device.id,
    by: device.readerName,
    fileTimeMs: legacy.mtimeMs,
    fileOptions,
  });
  for (const [id, doc] of changes.texts) await context.texts.write(id, doc);
  for (const [id, entries] of changes.annotations) await context.annotationsOf(id).commitStamped(entries);
  await context.library.commitStamped(changes.library);
  await removeLegacyFiles(root);
  const { documents, annotations, tags } = changes.counts;
  return {
    kind: 'converted',
    message:
      `This library was converted so that several computers can share it through a synced folder: ` +
      `${plural(documents, 'document')}, ${plural(annotations, 'annotation')} and ${plural(tags, 'tag')}, nothing lost. ` +
      `A copy of the old files is in ${relative(root, backup)}.`,
  };
}

/** The names in each folder where a sync engine may leave conflict copies of Scholia's files. */
export interface ConflictCandidates {
  /** In the library's folder. */
  root: readonly string[];
  /** In each device's folder, and in its folder of annotation logs. */
  devices: ReadonlyArray<{ folder: string; names: readonly string[]; annotations: readonly string[] }>;
}

/** Lists every folder where conflict copies may be, all at once (see {@link foldInConflictCopies}). */
export async function listConflictCandidates(root: string): Promise<ConflictCandidates> {
  const [rootNames, devices] = await Promise.all([namesIn(root), listDevices(root)]);
  return {
    root: rootNames,
    devices: await Promise.all(
      devices.map(async (device) => {
        const folder = join(root, LIBRARY_LAYOUT.devices, device);
        const [names, annotations] = await Promise.all([
          namesIn(folder),
          namesIn(join(folder, ANNOTATION_LOGS_DIR)),
        ]);
        return { folder, names, annotations };
      }),
    ),
  };
}

/**
 * Finds the conflict copies a sync engine made of the library's files, merges what they hold, and
 * moves them into `local/<device>/conflicts/`. Resolves to a notice for the reader when there were any;
 * `into` gathers what changed. `candidates` are the folders' names when they have been listed already
 * (by {@link listConflictCandidates}, since the last change of this device's logs at the latest, or
 * before the library was read: what is written meanwhile has Scholia's own names, never a copy's, and a
 * copy that arrives later is found the next time).
 */
export async function foldInConflictCopies(
  context: SyncContext,
  into?: { annotations: Set<string> } & LibraryChanges,
  candidates?: ConflictCandidates,
): Promise<SyncNotice[]> {
  const { root } = context;
  const found: Array<{ path: string; copy: ConflictCopy; what: string }> = [];
  const damaged: string[] = [];
  const fold = async (
    folder: string,
    names: readonly string[],
    isKnown: (name: string) => boolean,
    merge: (path: string, copy: ConflictCopy) => Promise<string | null>,
  ) => {
    for (const name of names) {
      // Most names are Scholia's own files; only the others can be copies.
      if (isKnown(name)) continue;
      const copy = parseConflictCopy(name, isKnown);
      if (copy === null) continue;
      const path = join(folder, name);
      const what = await merge(path, copy).catch((error: unknown) => {
        damaged.push(`${relative(root, path)}: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (what === null) continue;
      await moveAside(context, path);
      found.push({ path, copy, what });
    }
  };
  // Every folder is listed first, all at once. What the merges below write has Scholia's own names
  // (this device's logs), so no copy can be missed by listing before them.
  const listed = candidates ?? (await listConflictCandidates(root));
  await fold(
    root,
    listed.root,
    (name) => name === LIBRARY_LAYOUT.libraryFile,
    async (path) => {
      const legacy = await readLegacyLibrary(root, context.fileOptions, relative(root, path));
      if (legacy === null) return null;
      const changes = await legacyChanges(root, legacy.file, {
        device: context.device.id,
        by: context.device.readerName,
        fileTimeMs: legacy.mtimeMs,
        fileOptions: context.fileOptions,
        withAnnotations: false,
      });
      const merged = await context.library.commitStamped(changes.library);
      if (into !== undefined) mergeLibraryChanges(into, merged);
      return 'the library (documents, tags, reading lists)';
    },
  );
  for (const { folder, names, annotations: annotationNames } of listed.devices) {
    await fold(
      folder,
      names,
      (name) => name === LIBRARY_LOG_NAME,
      async (path) => {
        const { changes } = await context.library.absorb(path);
        if (into !== undefined) mergeLibraryChanges(into, changes);
        return 'the library (documents, tags, reading lists)';
      },
    );
    await fold(
      join(folder, ANNOTATION_LOGS_DIR),
      annotationNames,
      (name) => /^[A-Za-z0-9][A-Za-z0-9_-]*\.jsonl$/.test(name),
      async (path, copy) => {
        const id = copy.original.slice(0, -'.jsonl'.length);
        await context.annotationsOf(id).absorb(path);
        into?.annotations.add(id);
        const title = context.library.data.documents.find((meta) => meta.id === id)?.csl.title;
        return title === undefined ? 'the highlights of a document' : `the highlights of “${title}”`;
      },
    );
  }
  const notices: SyncNotice[] = [];
  if (found.length > 0) {
    const engines = [...new Set(found.map((entry) => engineName(entry.copy.engine)))].join(', ');
    const what = [...new Set(found.map((entry) => entry.what))].join('; ');
    notices.push({
      kind: 'conflict-copies',
      message:
        `${engines} had made ${plural(found.length, 'conflict copy', 'conflict copies')} of this library’s files while two computers changed it apart. ` +
        `Scholia merged them, so nothing was lost: ${what}. The copies are kept in ${relative(root, join(localFolder(root, context.device.id), 'conflicts'))}.`,
    });
  }
  if (damaged.length > 0) {
    notices.push({
      kind: 'damaged',
      message: `Some conflict copies could not be read and were left where they are: ${damaged.join('; ')}`,
    });
  }
  return notices;
}

async function moveAside(context: SyncContext, path: string): Promise<void> {
  const folder = join(localFolder(context.root, context.device.id), 'conflicts');
  await mkdir(folder, { recursive: true });
  const target = join(folder, relative(context.root, path).split(/[\\/]/).join('__'));
  try {
    await rename(path, target);
  } catch (error) {
    // Another computer folded in the same copy and the sync engine removed it here meanwhile.
    if (errnoCode(error) !== 'ENOENT') throw ioError('move aside', path, error);
  }
}

function mergeLibraryChanges(into: LibraryChanges, from: LibraryChanges): void {
  for (const id of from.documents) into.documents.add(id);
  into.tags ||= from.tags;
  into.collections ||= from.collections;
  into.links ||= from.links;
  into.settings ||= from.settings;
}

function engineName(engine: ConflictCopy['engine']): string {
  const names: Record<ConflictCopy['engine'], string> = {
    syncthing: 'Syncthing',
    dropbox: 'Dropbox',
    nextcloud: 'Nextcloud',
    owncloud: 'ownCloud',
    icloud: 'iCloud Drive',
    onedrive: 'OneDrive',
  };
  return names[engine];
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw ioError('list the folder', folder, error);
  }
}
