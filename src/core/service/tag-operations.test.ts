import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import { dispatchApiCall } from '../../shared/dispatch';
import type { Tag } from '../../shared/model';
import { simulatedCrash } from '../store/test-crash';
import { libraryOnDisk } from '../store/test-store';
import { fixtureText, paragraphsText } from '../store/test-documents';
import {
  failure,
  importUssr,
  refusal,
  selectorsFor,
  ticking,
  upload,
  useServiceLibrary,
} from './test-service';

const library = useServiceLibrary();

/** The codebook of a reading of the USSR article, and the passages it is applied to. */
async function codedLibrary(service: ScholiaService) {
  const ussr = await importUssr(service);
  const review = await importUssr(service, 'ussr-again.txt');
  const causes = await service.createTag({ name: 'Causes' });
  const bureaucracy = await service.createTag({ name: 'Bureaucracy', parentId: causes.id, color: 'red' });
  const privilege = await service.createTag({ name: 'Privilege', parentId: bureaucracy.id });
  const economy = await service.createTag({
    name: 'Economy',
    parentId: causes.id,
    description: 'Planning and its failures.',
  });
  const testimony = await service.createTag({ name: 'Eyewitness testimony', color: '#1f77b4' });
  const tag = (documentId: string, quote: string, tagIds: string[]) =>
    service.createAnnotation({ documentId, selectors: selectorsFor(quote), tagIds });
  const both = await tag(ussr, 'bureaucratic and dictatorial rule', [bureaucracy.id, economy.id]);
  const bureaucratic = await tag(ussr, 'end bureaucratic rule', [bureaucracy.id]);
  const elsewhere = await tag(review, 'end bureaucratic rule', [bureaucracy.id, testimony.id]);
  const untagged = await tag(ussr, 'capitalist restoration', []);
  const privileged = await tag(ussr, 'eyewitness', [privilege.id, testimony.id]);
  return {
    documents: { ussr, review },
    tags: { causes, bureaucracy, privilege, economy, testimony },
    annotations: { both, bureaucratic, elsewhere, untagged, privileged },
  };
}

/** Passage counts by tag name. */
async function counts(service: ScholiaService): Promise<Record<string, number>> {
  return Object.fromEntries((await service.listTags({})).map((t) => [t.name, t.passageCount]));
}

/** Everything a tag operation may touch, as bytes: the codebook as listed and on disk, and both documents' annotations. */
async function snapshot(service: ScholiaService, documentIds: string[]): Promise<string> {
  const stored: { tags: readonly Tag[] } = await libraryOnDisk(library.dir);
  const annotations = await Promise.all(
    documentIds.map((documentId) => service.listAnnotations({ documentId })),
  );
  return JSON.stringify({ listed: await service.listTags({}), stored: stored.tags, annotations });
}

