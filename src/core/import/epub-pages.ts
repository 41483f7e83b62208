/**
 * The printed book's pages in an EPUB. A book marks where each page starts with page-break markers
 * (`<span epub:type="pagebreak" id="page45" title="45"/>`, or `role="doc-pagebreak"` with an
 * `aria-label`) and lists them in its navigation (EPUB 3's `page-list` nav, EPUB 2's NCX `pageList`,
 * read by `epub.ts` into {@link PageTargets}). The text after a marker, up to the next one, across
 * chapters, is on that page: its index is the marker's place among the book's markers, its label the
 * page list's, else the marker's `aria-label`, `title` or text.
 *
 * ProseMirror's parser cannot say where in its output a DOM position went without a search for each
 * (quadratic in the markers), so each chapter is prepared before it is parsed
 * ({@link BookPages.prepare}): one walk of its tree leaves every marker out of the parse and writes a
 * sentinel (noncharacters, never text, and taken out of the book's own text first) naming the marker
 * in front of the next text the reader will see. After parsing, one pass over the chapter's blocks
 * ({@link BookPages.mark}) takes the sentinels out again and marks each run of text with its page.
 * Both are linear in the chapter.
 */
import { Fragment, type Mark, type Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import { dropElement, isDropped } from './html-dom';
import type { SourceIdentity } from './import-error';
import { checkPageCount, PageMarks, pageLabel } from './page-marks';

/** The pages a book's navigation lists: chapter path → element id (`''`: the chapter's start) → label. */
export class PageTargets {
  private readonly byPath = new Map<string, Map<string, string | null>>();

  /** Lists the page `label` at the element `id` of the chapter at `path`; the first listing of a place counts. */
  add(path: string, id: string, label: string | null): void {
    let ids = this.byPath.get(path);
    if (ids === undefined) {
      ids = new Map();
      this.byPath.set(path, ids);
    }
    if (!ids.has(id)) ids.set(id, pageLabel(label));
  }

  /** How many places are listed. */
  get size(): number {
    let size = 0;
    for (const ids of this.byPath.values()) size += ids.size;
    return size;
  }

  /** The places listed in the chapter at `path`, taken out of the list (a chapter's places count once). */
  take(path: string): Map<string, string | null> | undefined {
    const ids = this.byPath.get(path);
    this.byPath.delete(path);
    return ids;
  }
}

const OPS_NAMESPACE = 'http://www.idpf.org/2007/ops';

/** The sentinel's first character, then the marker's number in hexadecimal digits {@link DIGIT_ZERO}… */
const SENTINEL_START = '\uFDD0';
const DIGIT_ZERO = 0xfde0;
/** Every character a sentinel is made of (noncharacters: a book's text has no business holding them). */
const SENTINEL_CHARS = /[\uFDD0-\uFDEF]/;
const ALL_SENTINEL_CHARS = /[\uFDD0-\uFDEF]/g;
const SENTINEL = /\uFDD0([\uFDE0-\uFDEF]+)/g;
/** What ProseMirror's parser collapses as blank space: a sentinel goes before the first other character. */
const NOT_BLANK = /[^ \t\r\n\f]/;

/** The most nodes, and characters, a marker may hold to be taken for a page number and taken out. */
const MARKER_NODES = 8;
const MARKER_CHARS = 64;

/** Elements whose text ProseMirror's parser drops although `html-dom.ts` keeps them. */
const UNREAD = new Set(['title']);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * The pages of one book, chapter by chapter in reading order: {@link prepare} each chapter's DOM
 * before it is parsed, then {@link mark} the blocks parsed from it. Markers are left out of the parse
 * (`dropElement`), not removed: removing thousands of siblings one by one takes jsdom quadratic time.
 */
export class BookPages {
  private readonly labels: (string | null)[] = [];
  /** Markers found with no text after them yet (at the end of a chapter: until the next one's text). */
  private pending: number[] = [];
  /** Sentinels written in the chapter being prepared. */
  private written = 0;
  /** Whether the chapter being prepared was walked (else what looks like a sentinel in it is not one). */
  private walked = false;
  /** The page of the text so far, and it as a mark set of its own (what most text gets). */
  private current: Mark | null = null;
  private currentOnly: readonly Mark[] = [];
  private readonly marks = new PageMarks();

  /** `targets`: the pages the book's navigation lists; more than the limit of pages is refused, naming `file`. */
  constructor(
    private readonly targets: PageTargets,
    private readonly file: SourceIdentity,
    private readonly advice: string,
  ) {}

  /**
   * Leaves the page markers of `root` (the chapter at `path`, parsed from `markup`, before
   * `stripInvisible`) out of the parse and writes a sentinel for each in front of the next text a
   * reader sees. A listed element with more text than a page number (`<p id="page45">…`) stays: its
   * page starts with its text. Markers inside elements a reader does not see go with them.
   * A chapter that can hold no marker is not walked. Throws `import-failed` past the limit of pages.
   */
  prepare(root: Element, path: string, markup: string): void {
    this.written = 0;
    this.walked = false;
    const listed = this.targets.take(path);
    const start = listed?.get('');
    if (start !== undefined) this.found(start);
    const mayHoldMarkers =
      listed !== undefined ||
      this.pending.length > 0 ||
      markup.includes('pagebreak');
    if (!mayHoldMarkers) return;
    this.walked = true;
    const after = (node: Node): Node | null => {
      for (let at: Node | null = node; at !== null && at !== root; at = at.parentNode) {
        if (at.nextSibling !== null) return at.nextSibling;
      }
      return null;
    };
    let node: Node | null = root.firstChild;
    while (node !== null) {
      if (node.nodeType === TEXT_NODE) {
        this.prepareText(node as Text);
        node = after(node);
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) {
        node = after(node);
        continue;
      }
      const element = node as Element;
      if (element.hasAttributes()) {
        const marker = this.markerAt(element, listed);
        if (marker === 'removed') {
          dropElement(element);
          node = after(element);
          continue;
        }
      }
      node =
        isDropped(element) || UNREAD.has(element.localName)
          ? after(element)
          : (element.firstChild ?? after(element));
    }
  }

  /**
   * The blocks parsed from the chapter last prepared, without its sentinels, each run of text marked
   * with its page (text before the book's first marker has none; a code block's text cannot have marks).
   */
  mark(blocks: readonly ProseMirrorNode[]): ProseMirrorNode[] {
    if (this.current === null && this.written === 0) return [...blocks];
    return blocks.map((block) => this.markNode(block));
  }

  /** Whether `element` is a marker: `'removed'` when it is taken out, `'kept'` when its text stays. */
  private markerAt(
    element: Element,
    listed: Map<string, string | null> | undefined,
  ): 'removed' | 'kept' | null {
    const id = element.getAttribute('id');
    const listing = id === null || listed === undefined ? undefined : listed.get(id);
    if (listing !== undefined && id !== null) listed?.delete(id);
    const typed = isPageBreak(element);
    if (!typed && listing === undefined) return null;
    const text = shortText(element);
    const label =
      listing ??
      pageLabel(element.getAttribute('aria-label')) ??
      pageLabel(element.getAttribute('title')) ??
      pageLabel(text);
    // The marker's own text is its page number: out of the text with it. Anything longer is the book's.
    const removed = text !== null && (typed || text.trim() === '' || sameLabel(text, label));
    this.found(label);
    return removed ? 'removed' : 'kept';
  }

  /** A marker found, labelled `label`: it waits for the next text. */
  private found(label: string | null): void {
    this.labels.push(label);
    checkPageCount(this.file, this.labels.length, this.advice);
    this.pending.push(this.labels.length - 1);
  }

  private prepareText(node: Text): void {
    let data = node.data;
    if (SENTINEL_CHARS.test(data)) {
      data = data.replace(ALL_SENTINEL_CHARS, '');
      node.data = data;
    }
    if (this.pending.length === 0) return;
    const at = data.search(NOT_BLANK);
    if (at < 0) return;
    node.data = data.slice(0, at) + this.pending.map(sentinel).join('') + data.slice(at);
    this.written += this.pending.length;
    this.pending = [];
  }

  private markNode(node: ProseMirrorNode): ProseMirrorNode {
    if (node.childCount === 0) return node;
    // A code block's text takes no marks: it is on the page before it.
    const allowed = node.type.allowsMarkType(documentSchema.marks.page);
    const children: ProseMirrorNode[] = [];
    node.forEach((child) => {
      if (child.isText) this.markText(child, allowed, children);
      else children.push(this.markNode(child));
    });
    return node.copy(Fragment.fromArray(children));
  }

  /** Pushes `text` onto `out`, without its sentinels, each run marked with its page when `marks`. */
  private markText(text: ProseMirrorNode, marks: boolean, out: ProseMirrorNode[]): void {
    const value = text.text ?? '';
    const push = (part: string): void => {
      if (part === '') return;
      const node = part === value ? text : documentSchema.text(part, text.marks);
      if (!marks || this.current === null) out.push(node);
      else
        out.push(node.mark(node.marks.length === 0 ? this.currentOnly : this.current.addToSet(node.marks)));
    };
    if (!value.includes(SENTINEL_START)) {
      push(value);
      return;
    }
    // A chapter not walked wrote none: what looks like one is the book's own text, and goes.
    if (!this.walked) {
      push(value.replace(ALL_SENTINEL_CHARS, ''));
      return;
    }
    let from = 0;
    for (const match of value.matchAll(SENTINEL)) {
      push(value.slice(from, match.index));
      from = match.index + match[0].length;
      const index = markerNumber(match[1] ?? '');
      this.current = this.marks.mark(index, this.labels[index] ?? null);
      this.currentOnly = [this.current];
    }
    push(value.slice(from));
  }
}

/** Whether `element` says it is a page break (`epub:type="pagebreak"`, `role="doc-pagebreak"`). */
function isPageBreak(element: Element): boolean {
  const type = element.getAttributeNS(OPS_NAMESPACE, 'type') ?? element.getAttribute('epub:type');
  if (type !== null && hasToken(type, 'pagebreak')) return true;
  const role = element.getAttribute('role');
  return role !== null && hasToken(role, 'doc-pagebreak');
}

function hasToken(list: string, token: string): boolean {
  return list.split(/\s+/).includes(token);
}

/**
 * The text of `element` when it holds at most {@link MARKER_NODES} nodes and {@link MARKER_CHARS}
 * characters (a page number), else null; never reads more than that of it.
 */
function shortText(element: Element): string | null {
  let text = '';
  let nodes = 0;
  let node: Node | null = element.firstChild;
  const after = (at: Node): Node | null => {
    for (let up: Node | null = at; up !== null && up !== element; up = up.parentNode) {
      if (up.nextSibling !== null) return up.nextSibling;
    }
    return null;
  };
  while (node !== null) {
    nodes += 1;
    if (nodes > MARKER_NODES) return null;
    if (node.nodeType === TEXT_NODE) {
      text += (node as Text).data.slice(0, MARKER_CHARS + 1);
      if (text.length > MARKER_CHARS) return null;
    }
    node = node.firstChild ?? after(node);
  }
  return text.replace(ALL_SENTINEL_CHARS, '');
}

/** Whether a marker's text is its label: "45", "[45]", "Page 45" for the label "45". */
function sameLabel(text: string, label: string | null): boolean {
  if (label === null) return false;
  const bare = (value: string): string =>
    value
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[[(]\s*(.*?)\s*[\])]$/, '$1')
      .replace(/^(?:page|p\.)\s*/i, '')
      .toLowerCase();
  return bare(text) === bare(label);
}

/** The sentinel of marker number `index`. */
function sentinel(index: number): string {
  let digits = '';
  for (const digit of index.toString(16)) digits += String.fromCharCode(DIGIT_ZERO + parseInt(digit, 16));
  return SENTINEL_START + digits;
}

/** The marker number a sentinel's digits name. */
function markerNumber(digits: string): number {
  let index = 0;
  for (const char of digits) index = index * 16 + (char.charCodeAt(0) - DIGIT_ZERO);
  return index;
}
