/**
 * How many elements a piece of markup holds and how deep they nest, found by one pass over its tags
 * before any parser builds a tree from it. jsdom's parsers take time quadratic in the nesting depth and
 * then overflow the stack (100,000 nested `<div>`s hang for minutes), and every element they build
 * costs kilobytes: markup that nests too deep or holds too many elements is refused on this count.
 *
 * XML is counted exactly (a start tag opens, an end tag closes, `/>` is empty). HTML is counted the way
 * its parser will build it, closely enough to bound it from above: void elements open nothing, a start
 * tag that closes an open `<p>`, `<li>`, `<dt>`, `<dd>`, `<option>` or table cell does so when the
 * parser would, an end tag closes up to its element unless a boundary intervenes, and formatting
 * elements left open are counted again where the parser would reopen them. Raw-text elements
 * (`<script>`, `<style>`, `<textarea>`…) are skipped to their end tag; `<noscript>` is markup, as jsdom
 * (which runs no scripts) parses it.
 */
import { importFailed, type SourceIdentity } from './import-error';
import { countInWords, IMPORT_LIMITS, overLimit } from './limits';

/** What a pass over markup found, or where it stopped. */
export interface MarkupShape {
  /** Start tags: elements the parser will build (an upper bound for HTML). */
  readonly elements: number;
  /** The deepest nesting reached. */
  readonly depth: number;
  /** Whether a DOCTYPE declares entities (`<!ENTITY …>`): how "billion laughs" and XXE attacks begin. */
  readonly declaresEntities: boolean;
  /** The limit passed, when the pass stopped early because of it. */
  readonly over: 'elements' | 'depth' | null;
}

/** Where {@link markupShape} stops counting. */
export interface ShapeLimits {
  readonly elements: number;
  readonly depth: number;
}

const VOID = new Set(
  'area base basefont bgsound br col command embed frame hr image img input keygen link menuitem meta param source track wbr'.split(
    ' ',
  ),
);
const RAW_TEXT = new Set('script style textarea title xmp iframe noembed noframes plaintext'.split(' '));
/** Start tags that close an open `<p>` ("in button scope"). */
const CLOSES_P = new Set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li dd dt listing main menu nav ol p plaintext pre search section summary table ul xmp'.split(
    ' ',
  ),
);
/** Where the parser's searches "in scope" stop (the default scope, and button scope with `button`). */
const SCOPE_BOUNDARY = new Set(
  'applet caption html table td th marquee object template button foreignobject desc mi mo mn ms mtext annotation-xml'.split(
    ' ',
  ),
);
const LIST_ITEM_SCOPE = new Set([...SCOPE_BOUNDARY, 'ol', 'ul']);
const TABLE_SCOPE = new Set(['html', 'table', 'template']);
const TABLE_PARTS = new Set('table tbody thead tfoot tr td th caption colgroup'.split(' '));
/**
 * HTML's "special" elements: an end tag of another element does not close past them, and an `<li>`
 * (or `<dt>`, `<dd>`) does not close an item beyond one, except through address, div and p.
 */
const SPECIAL = new Set(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp svg math'.split(
    ' ',
  ),
);
const ITEM_PASS_THROUGH = new Set(['address', 'div', 'p']);
/** Formatting elements: left open, the parser reopens them in the next block ("reconstructs" them). */
const FORMATTING = new Set('a b big code em font i nobr s small strike strong tt u'.split(' '));
/** Elements whose start tags the parser merges into the existing one rather than nesting. */
const MERGED = new Set(['html', 'head', 'body']);

/**
 * Counts the elements and depth of `markup` as `syntax` (`xml` for XHTML, OPF, NCX and Word's XML;
 * `html` for web pages and chapters read as HTML), stopping as soon as a limit in `limits` is passed.
 */
export function markupShape(markup: string, syntax: 'xml' | 'html', limits: ShapeLimits): MarkupShape {
  return syntax === 'xml' ? xmlShape(markup, limits) : htmlShape(markup, limits);
}

