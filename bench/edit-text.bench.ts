/**
 * Editing the text with many highlights, measured over the real editor state and plugins in Node
 * (no browser: the DOM's share of a keystroke is not included).
 *
 * (a) typing: a ~3 MB book with 5,000 highlights is opened in edit mode and 200 keystrokes are made
 *     where the reader is (letters typed, some deleted again), each timed from the transaction's
 *     making until the new state exists, which includes mapping every highlight and redrawing those
 *     near the reader's place. Target: p95 < 2 ms. Saving ("Done") is timed once as well: fresh
 *     selectors for all 5,000 annotations on the new text.
 * (b) re-anchoring: the same book gets a seeded script of 300 edits (deletions, insertions and
 *     replacements all through it), made as ProseMirror transactions, for each of 20 seeds; then the
 *     5,000 annotations' old selectors are anchored from scratch on the new text (as when a text
 *     changes outside the editor). The mapping of the edit is the ground truth of where each passage
 *     went. Reported per seed and in total: the time (target < 1 s), and how many were placed exactly
 *     right, moved (placed on their edited passage), placed with other bounds on their passage,
 *     orphaned, and misplaced (target 0): on an identical copy of their words and context elsewhere
 *     (the generated book repeats sentences) while their own passage is still there, or anywhere else.
 *     The peer is the Hypothesis client's anchoring (`support/hypothesis-match-quote.ts`), judged the
 *     same way on a sample of the annotations (the same for both; every 10th, or all with
 *     BENCH_PEER_ALL=1), the two run alternately; reported with the median over the seeds of the time
 *     ratio Scholia ÷ Hypothesis (target ≤ 0.1) and its orphans (Scholia's target: no more).
 *
 * Run with `npx tsx bench/edit-text.bench.ts` (prints and writes bench/results/edit-text-*.json), or
 * through `npm run bench`, which adds these steps to its own. With BENCH_DEBUG=1 each misplaced
 * annotation is printed with its true and its chosen place, for both matchers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EditorState, Transaction } from 'prosemirror-state';
import { anchorAll } from '../src/shared/anchoring';
import type { Annotation } from '../src/shared/model';
import { offsetToPos, posToOffset, projectDocument, type Projection } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { paragraphsDoc } from '../src/core/store/test-documents';
import {
  editBaseline,
  placementsAfterEdit,
} from '../src/renderer/src/features/reader/editor/edit-placements';
import { placeAnnotations } from '../src/renderer/src/features/reader/editor/place-annotations';
import { createReaderState } from '../src/renderer/src/features/reader/editor/reader-state';
import { editSession, startEditing } from '../src/renderer/src/features/reader/editor/text-editing';
import {
  fixtureSentences,
  generateHighlights,
  generateText,
  seededRandom,
  summarize,
  type BenchStep,
  type Summary,
  BOOK_BYTES,
  BOOK_HIGHLIGHTS,
} from './support/generate';
import { hypothesisAnchor } from './support/hypothesis-match-quote';

const KEYSTROKES = 200;
const EDITS = 300;
const WARM_UP = 50;

/** What the re-anchoring came to, by annotation, judged against the edit's mapping. */
export interface ReanchorCounts {
  /** Placed on exactly its passage, which the edits left as it was. */
  exact: number;
  /** Placed on its passage, which the edits changed (words put in, deleted or replaced). */
  moved: number;
  /** Placed on its unchanged passage, but with other bounds. */
  otherBounds: number;
  /** Not placed, though its passage (or what is left of it) is still there. */
  orphaned: number;
  /** Not placed, the edits having deleted its passage: right. */
  deletedAndOrphaned: number;
  /**
   * Placed on another copy of its words with the same context, the edits having deleted its own
   * passage: what a reader who moved the passage would want, and nothing tells a deletion apart.
   */
  deletedOnCopy: number;
  /**
   * Misplaced: put on another copy of the same words with the same context (the generated book
   * repeats sentences) while its own passage is still there.
   */
  identicalCopy: number;
  /** Misplaced: put anywhere else. */
  wrong: number;
  total: number;
}

