/**
 * Links between passages in the exports: the snapshot's links (an end in the exported documents, the
 * other end wherever it is), the vault's block links, the annotated bibliography's lists and the CSVs,
 * each written by the service from a real library.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApiArgs, type ScholiaService } from '../../shared/api';
import { describePoint, describeRange } from '../../shared/anchoring';
import type { ExportOptionsInput } from '../../shared/export-options';
import { chosenPaths, upload, useServiceLibrary } from '../service/test-service';
import { paragraphsText } from '../store/test-documents';
import { noteBlockIds } from './vault';

const FIRST = 'The plan spoke of planned economy for all.\n\nThen came Stalinism, and the plan # was lost.';
const SECOND = 'A later text quotes planned economy again.\n\nIt ends here.';

const library = useServiceLibrary();

/** A library of two documents, passages in both, and three links (one within a document, one from a point note). */
async function linkedLibrary() {
  const grants = await chosenPaths({ write: [library.root] });
  const service = await open(grants);
  const ids: string[] = [];
  for (const [name, text] of [
    ['first.txt', FIRST],
    ['second.txt', SECOND],
  ] as const) {
    const [outcome] = (await service.importFiles({ sources: [upload(name, text)] })).outcomes;
    if (outcome?.status !== 'imported') throw new Error(`${name} did not import`);
    ids.push(outcome.document.id);
  }
  const [first = '', second = ''] = ids;
  const highlight = async (documentId: string, text: string, exact: string) => {
    const plain = paragraphsText(text);
    const start = plain.indexOf(exact);
    const annotation = await service.createAnnotation({
      documentId,
      selectors: describeRange(plain, start, start + exact.length),
    });
    return { documentId, annotationId: annotation.id };
  };
  const economy = await highlight(first, FIRST, 'planned economy');
  const stalinism = await highlight(first, FIRST, 'Stalinism');
  const quoted = await highlight(second, SECOND, 'quotes planned economy');
  const plainSecond = paragraphsText(SECOND);
  const point = await service.createAnnotation({
    documentId: second,
    selectors: describePoint(plainSecond, plainSecond.indexOf('It ends')),
    motivation: 'commenting',
    comment: 'A note.',
  });
  const echoes = await service.saveLinkRelation({ name: 'echoes #1 ^', inverseName: 'is echoed by' });
  await service.createLink({
    from: quoted,
    to: economy,
    relationId: 'quotes',
    comment: 'Word for *word*.\nA second line.',
  });
  await service.createLink({ from: stalinism, to: economy, relationId: echoes.id });
  await service.createLink({
    from: { documentId: second, annotationId: point.id },
    to: stalinism,
    relationId: 'same-claim',
  });
  const titles = new Map((await service.listDocuments({})).map((meta) => [meta.id, meta.csl.title ?? '']));
  return { service, first, second, titles, economy, stalinism, quoted, point };
}

function open(grants: Awaited<ReturnType<typeof chosenPaths>>): Promise<ScholiaService> {
  return library.open({ grants });
}

async function preview(service: ScholiaService, options: ExportOptionsInput): Promise<string> {
  const result = await service.previewExport(parseApiArgs('previewExport', { options, maxChars: 1_000_000 }));
  expect(result.truncated).toBe(false);
  return result.text;
}

