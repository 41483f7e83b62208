import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import { describeRange } from '../../shared/anchoring';
import { ExportOptionsSchema, type ExportOptionsInput } from '../../shared/export-options';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type Tag } from '../../shared/model';
import { runInSlices, runSteps } from '../util/sliced-work';
import { metaFor } from '../store/test-documents';
import { annotationsJsonLd } from './jsonld';
import { unformattedReferences } from './references';
import { renderExport, renderExportSteps } from './render';
import type { ExportSnapshot } from './snapshot';

const WORDS = [
  'Stalinism',
  'workers’',
  'democracy',
  'plan',
  '“quoted”',
  'naïve',
  'a\\b',
  '#',
  '=SUM(1)',
  'x,y',
];

/** A seeded library snapshot: documents with passages whose quotes and comments hold awkward text. */
function snapshotOf(seed: number, documents: number, perDocument: number): ExportSnapshot {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (length: number) => Array.from({ length }, () => pick(WORDS)).join(' ');
  const tags: Tag[] = [
    { id: 't1', name: 'Economy', parentId: null, color: null, description: 'Money' },
    { id: 't2', name: 'Crisis › deep', parentId: 't1', color: null, description: '' },
    { id: 't3', name: 'Politics', parentId: null, color: null, description: '' },
  ];
  return {
    tags,
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    documents: Array.from({ length: documents }, (_, d) => {
      const text = sentence(400);
      const meta = metaFor(text, `Document ${String(d)} “on” the plan`, `doc-${String(d)}.txt`);
      return {
        meta: { ...meta, note: d % 2 === 0 ? 'A *note*\non two lines' : '' },
        passages: Array.from({ length: perDocument }, (_, i) => {
          const start = Math.floor(random() * (text.length - 60));
          const created = `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`;
          const paragraph = random() < 0.1 ? null : 1 + Math.floor(random() * 9);
          return {
            paragraph,
            locator:
              paragraph === null
                ? null
                : random() < 0.5
                  ? { label: 'page' as const, locator: String(paragraph * 3) }
                  : { label: 'paragraph' as const, locator: String(paragraph) },
            annotation: {
              id: `${String(d).padStart(4, '0')}-${String(i).padStart(4, '0')}-annotation`,
              documentId: meta.id,
              selectors: describeRange(text, start, start + 5 + Math.floor(random() * 50)),
              color: pick(HIGHLIGHT_COLORS),
              tagIds: random() < 0.3 ? [] : [pick(tags).id],
              comment: random() < 0.5 ? `${sentence(3)}\n\n"${sentence(2)}"\t${sentence(1)}` : '',
              createdAt: created,
              modifiedAt: created,
              ...(random() < 0.05 ? { orphanedAt: created } : {}),
            },
          };
        }),
      };
    }),
  };
}

const FORMATS: ExportOptionsInput[] = [
  { format: 'markdown', groupBy: 'source', includeUntagged: true },
  { format: 'markdown', groupBy: 'tag', includeUntagged: true, includeNotes: true },
  { format: 'vault' },
  { format: 'jsonld' },
  { format: 'csv' },
  { format: 'csv-codebook' },
];

describe('export writers in steps', () => {
  it('write JSON-LD exactly as JSON.stringify writes the whole collection', () => {
    for (const [documents, perDocument] of [
      [0, 0],
      [1, 1],
      [3, 7],
      [20, 45],
    ] as const) {
      const text = annotationsJsonLd(snapshotOf(documents + perDocument, documents, perDocument), true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 1)}\n`);
      expect((JSON.parse(text) as { total: number }).total).toBe(documents * perDocument);
    }
  });

  it('give the same files in slices as at once, pausing between passages', async () => {
    const snapshot = snapshotOf(7, 12, 60);
    const references = unformattedReferences(snapshot.documents.map((document) => document.meta));
    for (const input of FORMATS) {
      const options = ExportOptionsSchema.parse(input);
      const once = renderExport(snapshot, references, options, 'A style');
      const steps = renderExportSteps(snapshot, references, options, 'A style');
      let pauses = 0;
      for (let step = steps.next(); step.done !== true; step = steps.next()) pauses += 1;
      if (options.format !== 'csv-codebook') expect(pauses, options.format).toBeGreaterThanOrEqual(12 * 60);
      expect(await runInSlices(renderExportSteps(snapshot, references, options, 'A style'), 0)).toEqual(once);
      expect(runSteps(renderExportSteps(snapshot, references, options, 'A style'))).toEqual(once);
    }
  });
});
