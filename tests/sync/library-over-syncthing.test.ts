/**
 * One library on two computers, carried by two real Syncthing instances on 127.0.0.1: each side is
 * the real core as its own device, with the folder watch on. Offline, both annotate and change the
 * codebook; reconnected, both show everything, the lock never blocks the other side, and a change
 * made while both are open appears on the other side without reopening it.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../src/shared/api';
import { projectDocument } from '../../src/shared/projection';
import { docFromJSON } from '../../src/shared/schema';
import { openLibrary, type OpenedLibrary } from '../../src/core/library';
import { fixtureText } from '../../src/core/store/test-documents';
import { selectorsFor, upload } from '../../src/core/service/test-service';
import {
  SYNCTHING_MISSING,
  startSyncthingPair,
  syncthingAvailable,
  type SyncthingPair,
} from '../support/syncthing';

const available = syncthingAvailable();
if (!available) console.warn(`Library over Syncthing test SKIPPED: ${SYNCTHING_MISSING}.`);

const USSR = fixtureText('ussr');
const REVIEW = fixtureText('review');

/** Waits until `condition` holds, checking every 200 ms, for at most `timeoutMs`. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function files(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return found;
}

describe.skipIf(!available)(
  available
    ? 'a library shared by two computers through real Syncthing'
    : `library over Syncthing (skipped: ${SYNCTHING_MISSING})`,
  () => {
    let root = '';
    let pair: SyncthingPair | undefined;
    let laptop: OpenedLibrary | undefined;
    let desktop: OpenedLibrary | undefined;
    const open = (folder: string, id: string, readerName: string) =>
      openLibrary(folder, {
        owner: 'the Syncthing test',
        device: { id, name: id, readerName },
        watch: { settleMs: 100, pollMs: 500 },
      });
    const service = (library: OpenedLibrary | undefined): ScholiaService => {
      if (library === undefined) throw new Error('The library is not open.');
      return library.service;
    };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'scholia-over-syncthing-'));
      // Each synced folder is the library folder itself, as the README says, so Syncthing reads Scholia's .stignore.
      pair = await startSyncthingPair({ folderA: join(root, 'a'), folderB: join(root, 'b') });
    });

    afterAll(async () => {
      await laptop?.close();
      await desktop?.close();
      await pair?.stop();
      await rm(root, { recursive: true, force: true });
    });

    it('brings what one computer imports to the other, whose lock never stands in the way', async () => {
      laptop = await open(join(root, 'a'), 'laptop000001', 'Ana');
      await service(laptop).importFiles({
        sources: [upload('ussr-1989.txt', USSR), upload('review.txt', REVIEW)],
      });
      await service(laptop).createTag({ name: 'Economy' });
      await pair?.waitUntilInSync();
      desktop = await open(join(root, 'b'), 'desktop00002', 'Ben');
      expect((await service(desktop).listDocuments({})).map((meta) => meta.csl.title).sort()).toEqual(
        (await service(laptop).listDocuments({})).map((meta) => meta.csl.title).sort(),
      );
      expect((await service(desktop).listTags({})).map((tag) => tag.name)).toEqual(['Economy']);
    });

    it('keeps what both computers did while apart, and the same winner of a tag renamed on both', async () => {
      const [ussr, review] = await documentsByTitle(service(laptop));
      await pair?.disconnect();
      const shared = (await service(laptop).listTags({}))[0]!;
      const onLaptop = await service(laptop).createAnnotation({
        documentId: ussr,
        selectors: await selectIn(service(laptop), ussr, 'the collapse of Stalinism'),
      });
      const laptopTag = await service(laptop).createTag({ name: 'Method' });
      await service(laptop).updateAnnotation({
        documentId: ussr,
        annotationId: onLaptop.id,
        patch: { tagIds: [laptopTag.id] },
      });
      await service(laptop).updateTag({ tagId: shared.id, patch: { name: 'Economy (laptop)' } });
      await service(laptop).updateDocumentNote({ documentId: ussr, note: 'Written on the laptop.' });
      const reviewText = projectDocument(
        docFromJSON((await service(laptop).getDocument({ documentId: review })).doc),
      ).text;
      const onReview = await service(laptop).createAnnotation({
        documentId: review,
        selectors: selectorsFor('Stalinism', 0, reviewText),
      });
      const onDesktop = await service(desktop).createAnnotation({
        documentId: ussr,
        selectors: await selectIn(service(laptop), ussr, 'capitalist restoration'),
      });
      const desktopTag = await service(desktop).createTag({ name: 'Testimony' });
      await service(desktop).updateAnnotation({
        documentId: ussr,
        annotationId: onDesktop.id,
        patch: { tagIds: [desktopTag.id] },
      });
      await service(desktop).updateTag({ tagId: shared.id, patch: { name: 'Economy (desktop)' } });
      await service(desktop).deleteDocument({ documentId: review });
      const notices: string[] = [];
      desktop?.events.on('library-notice', (notice) => notices.push(notice.message));
      await pair?.scan();
      await pair?.reconnect();
      await pair?.waitUntilInSync();
      for (const library of [laptop, desktop]) {
        await until(
          'both highlights are shown',
          async () => (await service(library).listAnnotations({ documentId: ussr })).length === 2,
        );
        const annotations = await service(library).listAnnotations({ documentId: ussr });
        expect(annotations.find((a) => a.id === onLaptop.id)?.tagIds).toEqual([laptopTag.id]);
        expect(annotations.find((a) => a.id === onDesktop.id)?.tagIds).toEqual([desktopTag.id]);
        expect((await service(library).getDocument({ documentId: ussr })).meta.note).toBe(
          'Written on the laptop.',
        );
        // The review was deleted on the desktop while the laptop annotated it unseen: it is kept on both.
        await until('the annotated review is kept', async () =>
          (await service(library).listDocuments({})).some((meta) => meta.id === review),
        );
        expect((await service(library).listAnnotations({ documentId: review })).map((a) => a.id)).toEqual([
          onReview.id,
        ]);
      }
      // The desktop, which deleted the review, is told why it came back.
      expect(notices.join(' ')).toContain('was kept');
      const names = async (library: OpenedLibrary | undefined) =>
        (await service(library).listTags({})).map((tag) => tag.name).sort();
      await until(
        'the codebooks agree',
        async () => JSON.stringify(await names(laptop)) === JSON.stringify(await names(desktop)),
      );
      expect(await names(laptop)).toContain('Method');
      expect(await names(laptop)).toContain('Testimony');
      expect((await names(laptop)).filter((name) => name.startsWith('Economy'))).toHaveLength(1);
    });

    it('shows a highlight made on one computer on the other while both are open', async () => {
      const [ussr] = await documentsByTitle(service(laptop));
      const heard = new Promise<void>((resolve) => {
        desktop?.events.on('library-changed', (change) => {
          if (change.scope === 'annotations' && change.documentId === ussr) resolve();
        });
      });
      const made = await service(laptop).createAnnotation({
        documentId: ussr,
        selectors: await selectIn(service(laptop), ussr, 'Berlin Wall'),
      });
      await heard;
      expect((await service(desktop).listAnnotations({ documentId: ussr })).map((a) => a.id)).toContain(
        made.id,
      );
      for (const side of ['a', 'b']) {
        const left = (await files(join(root, side))).filter(
          (name) => name.includes('sync-conflict') && !name.startsWith('local'),
        );
        expect(left).toEqual([]);
      }
      // Syncthing honours the .stignore Scholia writes: each computer's local/ stays on that computer.
      expect(await readdir(join(root, 'b', 'local'))).toEqual(['desktop00002']);
      expect(await readdir(join(root, 'a', 'local'))).toEqual(['laptop000001']);
    });
  },
);

/** Selectors for the first `exact` in the document's text as the library holds it. */
async function selectIn(service: ScholiaService, documentId: string, exact: string) {
  const text = projectDocument(docFromJSON((await service.getDocument({ documentId })).doc)).text;
  return selectorsFor(exact, 0, text);
}

/** The USSR article's id, then the review's. */
async function documentsByTitle(service: ScholiaService): Promise<[string, string]> {
  const documents = await service.listDocuments({});
  const ussr = documents.find((meta) => meta.source.fileName === 'ussr-1989.txt');
  const review = documents.find((meta) => meta.source.fileName === 'review.txt');
  if (ussr === undefined || review === undefined)
    throw new Error('The two documents are not in the library.');
  return [ussr.id, review.id];
}
