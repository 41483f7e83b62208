/**
 * Page markers the reader sets in a text: "page 45 starts here", and taking such a marker away.
 * Pages are `page` marks on the text (`shared/schema.ts`; `shared/pages.ts` says where one starts),
 * so these commands change marks only: the text and its projection stay exactly as they were, and
 * every annotation keeps its selectors.
 *
 * A page set at a place runs to the next page start (or the end of the text) and is numbered one
 * after the page before it; the pages after it are numbered on where needed, so that the numbers
 * keep increasing. Taking a marker away gives its text to the page before it (or to no page).
 */
import type { MarkType, Node as ProseMirrorNode } from 'prosemirror-model';
import type { Command, Transaction } from 'prosemirror-state';
import { PAGE_MARK } from '../../../../../shared/pages';
import { projectDocument } from '../../../../../shared/projection';
import { MAX_PAGE_LABEL } from '../../../../../shared/schema';
import { firstPageFrom, pagePlaces, pageStartingAt } from './page-places';
import { RenumberPagesStep } from './renumber-pages-step';

/** What is wrong with `name` as a page's name, in words for the reader; null when nothing is. */
export function pageNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Type the page’s name as it is printed, such as 45 or xii.';
  if (/[\n\r]/.test(trimmed)) return 'A page’s name is one line.';
  if (trimmed.length > MAX_PAGE_LABEL)
    return `A page’s name is at most ${String(MAX_PAGE_LABEL)} characters; this one has ${String(trimmed.length)}.`;
  return null;
}

/** The name a page gets unless the reader says otherwise: the number after `previous`, if it is one. */
export function nextPageName(previous: string | null): string {
  if (previous === null || !/^\d{1,15}$/.test(previous)) return '';
  return String(Number(previous) + 1);
}

function pageType(doc: ProseMirrorNode): MarkType | null {
  return doc.type.schema.marks[PAGE_MARK] ?? null;
}

/**
 * Where a page set at `pos` starts: at `pos` when text follows it in its block, else at the start of
 * the next block with text that can carry pages. Null when no such text follows.
 */
export function pageStartPos(doc: ProseMirrorNode, pos: number): number | null {
  const type = pageType(doc);
  if (type === null || pos < 0 || pos > doc.content.size) return null;
  let found: number | null = null;
  doc.nodesBetween(pos, doc.content.size, (node, at) => {
    if (found !== null) return false;
    if (!node.isTextblock) return true;
    const start = at + 1;
    if (node.content.size === 0 || !node.type.allowsMarkType(type) || start + node.content.size <= pos)
      return false;
    found = Math.max(start, pos);
    return false;
  });
  return found;
}

/** Gives `from`–`to` the page `index` named `label`, in place of whatever page it was on. */
function paint(
  tr: Transaction,
  type: MarkType,
  from: number,
  to: number,
  index: number,
  label: string | null,
): void {
  tr.removeMark(from, to, type);
  tr.addMark(from, to, type.create({ index, label }));
}

/**
 * Starts page `label` at `pos` (see {@link pageStartPos}); where a page starts there already, renames
 * it. Does not apply where no text follows `pos`. Check the name with {@link pageNameProblem} first:
 * the schema refuses a label longer than a line with a `RangeError`.
 */
export function setPageStart(pos: number, label: string): Command {
  return (state, dispatch) => {
    const { doc } = state;
    const type = pageType(doc);
    const start = pageStartPos(doc, pos);
    if (type === null || start === null) return false;
    if (dispatch === undefined) return true;
    const pages = pagePlaces(projectDocument(doc));
    const end = doc.content.size;
    const at = firstPageFrom(pages, start);
    const existing = pages[at]?.pos === start ? pages[at] : undefined;
    const previous = pages[at - 1];
    const index = existing?.index ?? (previous === undefined ? 0 : previous.index + 1);
    const next = pages[existing === undefined ? at : at + 1];
    const tr = state.tr;
    paint(tr, type, start, next?.pos ?? end, index, label.trim());
    // The pages after it keep their order: all move on by as much as the new page needs.
    const shift = next === undefined ? 0 : Math.max(0, index + 1 - next.index);
    if (next !== undefined && shift > 0) tr.step(new RenumberPagesStep(next.pos, end, shift));
    dispatch(tr);
    return true;
  };
}

/** Takes away the page marker at `pos`: its text goes to the page before. Applies only at a page start. */
export function removePageStart(pos: number): Command {
  return (state, dispatch) => {
    const { doc } = state;
    const type = pageType(doc);
    const start = pageStartPos(doc, pos);
    if (type === null || start === null) return false;
    const pages = pagePlaces(projectDocument(doc));
    const page = pageStartingAt(pages, start);
    if (page === null) return false;
    if (dispatch === undefined) return true;
    const at = pages.indexOf(page);
    const previous = pages[at - 1];
    const to = pages[at + 1]?.pos ?? doc.content.size;
    const tr = state.tr;
    if (previous === undefined) tr.removeMark(start, to, type);
    else paint(tr, type, start, to, previous.index, previous.label);
    dispatch(tr);
    return true;
  };
}