/** The name of the tag whose name starts at `from`, and where it ends. */
function tagName(markup: string, from: number): { name: string; end: number } {
  let end = from;
  while (end < markup.length) {
    const code = markup.charCodeAt(end);
    // Blank space, `/` and `>` end a name.
    if (code <= 0x20 || code === 0x2f || code === 0x3e) break;
    end += 1;
  }
  return { name: markup.slice(from, end), end };
}

/** The index just past the `>` ending the tag whose attributes start at `from` (quotes respected), and whether it ends `/>`. */
function tagEnd(markup: string, from: number): { next: number; selfClosing: boolean } {
  let quote = 0;
  for (let at = from; at < markup.length; at += 1) {
    const code = markup.charCodeAt(at);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3e) {
      return { next: at + 1, selfClosing: markup.charCodeAt(at - 1) === 0x2f };
    }
  }
  return { next: markup.length, selfClosing: false };
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

/**
 * Skips a `<!…>` or `<?…>` construct starting at `at`: a comment, CDATA, a DOCTYPE (with its internal
 * subset) or a processing instruction. Returns where the scan goes on, and whether it declared entities.
 */
function skipDeclaration(markup: string, at: number): { next: number; entities: boolean } {
  if (markup.startsWith('<!--', at)) {
    const end = markup.indexOf('-->', at + 4);
    return { next: end < 0 ? markup.length : end + 3, entities: false };
  }
  if (markup.startsWith('<![CDATA[', at)) {
    const end = markup.indexOf(']]>', at + 9);
    return { next: end < 0 ? markup.length : end + 3, entities: false };
  }
  if (markup.charCodeAt(at + 1) === 0x3f) {
    const end = markup.indexOf('>', at + 2);
    return { next: end < 0 ? markup.length : end + 1, entities: false };
  }
  // A DOCTYPE or other declaration; an internal subset in [ ] may hold '>' characters.
  const close = markup.indexOf('>', at + 2);
  const open = markup.indexOf('[', at + 2);
  if (open >= 0 && (close < 0 || open < close)) {
    const subsetEnd = markup.indexOf(']', open);
    const subset = markup.slice(open, subsetEnd < 0 ? markup.length : subsetEnd);
    const after = markup.indexOf('>', subsetEnd < 0 ? markup.length : subsetEnd);
    return { next: after < 0 ? markup.length : after + 1, entities: /<!ENTITY/i.test(subset) };
  }
  return { next: close < 0 ? markup.length : close + 1, entities: false };
}

function xmlShape(markup: string, limits: ShapeLimits): MarkupShape {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let declaresEntities = false;
  let at = markup.indexOf('<');
  while (at >= 0) {
    const next = markup.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
      const skipped = skipDeclaration(markup, at);
      declaresEntities ||= skipped.entities;
      at = markup.indexOf('<', skipped.next);
      continue;
    }
    if (next === 0x2f) {
      depth = Math.max(0, depth - 1);
      at = markup.indexOf('<', tagEnd(markup, at + 2).next);
      continue;
    }
    if (!isLetter(next)) {
      at = markup.indexOf('<', at + 1);
      continue;
    }
    elements += 1;
    if (elements > limits.elements) return { elements, depth: deepest, declaresEntities, over: 'elements' };
    const { end } = tagName(markup, at + 1);
    const { next: after, selfClosing } = tagEnd(markup, end);
    if (!selfClosing) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limits.depth) return { elements, depth: deepest, declaresEntities, over: 'depth' };
      }
    }
    at = markup.indexOf('<', after);
  }
  return { elements, depth: deepest, declaresEntities, over: null };
}

