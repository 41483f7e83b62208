/**
 * Anchoring through edits of the text, on the two fixture texts: each edit is made as real
 * ProseMirror transactions in edit mode, the highlight plugin maps the highlights, fresh selectors
 * are described on the new projection, and those selectors are then anchored again from scratch.
 * The selectors each edit yields are kept as baselines in `__baselines__/edit-placements.json`
 * (a file snapshot: `vitest run -u` rewrites it; review the difference before keeping it).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { anchorAll, describePoint, describeRange } from '../../../../../shared/anchoring';
import type { Annotation, Selectors } from '../../../../../shared/model';
import { offsetToPos, projectDocument } from '../../../../../shared/projection';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { editBaseline, highlightsToRestore, placementsAfterEdit, type Placement } from './edit-placements';
import { highlightState } from './highlight-state';
import { placeAnnotations } from './place-annotations';
import { createReaderState } from './reader-state';
import { undo } from 'prosemirror-history';
import { editSession, startEditing } from './text-editing';
import { proseDoc } from './test-editor';

const BASELINE_FILE = './__baselines__/edit-placements.json';

/** A fixture with four passages to highlight (in this order in the text) and a point to note. */
interface Fixture {
  readonly name: string;
  readonly text: string;
  /** p0 and p1 share a paragraph's neighbourhood; p1 and p2 are in consecutive paragraphs. */
  readonly passages: readonly [string, string, string, string];
  /** A margin note sits just before these words. */
  readonly pointBefore: string;
}

const FIXTURES: readonly Fixture[] = [
  {
    name: 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
    text: article,
    passages: [
      'How the movements to end bureaucratic rule eventually resulted',
      'remind their audiences of the evils of "communism"',
      'which turned world history in their favour',
      'showed the potential for mass struggle',
    ],
    pointBefore: 'Long before the Wall actually came down',
  },
  {
    name: 'review-2026-02-15-collapse-of-stalinism-book',
    text: review,
    passages: [
      'is the latest book to be published by Mentmore Press',
      'capitalist journalists, politicians and academics gleefully proclaimed',
      'that capitalist triumphalism has been replaced by pessimism',
      'This book is written to help workers learn those lessons',
    ],
    pointBefore: 'Sadly, in the absence of successful socialist revolutions',
  },
];

function annotation(id: string, selectors: Selectors): Annotation {
  return {
    id,
    documentId: 'doc',
    selectors,
    motivation: selectors[0].exact === '' ? 'commenting' : 'highlighting',
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: '2026-11-23T16:30:00.000Z',
    modifiedAt: '2026-11-23T16:30:00.000Z',
  };
}

/** The fixture's document, annotations (p0–p3 and a point note) and editing state. */
function setUp(fixture: Fixture) {
  const doc = proseDoc(fixture.text);
  const projection = projectDocument(doc);
  const annotations = fixture.passages.map((passage, index) => {
    const start = projection.text.indexOf(passage);
    if (start < 0 || projection.text.indexOf(passage, start + 1) >= 0)
      throw new Error(`Test passage is not once in ${fixture.name}: ${passage}`);
    return annotation(`p${index}`, describeRange(projection.text, start, start + passage.length));
  });
  const pointAt = projection.text.indexOf(fixture.pointBefore);
  annotations.push(annotation('note', describePoint(projection.text, pointAt)));
  const { highlights } = placeAnnotations(projection, annotations);
  const reading = createReaderState(doc, highlights);
  const editing = startEditing(reading, { done: () => undefined });
  return { doc, projection, annotations, editing, baseline: editBaseline(editing, annotations) };
}

/** The position just before the `index`-th word (0-based) of passage `passage` of `doc`. */
function wordPos(doc: ProseMirrorNode, passage: string, index: number): { from: number; to: number } {
  const projection = projectDocument(doc);
  const start = projection.text.indexOf(passage);
  const words = [...passage.matchAll(/\S+/g)];
  const word = words[index];
  if (start < 0 || word === undefined) throw new Error(`No word ${index} in ${passage}`);
  const from = start + word.index;
  return { from: offsetToPos(projection, from), to: offsetToPos(projection, from + word[0].length, -1) };
}

/** The start and end positions of the textblock holding passage `passage`. */
function blockOf(doc: ProseMirrorNode, passage: string): { from: number; to: number } {
  const $pos = doc.resolve(wordPos(doc, passage, 0).from);
  return { from: $pos.before(), to: $pos.after() };
}

