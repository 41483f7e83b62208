import { describe, expect, it } from 'vitest';
import { describeRange } from '../../shared/anchoring';
import { DEFAULT_COLOR_LABELS, type Tag } from '../../shared/model';
import { fixtureText, metaFor } from '../store/test-documents';
import { unformattedReferences } from './references';
import type { ExportSnapshot } from './snapshot';
import { vaultNote } from './vault';

const TEXT = fixtureText('ussr');

function tag(id: string, name: string, parentId: string | null = null): Tag {
  return { id, name, parentId, color: null, description: '' };
}

/** One document of the USSR article, with a passage carrying each of `tagIds`. */
function snapshotWith(tags: Tag[], tagIds: readonly string[]): ExportSnapshot {
  const meta = metaFor(TEXT, 'USSR 1989: The collapse of Stalinism', 'ussr-1989.txt');
  const start = TEXT.indexOf('Stalinism');
  return {
    tags,
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    documents: [
      {
        meta,
        passages: tagIds.map((tagId, index) => ({
          paragraph: 1,
          locator: { label: 'paragraph', locator: '1' },
          annotation: {
            id: `passage-${String(index)}`,
            documentId: meta.id,
            selectors: describeRange(TEXT, start, start + 'Stalinism'.length),
            color: 'yellow',
            tagIds: [tagId],
            comment: '',
            createdAt: '2026-03-01T10:00:00.000Z',
            modifiedAt: '2026-03-01T10:00:00.000Z',
          },
        })),
      },
    ],
  };
}

/** The `tags:` list of a vault note's front matter. */
function frontMatterTags(note: string): string[] {
  const lines = note.split('\n');
  const at = lines.indexOf('tags:');
  if (at < 0) return [];
  const tags: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('  - ')) break;
    tags.push(JSON.parse(line.slice(4)) as string);
  }
  return tags;
}

function noteOf(snapshot: ExportSnapshot): string {
  const references = unformattedReferences(snapshot.documents.map((document) => document.meta));
  const [document] = snapshot.documents;
  if (document === undefined) throw new Error('no document');
  return vaultNote(document, snapshot, references, {
    includeComments: true,
    includeUntagged: true,
    includeNotes: true,
    styleTitle: 'APA',
  });
}

describe('vault notes', () => {
  it('keep a top-level tag named “Left › Right” as one tag', () => {
    const tags = [tag('lr', 'Left › Right')];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['lr'])))).toEqual(['Left-›-Right']);
  });

  it('nest a real sub-tag under its parent', () => {
    const tags = [
      tag('lr', 'Left › Right'),
      tag('economy', 'Economy'),
      tag('crisis', 'Slow crisis', 'economy'),
    ];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['crisis', 'lr'])))).toEqual([
      'Economy/Slow-crisis',
      'Left-›-Right',
    ]);
  });

  it('never nest a tag whose name holds a slash', () => {
    const tags = [tag('ratio', 'Wages/prices')];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['ratio'])))).toEqual(['Wages-prices']);
  });
});