function htmlShape(markup: string, limits: ShapeLimits): MarkupShape {
  let elements = 0;
  let deepest = 0;
  let declaresEntities = false;
  /** The open elements: each one's name and, for a formatting element, its tag as written (its identity). */
  const stack: { name: string; key: string }[] = [];
  /** How many of each element are open, so a search for one that is not open costs nothing. */
  const open = new Map<string, number>();
  /**
   * Formatting elements closed by another element's tag, which the parser keeps and reopens in the
   * next block: by name, then by tag as written, at most three alike (the parser's "Noah's Ark" rule).
   */
  const pending = new Map<string, Map<string, number>>();
  let pendingCount = 0;
  let foreign = 0;

  const count = (name: string): number => open.get(name) ?? 0;
  const push = (name: string, key: string): void => {
    stack.push({ name, key });
    open.set(name, count(name) + 1);
    if (name === 'svg' || name === 'math') foreign += 1;
  };
  const pop = (): void => {
    const top = stack.pop();
    if (top === undefined) return;
    open.set(top.name, count(top.name) - 1);
    if (top.name === 'svg' || top.name === 'math') foreign -= 1;
  };
  const keep = (name: string, key: string): void => {
    const alike = pending.get(name) ?? new Map<string, number>();
    const kept = alike.get(key) ?? 0;
    if (kept < 3) {
      alike.set(key, kept + 1);
      pending.set(name, alike);
      pendingCount += 1;
    }
  };
  const forget = (name: string): void => {
    const alike = pending.get(name);
    if (alike === undefined) return;
    for (const [key, kept] of alike) {
      if (kept <= 1) alike.delete(key);
      else alike.set(key, kept - 1);
      pendingCount -= 1;
      break;
    }
    if (alike.size === 0) pending.delete(name);
  };
  /** Closes elements down to and including the nearest one named in `targets`, unless `stopAt` holds one above it. */
  const closeTo = (targets: readonly string[], stopAt: (name: string) => boolean): void => {
    if (!targets.some((name) => count(name) > 0)) return;
    let index = stack.length - 1;
    for (; index >= 0; index -= 1) {
      const name = stack[index]?.name ?? '';
      if (targets.includes(name)) break;
      if (stopAt(name)) return;
    }
    if (index < 0) return;
    while (stack.length > index + 1) {
      // A formatting element closed by another's tag stays active: the parser reopens it later.
      const top = stack[stack.length - 1];
      if (top !== undefined && FORMATTING.has(top.name)) keep(top.name, top.key);
      pop();
    }
    pop();
  };
  const special = (name: string): boolean => SPECIAL.has(name);
  const item = (name: string): boolean => SPECIAL.has(name) && !ITEM_PASS_THROUGH.has(name);
  const depthNow = (): number => stack.length + pendingCount;

  let at = markup.indexOf('<');
  while (at >= 0) {
    const next = markup.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
      const skipped = skipDeclaration(markup, at);
      declaresEntities ||= skipped.entities;
      at = markup.indexOf('<', skipped.next);
      continue;
    }
    if (next === 0x2f) {
      const { name: raw, end } = tagName(markup, at + 2);
      const name = raw.toLowerCase();
      if (foreign > 0) closeTo([name], (other) => other === 'svg' || other === 'math');
      else if (FORMATTING.has(name)) {
        // Only where nothing special intervenes; otherwise the parser moves blocks about and keeps them open.
        if (count(name) > 0) closeTo([name], special);
        else forget(name);
      } else if (name === 'li') closeTo([name], (other) => LIST_ITEM_SCOPE.has(other));
      else if (TABLE_PARTS.has(name)) closeTo([name], (other) => TABLE_SCOPE.has(other));
      else if (/^h[1-6]$/.test(name))
        closeTo(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], (other) => SCOPE_BOUNDARY.has(other));
      else if (SPECIAL.has(name)) closeTo([name], (other) => SCOPE_BOUNDARY.has(other));
      else closeTo([name], special);
      at = markup.indexOf('<', tagEnd(markup, end).next);
      continue;
    }
    if (!isLetter(next)) {
      at = markup.indexOf('<', at + 1);
      continue;
    }
    const { name: raw, end } = tagName(markup, at + 1);
    const name = raw.toLowerCase();
    const { next: after, selfClosing } = tagEnd(markup, end);
    elements += 1;
    if (elements > limits.elements) return { elements, depth: deepest, declaresEntities, over: 'elements' };
    let empty = VOID.has(name) || MERGED.has(name) || (foreign > 0 && selfClosing);
    if (foreign === 0) {
      if (CLOSES_P.has(name)) closeTo(['p'], (other) => SCOPE_BOUNDARY.has(other));
      if (name === 'li') closeTo(['li'], item);
      if (name === 'dd' || name === 'dt') closeTo(['dd', 'dt'], item);
      if (/^h[1-6]$/.test(name) && /^h[1-6]$/.test(stack[stack.length - 1]?.name ?? '')) pop();
      if (name === 'option' && stack[stack.length - 1]?.name === 'option') pop();
      if (name === 'td' || name === 'th') closeTo(['td', 'th'], (other) => TABLE_SCOPE.has(other));
      if (name === 'tr') {
        closeTo(['tr'], (other) => TABLE_SCOPE.has(other));
        // A row directly in a table gets a <tbody> around it.
        if (stack[stack.length - 1]?.name === 'table') push('tbody', 'tbody');
      }
      if (name === 'a' || name === 'nobr' || name === 'button') closeTo([name], special);
      // A form inside a form is ignored.
      if (name === 'form' && count('form') > 0) empty = true;
    }
    if (!empty) {
      push(name, FORMATTING.has(name) ? markup.slice(at, after) : name);
      if (depthNow() > deepest) {
        deepest = depthNow();
        if (deepest > limits.depth) return { elements, depth: deepest, declaresEntities, over: 'depth' };
      }
    }
    at = after;
    if (!empty && foreign === 0 && RAW_TEXT.has(name)) {
      // Raw text runs to the element's end tag, whatever it holds.
      const endTag = new RegExp(`</${name}[\\s/>]`, 'gi');
      endTag.lastIndex = after;
      const found = endTag.exec(markup);
      if (found === null) break;
      pop();
      at = markup.indexOf('>', found.index) + 1;
    }
    at = markup.indexOf('<', at);
  }
  return { elements, depth: deepest, declaresEntities, over: null };
}

