import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApiArgs, type ScholiaService } from '../../shared/api';
import { describePoint, describeRange } from '../../shared/anchoring';
import { tagPathNames } from '../../shared/codebook';
import type { Annotation } from '../../shared/model';
import { chosenPaths, selectorsFor, upload, useServiceLibrary, USSR } from '../service/test-service';
import { deleteLeadingBlocks, editText, paragraphsText } from '../store/test-documents';
import { annotationsJsonLd } from './jsonld';

// Emoji, CJK Extension B and a mathematical letter: each two UTF-16 units, one code point.
const SOURCE = [
  'The 🌍 turned; 𠀋𡈽 is a name in CJK Extension B, 𝒜 a script capital.',
  'Workers’ councils 🛠️ met in 1917 — “all power to the soviets” 👥.',
  'Plain ASCII after them: planned economy, bureaucracy, Stalinism.',
].join('\n\n');
const TEXT = paragraphsText(SOURCE);

const library = useServiceLibrary();

async function open(folder: string): Promise<ScholiaService> {
  const grants = await chosenPaths({ read: [library.root], write: [library.root] });
  return library.open({ grants }, {}, join(library.root, folder));
}

async function importSource(service: ScholiaService): Promise<string> {
  const [outcome] = (await service.importFiles({ sources: [upload('astral.txt', SOURCE)] })).outcomes;
  if (outcome?.status !== 'imported') throw new Error('the fixture did not import');
  return outcome.document.id;
}

function passage(exact: string) {
  const start = TEXT.indexOf(exact);
  return describeRange(TEXT, start, start + exact.length);
}

