import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../tests/support/seeded-random';
import { docFromJSON, type DocJSON } from './schema';
import {
  canonicalJSON,
  matchSequences,
  mergeTexts,
  resolveMerge,
  sameJSON,
  type MergeChunk,
  type TextMerge,
} from './text-merge';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../tests/fixtures', `${name}.txt`), 'utf8');
}

/** A fixture's blank-line-separated paragraphs: the base text every test edits. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const article = paragraphsOf(fixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism'));
const review = paragraphsOf(fixture('review-2026-02-15-collapse-of-stalinism-book'));

function paragraph(text: string): unknown {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

function docOf(texts: readonly string[]): DocJSON {
  return { type: 'doc', content: texts.map(paragraph) };
}

/** All the text in a block, so that assertions read as prose rather than as node JSON. */
function textOf(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const { text, content } = node as { text?: unknown; content?: unknown };
  if (typeof text === 'string') return text;
  return Array.isArray(content) ? content.map(textOf).join('') : '';
}

function textsOf(blocks: readonly unknown[]): string[] {
  return blocks.map(textOf);
}

/** Index of the one article paragraph that starts with `start`. */
function at(start: string): number {
  const matches = article.flatMap((text, index) => (text.startsWith(start) ? [index] : []));
  if (matches.length !== 1)
    throw new Error(`${matches.length} paragraphs start with ${JSON.stringify(start)}`);
  return matches[0]!;
}

/** `texts` with `count` paragraphs from `index` replaced by `replacement`. */
function spliced<T>(texts: readonly T[], index: number, count: number, ...replacement: T[]): T[] {
  const copy = [...texts];
  copy.splice(index, count, ...replacement);
  return copy;
}

/** Resolves every conflict the same way and returns the merged paragraphs' text. */
function mergedTexts(merge: TextMerge, choice: 'a' | 'b' | 'both' = 'a'): string[] {
  return textsOf(resolveMerge(merge, () => choice).content);
}

function conflictsOf(merge: TextMerge): Extract<MergeChunk, { kind: 'conflict' }>[] {
  return merge.chunks.filter(
    (chunk): chunk is Extract<MergeChunk, { kind: 'conflict' }> => chunk.kind === 'conflict',
  );
}

/** The same merge seen from the other side: a and b swapped in every conflict. */
function swapped(merge: TextMerge): TextMerge {
  return {
    conflicts: merge.conflicts,
    chunks: merge.chunks.map((chunk) =>
      chunk.kind === 'same' ? chunk : { ...chunk, a: chunk.b, b: chunk.a },
    ),
  };
}

const typo = at('MikhaIl Gorbachev');
const typoFixed = article[typo]!.replace('MikhaIl', 'Mikhail');
const hyphen = at('Under glasnost');
const hyphenFixed = article[hyphen]!.replace('organ-isations', 'organisations');
/** The four lines of site navigation the article starts with. */
const clutter = 4;
/** A paragraph whose second line is an image caption: readers split it in two. */
const withCaption = at('Clare Doyle');
const [lead, caption] = article[withCaption]!.split('\n') as [string, string];
const newParagraph = review[2]!;
const otherNewParagraph = review[3]!;