/**
 * What the markup of one import may hold: each file (a page, a chapter, a part of a Word document) is
 * counted by {@link markupShape} before it is parsed, against {@link IMPORT_LIMITS}' depth and
 * per-file element limits and against what is left of the import's element limit.
 */
export class MarkupBudget {
  private used = 0;

  /**
   * `file` is named in refusals; `advice` says what the reader can do (export or convert the file
   * again…); `parts` is what a package's files are called ("chapters").
   */
  constructor(
    private readonly file: SourceIdentity,
    private readonly advice: string,
    private readonly parts = 'files',
    private readonly limits: {
      readonly markupDepth: number;
      readonly markupElementsPerFile: number;
      readonly markupElements: number;
    } = IMPORT_LIMITS,
  ) {}

  /**
   * Checks `markup` (read as `syntax`; `part` is its path inside a package) and counts its elements.
   * Throws `import-failed` naming the file (and the part) when it nests too deep, holds too many
   * elements, or, read as XML, declares entities. Returns how many elements it holds.
   */
  check(markup: string, syntax: 'xml' | 'html', part?: string): number {
    const left = this.limits.markupElements - this.used;
    const perFile = this.limits.markupElementsPerFile;
    const shape = markupShape(markup, syntax, {
      elements: Math.min(perFile, left),
      depth: this.limits.markupDepth,
    });
    const where = part === undefined ? 'it' : `${part} inside it`;
    if (shape.over === 'depth') {
      throw overLimit(
        this.file,
        `${where} nests elements more than ${countInWords(this.limits.markupDepth)} deep`,
        this.advice,
      );
    }
    if (shape.over === 'elements') {
      throw overLimit(
        this.file,
        left < perFile
          ? `its ${this.parts} hold more than ${countInWords(this.limits.markupElements)} elements together`
          : `${where} holds more than ${countInWords(perFile)} elements`,
        this.advice,
      );
    }
    if (syntax === 'xml' && shape.declaresEntities) {
      throw importFailed(
        this.file,
        `"${this.file.name}" cannot be imported: ${where} declares its own XML entities (<!ENTITY …>), the way ` +
          '"billion laughs" and external-entity attacks begin; Scholia never expands them. ' +
          this.advice,
      );
    }
    this.used += shape.elements;
    return shape.elements;
  }

  /** Gives back `elements` counted for markup that was not parsed after all (XML that fell back to HTML). */
  release(elements: number): void {
    this.used = Math.max(0, this.used - elements);
  }

  /** Elements counted so far. */
  get elements(): number {
    return this.used;
  }
}
