import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseApiArgs, type ScholiaService } from '../../shared/api';
import { describeRange } from '../../shared/anchoring';
import { tagPathNames } from '../../shared/codebook';
import { displayTitle } from '../../shared/model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { createLibraryEvents } from '../events';
import { refiQdaCodebook } from '../export/refi-qda';
import { importSource } from '../import';
import { FIXTURE_FILES, readFixture } from '../import/test-fixtures';
import { LibraryStore } from '../store/library-store';
import { deleteLeadingBlocks, editText } from '../store/test-documents';
import { TEST_DEVICE } from '../store/test-store';
import { failure, useTempDir } from '../test-support';
import { createLibraryService } from './library-service';
import { ProjectionCache } from './projection-cache';
import { importRefiCodebook, importRefiProject } from './refi-qda-import';
import type { ServiceContext } from './service-context';
import { chosenPaths, ticking, upload } from './test-service';

const PROJECT_XSD = readFileSync(
  new URL('../../../tests/fixtures/refi-qda/Project.xsd', import.meta.url),
  'utf8',
);

// Emoji and a CJK Extension B character (each one code point, two UTF-16 units) before and in passages.
const ASTRAL = [
  'The 🌍 turned in 1989; 𠀋 is one character outside the Basic Multilingual Plane.',
  'Workers’ councils 🛠️ met again — “all power to the soviets” 👥.',
].join('\n\n');

const temp = useTempDir('scholia-refi-qda-');
let stores: LibraryStore[] = [];

afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
});

/** A library in `folder` of the temp folder: its service, and the context the REFI-QDA imports take. */
async function library(folder: string): Promise<{ service: ScholiaService; context: ServiceContext }> {
  const store = await LibraryStore.open(join(temp.path, folder), {
    owner: 'the REFI-QDA tests',
    device: TEST_DEVICE,
  });
  stores.push(store);
  const events = createLibraryEvents();
  const grants = await chosenPaths({ read: [temp.path], write: [temp.path] });
  const now = ticking();
  const context: ServiceContext = {
    store,
    events,
    importSource,
    now,
    projections: new ProjectionCache(),
    grants,
  };
  return { service: createLibraryService(store, events, { importSource, grants, now }), context };
}

async function importText(service: ScholiaService, name: string, text: string): Promise<string> {
  const [outcome] = (await service.importFiles({ sources: [upload(name, text)] })).outcomes;
  if (outcome?.status !== 'imported') throw new Error(`${name} did not import`);
  return outcome.document.id;
}

async function projectionText(service: ScholiaService, documentId: string): Promise<string> {
  return projectDocument(docFromJSON((await service.getDocument({ documentId })).doc)).text;
}

/** Everything a REFI-QDA round trip keeps, by meaning rather than by id: documents by title. */
async function everything(service: ScholiaService) {
  const tags = await service.listTags({});
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const documents = [];
  for (const meta of await service.listDocuments({})) {
    const annotations = await service.listAnnotations({ documentId: meta.id });
    documents.push({
      title: displayTitle(meta),
      note: meta.note,
      passages: annotations
        .map((a) => ({
          quote: a.selectors[0].exact,
          start: a.selectors[1].start,
          end: a.selectors[1].end,
          comment: a.comment,
          tags: a.tagIds.map((id) => tagPathNames(byId, id).join(' › ')).sort(),
        }))
        .sort((a, b) => a.start - b.start),
    });
  }
  return {
    codebook: tags
      .map((tag) => ({ path: tagPathNames(byId, tag.id), color: tag.color, description: tag.description }))
      .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/'))),
    documents: documents.sort((a, b) => a.title.localeCompare(b.title)),
  };
}

