import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { describeRange } from '../../shared/anchoring';
import { DEFAULT_COLOR_LABELS, type Annotation, type Tag } from '../../shared/model';
import { fixtureText, metaFor, paragraphsText } from '../store/test-documents';
import {
  codePointOffsets,
  refiGuid,
  refiQdaArchive,
  refiQdaCodebook,
  refiQdaProject,
  refiQdaSummary,
  scholiaColor,
  type RefiQdaProjectInput,
} from './refi-qda';
import { textOrder, type ExportPassage, type ExportSnapshot } from './snapshot';

const SCHEMAS = new URL('../../../tests/fixtures/refi-qda/', import.meta.url);
const CODEBOOK_XSD = readFileSync(new URL('Codebook.xsd', SCHEMAS), 'utf8');
const PROJECT_XSD = readFileSync(new URL('Project.xsd', SCHEMAS), 'utf8');

// The texts as Scholia's projection gives them (`shared/projection.ts`): what the service passes in.
const USSR = paragraphsText(fixtureText('ussr'));
// Russian, German and emoji (outside the Basic Multilingual Plane) before and inside the passages.
const LETTER = paragraphsText(
  [
    'Письмо из Москвы, 1989 🕊️',
    'Die Mauer ist gefallen 🎉 — und in Moskau fragt man: «Что дальше?» Straßenbahnen stehen still.',
    'Рабочие Кузбасса 🔥 бастуют; die Bergleute fordern Brot und Freiheit.',
  ].join('\n\n'),
);

const TAGS: Tag[] = [
  { id: 'causes', name: 'Causes', parentId: null, color: '#1f77b4', description: 'Why it happened.' },
  { id: 'bureaucracy', name: 'Bureaucracy & <privilege>', parentId: 'causes', color: 'red', description: '' },
  {
    id: 'economy',
    name: 'Economy',
    parentId: 'causes',
    color: null,
    description: 'Shortages, "stagnation".',
  },
  { id: 'strikes', name: 'Забастовки', parentId: 'economy', color: null, description: '' },
  { id: 'voices', name: 'Eyewitness voices 🗣️', parentId: null, color: 'green', description: '' },
];

let passageCount = 0;

/** A passage on the first occurrence of `quote` in `text`, with `tagIds` and `comment`. */
function passage(
  text: string,
  documentId: string,
  quote: string,
  tagIds: string[],
  comment = '',
): ExportPassage {
  const start = text.indexOf(quote);
  if (start < 0) throw new RangeError(`No "${quote}" in the text.`);
  passageCount += 1;
  const annotation: Annotation = {
    id: `passage-${String(passageCount)}`,
    documentId,
    selectors: describeRange(text, start, start + quote.length),
    color: 'yellow',
    tagIds,
    comment,
    createdAt: '2026-03-01T10:00:00.000Z',
    modifiedAt: '2026-03-02T11:30:00.000Z',
    createdBy: { deviceId: 'laptop', reader: 'Clare' },
  };
  return { annotation, paragraph: 1, locator: null };
}

function corpus(): { snapshot: ExportSnapshot; input: RefiQdaProjectInput } {
  const ussr = { ...metaFor(USSR, 'USSR 1989: The collapse of Stalinism', 'ussr.txt', 'doc-ussr') };
  ussr.note = 'A first-hand account; read with the Kuzbass strikes in mind.\n\nSecond paragraph & more.';
  const letter = metaFor(LETTER, 'Письмо из Москвы', 'letter.txt', 'doc-letter');
  const snapshot: ExportSnapshot = {
    tags: TAGS,
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    documents: [
      {
        meta: ussr,
        passages: [
          passage(USSR, ussr.id, 'the collapse of Stalinism', ['causes', 'bureaucracy']),
          passage(
            USSR,
            ussr.id,
            'bureaucratic and dictatorial rule',
            ['bureaucracy'],
            'Her thesis, in five words.',
          ),
          passage(USSR, ussr.id, 'Leon Trotsky', [], 'A <caption>, not the text & not a quote.'),
        ],
      },
      {
        meta: letter,
        passages: [
          passage(LETTER, letter.id, 'Die Mauer ist gefallen 🎉', ['voices', 'causes']),
          passage(
            LETTER,
            letter.id,
            'Рабочие Кузбасса 🔥 бастуют',
            ['strikes', 'economy', 'voices'],
            'Шахтёры 🔥',
          ),
          passage(LETTER, letter.id, 'Straßenbahnen', ['economy']),
        ],
      },
    ],
  };
  const texts = new Map([
    [ussr.id, USSR],
    [letter.id, LETTER],
  ]);
  return { snapshot, input: { name: 'Collapse of Stalinism', texts } };
}

