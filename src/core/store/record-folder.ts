/**
 * A folder of records of changes being saved (`local/<device>/tag-changes/`,
 * `local/<device>/annotation-batches/`): one JSON file per change, named by its id, written before the
 * change's files and removed, durably, once they are all written.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from './durable-json-file';
import { errnoCode, ioError } from './fs-errors';

const SUFFIX = '.json';

/** See the module comment. */
export class RecordFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The path of record `id`. */
  path(id: string): string {
    return join(this.dir, `${id}${SUFFIX}`);
  }

  /** The ids of the records in the folder, sorted; none when there is no folder. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw ioError('list the folder', this.dir, error);
    }
    return names
      .filter((name) => name.endsWith(SUFFIX) && !name.startsWith('.'))
      .map((name) => name.slice(0, -SUFFIX.length))
      .sort();
  }

  /** Removes record `id` durably: its change is then complete. A missing record is fine. */
  async remove(id: string): Promise<void> {
    const path = this.path(id);
    try {
      await unlink(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw ioError('remove', path, error);
    }
    await syncDirectory(this.dir);
  }
}