/** Everything Scholia holds about the library, by what it means rather than by its ids. */
async function everything(service: ScholiaService) {
  const tags = await service.listTags({});
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const [meta] = await service.listDocuments({});
  const annotations = await service.listAnnotations({ documentId: meta?.id ?? '' });
  return {
    note: meta?.note,
    colorLabels: (await service.getSettings({})).colorLabels,
    codebook: tags
      .map((tag) => ({ path: tagPathNames(byId, tag.id), color: tag.color, description: tag.description }))
      .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/'))),
    annotations: annotations
      .map((a) => ({
        id: a.id,
        selectors: a.selectors,
        motivation: a.motivation ?? 'highlighting',
        color: a.color,
        tags: a.tagIds.map((id) => tagPathNames(byId, id)),
        comment: a.comment,
        createdAt: a.createdAt,
        modifiedAt: a.modifiedAt,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** A library with every kind of Scholia data on one document with astral characters. */
async function annotatedLibrary() {
  const first = await open('first');
  const documentId = await importSource(first);
  const economy = await first.createTag({
    name: 'Economy',
    color: '#1f77b4',
    description: 'Money and the plan.',
  });
  const crisis = await first.createTag({ name: 'Crisis', parentId: economy.id, color: 'red' });
  const deep = await first.createTag({ name: 'Deep › crisis', parentId: crisis.id, description: 'Sub-sub.' });
  await first.createTag({ name: 'Unused', description: 'On no passage.' });
  await first.updateSettings({ colorLabels: { green: 'Evidence 🌱', grey: '' } });
  await first.updateDocumentNote({ documentId, note: 'Read in **1990** 🌍.' });
  const add = (selectors: ReturnType<typeof passage>, extra: Record<string, unknown>) =>
    first.createAnnotation({ documentId, selectors, ...extra });
  await add(passage('🌍 turned'), {
    color: 'orange',
    tagIds: [deep.id, economy.id],
    comment: 'The *world*.',
  });
  await add(passage('𠀋𡈽'), { color: 'blue', tagIds: [crisis.id] });
  await add(passage('“all power to the soviets” 👥'), { color: 'green', comment: 'Slogan' });
  await add(passage('Stalinism'), { motivation: 'commenting', comment: 'A margin note on a passage.' });
  await add(describePoint(TEXT, TEXT.indexOf('Plain')), {
    motivation: 'commenting',
    comment: 'Between paragraphs.',
  });
  await add(describePoint(TEXT, TEXT.indexOf('𝒜')), { motivation: 'commenting', comment: 'Before 𝒜.' });
  const before = await everything(first);
  return { first, documentId, before };
}

describe('a JSON-LD round trip into a fresh library', () => {
  it('brings back every annotation, point note, document note, tag and colour meaning unchanged', async () => {
    const { first, before } = await annotatedLibrary();
    expect(before.annotations).toHaveLength(6);

    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));
    const exported = await readFile(path, 'utf8');
    expect(exported).toContain('"scholia:note": "Read in **1990** 🌍."');

    const second = await open('second');
    await importSource(second);
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(report.outcomes.filter((o) => o.status !== 'imported')).toEqual([]);
    expect(report).toMatchObject({ format: 'jsonld', imported: 6, skipped: 0, failed: 0 });
    expect(await everything(second)).toEqual(before);

    const again = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(again).toMatchObject({ imported: 0, skipped: 6, failed: 0 });
    expect(await everything(second)).toEqual(before);
  });

  it('counts the tags, document notes and colour meanings it brought in, and none when they are there already', async () => {
    const { first } = await annotatedLibrary();
    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));
    const second = await open('second');
    await importSource(second);
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    // The codebook's four tags (one on no passage), the document's note, and the meanings of green and
    // of grey (which the reader emptied).
    expect(report).toMatchObject({ tagsCreated: 4, notesSet: 1, colorMeaningsSet: 2 });
    const again = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(again).toMatchObject({ tagsCreated: 0, notesSet: 0, colorMeaningsSet: 0 });
  });

  it('places every annotation by its code-point position when the file counts them', async () => {
    const { first, documentId, before } = await annotatedLibrary();
    const [meta] = await first.listDocuments({});
    if (meta === undefined) throw new Error('no document');
    const annotations = await first.listAnnotations({ documentId });
    const text = annotationsJsonLd(
      {
        tags: await first.listTags({}),
        colorLabels: (await first.getSettings({})).colorLabels,
        documents: [
          {
            meta,
            text: TEXT,
            passages: annotations.map((annotation) => ({ annotation, paragraph: null, locator: null })),
          },
        ],
      },
      true,
    );
    const points = Array.from(TEXT);
    const items = (
      JSON.parse(text) as { first: { items: { target: { selector: Record<string, unknown>[] } }[] } }
    ).first.items;
    for (const { target } of items) {
      const [quote, position] = target.selector;
      expect(points.slice(Number(position?.['start']), Number(position?.['end'])).join('')).toBe(
        quote?.['exact'],
      );
    }
    // The positions alone place them: the quotes' context is gone.
    const contextless = text.replace(/"(prefix|suffix)": "(?:[^"\\]|\\.)*"/g, '"$1": ""');
    const second = await open('second');
    await importSource(second);
    const report = await second.importAnnotations({ source: upload('positions.jsonld', text) });
    expect(report).toMatchObject({ imported: 6, failed: 0 });
    expect(await everything(second)).toEqual(before);
    const third = await open('third');
    await importSource(third);
    const placed = await third.importAnnotations({ source: upload('contextless.jsonld', contextless) });
    expect(placed).toMatchObject({ imported: 6, failed: 0 });
    expect(await everything(third)).toEqual(before);
  });

  it('keeps the reader’s own note, tags and colour meanings over the file’s', async () => {
    const first = await open('first');
    const documentId = await importSource(first);
    await first.createTag({ name: 'Economy', color: 'red', description: 'From the file.' });
    await first.updateSettings({ colorLabels: { green: 'From the file' } });
    await first.updateDocumentNote({ documentId, note: 'The file’s note.' });
    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));

    const second = await open('second');
    const own = await importSource(second);
    await second.createTag({ name: 'economy', description: 'Mine.' });
    await second.updateSettings({ colorLabels: { green: 'Mine' } });
    await second.updateDocumentNote({ documentId: own, note: 'My note.' });
    await second.importAnnotations({ source: { kind: 'path', path } });
    expect((await second.listTags({})).map((tag) => [tag.name, tag.color, tag.description])).toEqual([
      ['economy', null, 'Mine.'],
    ]);
    expect((await second.getSettings({})).colorLabels.green).toBe('Mine');
    expect((await second.listDocuments({}))[0]?.note).toBe('My note.');
  });
});

