/**
 * Three-way merge of a document's text by top-level block, for when the same text was edited on two
 * computers from the same revision.
 *
 * The unit is a top-level block (paragraph, heading, quote, list…): two edits inside one list are two
 * edits of one block. Blocks are equal when their canonical JSON is ({@link canonicalJSON}, checked
 * without building it by {@link sameJSON}); equal blocks get one integer id, each side is diffed
 * against the base on those ids with Myers' linear-space algorithm, and the two lists of changes are
 * then laid side by side on the base:
 *
 * - a change on one side only is taken; the same change on both sides is taken once;
 * - changes touching different base blocks merge cleanly even when the blocks are adjacent (stricter
 *   than diff3, which calls adjacent changes a conflict: readers edit neighbouring paragraphs all the
 *   time);
 * - changes to the same base block, and different insertions at the same point, conflict; overlapping
 *   conflicts join into one.
 *
 * Pure and deterministic: plain JSON in, plain JSON out, no schema needed. Merged blocks are the
 * inputs' own objects, not copies.
 */
import type { DocJSON } from './schema';

/** One stretch of the merged text. */
export type MergeChunk =
  /** Blocks taken from base, or changed on one side only, or changed identically on both. */
  | { kind: 'same'; blocks: readonly unknown[] }
  /** The base blocks both sides changed, and what each side made of them. */
  | { kind: 'conflict'; base: readonly unknown[]; a: readonly unknown[]; b: readonly unknown[] };

/** A merge: its chunks in document order, and how many of them are conflicts. */
export interface TextMerge {
  chunks: readonly MergeChunk[];
  conflicts: number;
}

/** How one conflict is resolved: a's blocks, b's blocks, or a's blocks followed by b's. */
export type ConflictChoice = 'a' | 'b' | 'both';

/**
 * Merges `a` and `b`, both edited from `base`. Blocks are the top-level `content` nodes, compared by
 * canonical JSON (key order does not matter). Runs in O((N+M)·D) time for N base blocks, M edited
 * blocks and D changed blocks, so two small edits of a 20,000-block book take milliseconds.
 *
 * Swapping `a` and `b` gives the same clean chunks and the same conflicts with `a` and `b` swapped
 * (where both sides made the same change, the blocks are taken from `a`).
 */
export function mergeTexts(base: DocJSON, a: DocJSON, b: DocJSON): TextMerge {
  const interner = new BlockInterner(base.content);
  const baseIds = interner.baseIds;
  const aIds = interner.ids(a.content);
  const bIds = interner.ids(b.content);
  const hunks = [
    ...sideHunks('a', baseIds, aIds, interner.size),
    ...sideHunks('b', baseIds, bIds, interner.size),
  ].sort(compareHunks);
  const texts: Record<Side, SideText> = {
    a: { blocks: a.content, ids: aIds },
    b: { blocks: b.content, ids: bIds },
  };

  const builder = new ChunkBuilder();
  let position = 0;
  for (const group of overlappingGroups(hunks)) {
    builder.same(base.content.slice(position, group.start));
    position = group.end;
    const aMembers = group.members.filter((hunk) => hunk.side === 'a');
    const bMembers = group.members.filter((hunk) => hunk.side === 'b');
    const aVersion = sideVersion(aMembers, group, base.content, baseIds, texts.a);
    const bVersion = sideVersion(bMembers, group, base.content, baseIds, texts.b);
    if (bMembers.length === 0 || sameIds(aVersion.ids, bVersion.ids)) builder.same(aVersion.blocks);
    else if (aMembers.length === 0) builder.same(bVersion.blocks);
    else builder.conflict(base.content.slice(group.start, group.end), aVersion.blocks, bVersion.blocks);
  }
  builder.same(base.content.slice(position));
  return builder.finish();
}

