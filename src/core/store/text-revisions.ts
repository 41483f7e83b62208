/**
 * Which version of a document's text the library shows, from its revisions.
 *
 * Every edit of a text (Clean text) is a new revision, written once as its own file and recorded in
 * the library log with the revisions it was made from. The revisions form a graph rooted at the text
 * as imported ({@link BASE_REVISION}); its heads are the revisions nothing was made from yet. One head
 * is the text. Two heads mean two computers edited the text from the same revision while apart: the
 * text shown is their three-way merge over the latest revision both descend from (`shared/text-merge`),
 * where edits to different paragraphs both apply. Paragraphs both computers changed differently are
 * conflicts: until the reader chooses, the later revision's version of them is shown. The same
 * revisions give the same text on every computer.
 *
 * A revision whose file has not arrived yet (the sync engine delivered the library log first) is
 * passed over for the latest of its ancestors that is there, until it arrives.
 */
import { mergeTexts, resolveMerge, type TextMerge } from '../../shared/text-merge';
import type { DocJSON } from '../../shared/schema';
import { BASE_REVISION, type DocumentTexts } from './document-texts';
import type { RevisionRecord } from '../sync/library-log';

/** How a document's text stands. */
export interface TextState {
  /** The text to show. */
  doc: DocJSON;
  /** The latest revisions (more than one: edits made apart, merged). */
  heads: string[];
  /** When the heads were merged: the merge, with its conflicts (if any). */
  merge: { base: string; a: string; b: string; result: TextMerge } | null;
  /** Revisions recorded whose files have not arrived yet. */
  missing: string[];
}

/** The revisions of `revisions` that no other revision was made from, sorted; `[base]` when there are none. */
export function headsOf(revisions: ReadonlyMap<string, RevisionRecord>): string[] {
  if (revisions.size === 0) return [BASE_REVISION];
  const parents = new Set<string>();
  for (const record of revisions.values()) for (const parent of record.parents) parents.add(parent);
  return [...revisions.keys()].filter((id) => !parents.has(id)).sort();
}

/** See the module comment. Caches the text per document until {@link forget}. */
export class TextRevisions {
  private readonly texts: DocumentTexts;
  private readonly cache = new Map<string, { key: string; state: TextState }>();

  constructor(texts: DocumentTexts) {
    this.texts = texts;
  }

  /** Drops what is cached of document `id`'s text. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /** The text of document `id` as its `revisions` make it. Throws `library-corrupt` when the text as imported is missing. */
  async current(id: string, revisions: ReadonlyMap<string, RevisionRecord>): Promise<TextState> {
    const available = new Map<string, RevisionRecord>();
    const missing: string[] = [];
    for (const [revision, record] of revisions) {
      if (await this.texts.has(id, revision)) available.set(revision, record);
      else missing.push(revision);
    }
    // A missing revision's children still count from their own parents; the missing one is skipped.
    const heads = headsOf(available);
    const key = `${heads.join(',')}|${missing.join(',')}`;
    const cached = this.cache.get(id);
    if (cached?.key === key) return cached.state;
    const state = await this.compute(id, available, heads, missing);
    this.cache.set(id, { key, state });
    return state;
  }

  private async compute(
    id: string,
    revisions: ReadonlyMap<string, RevisionRecord>,
    heads: string[],
    missing: string[],
  ): Promise<TextState> {
    if (heads.length === 1) {
      return { doc: await this.texts.read(id, heads[0]), heads, merge: null, missing };
    }
    // Fold the heads pairwise, oldest first; each later head's version wins a conflict until the reader chooses.
    const [first, ...rest] = heads;
    let doc = await this.texts.read(id, first);
    let merge: TextState['merge'] = null;
    let a = first ?? BASE_REVISION;
    for (const b of rest) {
      const base = commonAncestor(revisions, a, b);
      const result = mergeTexts(await this.texts.read(id, base), doc, await this.texts.read(id, b));
      doc = resolveMerge(result, () => 'b');
      merge = { base, a, b, result };
      a = b;
    }
    return { doc, heads, merge, missing };
  }
}

/** The latest revision both `a` and `b` descend from (by revision id, which starts with its stamp). */
export function commonAncestor(revisions: ReadonlyMap<string, RevisionRecord>, a: string, b: string): string {
  const ancestors = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === undefined || seen.has(next)) continue;
      seen.add(next);
      for (const parent of revisions.get(next)?.parents ?? []) stack.push(parent);
    }
    seen.add(BASE_REVISION);
    return seen;
  };
  const ofA = ancestors(a);
  let best = BASE_REVISION;
  for (const revision of ancestors(b)) {
    if (ofA.has(revision) && revision !== BASE_REVISION && (best === BASE_REVISION || revision > best))
      best = revision;
  }
  return best;
}