type Edit = (state: EditorState, fixture: Fixture) => Transaction;

/** The edits, each made on the unedited text. */
const EDITS: Readonly<Record<string, Edit>> = {
  'insert before': (state) => state.tr.insertText('Editor’s note: first printed elsewhere. ', 1),
  'delete inside': (state, { passages }) => {
    const { from, to } = wordPos(state.doc, passages[1], 3);
    return state.tr.delete(from, to + 1);
  },
  'delete across': (state, { passages }) => {
    const from = wordPos(state.doc, passages[1], 2).from;
    const to = wordPos(state.doc, passages[2], 2).from;
    return state.tr.delete(from, to);
  },
  'delete entirely': (state, { passages }) => {
    const { from, to } = blockOf(state.doc, passages[3]);
    return state.tr.delete(from, to);
  },
  replace: (state, { passages }) => {
    const { from, to } = wordPos(state.doc, passages[0], 1);
    return state.tr.insertText('REPLACED', from, to);
  },
  'paragraph split': (state, { passages }) => state.tr.split(wordPos(state.doc, passages[2], 3).from),
  'paragraph join': (state, { passages }) => state.tr.join(blockOf(state.doc, passages[2]).from),
  'delete clutter before the point': (state, { pointBefore }) => {
    // Everything from the start of the text up to the paragraph before the point note.
    const { from } = blockOf(state.doc, pointBefore);
    return state.tr.delete(0, from);
  },
};

type Baselines = Record<string, Record<string, Placement[]>>;

/** What the edits yielded, compared with the baseline file once every edit has run. */
const written: Baselines = {};

describe.each(FIXTURES)('editing $name', (fixture) => {
  it.each(Object.keys(EDITS))('keeps every annotation through "%s"', (name) => {
    const { editing, baseline, annotations } = setUp(fixture);
    const edit = EDITS[name] as Edit;
    const edited = editing.apply(edit(editing, fixture));
    const session = editSession(edited);
    expect(session?.changed).toBe(true);
    const placements = placementsAfterEdit(baseline, edited, session!.mapping, annotations);

    // Every annotation is accounted for, once.
    expect(placements.map((p) => p.id).sort()).toEqual(annotations.map((a) => a.id).sort());

    // Fresh selectors quote exactly the text at their position in the new projection...
    const projection = projectDocument(edited.doc);
    for (const { selectors } of placements) {
      if (selectors === null) continue;
      const [quote, position] = selectors;
      expect(projection.text.slice(position.start, position.end)).toBe(quote.exact);
      expect(projection.text.slice(Math.max(0, position.start - quote.prefix.length), position.start)).toBe(
        quote.prefix,
      );
      expect(projection.text.slice(position.end, position.end + quote.suffix.length)).toBe(quote.suffix);
    }
    // ...and anchoring them from scratch on the new text puts each exactly there.
    const placed = placements.filter((p): p is { id: string; selectors: Selectors } => p.selectors !== null);
    const anchors = anchorAll(projection.text, placed);
    for (const { id, selectors } of placed) {
      expect(anchors.get(id)).toEqual({ status: 'exact', start: selectors[1].start, end: selectors[1].end });
    }
    // The highlight plugin holds each placed passage where its selectors say.
    const held = new Map(highlightState(edited).highlights.map((h) => [h.id, h]));
    for (const { id, selectors } of placed) {
      if (selectors[0].exact === '') continue;
      const h = held.get(id);
      expect(h && edited.doc.textBetween(h.from, h.to, '\n\n', '\n').trim()).toBe(selectors[0].exact);
    }

    (written[fixture.name] ??= {})[name] = placements;
  });
});

describe('the edits', () => {
  it('orphan only the passage whose paragraph was deleted, and carry the rest', () => {
    for (const fixture of FIXTURES) {
      const { editing, baseline, annotations } = setUp(fixture);
      const edited = editing.apply((EDITS['delete entirely'] as Edit)(editing, fixture));
      const placements = placementsAfterEdit(baseline, edited, editSession(edited)!.mapping, annotations);
      expect(placements.filter((p) => p.selectors === null).map((p) => p.id)).toEqual(['p3']);
    }
  });

  it('shorten a passage deleted in part to what is left of it', () => {
    const fixture = FIXTURES[0] as Fixture;
    const { editing, baseline, annotations } = setUp(fixture);
    const edited = editing.apply((EDITS['delete across'] as Edit)(editing, fixture));
    const placements = placementsAfterEdit(baseline, edited, editSession(edited)!.mapping, annotations);
    const byId = new Map(placements.map((p) => [p.id, p.selectors?.[0].exact ?? null]));
    expect(byId.get('p1')).toBe('remind their');
    expect(byId.get('p2')).toBe('world history in their favour');
  });
});

