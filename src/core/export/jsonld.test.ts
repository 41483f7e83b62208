import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import type { JsonLd, RemoteDocument } from 'jsonld/jsonld-spec';
import { describe, expect, it } from 'vitest';
import { describePoint, describeRange } from '../../shared/anchoring';
import { DEFAULT_COLOR_LABELS, type Annotation, type Tag } from '../../shared/model';
import { metaFor } from '../store/test-documents';
import { ANNOTATION_CONTEXT, CodePoints, annotationsJsonLd } from './jsonld';
import type { ExportSnapshot } from './snapshot';

const CONTEXT = JSON.parse(
  readFileSync(join(__dirname, '../../../tests/fixtures/jsonld/anno.jsonld'), 'utf8'),
) as JsonLd;

/** Serves the W3C context from the local copy and refuses every other document, so nothing is fetched. */
const documentLoader = (url: string): Promise<RemoteDocument> => {
  if (url !== ANNOTATION_CONTEXT) return Promise.reject(new Error(`refused to load ${url}`));
  return Promise.resolve({ documentUrl: url, document: CONTEXT });
};

const OA = 'http://www.w3.org/ns/oa#';
const SCHOLIA = 'https://scholia.invalid/ns#';

// Emoji, CJK Extension B (𠀋, 𡈽) and mathematical letters are each two UTF-16 units and one code point.
const TEXT = [
  'The 🌍 turned; 𠀋𡈽 is a name in CJK Extension B, 𝒜 a script capital.',
  'Workers’ councils 🛠️ met in 1917 — “all power to the soviets” 👥.',
  'Plain ASCII after them: planned economy, bureaucracy, Stalinism.',
].join('\n\n');

const QUOTES = [
  '🌍 turned',
  '𠀋𡈽',
  '𝒜 a script',
  'councils 🛠️ met',
  '“all power to the soviets” 👥',
  'planned economy',
  'Stalinism',
];

const TAGS: Tag[] = [
  { id: 'economy', name: 'Economy', parentId: null, color: '#1f77b4', description: 'Money and plan.' },
  { id: 'crisis', name: 'Crisis', parentId: 'economy', color: 'red', description: '' },
  { id: 'zeal', name: 'Zeal', parentId: 'crisis', color: null, description: 'Deepest' },
];

function annotation(
  id: string,
  selectors: Annotation['selectors'],
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id,
    documentId: 'doc-1',
    selectors,
    color: 'green',
    tagIds: [],
    comment: '',
    createdAt: '2026-03-01T10:00:00.000Z',
    modifiedAt: '2026-03-02T10:00:00.000Z',
    ...extra,
  };
}

function snapshot(): ExportSnapshot {
  const meta = { ...metaFor(TEXT, 'Astral', 'astral.txt', 'doc-1'), note: 'A note with 🌍.' };
  const passages = QUOTES.map((quote, index) => {
    const start = TEXT.indexOf(quote);
    return annotation(`a${String(index)}`, describeRange(TEXT, start, start + quote.length), {
      tagIds: index % 2 === 0 ? ['zeal'] : ['economy'],
      comment: index === 0 ? 'About *the world*.' : '',
    });
  });
  passages.push(
    annotation('point', describePoint(TEXT, TEXT.indexOf('Plain')), {
      motivation: 'commenting',
      comment: 'Here.',
    }),
  );
  return {
    tags: TAGS,
    colorLabels: { ...DEFAULT_COLOR_LABELS, green: 'Evidence 🌱' },
    documents: [
      {
        meta,
        text: TEXT,
        passages: passages.map((a) => ({ annotation: a, paragraph: null, locator: null })),
      },
    ],
  };
}

const OTHER_TEXT = 'Another text, quoting all power to the soviets again.';