describe('the codebook', () => {
  it('creates nested tags and lists each followed by its sub-tags, with passage counts', async () => {
    const service = await library.open();
    await codedLibrary(service);
    const listed = await service.listTags({});
    expect(listed.map((t) => [t.name, t.passageCount])).toEqual([
      ['Causes', 0],
      ['Bureaucracy', 3],
      ['Privilege', 1],
      ['Economy', 1],
      ['Eyewitness testimony', 2],
    ]);
    expect(listed[1]).toMatchObject({ color: 'red', parentId: listed[0]?.id, description: '' });
    expect(library.seen).toContainEqual({ name: 'library-changed', payload: { scope: 'tags' } });
  });

  it('keeps the codebook and its counts across openings', async () => {
    const service = await library.open();
    await codedLibrary(service);
    const before = await service.listTags({});
    expect(await (await library.reopen()).listTags({})).toEqual(before);
  });

  it('counts passages as annotations are tagged, retagged and deleted', async () => {
    const service = await library.open();
    const { documents, tags, annotations } = await codedLibrary(service);
    await service.updateAnnotation({
      documentId: documents.ussr,
      annotationId: annotations.untagged.id,
      patch: { tagIds: [tags.economy.id] },
    });
    await service.updateAnnotation({
      documentId: documents.ussr,
      annotationId: annotations.both.id,
      patch: { tagIds: [] },
    });
    await service.deleteAnnotation({ documentId: documents.review, annotationId: annotations.elsewhere.id });
    expect(await counts(service)).toMatchObject({ Bureaucracy: 1, Economy: 1, 'Eyewitness testimony': 1 });
    await service.deleteDocument({ documentId: documents.ussr });
    expect(await counts(service)).toMatchObject({ Bureaucracy: 0, Economy: 0, Privilege: 0 });
  });

  it('refuses a second tag of the same name among siblings, ignoring case, but not elsewhere', async () => {
    const service = await library.open();
    const causes = await service.createTag({ name: 'Causes' });
    await service.createTag({ name: 'Economy', parentId: causes.id });
    const error = await failure(service.createTag({ name: 'ECONOMY', parentId: causes.id }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(
      'There is already a tag named “Economy” under “Causes”. Choose another name, or merge the two tags.',
    );
    expect((await service.createTag({ name: 'Economy' })).parentId).toBeNull();
  });

  it('renames, recolours and moves a tag', async () => {
    const service = await library.open();
    const { tags } = await codedLibrary(service);
    const moved = await service.updateTag({
      tagId: tags.privilege.id,
      patch: {
        name: 'Privileges of the elite',
        parentId: tags.economy.id,
        color: null,
        description: 'Dachas, shops.',
      },
    });
    expect(moved).toEqual({
      id: tags.privilege.id,
      name: 'Privileges of the elite',
      parentId: tags.economy.id,
      color: null,
      description: 'Dachas, shops.',
    });
    const toTop = await service.updateTag({ tagId: tags.privilege.id, patch: { parentId: null } });
    expect(toTop.parentId).toBeNull();
  });

  it('refuses to move a tag under itself or one of its own sub-tags', async () => {
    const service = await library.open();
    const { tags } = await codedLibrary(service);
    const under = await failure(
      service.updateTag({ tagId: tags.causes.id, patch: { parentId: tags.privilege.id } }),
    );
    expect(under.code).toBe('invalid-input');
    expect(under.message).toContain('“Causes” cannot go under “Privilege”');
    const itself = await failure(
      service.updateTag({ tagId: tags.causes.id, patch: { parentId: tags.causes.id } }),
    );
    expect(itself.code).toBe('invalid-input');
  });

  it('reports tags and parents that do not exist', async () => {
    const service = await library.open();
    expect((await failure(service.createTag({ name: 'Glasnost', parentId: 'gone' }))).code).toBe('not-found');
    expect((await failure(service.updateTag({ tagId: 'gone', patch: { name: 'Glasnost' } }))).code).toBe(
      'not-found',
    );
    expect((await failure(service.deleteTag({ tagId: 'gone', children: 'reparent' }))).code).toBe(
      'not-found',
    );
    expect((await failure(service.describeTagDeletion({ tagId: 'gone' }))).code).toBe('not-found');
  });

  it('refuses malformed tags at the boundary', async () => {
    const service = await library.open();
    const blank = await dispatchApiCall(service, 'createTag', { name: '   ' });
    expect(blank).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'Invalid arguments for createTag: name: A tag needs a name.' },
    });
    const colour = await dispatchApiCall(service, 'createTag', {
      name: 'Glasnost',
      color: 'url(javascript:alert(1))',
    });
    expect(refusal(colour)).toContain('A tag colour is a highlight colour');
    const nothing = await dispatchApiCall(service, 'updateTag', { tagId: 'x', patch: {} });
    expect(refusal(nothing)).toContain('Say what to change');
  });
});

