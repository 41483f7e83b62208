import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../shared/api';
import { dispatchApiCall } from '../../shared/dispatch';
import type { Annotation } from '../../shared/model';
import { quoteAnnotation } from '../../shared/test-annotations';
import { projectDocument } from '../../shared/projection';
import { docFromJSON, type DocJSON } from '../../shared/schema';
import { openLibrary, type OpenedLibrary } from '../library';
import type { LibraryStore } from '../store/library-store';
import { fixtureText, metaFor, paragraphsDoc } from '../store/test-documents';
import { savedOn, useStoreFolder } from '../store/test-store';
import type { DeviceIdentity } from '../sync/device';

const USSR = fixtureText('ussr');
const LAPTOP: DeviceIdentity = { id: 'laptop000001', name: 'Laptop', readerName: 'Ana' };
const DESKTOP: DeviceIdentity = { id: 'desktop00002', name: 'Desktop', readerName: 'Ben' };

const temp = useStoreFolder('scholia-sharing-', 'the sharing tests');

/** Two computers with the same library folder open, as a sync engine that delivers at once would leave them. */
async function twoComputers(): Promise<{ laptop: LibraryStore; desktop: LibraryStore; id: string }> {
  const laptop = await temp.open(temp.dir, { device: LAPTOP });
  const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
  await laptop.addDocument(meta, paragraphsDoc(USSR));
  const desktop = await temp.open(temp.dir, { device: DESKTOP });
  return { laptop, desktop, id: meta.id };
}

/** The document's text with paragraph `index` replaced by `text`. */
function withParagraph(doc: DocJSON, index: number, text: string): DocJSON {
  return {
    ...doc,
    content: doc.content.map((block, at) =>
      at === index ? { type: 'paragraph', content: [{ type: 'text', text }] } : block,
    ),
  };
}

async function edit(store: LibraryStore, id: string, doc: DocJSON): Promise<void> {
  await store.editDocumentText(id, ({ meta, annotations }) => ({
    doc,
    annotations,
    textRevision: (meta.textRevision ?? 0) + 1,
    wordCount: meta.wordCount,
    modifiedAt: new Date().toISOString(),
  }));
}

function paragraphsOf(doc: DocJSON | null): string[] {
  return doc === null ? [] : projectDocument(docFromJSON(doc)).text.split('\n\n');
}