/** {@link snapshot} with links: one within the document, one to a passage of a document not exported. */
function linkedSnapshot(): ExportSnapshot {
  const base = snapshot();
  const [document] = base.documents;
  if (document === undefined) throw new Error('no document');
  const passageOf = (id: string) => {
    const found = document.passages.find((passage) => passage.annotation.id === id);
    if (found === undefined) throw new Error(`no passage ${id}`);
    return { meta: document.meta, passage: found, exported: true };
  };
  const otherMeta = metaFor(OTHER_TEXT, 'Other', 'other.txt', 'doc-2');
  const start = OTHER_TEXT.indexOf('all power');
  const otherAnnotation = annotation('b0', describeRange(OTHER_TEXT, start, start + 'all power'.length), {
    documentId: 'doc-2',
  });
  const other = {
    meta: otherMeta,
    passage: { annotation: otherAnnotation, paragraph: 1, locator: null },
    exported: false,
  };
  const times = { createdAt: '2026-04-01T09:00:00.000Z', modifiedAt: '2026-04-02T09:00:00.000Z' };
  return {
    ...base,
    relations: [
      { id: 'quotes', name: 'quotes', inverseName: 'is quoted by' },
      { id: 'rel-own', name: 'echoes', inverseName: 'is echoed by' },
    ],
    links: [
      {
        link: {
          id: 'link-1',
          from: { documentId: 'doc-2', annotationId: 'b0' },
          to: { documentId: 'doc-1', annotationId: 'a4' },
          relationId: 'quotes',
          comment: 'Word for *word*.',
          ...times,
        },
        from: other,
        to: passageOf('a4'),
      },
      {
        link: {
          id: 'link-2',
          from: { documentId: 'doc-1', annotationId: 'point' },
          to: { documentId: 'doc-1', annotationId: 'a0' },
          relationId: 'rel-own',
          ...times,
        },
        from: passageOf('point'),
        to: passageOf('a0'),
      },
    ],
  };
}

interface Item {
  id: string;
  target: {
    source: { id: string };
    selector: { type: string; exact?: string; start?: number; end?: number }[];
  };
}

function items(text: string): Item[] {
  return (JSON.parse(text) as { first: { items: Item[] } }).first.items;
}