/** A library of the two fixture articles and a text with astral characters, coded, commented and noted. */
async function codedLibrary() {
  const first = await library('first');
  const { service } = first;
  const ussr = await importText(service, FIXTURE_FILES.ussr, readFixture(FIXTURE_FILES.ussr));
  const review = await importText(service, FIXTURE_FILES.review, readFixture(FIXTURE_FILES.review));
  const astral = await importText(service, 'astral.txt', ASTRAL);
  const causes = await service.createTag({
    name: 'Causes',
    color: '#1f77b4',
    description: 'Why it happened.',
  });
  const bureaucracy = await service.createTag({ name: 'Bureaucracy', parentId: causes.id, color: 'red' });
  const strikes = await service.createTag({
    name: 'Strikes 🔥',
    parentId: bureaucracy.id,
    description: 'Kuzbass, Vorkuta.\n\nSecond paragraph.',
  });
  await service.createTag({ name: 'Unused', description: 'On no passage.' });
  const mark = async (documentId: string, exact: string, tagIds: string[], comment = '') => {
    const text = await projectionText(service, documentId);
    const start = text.indexOf(exact);
    if (start < 0) throw new Error(`No "${exact}" in the text.`);
    await service.createAnnotation({
      documentId,
      selectors: describeRange(text, start, start + exact.length),
      tagIds,
      comment,
    });
  };
  await mark(
    ussr,
    'bureaucratic and dictatorial rule',
    [bureaucracy.id, causes.id],
    'Her thesis, in *five* words.',
  );
  await mark(ussr, 'Leon Trotsky', [], 'A caption, not the text & not a <quote>.');
  await mark(ussr, 'Facebook Twitter', [strikes.id]);
  await mark(review, 'the end of history', [causes.id]);
  await mark(astral, '🌍 turned', [strikes.id], 'The *world* 🌍.');
  await mark(astral, '“all power to the soviets” 👥', [bureaucracy.id]);
  await service.updateDocumentNote({
    documentId: ussr,
    note: 'A first-hand account.\n\nRead with **Vorkuta** in mind.',
  });
  return { ...first, ids: { ussr, review, astral } };
}

async function exportProject(service: ScholiaService, name = 'project.qdpx') {
  const path = join(temp.path, name);
  const summary = await service.exportLibrary(
    parseApiArgs('exportLibrary', { options: { format: 'refi-qdpx' }, path }),
  );
  return { path, summary, bytes: new Uint8Array(await readFile(path)) };
}

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'project.qde', contents: xml },
    schema: { fileName: 'Project.xsd', contents: PROJECT_XSD },
  });
  return result.errors.map((error) => error.rawMessage);
}