describe('a library two computers share', () => {
  it('shows each computer the other’s highlight once it reads the folder again, signed with who made it', async () => {
    const { laptop, desktop, id } = await twoComputers();
    const exact = 'the collapse of Stalinism';
    const annotation: Annotation = quoteAnnotation({
      id: randomUUID(),
      documentId: id,
      exact,
      start: USSR.indexOf(exact),
      color: 'green',
    });
    expect(await desktop.readAnnotations(id)).toEqual([]);
    await laptop.appendAnnotationChange(id, () => ({ op: 'put', annotation }));
    const changes = await desktop.refreshFromDisk();
    expect([...changes.annotations]).toEqual([id]);
    expect(await desktop.readAnnotations(id)).toEqual([savedOn(annotation, LAPTOP)]);
    expect(await desktop.readerOf(LAPTOP.id)).toBe('Ana');
  });

  it('merges edits of the text made on both computers to different paragraphs, without asking', async () => {
    const { laptop, desktop, id } = await twoComputers();
    const base = paragraphsDoc(USSR);
    await edit(laptop, id, withParagraph(base, 1, 'The laptop rewrote the second paragraph.'));
    await edit(desktop, id, withParagraph(base, 4, 'The desktop rewrote the fifth.'));
    await laptop.refreshFromDisk();
    await desktop.refreshFromDisk();
    for (const store of [laptop, desktop]) {
      const text = paragraphsOf(await store.readDocumentText(id));
      expect(text[1]).toBe('The laptop rewrote the second paragraph.');
      expect(text[4]).toBe('The desktop rewrote the fifth.');
      expect((await store.textState(id))?.merge?.result.conflicts).toBe(0);
    }
  });

  it('shows both versions of a paragraph both computers changed, and keeps the reader’s choice', async () => {
    const { laptop, desktop, id } = await twoComputers();
    const base = paragraphsDoc(USSR);
    await edit(laptop, id, withParagraph(base, 2, 'Laptop version.'));
    await edit(desktop, id, withParagraph(base, 2, 'Desktop version.'));
    const events: ApiEvents['library-changed'][] = [];
    const library: OpenedLibrary = await reopenAsLibrary(laptop, events);
    const conflicts = await library.service.getTextConflicts({ documentId: id });
    expect(conflicts.conflicts).toHaveLength(1);
    const [conflict] = conflicts.conflicts;
    expect([conflict?.a, conflict?.b].sort()).toEqual([['Desktop version.'], ['Laptop version.']]);
    expect(conflicts.editors.b).not.toBeNull();
    const keep = conflict?.a[0] === 'Laptop version.' ? 'a' : 'b';
    await library.service.resolveTextConflicts({ documentId: id, choices: [keep] });
    expect(paragraphsOf((await library.service.getDocument({ documentId: id })).doc)[2]).toBe(
      'Laptop version.',
    );
    expect((await library.service.getTextConflicts({ documentId: id })).conflicts).toEqual([]);
    expect(events).toContainEqual({ scope: 'documents', documentId: id });
    await desktop.refreshFromDisk();
    expect(paragraphsOf(await desktop.readDocumentText(id))[2]).toBe('Laptop version.');
    await library.close();
  });

  it('announces another computer’s change to an open library through its folder watch', async () => {
    const { laptop, desktop, id } = await twoComputers();
    await laptop.close();
    const library = await openLibrary(temp.dir, {
      owner: 'the sharing tests',
      device: LAPTOP,
      watch: { settleMs: 20, pollMs: 200 },
    });
    try {
      await library.service.listAnnotations({ documentId: id });
      const heard = new Promise<ApiEvents['library-changed']>((resolve) => {
        library.events.on('library-changed', (change) => {
          if (change.scope === 'annotations') resolve(change);
        });
      });
      await desktop.appendAnnotationChange(id, () => ({
        op: 'put',
        annotation: quoteAnnotation({
          id: randomUUID(),
          documentId: id,
          exact: 'Stalinism',
          start: USSR.indexOf('Stalinism'),
          color: 'blue',
          comment: 'From the desktop.',
        }),
      }));
      expect(await heard).toEqual({ scope: 'annotations', documentId: id });
      expect((await library.service.listAnnotations({ documentId: id })).map((a) => a.comment)).toEqual([
        'From the desktop.',
      ]);
    } finally {
      await library.close();
    }
  });

  it('names this computer and its reader, and lets the reader rename them', async () => {
    const library = await openLibrary(join(temp.root, 'own'), {
      owner: 'the sharing tests',
      device: { ...LAPTOP },
    });
    try {
      expect(await library.service.getDevice({})).toEqual(LAPTOP);
      const renamed = await dispatchApiCall(library.service, 'updateDevice', { readerName: '  Ana Lopes ' });
      expect(renamed).toEqual({ ok: true, value: { ...LAPTOP, readerName: 'Ana Lopes' } });
      const empty = await dispatchApiCall(library.service, 'updateDevice', { readerName: ' ' });
      expect(empty.ok).toBe(false);
    } finally {
      await library.close();
    }
  });

  it('lists every computer sharing the library with the names each last gave itself, this one first', async () => {
    const { laptop, desktop } = await twoComputers();
    const desktopSelf = { ...DESKTOP, thisComputer: true };
    expect(await desktop.listDevices()).toEqual([desktopSelf, { ...LAPTOP, thisComputer: false }]);
    await laptop.renameDevice({ readerName: 'Ana Lopes', name: 'Ana’s laptop' });
    expect(await desktop.listDevices()).toEqual([
      desktopSelf,
      { id: LAPTOP.id, name: 'Ana’s laptop', readerName: 'Ana Lopes', thisComputer: false },
    ]);
    expect(await desktop.readerOf(LAPTOP.id)).toBe('Ana Lopes');
  });

  it('lists a computer whose device file is damaged without its names, and leaves the file as it is', async () => {
    const { desktop } = await twoComputers();
    const file = join(temp.dir, 'devices', LAPTOP.id, 'device.json');
    await writeFile(file, '{"schemaVersion": 1, "id": "laptop000001", "na');
    expect(await desktop.listDevices()).toEqual([
      { ...DESKTOP, thisComputer: true },
      { id: LAPTOP.id, name: null, readerName: null, thisComputer: false },
    ]);
    expect(await desktop.readerOf(LAPTOP.id)).toBeNull();
    expect(await readFile(file, 'utf8')).toBe('{"schemaVersion": 1, "id": "laptop000001", "na');
  });
});

/** Closes `store` and opens its folder again as a library service for the same computer. */
async function reopenAsLibrary(
  store: LibraryStore,
  events: ApiEvents['library-changed'][],
): Promise<OpenedLibrary> {
  await store.close();
  const library = await openLibrary(store.dir, { owner: 'the sharing tests', device: store.device });
  library.events.on('library-changed', (change) => events.push(change));
  return library;
}