/** Where an anchoring put a passage, as offsets into the edited text, or `null` for an orphan. */
type Placement = { readonly start: number; readonly end: number } | null;

function noCounts(): ReanchorCounts {
  return {
    exact: 0,
    moved: 0,
    otherBounds: 0,
    orphaned: 0,
    deletedAndOrphaned: 0,
    deletedOnCopy: 0,
    identicalCopy: 0,
    wrong: 0,
    total: 0,
  };
}

/** The misplaced: on another copy while the passage stands, or on anything else. */
function misplaced(counts: ReanchorCounts): number {
  return counts.identicalCopy + counts.wrong;
}

function annotationsOver(text: string): Annotation[] {
  const now = '2026-11-23T12:00:00.000Z';
  return generateHighlights(text, BOOK_HIGHLIGHTS, 7).map((selectors, i) => ({
    id: `bench-${i}`,
    documentId: 'bench',
    selectors,
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: now,
    modifiedAt: now,
  }));
}

function book() {
  const text = generateText(BOOK_BYTES, 1);
  const doc = docFromJSON(paragraphsDoc(text));
  const projection = projectDocument(doc);
  const annotations = annotationsOver(projection.text);
  return { doc, projection, annotations };
}

/** (a) Keystrokes in edit mode; returns the per-keystroke times and the time of one save's placements. */
function benchTyping(): { keystrokes: Summary; done: Summary; window: number } {
  const { doc, projection, annotations } = book();
  const { highlights } = placeAnnotations(projection, annotations);
  let state: EditorState = startEditing(createReaderState(doc, highlights), { done: () => undefined });
  const baseline = editBaseline(state, annotations);
  const random = seededRandom(42);
  // The reader's place: a paragraph among the first screens, where highlights are drawn.
  let caret = offsetToPos(projection, projection.blocks[20]?.offset ?? 0) + 5;
  const samples: number[] = [];
  const letters = 'etaoinshrdlu ';
  // The first keystrokes are not timed: they warm the code up, as a reader's first seconds would.
  for (let i = -WARM_UP; i < KEYSTROKES; i += 1) {
    const started = performance.now();
    let tr: Transaction;
    if (i % 5 === 4) {
      tr = state.tr.delete(caret - 1, caret);
      caret -= 1;
    } else {
      tr = state.tr.insertText(letters[Math.floor(random() * letters.length)] ?? 'e', caret);
      caret += 1;
    }
    state = state.apply(tr);
    if (i >= 0) samples.push(performance.now() - started);
  }
  const session = editSession(state);
  if (session === null) throw new Error('the state is not being edited');
  const started = performance.now();
  const placements = placementsAfterEdit(baseline, state, session.mapping, annotations);
  const done = performance.now() - started;
  if (placements.length !== annotations.length) throw new Error('an annotation went missing');
  return { keystrokes: summarize(samples), done: summarize([done]), window: 180 };
}

/** A seeded script of `count` edits all through `state`'s text, as one transaction each. */
function editScript(state: EditorState, count: number, seed: number): EditorState {
  const random = seededRandom(seed);
  const sentences = fixtureSentences();
  let current = state;
  for (let i = 0; i < count; i += 1) {
    const size = current.doc.content.size;
    const at = 1 + Math.floor(random() * (size - 400));
    const $at = current.doc.resolve(at);
    if (!$at.parent.isTextblock) continue;
    const end = Math.min($at.end(), at + 1 + Math.floor(random() * 120));
    const kind = random();
    let tr: Transaction;
    if (kind < 0.4) tr = current.tr.delete(at, end);
    else if (kind < 0.7)
      tr = current.tr.insertText(`${sentences[Math.floor(random() * sentences.length)] ?? ''} `, at);
    else tr = current.tr.insertText('lorem ipsum', at, Math.min(end, at + 12));
    current = current.apply(tr);
  }
  return current;
}

/** The seeds of the edit scripts of (b): each is a different 300 edits of the same book. */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/**
 * How many annotations the comparison with Hypothesis anchors per seed: every tenth, the same for
 * both. Its matcher searches the whole 3 MB text for every passage not at its stored position, and
 * approximately for every edited one (about 45 ms each), so all 5,000 would take minutes per seed.
 * BENCH_PEER_ALL=1 compares on all of them.
 */
