/**
 * Formatting in a citation style without exporting: the metadata editor's preview of what a
 * bibliography entry and an in-text citation will look like (the item checked against the CSL
 * schema), and a passage quoted with its citation and locator. The style is one `listStyles` offers,
 * and citeproc runs where exports run it (off the event loop, see `citations/citeproc-thread.ts`), so
 * neither holds up other requests.
 */
import { parseApiArgs, type ApiParsedArgs, type ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import type { CslItem } from '../../shared/model';
import { cslLocaleXml, type LocatedCite } from '../citations/citation-js';
import { formatReferencesOffThread } from '../citations/citeproc-thread';
import { escapeMarkdownInline, escapeMarkdownLineStart } from '../export/markdown-escape';
import { buildReferences, cslItemOf } from '../export/references';
import { annotationNotFound } from './annotation-checks';
import { passagePlace, textPlaces } from './passage-places';
import { stylesOf } from './style-operations';
import { requireDocument, type ServiceContext } from './service-context';

/** The id the previewed item is given (citeproc needs one; it never appears in the output). */
const PREVIEW_ID = 'scholia-preview';

/** How long citeproc works here, when no worker thread can be started, before it yields. */
const SLICE_MS = 15;

/**
 * The bibliography entry and in-text citation of `csl` in `style`. `invalid-input` for metadata that
 * is not a CSL item or a style that is not known; citeproc's own failures are reported the same way.
 */
export async function formatCitation(
  context: ServiceContext,
  args: ApiParsedArgs<'formatCitation'>,
): Promise<ApiReturns['formatCitation']> {
  // Validated again so that callers inside core (the CLI, tests) are checked and get the defaults too.
  const { csl, style, locale } = parseApiArgs('formatCitation', args);
  const registry = stylesOf(context);
  const registered = await registry.resolve(style);
  const lang = await registry.resolveLocale(locale, registered);
  const item: CslItem = { ...csl, id: PREVIEW_ID };
  let formatted;
  try {
    formatted = await formatReferencesOffThread([item], registered, lang, SLICE_MS);
  } catch (error) {
    throw new ScholiaError(
      'invalid-input',
      `These details could not be formatted in the style “${style}” (${error instanceof Error ? error.message : String(error)}). Check the style, or choose another one.`,
    );
  }
  return {
    bibliography: formatted.entries.get(PREVIEW_ID)?.text ?? '',
    citation: formatted.citations.get(PREVIEW_ID)?.text ?? '',
  };
}

/** The locale's quotation marks (its `open-quote` and `close-quote` terms), else English ones. */
function quotationMarks(lang: string): [string, string] {
  const xml = cslLocaleXml(lang) ?? '';
  const term = (name: string) =>
    new RegExp(`<term name="${name}"(?: [^>]*)?>([^<]{1,8})</term>`).exec(xml)?.[1] ?? null;
  return [term('open-quote') ?? '\u201C', term('close-quote') ?? '\u201D'];
}

/**
 * The passage `annotationId` of `documentId` quoted with its citation in `style` and `locale`.
 * `not-found` for an unknown document or annotation, `invalid-input` for a margin note at a point,
 * which quotes nothing.
 */
export async function citePassage(
  context: ServiceContext,
  args: ApiParsedArgs<'citePassage'>,
): Promise<ApiReturns['citePassage']> {
  const { documentId, annotationId, style, locale } = parseApiArgs('citePassage', args);
  const meta = requireDocument(context, documentId);
  const annotation = (await context.store.readAnnotations(documentId))?.find(
    (candidate) => candidate.id === annotationId,
  );
  if (annotation === undefined) throw annotationNotFound(documentId, annotationId);
  const quote = annotation.selectors[0].exact.replace(/\s+/g, ' ').trim();
  if (quote === '')
    throw new ScholiaError('invalid-input', 'This margin note is at a point in the text: it quotes nothing to cite.');
  const registry = stylesOf(context);
  const registered = await registry.resolve(style);
  const lang = await registry.resolveLocale(locale, registered);
  const { locator } = passagePlace(annotation, await textPlaces(context, meta), meta);
  const cites: LocatedCite[] = locator === null ? [] : [{ id: meta.id, ...locator }];
  const formatted = await formatReferencesOffThread([cslItemOf(meta)], registered, lang, SLICE_MS, cites);
  const cited = buildReferences([meta], formatted).citationAt(meta.id, locator);
  const [open, close] = quotationMarks(lang);
  const quoted = `${open}${quote}${close}`;
  return {
    text: `${quoted} ${cited.text}`.trim(),
    markdown: escapeMarkdownLineStart(`${escapeMarkdownInline(quoted)} ${cited.markdown}`.trim()),
    citation: cited.text,
    locator,
  };
}