/** Every key of every object in `value`, at any depth, outside its contexts. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '@context') continue;
      into.add(key);
      keysOf(inner, into);
    }
  }
  return into;
}

describe('code points', () => {
  it('count every offset of a text with astral characters and a lone surrogate as Array.from does, both ways', () => {
    const text = `${TEXT}\ud800 lone 🌍`;
    const points = new CodePoints(text);
    const units = Array.from(text);
    let unit = 0;
    units.forEach((character, point) => {
      expect(points.fromUtf16(unit)).toBe(point);
      expect(points.toUtf16(point)).toBe(unit);
      unit += character.length;
    });
    expect(points.fromUtf16(text.length)).toBe(units.length);
    expect(points.toUtf16(units.length)).toBe(text.length);
  });
});

describe('W3C Web Annotation JSON-LD', () => {
  it('counts positions in code points, so the quote is the code points from start to end of the source text', () => {
    const written = items(annotationsJsonLd(snapshot(), true));
    const points = Array.from(TEXT);
    let checked = 0;
    for (const item of written) {
      const [quote, position] = item.target.selector;
      expect(item.target.source.id).toBe('urn:uuid:doc-1');
      expect(points.slice(position?.start, position?.end).join('')).toBe(quote?.exact);
      checked += 1;
    }
    expect(checked).toBe(QUOTES.length + 1);
    // The first astral character shifts every later position by one unit less than UTF-16 would.
    const second = written.find((item) => item.id === 'urn:uuid:a1');
    expect(second?.target.selector[1]?.start).toBe(TEXT.indexOf('𠀋') - 1);
  });

  it('leaves the position out where the text is not known, rather than count it in the wrong units', () => {
    const { documents, ...rest } = snapshot();
    const without = documents.map(({ text: _text, ...document }) => document);
    for (const item of items(annotationsJsonLd({ ...rest, documents: without }, true))) {
      expect(item.target.selector.map((selector) => selector.type)).toEqual(['TextQuoteSelector']);
    }
  });

  it('gives every resource an id, links too', () => {
    const collection = JSON.parse(annotationsJsonLd(linkedSnapshot(), true)) as Record<string, unknown>;
    const missing: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${String(index)}]`));
      else if (typeof value === 'object' && value !== null) {
        const object = value as Record<string, unknown>;
        if (typeof object['id'] !== 'string') missing.push(path);
        for (const [key, inner] of Object.entries(object))
          if (key !== '@context') visit(inner, `${path}.${key}`);
      }
    };
    visit(collection, '');
    expect(missing).toEqual([]);
    expect(collection['id']).toMatch(/^urn:sha256:[0-9a-f]{64}$/);
    expect(annotationsJsonLd(snapshot(), true)).toBe(annotationsJsonLd(snapshot(), true));
  });

  it('expands with jsonld.js against the W3C context, keeping every key, the W3C terms and the ordered tag path', async () => {
    const text = annotationsJsonLd(snapshot(), true);
    const document = JSON.parse(text) as Record<string, unknown>;
    // Safe mode (which @types/jsonld does not know yet) throws on any key or value expansion would drop.
    const safe = { documentLoader, safe: true };
    const expanded = await jsonld.expand(document, safe);
    // Flattened without a context: every node once, named by its IRI, with full W3C term IRIs.
    const flat = (await jsonld.flatten(expanded, undefined, { documentLoader })) as unknown as Record<
      string,
      unknown
    >[];
    const graph = new Map(flat.map((node) => [node['@id'] as string, node]));
    const annotations = [...graph.values()].filter((node) =>
      (node['@type'] as string[] | undefined)?.includes(`${OA}Annotation`),
    );
    expect(annotations).toHaveLength(QUOTES.length + 1);
    const ref = (node: Record<string, unknown> | undefined, term: string) =>
      graph.get(((node?.[term] as { '@id': string }[] | undefined)?.[0] ?? { '@id': '' })['@id']);
    for (const annotation of annotations) {
      const target = ref(annotation, `${OA}hasTarget`);
      expect(target?.[`${OA}hasSource`]).toEqual([{ '@id': 'urn:uuid:doc-1' }]);
      const selectors = (target?.[`${OA}hasSelector`] as { '@id': string }[]).map(({ '@id': id }) =>
        graph.get(id),
      );
      const quote = selectors.find((node) =>
        (node?.['@type'] as string[]).includes(`${OA}TextQuoteSelector`),
      );
      const position = selectors.find((node) =>
        (node?.['@type'] as string[]).includes(`${OA}TextPositionSelector`),
      );
      expect(quote?.[`${OA}exact`]).toEqual([{ '@value': expect.any(String) as string }]);
      for (const term of ['start', 'end']) {
        const [value] = position?.[`${OA}${term}`] as { '@value': unknown; '@type': string }[];
        expect(Number.isInteger(value?.['@value'])).toBe(true);
        expect(value?.['@type']).toBe('http://www.w3.org/2001/XMLSchema#nonNegativeInteger');
      }
    }
    const zeal = graph.get('urn:uuid:a0#tag-1');
    expect(zeal?.[`${SCHOLIA}tagPath`]).toEqual([
      { '@list': [{ '@value': 'Economy' }, { '@value': 'Crisis' }, { '@value': 'Zeal' }] },
    ]);
    // Every key of the file is a term or IRI the expansion kept: none was dropped.
    const expandedText = JSON.stringify(expanded);
    for (const key of keysOf(document)) {
      const iri = key.startsWith('scholia:') ? `${SCHOLIA}${key.slice('scholia:'.length)}` : null;
      expect(iri === null || expandedText.includes(iri), key).toBe(true);
    }
  });

  it('writes each link as a linking annotation: both passages as targets, the relation and the comment as bodies', () => {
    const written = JSON.parse(annotationsJsonLd(linkedSnapshot(), true)) as {
      total: number;
      first: { items: Record<string, unknown>[] };
    };
    expect(written.total).toBe(QUOTES.length + 1 + 2);
    const link = written.first.items.find((item) => item['id'] === 'urn:uuid:link-1');
    expect(link).toMatchObject({
      type: 'Annotation',
      motivation: 'linking',
      created: '2026-04-01T09:00:00.000Z',
      modified: '2026-04-02T09:00:00.000Z',
      'scholia:linkFrom': 'urn:uuid:link-1#from',
      'scholia:linkTo': 'urn:uuid:link-1#to',
      body: [
        {
          type: 'TextualBody',
          value: 'quotes',
          purpose: 'tagging',
          'scholia:relationId': 'quotes',
          'scholia:relationName': 'quotes',
          'scholia:inverseName': 'is quoted by',
        },
        { type: 'TextualBody', value: 'Word for *word*.', format: 'text/markdown', purpose: 'commenting' },
      ],
    });
    const [from, to] = link?.['target'] as Item['target'][];
    // The passage outside the export is named by its document and quote; the exported one is placed too.
    expect(from).toMatchObject({ 'scholia:passage': 'urn:uuid:b0', source: { id: 'urn:uuid:doc-2' } });
    expect(from?.selector).toEqual([
      expect.objectContaining({ type: 'TextQuoteSelector', exact: 'all power' }),
    ]);
    const aimed = items(annotationsJsonLd(snapshot(), true)).find((item) => item.id === 'urn:uuid:a4');
    expect(to).toMatchObject({ 'scholia:passage': 'urn:uuid:a4', source: { id: 'urn:uuid:doc-1' } });
    expect(to?.selector.map(({ type, exact, start, end }) => ({ type, exact, start, end }))).toEqual(
      aimed?.target.selector.map(({ type, exact, start, end }) => ({ type, exact, start, end })),
    );
    const own = written.first.items.find((item) => item['id'] === 'urn:uuid:link-2');
    expect(own?.['body']).toEqual([
      expect.objectContaining({ value: 'echoes', 'scholia:inverseName': 'is echoed by' }),
    ]);
    const withoutComments = JSON.parse(annotationsJsonLd(linkedSnapshot(), false)) as typeof written;
    const bare = withoutComments.first.items.find((item) => item['id'] === 'urn:uuid:link-1');
    expect((bare?.['body'] as unknown[]).length).toBe(1);
  });

  it('keeps the links through expansion with jsonld.js: the linking motivation, both targets and which is which', async () => {
    const document = JSON.parse(annotationsJsonLd(linkedSnapshot(), true)) as Record<string, unknown>;
    // Safe mode throws on any key or value expansion would drop (passed as a variable, as @types/jsonld lacks it).
    const safe = { documentLoader, safe: true };
    const expanded = await jsonld.expand(document, safe);
    const flat = (await jsonld.flatten(expanded, undefined, { documentLoader })) as unknown as Record<
      string,
      unknown
    >[];
    const graph = new Map(flat.map((node) => [node['@id'] as string, node]));
    const ids = (node: Record<string, unknown> | undefined, term: string) =>
      ((node?.[term] as { '@id': string }[] | undefined) ?? []).map((value) => value['@id']);
    const link = graph.get('urn:uuid:link-1');
    expect(ids(link, `${OA}motivatedBy`)).toEqual([`${OA}linking`]);
    expect(ids(link, `${OA}hasTarget`).sort()).toEqual(['urn:uuid:link-1#from', 'urn:uuid:link-1#to']);
    expect(ids(link, `${SCHOLIA}linkFrom`)).toEqual(['urn:uuid:link-1#from']);
    expect(ids(graph.get(ids(link, `${SCHOLIA}linkTo`)[0] ?? ''), `${SCHOLIA}passage`)).toEqual([
      'urn:uuid:a4',
    ]);
    expect(ids(graph.get('urn:uuid:link-1#from'), `${OA}hasSource`)).toEqual(['urn:uuid:doc-2']);
    const relation = graph.get('urn:uuid:link-1#relation');
    expect(ids(relation, `${OA}hasPurpose`)).toEqual([`${OA}tagging`]);
    expect(relation?.[`${SCHOLIA}relationId`]).toEqual([{ '@value': 'quotes' }]);
    expect(ids(graph.get('urn:uuid:link-1#comment'), `${OA}hasPurpose`)).toEqual([`${OA}commenting`]);
    // Every key of the file is a term or IRI the expansion kept: none was dropped.
    const expandedText = JSON.stringify(expanded);
    for (const key of keysOf(document)) {
      const iri = key.startsWith('scholia:') ? `${SCHOLIA}${key.slice('scholia:'.length)}` : null;
      expect(iri === null || expandedText.includes(iri), key).toBe(true);
    }
  });

  it('refuses to fetch any context but the local copy', async () => {
    const document = { '@context': 'https://example.org/other.jsonld', id: 'urn:x' };
    await expect(jsonld.expand(document, { documentLoader })).rejects.toThrow();
  });
});