/** The USSR article imported into `service`, with the four lines of clutter at its top deleted. */
async function importEditedUssr(
  service: ScholiaService,
  annotate: (documentId: string) => Promise<Annotation[]> = () => Promise.resolve([]),
): Promise<string> {
  const [outcome] = (await service.importFiles({ sources: [upload('ussr-1989.txt', USSR)] })).outcomes;
  if (outcome?.status !== 'imported') throw new Error('the fixture did not import');
  const documentId = outcome.document.id;
  const annotations = await annotate(documentId);
  const { doc } = await service.getDocument({ documentId });
  const edit = editText(doc, annotations, (transform) => deleteLeadingBlocks(transform, 4));
  await service.updateDocumentText({
    documentId,
    doc: edit.doc,
    annotations: edit.placements,
    baseRevision: 0,
  });
  return documentId;
}

/** An annotation as it means, without the document it is on or who made it. */
function meaning({ documentId: _document, createdBy: _created, modifiedBy: _modified, ...rest }: Annotation) {
  return rest;
}

describe('a JSON-LD round trip of an orphaned annotation', () => {
  /** A library whose article lost, by an edit, the passage of one of its two highlights. */
  async function orphanedLibrary() {
    const first = await open('first');
    const documentId = await importEditedUssr(first, async (id) => [
      await first.createAnnotation({
        documentId: id,
        selectors: selectorsFor('Printable version'),
        comment: 'Clutter, soon gone.',
      }),
      await first.createAnnotation({ documentId: id, selectors: selectorsFor('the collapse of Stalinism') }),
    ]);
    const before = await first.listAnnotations({ documentId });
    expect(before.filter((a) => a.orphanedAt !== undefined)).toHaveLength(1);
    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));
    return { path, before };
  }

  it('brings the orphan back as an orphan, with its old selectors, where the text lacks its passage too', async () => {
    const { path, before } = await orphanedLibrary();
    expect(await readFile(path, 'utf8')).toContain('"scholia:formerPosition"');

    const second = await open('second');
    const documentId = await importEditedUssr(second);
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(report).toMatchObject({ imported: 2, skipped: 0, failed: 0 });
    expect(report.outcomes.filter((o) => o.orphaned === true)).toEqual([
      {
        id: expect.stringMatching(/^urn:uuid:/) as unknown,
        quote: 'Printable version',
        status: 'imported',
        orphaned: true,
        documentId,
        reason:
          'Its passage is not in “ussr-1989”, as it was not in the library it was exported from: it is kept as an orphan with its old quote.',
      },
    ]);
    const after = await second.listAnnotations({ documentId });
    expect(after.map(meaning)).toEqual(before.map(meaning));
  });

  it('places the orphan again in a text that still has its passage', async () => {
    const { path } = await orphanedLibrary();
    const second = await open('second');
    const [outcome] = (await second.importFiles({ sources: [upload('ussr-1989.txt', USSR)] })).outcomes;
    if (outcome?.status !== 'imported') throw new Error('the fixture did not import');
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(report).toMatchObject({ imported: 2, failed: 0 });
    const placed = await second.listAnnotations({ documentId: outcome.document.id });
    expect(placed.find((a) => a.comment === 'Clutter, soon gone.')).toMatchObject({
      selectors: selectorsFor('Printable version'),
    });
    expect(placed.every((a) => a.orphanedAt === undefined)).toBe(true);
  });
});

const OTHER = 'A second text quotes the soviets: all power to them, and then planned economy again.';
const OTHER_TEXT = paragraphsText(OTHER);

function otherPassage(exact: string) {
  const start = OTHER_TEXT.indexOf(exact);
  return describeRange(OTHER_TEXT, start, start + exact.length);
}

async function importOther(service: ScholiaService): Promise<string> {
  const [outcome] = (await service.importFiles({ sources: [upload('other.txt', OTHER)] })).outcomes;
  if (outcome?.status !== 'imported') throw new Error('the second fixture did not import');
  return outcome.document.id;
}

