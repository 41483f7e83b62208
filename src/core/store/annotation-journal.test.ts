import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model';
import { highlightIn } from '../../shared/test-annotations';
import { applyChanges, readLegacyAnnotations, type AnnotationChange } from './annotation-journal';
import {
  annotationJournal,
  annotationJournalPath,
  annotationsFileAdapter,
  annotationsFilePath,
} from './library-layout';
import { MigrationRegistry } from './migrations';
import { failure, useTempDir } from '../test-support';
import { fixtureText } from './test-documents';

const REVIEW = fixtureText('review');
const DOCUMENT = 'review-of-the-book';

const temp = useTempDir('scholia-journal-');
let path: string;

beforeEach(async () => {
  path = annotationJournalPath(temp.path, DOCUMENT);
  await mkdir(join(temp.path, 'annotations'));
});

function journal(migrations = new MigrationRegistry()) {
  return annotationJournal(temp.path, DOCUMENT, { migrations });
}

function readAll(migrations = new MigrationRegistry()): Promise<readonly Annotation[]> {
  return readLegacyAnnotations(DOCUMENT, {
    snapshot: annotationsFileAdapter(temp.path, DOCUMENT, { migrations }),
    journal: journal(migrations),
  });
}

/** A highlight of the first occurrence of `exact` in the review, with a stable id made from `key`. */
function highlight(key: string, exact: string, comment = ''): Annotation {
  const at = '2026-02-15T10:00:00.000Z';
  return highlightIn(REVIEW, {
    id: `highlight-${key}`,
    documentId: DOCUMENT,
    exact,
    comment,
    createdAt: at,
    modifiedAt: at,
  });
}

const STALINISM = highlight('stalinism', 'Stalinism');
const COLLAPSE = highlight('collapse', 'collapse', 'The review’s key word.\nSee also the introduction.');

/** The journal line of `change`, in the format the layout before folder sync wrote. */
function line(change: AnnotationChange): string {
  return `${JSON.stringify({ v: 1, ...change })}\n`;
}

async function writeJournal(text: string): Promise<void> {
  await writeFile(path, text);
}

async function writeSnapshot(annotations: Annotation[], documentId = DOCUMENT): Promise<void> {
  await writeFile(
    annotationsFilePath(temp.path, DOCUMENT),
    JSON.stringify({ schemaVersion: 1, documentId, annotations }),
  );
}

describe('AnnotationJournal', () => {
  it('reads a journal that does not exist as no changes', async () => {
    expect(await journal().read()).toEqual([]);
  });

  it('reads every change of the documented format, in order', async () => {
    const changes: AnnotationChange[] = [
      { op: 'put', annotation: STALINISM },
      { op: 'put', annotation: COLLAPSE },
      { op: 'put', annotation: { ...STALINISM, color: 'green' } },
      { op: 'delete', id: COLLAPSE.id },
    ];
    await writeJournal(
      `{"v":1,"op":"put","annotation":${JSON.stringify(STALINISM)}}\n` +
        line(changes[1] as AnnotationChange) +
        line(changes[2] as AnnotationChange) +
        `{"v":1,"op":"delete","id":"${COLLAPSE.id}"}\n`,
    );
    expect(await journal().read()).toEqual(changes);
  });

  it('ignores a last line cut short by a crash, and leaves the file as it is', async () => {
    const torn = `${line({ op: 'put', annotation: STALINISM })}{"v":1,"op":"put","annotation":{"id":"${COLLAPSE.id}","documentId":"rev`;
    await writeJournal(torn);
    expect(await journal().read()).toEqual([{ op: 'put', annotation: STALINISM }]);
    expect(await readFile(path, 'utf8')).toBe(torn);
  });

  it('ignores a last line that ends in a newline but is not JSON, as a write whose pages were lost', async () => {
    await writeJournal(
      `${line({ op: 'put', annotation: STALINISM })}\u0000\u0000\u0000\u0000"Stalinism"}}\n`,
    );
    expect(await journal().read()).toEqual([{ op: 'put', annotation: STALINISM }]);
  });

  it('reports a damaged line in the middle with the file and line number, and leaves the file as it is', async () => {
    const damaged =
      line({ op: 'put', annotation: STALINISM }) +
      '{"v":1,"op":"put","annotation":{"id":\n' +
      line({ op: 'delete', id: STALINISM.id });
    await writeJournal(damaged);
    const error = await failure(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(path);
    expect(error.message).toContain(
      `${DOCUMENT}.journal.jsonl in ${join(temp.path, 'annotations')} is damaged at line 2`,
    );
    expect(error.message).toContain('Scholia has not changed it');
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });

  it('reports a complete line that is not a valid change, even at the end', async () => {
    await writeJournal(`${JSON.stringify({ v: 1, op: 'rename', id: STALINISM.id })}\n`);
    const error = await failure(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('line 1: it is not a valid change');
  });

  it('reports an annotation of another document', async () => {
    await writeJournal(line({ op: 'put', annotation: { ...STALINISM, documentId: 'another-document' } }));
    const error = await failure(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('it holds an annotation of document "another-document"');
  });

  it('refuses a line written by a newer Scholia and leaves the file untouched', async () => {
    const newer = `${JSON.stringify({ v: 2, op: 'put', annotation: STALINISM, anchors: [] })}\n`;
    await writeJournal(newer);
    const error = await failure(journal().read());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('made by a newer Scholia');
    expect(await readFile(path, 'utf8')).toBe(newer);
  });

  it('upgrades the annotation of a line from an older format with the annotations migrations', async () => {
    const { color, ...rest } = STALINISM;
    await writeJournal(`${JSON.stringify({ v: 0, op: 'put', annotation: { ...rest, colour: color } })}\n`);
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
});

describe('readLegacyAnnotations', () => {
  it('reads no annotations when neither file exists', async () => {
    expect(await readAll()).toEqual([]);
  });

  it('applies the journal to the snapshot', async () => {
    const edited = { ...STALINISM, comment: 'Edited.' };
    await writeSnapshot([STALINISM, COLLAPSE]);
    await writeJournal(line({ op: 'delete', id: COLLAPSE.id }) + line({ op: 'put', annotation: edited }));
    expect(await readAll()).toEqual([edited]);
  });

  it('reads the journal alone when there is no snapshot', async () => {
    await writeJournal(line({ op: 'put', annotation: COLLAPSE }));
    expect(await readAll()).toEqual([COLLAPSE]);
  });

  it('refuses a snapshot of another document', async () => {
    await writeSnapshot([], 'another-document');
    const error = await failure(readAll());
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('belongs to document "another-document"');
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