const PEER_SAMPLE_EVERY = process.env.BENCH_PEER_ALL === '1' ? 1 : 10;

/** Where each annotation's passage truly went: the edit's mapping of its old bounds. */
export interface Truth {
  /** The passage's bounds in the edited document (ProseMirror positions); `from >= to` when deleted. */
  readonly from: number;
  readonly to: number;
  /** Whether its text is still the stored quote. */
  readonly unchanged: boolean;
}

/** One seed's edit of the book, and where every annotation's passage went. */
export interface EditedBook {
  readonly seed: number;
  readonly text: string;
  readonly projection: Projection;
  readonly truths: readonly Truth[];
}

/** The book with its annotations, and how to edit it by each seed's script (exported for experiments). */
export function editableBook(): { annotations: Annotation[]; edit: (seed: number) => EditedBook } {
  const { doc, projection, annotations } = book();
  const { highlights } = placeAnnotations(projection, annotations);
  const edit = (seed: number): EditedBook => {
    // A fresh edit session for each seed: a session appends to its mapping in place.
    const start = startEditing(createReaderState(doc, highlights), { done: () => undefined });
    const edited = editScript(start, EDITS, seed);
    const session = editSession(edited);
    if (session === null) throw new Error('the state is not being edited');
    const newProjection = projectDocument(edited.doc);
    const truths = annotations.map(({ selectors: [quote, position] }): Truth => {
      const from = session.mapping.map(offsetToPos(projection, position.start, 1), 1);
      const to = session.mapping.map(offsetToPos(projection, position.end, -1), -1);
      const unchanged =
        from < to &&
        newProjection.text.slice(posToOffset(newProjection, from, 1), posToOffset(newProjection, to, -1)) ===
          quote.exact;
      return { from, to, unchanged };
    });
    return { seed, text: newProjection.text, projection: newProjection, truths };
  };
  return { annotations, edit };
}

/** What became of one annotation: which of the counts it adds to. */
type Outcome = Exclude<keyof ReanchorCounts, 'total'>;

/** Whether an outcome puts the annotation on its own passage. */
function onItsPassage(outcome: Outcome): boolean {
  return outcome === 'exact' || outcome === 'moved' || outcome === 'otherBounds';
}

/**
 * The outcome of placing `annotation` at `placement`, against where the edit's mapping took its
 * passage. The same judge for every matcher.
 */
function judge(
  book: EditedBook,
  annotation: Annotation,
  truth: Truth,
  placement: Placement,
  matcher: string,
): Outcome {
  const { from, to, unchanged } = truth;
  const deleted = from >= to;
  if (placement === null) return deleted ? 'deletedAndOrphaned' : 'orphaned';
  const placedFrom = offsetToPos(book.projection, placement.start, 1);
  const placedTo = offsetToPos(book.projection, placement.end, -1);
  if (!deleted && placedFrom < to && from < placedTo) {
    if (!unchanged) return 'moved';
    return placedFrom === from && placedTo === to ? 'exact' : 'otherBounds';
  }
  const [quote] = annotation.selectors;
  const { text } = book;
  const same =
    text.slice(placement.start, placement.end) === quote.exact &&
    text.slice(placement.start - quote.prefix.length, placement.start) === quote.prefix &&
    text.slice(placement.end, placement.end + quote.suffix.length) === quote.suffix;
  if (process.env.BENCH_DEBUG === '1' && !(same && deleted)) {
    const truthText = deleted
      ? '(deleted)'
      : JSON.stringify(
          book.text.slice(
            posToOffset(book.projection, from, 1) - 40,
            posToOffset(book.projection, to, -1) + 40,
          ),
        );
    process.stderr.write(
      `MISPLACED by ${matcher}, seed ${book.seed}: ${JSON.stringify(annotation.selectors)}\n  truth ${truthText}\n  placed ${JSON.stringify(text.slice(placement.start - 40, placement.end + 40))}\n`,
    );
  }
  if (same) return deleted ? 'deletedOnCopy' : 'identicalCopy';
  return 'wrong';
}