describe('a library exported as a REFI-QDA project (.qdpx)', () => {
  it('is a ZIP whose project.qde is valid against Project.xsd', async () => {
    const { service } = await codedLibrary();
    const { summary, bytes } = await exportProject(service);
    expect(summary).toMatchObject({
      format: 'refi-qdpx',
      documents: 3,
      passages: 6,
      bytes: bytes.byteLength,
    });
    expect(summary.skipped).toBeUndefined();
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)[0]).toBe('project.qde');
    expect(await schemaErrors(strFromU8(entries['project.qde'] as Uint8Array))).toEqual([]);
  });

  it('places each coding on its quote, counted in code points of its source file', async () => {
    const { service, ids } = await codedLibrary();
    const entries = unzipSync((await exportProject(service)).bytes);
    const xml = strFromU8(entries['project.qde'] as Uint8Array);
    const text = await projectionText(service, ids.astral);
    const source = Object.entries(entries).find(
      ([path, data]) => path.startsWith('sources/') && strFromU8(data) === text,
    );
    expect(source).toBeDefined();
    const guid = (source?.[0] ?? '').slice('sources/'.length, -'.txt'.length);
    const body = xml.slice(xml.indexOf(`plainTextPath="internal://${guid}.txt"`));
    const selection = /<PlainTextSelection [^>]*startPosition="(\d+)" endPosition="(\d+)"/.exec(body);
    const points = Array.from(text);
    // The emoji before it is one position: counted in UTF-16 units, the slice would start a unit late.
    expect(points.slice(Number(selection?.[1]), Number(selection?.[2])).join('')).toBe('🌍 turned');
  });

  it('says how many passages it left out: here one orphaned by an edit of the text', async () => {
    const { service } = await library('lib');
    const documentId = await importText(service, FIXTURE_FILES.ussr, readFixture(FIXTURE_FILES.ussr));
    const text = await projectionText(service, documentId);
    const at = text.indexOf('Printable version');
    await service.createAnnotation({
      documentId,
      selectors: describeRange(text, at, at + 'Printable version'.length),
    });
    const { doc } = await service.getDocument({ documentId });
    const annotations = await service.listAnnotations({ documentId });
    // Deleting the first two paragraphs deletes the passage: it stays, orphaned.
    const edit = editText(doc, annotations, (transform) => deleteLeadingBlocks(transform, 2));
    await service.updateDocumentText({
      documentId,
      doc: edit.doc,
      annotations: edit.placements,
      baseRevision: 0,
    });
    const { summary } = await exportProject(service);
    expect(summary).toMatchObject({ passages: 1, skipped: 1 });
    const preview = await service.previewExport(
      parseApiArgs('previewExport', { options: { format: 'refi-qdpx' } }),
    );
    expect(preview.skipped).toBe(1);
    expect(preview.text.split('\n')[1]).toBe(
      '1 passage is left out: orphaned, or no longer where its quote stands in the text.',
    );
  });

  it('is previewed as a summary in words and the start of project.qde, never as bytes', async () => {
    const { service } = await codedLibrary();
    const preview = await service.previewExport(
      parseApiArgs('previewExport', { options: { format: 'refi-qdpx' }, maxChars: 2000 }),
    );
    expect(preview.suggestedName).toBe('project.qdpx');
    expect(preview.text).toMatch(
      /^project\.qdpx: a REFI-QDA project \(a ZIP archive\) holding project\.qde and 4 text files/,
    );
    expect(preview.text).toContain('<Project name="Scholia"');
    expect(preview.text).not.toContain('PK\u0003\u0004');
  });

  it('downloads as the archive’s bytes', async () => {
    const { service } = await codedLibrary();
    const download = await service.downloadExport(
      parseApiArgs('downloadExport', { options: { format: 'refi-qdpx' } }),
    );
    expect(download).toMatchObject({ name: 'project.qdpx', mediaType: 'application/zip' });
    const entries = unzipSync(new Uint8Array(Buffer.from(download.base64, 'base64')));
    expect(Object.keys(entries)).toContain('project.qde');
  });
});

describe('a REFI-QDA project imported into a fresh library', () => {
  it('brings back every document, passage, comment, tag and note of the library it was exported from', async () => {
    const { service } = await codedLibrary();
    const before = await everything(service);
    const { bytes } = await exportProject(service);

    const second = await library('second');
    const report = await importRefiProject(second.context, { name: 'project.qdpx', bytes });
    expect(report.passages.filter((outcome) => outcome.status !== 'imported')).toEqual([]);
    expect(report).toMatchObject({
      origin: 'Scholia',
      documentsImported: 3,
      documentsReused: 0,
      documentsFailed: 0,
      tagsCreated: 4,
      tagsExisting: 0,
      passagesImported: 6,
      notesSet: 1,
    });
    expect(await everything(second.service)).toEqual(before);
  });

  it('imported again, reuses the documents and tags and skips the passages already there', async () => {
    const { service } = await codedLibrary();
    const { bytes } = await exportProject(service);
    const second = await library('second');
    await importRefiProject(second.context, { name: 'project.qdpx', bytes });
    const once = await everything(second.service);
    const again = await importRefiProject(second.context, { name: 'project.qdpx', bytes });
    expect(again).toMatchObject({
      documentsImported: 0,
      documentsReused: 3,
      tagsCreated: 0,
      tagsExisting: 4,
      passagesImported: 0,
      passagesSkipped: 6,
      notesSet: 0,
    });
    expect(await everything(second.service)).toEqual(once);
  });
});

/** A project as QualCoder writes it: a byte order mark, `Sources/`, braces-free GUIDs, codes nested. */
const QUALCODER_TEXT =
  '\uFEFFInterview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019. The trains were always late.\r\n';