describe('the baselines', () => {
  it('hold the selectors every edit of every fixture yields', async () => {
    expect(Object.keys(written).sort()).toEqual(FIXTURES.map((f) => f.name).sort());
    for (const fixture of FIXTURES)
      expect(Object.keys(written[fixture.name] ?? {}).sort()).toEqual(Object.keys(EDITS).sort());
    await expect(`${JSON.stringify(written, null, 2)}\n`).toMatchFileSnapshot(BASELINE_FILE);
  });
});

describe('a passage deleted while editing', () => {
  const fixture = FIXTURES[0] as Fixture;

  /** The editing state after its highlight p3's whole paragraph is deleted. */
  function deleted() {
    const setup = setUp(fixture);
    const { from, to } = blockOf(setup.editing.doc, fixture.passages[3]);
    return { ...setup, edited: setup.editing.apply(setup.editing.tr.delete(from, to)) };
  }

  it('comes back at Done when the deletion was undone (Ctrl+Z) before it', () => {
    const { edited, baseline, annotations } = deleted();
    // The highlight plugin lets go of a passage whose text is deleted; undo does not bring it back.
    expect(highlightState(edited).highlights.some((h) => h.id === 'p3')).toBe(false);
    let restored = edited;
    expect(undo(edited, (tr) => (restored = edited.apply(tr)))).toBe(true);
    expect(highlightState(restored).highlights.some((h) => h.id === 'p3')).toBe(false);

    const placements = placementsAfterEdit(baseline, restored, editSession(restored)!.mapping, annotations);
    const original = baseline.placements.find((p) => p.id === 'p3')?.selectors;
    expect(original).not.toBeNull();
    expect(placements.find((p) => p.id === 'p3')?.selectors).toEqual(original);
    // The others are where they were too.
    expect(placements).toEqual(baseline.placements);
  });

  it('comes back where it now stands when text before it was also edited', () => {
    const { edited, baseline, annotations } = deleted();
    let restored = edited;
    undo(edited, (tr) => (restored = edited.apply(tr)));
    const inserted = restored.apply(restored.tr.insertText('Editor’s note. ', 1));
    const placements = placementsAfterEdit(baseline, inserted, editSession(inserted)!.mapping, annotations);
    const selectors = placements.find((p) => p.id === 'p3')?.selectors ?? null;
    const original = baseline.placements.find((p) => p.id === 'p3')?.selectors ?? null;
    if (selectors === null || original === null) throw new Error('p3 was not placed');
    const text = projectDocument(inserted.doc).text;
    expect(selectors[0].exact).toBe(fixture.passages[3]);
    expect(text.slice(selectors[1].start, selectors[1].end)).toBe(fixture.passages[3]);
    expect(selectors[1].start).toBe(original[1].start + 'Editor’s note. '.length);
  });

  it('is drawn again when every change was undone (nothing to save)', () => {
    const { edited, baseline } = deleted();
    let restored = edited;
    undo(edited, (tr) => (restored = edited.apply(tr)));
    expect(restored.doc.eq(baseline.doc)).toBe(true);
    const back = highlightsToRestore(baseline, restored);
    expect(back.map((h) => h.id)).toEqual(['p3']);
    expect(back[0]).toEqual(baseline.highlights.find((h) => h.id === 'p3'));
    expect(highlightsToRestore(baseline, setUp(fixture).editing)).toEqual([]);
  });

  it('stays an orphan when its words do not come back, even when typed again elsewhere', () => {
    const { edited, baseline, annotations } = deleted();
    // The same words typed at the start of the text are not the deleted passage.
    const typed = edited.apply(edited.tr.insertText(`${fixture.passages[3]}. `, 1));
    const placements = placementsAfterEdit(baseline, typed, editSession(typed)!.mapping, annotations);
    expect(placements.find((p) => p.id === 'p3')?.selectors).toBeNull();
  });
});
