/**
 * What this computer has already told its reader, so that a notice about a lasting state of the
 * library (a document kept despite a deletion elsewhere) is given once, not at every opening.
 *
 * Kept in `local/<device>/told.json`, which does not sync: each computer tells its own reader. The
 * file holds nothing the reader made; one that cannot be read is taken as empty (the worst outcome is
 * a notice given again) and written anew on the next notice.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from './durable-json-file';

/** The file's name in the device's local folder. */
export const TOLD_FILE_NAME = 'told.json';

const ToldFileSchema = z.object({ schemaVersion: z.literal(1), told: z.array(z.string().max(500)) });

/** The notices already given on this computer, by key. */
export class ToldNotices {
  private readonly path: string;
  private told: Set<string> | null = null;

  constructor(localFolder: string) {
    this.path = join(localFolder, TOLD_FILE_NAME);
  }

  /**
   * Records that the notice `key` is given, and resolves to whether it had not been given before
   * (so it should be shown). Never rejects: when the record cannot be written, the notice is shown
   * and may be shown again next time.
   */
  async firstTime(key: string): Promise<boolean> {
    const told = await this.load();
    if (told.has(key)) return false;
    told.add(key);
    const text = `${JSON.stringify({ schemaVersion: 1, told: [...told] }, null, 2)}\n`;
    await writeDurably(this.path, (handle) => handle.writeFile(text, 'utf8'), { action: 'save' }).catch(
      () => undefined,
    );
    return true;
  }

  private async load(): Promise<Set<string>> {
    if (this.told !== null) return this.told;
    let told: string[] = [];
    try {
      const parsed = ToldFileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) told = parsed.data.told;
    } catch {
      // Missing or unreadable: nothing told yet, as far as this computer can say.
    }
    this.told = new Set(told);
    return this.told;
  }
}
