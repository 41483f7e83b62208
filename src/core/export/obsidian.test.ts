import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { describeRange } from '../../shared/anchoring';
import { DEFAULT_COLOR_LABELS, type Tag } from '../../shared/model';
import { fixtureText, metaFor } from '../store/test-documents';
import { unformattedReferences } from './references';
import type { ExportSnapshot } from './snapshot';
import { vaultNote } from './vault';

const GOLDEN = join(__dirname, '../../../tests/fixtures/export/obsidian');
const TEXT = fixtureText('ussr');

/** A quote for each construct of Obsidian's own syntax, and some that only look like one. */
const CONSTRUCTS = [
  'a #tag in the middle and a #nested/tag',
  '#tag at the start of the line',
  '==highlighted== text',
  'a %%hidden comment%% here',
  '%%an unclosed comment',
  'a [[Wikilink]] and [[Note|its alias]]',
  'an embed: ![[Picture.png]]',
  'a link to a block [[Note#^abc123]]',
  'ends with what looks like a block id ^abc-123',
  'inline $e = mc^2$ math',
  '$$display math$$',
  'prices of $5 and $10',
  '~~struck through~~',
  '[!note] a callout’s opening',
  'a footnote[^1] and an inline one ^[like this]',
  'first line #one\nsecond line ^two',
  'C# and F# == nothing %% special',
];

function tag(id: string, name: string, parentId: string | null = null): Tag {
  return { id, name, parentId, color: null, description: '' };
}

/** One document whose title is Obsidian syntax, with a passage quoting each construct. */
function constructsSnapshot(): ExportSnapshot {
  const meta = metaFor(
    TEXT,
    'On #Marx, ==value== and [[Capital]] %%draft%%',
    'constructs.txt',
    '0b5e4a1c-6f7d-4e2a-9c3b-8d1f2e3a4b5c',
  );
  const start = TEXT.indexOf('Stalinism');
  const [quote, ...others] = describeRange(TEXT, start, start + 'Stalinism'.length);
  return {
    tags: [tag('c', 'C#'), tag('w', 'Wages/prices', 'c')],
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    documents: [
      {
        meta,
        passages: CONSTRUCTS.map((exact, index) => ({
          paragraph: index + 1,
          locator: { label: 'paragraph', locator: String(index + 1) },
          annotation: {
            id: `${String(index).padStart(2, '0')}construct`,
            documentId: meta.id,
            selectors: [{ ...quote, exact }, ...others],
            color: 'yellow',
            tagIds: index === 0 ? ['w'] : [],
            comment: '',
            createdAt: '2026-03-01T10:00:00.000Z',
            modifiedAt: '2026-03-01T10:00:00.000Z',
          },
        })),
      },
    ],
  };
}

function constructsNote(): string {
  const snapshot = constructsSnapshot();
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

/** Each block quote of `markdown` as the text a Markdown parser gives back (GitHub's extensions on). */
function renderedQuotes(markdown: string): string[] {
  const quotes: string[] = [];
  let current: string[] | null = null;
  for (const token of new MarkdownIt().parse(markdown, {})) {
    if (token.type === 'blockquote_open') current = [];
    else if (token.type === 'blockquote_close' && current !== null) {
      quotes.push(current.join('\n\n'));
      current = null;
    } else if (token.type === 'inline' && current !== null) {
      current.push(
        (token.children ?? [])
          .map((child) =>
            child.type === 'text' ? child.content : child.type === 'softbreak' ? '\n' : `<<${child.type}>>`,
          )
          .join(''),
      );
    }
  }
  return quotes;
}

/** Obsidian's own syntax left unescaped in a line of Markdown source (its escapes removed first). */
function liveObsidianSyntax(line: string): string[] {
  const unescaped = line.replace(/\\[\s\S]/g, '');
  return [...unescaped.matchAll(/#[^\s#]|==|%%|\[\[|\]\]|\$|~~|\^/g)].map((match) => match[0]);
}

describe('vault notes and Obsidian’s syntax', () => {
  it('write each construct of Obsidian’s syntax like the golden file', async () => {
    const note = constructsNote();
    const path = join(GOLDEN, 'constructs.md');
    if (process.env['UPDATE_GOLDEN'] === '1') {
      await mkdir(GOLDEN, { recursive: true });
      await writeFile(path, note);
    }
    expect(
      existsSync(path),
      'golden file constructs.md is missing; run with UPDATE_GOLDEN=1 and review it',
    ).toBe(true);
    expect(note).toBe(await readFile(path, 'utf8'));
  });

  it('give back each quote as its text from a Markdown parse, with its block id on its last line', () => {
    const quotes = renderedQuotes(constructsNote());
    expect(quotes).toHaveLength(CONSTRUCTS.length);
    quotes.forEach((quote, index) => {
      const id = ` ^scholia-${String(index).padStart(2, '0')}constr`;
      expect(quote.endsWith(id)).toBe(true);
      expect(quote.slice(0, -id.length)).toBe(CONSTRUCTS[index]);
    });
  });

  it('leave no Obsidian syntax live in the quotes, the title or the facts lines', () => {
    const note = constructsNote();
    const body = note.slice(note.indexOf('<!-- scholia:begin'));
    const written = body
      .split('\n')
      .filter((line) => line.startsWith('> ') || line.startsWith('# ') || line.startsWith('('))
      .map((line) => line.replace(/ \^scholia-[a-z0-9-]+$/, '').replace(/\]\(scholia:[^)]*\)/, ']'));
    expect(written.length).toBeGreaterThan(CONSTRUCTS.length);
    for (const line of written) expect(liveObsidianSyntax(line), line).toEqual([]);
  });

  it('write the tags of the front matter as valid Obsidian tags', () => {
    const note = constructsNote();
    expect(note).toContain('tags:\n  - "C_/Wages_prices"\n');
    expect(note).toContain('Tags: C\\# › Wages/prices');
  });
});
