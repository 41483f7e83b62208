/**
 * A second name, on this computer only, for every text and original in the library: a hard link in
 * `local/<device>/kept/documents/` and `local/<device>/kept/originals/` to each file of `documents/` and
 * `originals/`. Scholia writes those files once and never changes them, so the link holds the same
 * bytes at no cost in disk space; when a sync engine or a person deletes a text or an original (or a
 * deletion another computer made of it arrives), the link still holds it, and a repair puts it back.
 * A file changed in place shares its link's bytes, so damage of that kind is reported, not undone. A
 * file system without hard links keeps no second names; nothing else depends on them.
 */
import { link, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './fs-errors';

/** The folders whose files are kept under a second name, and where. */
const KEPT = ['documents', 'originals'] as const;

/** `local/<device>/kept/<folder>/`. */
function keptFolder(root: string, deviceId: string, folder: (typeof KEPT)[number]): string {
  return join(root, 'local', deviceId, 'kept', folder);
}

/**
 * Gives every file of `documents/` and `originals/` that has none yet its second name (and forgets
 * none: a name whose file is gone is what a repair restores from). Temp files are left out. Never
 * rejects.
 */
export async function keepSecondNames(root: string, deviceId: string): Promise<void> {
  for (const folder of KEPT) {
    const kept = keptFolder(root, deviceId, folder);
    const [names, have] = await Promise.all([
      readdir(join(root, folder)).catch(() => [] as string[]),
      readdir(kept).catch(() => [] as string[]),
    ]);
    const known = new Set(have);
    const missing = names.filter((name) => !name.startsWith('.') && !known.has(name));
    if (missing.length === 0) continue;
    await mkdir(kept, { recursive: true }).catch(() => undefined);
    for (const name of missing) {
      await link(join(root, folder, name), join(kept, name)).catch((error: unknown) => {
        // Another kind of file system, a folder in place of a file: no second name, nothing lost.
        if (errnoCode(error) !== 'EEXIST') return;
      });
    }
  }
}

/**
 * Puts the file `folder/name` back from its second name, when it is missing and the second name is
 * there. Resolves to whether it did. Throws nothing.
 */
export async function restoreFromSecondName(
  root: string,
  deviceId: string,
  folder: (typeof KEPT)[number],
  name: string,
): Promise<boolean> {
  const target = join(root, folder, name);
  const source = join(keptFolder(root, deviceId, folder), name);
  const present = await stat(target).then(
    () => true,
    () => false,
  );
  if (present) return false;
  try {
    await mkdir(join(root, folder), { recursive: true });
    await link(source, target);
    return true;
  } catch {
    return false;
  }
}

/** Whether `folder/name` has a second name to be restored from. */
export async function hasSecondName(
  root: string,
  deviceId: string,
  folder: (typeof KEPT)[number],
  name: string,
): Promise<boolean> {
  return stat(join(keptFolder(root, deviceId, folder), name)).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * Puts back every text and original that is missing while its second name is there. Resolves to the
 * files restored, relative to the library folder. Call it only while holding the library's lock.
 */
export async function restoreMissingFiles(root: string, deviceId: string): Promise<string[]> {
  const restored: string[] = [];
  for (const folder of KEPT) {
    for (const name of (await readdir(keptFolder(root, deviceId, folder)).catch(() => [] as string[])).sort())
      if (await restoreFromSecondName(root, deviceId, folder, name)) restored.push(`${folder}/${name}`);
  }
  return restored;
}

/** Forgets the second names of files Scholia removes for good (`folder/name`). Never rejects. */
export async function forgetSecondName(
  root: string,
  deviceId: string,
  folder: (typeof KEPT)[number],
  name: string,
): Promise<void> {
  await rm(join(keptFolder(root, deviceId, folder), name), { force: true }).catch(() => undefined);
}
