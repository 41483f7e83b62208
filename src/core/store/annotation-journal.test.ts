import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import type { Annotation } from '../../shared/model';
import { AnnotationJournal, applyChanges, type AnnotationChange } from './annotation-journal';
import { MigrationRegistry } from './migrations';
import { fixtureText } from './test-documents';

const REVIEW = fixtureText('review');
const DOCUMENT = 'review-of-the-book';

let dir: string;
let path: string;
const journals: AnnotationJournal[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scholia-journal-'));
  path = join(dir, `${DOCUMENT}.journal.jsonl`);
});
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
  await rm(dir, { recursive: true, force: true });
});

function journal(migrations = new MigrationRegistry()): AnnotationJournal {
  const opened = new AnnotationJournal(path, { documentId: DOCUMENT, migrations });
  journals.push(opened);
  return opened;
}

/** A highlight of the first occurrence of `exact` in the review, with a stable id made from `key`. */
function highlight(key: string, exact: string, comment = ''): Annotation {
  const start = REVIEW.indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in the review`);
  return {
    id: `highlight-${key}`,
    documentId: DOCUMENT,
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: REVIEW.slice(Math.max(0, start - 32), start), suffix: '' },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    color: 'yellow',
    tagIds: [],
    comment,
    createdAt: '2026-02-15T10:00:00.000Z',
    modifiedAt: '2026-02-15T10:00:00.000Z',
  };
}

const STALINISM = highlight('stalinism', 'Stalinism');
const COLLAPSE = highlight('collapse', 'collapse', 'The review’s key word.\nSee also the introduction.');

async function rejection(promise: Promise<unknown>): Promise<ScholiaError> {
  const error: unknown = await promise.then(
    () => new Error('expected the promise to reject'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ScholiaError)) throw error;
  return error;
}

async function appendAll(target: AnnotationJournal, changes: AnnotationChange[]): Promise<void> {
  await target.read();
  for (const change of changes) await target.append(change);
}

describe('AnnotationJournal', () => {
  it('reads a journal that does not exist as no changes', async () => {
    expect(await journal().read()).toEqual([]);
  });

  it('reads back through a fresh journal every change appended, in order', async () => {
    const changes: AnnotationChange[] = [
      { op: 'put', annotation: STALINISM },
      { op: 'put', annotation: COLLAPSE },
      { op: 'put', annotation: { ...STALINISM, color: 'green' } },
      { op: 'delete', id: COLLAPSE.id },
    ];
    await appendAll(journal(), changes);
    expect(await journal().read()).toEqual(changes);
  });

  it('writes one JSON line per change in the documented format', async () => {
    await appendAll(journal(), [
      { op: 'put', annotation: COLLAPSE },
      { op: 'delete', id: STALINISM.id },
    ]);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] ?? '')).toEqual({ v: 1, op: 'put', annotation: COLLAPSE });
    expect(lines[1]).toBe(`{"v":1,"op":"delete","id":"${STALINISM.id}"}`);
  });

  it('ignores a last line cut short by a crash, and cuts it off before the next append', async () => {
    await appendAll(journal(), [{ op: 'put', annotation: STALINISM }]);
    const complete = await readFile(path, 'utf8');
    await appendFile(path, `{"v":1,"op":"put","annotation":{"id":"${COLLAPSE.id}","documentId":"rev`);
    const reopened = journal();
    expect(await reopened.read()).toEqual([{ op: 'put', annotation: STALINISM }]);
    await reopened.append({ op: 'delete', id: STALINISM.id });
    expect(await readFile(path, 'utf8')).toBe(`${complete}{"v":1,"op":"delete","id":"${STALINISM.id}"}\n`);
  });

  it('ignores a last line that ends in a newline but is not JSON, as a write whose pages were lost', async () => {
    await appendAll(journal(), [{ op: 'put', annotation: STALINISM }]);
    await appendFile(path, '\u0000\u0000\u0000\u0000"Stalinism"}}\n');
    expect(await journal().read()).toEqual([{ op: 'put', annotation: STALINISM }]);
  });

  it('reports a damaged line in the middle with the file and line number, and leaves the file as it is', async () => {
    await appendAll(journal(), [{ op: 'put', annotation: STALINISM }]);
    await appendFile(path, '{"v":1,"op":"put","annotation":{"id":\n');
    await appendFile(path, `${JSON.stringify({ v: 1, op: 'delete', id: STALINISM.id })}\n`);
    const damaged = await readFile(path);
    const reopened = journal();
    const error = await rejection(reopened.read());
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain(`${DOCUMENT}.journal.jsonl in ${dir} is damaged at line 2`);
    expect(error.message).toContain('Scholia has not changed it');
    expect((await rejection(reopened.append({ op: 'delete', id: COLLAPSE.id }))).code).toBe('internal');
    expect(await readFile(path)).toEqual(damaged);
  });

  it('reports a complete line that is not a valid change, even at the end', async () => {
    await writeFile(path, `${JSON.stringify({ v: 1, op: 'rename', id: STALINISM.id })}\n`);
    const error = await rejection(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('line 1: it is not a valid change');
  });

  it('reports an annotation of another document', async () => {
    const foreign = { ...STALINISM, documentId: 'another-document' };
    await writeFile(path, `${JSON.stringify({ v: 1, op: 'put', annotation: foreign })}\n`);
    expect((await rejection(journal().read())).message).toContain(
      'it holds an annotation of document "another-document"',
    );
  });

  it('refuses a line written by a newer Scholia and leaves the file untouched', async () => {
    const newer = `${JSON.stringify({ v: 2, op: 'put', annotation: STALINISM, anchors: [] })}\n`;
    await writeFile(path, newer);
    const error = await rejection(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('made by a newer Scholia');
    expect(await readFile(path, 'utf8')).toBe(newer);
  });

  it('upgrades the annotation of a line from an older format with the annotations migrations', async () => {
    const { color, ...rest } = STALINISM;
    await writeFile(path, `${JSON.stringify({ v: 0, op: 'put', annotation: { ...rest, colour: color } })}\n`);
    const migrations = new MigrationRegistry(1).register({
      kind: 'annotations',
      from: 0,
      to: 1,
      migrate: (file) => ({
        ...file,
        annotations: (file['annotations'] as Record<string, unknown>[]).map(({ colour, ...kept }) => ({
          ...kept,
          color: colour,
        })),
      }),
    });
    expect(await journal(migrations).read()).toEqual([{ op: 'put', annotation: STALINISM }]);
  });

  it('refuses to append an annotation of another document, and writes nothing', async () => {
    const opened = journal();
    await opened.read();
    const error = await rejection(
      opened.append({ op: 'put', annotation: { ...COLLAPSE, documentId: 'another-document' } }),
    );
    expect(error.code).toBe('internal');
    expect(await journal().read()).toEqual([]);
  });

  it('appends a batch of changes in one write, one line each, read back in order', async () => {
    const opened = journal();
    await opened.read();
    const changes: AnnotationChange[] = [
      { op: 'put', annotation: STALINISM },
      { op: 'put', annotation: COLLAPSE },
      { op: 'delete', id: STALINISM.id },
    ];
    await opened.appendAll(changes);
    await opened.appendAll([]);
    expect(opened.lineCount).toBe(3);
    expect(opened.byteLength).toBe(Buffer.byteLength(await readFile(path, 'utf8')));
    expect(await journal().read()).toEqual(changes);
  });

  it('writes nothing of a batch that holds one annotation it cannot save', async () => {
    const opened = journal();
    await opened.read();
    const stranger = { ...COLLAPSE, documentId: 'another-document' };
    const batch: AnnotationChange[] = [
      { op: 'put', annotation: STALINISM },
      { op: 'put', annotation: stranger },
    ];
    expect((await rejection(opened.appendAll(batch))).code).toBe('internal');
    expect(await journal().read()).toEqual([]);
  });

  it('is empty after it is removed, and a missing file can be removed', async () => {
    await appendAll(journal(), [{ op: 'put', annotation: STALINISM }]);
    const opened = journal();
    await opened.read();
    await opened.remove();
    await opened.remove();
    expect(opened.lineCount).toBe(0);
    expect(await journal().read()).toEqual([]);
  });
});

describe('applyChanges', () => {
  it('replaces a put annotation where it stands, appends a new one and removes a deleted one', () => {
    const third = highlight('third', 'Trotsky');
    const edited = { ...STALINISM, comment: 'Edited.' };
    const result = applyChanges(
      [STALINISM, COLLAPSE],
      [
        { op: 'put', annotation: third },
        { op: 'put', annotation: edited },
        { op: 'delete', id: COLLAPSE.id },
      ],
    );
    expect(result).toEqual([edited, third]);
  });

  it('changes nothing when the changes are applied again to their own result', () => {
    const changes: AnnotationChange[] = [
      { op: 'put', annotation: COLLAPSE },
      { op: 'delete', id: STALINISM.id },
      { op: 'put', annotation: { ...COLLAPSE, color: 'pink' } },
    ];
    const once = applyChanges([STALINISM], changes);
    expect(applyChanges(once, changes)).toEqual(once);
  });
});