describe('merging two edits of the same text', () => {
  it('takes an edit made on one side only', () => {
    const a = spliced(article, typo, 1, typoFixed);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(article));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(a);
  });

  it('takes an edit made identically on both sides once', () => {
    const edited = spliced(spliced(article, typo, 1, typoFixed), 0, clutter);
    const merge = mergeTexts(docOf(article), docOf(edited), docOf(edited));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(edited);
  });

  it('merges edits of paragraphs far apart', () => {
    const a = spliced(article, typo, 1, typoFixed);
    const b = spliced(article, hyphen, 1, hyphenFixed);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(spliced(a, hyphen, 1, hyphenFixed));
  });

  it('merges edits of neighbouring paragraphs cleanly', () => {
    const next = typo + 1;
    const nextFixed = article[next]!.replace('Genuine', 'Real');
    const a = spliced(article, typo, 1, typoFixed);
    const b = spliced(article, next, 1, nextFixed);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(spliced(article, typo, 2, typoFixed, nextFixed));
  });

  it('merges the deletion of a paragraph with an edit of the next one', () => {
    const captionLine = at('Leon Trotsky reading');
    const shouting = captionLine + 1;
    const calmed = article[shouting]!.replace('THE CAPITALIST', 'The capitalist');
    const a = spliced(article, captionLine, 1);
    const b = spliced(article, shouting, 1, calmed);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(spliced(article, captionLine, 2, calmed));
  });

  it('merges clutter lines deleted on one side with a paragraph split on the other', () => {
    const a = spliced(article, 0, clutter);
    const b = spliced(article, withCaption, 1, lead, caption);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(spliced(a, withCaption - clutter, 1, lead, caption));
  });

  it('merges an insertion between two paragraphs the other side deleted', () => {
    const a = spliced(article, 0, clutter);
    const b = spliced(article, 2, 0, newParagraph);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual([newParagraph, ...article.slice(clutter)]);
  });

  it('merges an insertion just before a paragraph the other side edited', () => {
    const a = spliced(article, typo, 0, newParagraph);
    const b = spliced(article, typo, 1, typoFixed);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(spliced(article, typo, 1, newParagraph, typoFixed));
  });

  it('takes the same paragraph inserted at the same point on both sides once', () => {
    const inserted = spliced(article, typo, 0, newParagraph);
    const merge = mergeTexts(docOf(article), docOf(inserted), docOf(inserted));
    expect(merge.conflicts).toBe(0);
    expect(mergedTexts(merge)).toEqual(inserted);
  });

  it('conflicts when both sides edit the same paragraph differently', () => {
    const otherFix = article[typo]!.replace('MikhaIl', 'Michael');
    const merge = mergeTexts(
      docOf(article),
      docOf(spliced(article, typo, 1, typoFixed)),
      docOf(spliced(article, typo, 1, otherFix)),
    );
    expect(merge.conflicts).toBe(1);
    const [conflict] = conflictsOf(merge);
    expect(textsOf(conflict!.base)).toEqual([article[typo]]);
    expect(textsOf(conflict!.a)).toEqual([typoFixed]);
    expect(textsOf(conflict!.b)).toEqual([otherFix]);
  });

  it('conflicts when one side deletes a paragraph the other edited', () => {
    const merge = mergeTexts(
      docOf(article),
      docOf(spliced(article, typo, 1)),
      docOf(spliced(article, typo, 1, typoFixed)),
    );
    expect(merge.conflicts).toBe(1);
    const [conflict] = conflictsOf(merge);
    expect(textsOf(conflict!.base)).toEqual([article[typo]]);
    expect(conflict!.a).toEqual([]);
    expect(textsOf(conflict!.b)).toEqual([typoFixed]);
  });

  it('conflicts when both sides insert different paragraphs at the same point', () => {
    const a = spliced(article, typo, 0, newParagraph);
    const b = spliced(article, typo, 0, otherNewParagraph);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(1);
    const [conflict] = conflictsOf(merge);
    expect(conflict!.base).toEqual([]);
    expect(textsOf(conflict!.a)).toEqual([newParagraph]);
    expect(textsOf(conflict!.b)).toEqual([otherNewParagraph]);
  });

  it('conflicts when one side inserts a paragraph inside a stretch the other rewrote', () => {
    const joined = `${article[typo]!} ${article[typo + 1]!}`;
    const a = spliced(article, typo, 2, joined);
    const b = spliced(article, typo + 1, 0, newParagraph);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(1);
    const [conflict] = conflictsOf(merge);
    expect(textsOf(conflict!.a)).toEqual([joined]);
    expect(textsOf(conflict!.b)).toEqual([article[typo], newParagraph, article[typo + 1]]);
  });

  it('joins overlapping changes into one conflict over all the base paragraphs they touch', () => {
    const [first, second, third] = article.slice(typo, typo + 3) as [string, string, string];
    const a = spliced(article, typo, 2, `${first} ${second}`);
    const b = spliced(article, typo + 1, 2, `${second} ${third}`);
    const merge = mergeTexts(docOf(article), docOf(a), docOf(b));
    expect(merge.conflicts).toBe(1);
    const [conflict] = conflictsOf(merge);
    expect(textsOf(conflict!.base)).toEqual([first, second, third]);
    expect(textsOf(conflict!.a)).toEqual([`${first} ${second}`, third]);
    expect(textsOf(conflict!.b)).toEqual([first, `${second} ${third}`]);
  });

  it('conflicts only on the paragraph both edited when one side fixed punctuation throughout', () => {
    const curly = article.map((text) => text.replaceAll("'", '\u2019'));
    const apostrophe = at('They have spoken glowingly');
    const b = spliced(article, apostrophe, 1, article[apostrophe]!.replace('glowingly', 'warmly'));
    const merge = mergeTexts(docOf(article), docOf(curly), docOf(b));
    expect(merge.conflicts).toBe(1);
    expect(textsOf(conflictsOf(merge)[0]!.base)).toEqual([article[apostrophe]]);
    expect(mergedTexts(merge, 'a')).toEqual(curly);
  });

  it('treats a list as one block, so edits to two of its items conflict', () => {
    const item = (text: string): unknown => ({ type: 'list_item', content: [paragraph(text)] });
    const list = (first: string, second: string): unknown => ({
      type: 'bullet_list',
      content: [item(first), item(second)],
    });
    const base: DocJSON = {
      type: 'doc',
      content: [paragraph(article[typo]!), list('Eastern: 079', 'London: 075')],
    };
    const a: DocJSON = {
      type: 'doc',
      content: [paragraph(typoFixed), list('Eastern: 079 8202', 'London: 075')],
    };
    const b: DocJSON = {
      type: 'doc',
      content: [paragraph(article[typo]!), list('Eastern: 079', 'London: 075 4018')],
    };
    const merge = mergeTexts(base, a, b);
    expect(merge.conflicts).toBe(1);
    expect(merge.chunks[0]).toEqual({ kind: 'same', blocks: [paragraph(typoFixed)] });
  });

  it('ignores the order of keys, and keys left undefined, when comparing blocks', () => {
    const heading = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: article[5]! }] };
    const base: DocJSON = { type: 'doc', content: [heading, ...docOf(article.slice(6, 10)).content] };
    // Canonical JSON sorts the keys, so parsing it back gives every block with its keys reordered;
    // then an undefined `marks`, as an in-memory node can carry. Side a also deletes a paragraph.
    const reordered = base.content.map((block) => ({
      ...(JSON.parse(canonicalJSON(block)) as Record<string, unknown>),
      marks: undefined,
    }));
    expect(Object.keys(reordered[0]!)).toEqual(['attrs', 'content', 'type', 'marks']);
    const a: DocJSON = { type: 'doc', content: spliced(reordered, 1, 1) };
    const b: DocJSON = { type: 'doc', content: spliced(base.content, 2, 1, paragraph('A new paragraph.')) };
    const merge = mergeTexts(base, a, b);
    expect(merge.conflicts).toBe(0);
    expect(resolveMerge(merge, () => 'a').content).toEqual(spliced(b.content, 1, 1));
  });

  it('gives the same clean text and the same conflicts, a and b swapped, when the sides are swapped', () => {
    const a = spliced(spliced(article, typo, 1, typoFixed), 0, clutter);
    const b = spliced(
      spliced(article, typo, 1, 'Gorbachev rose to power in 1985.'),
      withCaption,
      1,
      lead,
      caption,
    );
    const forward = mergeTexts(docOf(article), docOf(a), docOf(b));
    const backward = mergeTexts(docOf(article), docOf(b), docOf(a));
    expect(forward.conflicts).toBe(1);
    expect(backward).toEqual(swapped(forward));
  });

  it('gives the same merge every time it is run', () => {
    const a = spliced(article, typo, 1);
    const b = spliced(article, typo, 1, typoFixed);
    expect(mergeTexts(docOf(article), docOf(a), docOf(b))).toEqual(
      mergeTexts(docOf(article), docOf(a), docOf(b)),
    );
  });

  it('merges random edits of different paragraphs cleanly, into both sides applied at once', () => {
    // Repeated paragraphs ("Leon Trotsky", "Historic events") are left out: deleting one of two equal
    // neighbours is ambiguous, so which one a diff says went is not something to pin down here.
    const unique = article.filter(
      (text, index) => article.indexOf(text) === index && article.lastIndexOf(text) === index,
    );
    const random = seededRandom(2009);
    for (let round = 0; round < 40; round += 1) {
      const { base, a, b, expected } = disjointEdits(unique, random, round);
      const merge = mergeTexts(docOf(base), docOf(a), docOf(b));
      expect(merge.conflicts, `round ${round}`).toBe(0);
      expect(mergedTexts(merge), `round ${round}`).toEqual(expected);
      expect(mergeTexts(docOf(base), docOf(b), docOf(a))).toEqual(merge);
    }
  });

  it('gives swapped conflicts for random overlapping edits with the sides swapped', () => {
    const random = seededRandom(1989);
    let conflicts = 0;
    for (let round = 0; round < 40; round += 1) {
      const a = randomEdits(article, random, `a${round}`);
      const b = randomEdits(article, random, `b${round}`);
      const forward = mergeTexts(docOf(article), docOf(a), docOf(b));
      expect(mergeTexts(docOf(article), docOf(b), docOf(a))).toEqual(swapped(forward));
      // Against an unchanged side, a merge is the other side, whatever it did.
      expect(mergedTexts(mergeTexts(docOf(article), docOf(a), docOf(article)))).toEqual(a);
      conflicts += forward.conflicts;
    }
    expect(conflicts).toBeGreaterThan(0);
  });
});

