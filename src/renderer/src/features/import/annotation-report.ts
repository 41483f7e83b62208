/** An annotation file's outcome in the import report, in words. */
import type { AnnotationImportOutcome, AnnotationImportReport } from '../../../../shared/export-options';

/** "Annotations: 12 imported, 3 already there, 1 could not be placed". */
export function annotationSummary(report: AnnotationImportReport): string {
  return `Annotations: ${report.imported.toLocaleString('en')} imported, ${report.skipped.toLocaleString('en')} already there, ${report.failed.toLocaleString('en')} could not be placed`;
}

/** The annotations that could not be placed, in the file's order. */
export function unplacedAnnotations(report: AnnotationImportReport): AnnotationImportOutcome[] {
  return report.outcomes.filter((outcome) => outcome.status === 'failed');
}
