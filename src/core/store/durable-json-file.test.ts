import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failure, useTempDir } from '../test-support';
import {
  DurableJsonFile,
  isTempFileName,
  removeTempFiles,
  type DurableJsonFileOptions,
} from './durable-json-file';

const NoteFileSchema = z.object({ version: z.number().int(), notes: z.array(z.string()) });
type NoteFile = z.infer<typeof NoteFileSchema>;

const PASSAGE =
  'THE CAPITALIST media milked the celebrations of the 20th anniversary of the fall of the Berlin Wall to remind ' +
  'their audiences of the evils of "communism" ie Stalinism.';

const temp = useTempDir('scholia-durable-');

function noteFile(
  name = 'notes.json',
  extra: Partial<DurableJsonFileOptions<NoteFile>> = {},
): DurableJsonFile<NoteFile> {
  return new DurableJsonFile(join(temp.path, name), {
    schema: NoteFileSchema,
    description: 'notes file',
    ...extra,
  });
}

describe('DurableJsonFile', () => {
  it('reads a file that does not exist as null', async () => {
    expect(await noteFile().read()).toBeNull();
  });

  it('reads back through a fresh adapter exactly what lowdb wrote', async () => {
    const db = new Low<NoteFile>(noteFile(), { version: 1, notes: [] });
    db.data.notes.push(PASSAGE);
    await db.write();
    const reopened = new Low<NoteFile>(noteFile(), { version: 0, notes: [] });
    await reopened.read();
    expect(reopened.data).toEqual({ version: 1, notes: [PASSAGE] });
  });

  it('writes pretty JSON by default and one line when compact', async () => {
    await noteFile('pretty.json').write({ version: 1, notes: [PASSAGE] });
    await noteFile('compact.json', { format: 'compact' }).write({ version: 1, notes: [PASSAGE] });
    expect(await readFile(join(temp.path, 'pretty.json'), 'utf8')).toContain('\n  "notes": [\n');
    expect((await readFile(join(temp.path, 'compact.json'), 'utf8')).trimEnd().split('\n')).toHaveLength(1);
  });

  it('writes the content as it was when write was called, not as it is later', async () => {
    const data: NoteFile = { version: 1, notes: [PASSAGE] };
    const written = noteFile().write(data);
    data.notes.push('added after the call');
    await written;
    expect(await noteFile().read()).toEqual({ version: 1, notes: [PASSAGE] });
  });

  it('keeps the old file intact and readable when a crash strikes between the temp write and the rename', async () => {
    await noteFile().write({ version: 1, notes: [PASSAGE] });
    const before = await readFile(join(temp.path, 'notes.json'));
    const crashing = noteFile('notes.json', {
      hooks: {
        beforeRename: () => {
          throw new Error('simulated power cut');
        },
      },
    });
    await expect(crashing.write({ version: 2, notes: [] })).rejects.toThrow('simulated power cut');
    expect(await readFile(join(temp.path, 'notes.json'))).toEqual(before);
    expect((await readdir(temp.path)).filter(isTempFileName)).toHaveLength(1);
    expect(await noteFile().read()).toEqual({ version: 1, notes: [PASSAGE] });
  });

  it('cleans temp files left by interrupted writes and nothing else', async () => {
    await noteFile().write({ version: 1, notes: [] });
    const crashing = noteFile('notes.json', {
      hooks: { beforeRename: () => Promise.reject(new Error('crash')) },
    });
    await crashing.write({ version: 2, notes: [] }).catch(() => undefined);
    await writeFile(join(temp.path, '.hidden-but-mine.txt'), 'keep me');
    await removeTempFiles(temp.path);
    expect((await readdir(temp.path)).sort()).toEqual(['.hidden-but-mine.txt', 'notes.json']);
  });

  it('never lets an older snapshot land after a newer one, and coalesces waiting writes', async () => {
    let renames = 0;
    const file = noteFile('notes.json', { hooks: { beforeRename: () => void (renames += 1) } });
    const writes = [1, 2, 3, 4].map((version) => file.write({ version, notes: [] }));
    await Promise.all(writes);
    expect(await noteFile().read()).toEqual({ version: 4, notes: [] });
    expect(renames).toBe(2);
  });

  it('reports a file that is not JSON with its path and leaves it byte for byte unchanged', async () => {
    const path = join(temp.path, 'notes.json');
    const garbage = Buffer.from('{"version": 1, "notes": ["half a sent');
    await writeFile(path, garbage);
    const file = noteFile();
    const error = await failure(file.read());
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain(`notes.json in ${temp.path} is not valid JSON`);
    expect(error.message).toContain('Scholia has not changed it.');
    expect((await failure(file.write({ version: 9, notes: [] }))).code).toBe('library-corrupt');
    expect(await readFile(path)).toEqual(garbage);
  });

  it('reports a file that fails its schema, naming the offending field', async () => {
    await writeFile(join(temp.path, 'notes.json'), JSON.stringify({ version: 1, notes: [42] }));
    const error = await failure(noteFile('notes.json', { recovery: 'Move it aside.' }).read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toMatch(
      /is not a valid notes file \(notes\.0: .*\)\. Scholia has not changed it\. Move it aside\.$/,
    );
  });

  it('reads a file that an editor saved with a byte-order mark', async () => {
    await writeFile(
      join(temp.path, 'notes.json'),
      `\uFEFF${JSON.stringify({ version: 1, notes: [PASSAGE] })}`,
    );
    expect(await noteFile().read()).toEqual({ version: 1, notes: [PASSAGE] });
  });

  it('passes the raw content through the upgrade step before validating it', async () => {
    await writeFile(join(temp.path, 'notes.json'), JSON.stringify({ version: 0, lines: [PASSAGE] }));
    const file = noteFile('notes.json', {
      upgrade: (raw) => {
        const old = raw as { lines: string[] };
        return { version: 1, notes: old.lines };
      },
    });
    expect(await file.read()).toEqual({ version: 1, notes: [PASSAGE] });
  });

  it('fails with an io error naming the file when its folder is missing', async () => {
    const path = join(temp.path, 'gone', 'notes.json');
    const file = new DurableJsonFile(path, { schema: NoteFileSchema, description: 'notes file' });
    const error = await failure(file.write({ version: 1, notes: [] }));
    expect(error.code).toBe('io');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });
});