async function schemaErrors(xml: string, schema: string, fileName: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName, contents: xml },
    schema: { fileName: 'schema.xsd', contents: schema },
  });
  return result.errors.map((error) => error.rawMessage);
}

/** The attribute values `name` takes on the elements `element` in `xml`, in order. */
function attributeValues(xml: string, element: string, name: string): string[] {
  const tags = xml.match(new RegExp(`<${element}\\b[^>]*>`, 'g')) ?? [];
  return tags.map((tag) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '');
}

describe('the REFI-QDA codebook (.qdc)', () => {
  it('is valid against Codebook.xsd', async () => {
    const { snapshot } = corpus();
    expect(await schemaErrors(refiQdaCodebook(snapshot), CODEBOOK_XSD, 'codebook.qdc')).toEqual([]);
  });

  it('is checked by a validator that does reject a broken file', async () => {
    const broken = refiQdaCodebook(corpus().snapshot).replace('color="#1F77B4"', 'color="blue"');
    expect(await schemaErrors(broken, CODEBOOK_XSD, 'codebook.qdc')).not.toEqual([]);
  });

  it('nests the codes by the tag tree, with colours as #RRGGBB and descriptions', () => {
    const xml = refiQdaCodebook(corpus().snapshot);
    const causes = `<Code guid="${refiGuid('tag', 'causes')}" name="Causes" isCodable="true" color="#1F77B4">`;
    expect(xml).toContain(causes);
    expect(xml).toContain('name="Bureaucracy &amp; &lt;privilege&gt;" isCodable="true" color="#D93A30"');
    expect(xml).toContain('<Description>Shortages, "stagnation".</Description>');
    // Causes holds Bureaucracy and Economy, Economy holds Забастовки; Eyewitness voices stands alone.
    const names = attributeValues(xml, '(?:/)?Code', 'name');
    expect(names).toEqual([
      'Causes',
      'Bureaucracy &amp; &lt;privilege&gt;',
      '',
      'Economy',
      'Забастовки',
      '',
      '',
      '',
      'Eyewitness voices 🗣️',
      '',
    ]);
  });

  it('refuses an empty codebook, which the standard cannot express', () => {
    expect(() => refiQdaCodebook({ tags: [] })).toThrow(RangeError);
  });
});

