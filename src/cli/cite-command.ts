/**
 * The CLI's `cite` command: a passage quoted with its citation in a style, ready to paste.
 *
 *   scholia cite PASSAGE_ID [--style STYLE] [--locale LOCALE] [--markdown] [--json]
 *
 * PASSAGE_ID is an annotation's id, or its first characters as long as they are unique (`show` and the
 * exports list the ids).
 */
import type { ScholiaService } from '../shared/api';
import { ScholiaError } from '../shared/errors';
import { ExportOptionsSchema } from '../shared/export-options';

/** The `cite` lines of the CLI's usage text. */
export const CITE_USAGE = `  cite PASSAGE_ID [--style STYLE] [--locale LOCALE] [--markdown] [--json]
                        A passage as a quotation with its citation, e.g. “…” (Doyle 2009, 45);
                        --markdown keeps the style's italics and links as Markdown
`;

/** The passage whose id is `idOrPrefix`, and its document. */
async function findPassage(
  service: ScholiaService,
  idOrPrefix: string,
): Promise<{ documentId: string; annotationId: string }> {
  const found: { documentId: string; annotationId: string }[] = [];
  for (const document of await service.listDocuments({})) {
    for (const annotation of await service.listAnnotations({ documentId: document.id })) {
      if (annotation.id === idOrPrefix) return { documentId: document.id, annotationId: annotation.id };
      if (annotation.id.startsWith(idOrPrefix)) found.push({ documentId: document.id, annotationId: annotation.id });
    }
  }
  const [only] = found;
  if (found.length === 1 && only !== undefined) return only;
  if (found.length > 1)
    throw new ScholiaError('invalid-input', `"${idOrPrefix}" matches ${found.length} passages; give more of the id.`);
  throw new ScholiaError(
    'not-found',
    `No passage with id "${idOrPrefix}". "scholia show DOCUMENT_ID" lists a document's passages with their ids.`,
  );
}

/** Runs `cite`; resolves to the exit code. */
export async function runCite(
  service: ScholiaService,
  operands: readonly string[],
  options: { style: string | undefined; locale: string | undefined; markdown: boolean; json: boolean },
  stdout: (text: string) => void,
): Promise<number> {
  const [id] = operands;
  if (id === undefined || operands.length > 1)
    throw new ScholiaError('invalid-input', 'cite needs one PASSAGE_ID (see "scholia show DOCUMENT_ID").');
  const defaults = ExportOptionsSchema.parse({});
  const passage = await findPassage(service, id);
  const cited = await service.citePassage({
    ...passage,
    style: options.style ?? defaults.style,
    locale: options.locale ?? defaults.locale,
  });
  if (options.json) stdout(`${JSON.stringify({ ...passage, ...cited }, null, 2)}\n`);
  else stdout(`${options.markdown ? cited.markdown : cited.text}\n`);
  return 0;
}