const QUALCODER_QDE = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="interviews" origin="QualCoder 3.5" creatingUserGUID="5c94bc9e-db8c-4f1d-9cd6-e900c7440860">
  <Users><User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="colin"/></Users>
  <CodeBook>
    <Codes>
      <Code guid="2DFBA8C9-59F5-4424-99D6-EA9BCE18134B" name="Travel" isCodable="true" color="#F0A">
        <Description>Getting about.</Description>
        <Code guid="76414714-63c4-4a25-a47e-66fef80bd52e" name="Trains" isCodable="true" color="#3A9A3A"/>
      </Code>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="a2b94468-80a5-412f-92d6-e900d97b55a6" name="Anna.docx" plainTextPath="internal://a2b94468-80a5-412f-92d6-e900d97b55a6.txt" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2019-06-04T05:25:16Z">
      <Description>Recorded in June.</Description>
      <PlainTextSelection guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" name="" startPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   ').length)}" endPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019').length)}" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2019-06-07T03:36:36Z">
        <Description>She moved for work.</Description>
        <Coding guid="7a7e80ca-ed8c-4006-86b3-731e36baca19" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860">
          <CodeRef targetGUID="2dfba8c9-59f5-4424-99d6-ea9bce18134b"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="1b594544-2954-4b67-86ff-fb552f090ba8" startPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019. The ').length)}" endPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019. The trains were always late').length)}">
        <Coding guid="5c931701-6cd4-4a2b-a553-f1dde2eac46d"><CodeRef targetGUID="{76414714-63C4-4A25-A47E-66FEF80BD52E}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="0f758eeb-d61d-4e91-b250-79861c3869a6"/>
    </TextSource>
    <PictureSource guid="361bcdb8-7d11-4343-a4cd-4130693eff76" name="station.png" path="internal://361bcdb8-7d11-4343-a4cd-4130693eff76.png"/>
  </Sources>
  <Notes>
    <Note guid="0f758eeb-d61d-4e91-b250-79861c3869a6" modifiedDateTime="2021-01-15T23:37:54Z">
      <PlainTextContent>Anna laughs here.</PlainTextContent>
      <PlainTextSelection guid="d61907b2-d0d4-48dc-b8b7-5e4f7ae5faa6" startPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019. The trains were ').length)}" endPosition="${String(Array.from('Interview with Anna 🎤\r\n\r\nI moved to   Leeds in 2019. The trains were always late').length)}"/>
    </Note>
  </Notes>