/** The links of a library by what they mean: their ids, relations, comments, times and passages. */
async function linksOf(service: ScholiaService) {
  const relations = await service.listLinkRelations({});
  const named = (id: string) => relations.find((relation) => relation.id === id);
  return (await service.listLinks({}))
    .map(({ link, from, to }) => ({
      id: link.id,
      relation: named(link.relationId),
      comment: link.comment,
      createdAt: link.createdAt,
      modifiedAt: link.modifiedAt,
      from: { annotationId: from.annotationId, title: from.title, quote: from.quote },
      to: { annotationId: to.annotationId, title: to.title, quote: to.quote },
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('a JSON-LD round trip of links between passages', () => {
  /** Two documents, passages in both, and links: across them, within one, to a point note, by a relation of the reader's. */
  async function linkedLibrary() {
    const first = await open('first');
    const astral = await importSource(first);
    const other = await importOther(first);
    const slogan = await first.createAnnotation({
      documentId: astral,
      selectors: passage('“all power to the soviets” 👥'),
    });
    const world = await first.createAnnotation({ documentId: astral, selectors: passage('🌍 turned') });
    const point = await first.createAnnotation({
      documentId: astral,
      selectors: describePoint(TEXT, TEXT.indexOf('Plain')),
      motivation: 'commenting',
      comment: 'Here.',
    });
    const echo = await first.createAnnotation({
      documentId: other,
      selectors: otherPassage('all power to them'),
    });
    const economy = await first.createAnnotation({
      documentId: other,
      selectors: otherPassage('planned economy'),
    });
    const echoes = await first.saveLinkRelation({ name: 'echoes 🌍', inverseName: 'is echoed by' });
    const ref = (annotation: Annotation) => ({
      documentId: annotation.documentId,
      annotationId: annotation.id,
    });
    await first.createLink({
      from: ref(echo),
      to: ref(slogan),
      relationId: 'quotes',
      comment: 'Almost *word for word*.',
    });
    await first.createLink({ from: ref(world), to: ref(slogan), relationId: echoes.id });
    await first.createLink({ from: ref(point), to: ref(economy), relationId: 'same-claim' });
    const before = await linksOf(first);
    expect(before).toHaveLength(3);
    return { first, astral, other, before, ids: { slogan, world, echo, economy } };
  }

  it('brings back every link, with its relation, comment, times and both passages, and skips them the second time', async () => {
    const { first, before } = await linkedLibrary();
    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));
    const exported = await readFile(path, 'utf8');
    expect(exported).toContain('"motivation": "linking"');

    const second = await open('second');
    await importSource(second);
    await importOther(second);
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(report).toMatchObject({ imported: 5, failed: 0, linksImported: 3, linksLeftOut: 0 });
    expect(report.linkOutcomes?.map((outcome) => outcome.status)).toEqual([
      'imported',
      'imported',
      'imported',
    ]);
    expect(await linksOf(second)).toEqual(before);

    const again = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(again).toMatchObject({ imported: 0, skipped: 5, linksImported: 0, linksLeftOut: 3 });
    expect(
      again.linkOutcomes?.every((outcome) => outcome.reason === 'A link with this id is already there.'),
    ).toBe(true);
    expect(await linksOf(second)).toEqual(before);
    // The reader's relation came in once, under its own id and names.
    expect(
      (await second.listLinkRelations({})).filter((relation) => relation.name === 'echoes 🌍'),
    ).toHaveLength(1);
  });

  it('finds a passage outside the exported documents by its selectors, and says which link it cannot place', async () => {
    const { first, astral } = await linkedLibrary();
    const path = join(library.root, 'astral.jsonld');
    await first.exportLibrary(
      parseApiArgs('exportLibrary', {
        options: { format: 'jsonld', scope: { kind: 'documents', documentIds: [astral] } },
        path,
      }),
    );
    const exported = await readFile(path, 'utf8');
    // The links reaching the other document are there, its passages named by their quotes alone.
    expect(exported).toContain('"exact": "all power to them"');
    expect(exported).not.toContain('"exact": "A second text');

    const second = await open('second');
    await importSource(second);
    const other = await importOther(second);
    // The reader here highlighted one of the other document's passages on their own, under another id.
    const own = await second.createAnnotation({
      documentId: other,
      selectors: otherPassage('all power to them'),
    });
    const report = await second.importAnnotations({ source: { kind: 'path', path } });
    expect(report).toMatchObject({ imported: 3, failed: 0, linksImported: 2, linksLeftOut: 1 });
    const leftOut = report.linkOutcomes?.find((outcome) => outcome.status === 'failed');
    expect(leftOut).toMatchObject({
      quotes: '(a note at a point) → “planned economy”',
      reason: 'Its second passage is not in the library (nor imported from this file): import it first.',
    });
    const quoting = (await second.listLinks({})).find((view) => view.link.relationId === 'quotes');
    expect(quoting?.from).toMatchObject({
      annotationId: own.id,
      documentId: other,
      quote: 'all power to them',
    });
    expect(quoting?.link.comment).toBe('Almost *word for word*.');
  });

  it('leaves out a link whose target cannot be read, and names an unknown relation as the file does', async () => {
    const { first } = await linkedLibrary();
    const path = join(library.root, 'library.jsonld');
    await first.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'jsonld' }, path }));
    const file = JSON.parse(await readFile(path, 'utf8')) as {
      first: { items: { motivation: string; target: unknown[]; body: Record<string, unknown>[] }[] };
    };
    const links = file.first.items.filter((item) => item.motivation === 'linking');
    expect(links).toHaveLength(3);
    links[0]?.target.pop();
    const relation = links[1]?.body[0];
    if (relation === undefined) throw new Error('no relation body');
    relation['scholia:relationId'] = 'from-elsewhere';
    relation['scholia:relationName'] = 'refutes';
    relation['scholia:inverseName'] = 'is refuted by';
    const second = await open('second');
    await importSource(second);
    await importOther(second);
    const report = await second.importAnnotations({ source: upload('edited.jsonld', JSON.stringify(file)) });
    expect(report).toMatchObject({ linksImported: 2, linksLeftOut: 1 });
    expect(report.linkOutcomes?.[0]).toMatchObject({
      status: 'failed',
      reason: 'It could not be read: it links 1 passages, where a link joins two.',
    });
    expect(await second.listLinkRelations({})).toContainEqual({
      id: 'from-elsewhere',
      name: 'refutes',
      inverseName: 'is refuted by',
    });
  });
});

