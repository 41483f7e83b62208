import { describe, expect, it } from 'vitest';
import type { ScholiaService } from '../../shared/api';
import { DEFAULT_RELATIONS, relationLabel, directionFrom } from '../../shared/links';
import { createLibraryEvents } from '../events';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { useStoreFolder } from '../store/test-store';
import type { DeviceIdentity } from '../sync/device';
import { createLibraryService } from './library-service';
import { failure, importText, importUssr, selectorsFor, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();
const REVIEW = fixtureText('review');
const REVIEW_TEXT = paragraphsText(REVIEW);

/** The USSR article and the review, each with a passage highlighted. */
async function twoPassages(service: ScholiaService) {
  const ussr = await importUssr(service);
  const [outcome] = (await service.importFiles({ sources: [upload('review.txt', REVIEW)] })).outcomes;
  if (outcome?.status !== 'imported') throw new Error('the review did not import');
  const review = outcome.document.id;
  const claim = await service.createAnnotation({
    documentId: ussr,
    selectors: selectorsFor('the collapse of Stalinism'),
    color: 'yellow',
  });
  const answer = await service.createAnnotation({
    documentId: review,
    selectors: selectorsFor('clear that fog', 0, REVIEW_TEXT),
    color: 'green',
  });
  return {
    ussr,
    review,
    claim: { documentId: ussr, annotationId: claim.id },
    answer: { documentId: review, annotationId: answer.id },
  };
}

describe('links between passages', () => {
  it('links passages of two documents, and lists the link from either, with both quotes and titles', async () => {
    const service = await library.open();
    const { ussr, review, claim, answer } = await twoPassages(service);
    const made = await service.createLink({
      from: answer,
      to: claim,
      relationId: 'answers',
      comment: 'The review’s reply.',
    });
    expect(made.from).toMatchObject({ quote: 'clear that fog', orphaned: false });
    expect(made.to).toMatchObject({ quote: 'the collapse of Stalinism', title: 'ussr-1989' });
    for (const documentId of [ussr, review]) {
      const listed = await service.listLinks({ documentId });
      expect(listed.map((view) => view.link.id)).toEqual([made.link.id]);
    }
    const relations = await service.listLinkRelations({});
    expect(
      relationLabel(relations, made.link.relationId, directionFrom(made.link, answer.annotationId)!),
    ).toBe('answers');
    expect(
      relationLabel(relations, made.link.relationId, directionFrom(made.link, claim.annotationId)!),
    ).toBe('is answered by');
    expect(library.seen.some((event) => (event.payload as { scope?: string }).scope === 'links')).toBe(true);
  });

  it('keeps links after the library is opened again', async () => {
    const service = await library.open();
    const { claim, answer } = await twoPassages(service);
    const made = await service.createLink({ from: claim, to: answer, relationId: 'supports' });
    const reopened = await library.reopen();
    expect((await reopened.listLinks({})).map((view) => view.link)).toEqual([made.link]);
  });

  it('changes a link’s relation and comment, turns it round, deletes it and puts it back', async () => {
    const service = await library.open();
    const { claim, answer } = await twoPassages(service);
    const made = await service.createLink({
      from: claim,
      to: answer,
      relationId: 'supports',
      comment: 'first',
    });
    const changed = await service.updateLink({
      linkId: made.link.id,
      patch: { relationId: 'contradicts', comment: '' },
    });
    expect(changed.link).toMatchObject({ relationId: 'contradicts', from: claim, to: answer });
    expect(changed.link.comment).toBeUndefined();
    const turned = await service.updateLink({ linkId: made.link.id, patch: { reverse: true } });
    expect(turned.link).toMatchObject({ from: answer, to: claim });
    const deleted = await service.deleteLinks({ linkIds: [made.link.id] });
    expect(await service.listLinks({})).toEqual([]);
    expect((await service.restoreLinks({ links: deleted })).map((view) => view.link)).toEqual(deleted);
    expect((await service.listLinks({})).map((view) => view.link)).toEqual(deleted);
  });

  it('hides a link while a passage of it is deleted, and shows it again when the passage is restored', async () => {
    const service = await library.open();
    const { review, claim, answer } = await twoPassages(service);
    await service.createLink({ from: claim, to: answer, relationId: 'quotes' });
    const [annotation] = await service.listAnnotations({ documentId: review });
    await service.deleteAnnotation({ documentId: review, annotationId: answer.annotationId });
    expect(await service.listLinks({})).toEqual([]);
    await service.restoreAnnotations({ documentId: review, annotations: [annotation!] });
    expect(await service.listLinks({ documentId: review })).toHaveLength(1);
  });

  it('refuses a link to a passage that is not there, to itself, or by an unknown relation, saying which', async () => {
    const service = await library.open();
    const { claim, answer } = await twoPassages(service);
    const missing = await failure(
      service.createLink({ from: claim, to: { ...answer, annotationId: 'gone' }, relationId: 'answers' }),
    );
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(missing.message).toContain('second passage');
    expect(
      await failure(service.createLink({ from: claim, to: claim, relationId: 'answers' })),
    ).toMatchObject({
      code: 'invalid-input',
    });
    expect(await failure(service.createLink({ from: claim, to: answer, relationId: 'nope' }))).toMatchObject({
      code: 'not-found',
    });
    expect(await service.listLinks({})).toEqual([]);
  });

  it('keeps a link whose passage an edit of the text orphaned, and says so', async () => {
    const service = await library.open();
    const { ussr, claim, answer } = await twoPassages(service);
    await service.createLink({ from: answer, to: claim, relationId: 'answers' });
    const { doc } = await service.getDocument({ documentId: ussr });
    const emptied = {
      ...doc,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'All new.' }] }],
    };
    await service.updateDocumentText({
      documentId: ussr,
      doc: emptied,
      annotations: [{ id: claim.annotationId, selectors: null }],
      baseRevision: 0,
    });
    const [view] = await service.listLinks({ documentId: ussr });
    expect(view?.to).toMatchObject({ quote: 'the collapse of Stalinism', orphaned: true });
  });
});

