import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Tag } from '../../shared/model';
import { quoteAnnotation } from '../../shared/test-annotations';
import { followChildLines } from '../test-support';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { useStoreFolder } from './test-store';

const USSR = fixtureText('ussr');
const CHILD = join(__dirname, 'test-kill-child.ts');
const KILLED = { id: 'killeddevice', name: 'Killed', readerName: 'Tester' };
const temp = useStoreFolder('scholia-tag-kill-', 'the tag change kill -9 tests');

const tag = (id: string, name: string): Tag => ({ id, name, parentId: null, color: null, description: '' });

/** A library of three documents, each with two passages carrying tag `doomed` (one also `kept`) and one with neither. */
async function taggedLibrary(dir: string): Promise<string[]> {
  const store = await temp.open(dir, { device: KILLED });
  await store.updateTags(() => [tag('doomed', 'Doomed'), tag('kept', 'Kept')]);
  const ids: string[] = [];
  for (let d = 0; d < 3; d++) {
    const meta = metaFor(`${USSR}\n\n${String(d)}`, `Document ${String(d)}`, `document-${String(d)}.txt`);
    await store.addDocument(meta, paragraphsDoc(USSR));
    const passage = (start: number, tagIds: string[]) =>
      quoteAnnotation({ id: randomUUID(), documentId: meta.id, exact: 'Stalinism', start, tagIds });
    await store.appendAnnotationChanges(meta.id, () =>
      [passage(0, ['doomed']), passage(10, ['doomed', 'kept']), passage(20, [])].map((annotation) => ({
        op: 'put' as const,
        annotation,
      })),
    );
    ids.push(meta.id);
  }
  await temp.closeAll();
  return ids;
}

/** Runs the child's tag operation, which kills itself before its `killAt`-th write; resolves whether it was killed. */
function runChild(mode: string, dir: string, killAt: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dir, String(killAt)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let done = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const output = followChildLines(child, (line) => {
      if (line === 'done') {
        done = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`The child ended on its own (${String(code)}): ${output.stderr()}`));
      else resolve(!done);
    });
  });
}

describe('a tag deletion or merge killed with kill -9', () => {
  for (const mode of ['tag-delete', 'tag-merge'] as const) {
    it(`${mode}: is all or nothing after reopening, at every write it makes`, { timeout: 120_000 }, async () => {
      const outcomes = new Set<string>();
      for (let killAt = 1; ; killAt++) {
        const dir = join(temp.root, `${mode}-${String(killAt)}`);
        const documents = await taggedLibrary(dir);
        const killed = await runChild(mode, dir, killAt);
        const store = await temp.open(dir, { device: KILLED });
        const codebook = store.listTags().map((t) => t.id);
        const annotations = (
          await Promise.all(documents.map(async (id) => (await store.readAnnotations(id)) ?? []))
        ).flat();
        const withDoomed = annotations.filter((a) => a.tagIds.includes('doomed')).length;
        const withKept = annotations.filter((a) => a.tagIds.includes('kept')).length;
        if (codebook.includes('doomed')) {
          expect(withDoomed).toBe(6);
          expect(withKept).toBe(3);
          outcomes.add('nothing');
        } else {
          expect(withDoomed).toBe(0);
          expect(withKept).toBe(mode === 'tag-merge' ? 6 : 3);
          expect(annotations.every((a) => a.tagIds.length === new Set(a.tagIds).size)).toBe(true);
          if (killed) expect(store.takeNotices().map((n) => n.kind)).toContain('finished');
          outcomes.add('done');
        }
        expect(codebook).toContain('kept');
        expect(await readdir(join(dir, 'local', KILLED.id, 'tag-changes'))).toEqual([]);
        await temp.closeAll();
        if (!killed) break;
      }
      expect([...outcomes].sort()).toEqual(['done', 'nothing']);
    });
  }
});