describe('links from another tool’s W3C Web Annotation file', () => {
  it('joins the passages a linking annotation quotes, in its targets’ order, named by its tagging body', async () => {
    const service = await open('other-tool');
    await importSource(service);
    const highlight = (id: string, exact: string) => ({
      id,
      type: 'Annotation',
      target: { source: 'https://example.org/text', selector: [{ type: 'TextQuoteSelector', exact }] },
    });
    const file = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationPage',
      items: [
        highlight('https://example.org/anno/1', 'planned economy'),
        highlight('https://example.org/anno/2', 'Stalinism'),
        {
          id: 'https://example.org/anno/3',
          type: 'Annotation',
          motivation: ['linking'],
          body: [
            { type: 'TextualBody', value: 'contradicts', purpose: 'tagging' },
            { type: 'TextualBody', value: 'An aside.', purpose: 'tagging' },
            { type: 'TextualBody', value: 'They disagree.', purpose: 'commenting' },
          ],
          target: [
            {
              source: 'https://example.org/text',
              selector: { type: 'TextQuoteSelector', exact: 'Stalinism' },
            },
            {
              source: 'https://example.org/text',
              selector: { type: 'TextQuoteSelector', exact: 'planned economy' },
            },
          ],
        },
      ],
    };
    const report = await service.importAnnotations({ source: upload('other.jsonld', JSON.stringify(file)) });
    expect(report).toMatchObject({ imported: 2, failed: 0, linksImported: 1, linksLeftOut: 0 });
    const [view] = await service.listLinks({});
    expect(view?.from.quote).toBe('Stalinism');
    expect(view?.to.quote).toBe('planned economy');
    // The shipped relation of that name, not a new one.
    expect(view?.link.relationId).toBe('contradicts');
    expect(view?.link.comment).toBe('They disagree.');
    expect(await service.listLinkRelations({})).toHaveLength(6);
  });
});