describe('resolving a merge', () => {
  const otherFix = article[typo]!.replace('MikhaIl', 'Michael');
  const a = spliced(spliced(article, hyphen, 1, hyphenFixed), typo, 1, typoFixed);
  const b = spliced(spliced(article, hyphen, 1), typo, 1, otherFix);
  const merge = mergeTexts(docOf(article), docOf(a), docOf(b));

  it('counts conflicts in document order', () => {
    expect(merge.conflicts).toBe(2);
    expect(conflictsOf(merge).map((conflict) => textsOf(conflict.a))).toEqual([[typoFixed], [hyphenFixed]]);
  });

  it("takes each conflict's chosen side, and a's blocks then b's for both", () => {
    const merged = mergedTextsBy(merge, ['b', 'both']);
    expect(merged).toEqual(spliced(spliced(article, hyphen, 1, hyphenFixed), typo, 1, otherFix));
    const both = mergedTextsBy(merge, ['both', 'a']);
    expect(both).toEqual(spliced(a, typo, 1, typoFixed, otherFix));
  });

  it('gives a document the schema accepts, even when the merge deleted every block', () => {
    const half = article.length >> 1;
    const deleted = mergeTexts(docOf(article), docOf(article.slice(half)), docOf(article.slice(0, half)));
    expect(deleted.conflicts).toBe(0);
    const doc = resolveMerge(deleted, () => 'a');
    expect(doc).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(() => docFromJSON(doc)).not.toThrow();
    expect(() => docFromJSON(resolveMerge(merge, () => 'both'))).not.toThrow();
  });
});

