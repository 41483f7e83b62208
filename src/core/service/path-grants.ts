/**
 * Paths are capabilities: outside the library, core reads and writes only where the reader chose. The
 * trusted side of each front end grants the paths the reader picked (Electron main: what a native
 * dialog returned and what was dropped on the window; the CLI: its own arguments); the service refuses
 * every other path with `not-allowed`, before reading or creating anything. Browser mode grants nothing:
 * its files arrive as uploaded bytes and its exports are downloads.
 *
 * A grant covers the path chosen and everything below it (a file has nothing below it; a folder chosen
 * for import, or as an export's target, its contents). Paths are compared in canonical form (symlinks
 * and `..` resolved as the system resolves them: `realpath` of what exists, the rest appended), so no
 * `../` or symlink leads out of a granted folder. Reading and writing are granted separately, and grants
 * last as long as the process (the session): they are never stored.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ScholiaError } from '../../shared/errors';

/** What a grant lets core do at a path: read it (import), or write it (export). */
export type PathAccess = 'read' | 'write';

/**
 * The system's name for `path`: symlinks and `..` resolved as opening it would resolve them. A path
 * that does not exist (yet) is the canonical form of its nearest existing ancestor with the rest
 * appended, so the file an export is about to create is judged by the folder it will be created in.
 */
export async function canonicalPath(path: string): Promise<string> {
  // Only a relative path is made absolute first: resolve() would fold `link/..` by its letters, while
  // the system follows the link first.
  return canonical(isAbsolute(path) ? path : resolve(path));
}

async function canonical(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // Missing (or not reachable): it is where its parent is, under its own name.
    const parent = dirname(path);
    if (parent === path) return path;
    return join(await canonical(parent), basename(path));
  }
}

/** Whether `path` is `root` or lies inside it (both canonical). */
function isAtOrBelow(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** The paths the reader chose in this session, for reading and for writing. */
export class PathGrants {
  private readonly granted: Record<PathAccess, Set<string>> = { read: new Set(), write: new Set() };

  /** The reader chose `path` to import: it may be read, and so may everything inside it when it is a folder. */
  async allowRead(path: string): Promise<void> {
    this.granted.read.add(await canonicalPath(path));
  }

  /** The reader chose `path` as where an export goes: it may be written (a file, or a folder and what is inside). */
  async allowWrite(path: string): Promise<void> {
    this.granted.write.add(await canonicalPath(path));
  }

  /** Whether `path` is at or below a path granted for `access`. */
  async allows(access: PathAccess, path: string): Promise<boolean> {
    const granted = this.granted[access];
    if (granted.size === 0) return false;
    const actual = await canonicalPath(path);
    for (const root of granted) if (isAtOrBelow(actual, root)) return true;
    return false;
  }

  /** Throws `not-allowed`, naming `path`, unless it may be read. Reads nothing of the file. */
  async checkRead(path: string): Promise<void> {
    if (await this.allows('read', path)) return;
    throw new ScholiaError(
      'not-allowed',
      `Scholia reads only files and folders you chose, and ${path} was not chosen in this session, so ` +
        'nothing was read. Choose it in the Import dialog (or drop it on the window) to import it.',
      { path },
    );
  }

  /** Throws `not-allowed`, naming `path`, unless it may be written. Creates nothing. */
  async checkWrite(path: string): Promise<void> {
    if (await this.allows('write', path)) return;
    throw new ScholiaError(
      'not-allowed',
      `Scholia writes exports only where you chose, and ${path} was not chosen in this session, so ` +
        'nothing was written. Choose the file or folder in the Export dialog to export there.',
      { path },
    );
  }
}
