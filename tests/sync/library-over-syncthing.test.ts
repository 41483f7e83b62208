/**
 * The library over real folder sync (issue 10): two real Syncthing instances share one library
 * folder, and the real core runs on each side as a different device (A, `laptop000001`, read by Ana;
 * B, `desktop00002`, read by Ben), each with its folder watch on. Cut off from each other, both
 * highlight, tag, rename the same tag and write; B deletes a document A annotates. Reconnected, both
 * show everything, the same on both sides, and the open app on each side shows the other's changes
 * without being reopened. Runs where /usr/bin/syncthing exists; elsewhere it is reported as skipped,
 * with the reason.
 *
 * The steps depend on each other and run in order, sharing the two open libraries.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type OpenedLibrary } from '../../src/core/library';
import { selectorsFor, upload } from '../../src/core/service/test-service';
import type { DeviceIdentity } from '../../src/core/sync/device';
import type { ApiEvents } from '../../src/shared/api';
import { displayTitle, type Annotation, type DocumentMeta, type Selectors } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON } from '../../src/shared/schema';
import {
  SYNCTHING_MISSING,
  startSyncthingPair,
  syncthingAvailable,
  type SyncthingPair,
} from '../support/syncthing';

const available = syncthingAvailable();
if (!available) console.warn(`Library over Syncthing test SKIPPED: ${SYNCTHING_MISSING}.`);

const LAPTOP: DeviceIdentity = { id: 'laptop000001', name: 'Ana’s laptop', readerName: 'Ana' };
const DESKTOP: DeviceIdentity = { id: 'desktop00002', name: 'Ben’s desktop', readerName: 'Ben' };
const WATCH = { settleMs: 100, pollMs: 500 };

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const USSR_FILE = 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt';
const REVIEW_FILE = 'review-2026-02-15-collapse-of-stalinism-book.txt';

/** How long a change Syncthing has delivered may take to show in the other side's open library. */
const SHOWS_WITHIN_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Polls `probe` until it returns something other than `undefined`, and resolves to that; fails with
 * `what` and the last thing `describe` said about the state when `timeoutMs` pass first.
 */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  describeState: () => Promise<string>,
  timeoutMs = SHOWS_WITHIN_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. ${await describeState()}`);
    }
    await sleep(100);
  }
}

/** Every file under `folder`, as paths relative to it, without Syncthing's `.stfolder` marker. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('.stfolder'))
    .sort();
}

/** The plain text of a document as the reader sees it, which selectors are made against. */
async function projectionOf(library: OpenedLibrary, documentId: string): Promise<string> {
  const { doc } = await library.service.getDocument({ documentId });
  return projectDocument(docFromJSON(doc)).text;
}

function quoteOf(annotation: Annotation): string | undefined {
  return annotation.selectors.find((selector) => selector.type === 'TextQuoteSelector')?.exact;
}

describe.skipIf(!available)(
  available
    ? 'a library shared by two computers through real Syncthing'
    : `Library over Syncthing (skipped: ${SYNCTHING_MISSING})`,
  () => {
    let root: string;
    let folderA: string;
    let folderB: string;
    let pair: SyncthingPair | undefined;
    let libraryA: OpenedLibrary | undefined;
    let libraryB: OpenedLibrary | undefined;
    /** Every notice B's open library announced (`library-notice` events), in order. */
    const noticesOfB: Array<ApiEvents['library-notice']> = [];

    // What the steps share.
    let ussrId = '';
    let reviewId = '';
    let reviewTitle = '';
    let ussrText = '';
    let reviewText = '';
    let sharedTagId = '';
    const renames = { a: 'Stalinism, as Ana calls it', b: 'Stalinism, as Ben calls it' };
    const passages = {
      a: 'eyewitness to the tumultuous events in 1989',
      b: 'bureaucratic rule eventually resulted in capitalist restoration',
      onDeleted: 'essential reading for anyone who wants to understand',
      live: 'Clare Doyle',
    };
    const note = 'Ana’s note: an eyewitness account, written twenty years on.';
    let tagOfA = '';
    let tagOfB = '';
    let highlightA: Annotation | undefined;
    let highlightB: Annotation | undefined;
    let annotationOnDeleted: Annotation | undefined;

    const a = (): OpenedLibrary => libraryA ?? expect.fail('library A is not open');
    const b = (): OpenedLibrary => libraryB ?? expect.fail('library B is not open');
    const syncthing = (): SyncthingPair => pair ?? expect.fail('Syncthing is not running');

    const open = async (folder: string, device: DeviceIdentity): Promise<OpenedLibrary> =>
      openLibrary(folder, { owner: `the Syncthing test (${device.readerName})`, device, watch: WATCH });

    const openB = async (): Promise<OpenedLibrary> => {
      const library = await open(folderB, DESKTOP);
      library.events.on('library-notice', (notice) => noticesOfB.push(notice));
      return library;
    };

    /** What each side lists (documents, the USSR article's highlights, tags), for timeout messages. */
    const state = async (): Promise<string> => {
      const lines: string[] = [];
      for (const [side, library] of [
        ['A', libraryA],
        ['B', libraryB],
      ] as const) {
        if (library === undefined) continue;
        const documents = (await library.service.listDocuments({})).map((meta) => meta.id);
        const annotations = documents.includes(ussrId)
          ? (await library.service.listAnnotations({ documentId: ussrId })).map(quoteOf)
          : [];
        const tags = (await library.service.listTags({})).map((tag) => tag.name);
        lines.push(
          `${side} lists documents ${JSON.stringify(documents)}, highlights ${JSON.stringify(annotations)}, tags ${JSON.stringify(tags)}.`,
        );
      }
      return lines.join(' ');
    };

    const highlight = async (
      library: OpenedLibrary,
      documentId: string,
      selectors: Selectors,
      tagIds: string[] = [],
    ): Promise<Annotation> =>
      library.service.createAnnotation({ documentId, selectors, tagIds, color: 'yellow', comment: '' });

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'scholia-library-sync-'));
      folderA = join(root, 'a', 'library');
      folderB = join(root, 'b', 'library');
      pair = await startSyncthingPair({ folderA, folderB });
    });

    afterAll(async () => {
      // Everything is closed and stopped even when a step failed; the first failure is reported.
      const results = await Promise.allSettled([libraryA?.close(), libraryB?.close()]);
      await pair?.stop();
      await rm(root, { recursive: true, force: true });
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    });

    it('shows on B, opened while A has the library open, the texts A imported', async () => {
      libraryA = await open(folderA, LAPTOP);
      // Opening wrote the library's .stignore (local/ and temp files stay on each computer); Syncthing
      // reads it at every scan, and a pattern it cannot parse stops the folder from syncing at all.
      await syncthing().scan();
      const sources = await Promise.all(
        [USSR_FILE, REVIEW_FILE].map(async (name) =>
          upload(name, await readFile(join(FIXTURES, name), 'utf8')),
        ),
      );
      const report = await a().service.importFiles({ sources });
      const imported = report.outcomes.map((outcome) =>
        outcome.status === 'imported' ? outcome.document : null,
      );
      expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['imported', 'imported']);
      const [ussr, review] = imported as [DocumentMeta, DocumentMeta];
      ussrId = ussr.id;
      reviewId = review.id;
      reviewTitle = displayTitle(review);
      // A tag both sides know before they are cut off, so both can rename it.
      sharedTagId = (await a().service.createTag({ name: 'Stalinism' })).id;
      await syncthing().waitUntilInSync();

      // A is still open: its lock is under local/laptop000001/, which does not sync, so B opens.
      libraryB = await openB();
      expect((await b().service.listDocuments({})).map((meta) => meta.id).sort()).toEqual(
        [ussrId, reviewId].sort(),
      );
      expect((await b().service.listTags({})).map((tag) => tag.name)).toEqual(['Stalinism']);
      ussrText = await projectionOf(b(), ussrId);
      reviewText = await projectionOf(b(), reviewId);
      expect(ussrText).toBe(await projectionOf(a(), ussrId));
      expect(reviewText).toBe(await projectionOf(a(), reviewId));
    });

    it('takes changes on both sides while they are cut off from each other', async () => {
      await syncthing().disconnect();

      // A: a tag, a highlight with it, a note, a rename of the shared tag, and a highlight on the review.
      tagOfA = (await a().service.createTag({ name: 'Eyewitness (Ana)' })).id;
      highlightA = await highlight(a(), ussrId, selectorsFor(passages.a, 0, ussrText), [tagOfA]);
      await a().service.updateDocumentNote({ documentId: ussrId, note });
      await a().service.updateTag({ tagId: sharedTagId, patch: { name: renames.a } });
      annotationOnDeleted = await highlight(a(), reviewId, selectorsFor(passages.onDeleted, 0, reviewText), [
        sharedTagId,
      ]);

      // B: another tag and highlight in the same document, another rename, and it deletes the review.
      tagOfB = (await b().service.createTag({ name: 'Restoration (Ben)' })).id;
      highlightB = await highlight(b(), ussrId, selectorsFor(passages.b, 0, ussrText), [tagOfB]);
      await b().service.updateTag({ tagId: sharedTagId, patch: { name: renames.b } });
      await b().service.deleteDocument({ documentId: reviewId });

      // Each side records its own changes while the other cannot hear of them.
      await syncthing().scan();
      expect((await a().service.listAnnotations({ documentId: ussrId })).map((x) => x.id)).toEqual([
        highlightA.id,
      ]);
      expect((await b().service.listAnnotations({ documentId: ussrId })).map((x) => x.id)).toEqual([
        highlightB.id,
      ]);
      expect((await b().service.listDocuments({})).map((meta) => meta.id)).toEqual([ussrId]);
      expect((await a().service.listDocuments({})).map((meta) => meta.id).sort()).toEqual(
        [ussrId, reviewId].sort(),
      );
    });

    it('shows both sides everything once they are reconnected, the same on both, without reopening', async () => {
      await syncthing().reconnect();
      await syncthing().waitUntilInSync();
      const both = [
        ['A', a()],
        ['B', b()],
      ] as const;

      for (const [side, library] of both) {
        const annotations = await eventually(
          `${side} to list both highlights in the USSR article`,
          async () => {
            const list = await library.service.listAnnotations({ documentId: ussrId });
            return list.length >= 2 ? list : undefined;
          },
          state,
        );
        expect(annotations.map((annotation) => [quoteOf(annotation), annotation.tagIds])).toEqual([
          // In text order: B's passage comes before A's.
          [passages.b, [tagOfB]],
          [passages.a, [tagOfA]],
        ]);
      }

      const codebooks = await Promise.all(
        both.map(async ([side, library]) =>
          eventually(
            `${side} to list both new tags`,
            async () => {
              const tags = await library.service.listTags({});
              return tags.some((tag) => tag.id === tagOfA) && tags.some((tag) => tag.id === tagOfB)
                ? tags
                : undefined;
            },
            state,
          ),
        ),
      );
      const names = codebooks.map((tags) => new Map(tags.map((tag) => [tag.id, tag.name])));
      for (const side of names) {
        expect(side.get(tagOfA)).toBe('Eyewitness (Ana)');
        expect(side.get(tagOfB)).toBe('Restoration (Ben)');
        expect([renames.a, renames.b]).toContain(side.get(sharedTagId));
        expect(side.size).toBe(3);
      }
      // One of the two renames wins, the same one on both sides.
      expect(names[0]!.get(sharedTagId)).toBe(names[1]!.get(sharedTagId));

      for (const [, library] of both) {
        const documents = await library.service.listDocuments({});
        expect(documents.find((meta) => meta.id === ussrId)?.note).toBe(note);
      }
    });

    // Known gap: every change records its device and reader, but annotations do not show them yet
    // (`decodeAnnotation` leaves createdBy/modifiedBy out). Marked as failing until they do.
    it('tells on each side who made each highlight, and on which computer', async () => {
      for (const library of [a(), b()]) {
        const annotations = await library.service.listAnnotations({ documentId: ussrId });
        const byId = new Map(annotations.map((annotation) => [annotation.id, annotation]));
        expect(byId.get(highlightA!.id)?.createdBy).toEqual({ deviceId: LAPTOP.id, reader: 'Ana' });
        expect(byId.get(highlightB!.id)?.createdBy).toEqual({ deviceId: DESKTOP.id, reader: 'Ben' });
        const names = new Map(
          (await library.service.listDevices({})).map((device) => [device.id, device.name]),
        );
        expect(names.get(LAPTOP.id)).toBe(LAPTOP.name);
        expect(names.get(DESKTOP.id)).toBe(DESKTOP.name);
      }
    });

    it('keeps on both sides the document B deleted and A annotated meanwhile, with A’s annotation', async () => {
      // The designed rule: a deletion removes only what its device had seen. B deleted the review
      // without having seen A's highlight on it, so the review stays, on both sides.
      for (const [side, library] of [
        ['A', a()],
        ['B', b()],
      ] as const) {
        await eventually(
          `${side}, still open, to list the review (deleted on B, annotated on A) again`,
          async () =>
            (await library.service.listDocuments({})).some((meta) => meta.id === reviewId) ? true : undefined,
          state,
        );
        const annotations = await library.service.listAnnotations({ documentId: reviewId });
        expect(
          annotations.map((annotation) => [annotation.id, quoteOf(annotation), annotation.tagIds]),
        ).toEqual([[annotationOnDeleted!.id, passages.onDeleted, [sharedTagId]]]);
        expect(await projectionOf(library, reviewId)).toBe(reviewText);
      }
    });

    it('tells B’s reader, without reopening, that the document deleted there was kept', () => {
      // While the library is open, the watch's refreshFromDisk finds the review back and openLibrary
      // passes its notice on as a `library-notice` event (what the open app shows); takeNotices holds
      // what opening the library found, and B was opened before any of this happened.
      const kept = noticesOfB.filter((notice) => notice.kind === 'kept');
      expect(
        kept.map((notice) => notice.message),
        `B's notices: ${JSON.stringify(noticesOfB)}`,
      ).toEqual([expect.stringContaining(reviewTitle)]);
      expect(kept[0]?.message).toContain('was kept');
    });

    it('shows on B, open all along, a highlight A makes while both are connected, within seconds', async () => {
      const changedOnB: Array<ApiEvents['library-changed']> = [];
      const unsubscribe = b().events.on('library-changed', (payload) => changedOnB.push(payload));
      try {
        const live = await highlight(a(), ussrId, selectorsFor(passages.live, 0, ussrText));
        await eventually(
          'B to announce a change to the USSR article’s annotations',
          () =>
            Promise.resolve(
              changedOnB.some((event) => event.scope === 'annotations' && event.documentId === ussrId)
                ? true
                : undefined,
            ),
          async () => `B emitted ${JSON.stringify(changedOnB)}. ${await state()}`,
        );
        const onB = await b().service.listAnnotations({ documentId: ussrId });
        expect(onB.map((annotation) => annotation.id)).toContain(live.id);
      } finally {
        unsubscribe();
      }
    });

    it('leaves no conflict copies outside local/, and keeps each computer’s lock on that computer', async () => {
      await syncthing().waitUntilInSync();
      for (const [folder, own] of [
        [folderA, LAPTOP.id],
        [folderB, DESKTOP.id],
      ] as const) {
        const files = await filesUnder(folder);
        expect(
          files.filter((path) => path.includes('.sync-conflict-') && !path.startsWith('local/')),
        ).toEqual([]);
        // local/ is ignored by the .stignore Scholia writes: only this computer's own folder is there.
        expect(await readdir(join(folder, 'local'))).toEqual([own]);
      }
    });
  },
);