</Project>
`;

function qualcoderArchive(qde = QUALCODER_QDE, more: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    ...more,
    'project.qde': strToU8(qde),
    'Sources/a2b94468-80a5-412f-92d6-e900d97b55a6.txt': strToU8(QUALCODER_TEXT),
    'Sources/361bcdb8-7d11-4343-a4cd-4130693eff76.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  });
}

describe('a REFI-QDA project written by QualCoder', () => {
  it('comes in with its source as a document, its codes nested, its codings and their descriptions', async () => {
    const { service, context } = await library('lib');
    const report = await importRefiProject(context, { name: 'interviews.qdpx', bytes: qualcoderArchive() });
    expect(report).toMatchObject({
      origin: 'QualCoder 3.5',
      documentsImported: 1,
      tagsCreated: 2,
      passagesImported: 3,
      passagesFailed: 0,
      notesSet: 1,
      otherSources: ['station.png'],
    });
    expect(await everything(service)).toEqual({
      codebook: [
        { path: ['Travel'], color: '#ff00aa', description: 'Getting about.' },
        { path: ['Travel', 'Trains'], color: 'green', description: '' },
      ],
      documents: [
        {
          title: 'Anna',
          note: 'Recorded in June.',
          passages: [
            expect.objectContaining({
              quote: 'Leeds in 2019',
              comment: 'She moved for work.',
              tags: ['Travel'],
            }),
            expect.objectContaining({
              quote: 'trains were always late',
              comment: '',
              tags: ['Travel › Trains'],
            }),
            // QualCoder's annotation: a note on a passage, named by the source's NoteRef.
            expect.objectContaining({ quote: 'always late', comment: 'Anna laughs here.', tags: [] }),
          ],
        },
      ],
    });
    const [document] = await service.listDocuments({});
    const text = await projectionText(service, document?.id ?? '');
    const [first] = await service.listAnnotations({ documentId: document?.id ?? '' });
    // Positions in the document's own text, where the doubled spaces and the "\r\n" are cleaned away.
    expect(text.slice(first?.selectors[1].start, first?.selectors[1].end)).toBe('Leeds in 2019');
  });

  it('gives a document the note its source names, before the source’s description', async () => {
    const { service, context } = await library('lib');
    const qde = QUALCODER_QDE.replace(
      '<NoteRef targetGUID="0f758eeb-d61d-4e91-b250-79861c3869a6"/>',
      '<NoteRef targetGUID="4691a8a0-d67c-4dcc-91d6-e9075dc230cc"/>',
    ).replace(
      '<Notes>',
      '<Notes><Note guid="4691a8a0-d67c-4dcc-91d6-e9075dc230cc" name="Memo" plainTextPath="internal://4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt"/>',
    );
    const note = { 'Sources/4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt': strToU8('Second interview due.\n') };
    const report = await importRefiProject(context, {
      name: 'interviews.qdpx',
      bytes: qualcoderArchive(qde, note),
    });
    expect(report).toMatchObject({ notesSet: 1, passagesImported: 2 });
    const [document] = await service.listDocuments({});
    expect(document?.note).toBe('Second interview due.');
  });

  it('counts a Windows line end as one position when ATLAS.ti wrote the project', async () => {
    const { service, context } = await library('lib');
    const shift = (count: string) => String(Number(count) - 2);
    // The same selections as ATLAS.ti counts them: each of the two "\r\n" before them is one position.
    const qde = QUALCODER_QDE.replace('origin="QualCoder 3.5"', 'origin="ATLAS.ti"').replace(
      /(startPosition|endPosition)="(\d+)"/g,
      (_, name: string, value: string) => `${name}="${shift(value)}"`,
    );
    await importRefiProject(context, { name: 'atlas.qdpx', bytes: qualcoderArchive(qde) });
    const [document] = await everything(service).then((state) => state.documents);
    expect(document?.passages.map((passage) => passage.quote)).toEqual([
      'Leeds in 2019',
      'trains were always late',
      'always late',
    ]);
  });

  it('reports a selection outside its text, and imports the others', async () => {
    const { context } = await library('lib');
    const qde = QUALCODER_QDE.replace(/endPosition="(\d+)"/, 'endPosition="9999"');
    const report = await importRefiProject(context, {
      name: 'interviews.qdpx',
      bytes: qualcoderArchive(qde),
    });
    expect(report).toMatchObject({ passagesImported: 2, passagesFailed: 1 });
    expect(report.passages[0]).toMatchObject({
      key: '08cbced0-d736-44c8-8fd6-eb4d29fe46c5',
      status: 'failed',
      reason: 'It lies beyond the end of its source’s text.',
    });
  });
});

describe('a REFI-QDA project that cannot be read', () => {
  it('is refused, naming the file, when the archive is damaged, and the library is left as it was', async () => {
    const { service, context } = await library('lib');
    const archive = qualcoderArchive();
    const error = await failure(
      importRefiProject(context, { name: 'broken.qdpx', bytes: archive.slice(0, archive.byteLength - 30) }),
    );
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('broken.qdpx');
    expect(await service.listDocuments({})).toEqual([]);
    expect(await service.listTags({})).toEqual([]);
  });

  it('is refused, naming the file, when its project.qde is not XML, and the library is left as it was', async () => {
    const { service, context } = await library('lib');
    const qde = QUALCODER_QDE.replace('</Project>', '</Projekt>');
    const error = await failure(
      importRefiProject(context, { name: 'bad.qdpx', bytes: qualcoderArchive(qde) }),
    );
    expect(error.code).toBe('import-failed');
    expect(error.message).toBe(
      'project.qde in bad.qdpx is not well-formed XML, so it cannot be read as a REFI-QDA project.',
    );
    expect(await service.listDocuments({})).toEqual([]);
    expect(await service.listTags({})).toEqual([]);
  });

  it('is refused when the archive holds no project file', async () => {
    const { context } = await library('lib');
    const error = await failure(
      importRefiProject(context, { name: 'notes.qdpx', bytes: zipSync({ 'notes.txt': strToU8('hello') }) }),
    );
    expect(error.message).toMatch(/^notes\.qdpx holds no project\.qde/);
  });
});

describe('a REFI-QDA codebook (.qdc) imported', () => {
  it('gives a fresh library the codebook it was written from', async () => {
    const { service } = await codedLibrary();
    const before = (await everything(service)).codebook;
    const second = await library('second');
    const qdc = refiQdaCodebook({ tags: await service.listTags({}) });
    const report = await importRefiCodebook(second.context, { name: 'codebook.qdc', bytes: strToU8(qdc) });
    expect(report).toMatchObject({ name: 'codebook.qdc', tagsCreated: 4, tagsExisting: 0, warnings: [] });
    expect((await everything(second.service)).codebook).toEqual(before);
  });

  it('reuses a tag already at a code’s path and never changes it', async () => {
    const { service, context } = await library('lib');
    const travel = await service.createTag({ name: 'travel', color: 'blue', description: 'Mine.' });
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="2dfba8c9-59f5-4424-99d6-ea9bce18134b" name="Travel" isCodable="true" color="#ff00aa">
    <Code guid="76414714-63c4-4a25-a47e-66fef80bd52e" name="Trains" isCodable="true"/>
  </Code>
</Codes></CodeBook>`;
    const report = await importRefiCodebook(context, { name: 'codebook.qdc', bytes: strToU8(qdc) });
    expect(report).toMatchObject({ tagsCreated: 1, tagsExisting: 1 });
    const tags = await service.listTags({});
    expect(tags.find((tag) => tag.id === travel.id)).toMatchObject({
      name: 'travel',
      color: 'blue',
      description: 'Mine.',
    });
    expect(tags.find((tag) => tag.name === 'Trains')?.parentId).toBe(travel.id);
  });

  it('is refused, naming the file, when it is not XML, and the codebook is left as it was', async () => {
    const { service, context } = await library('lib');
    const error = await failure(
      importRefiCodebook(context, { name: 'codes.qdc', bytes: strToU8('<CodeBook') }),
    );
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('codes.qdc');
    expect(await service.listTags({})).toEqual([]);
  });
});

