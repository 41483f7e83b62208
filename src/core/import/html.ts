/**
 * The HTML importer: a saved web page becomes its article. Readability (Mozilla's reader view)
 * picks the article out of the page's navigation and clutter; the result is sanitised into the
 * document schema by `html-dom.ts`. Metadata comes from the page's head (`html-metadata.ts`).
 */
import { Readability } from '@mozilla/readability';
import type { Conversion } from './formats';
import { decodeText } from './decode-text';
import { htmlCharset } from './html-charset';
import { docOf, domToBlocks, headingBlock, inertDom } from './html-dom';
import { proposeHtmlCsl } from './html-metadata';
import { IMPORT_LIMITS } from './limits';
import { MarkupBudget } from './markup-shape';
import type { SourceFile } from './read-source';

/**
 * Converts a saved web page, decoded in the encoding its byte order mark or `<meta>` declares, else
 * UTF-8 (see `html-charset.ts`). Throws `import-failed` when it is not text in that encoding (see
 * `decodeText`).
 */
export function convertHtml(file: SourceFile): Conversion {
  const budget = new MarkupBudget(
    file,
    'Save the page again from the browser ("Save Page As…", "Web Page, HTML only"), or copy its text into a plain text file and import that.',
  );
  const dom = inertDom(decodeText(file, htmlCharset(file.bytes).encoding), { budget });
  try {
    const { document } = dom.window;
    // Readability changes the tree it reads; metadata is read from the untouched page first. A very
    // large page is kept whole: Readability would take minutes over it (limits.ts).
    const article =
      budget.elements > IMPORT_LIMITS.readabilityElements
        ? null
        : new Readability(document.cloneNode(true) as Document, { charThreshold: 200 }).parse();
    let root: Element | null = null;
    if (article?.content != null && article.content !== '') {
      root = document.createElement('div');
      // Parsed into this inert document, which runs nothing; the content is Readability's own output.
      root.innerHTML = article.content;
    }
    const blocks = domToBlocks(root ?? document.body);
    const csl = proposeHtmlCsl(document, article ?? {}, file.name, blocks[0]?.textContent);
    const first = blocks[0];
    // Readability usually removes the page's own title heading; put the title back above the text.
    if (first === undefined || !(first.type.name === 'heading' && first.textContent.trim() === csl.title)) {
      blocks.unshift(headingBlock(csl.title));
    }
    return { doc: docOf(blocks), csl };
  } finally {
    dom.window.close();
  }
}
