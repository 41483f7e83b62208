/**
 * HTML to a document: markup is parsed by jsdom into an inert DOM (no script runs, no resource is
 * fetched: jsdom's defaults, named explicitly below), hidden and active elements are left out, and the
 * rest goes through ProseMirror's `DOMParser` over `documentSchema`, whose parse rules are an
 * allowlist: headings, paragraphs, quotes, lists, emphasis, code and http(s)/mailto links survive;
 * images, forms, frames, styles and every attribute except a safe `href` do not.
 * Shared by the HTML, EPUB and DOCX importers.
 */
import { JSDOM } from 'jsdom';
import { DOMParser as ProseMirrorDOMParser, type Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import type { MarkupBudget } from './markup-shape';

/**
 * Elements whose content is never text for the reader; so are elements with `hidden`,
 * `aria-hidden="true"` or a hiding style.
 */
const DROPPED_ELEMENTS = new Set(
  'script style noscript template iframe frame frameset object embed applet svg math canvas video audio form input button select textarea head link meta base'.split(
    ' ',
  ),
);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/**
 * The attribute {@link stripInvisible} and {@link dropElement} set on what the parser must skip, and
 * the parse rule that skips it (before the schema's own): removing elements one by one takes jsdom
 * time quadratic in their number (it finds each one's place by walking its siblings), marking them
 * takes none.
 */
const DROPPED_ATTRIBUTE = 'data-scholia-dropped';

const parser = new ProseMirrorDOMParser(documentSchema, [
  { tag: `[${DROPPED_ATTRIBUTE}]`, ignore: true },
  ...ProseMirrorDOMParser.fromSchema(documentSchema).rules,
]);

/** Where markup comes from, for the checks made before it is parsed. */
export interface MarkupSource {
  /** The import's budget: the markup is counted against it, and refused when over it. */
  readonly budget: MarkupBudget;
  /** The markup's path inside a package (an EPUB chapter), named when it is refused. */
  readonly part?: string;
}

/**
 * Parses `markup` into an inert DOM, once `source.budget` has checked its depth and elements. `xml`
 * parses it as XHTML (EPUB chapters), falling back to the forgiving HTML parser when it is not
 * well-formed. The caller closes the window when done. Throws `import-failed` for markup over a limit.
 */
export function inertDom(markup: string, source: MarkupSource, options: { xml?: boolean } = {}): JSDOM {
  const base = {
    // Stated although they are jsdom's defaults: imported pages must never run or fetch anything.
    runScripts: undefined,
    resources: undefined,
    pretendToBeVisual: false,
  } as const;
  if (options.xml === true) {
    const elements = source.budget.check(markup, 'xml', source.part);
    let dom: JSDOM | null = null;
    try {
      dom = new JSDOM(markup, { ...base, contentType: 'application/xhtml+xml' });
    } catch {
      // Not well-formed XML: read it as HTML, as browsers do with most EPUB chapters that fail.
    }
    if (dom !== null) return withQuickMatches(dom);
    source.budget.release(elements);
  }
  source.budget.check(markup, 'html', source.part);
  return withQuickMatches(new JSDOM(markup, { ...base, contentType: 'text/html' }));
}

/** How many documents one {@link InertParser} window parses before it is replaced. */
const DOCUMENTS_PER_WINDOW = 100;

/**
 * Parses many markup files in one inert window (an EPUB's chapters), each once `source.budget` has
 * checked it: making a jsdom window costs milliseconds, which thousands of chapters turn into minutes.
 * Documents made by the window's `DOMParser` run no scripts and fetch nothing. Call {@link close} when done.
 */
export class InertParser {
  private dom: JSDOM | null = null;
  private parsed = 0;

  /**
   * `markup` as a document: as XHTML when `xml` and well-formed, else as HTML. Throws `import-failed`
   * for markup over a limit.
   */
  parse(markup: string, source: MarkupSource, options: { xml?: boolean } = {}): Document {
    // Every document jsdom makes adds listeners to its window that stay there, and adding one checks
    // all those before it: a fresh window every so many documents keeps that from growing quadratic.
    if (this.parsed % DOCUMENTS_PER_WINDOW === 0) this.close();
    this.parsed += 1;
    this.dom ??= withQuickMatches(
      new JSDOM('', { runScripts: undefined, resources: undefined, pretendToBeVisual: false }),
    );
    const parser = new this.dom.window.DOMParser();
    if (options.xml === true) {
      const elements = source.budget.check(markup, 'xml', source.part);
      const document = parser.parseFromString(markup, 'application/xhtml+xml');
      // A document that is not well-formed parses to one holding a <parsererror>.
      if (document.getElementsByTagName('parsererror').length === 0) return document;
      source.budget.release(elements);
    }
    source.budget.check(markup, 'html', source.part);
    return parser.parseFromString(markup, 'text/html');
  }

  close(): void {
    this.dom?.window.close();
    this.dom = null;
  }
}

/**
 * Parses `xml` as XML (OPF, NCX, container.xml), once `source.budget` has checked it; throws when it
 * is not well-formed, and `import-failed` when it is over a limit.
 */
export function strictXmlDom(xml: string, source: MarkupSource): JSDOM {
  source.budget.check(xml, 'xml', source.part);
  return new JSDOM(xml, { runScripts: undefined, resources: undefined, contentType: 'application/xml' });
}

/** The style of an element without a style attribute, as ProseMirror's parser reads it. */
const NO_STYLE = Object.freeze({ length: 0, whiteSpace: '', getPropertyValue: () => '', item: () => '' });

/**
 * A selector of one element name, or one attribute, or both: all the parse rules use (the document
 * schema's and {@link DROPPED_ATTRIBUTE}'s).
 */
const SIMPLE_SELECTOR = /^([a-z][a-z0-9]*)?(?:\[([a-z-]+)\])?$/;

/**
 * `dom` with `Element.prototype.matches` answering simple selectors (`p`, `a[href]`) directly.
 * ProseMirror's parser asks every element about every parse rule, and jsdom's selector engine costs
 * tens of microseconds a call, walking up to the root each time: quadratic in the depth, and most of
 * a book's import time. Other selectors go to jsdom's own `matches`.
 */
function withQuickMatches(dom: JSDOM): JSDOM {
  // ProseMirror reads every element's `style`; jsdom makes a style object for each on first read
  // (kilobytes apiece). An element without a style attribute gets one shared empty style instead.
  const htmlElement = dom.window.HTMLElement.prototype;
  const style = Object.getOwnPropertyDescriptor(htmlElement, 'style');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- a getter, called with its element below
  const readStyle = style?.get;
  if (style !== undefined && readStyle !== undefined) {
    Object.defineProperty(htmlElement, 'style', {
      ...style,
      get(this: HTMLElement): unknown {
        return this.hasAttribute('style') ? readStyle.call(this) : NO_STYLE;
      },
    });
  }
  const prototype = dom.window.Element.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its element below
  const matches = prototype.matches;
  prototype.matches = function quickMatches(this: Element, selector: string): boolean {
    const simple = selector === '' ? null : SIMPLE_SELECTOR.exec(selector);
    if (simple === null) return matches.call(this, selector);
    const [, name, attribute] = simple;
    return (
      (name === undefined || this.localName === name) &&
      (attribute === undefined || this.hasAttribute(attribute))
    );
  };
  return dom;
}

/** Whether a reader would not see `element` or it could act: see {@link DROPPED_ELEMENTS}. */
export function isDropped(element: Element): boolean {
  if (DROPPED_ELEMENTS.has(element.localName.toLowerCase())) return true;
  // Most elements have no attributes: asking jsdom for three of them costs more than this one question.
  return (
    element.hasAttributes() &&
    (element.hasAttribute('hidden') ||
      element.getAttribute('aria-hidden') === 'true' ||
      HIDDEN_STYLE.test(element.getAttribute('style') ?? ''))
  );
}

/**
 * Leaves `element` and its content out of what {@link domToBlocks} parses (it stays in the tree).
 */
export function dropElement(element: Element): void {
  element.setAttribute(DROPPED_ATTRIBUTE, '');
}

/**
 * Leaves out of what {@link domToBlocks} parses everything among `root`'s descendants a reader would
 * not see or that could act (see {@link DROPPED_ELEMENTS}; they are marked by {@link dropElement}, not
 * removed), walking the tree without recursion or selectors (jsdom's take time quadratic in the depth).
 */
export function stripInvisible(root: Element): void {
  /** The element after `element`'s subtree in document order, within `root`. */
  const after = (element: Element): Element | null => {
    for (let at: Element | null = element; at !== null && at !== root; at = at.parentElement) {
      if (at.nextElementSibling !== null) return at.nextElementSibling;
    }
    return null;
  };
  let element = root.firstElementChild;
  while (element !== null) {
    if (isDropped(element)) {
      dropElement(element);
      element = after(element);
    } else {
      element = element.firstElementChild ?? after(element);
    }
  }
}

/**
 * The blocks of `root` in `documentSchema`, after {@link stripInvisible}. An element with no text
 * yields no blocks.
 */
export function domToBlocks(root: Element): ProseMirrorNode[] {
  stripInvisible(root);
  const doc = parser.parse(root);
  const blocks: ProseMirrorNode[] = [];
  doc.forEach((block) => {
    if (block.type.name === 'horizontal_rule' || block.textContent.trim() !== '') blocks.push(block);
  });
  return blocks;
}

/** A heading block of `level` with `text`. */
export function headingBlock(text: string, level = 1): ProseMirrorNode {
  return documentSchema.nodes.heading.create(
    { level },
    documentSchema.text(text.replace(/\s+/g, ' ').trim()),
  );
}

/** A document of `blocks`; one empty paragraph when there are none. */
export function docOf(blocks: readonly ProseMirrorNode[]): ProseMirrorNode {
  const content = blocks.length > 0 ? blocks : [documentSchema.nodes.paragraph.create()];
  return documentSchema.nodes.doc.create(null, content);
}