describe('REFI-QDA files imported as the app imports any file (importFiles)', () => {
  it('take a .qdpx for a project and a .qdc for a codebook, and report what each brought in', async () => {
    const { service } = await codedLibrary();
    const { bytes } = await exportProject(service);
    const qdc = strToU8(refiQdaCodebook({ tags: await service.listTags({}) }));
    const second = await library('second');
    const report = await second.service.importFiles({
      batchId: 'qda',
      sources: [
        { kind: 'bytes', name: 'codebook.qdc', bytes: qdc },
        { kind: 'bytes', name: 'Coded corpus.qdpx', bytes },
      ],
    });
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['qda', 'qda']);
    const [codebook, project] = report.outcomes;
    expect(codebook?.status === 'qda' && codebook.report).toMatchObject({ kind: 'codebook', tagsCreated: 4 });
    expect(project?.status === 'qda' && project.report).toMatchObject({
      kind: 'project',
      documentsImported: 3,
      tagsCreated: 0,
      tagsExisting: 4,
      passagesImported: 6,
    });
    expect(await everything(second.service)).toEqual(await everything(service));
  });

  it('refuse a damaged project by name, changing nothing', async () => {
    const second = await library('second');
    const report = await second.service.importFiles({
      batchId: 'qda',
      sources: [{ kind: 'bytes', name: 'broken.qdpx', bytes: strToU8('not a zip') }],
    });
    const [outcome] = report.outcomes;
    expect(outcome?.status).toBe('failed');
    expect(outcome?.status === 'failed' && outcome.error.message).toContain('broken.qdpx');
    expect(await second.service.listDocuments({})).toEqual([]);
    expect(await second.service.listTags({})).toEqual([]);
  });
});
