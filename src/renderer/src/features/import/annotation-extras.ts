/** What an annotation file brought in beside its annotations, in words for the import report. */
import type { AnnotationImportReport } from '../../../../shared/export-options';

/** `count` of a thing, its name in the plural when it is not one: "1 tag", "4 tags". */
function counted(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * "Also brought in: 4 tags, 1 document note, 2 colour meanings", naming only what came in; null when
 * nothing did (or the report does not say), so the report shows no empty line.
 */
export function broughtInWords(report: AnnotationImportReport): string | null {
  const parts = [
    report.tagsCreated ? counted(report.tagsCreated, 'tag', 'tags') : null,
    report.notesSet ? counted(report.notesSet, 'document note', 'document notes') : null,
    report.colorMeaningsSet ? counted(report.colorMeaningsSet, 'colour meaning', 'colour meanings') : null,
    report.linksImported
      ? counted(report.linksImported, 'link between passages', 'links between passages')
      : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : `Also brought in: ${parts.join(', ')}`;
}

/**
 * The links of the file that did not come in, each with its passages and why ("“…” → “…”: a passage
 * is not in the library"); links skipped because they are there already are not listed.
 */
export function linksLeftOut(report: AnnotationImportReport): { quotes: string; reason: string }[] {
  return (report.linkOutcomes ?? [])
    .filter((outcome) => outcome.status === 'failed')
    .map((outcome) => ({ quotes: outcome.quotes, reason: outcome.reason ?? 'it could not be read' }));
}
