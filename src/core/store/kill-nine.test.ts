import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model';
import { quoteAnnotation } from '../../shared/test-annotations';
import { seededRandom } from '../../../tests/support/seeded-random';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { useStoreFolder } from './test-store';
import { followChildLines } from '../test-support';

const USSR = fixtureText('ussr');
const CHILD = join(__dirname, 'test-kill-child.ts');
const KILLED = { id: 'killeddevice', name: 'Killed', readerName: 'Tester' };
const temp = useStoreFolder('scholia-kill-', 'the kill -9 tests');

/** What the child printed before it was killed: whether it opened, and the changes it acknowledged. */
interface ChildRun {
  opened: boolean;
  acked: Map<string, number>;
}

/**
 * Runs the child on the library, and kills it with SIGKILL `afterMs` after it starts (or after
 * `afterAcks` acknowledged changes); resolves once it is dead.
 */
function runAndKill(
  mode: string,
  dir: string,
  documentId: string,
  kill: { afterMs?: number; afterAcks?: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dir, documentId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { opened: false, acked: new Map() };
    let acks = 0;
    const timer = kill.afterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const output = followChildLines(child, (line) => {
      if (line === 'opened') run.opened = true;
      const [word, id, n] = line.split(' ');
      if (word === 'acked' && id !== undefined) {
        run.acked.set(id, Number(n));
        acks += 1;
        if (kill.afterAcks !== undefined && acks >= kill.afterAcks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer !== null) clearTimeout(timer);
      clearTimeout(guard);
      if (signal !== 'SIGKILL')
        reject(new Error(`The child ended on its own (${String(code)}): ${output.stderr()}`));
      else resolve(run);
    });
  });
}

/** A library in the layout before folder sync: one library.json, and a snapshot of annotations per document. */
async function legacyLibrary(
  dir: string,
  documents: number,
  perDocument: number,
): Promise<Map<string, string[]>> {
  await mkdir(join(dir, 'documents'), { recursive: true });
  await mkdir(join(dir, 'annotations'), { recursive: true });
  const metas = [];
  const expected = new Map<string, string[]>();
  for (let d = 0; d < documents; d++) {
    const meta = metaFor(`${USSR}\n\n${String(d)}`, `Document ${String(d)}`, `document-${String(d)}.txt`);
    metas.push(meta);
    await writeFile(
      join(dir, 'documents', `${meta.id}.json`),
      JSON.stringify({ schemaVersion: 1, documentId: meta.id, doc: paragraphsDoc(USSR) }),
    );
    const annotations: Annotation[] = Array.from({ length: perDocument }, (_, n) => annotationOn(meta.id, n));
    expected.set(
      meta.id,
      annotations.map((annotation) => annotation.id),
    );
    await writeFile(
      join(dir, 'annotations', `${meta.id}.json`),
      JSON.stringify({ schemaVersion: 1, documentId: meta.id, annotations }),
    );
  }
  await writeFile(
    join(dir, 'library.json'),
    JSON.stringify({ schemaVersion: 1, documents: metas, tags: [], collections: [], settings: {} }),
  );
  return expected;
}

function annotationOn(documentId: string, n: number): Annotation {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return quoteAnnotation({
    id: randomUUID(),
    documentId,
    exact: 'Stalinism',
    start: n,
    color: 'green',
    comment: `Legacy ${String(n)}`,
    createdAt: at,
    modifiedAt: at,
  });
}

describe('kill -9', () => {
  it('at any moment of converting an older library loses nothing, and the conversion resumes', async () => {
    const expected = await legacyLibrary(temp.dir, 20, 60);
    const random = seededRandom(1956);
    let opened = false;
    for (let attempt = 0; attempt < 6 && !opened; attempt++) {
      const run = await runAndKill('convert', temp.dir, '', { afterMs: 250 + Math.floor(random() * 600) });
      opened = run.opened;
    }
    const store = await temp.open(temp.dir, { device: KILLED });
    expect(
      store
        .listDocuments()
        .map((meta) => meta.id)
        .sort(),
    ).toEqual([...expected.keys()].sort());
    for (const [id, annotations] of expected) {
      expect((await store.readAnnotations(id))?.map((annotation) => annotation.id)).toEqual(annotations);
    }
    expect(await readdir(temp.dir)).not.toContain('library.json');
  }, 60_000);

  it('while changes are saved and the log compacted keeps every acknowledged change', async () => {
    const setup = await temp.open(temp.dir, { device: KILLED });
    const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
    await setup.addDocument(meta, paragraphsDoc(USSR));
    await temp.closeAll();
    const random = seededRandom(1968);
    const acked = new Map<string, number>();
    for (let round = 0; round < 4; round++) {
      const run = await runAndKill('annotate', temp.dir, meta.id, {
        afterAcks: 30 + Math.floor(random() * 120),
      });
      for (const [id, n] of run.acked) acked.set(id, n);
    }
    expect(acked.size).toBeGreaterThan(0);
    const store = await temp.open(temp.dir, { device: KILLED });
    const comments = new Map(
      (await store.readAnnotations(meta.id))?.map((annotation) => [annotation.id, annotation.comment]),
    );
    for (const [id, n] of acked) {
      const comment = comments.get(id);
      expect(comment, `annotation ${id}`).toBeDefined();
      expect(Number(comment?.replace('Change ', ''))).toBeGreaterThanOrEqual(n);
    }
  }, 60_000);

  it('while another computer’s changes and a conflict copy are folded in keeps them all', async () => {
    const other = await temp.open(temp.dir, {
      device: { id: 'otherdevice1', name: 'Other', readerName: 'Ben' },
    });
    const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
    await other.addDocument(meta, paragraphsDoc(USSR));
    const theirs = Array.from({ length: 300 }, (_, n) => annotationOn(meta.id, n));
    await other.appendAnnotationChanges(meta.id, () =>
      theirs.map((annotation) => ({ op: 'put' as const, annotation })),
    );
    await temp.closeAll();
    const third = await temp.open(temp.dir, {
      device: { id: 'thirddevice1', name: 'Third', readerName: 'Cy' },
    });
    await third.refreshFromDisk();
    const copied = Array.from({ length: 100 }, (_, n) => annotationOn(meta.id, 1000 + n));
    await third.appendAnnotationChanges(meta.id, () =>
      copied.map((annotation) => ({ op: 'put' as const, annotation })),
    );
    await temp.closeAll();
    // As if a sync engine had kept the third computer's log only as a conflict copy in the other's folder.
    await rename(
      join(temp.dir, 'devices', 'thirddevice1', 'annotations', `${meta.id}.jsonl`),
      join(
        temp.dir,
        'devices',
        'otherdevice1',
        'annotations',
        `${meta.id}.sync-conflict-20261202-184725-A7ZUZPK.jsonl`,
      ),
    );
    const random = seededRandom(1989);
    for (let round = 0; round < 3; round++) {
      await runAndKill('merge', temp.dir, meta.id, { afterMs: 300 + Math.floor(random() * 500) });
    }
    const store = await temp.open(temp.dir, { device: KILLED });
    const ids = new Set((await store.readAnnotations(meta.id))?.map((annotation) => annotation.id));
    for (const annotation of [...theirs, ...copied])
      expect(ids.has(annotation.id), annotation.comment).toBe(true);
    const left = await readdir(join(temp.dir, 'devices', 'otherdevice1', 'annotations'));
    expect(left.filter((name) => name.includes('sync-conflict'))).toEqual([]);
  }, 60_000);
});
