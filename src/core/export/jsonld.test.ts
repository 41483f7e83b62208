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

  it('gives every resource an id', () => {
    const collection = JSON.parse(annotationsJsonLd(snapshot(), true)) as Record<string, unknown>;
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

  it('refuses to fetch any context but the local copy', async () => {
    const document = { '@context': 'https://example.org/other.jsonld', id: 'urn:x' };
    await expect(jsonld.expand(document, { documentLoader })).rejects.toThrow();
  });
});