/** Anchors `annotations` as Scholia does; the placements in the same order, and the time taken. */
function runScholia(
  text: string,
  annotations: readonly Annotation[],
): { placements: Placement[]; ms: number } {
  const started = performance.now();
  const anchors = anchorAll(text, annotations);
  const ms = performance.now() - started;
  const placements = annotations.map(({ id }): Placement => {
    const anchor = anchors.get(id);
    return anchor === undefined || anchor.status === 'orphan' ? null : anchor;
  });
  return { placements, ms };
}

/** Anchors `annotations` as the Hypothesis client does, one by one; the placements and the time taken. */
function runHypothesis(
  text: string,
  annotations: readonly Annotation[],
): { placements: Placement[]; ms: number } {
  const started = performance.now();
  const placements = annotations.map(({ selectors }) => hypothesisAnchor(text, selectors));
  return { placements, ms: performance.now() - started };
}

/** One seed's outcome: Scholia on every annotation, and Scholia and Hypothesis on the sample. */
export interface SeedOutcome {
  seed: number;
  /** Scholia's `anchorAll` over all 5,000 annotations. */
  scholia: ReanchorCounts;
  scholiaMs: number;
  /** The comparison on the sample (see `sampleSize`), each matcher run twice, alternately. */
  sample: {
    scholia: ReanchorCounts;
    hypothesis: ReanchorCounts;
    /** The faster of each matcher's two runs. */
    scholiaMs: number;
    hypothesisMs: number;
    /** Orphaned by Scholia though Hypothesis placed them on their passage. */
    scholiaOrphansPeerPlaced: number;
    /** Placed on their passage by Scholia though Hypothesis orphaned or misplaced them. */
    scholiaPlacedPeerMissed: number;
  };
}

/** What (b) found over every seed. */
export interface ReanchorReport {
  seeds: SeedOutcome[];
  /** How many annotations the comparison with Hypothesis anchored per seed (the same for both). */
  sampleSize: number;
  /** Sums over the seeds. */
  total: { scholia: ReanchorCounts; sampleScholia: ReanchorCounts; sampleHypothesis: ReanchorCounts };
  /** The median over the seeds of Scholia's time on the sample divided by Hypothesis's. */
  medianTimeRatio: number;
}

function add(sum: ReanchorCounts, counts: ReanchorCounts): void {
  for (const key of Object.keys(sum) as (keyof ReanchorCounts)[]) sum[key] += counts[key];
}

/**
 * (b) Re-anchoring from scratch after each seed's edit script, against the mapping's ground truth:
 * Scholia on all 5,000 annotations (timed: the re-anchoring step), then Scholia and Hypothesis on
 * the sample, alternately (Scholia, Hypothesis, Scholia, Hypothesis) on the same edited text, so that
 * neither always runs on a warmer machine.
 */
