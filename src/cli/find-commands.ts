/**
 * The CLI's find commands: `search QUERY` (documents matching a query, with the passages that match)
 * and `kwic TERM` (every occurrence of a word or phrase as aligned keyword-in-context lines). Both
 * print readable text, or the API's answer as JSON with `--json`.
 */
import type { ScholiaService } from '../shared/api';
import { ScholiaError } from '../shared/errors';

/** The operands as one query; refused with `missing` when they are blank. */
function queryOf(operands: readonly string[], missing: string): string {
  const query = operands.join(' ');
  if (query.trim() === '') throw new ScholiaError('invalid-input', missing);
  return query;
}

/** Prints the documents matching `query`, best first, each with up to three passages. */
export async function runSearch(
  service: ScholiaService,
  operands: readonly string[],
  out: (text: string) => void,
  json: boolean,
): Promise<number> {
  const query = queryOf(operands, 'search needs a QUERY, e.g. scholia search "workers\' democracy".');
  const result = await service.searchCorpus({ query: query.slice(0, 10_000), prefix: false });
  if (json) {
    out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  if (result.documents.length === 0) {
    out(`Nothing matches ${JSON.stringify(query)}.\n`);
    return 0;
  }
  for (const document of result.documents) {
    const where = document.metaFields.length > 0 ? `; ${document.metaFields.join(', ')}` : '';
    out(`${document.documentId.slice(0, 8)}  ${document.title}  (${document.matchCount} matches${where})\n`);
    for (const snippet of document.snippets) {
      let shown = '';
      let at = 0;
      for (const { start, end } of snippet.highlights) {
        shown += `${snippet.text.slice(at, start)}[${snippet.text.slice(start, end)}]`;
        at = end;
      }
      out(`    @${snippet.matches[0]?.start ?? snippet.start}: ${shown}${snippet.text.slice(at)}\n`);
    }
  }
  if (result.totalDocuments > result.documents.length) {
    out(`(${result.documents.length} of ${result.totalDocuments} documents shown)\n`);
  }
  return 0;
}

/** Prints every occurrence of `term` as aligned lines, and how many there are per document. */
export async function runKwic(
  service: ScholiaService,
  operands: readonly string[],
  out: (text: string) => void,
  json: boolean,
): Promise<number> {
  const query = queryOf(operands, 'kwic needs a TERM, e.g. scholia kwic vouchers.');
  const result = await service.concordance({ query: query.slice(0, 10_000), width: 40, sort: 'right' });
  if (json) {
    out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  if (result.total === 0) {
    out(`${JSON.stringify(query)} does not occur in the library.\n`);
    return 0;
  }
  for (const line of result.lines)
    out(`${line.documentId.slice(0, 8)}  ${line.left} ${line.keyword} ${line.right}\n`);
  out(`\n${result.total} occurrence(s):\n`);
  for (const { documentId, title, count } of result.perDocument)
    out(`  ${String(count).padStart(6)}  ${documentId.slice(0, 8)}  ${title}\n`);
  return 0;
}
