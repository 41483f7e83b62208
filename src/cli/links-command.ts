/**
 * The CLI's `links` command: the links between passages, of the library or of one document, each read
 * from both its passages ("A quotes B", "B is quoted by A") with the quotes shortened and the
 * documents' titles; the API's links with their relations as JSON with `--json`.
 *
 *   scholia links [DOCUMENT] [--json]
 */
import type { ScholiaService } from '../shared/api';
import { ScholiaError } from '../shared/errors';
import { relationLabel, type LinkEnd, type LinkView } from '../shared/links';

/** The `links` lines of the CLI's usage text. */
export const LINKS_USAGE = `  links [DOCUMENT] [--json]
                        The links between passages (those of one document, given its id or the
                        first characters of it): each read from both its passages, with the
                        quotes shortened and the documents' titles
`;

/** How long a quote is shown, in characters. */
const QUOTE_CHARS = 50;

/** A passage as the listing names it: its quote, shortened, and its document's title. */
function endText(end: LinkEnd): string {
  const flat = end.quote.replace(/\s+/g, ' ').trim();
  const quote =
    flat === ''
      ? 'a note at a point'
      : `“${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1)}…` : flat}”`;
  return `${quote}${end.orphaned ? ' [orphaned]' : ''} (${end.title})`;
}

/**
 * Prints the links with an end in document `documentId` (every link without it), in the order they
 * were made: each as two lines, read from each of its passages (from the document's passage first),
 * and its comment's first line when it has one.
 */
export async function runLinks(
  service: ScholiaService,
  documentId: string | undefined,
  out: (text: string) => void,
  json: boolean,
): Promise<number> {
  const [views, relations] = await Promise.all([
    service.listLinks(documentId === undefined ? {} : { documentId }),
    service.listLinkRelations({}),
  ]);
  if (json) {
    const withRelations = views.map((view) => ({
      ...view,
      relation: relations.find((relation) => relation.id === view.link.relationId) ?? null,
    }));
    out(`${JSON.stringify(withRelations, null, 2)}\n`);
    return 0;
  }
  if (views.length === 0) {
    out(
      documentId === undefined
        ? 'The library has no links between passages.\n'
        : 'This document has no links.\n',
    );
    return 0;
  }
  for (const view of views) out(linkLines(view, relations, documentId));
  out(`\n${String(views.length)} link(s).\n`);
  return 0;
}

function linkLines(
  { link, from, to }: LinkView,
  relations: Parameters<typeof relationLabel>[0],
  documentId: string | undefined,
): string {
  const outgoing = `${endText(from)} ${relationLabel(relations, link.relationId, 'outgoing')} ${endText(to)}`;
  const incoming = `${endText(to)} ${relationLabel(relations, link.relationId, 'incoming')} ${endText(from)}`;
  // Of one document, its own passage speaks first.
  const [first, second] =
    documentId !== undefined && from.documentId !== documentId ? [incoming, outgoing] : [outgoing, incoming];
  const comment = link.comment?.trim().split('\n')[0]?.trim() ?? '';
  const shown = comment.length > 70 ? `${comment.slice(0, 69)}…` : comment;
  return `${link.id.slice(0, 8)}  ${first}\n          ${second}\n${shown === '' ? '' : `          Comment: ${shown}\n`}`;
}

/** Refuses more than one DOCUMENT. */
export function linksOperand(operands: readonly string[]): string | undefined {
  if (operands.length > 1)
    throw new ScholiaError(
      'invalid-input',
      'links takes at most one DOCUMENT (an id from "scholia list", or its first characters).',
    );
  return operands[0];
}