function benchReanchor(log: (line: string) => void = () => undefined): {
  time: Summary;
  report: ReanchorReport;
} {
  const { annotations, edit } = editableBook();
  const sampleIndexes = annotations.map((_, i) => i).filter((i) => i % PEER_SAMPLE_EVERY === 0);
  const sample = sampleIndexes.map((i) => annotations[i] as Annotation);
  const seeds: SeedOutcome[] = [];
  const times: number[] = [];
  for (const seed of SEEDS) {
    const edited = edit(seed);
    const judged = (placements: readonly Placement[], indexes: readonly number[] | null, matcher: string) =>
      placements.map((placement, k) => {
        const i = indexes === null ? k : (indexes[k] as number);
        return judge(edited, annotations[i] as Annotation, edited.truths[i] as Truth, placement, matcher);
      });
    const count = (outcomes: readonly Outcome[]) => {
      const counts = noCounts();
      for (const outcome of outcomes) {
        counts[outcome] += 1;
        counts.total += 1;
      }
      return counts;
    };
    const all = runScholia(edited.text, annotations);
    times.push(all.ms);
    const a1 = runScholia(edited.text, sample);
    const b1 = runHypothesis(edited.text, sample);
    const a2 = runScholia(edited.text, sample);
    const b2 = runHypothesis(edited.text, sample);
    const ours = judged(a1.placements, sampleIndexes, 'Scholia on the sample');
    const theirs = judged(b1.placements, sampleIndexes, 'Hypothesis');
    const both = (test: (ours: Outcome, theirs: Outcome) => boolean) =>
      ours.filter((outcome, k) => test(outcome, theirs[k] as Outcome)).length;
    const outcome: SeedOutcome = {
      seed,
      scholia: count(judged(all.placements, null, 'Scholia')),
      scholiaMs: round(all.ms),
      sample: {
        scholia: count(ours),
        hypothesis: count(theirs),
        scholiaMs: round(Math.min(a1.ms, a2.ms)),
        hypothesisMs: round(Math.min(b1.ms, b2.ms)),
        scholiaOrphansPeerPlaced: both((o, t) => o === 'orphaned' && onItsPassage(t)),
        scholiaPlacedPeerMissed: both(
          (o, t) => onItsPassage(o) && (t === 'orphaned' || t === 'identicalCopy' || t === 'wrong'),
        ),
      },
    };
    seeds.push(outcome);
    log(seedLine(String(seed), outcome.scholia, outcome.scholiaMs, outcome.sample));
  }
  const total = { scholia: noCounts(), sampleScholia: noCounts(), sampleHypothesis: noCounts() };
  for (const outcome of seeds) {
    add(total.scholia, outcome.scholia);
    add(total.sampleScholia, outcome.sample.scholia);
    add(total.sampleHypothesis, outcome.sample.hypothesis);
  }
  const ratios = seeds.map((outcome) => outcome.sample.scholiaMs / outcome.sample.hypothesisMs);
  const medianTimeRatio = Math.round(median(ratios) * 1e4) / 1e4;
  return { time: summarize(times), report: { seeds, sampleSize: sample.length, total, medianTimeRatio } };
}

/** The middle value (the mean of the two middle ones for an even count): `summarize` rounds to 0.01. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
    : (sorted[Math.floor(middle)] ?? NaN);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * The table's columns: for each matcher, misplaced on a copy and elsewhere, orphaned, and its time;
 * then on the sample, how many Scholia orphaned that Hypothesis placed on their passage and the other
 * way round, and the time ratio.
 */
const TABLE_HEAD =
  ' seed | Scholia, all 5,000: copy wrong orphan     ms | sample: Scholia copy wrong orphan     ms | Hypothesis copy wrong orphan       ms | S orphan, H placed | S placed, H not | ratio';

function seedLine(
  label: string,
  scholia: ReanchorCounts,
  scholiaMs: number,
  sample: SeedOutcome['sample'],
): string {
  const cells = (counts: ReanchorCounts) =>
    `${String(counts.identicalCopy).padStart(4)} ${String(counts.wrong).padStart(5)} ${String(counts.orphaned).padStart(6)}`;
  return (
    `${label.padStart(5)} | ${' '.repeat(19)}${cells(scholia)} ${scholiaMs.toFixed(0).padStart(6)} | ` +
    `${' '.repeat(16)}${cells(sample.scholia)} ${sample.scholiaMs.toFixed(0).padStart(6)} | ` +
    `${' '.repeat(11)}${cells(sample.hypothesis)} ${sample.hypothesisMs.toFixed(0).padStart(8)} | ` +
    `${String(sample.scholiaOrphansPeerPlaced).padStart(18)} | ${String(sample.scholiaPlacedPeerMissed).padStart(15)} | ` +
    (sample.scholiaMs / sample.hypothesisMs).toFixed(4)
  );
}

/** Runs (a) and (b); returns their steps and the re-anchoring report. */
export function benchTextEditing(log: (line: string) => void = () => undefined): {
  steps: BenchStep[];
  reanchor: ReanchorReport;
} {
  const typing = benchTyping();
  const reanchor = benchReanchor(log);
  return {
    steps: [
      {
        name: 'edit mode: keystroke with 5,000 highlights (ms)',
        target: { stat: 'p95', ms: 2 },
        summary: typing.keystrokes,
      },
      {
        name: 'edit mode: Done, selectors for 5,000 (ms)',
        target: { stat: 'max', ms: 100 },
        summary: typing.done,
      },
      {
        name: `re-anchor 5,000 after 300 edits, 3 MB, ${SEEDS.length} seeds (ms)`,
        target: { stat: 'max', ms: 1000 },
        summary: reanchor.time,
      },
    ],
    reanchor: reanchor.report,
  };
}