describe('merging tags', () => {
  it('gives the target to every passage of the source, once, moves the source’s sub-tags and removes it', async () => {
    const service = await library.open({ now: ticking() });
    const { documents, tags, annotations } = await codedLibrary(service);
    await service.mergeTags({ sourceId: tags.bureaucracy.id, targetId: tags.economy.id });
    const listed = await service.listTags({});
    expect(listed.map((t) => [t.name, t.passageCount])).toEqual([
      ['Causes', 0],
      ['Economy', 3],
      ['Privilege', 1],
      ['Eyewitness testimony', 2],
    ]);
    expect(listed.find((t) => t.name === 'Privilege')?.parentId).toBe(tags.economy.id);
    const ussr = await service.listAnnotations({ documentId: documents.ussr });
    expect(ussr.find((a) => a.id === annotations.both.id)?.tagIds).toEqual([tags.economy.id]);
    expect(ussr.find((a) => a.id === annotations.bureaucratic.id)?.tagIds).toEqual([tags.economy.id]);
    const [elsewhere] = await service.listAnnotations({ documentId: documents.review });
    expect(elsewhere?.tagIds).toEqual([tags.economy.id, tags.testimony.id]);
    expect(library.seen).toContainEqual({
      name: 'library-changed',
      payload: { scope: 'annotations', documentId: documents.review },
    });
  });

  it('is undone exactly: the codebook and every passage’s tags and times come back byte for byte', async () => {
    const service = await library.open({ now: ticking() });
    const { documents, tags } = await codedLibrary(service);
    const before = await snapshot(service, [documents.ussr, documents.review]);
    const undo = await service.mergeTags({ sourceId: tags.causes.id, targetId: tags.privilege.id });
    expect(await snapshot(service, [documents.ussr, documents.review])).not.toBe(before);
    await service.restoreTags(undo);
    expect(await snapshot(service, [documents.ussr, documents.review])).toBe(before);
  });

  it('refuses to merge a tag into itself', async () => {
    const service = await library.open();
    const { tags } = await codedLibrary(service);
    expect(
      (await failure(service.mergeTags({ sourceId: tags.economy.id, targetId: tags.economy.id }))).code,
    ).toBe('invalid-input');
  });
});

describe('deleting tags', () => {
  it('says beforehand what a deletion will do to passages and sub-tags', async () => {
    const service = await library.open();
    const { tags } = await codedLibrary(service);
    expect(await service.describeTagDeletion({ tagId: tags.causes.id })).toEqual({
      passages: 0,
      children: 2,
      descendants: 3,
      passagesWithDescendants: 4,
    });
    expect(await service.describeTagDeletion({ tagId: tags.bureaucracy.id })).toEqual({
      passages: 3,
      children: 1,
      descendants: 1,
      passagesWithDescendants: 4,
    });
  });

  it('removes the tag from its passages and moves its sub-tags up to its parent', async () => {
    const service = await library.open();
    const { documents, tags, annotations } = await codedLibrary(service);
    await service.deleteTag({ tagId: tags.bureaucracy.id, children: 'reparent' });
    expect(await counts(service)).toEqual({ Causes: 0, Economy: 1, Privilege: 1, 'Eyewitness testimony': 2 });
    expect((await service.listTags({})).find((t) => t.id === tags.privilege.id)?.parentId).toBe(
      tags.causes.id,
    );
    const ussr = await service.listAnnotations({ documentId: documents.ussr });
    expect(ussr.find((a) => a.id === annotations.both.id)?.tagIds).toEqual([tags.economy.id]);
    expect(ussr.find((a) => a.id === annotations.bureaucratic.id)?.tagIds).toEqual([]);
    expect(ussr).toHaveLength(4);
  });

  it('deletes the whole branch when asked, leaving every passage in place', async () => {
    const service = await library.open();
    const { documents, tags } = await codedLibrary(service);
    await service.deleteTag({ tagId: tags.causes.id, children: 'delete' });
    expect(await counts(service)).toEqual({ 'Eyewitness testimony': 2 });
    const ussr = await service.listAnnotations({ documentId: documents.ussr });
    expect(ussr.map((a) => a.tagIds)).toEqual([[], [], [tags.testimony.id], []]);
  });

  it('is undone exactly, with the sub-tags it deleted', async () => {
    const service = await library.open({ now: ticking() });
    const { documents, tags } = await codedLibrary(service);
    const before = await snapshot(service, [documents.ussr, documents.review]);
    const undo = await service.deleteTag({ tagId: tags.causes.id, children: 'delete' });
    await service.restoreTags(undo);
    expect(await snapshot(service, [documents.ussr, documents.review])).toBe(before);
    expect(await snapshot(await library.reopen(), [documents.ussr, documents.review])).toBe(before);
  });

  it('is not undone over a tag of the same name made since, and then changes nothing', async () => {
    const service = await library.open();
    const { tags } = await codedLibrary(service);
    const undo = await service.deleteTag({ tagId: tags.economy.id, children: 'reparent' });
    await service.createTag({ name: 'economy', parentId: tags.causes.id });
    const before = await service.listTags({});
    expect((await failure(service.restoreTags(undo))).code).toBe('invalid-input');
    expect(await service.listTags({})).toEqual(before);
  });
});

