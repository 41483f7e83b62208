/**
 * `scholia://` links, as vault notes write them: `scholia://open?document=<id>&annotation=<id>`.
 * Parsing is strict, because such a link can come from any page or file on the machine: only the
 * `open` action, only the `document` (required) and `annotation` parameters, each once, and ids of
 * letters, digits, `-` and `_` only. Anything else is refused (null), never half-followed.
 */
import type { ScholiaLink } from './host';

/** The longest link accepted. */
export const MAX_LINK_LENGTH = 1000;

const ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The passage a `scholia://` link asks to open, or null when `url` is not a valid Scholia link. */
export function parseScholiaLink(url: string): ScholiaLink | null {
  if (url.length > MAX_LINK_LENGTH) return null;
  const match = /^scholia:\/\/open\/?\?([^#]*)$/i.exec(url.trim());
  if (match === null) return null;
  const params = new URLSearchParams(match[1]);
  const keys = [...params.keys()];
  if (keys.some((key) => key !== 'document' && key !== 'annotation')) return null;
  if (new Set(keys).size !== keys.length) return null;
  const documentId = params.get('document');
  const annotationId = params.get('annotation');
  if (documentId === null || !ID.test(documentId)) return null;
  if (annotationId !== null && !ID.test(annotationId)) return null;
  return { documentId, annotationId };
}

/** The first valid `scholia://` link among command-line arguments (how Windows and Linux pass it). */
export function scholiaLinkInArgs(args: readonly string[]): ScholiaLink | null {
  for (const arg of args) {
    if (!arg.toLowerCase().startsWith('scholia:')) continue;
    const link = parseScholiaLink(arg);
    if (link !== null) return link;
  }
  return null;
}