async function main(): Promise<void> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(
    `(b) per seed: placed on an identical copy while the passage stands (copy), placed elsewhere (wrong), orphaned ` +
      `though the passage stands; the sample is every ${PEER_SAMPLE_EVERY === 1 ? '' : `${PEER_SAMPLE_EVERY}th `}annotation, ` +
      `the same for both, each matcher's time the faster of two alternate runs`,
  );
  write(TABLE_HEAD);
  const { steps, reanchor } = benchTextEditing(write);
  const { total } = reanchor;
  const sums: SeedOutcome['sample'] = {
    scholia: total.sampleScholia,
    hypothesis: total.sampleHypothesis,
    scholiaMs: reanchor.seeds.reduce((sum, seed) => sum + seed.sample.scholiaMs, 0),
    hypothesisMs: reanchor.seeds.reduce((sum, seed) => sum + seed.sample.hypothesisMs, 0),
    scholiaOrphansPeerPlaced: reanchor.seeds.reduce(
      (sum, seed) => sum + seed.sample.scholiaOrphansPeerPlaced,
      0,
    ),
    scholiaPlacedPeerMissed: reanchor.seeds.reduce(
      (sum, seed) => sum + seed.sample.scholiaPlacedPeerMissed,
      0,
    ),
  };
  const allMs = reanchor.seeds.reduce((sum, seed) => sum + seed.scholiaMs, 0);
  write(seedLine('all', total.scholia, allMs, sums));
  write(
    `sample of ${reanchor.sampleSize} per seed; median over seeds of the time ratio Scholia ÷ Hypothesis: ${reanchor.medianTimeRatio} (target ≤ 0.1)`,
  );
  write(
    `misplaced over ${SEEDS.length} seeds (target 0): Scholia ${misplaced(total.scholia)} of ${total.scholia.total}; ` +
      `on the sample Scholia ${misplaced(total.sampleScholia)}, Hypothesis ${misplaced(total.sampleHypothesis)}. ` +
      `Orphaned on the sample: Scholia ${total.sampleScholia.orphaned}, Hypothesis ${total.sampleHypothesis.orphaned}; ` +
      `not on their passage (orphaned or misplaced): Scholia ${total.sampleScholia.orphaned + misplaced(total.sampleScholia)}, ` +
      `Hypothesis ${total.sampleHypothesis.orphaned + misplaced(total.sampleHypothesis)}`,
  );
  for (const step of steps) {
    const { median, p95, max, n } = step.summary;
    const target =
      step.target === null
        ? ''
        : `(target ${step.target.stat} < ${step.target.ms} ms: ${step.summary[step.target.stat] <= step.target.ms ? 'ok' : 'MISSED'})`;
    write(`${step.name.padEnd(48)} median ${median}   p95 ${p95}   max ${max}   n=${n} ${target}`);
  }
  const all = total.scholia;
  const share = (n: number): string => `${n} (${((100 * n) / all.total).toFixed(1)}%)`;
  write(
    `re-anchoring, all seeds: exact ${share(all.exact)}, moved ${share(all.moved)}, other bounds ${share(all.otherBounds)}, ` +
      `orphaned ${share(all.orphaned)} (+ ${share(all.deletedAndOrphaned)} whose passage the edits deleted, ${share(all.deletedOnCopy)} of those on a copy), ` +
      `on an identical copy elsewhere ${share(all.identicalCopy)}, wrong ${share(all.wrong)}`,
  );
  const dir = join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const result = { when: new Date().toISOString(), node: process.version, steps, reanchor };
  await writeFile(join(dir, `edit-text-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  write(`Wrote bench/results/edit-text-${stamp}.json`);
}

if (process.argv[1] !== undefined && /edit-text\.bench\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
