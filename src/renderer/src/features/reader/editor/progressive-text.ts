/**
 * Showing a long text progressively: the view starts with the first blocks of the document, enough
 * to fill the screen several times over, and the rest is appended block by block in later
 * transactions. Appending at the end moves no position before it, so positions computed on the
 * whole text (highlights, selections made while loading) stay valid throughout.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { PluginKey, type EditorState, type Transaction } from 'prosemirror-state';

/** Top-level blocks `from` (inclusive) to `to` (exclusive) of the whole text, just appended. */
export interface AppendedBlocks {
  readonly from: number;
  readonly to: number;
}

const appendKey = new PluginKey<AppendedBlocks>('progressive-text');

/** The index just past the first blocks of `doc`, from block `start`, that hold `size` positions. */
function endIndex(doc: ProseMirrorNode, start: number, size: number): number {
  let index = start;
  let held = 0;
  while (index < doc.childCount && (held < size || index === start)) {
    held += doc.child(index).nodeSize;
    index += 1;
  }
  return index;
}

/**
 * A document holding the first top-level blocks of `doc`: as few as hold at least `size` positions
 * (roughly characters), and at least one. Returns `doc` itself when that is all of it.
 */
export function leadingBlocks(doc: ProseMirrorNode, size: number): ProseMirrorNode {
  const end = endIndex(doc, 0, size);
  if (end === doc.childCount) return doc;
  let to = 0;
  for (let i = 0; i < end; i += 1) to += doc.child(i).nodeSize;
  return doc.copy(doc.content.cut(0, to));
}

/** Whether `state` holds all of `full`. */
export function holdsAll(state: EditorState, full: ProseMirrorNode): boolean {
  return state.doc.childCount >= full.childCount;
}

/**
 * A transaction appending to `state`'s document the next top-level blocks of `full` (as few as hold
 * at least `size` positions, and at least one), or null when it already holds all of them. Throws a
 * `RangeError` when the document is not the beginning of `full`: the text changed while loading.
 */
export function appendBlocks(state: EditorState, full: ProseMirrorNode, size: number): Transaction | null {
  const { doc } = state;
  const loaded = doc.childCount;
  if (loaded > full.childCount || (loaded > 0 && doc.child(loaded - 1) !== full.child(loaded - 1))) {
    throw new RangeError('The document is not the beginning of the text being loaded into it.');
  }
  if (loaded === full.childCount) return null;
  const end = endIndex(full, loaded, size);
  let to = doc.content.size;
  for (let i = loaded; i < end; i += 1) to += full.child(i).nodeSize;
  const blocks: AppendedBlocks = { from: loaded, to: end };
  return state.tr
    .insert(doc.content.size, full.content.cut(doc.content.size, to))
    .setMeta(appendKey, blocks)
    .setMeta('addToHistory', false);
}

/** The blocks transaction `tr` appended, when it is one made by {@link appendBlocks}; otherwise null. */
export function appendedBlocks(tr: Transaction): AppendedBlocks | null {
  return (tr.getMeta(appendKey) as AppendedBlocks | undefined) ?? null;
}