describe('a crash in the middle of a tag operation', () => {
  /** Whether every tag each passage carries is in the codebook: what no crash may break. */
  async function consistent(service: ScholiaService, documentIds: string[]): Promise<boolean> {
    const known = new Set((await service.listTags({})).map((t) => t.id));
    const lists = await Promise.all(documentIds.map((documentId) => service.listAnnotations({ documentId })));
    return lists.flat().every((annotation) => annotation.tagIds.every((id) => known.has(id)));
  }

  /** Copies the library as a crash would leave it when the first event `matches` is emitted. */
  function crashWhen(matches: (payload: unknown) => boolean): () => string {
    let crashed: string | null = null;
    library.onEvent = (_name, payload) => {
      if (crashed === null && matches(payload)) crashed = library.crashCopySync();
    };
    return () => {
      if (crashed === null) throw new Error('the crash point was never reached');
      return crashed;
    };
  }

  const annotationsOf = (documentId: string) => (payload: unknown) =>
    JSON.stringify(payload) === JSON.stringify({ scope: 'annotations', documentId });

  it('merging, once one document’s passages carry the target, is finished at the next opening', async () => {
    const service = await library.open();
    const { documents, tags } = await codedLibrary(service);
    const copy = crashWhen(annotationsOf(documents.ussr));
    await service.mergeTags({ sourceId: tags.bureaucracy.id, targetId: tags.economy.id });
    const restarted = await library.open({}, {}, copy());
    expect(await counts(restarted)).toMatchObject({ Economy: 3 });
    expect(Object.keys(await counts(restarted))).not.toContain('Bureaucracy');
    expect(await consistent(restarted, [documents.ussr, documents.review])).toBe(true);
    expect(await restarted.takeLibraryNotices({})).toContainEqual({
      kind: 'finished',
      message: expect.stringContaining('merge of the tag “Bureaucracy” into “Economy”') as unknown,
    });
  });

  it('deleting, once one document’s passages lost the tags, is finished at the next opening', async () => {
    const service = await library.open();
    const { documents, tags } = await codedLibrary(service);
    const copy = crashWhen(annotationsOf(documents.ussr));
    await service.deleteTag({ tagId: tags.causes.id, children: 'delete' });
    const restarted = await library.open({}, {}, copy());
    expect(await counts(restarted)).toEqual({ 'Eyewitness testimony': 2 });
    expect(await consistent(restarted, [documents.ussr, documents.review])).toBe(true);
    expect((await restarted.takeLibraryNotices({})).map((notice) => notice.kind)).toEqual(['finished']);
  });

  it('undoing, once the tags are back but no passage carries them yet, leaves a sound library', async () => {
    const service = await library.open();
    const { documents, tags } = await codedLibrary(service);
    const undo = await service.deleteTag({ tagId: tags.causes.id, children: 'delete' });
    const copy = crashWhen((payload) => JSON.stringify(payload) === JSON.stringify({ scope: 'tags' }));
    await service.restoreTags(undo);
    const restarted = await library.open({}, {}, copy());
    expect(await counts(restarted)).toMatchObject({ Causes: 0, Bureaucracy: 0 });
    expect(await consistent(restarted, [documents.ussr, documents.review])).toBe(true);
  });

  for (const operation of ['delete', 'merge'] as const) {
    it(`a ${operation} crashed at each of its writes is all or nothing once the library is opened again`, async () => {
      const outcomes = new Set<string>();
      for (let step = 1; ; step++) {
        let armed = false;
        let writes = 0;
        const folder = join(library.root, `library-${String(step)}`);
        const crash = simulatedCrash(folder, join(library.root, `after-crash-${String(step)}`));
        const strike = (): Promise<never> | undefined => {
          if (!armed || ++writes !== step) return undefined;
          armed = false;
          return crash.strike();
        };
        const service = await library.open({}, { hooks: { beforeAppend: strike, beforeRename: strike } }, folder);
        const { documents, tags } = await codedLibrary(service);
        const before = await counts(service);
        armed = true;
        const run =
          operation === 'delete'
            ? service.deleteTag({ tagId: tags.bureaucracy.id, children: 'reparent' })
            : service.mergeTags({ sourceId: tags.bureaucracy.id, targetId: tags.testimony.id });
        const crashed = await run.then(
          () => false,
          (error: unknown) => {
            if (!String(error).includes('simulated crash')) throw error;
            return true;
          },
        );
        if (!crashed) break;
        const restarted = await library.open({}, {}, crash.copy());
        const after = await counts(restarted);
        const annotations = (
          await Promise.all(
            [documents.ussr, documents.review].map((documentId) => restarted.listAnnotations({ documentId })),
          )
        ).flat();
        const carrying = annotations.filter((annotation) => annotation.tagIds.includes(tags.bureaucracy.id));
        if ('Bureaucracy' in after) {
          // Nothing happened: the crash came before the record of the change was saved.
          expect(after).toEqual(before);
          expect(carrying).toHaveLength(3);
          outcomes.add('nothing');
        } else {
          expect(carrying).toEqual([]);
          expect(after['Privilege']).toBe(1);
          if (operation === 'merge') expect(after['Eyewitness testimony']).toBe(4);
          expect(await restarted.takeLibraryNotices({})).toContainEqual(
            expect.objectContaining({ kind: 'finished' }),
          );
          outcomes.add('finished');
        }
        expect(await consistent(restarted, [documents.ussr, documents.review])).toBe(true);
        await expect(readdir(join(crash.copy(), 'local', 'testdevice0a', 'tag-changes'))).resolves.toEqual([]);
      }
      expect([...outcomes].sort()).toEqual(['finished', 'nothing']);
    });
  }

  it('reports a damaged record of a tag change and leaves it as it is', async () => {
    const service = await library.open();
    await codedLibrary(service);
    const record = join(library.dir, 'local', 'testdevice0a', 'tag-changes', `${randomUUID()}.json`);
    await writeFile(record, '{"schemaVersion": 1, "id": ');
    const restarted = await library.reopen();
    const notices = await restarted.takeLibraryNotices({});
    expect(notices).toEqual([{ kind: 'damaged', message: expect.stringContaining(basename(record)) as unknown }]);
    expect(await readFile(record, 'utf8')).toBe('{"schemaVersion": 1, "id": ');
    expect(await counts(restarted)).toMatchObject({ Bureaucracy: 3 });
  });
});

describe('passage counts', () => {
  it('add up passages of different articles', async () => {
    const service = await library.open();
    const causes = await service.createTag({ name: 'Causes' });
    const review = fixtureText('review');
    const reviewText = paragraphsText(review);
    const [outcome] = (await service.importFiles({ sources: [upload('review.txt', review)] })).outcomes;
    if (outcome?.status !== 'imported') throw new Error('the fixture did not import');
    const quote = 'Stalinism, the negation of Bolshevism';
    await service.createAnnotation({
      documentId: outcome.document.id,
      selectors: selectorsFor(quote, 0, reviewText),
      tagIds: [causes.id],
    });
    await service.createAnnotation({
      documentId: await importUssr(service),
      selectors: selectorsFor('Stalinism'),
      tagIds: [causes.id],
    });
    expect(await counts(service)).toEqual({ Causes: 2 });
  });
});