describe('comparing blocks', () => {
  it('calls two blocks the same exactly when their canonical JSON is the same', () => {
    const blocks: unknown[] = [
      paragraph(article[typo]!),
      paragraph(typoFixed),
      { content: [{ text: article[typo]!, type: 'text' }], type: 'paragraph' },
      { type: 'paragraph', content: [{ type: 'text', text: article[typo]!, marks: undefined }] },
      { type: 'paragraph', content: [{ type: 'text', text: article[typo]!, marks: [{ type: 'em' }] }] },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: article[5]! }] },
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: article[5]! }] },
      { type: 'heading', attrs: { level: '2' }, content: [{ type: 'text', text: article[5]! }] },
      { type: 'heading', content: [{ type: 'text', text: article[5]! }] },
      { type: 'horizontal_rule' },
      { type: 'horizontal_rule', attrs: {} },
      { type: 'code_block', attrs: { params: '' }, content: [] },
      { type: 'code_block', attrs: { params: '' }, content: {} },
    ];
    for (const x of blocks) {
      for (const y of blocks) {
        expect(sameJSON(x, y), `${canonicalJSON(x)} / ${canonicalJSON(y)}`).toBe(
          canonicalJSON(x) === canonicalJSON(y),
        );
      }
    }
  });
});

describe('the block diff', () => {
  it('pairs as many blocks as a longest common subsequence, each with an equal one, in order', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 400; round += 1) {
      const alphabet = 1 + Math.floor(random() * 6);
      const draw = (): number[] =>
        Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * alphabet));
      const x = draw();
      const y = round % 2 === 0 ? draw() : [...x.slice(0, 5), ...draw(), ...x.slice(5)];
      const match = matchSequences(x, y);
      let paired = 0;
      let last = -1;
      match.forEach((j, i) => {
        if (j < 0) return;
        expect(y[j]).toBe(x[i]);
        expect(j).toBeGreaterThan(last);
        last = j;
        paired += 1;
      });
      expect(paired, `${JSON.stringify(x)} / ${JSON.stringify(y)}`).toBe(lcsLength(x, y));
    }
  });

  it('merges two small edits of a 20,000-block book', () => {
    const book = seededBook(20_000, seededRandom(3));
    const fixTypo = (block: unknown): unknown => paragraph(`${textOf(block)} (corrected)`);
    const a = [...book];
    a[1234] = fixTypo(book[1234]);
    a.splice(5000, 1);
    const b = [...book];
    b[18_001] = fixTypo(book[18_001]);
    b.splice(15_001, 1, paragraph('First half.'), paragraph('Second half.'));
    b[5001] = fixTypo(book[5001]);
    const expected = [...book];
    expected[18_001] = fixTypo(book[18_001]);
    expected.splice(15_001, 1, paragraph('First half.'), paragraph('Second half.'));
    expected[5001] = fixTypo(book[5001]);
    expected.splice(5000, 1);
    expected[1234] = fixTypo(book[1234]);

    const merge = mergeTexts(
      { type: 'doc', content: book },
      { type: 'doc', content: a },
      { type: 'doc', content: b },
    );
    expect(merge.conflicts).toBe(0);
    expect(resolveMerge(merge, () => 'a').content).toEqual(expected);
  });
});