/** CSV text as rows of fields (quoted fields with commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] ?? '';
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        field += '"';
        at += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[at + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      at += 1;
    } else field += char;
  }
  return rows;
}

describe('links in a vault', () => {
  it('link each passage to the block of the other passage in its note, and every such block exists', async () => {
    const { service } = await linkedLibrary();
    const folder = join(library.root, 'vault');
    await service.exportLibrary(
      parseApiArgs('exportLibrary', { options: { format: 'vault' }, path: folder }),
    );
    const names = await readdir(folder);
    expect(names).toHaveLength(2);
    const notes = new Map<string, string>();
    for (const name of names)
      notes.set(name.replace(/\.md$/, ''), await readFile(join(folder, name), 'utf8'));
    const blocks = new Map(
      [...notes].map(([name, text]) => [name, [...text.matchAll(/ \^([A-Za-z0-9-]+)$/gm)].map((m) => m[1])]),
    );
    let links = 0;
    for (const [name, text] of notes) {
      // Block ids are unique in their note.
      expect(new Set(blocks.get(name)).size, name).toBe(blocks.get(name)?.length);
      for (const [, note, block] of text.matchAll(/\[\[([^\]#|]+)#\^([^\]|]+)\]\]/g)) {
        expect(blocks.get(note ?? '') ?? [], `${note ?? ''}#^${block ?? ''} from ${name}`).toContain(block);
        links += 1;
      }
    }
    // Three links, each listed at both its passages.
    expect(links).toBe(6);
    const all = [...notes.values()].join('\n');
    expect(all).toMatch(
      /^- \*is quoted by\* \[\[second \([0-9a-f]{8}\)#\^scholia-[0-9a-f]{8}\]\]: Word for \*word\*\.\n {2}A second line\.$/m,
    );
    // The reader's relation name is escaped for Obsidian: its # is no tag, its ^ no block id.
    expect(all).toMatch(/^- \*echoes \\#1 \\\^\* \[\[first \([0-9a-f]{8}\)#\^scholia-[0-9a-f]{8}\]\]$/m);
    expect(all).toMatch(/^- \*same claim as\* \[\[second /m);
  });

  it('link to a note by the name it kept when its document was renamed after an earlier export', async () => {
    const { service, first } = await linkedLibrary();
    const folder = join(library.root, 'vault');
    const exportVault = () =>
      service.exportLibrary(parseApiArgs('exportLibrary', { options: { format: 'vault' }, path: folder }));
    await exportVault();
    const before = (await readdir(folder)).sort();
    await service.updateDocumentMetadata({ documentId: first, csl: { type: 'article', title: 'Renamed' } });
    await exportVault();
    expect((await readdir(folder)).sort()).toEqual(before);
    const firstNote = before.find((name) => name.startsWith('first ')) ?? '';
    const secondNote = before.find((name) => name.startsWith('second ')) ?? '';
    const second = await readFile(join(folder, secondNote), 'utf8');
    expect(second).toContain(`[[${firstNote.replace(/\.md$/, '')}#^`);
    expect(second).not.toContain('[[Renamed');
    expect(await readFile(join(folder, firstNote), 'utf8')).toContain('title: "Renamed"');
  });

  it('name a passage outside the export by its quote and title instead of a link to a note not written', async () => {
    const { service, second } = await linkedLibrary();
    const folder = join(library.root, 'vault');
    await service.exportLibrary(
      parseApiArgs('exportLibrary', {
        options: { format: 'vault', scope: { kind: 'documents', documentIds: [second] } },
        path: folder,
      }),
    );
    const [name] = await readdir(folder);
    const note = await readFile(join(folder, name ?? ''), 'utf8');
    expect(note).not.toContain('[[');
    expect(note).toContain('- *quotes* “planned economy” in first');
    expect(note).toContain('- *same claim as* “Stalinism” in first');
  });

  it('give passages whose ids begin alike block ids of their own, the first made keeping its short one', () => {
    const at = (minute: number) => `2026-01-01T10:0${String(minute)}:00.000Z`;
    const passages = [
      { id: 'abcdefgh-2222', createdAt: at(2) },
      { id: 'abcdefgh-1111', createdAt: at(1) },
      { id: 'zz_9', createdAt: at(0) },
      { id: 'ABCDEFGH-1111', createdAt: at(3) },
    ];
    const ids = noteBlockIds(passages);
    const values = [...ids.values()];
    expect(new Set(values).size).toBe(4);
    for (const id of values) expect(id).toMatch(/^[A-Za-z0-9-]+$/);
    expect(ids.get('zz_9')).toBe('scholia-zz9');
    expect(ids.get('abcdefgh-1111')).toBe('scholia-abcdefgh');
    expect(ids.get('abcdefgh-2222')).toBe('scholia-abcdefgh-2222');
    // Block ids are compared as Obsidian writes them, in lower case.
    expect(ids.get('ABCDEFGH-1111')).toBe('scholia-abcdefgh-1111');
    // A passage made later leaves the others' ids as they were.
    const later = noteBlockIds([...passages, { id: 'abcdefgh-3333', createdAt: at(4) }]);
    for (const [id, block] of ids) expect(later.get(id)).toBe(block);
  });
});

describe('links in the annotated bibliography', () => {
  it('list under each passage its links: the relation from it, the other quote and its citation', async () => {
    const { service } = await linkedLibrary();
    const text = await preview(service, { format: 'markdown' });
    expect(text).toContain(
      '- *is quoted by* “quotes planned economy” (\\[No author\\], second, n.d., ¶ 1): Word for *word*.\n  A second line.',
    );
    expect(text).toContain('- *quotes* “planned economy” (\\[No author\\], first, n.d., ¶ 1)');
    expect(text).toContain('- *is echoed by* “Stalinism” (\\[No author\\], first, n.d., ¶ 2)');
    expect(text).toContain('- *same claim as* a note at a point (\\[No author\\], second, n.d., ¶ 2)');
    const bare = await preview(service, { format: 'markdown', includeComments: false });
    expect(bare).not.toContain('Word for');
  });

  it('cite a linked passage whose document is not exported, without listing its document', async () => {
    const { service, second } = await linkedLibrary();
    const text = await preview(service, {
      format: 'markdown',
      scope: { kind: 'documents', documentIds: [second] },
    });
    expect(text).toContain('- *quotes* “planned economy” (\\[No author\\], first, n.d., ¶ 1)');
    expect(text).not.toMatch(/^## .*first/m);
  });
});

describe('links in CSV', () => {
  it('write each passage’s links in the passages’ links column', async () => {
    const { service } = await linkedLibrary();
    const [header, ...rows] = csvRows(await preview(service, { format: 'csv' }));
    const column = header?.indexOf('links') ?? -1;
    expect(column).toBe((header?.length ?? 0) - 1);
    const byQuote = new Map(rows.map((row) => [row[header?.indexOf('quote') ?? 0], row[column]]));
    expect(byQuote.get('planned economy')).toBe(
      'is quoted by → “quotes planned economy” (second); is echoed by → “Stalinism” (first)',
    );
    expect(byQuote.get('')).toBe('same claim as → “Stalinism” (first)');
  });

  it('write the links CSV: one row per link with an end in the export, both ways, both passages', async () => {
    const { service, first, second, quoted, economy } = await linkedLibrary();
    const [header, ...rows] = csvRows(await preview(service, { format: 'csv-links' }));
    expect(rows).toHaveLength(3);
    const get = (row: string[] | undefined, name: string) => row?.[header?.indexOf(name) ?? -1];
    const quoting = rows.find((row) => get(row, 'relation_id') === 'quotes');
    expect({
      relation: get(quoting, 'relation'),
      inverse: get(quoting, 'inverse_relation'),
      from: get(quoting, 'from_quote'),
      fromId: get(quoting, 'from_annotation_id'),
      fromDocument: get(quoting, 'from_document_id'),
      to: get(quoting, 'to_quote'),
      toId: get(quoting, 'to_annotation_id'),
      toCitation: get(quoting, 'to_citation'),
      comment: get(quoting, 'comment'),
    }).toEqual({
      relation: 'quotes',
      inverse: 'is quoted by',
      from: 'quotes planned economy',
      fromId: quoted.annotationId,
      fromDocument: second,
      to: 'planned economy',
      toId: economy.annotationId,
      toCitation: '([No author], first, n.d., ¶ 1)',
      comment: 'Word for *word*.\nA second line.',
    });
    // Of the first document alone: every link has an end there. Of the second: two have.
    const firstOnly = csvRows(
      await preview(service, { format: 'csv-links', scope: { kind: 'documents', documentIds: [first] } }),
    );
    expect(firstOnly).toHaveLength(4);
    const secondOnly = csvRows(
      await preview(service, { format: 'csv-links', scope: { kind: 'documents', documentIds: [second] } }),
    );
    expect(
      secondOnly
        .slice(1)
        .map((row) => get(row, 'relation_id'))
        .sort(),
    ).toEqual(['quotes', 'same-claim']);
  });
});
