/**
 * Formatting one item in a citation style without saving it: the metadata editor's preview of what a
 * bibliography entry and an in-text citation will look like. The item is checked against the CSL
 * schema, the style is one `listStyles` offers, and citeproc runs where exports run it (off the event
 * loop, see `citations/citeproc-thread.ts`), so a preview never holds up other requests.
 */
import { parseApiArgs, type ApiParsedArgs, type ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import type { CslItem } from '../../shared/model';
import { formatReferencesOffThread } from '../citations/citeproc-thread';
import { stylesOf } from './style-operations';
import type { ServiceContext } from './service-context';

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
  const lang = await registry.resolveLocale(locale);
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
    bibliography: formatted.entries.get(PREVIEW_ID) ?? '',
    citation: formatted.citations.get(PREVIEW_ID) ?? '',
  };
}