describe('the relations links use', () => {
  it('offers the shipped relations, then the reader’s own; renames and hides shipped ones', async () => {
    const service = await library.open();
    expect((await service.listLinkRelations({})).map((relation) => relation.id)).toEqual(
      DEFAULT_RELATIONS.map((relation) => relation.id),
    );
    const own = await service.saveLinkRelation({ name: 'qualifies', inverseName: 'is qualified by' });
    await service.saveLinkRelation({ relationId: 'quotes', name: 'cites', inverseName: 'is cited by' });
    await service.saveLinkRelation({
      relationId: 'answers',
      name: 'answers',
      inverseName: 'is answered by',
      hidden: true,
    });
    const relations = await service.listLinkRelations({});
    expect(relations.map((relation) => relation.id).slice(-1)).toEqual([own.id]);
    expect(relations.find((relation) => relation.id === 'quotes')).toMatchObject({
      name: 'cites',
      inverseName: 'is cited by',
    });
    expect(relations.find((relation) => relation.id === 'answers')?.hidden).toBe(true);
    expect(await failure(service.saveLinkRelation({ name: 'Supports', inverseName: 'x' }))).toMatchObject({
      code: 'invalid-input',
    });
    // Deleting a shipped relation puts it back as shipped.
    await service.deleteLinkRelation({ relationId: 'quotes' });
    expect((await service.listLinkRelations({})).find((relation) => relation.id === 'quotes')?.name).toBe(
      'quotes',
    );
  });

  it('refuses to delete a relation links use, and deletes it once none does', async () => {
    const service = await library.open();
    const { claim, answer } = await twoPassages(service);
    const own = await service.saveLinkRelation({ name: 'qualifies', inverseName: 'is qualified by' });
    const made = await service.createLink({ from: claim, to: answer, relationId: own.id });
    const refused = await failure(service.deleteLinkRelation({ relationId: own.id }));
    expect(refused.message).toContain('1 link uses the relation “qualifies”');
    await service.deleteLinks({ linkIds: [made.link.id] });
    await service.deleteLinkRelation({ relationId: own.id });
    expect((await service.listLinkRelations({})).some((relation) => relation.id === own.id)).toBe(false);
  });
});

const LAPTOP: DeviceIdentity = { id: 'laptop000001', name: 'Laptop', readerName: 'Ana' };
const DESKTOP: DeviceIdentity = { id: 'desktop00002', name: 'Desktop', readerName: 'Ben' };
const folder = useStoreFolder('scholia-links-', 'the link tests');

describe('links in a library two computers share', () => {
  it('keeps the links both computers made while apart, and a change of one made on the other', async () => {
    const laptopStore = await folder.open(folder.dir, { device: LAPTOP });
    const laptop = createLibraryService(laptopStore, createLibraryEvents(), { importSource: importText });
    const { claim, answer } = await twoPassages(laptop);
    const desktopStore = await folder.open(folder.dir, { device: DESKTOP });
    const desktop = createLibraryService(desktopStore, createLibraryEvents(), { importSource: importText });
    const first = await laptop.createLink({ from: claim, to: answer, relationId: 'supports' });
    const second = await desktop.createLink({ from: answer, to: claim, relationId: 'quotes' });
    await laptopStore.refreshFromDisk();
    await desktopStore.refreshFromDisk();
    await desktop.updateLink({ linkId: first.link.id, patch: { comment: 'Ben’s note' } });
    await laptopStore.refreshFromDisk();
    for (const service of [laptop, desktop]) {
      const links = (await service.listLinks({})).map((view) => view.link);
      expect(links.map((link) => link.id).sort()).toEqual([first.link.id, second.link.id].sort());
      expect(links.find((link) => link.id === first.link.id)?.comment).toBe('Ben’s note');
    }
  });
});
