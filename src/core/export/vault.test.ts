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

function noteOf(snapshot: ExportSnapshot, template?: string): string {
  const references = unformattedReferences(snapshot.documents.map((document) => document.meta));
  const [document] = snapshot.documents;
  if (document === undefined) throw new Error('no document');
  return vaultNote(document, snapshot, references, {
    includeComments: true,
    includeUntagged: true,
    includeNotes: true,
    styleTitle: 'APA',
    template,
  });
}

describe('vault notes', () => {
  it('keep a top-level tag named “Left › Right” as one tag', () => {
    const tags = [tag('lr', 'Left › Right')];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['lr'])))).toEqual(['Left-Right']);
  });

  it('nest a real sub-tag under its parent', () => {
    const tags = [
      tag('lr', 'Left › Right'),
      tag('economy', 'Economy'),
      tag('crisis', 'Slow crisis', 'economy'),
    ];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['crisis', 'lr'])))).toEqual([
      'Economy/Slow-crisis',
      'Left-Right',
    ]);
  });

  it('never nest a tag whose name holds a slash', () => {
    const tags = [tag('ratio', 'Wages/prices')];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['ratio'])))).toEqual(['Wages_prices']);
  });

  it('make names with apostrophes, punctuation or only digits valid Obsidian tags', () => {
    const tags = [tag('a', 'Marx’s "Capital"'), tag('b', '1917'), tag('c', 'Ленин о партии')];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['a', 'b', 'c'])))).toEqual([
      'Marx_s-Capital_',
      '_1917',
      'Ленин-о-партии',
    ]);
  });

  it('keep two tags apart whose names become the same, whatever order they come in', () => {
    const tags = [tag('x', 'Wages prices'), tag('y', 'wages-prices'), tag('z', 'Wages prices!')];
    const expected = ['Wages-prices', 'Wages-prices_', 'wages-prices-2'];
    expect(frontMatterTags(noteOf(snapshotWith(tags, ['x', 'y', 'z'])))).toEqual(expected);
    expect(frontMatterTags(noteOf(snapshotWith([...tags].reverse(), ['z', 'y', 'x'])))).toEqual(expected);
  });

  it('put each block id on the last line of its quote, inside the block quote', () => {
    const note = noteOf(snapshotWith([tag('t', 'Term')], ['t']));
    expect(note).toContain('> Stalinism ^scholia-passage-\n');
    expect(note).not.toMatch(/Open in Scholia\]\([^)]*\) \^scholia/);
  });

  it('keep the block id of a point note on its line of facts', () => {
    const snapshot = snapshotWith([tag('t', 'Term')], ['t']);
    const passage = snapshot.documents[0]?.passages[0];
    if (passage === undefined) throw new Error('no passage');
    const [quote, ...others] = passage.annotation.selectors;
    passage.annotation.selectors = [{ ...quote, exact: '' }, ...others];
    passage.annotation.comment = 'A point note.';
    const note = noteOf(snapshot);
    expect(note).toMatch(/A point note\.\n\n.*\[Open in Scholia\]\([^)]*\) \^scholia-passage-\n/);
    expect(note).not.toContain('> ');
  });

  it('close a comment’s unpaired %% so it cannot hide the rest of the note, keeping paired ones', () => {
    const snapshot = snapshotWith([tag('t', 'Term')], ['t']);
    const passage = snapshot.documents[0]?.passages[0];
    if (passage === undefined) throw new Error('no passage');
    passage.annotation.comment = 'Kept %%hidden%% and 50%% off';
    expect(noteOf(snapshot)).toContain('Kept %%hidden%% and 50\\%\\% off');
  });

  it('write a note by the template it is given', () => {
    const snapshot = snapshotWith([tag('t', 'Term')], ['t']);
    const template =
      '## {{title}}\n{{#passages}}\n- {{quote}} ({{locator}}, {{tags}}) [[#^{{blockId}}]]\n{{/passages}}';
    const note = noteOf(snapshot, template);
    expect(note).toContain(
      '## USSR 1989: The collapse of Stalinism\n- > Stalinism (¶ 1, Term) [[#^scholia-passage-]]\n',
    );
  });

  it('refuse a template with placeholders it does not know, naming them', () => {
    const snapshot = snapshotWith([tag('t', 'Term')], ['t']);
    expect(() => noteOf(snapshot, '{{title}} {{author}} {{#passages}}{{page}}{{/passages}}')).toThrow(
      'The template has placeholders Scholia does not know: {{author}}, {{page}}.',
    );
  });
});
