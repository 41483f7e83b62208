/**
 * What became of an annotation file's annotations, in the import report: what came in beside them
 * (tags, document notes, colour meanings), and those that could not be placed, each with its quote
 * and why. The first {@link PAGE} are shown, then "Show more" (`show-more.tsx`).
 */
import type { ReactNode } from 'react';
import type { AnnotationImportReport } from '../../../../shared/export-options';
import { broughtInWords, linksLeftOut } from './annotation-extras';
import { unplacedAnnotations } from './annotation-report';
import { ShowMore, useShown } from './show-more';

/**
 * Renders what `report` brought in beside its annotations and its unplaced annotations, or nothing
 * when every one was placed and nothing else came in.
 */
export function AnnotationOutcomes({
  fileName,
  report,
}: {
  readonly fileName: string;
  readonly report: AnnotationImportReport;
}): ReactNode {
  const [shown, more] = useShown();
  const unplaced = unplacedAnnotations(report);
  const broughtIn = broughtInWords(report);
  const leftOut = linksLeftOut(report);
  const extras =
    broughtIn === null && leftOut.length === 0 ? null : (
      <>
        {broughtIn === null ? null : (
          <p className="reference-more" data-testid="annotation-brought-in">
            {broughtIn}.
          </p>
        )}
        {leftOut.length === 0 ? null : (
          <div className="reference-more" data-testid="links-left-out">
            <p>
              {leftOut.length === 1
                ? 'A link between passages was left out:'
                : `${leftOut.length.toLocaleString('en')} links between passages were left out:`}
            </p>
            <ul>
              {leftOut.slice(0, 5).map((link, index) => (
                <li key={index}>
                  {link.quotes}: {link.reason}
                </li>
              ))}
            </ul>
            {leftOut.length > 5 ? <p>…and {(leftOut.length - 5).toLocaleString('en')} more.</p> : null}
          </div>
        )}
      </>
    );
  if (unplaced.length === 0) return extras;
  return (
    <div
      className="reference-report annotation-report"
      role="region"
      aria-label={`Annotations of ${fileName}`}
      // The list scrolls within the report: the keyboard can reach and scroll it.
      tabIndex={0}
      data-testid="annotation-report"
    >
      {extras}
      <section className="reference-group reference-group-failed">
        <h3 className="reference-group-title">
          Could not be placed ({unplaced.length.toLocaleString('en')})
        </h3>
        <ul className="reference-entries">
          {unplaced.slice(0, shown).map((outcome, index) => (
            <li
              key={`${outcome.id}-${String(index)}`}
              className="reference-entry"
              data-testid="annotation-unplaced"
            >
              <q className="reference-entry-title annotation-entry-quote" title={outcome.quote}>
                {outcome.quote === '' ? outcome.id : outcome.quote}
              </q>
              <span className="reference-entry-detail">{outcome.reason ?? 'It could not be placed.'}</span>
            </li>
          ))}
        </ul>
        <ShowMore shown={shown} total={unplaced.length} onMore={more} />
      </section>
    </div>
  );
}