describe('the REFI-QDA project (.qdpx)', () => {
  it('writes a project.qde valid against Project.xsd', async () => {
    const { snapshot, input } = corpus();
    const project = refiQdaProject(snapshot, input);
    expect(await schemaErrors(project.xml, PROJECT_XSD, 'project.qde')).toEqual([]);
    expect(project.skipped).toEqual([]);
    expect(attributeValues(project.xml, 'PlainTextSelection', 'guid')).toHaveLength(6);
    expect(attributeValues(project.xml, 'Coding', 'guid')).toHaveLength(9);
  });

  it('places every selection on its quote in the source text, counting code points', () => {
    const { snapshot, input } = corpus();
    const project = refiQdaProject(snapshot, input);
    for (const document of snapshot.documents) {
      const guid = refiGuid('document', document.meta.id);
      const text = project.sources.get(`sources/${guid}.txt`) ?? '';
      const codePoints = Array.from(text);
      const source = project.xml.slice(project.xml.indexOf(`<TextSource guid="${guid}"`));
      const body = source.slice(0, source.indexOf('</TextSource>'));
      const starts = attributeValues(body, 'PlainTextSelection', 'startPosition').map(Number);
      const ends = attributeValues(body, 'PlainTextSelection', 'endPosition').map(Number);
      const quotes = starts.map((start, index) => codePoints.slice(start, ends[index]).join(''));
      const inTextOrder = [...document.passages].sort(textOrder);
      expect(quotes).toEqual(inTextOrder.map((p) => p.annotation.selectors[0].exact));
    }
  });

  it('counts an emoji outside the Basic Multilingual Plane as one position', () => {
    expect(codePointOffsets('a🎉b', [1, 3, 4])).toEqual(
      new Map([
        [1, 1],
        [3, 2],
        [4, 3],
      ]),
    );
  });

  it('keeps each passage’s comment as its Description and each document note as a Note with its own file', () => {
    const { snapshot, input } = corpus();
    const project = refiQdaProject(snapshot, input);
    expect(project.xml).toContain(
      '<Description>A &lt;caption&gt;, not the text &amp; not a quote.</Description>',
    );
    expect(project.xml).toContain('<Description>Шахтёры 🔥</Description>');
    const noteGuid = refiGuid('note', 'doc-ussr');
    expect(project.xml).toContain(
      `<Note guid="${noteGuid}" name="Note on USSR 1989: The collapse of Stalinism" plainTextPath="internal://${noteGuid}.txt"`,
    );
    expect(project.sources.get(`sources/${noteGuid}.txt`)).toBe(snapshot.documents[0]?.meta.note);
    expect(project.xml).not.toContain(refiGuid('note', 'doc-letter'));
  });

  it('gives a document’s note as its source’s Description too, where QualCoder reads a file’s memo', () => {
    const { snapshot, input } = corpus();
    const project = refiQdaProject(snapshot, input);
    const guid = refiGuid('document', 'doc-ussr');
    const source = project.xml.slice(project.xml.indexOf(`<TextSource guid="${guid}"`));
    expect(source.slice(source.indexOf('>') + 1).trimStart()).toMatch(
      /^<Description>A first-hand account; read with the Kuzbass strikes in mind\.\n\nSecond paragraph &amp; more\.<\/Description>/,
    );
  });

  it('leaves out comments and notes when the export leaves them out', () => {
    const { snapshot, input } = corpus();
    const project = refiQdaProject(snapshot, { ...input, includeComments: false, includeNotes: false });
    expect(project.xml).not.toContain('<Description>Her thesis, in five words.</Description>');
    expect(project.xml).not.toContain('A first-hand account');
    expect(project.xml).not.toContain('<Note ');
    expect(attributeValues(project.xml, 'PlainTextSelection', 'guid')).toHaveLength(6);
  });

  it('is summed up in words, with the start of project.qde, for a preview', () => {
    const { snapshot, input } = corpus();
    const moved = new Map(input.texts);
    moved.set('doc-letter', `Vorwort. ${LETTER}`);
    const summary = refiQdaSummary(refiQdaProject(snapshot, { ...input, texts: moved }), 'project.qdpx');
    expect(summary.split('\n').slice(0, 5)).toEqual([
      'project.qdpx: a REFI-QDA project (a ZIP archive) holding project.qde and 3 text files in sources/.',
      '3 passages are left out: orphaned, or no longer where their quote stands in the text.',
      '',
      'project.qde:',
      '<?xml version="1.0" encoding="UTF-8"?>',
    ]);
  });

  it('leaves out a passage whose quote no longer stands at its position, and says so', () => {
    const { snapshot, input } = corpus();
    const moved = new Map(input.texts);
    moved.set('doc-letter', `Vorwort. ${LETTER}`);
    const project = refiQdaProject(snapshot, { ...input, texts: moved });
    expect(project.skipped.map((s) => s.reason)).toEqual(['quote-moved', 'quote-moved', 'quote-moved']);
    expect(attributeValues(project.xml, 'PlainTextSelection', 'guid')).toHaveLength(3);
  });

  it('refuses a document whose text was not given', () => {
    const { snapshot } = corpus();
    expect(() => refiQdaProject(snapshot, { name: 'x' })).toThrow(/plain text of document doc-ussr/);
  });

  it('zips project.qde with the sources under sources/, the same bytes each time', () => {
    const { snapshot, input } = corpus();
    const archive = refiQdaArchive(refiQdaProject(snapshot, input));
    const entries = unzipSync(archive);
    const document = (id: string): string => `sources/${refiGuid('document', id)}.txt`;
    expect(Object.keys(entries)).toEqual([
      'project.qde',
      document('doc-ussr'),
      `sources/${refiGuid('note', 'doc-ussr')}.txt`,
      document('doc-letter'),
    ]);
    expect(strFromU8(entries[document('doc-letter')] as Uint8Array)).toBe(LETTER);
    expect(refiQdaArchive(refiQdaProject(snapshot, input))).toEqual(archive);
  });

  it('reads a highlight colour’s hex back as its name, and any other hex as itself in lower case', () => {
    expect(scholiaColor('#D93A30')).toBe('red');
    expect(scholiaColor('#e0b400')).toBe('yellow');
    expect(scholiaColor('#1F77B4')).toBe('#1f77b4');
    expect(scholiaColor(null)).toBeNull();
  });

  it('makes GUIDs that are valid UUIDs, the same for the same id and different across kinds', () => {
    const guid = refiGuid('tag', 'causes');
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(refiGuid('tag', 'causes')).toBe(guid);
    expect(refiGuid('document', 'causes')).not.toBe(guid);
  });
});