/**
 * The merged document: the merge's blocks in order, each conflict resolved by `choose(i)`, `i`
 * counting conflicts from 0 in document order. `'both'` keeps a's blocks, then b's. A merge that
 * leaves no blocks at all (one side deleted the first half, the other the second) becomes one empty
 * paragraph, because a document holds at least one block.
 */
export function resolveMerge(merge: TextMerge, choose: (conflictIndex: number) => ConflictChoice): DocJSON {
  const content: unknown[] = [];
  let conflictIndex = 0;
  for (const chunk of merge.chunks) {
    if (chunk.kind === 'same') {
      content.push(...chunk.blocks);
      continue;
    }
    const choice = choose(conflictIndex);
    conflictIndex += 1;
    if (choice !== 'b') content.push(...chunk.a);
    if (choice !== 'a') content.push(...chunk.b);
  }
  if (content.length === 0) content.push({ type: 'paragraph' });
  return { type: 'doc', content };
}

/**
 * JSON text of a value with every object's keys in sorted order, so that two values differing only
 * in key order give the same string. Properties whose value is `undefined` are left out and array
 * holes become `null`, as `JSON.stringify` does.
 */
export function canonicalJSON(value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    // `undefined` (an array hole) has no JSON text of its own.
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      text += canonicalJSON(value[index]);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJSON(field)}`;
  }
  return `${text}}`;
}

/**
 * Whether two JSON values have the same {@link canonicalJSON}, found without building it: objects
 * equal when they have the same keys with equal values, in any order (keys whose value is
 * `undefined` do not count), arrays when their elements equal in order.
 */
export function sameJSON(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
    return jsonPrimitive(x) === jsonPrimitive(y);
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < x.length; index += 1) if (!sameJSON(x[index], y[index])) return false;
    return true;
  }
  const xRecord = x as Record<string, unknown>;
  const yRecord = y as Record<string, unknown>;
  // for…in rather than Object.keys: no array per object, which halves the cost on a cold engine.
  let unmatched = 0;
  for (const key in xRecord) {
    const field = xRecord[key];
    if (field === undefined || !Object.hasOwn(xRecord, key)) continue;
    if (!Object.hasOwn(yRecord, key) || !sameJSON(field, yRecord[key])) return false;
    unmatched += 1;
  }
  // y has every key x has; it equals x unless it has others.
  for (const key in yRecord) if (yRecord[key] !== undefined && Object.hasOwn(yRecord, key)) unmatched -= 1;
  return unmatched === 0;
}

/**
 * A longest common subsequence of `a` and `b` by Myers' linear-space O((N+M)·D) algorithm: for each
 * index of `a`, the index of `b` it is paired with, or -1. Paired elements are equal and their
 * indices increase together. Deterministic: the same inputs always give the same pairing.
 */
export function matchSequences(a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  const dense = new Map<number, number>();
  const densify = (sequence: ArrayLike<number>): Int32Array =>
    Int32Array.from({ length: sequence.length }, (_, index) => {
      const value = sequence[index] as number;
      let id = dense.get(value);
      if (id === undefined) {
        id = dense.size;
        dense.set(value, id);
      }
      return id;
    });
  const aIds = densify(a);
  const bIds = densify(b);
  return pairIds(aIds, bIds, dense.size);
}

/** {@link matchSequences} on ids in `[0, idCount)`. */
function pairIds(a: Int32Array, b: Int32Array, idCount: number): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  // The common ends first: usually nearly everything, and cheaper to pair here than to copy below.
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) {
    match[lo] = lo;
    lo += 1;
  }
  let aHi = a.length;
  let bHi = b.length;
  while (aHi > lo && bHi > lo && a[aHi - 1] === b[bHi - 1]) {
    aHi -= 1;
    bHi -= 1;
    match[aHi] = bHi;
  }
  // Elements found only on one side can never be paired, and dropping them first keeps a rewritten
  // document (every block new) from costing (N+M)² steps: the LCS of what is left is the LCS of the
  // whole, since the dropped elements are in no common subsequence (GNU diff and git do the same).
  const seen = new Uint8Array(idCount);
  for (let i = lo; i < aHi; i += 1) seen[a[i] as number] = 1;
  for (let j = lo; j < bHi; j += 1) seen[b[j] as number] = (seen[b[j] as number] as number) | 2;
  const [keptA, indexA] = keep(a, lo, aHi, seen);
  const [keptB, indexB] = keep(b, lo, bHi, seen);
  const reducedMatch = new Int32Array(keptA.length).fill(-1);
  const maxSteps = Math.ceil((keptA.length + keptB.length) / 2);
  const search: Search = {
    a: keptA,
    b: keptB,
    match: reducedMatch,
    forward: new Int32Array(2 * maxSteps + 3),
    backward: new Int32Array(2 * maxSteps + 3),
    offset: maxSteps + 1,
  };
  pairRange(search, 0, keptA.length, 0, keptB.length);
  for (let i = 0; i < reducedMatch.length; i += 1) {
    const j = reducedMatch[i] as number;
    if (j >= 0) match[indexA[i] as number] = indexB[j] as number;
  }
  return match;
}

type Side = 'a' | 'b';

/** One side's blocks and their interned ids. */
interface SideText {
  readonly blocks: readonly unknown[];
  readonly ids: Int32Array;
}

/** One side replaced base blocks `[start, end)` with its own blocks `[from, to)`. */
interface Hunk {
  readonly side: Side;
  readonly start: number;
  readonly end: number;
  readonly from: number;
  readonly to: number;
}

/** Hunks that overlap, and the base range `[start, end)` they cover together. */
interface Group {
  readonly members: readonly Hunk[];
  readonly start: number;
  readonly end: number;
}

/**
 * Gives equal blocks (by {@link sameJSON}) the same small integer, so that the diff compares
 * integers. Blocks are bucketed by a hash that samples long strings rather than reading them whole:
 * building canonical JSON for three 3 MB books, or even hashing every character, costs more than the
 * whole merge may. A weak hash only makes buckets longer, never the answer wrong, since every hit is
 * checked with `sameJSON`.
 */
class BlockInterner {
  /** The base's ids: 0 to `size` − 1, in order of first appearance. */
  readonly baseIds: Int32Array;
  private readonly base: readonly unknown[];
  /** Hash → the first id with that hash; `next[id]` → the next id with the same hash, or -1. */
  private readonly firstByHash = new Map<number, number>();
  private readonly next: number[] = [];
  /** One block for each id, to check a hash hit against. */
  private readonly blocks: unknown[] = [];
  /** For each base id, the one base index holding it, or -1 when several do. */
  private readonly baseIndex: number[] = [];

  constructor(base: readonly unknown[]) {
    this.base = base;
    this.baseIds = new Int32Array(base.length);
    for (let index = 0; index < base.length; index += 1) {
      const id = this.id(base[index]);
      this.baseIds[index] = id;
      this.baseIndex[id] = id === this.baseIndex.length ? index : -1;
    }
  }

  get size(): number {
    return this.blocks.length;
  }

  /**
   * The ids of an edited copy of the base. Most of its blocks are the base's, in the base's order, so
   * each block is first compared with the base block after the last one found, which costs one
   * `sameJSON` and no hashing; only blocks that fail that guess (an edit, or the block after one) are
   * hashed and looked up.
   */
  ids(blocks: readonly unknown[]): Int32Array {
    const ids = new Int32Array(blocks.length);
    let guess = 0;
    for (let index = 0; index < blocks.length; index += 1) {
      const block = blocks[index];
      if (guess < this.base.length && sameJSON(block, this.base[guess])) {
        ids[index] = this.baseIds[guess] as number;
        guess += 1;
        continue;
      }
      const id = this.id(block);
      ids[index] = id;
      // Resynchronise on a block found once in the base; a repeated one (a rule, an empty
      // paragraph) says nothing about where we are.
      const at = this.baseIndex[id] ?? -1;
      if (at >= 0) guess = at + 1;
    }
    return ids;
  }

  private id(block: unknown): number {
    const hash = hashJSON(block);
    const first = this.firstByHash.get(hash);
    let last = -1;
    for (let id = first ?? -1; id >= 0; id = this.next[id] as number) {
      if (sameJSON(this.blocks[id], block)) return id;
      last = id;
    }
    const id = this.blocks.length;
    this.blocks.push(block);
    this.next.push(-1);
    if (last >= 0) this.next[last] = id;
    else this.firstByHash.set(hash, id);
    return id;
  }
}

const FNV_PRIME = 16777619;
/** Characters hashed from each end of a long string, and from evenly spaced points between. */
const SAMPLE_ENDS = 8;
const SAMPLE_MIDDLE = 8;

/** A 32-bit hash that agrees with {@link sameJSON}: equal values hash alike. */
function hashJSON(value: unknown): number {
  if (typeof value === 'string') return hashString(value, 0x811c9dc5);
  if (typeof value !== 'object' || value === null) {
    return hashString(String(jsonPrimitive(value)), 0x2f1b3c4d);
  }
  if (Array.isArray(value)) {
    let hash = Math.imul(0x6b43a9b5 ^ value.length, FNV_PRIME);
    for (const element of value as unknown[]) hash = Math.imul(hash ^ hashJSON(element), FNV_PRIME);
    return hash;
  }
  // Key order must not matter, so the entries' hashes are summed, which commutes.
  const record = value as Record<string, unknown>;
  let sum = 0;
  for (const key in record) {
    const field = record[key];
    if (field === undefined || !Object.hasOwn(record, key)) continue;
    sum = (sum + Math.imul(hashString(key, 0x5bd1e995) ^ hashJSON(field), 0x27d4eb2d)) | 0;
  }
  return Math.imul(sum ^ 0x3c6ef372, FNV_PRIME);
}

/** FNV-1a over the length and at most 24 characters of `text`: all of a short one, a sample of a long one. */
function hashString(text: string, seed: number): number {
  const length = text.length;
  let hash = Math.imul(seed ^ length, FNV_PRIME);
  if (length <= 2 * SAMPLE_ENDS + SAMPLE_MIDDLE) {
    for (let index = 0; index < length; index += 1) {
      hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
    }
    return hash;
  }
  for (let index = 0; index < SAMPLE_ENDS; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
    hash = Math.imul(hash ^ text.charCodeAt(length - 1 - index), FNV_PRIME);
  }
  const stride = (length - 2 * SAMPLE_ENDS) / SAMPLE_MIDDLE;
  for (let step = 0; step < SAMPLE_MIDDLE; step += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(SAMPLE_ENDS + Math.floor(step * stride)), FNV_PRIME);
  }
  return hash;
}

/** What a primitive stands for in JSON: what JSON cannot write (NaN, `undefined`…) is `null`. */
function jsonPrimitive(value: unknown): string | number | boolean | null {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return null;
}

/** What one side changed, as hunks in base order. */
function sideHunks(side: Side, baseIds: Int32Array, sideIds: Int32Array, idCount: number): Hunk[] {
  const match = pairIds(baseIds, sideIds, idCount);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < baseIds.length || j < sideIds.length) {
    if (i < baseIds.length && match[i] === j) {
      i += 1;
      j += 1;
      continue;
    }
    const start = i;
    const from = j;
    while (i < baseIds.length && match[i] === -1) i += 1;
    const to = i < baseIds.length ? (match[i] as number) : sideIds.length;
    j = to;
    const count = i - start;
    if (count > 1 && (to === from || to - from === count)) {
      // As many blocks out as in reads as each block edited in place (a typo fixed in three
      // neighbouring paragraphs); none out, as each block deleted on its own (clutter lines). One
      // hunk per base block then means the other side touching one of them conflicts on that block
      // alone, making the same change to one of them merges cleanly, and inserting between two of
      // them is not an insertion inside a changed range.
      const step = to === from ? 0 : 1;
      for (let k = 0; k < count; k += 1) {
        hunks.push({
          side,
          start: start + k,
          end: start + k + 1,
          from: from + k * step,
          to: from + (k + 1) * step,
        });
      }
    } else {
      hunks.push({ side, start, end: i, from, to });
    }
  }
  return hunks;
}

/** Base order; at the same base block an insertion comes before a replacement, then a before b. */
function compareHunks(x: Hunk, y: Hunk): number {
  if (x.start !== y.start) return x.start - y.start;
  const xEmpty = x.start === x.end ? 0 : 1;
  const yEmpty = y.start === y.end ? 0 : 1;
  if (xEmpty !== yEmpty) return xEmpty - yEmpty;
  return x.side < y.side ? -1 : x.side > y.side ? 1 : 0;
}

/**
 * Splits sorted hunks into runs that overlap: two replacements sharing a base block, an insertion
 * strictly inside a replaced range, or two insertions at the same point. A hunk ending where the next
 * begins does not overlap it, which is what lets neighbouring paragraphs merge cleanly. Hunks of one
 * side never overlap each other, so a run of one hunk is a change on one side only.
 */
function* overlappingGroups(hunks: readonly Hunk[]): Generator<Group> {
  let index = 0;
  while (index < hunks.length) {
    const first = hunks[index] as Hunk;
    const members = [first];
    const start = first.start;
    let end = first.end;
    index += 1;
    for (; index < hunks.length; index += 1) {
      const next = hunks[index] as Hunk;
      // Sorting puts next.start at or after start, and an insertion at `start` before any
      // replacement starting there: so below `end` means sharing a block or inserting strictly inside.
      const overlaps = end > start ? next.start < end : next.start === start && next.end === next.start;
      if (!overlaps) break;
      members.push(next);
      end = Math.max(end, next.end);
    }
    yield { members, start, end };
  }
}

/** One side's text over the group's base range: its hunks' blocks, and base blocks it left alone. */
function sideVersion(
  members: readonly Hunk[],
  group: Group,
  baseBlocks: readonly unknown[],
  baseIds: Int32Array,
  text: SideText,
): { blocks: unknown[]; ids: number[] } {
  const blocks: unknown[] = [];
  const ids: number[] = [];
  let position = group.start;
  const copy = (sourceBlocks: readonly unknown[], sourceIds: Int32Array, from: number, to: number): void => {
    for (let index = from; index < to; index += 1) {
      blocks.push(sourceBlocks[index]);
      ids.push(sourceIds[index] as number);
    }
  };
  for (const hunk of members) {
    copy(baseBlocks, baseIds, position, hunk.start);
    copy(text.blocks, text.ids, hunk.from, hunk.to);
    position = hunk.end;
  }
  copy(baseBlocks, baseIds, position, group.end);
  return { blocks, ids };
}

function sameIds(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((id, index) => id === y[index]);
}

/** Collects chunks, running consecutive clean stretches together into one `same` chunk. */
class ChunkBuilder {
  private readonly chunks: MergeChunk[] = [];
  private pending: unknown[] = [];
  private conflicts = 0;

  same(blocks: readonly unknown[]): void {
    for (const block of blocks) this.pending.push(block);
  }

  conflict(base: readonly unknown[], a: readonly unknown[], b: readonly unknown[]): void {
    this.flush();
    this.chunks.push({ kind: 'conflict', base, a, b });
    this.conflicts += 1;
  }

  finish(): TextMerge {
    this.flush();
    return { chunks: this.chunks, conflicts: this.conflicts };
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push({ kind: 'same', blocks: this.pending });
    this.pending = [];
  }
}

/** The elements of `sequence[from, to)` seen on both sides (`seen` 3), and their indices. */
function keep(sequence: Int32Array, from: number, to: number, seen: Uint8Array): [Int32Array, Int32Array] {
  const values: number[] = [];
  const indices: number[] = [];
  for (let index = from; index < to; index += 1) {
    const value = sequence[index] as number;
    if (seen[value] !== 3) continue;
    values.push(value);
    indices.push(index);
  }
  return [Int32Array.from(values), Int32Array.from(indices)];
}

/** The state of one `matchSequences` run; the two frontier arrays are reused by every sub-range. */
interface Search {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly match: Int32Array;
  /** Furthest x reached on each diagonal k = x − y going forward, at index `offset + k`; -1 if none. */
  readonly forward: Int32Array;
  /** The same going backward from the range's end, in reversed coordinates. */
  readonly backward: Int32Array;
  readonly offset: number;
}

/** Pairs `a[aLo, aHi)` with `b[bLo, bHi)`: strip the common ends, split at a point of an optimal path, recurse. */
function pairRange(search: Search, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const { a, b, match } = search;
  for (;;) {
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      match[aLo] = bLo;
      aLo += 1;
      bLo += 1;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi -= 1;
      bHi -= 1;
      match[aHi] = bHi;
    }
    if (aLo === aHi || bLo === bHi) return;
    // Both ends now differ, so the distance is at least 2 and the split leaves two strictly cheaper
    // halves: the recursion ends. The second half is handled by this loop rather than a call.
    const [x, y] = splitPoint(search, aLo, aHi, bLo, bHi);
    pairRange(search, aLo, x, bLo, y);
    aLo = x;
    bLo = y;
  }
}

/**
 * A point (absolute x, y) on a shortest edit path through the range, found by running Myers' greedy
 * search from both corners until the frontiers meet on a diagonal (the "middle snake"). Moves that
 * would leave the grid are never taken, so every frontier point is a real point of the range.
 */
function splitPoint(search: Search, aLo: number, aHi: number, bLo: number, bHi: number): [number, number] {
  const { a, b, forward, backward, offset } = search;
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const maxSteps = Math.ceil((n + m) / 2);
  for (let d = 0; d <= maxSteps; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      let x = furthest(forward, offset, k, d, n, m);
      forward[offset + k] = x;
      if (x < 0) continue;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x += 1;
        y += 1;
      }
      forward[offset + k] = x;
      // With an odd delta the paths can first meet after a forward step: the backward frontier of
      // step d − 1 on the same diagonal (reversed diagonal delta − k) at or before x.
      if (odd && Math.abs(delta - k) <= d - 1) {
        const back = backward[offset + delta - k] as number;
        if (back >= 0 && x + back >= n) return [aLo + x, bLo + y];
      }
    }
    for (let k = -d; k <= d; k += 2) {
      let x = furthest(backward, offset, k, d, n, m);
      backward[offset + k] = x;
      if (x < 0) continue;
      let y = x - k;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x += 1;
        y += 1;
      }
      backward[offset + k] = x;
      if (!odd && Math.abs(delta - k) <= d) {
        const ahead = forward[offset + delta - k] as number;
        if (ahead >= 0 && x + ahead >= n) return [aHi - x, bHi - y];
      }
    }
  }
  // Unreachable: the frontiers always meet by step ⌈(n+m)/2⌉. Splitting after the first element of
  // `a` would still give a valid (if not shortest) pairing.
  return [aLo + 1, bLo];
}

/**
 * The furthest x a d-step path can reach on diagonal k before following matches: one step right from
 * diagonal k − 1 or one step down from diagonal k + 1, whichever goes further and stays on the
 * n × m grid; -1 if neither can.
 */
function furthest(frontier: Int32Array, offset: number, k: number, d: number, n: number, m: number): number {
  if (d === 0) return 0;
  let x = -1;
  if (k > -d) {
    const left = frontier[offset + k - 1] as number;
    if (left >= 0 && left < n) x = left + 1;
  }
  if (k < d) {
    const up = frontier[offset + k + 1] as number;
    if (up >= 0 && up - (k + 1) < m && up > x) x = up;
  }
  return x;
}
