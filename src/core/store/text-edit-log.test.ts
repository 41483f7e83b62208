import { randomUUID } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import type { Annotation, DocumentMeta } from '../../shared/model';
import { countWords, projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { highlightIn } from '../../shared/test-annotations';
import { LibraryStore, type TextEdit } from './library-store';
import { simulatedCrash } from './test-crash';
import { deleteLeadingBlocks, editText, fixtureText, metaFor, paragraphsDoc } from './test-documents';
import { savedOn, TEST_DEVICE, useStoreFolder } from './test-store';
import { failure } from '../test-support';

const USSR = fixtureText('ussr');
const ORIGINAL = paragraphsDoc(USSR);
const ORIGINAL_TEXT = projectDocument(docFromJSON(ORIGINAL)).text;

const temp = useStoreFolder('scholia-text-edit-', 'the text edit tests');
/** Where this device keeps the records of edits being saved. */
const EDITS = join('local', TEST_DEVICE.id, 'edits');
const { open: openStore } = temp;

/** A highlight of the `occurrence`-th appearance of `exact` in the article's projection. */
function highlight(documentId: string, exact: string, occurrence = 0): Annotation {
  return highlightIn(ORIGINAL_TEXT, { id: randomUUID(), documentId, exact, occurrence, color: 'green' });
}

interface Fixture {
  meta: DocumentMeta;
  before: readonly Annotation[];
  edit: TextEdit;
}

/** The article with three highlights (one on the clutter), and the edit that deletes the clutter at its top. */
async function articleAndCleanup(store: LibraryStore): Promise<Fixture> {
  const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
  await store.addDocument(meta, ORIGINAL);
  const before = [
    highlight(meta.id, 'Printable version'),
    highlight(meta.id, 'the collapse of Stalinism'),
    highlight(meta.id, 'capitalist restoration'),
  ];
  await store.writeAnnotations(meta.id, before);
  const { doc, placements } = editText(ORIGINAL, before, (transform) => deleteLeadingBlocks(transform, 4));
  const annotations = before.map((annotation, index) => {
    const selectors = placements[index]?.selectors ?? null;
    return selectors === null
      ? { ...annotation, orphanedAt: new Date().toISOString() }
      : { ...annotation, selectors };
  });
  const text = projectDocument(docFromJSON(doc)).text;
  const edit = {
    doc,
    annotations,
    textRevision: 1,
    wordCount: countWords(text),
    modifiedAt: new Date().toISOString(),
  };
  return { meta, before, edit };
}

/** What a store holds of the document: text, annotations and the metadata an edit sets. */
async function stateOf(store: LibraryStore, id: string) {
  const meta = store.getDocument(id);
  return {
    doc: await store.readDocumentText(id),
    annotations: await store.readAnnotations(id),
    textRevision: meta?.textRevision,
    wordCount: meta?.wordCount,
  };
}

function oldState(fixture: Fixture) {
  return {
    doc: ORIGINAL,
    annotations: fixture.before.map((annotation) => savedOn(annotation)),
    textRevision: undefined,
    wordCount: fixture.meta.wordCount,
  };
}

function newState(fixture: Fixture) {
  const { doc, annotations, textRevision, wordCount } = fixture.edit;
  return { doc, annotations: annotations.map((annotation) => savedOn(annotation)), textRevision, wordCount };
}

describe('LibraryStore.editDocumentText', () => {
  it('saves the text, the annotations and the metadata together, and leaves no record behind', async () => {
    const store = await openStore();
    const fixture = await articleAndCleanup(store);
    const result = await store.editDocumentText(fixture.meta.id, () => fixture.edit);
    expect(result?.meta).toMatchObject({ textRevision: 1, wordCount: fixture.edit.wordCount });
    expect(await stateOf(store, fixture.meta.id)).toEqual(newState(fixture));
    await store.close();
    expect(await stateOf(await openStore(), fixture.meta.id)).toEqual(newState(fixture));
    const texts = (await readdir(join(temp.dir, 'documents'))).sort();
    expect(texts).toHaveLength(2);
    expect(texts).toContain(`${fixture.meta.id}.json`);
    expect(await readdir(join(temp.dir, EDITS))).toEqual([]);
  });

  it('changes nothing when the decision refuses the edit', async () => {
    const store = await openStore();
    const fixture = await articleAndCleanup(store);
    const refusal = store.editDocumentText(fixture.meta.id, () => {
      throw new ScholiaError('invalid-input', 'The text has changed since.');
    });
    expect((await failure(refusal)).message).toBe('The text has changed since.');
    expect(await stateOf(store, fixture.meta.id)).toEqual(oldState(fixture));
  });

  it('answers null for a document it does not have', async () => {
    const store = await openStore();
    expect(await store.editDocumentText('no-such-document', () => ({}) as TextEdit)).toBeNull();
  });
});

describe('a crash while an edit of the text is saved', () => {
  /** Whether a write to `path` is the crash point, for document `id`. */
  type Target = (id: string) => (path: string) => boolean;
  const own = join('devices', TEST_DEVICE.id);
  const points: [string, 'old' | 'new', Target][] = [
    ['before its record is in place', 'old', (id) => (path) => path.endsWith(join(EDITS, `${id}.edit.json`))],
    [
      'with the record in place but not the new revision of the text',
      'new',
      (id) => (path) =>
        path.includes(`${join('documents', id)}.`) && path.endsWith('.json') && !path.endsWith(`${id}.json`),
    ],
    [
      'with the new text but the old annotations',
      'new',
      (id) => (path) => path.endsWith(join(own, 'annotations', `${id}.jsonl`)),
    ],
    [
      'with new text and annotations but the old library log',
      'new',
      () => (path) => path.endsWith(join(own, 'library.jsonl')),
    ],
  ];

  it.each(points)(
    '%s leaves the %s version of text, annotations and metadata together',
    async (_when, expected, target) => {
      let armed: ((path: string) => boolean) | null = null;
      const crash = simulatedCrash(temp.dir, join(temp.root, 'after-crash'));
      const strikeAt = (path: string): Promise<never> | undefined => {
        if (armed === null || !armed(path)) return undefined;
        armed = null;
        return crash.strike();
      };
      const store = await openStore(temp.dir, {
        hooks: { beforeRename: (_temp, path) => strikeAt(path), beforeAppend: (path) => strikeAt(path) },
      });
      const fixture = await articleAndCleanup(store);
      armed = target(fixture.meta.id);
      await expect(store.editDocumentText(fixture.meta.id, () => fixture.edit)).rejects.toThrow(
        'simulated crash',
      );
      const crashed = crash.copy();
      const restarted = await openStore(crashed);
      const state = await stateOf(restarted, fixture.meta.id);
      expect(state).toEqual(expected === 'old' ? oldState(fixture) : newState(fixture));
      expect((await readdir(join(crashed, EDITS))).filter((name) => name.endsWith('.edit.json'))).toEqual([]);
    },
  );

  it('finishes harmlessly an edit whose every file was written but whose record was not yet removed', async () => {
    let record = '';
    const store = await openStore(temp.dir, {
      hooks: {
        beforeRename: async (temp, path) => {
          if (path.endsWith('.edit.json')) record = await readFile(temp, 'utf8');
        },
      },
    });
    const fixture = await articleAndCleanup(store);
    await store.editDocumentText(fixture.meta.id, () => fixture.edit);
    await store.close();
    await writeFile(join(temp.dir, EDITS, `${fixture.meta.id}.edit.json`), record);
    expect(await stateOf(await openStore(), fixture.meta.id)).toEqual(newState(fixture));
  });
});

describe('an edit of the text that cannot be finished', () => {
  it('is refused to readers of the document until the library is opened again, which finishes it', async () => {
    let failAnnotations = false;
    const store = await openStore(temp.dir, {
      hooks: {
        beforeAppend: (path) => {
          if (failAnnotations && path.includes(join('devices', TEST_DEVICE.id, 'annotations')))
            throw new Error('the disk is full.');
        },
      },
    });
    const fixture = await articleAndCleanup(store);
    failAnnotations = true;
    const error = await failure(store.editDocumentText(fixture.meta.id, () => fixture.edit));
    expect(error.code).toBe('io');
    expect(error.message).toContain(
      'The edit of the text of “USSR 1989” is saved but could not be finished: the disk is full.',
    );
    expect(error.message).toContain('Close the library and open it again');
    expect(await failure(store.readDocumentText(fixture.meta.id))).toBe(error);
    expect(await failure(store.readAnnotations(fixture.meta.id))).toBe(error);
    failAnnotations = false;
    await store.close();
    expect(await stateOf(await openStore(), fixture.meta.id)).toEqual(newState(fixture));
  });

  it('goes with its document when the document is deleted before the library is opened again', async () => {
    let failLibrary = false;
    const store = await openStore(temp.dir, {
      hooks: {
        beforeAppend: (path) => {
          if (failLibrary && path.endsWith('library.jsonl')) throw new Error('the disk is full.');
        },
      },
    });
    const fixture = await articleAndCleanup(store);
    failLibrary = true;
    await failure(store.editDocumentText(fixture.meta.id, () => fixture.edit));
    failLibrary = false;
    expect(await store.removeDocument(fixture.meta.id)).toBe(true);
    expect(await readdir(join(temp.dir, EDITS))).toEqual([]);
    await store.close();
    expect((await openStore()).listDocuments()).toEqual([]);
  });

  it('is reported, not guessed at, when its record is damaged, and the rest of the library opens', async () => {
    const store = await openStore();
    const fixture = await articleAndCleanup(store);
    await store.close();
    const path = join(temp.dir, EDITS, `${fixture.meta.id}.edit.json`);
    await writeFile(path, '{"schemaVersion":1,"documentId":');
    // The rest of the library opens; the damage is told, and only this document waits for its record.
    const reopened = await LibraryStore.open(temp.dir, { owner: 'the text edit tests', device: TEST_DEVICE });
    const damaged = reopened.takeNotices().filter((notice) => notice.kind === 'damaged');
    expect(damaged.map((notice) => notice.message)).toEqual([
      expect.stringContaining(`${fixture.meta.id}.edit.json`),
    ]);
    expect(damaged[0]?.message).toContain('Move it out of the folder to open the library without this edit');
    expect(damaged[0]?.message).toContain('could not be finished');
    const error = await failure(reopened.readDocumentText(fixture.meta.id));
    expect(error.code).toBe('library-corrupt');
    expect(reopened.listDocuments()).toHaveLength(1);
    await reopened.close();
    expect(await readFile(path, 'utf8')).toBe('{"schemaVersion":1,"documentId":');
  });
});

describe('editText (the editor simulation these tests rely on)', () => {
  it('keeps the quotes of passages after the deleted clutter and orphans the one inside it', () => {
    const annotations = [
      highlight('ussr', 'Printable version'),
      highlight('ussr', 'the collapse of Stalinism'),
    ];
    const { doc, placements } = editText(ORIGINAL, annotations, (transform) =>
      deleteLeadingBlocks(transform, 4),
    );
    const text = projectDocument(docFromJSON(doc)).text;
    expect(text.startsWith('From The Socialist newspaper')).toBe(true);
    expect(placements[0]?.selectors).toBeNull();
    const [quote, position] = placements[1]?.selectors ?? [];
    expect(quote?.exact).toBe('the collapse of Stalinism');
    expect(text.slice(position?.start, position?.end)).toBe('the collapse of Stalinism');
  });
});