function mergedTextsBy(merge: TextMerge, choices: readonly ('a' | 'b' | 'both')[]): string[] {
  return textsOf(resolveMerge(merge, (index) => choices[index]!).content);
}

/** Length of a longest common subsequence by the textbook table: the oracle for the fast diff. */
function lcsLength(x: readonly number[], y: readonly number[]): number {
  let row = new Array<number>(y.length + 1).fill(0);
  for (const value of x) {
    const next = [0];
    for (let j = 0; j < y.length; j += 1)
      next.push(value === y[j] ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!));
    row = next;
  }
  return row[y.length]!;
}

/** Randomly edits, deletes, splits or inserts paragraphs; new text is tagged so that it is new. */
function randomEdits(texts: readonly string[], random: () => number, tag: string): string[] {
  const out: string[] = [];
  texts.forEach((text, index) => {
    const roll = random();
    if (roll < 0.03) out.push(`${tag} inserted before ${index}`, text);
    else if (roll < 0.06) return;
    else if (roll < 0.09) out.push(`${text} (${tag})`);
    else if (roll < 0.1)
      out.push(text.slice(0, text.length >> 1), `${text.slice(text.length >> 1)} (${tag})`);
    else out.push(text);
  });
  return out;
}

/**
 * Two edits of a slice of `texts` that never touch the same paragraph, and the text with both
 * applied. Each paragraph is left, edited, deleted or split by at most one side; each gap between
 * paragraphs gets an insertion from at most one side, and not from a side whose insertion would land
 * inside a stretch the other side changed throughout (that is a conflict by design).
 */
function disjointEdits(
  texts: readonly string[],
  random: () => number,
  round: number,
): { base: string[]; a: string[]; b: string[]; expected: string[] } {
  const start = Math.floor(random() * (texts.length - 30));
  const base = texts.slice(start, start + 30);
  type Change = { side: 'a' | 'b'; result: string[] } | undefined;
  const changes: Change[] = base.map((text, index) => {
    if (random() < 0.5) return undefined;
    const side = random() < 0.5 ? 'a' : 'b';
    const roll = random();
    const result =
      roll < 0.3
        ? []
        : roll < 0.8
          ? [`${text} (${side}${round})`]
          : [text.slice(0, 20), `${text.slice(20)} (${side}${round}.${index})`];
    return { side, result };
  });
  const a: string[] = [];
  const b: string[] = [];
  const expected: string[] = [];
  for (let index = 0; index <= base.length; index += 1) {
    if (random() < 0.2) {
      const side = random() < 0.5 ? 'a' : 'b';
      const other = side === 'a' ? 'b' : 'a';
      const inside = changes[index - 1]?.side === other && changes[index]?.side === other;
      if (!inside) {
        const inserted = `Inserted by ${side} in round ${round} at ${index}.`;
        (side === 'a' ? a : b).push(inserted);
        expected.push(inserted);
      }
    }
    if (index === base.length) break;
    const text = base[index]!;
    const change = changes[index];
    a.push(...(change?.side === 'a' ? change.result : [text]));
    b.push(...(change?.side === 'b' ? change.result : [text]));
    expected.push(...(change === undefined ? [text] : change.result));
  }
  return { base, a, b, expected };
}

/**
 * A book of `size` blocks drawn from the fixtures' words: a heading every 40 blocks, a horizontal
 * rule (the same block, many times over) every 97, and paragraphs of 15–35 words in between.
 */
function seededBook(size: number, random: () => number): unknown[] {
  const words = [...article, ...review].join(' ').split(/\s+/);
  const sentence = (count: number): string =>
    Array.from({ length: count }, () => words[Math.floor(random() * words.length)]!).join(' ');
  return Array.from({ length: size }, (_, index) => {
    if (index % 40 === 0)
      return {
        type: 'heading',
        attrs: { level: 2 },
        content: [{ type: 'text', text: `${index / 40}. ${sentence(4)}` }],
      };
    if (index % 97 === 50) return { type: 'horizontal_rule' };
    return paragraph(sentence(15 + Math.floor(random() * 21)));
  });
}
