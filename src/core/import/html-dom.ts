/**
 * HTML to a document: markup is parsed by jsdom into an inert DOM (no script runs, no resource is
 * fetched: jsdom's defaults, named explicitly below), hidden and active elements are removed, and the
 * rest goes through ProseMirror's `DOMParser` over `documentSchema`, whose parse rules are an
 * allowlist: headings, paragraphs, quotes, lists, emphasis, code and http(s)/mailto links survive;
 * images, forms, frames, styles and every attribute except a safe `href` do not.
 * Shared by the HTML, EPUB and DOCX importers.
 */
import { JSDOM } from 'jsdom';
import { DOMParser as ProseMirrorDOMParser, type Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';

/** Elements whose content is never text for the reader. */
const DROPPED_ELEMENTS =
  'script, style, noscript, template, iframe, frame, frameset, object, embed, applet, svg, math, canvas, ' +
  'video, audio, form, input, button, select, textarea, head, link, meta, base, [hidden], [aria-hidden="true"]';

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

const parser = ProseMirrorDOMParser.fromSchema(documentSchema);

/**
 * Parses `markup` into an inert DOM. `xml` parses it as XHTML (EPUB chapters), falling back to the
 * forgiving HTML parser when it is not well-formed. The caller closes the window when done.
 */
export function inertDom(markup: string, options: { xml?: boolean } = {}): JSDOM {
  const base = {
    // Stated although they are jsdom's defaults: imported pages must never run or fetch anything.
    runScripts: undefined,
    resources: undefined,
    pretendToBeVisual: false,
  } as const;
  if (options.xml === true) {
    try {
      return new JSDOM(markup, { ...base, contentType: 'application/xhtml+xml' });
    } catch {
      // Not well-formed XML: read it as HTML, as browsers do with most EPUB chapters that fail.
    }
  }
  return new JSDOM(markup, { ...base, contentType: 'text/html' });
}

/** Parses `xml` as XML (OPF, NCX, container.xml); throws when it is not well-formed. */
export function strictXmlDom(xml: string): JSDOM {
  return new JSDOM(xml, { runScripts: undefined, resources: undefined, contentType: 'application/xml' });
}

/** Removes from `root` everything a reader would not see or that could act: see {@link DROPPED_ELEMENTS}. */
export function stripInvisible(root: Element): void {
  for (const element of Array.from(root.querySelectorAll(DROPPED_ELEMENTS))) element.remove();
  for (const element of Array.from(root.querySelectorAll('[style]'))) {
    if (HIDDEN_STYLE.test(element.getAttribute('style') ?? '')) element.remove();
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
