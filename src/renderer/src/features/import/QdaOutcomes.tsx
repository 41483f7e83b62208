/**
 * What a REFI-QDA project or codebook could not bring in, in the import report: its sources that could
 * not be used, its codings that could not be placed (each with its quote and why), the sources Scholia
 * cannot hold (pictures, audio) and what was changed to fit. The first {@link PAGE} of each are shown.
 */
import type { ReactNode } from 'react';
import type { QdaImportReport } from '../../../../shared/qda-import';
import { ShowMore, useShown } from './show-more';

interface Problem {
  readonly key: string;
  readonly title: string;
  readonly detail: string;
}

/** The problems of `report`, one per source, coding, other source and warning. */
export function qdaProblems(report: QdaImportReport): Problem[] {
  const warnings = report.warnings.map((warning, index) => ({
    key: `warning-${String(index)}`,
    title: 'Changed to fit',
    detail: warning,
  }));
  if (report.kind === 'codebook') return warnings;
  return [
    ...report.documents
      .filter((outcome) => outcome.status === 'failed')
      .map((outcome, index) => ({
        key: `document-${String(index)}`,
        title: outcome.name,
        detail: outcome.reason ?? 'This source could not be used.',
      })),
    ...report.passages
      .filter((outcome) => outcome.status === 'failed')
      .map((outcome, index) => ({
        key: `passage-${String(index)}`,
        title: outcome.quote === '' ? `${outcome.source} ${outcome.key}` : `“${outcome.quote}”`,
        detail: outcome.reason ?? 'This coding could not be placed.',
      })),
    ...report.otherSources.map((name, index) => ({
      key: `other-${String(index)}`,
      title: name,
      detail: 'Not a text (a picture, a recording, or a PDF without its text): Scholia cannot hold it.',
    })),
    ...warnings,
  ];
}

/** Renders the problems of `report`, or nothing when everything came in as it was. */
export function QdaOutcomes({
  fileName,
  report,
}: {
  readonly fileName: string;
  readonly report: QdaImportReport;
}): ReactNode {
  const [shown, more] = useShown();
  const problems = qdaProblems(report);
  if (problems.length === 0) return null;
  return (
    <div
      className="reference-report"
      role="region"
      aria-label={`What ${fileName} could not bring in`}
      // The list scrolls within the report: the keyboard can reach and scroll it.
      tabIndex={0}
      data-testid="qda-report"
    >
      <section className="reference-group reference-group-failed">
        <h3 className="reference-group-title">
          Not brought in as it was ({problems.length.toLocaleString('en')})
        </h3>
        <ul className="reference-entries">
          {problems.slice(0, shown).map((problem) => (
            <li key={problem.key} className="reference-entry" data-testid="qda-problem">
              <span className="reference-entry-title" title={problem.title}>
                {problem.title}
              </span>
              <span className="reference-entry-detail">{problem.detail}</span>
            </li>
          ))}
        </ul>
        <ShowMore shown={shown} total={problems.length} onMore={more} />
      </section>
    </div>
  );
}
