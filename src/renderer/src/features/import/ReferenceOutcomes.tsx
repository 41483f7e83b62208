/**
 * What became of a reference file's entries, in the import report: first the changes it proposes to
 * documents whose details the reader confirmed (each a {@link ProposalCard}, and "Apply N changes"
 * for the whole file), then the entries that could not be used with their line, then the entries
 * matched and those added without text. Every list shows its first {@link PAGE} items and a
 * "Show more" button, so a file of thousands of entries renders at once.
 */
import { useCallback, useId, useMemo, useRef, type ReactNode } from 'react';
import type { ReferenceEntryOutcome } from '../../../../shared/model';
import { useServices } from '../../app/services/use-services';
import { applyProposals } from './apply-proposals';
import { useImports } from './import-context';
import { ProposalCard } from './ProposalCard';
import { ShowMore, useShown } from './show-more';
import {
  chooseChange,
  failureText,
  proposalSource,
  tickedCount,
  type ReferenceReport,
} from './reference-report';

/** Which file of which batch the outcomes are of. */
export interface ReferenceOutcomesProps {
  readonly batchId: string;
  readonly file: number;
  readonly fileName: string;
  readonly report: ReferenceReport;
}

/** A group of entries that need nothing from the reader: a line each, with how it was placed. */
function EntryGroup({
  title,
  entries,
  status,
  describe,
}: {
  readonly title: string;
  readonly entries: readonly ReferenceEntryOutcome[];
  readonly status: 'failed' | 'matched' | 'created';
  readonly describe: (entry: ReferenceEntryOutcome) => string;
}): ReactNode {
  const id = useId();
  const [shown, more] = useShown();
  if (entries.length === 0) return null;
  return (
    <section className={`reference-group reference-group-${status}`} aria-labelledby={id}>
      <h3 id={id} className="reference-group-title">
        {title} ({entries.length.toLocaleString('en')})
      </h3>
      <ul className="reference-entries">
        {entries.slice(0, shown).map((entry, i) => (
          <li key={i} className="reference-entry" data-testid="reference-entry" data-action={status}>
            <span className="reference-entry-title" title={entry.title}>
              {entry.title}
            </span>
            <span className="reference-entry-detail">{describe(entry)}</span>
          </li>
        ))}
      </ul>
      <ShowMore shown={shown} total={entries.length} onMore={more} />
    </section>
  );
}

function lineOf(entry: ReferenceEntryOutcome): string {
  return entry.line === undefined ? '' : `line ${entry.line.toLocaleString('en')}`;
}

/** Renders the outcomes of one reference file. */
export function ReferenceOutcomes({ batchId, file, fileName, report }: ReferenceOutcomesProps): ReactNode {
  const { api, undo, notices } = useServices();
  const { imports } = useImports();
  const headingId = useId();
  const region = useRef<HTMLDivElement>(null);
  const [shown, more] = useShown();
  const { proposals } = report;
  const ticked = useMemo(() => tickedCount(proposals), [proposals]);
  const pending = proposals.some((p) => p.status === 'open' || p.status === 'applying');
  const applying = proposals.some((p) => p.status === 'applying');

  const onChoose = useCallback(
    (documentId: string, index: number, on: boolean) =>
      imports.updateReferences(batchId, file, (r) => chooseChange(r, documentId, index, on)),
    [imports, batchId, file],
  );
  const apply = useCallback(
    (documentId?: string) =>
      void applyProposals(
        { api, imports, undo, notices },
        { batchId, file, fileName, ...(documentId === undefined ? {} : { documentId }) },
      ).then(() => {
        // The button pressed is gone once its proposals are applied: keep the keyboard in the report.
        requestAnimationFrame(() => {
          const focused = document.activeElement;
          if (focused === null || focused === document.body) region.current?.focus({ preventScroll: true });
        });
      }),
    [api, imports, undo, notices, batchId, file, fileName],
  );

  return (
    <div
      ref={region}
      className="reference-report"
      role="region"
      aria-label={`Entries of ${fileName}`}
      // The list scrolls within the report: the keyboard can reach and scroll it.
      tabIndex={0}
      data-testid="reference-report"
    >
      {proposals.length === 0 ? null : (
        <section className="reference-group reference-group-proposals" aria-labelledby={headingId}>
          <div className="reference-group-head">
            <h3 id={headingId} className="reference-group-title">
              Changes to review ({proposals.length.toLocaleString('en')})
            </h3>
            {pending ? (
              <button
                type="button"
                className="button button-primary"
                disabled={ticked === 0 || applying}
                data-testid="apply-proposals"
                onClick={() => apply()}
              >
                {applying
                  ? 'Applying…'
                  : `Apply ${ticked.toLocaleString('en')} ${ticked === 1 ? 'change' : 'changes'}`}
              </button>
            ) : null}
          </div>
          <p className="reference-group-hint">
            {pending
              ? 'These documents have details you confirmed, so nothing was changed. Tick the changes to make.'
              : proposals.some((p) => p.status === 'applied')
                ? 'Undo takes back the changes applied.'
                : 'These changes were not applied; each says why.'}
          </p>
          <ol className="reference-proposals">
            {proposals.slice(0, shown).map((proposal) => (
              <li key={proposal.documentId}>
                <ProposalCard
                  proposal={proposal}
                  onChoose={onChoose}
                  onApply={apply}
                  alone={proposals.length === 1}
                />
              </li>
            ))}
          </ol>
          <ShowMore shown={shown} total={proposals.length} onMore={more} />
        </section>
      )}
      <EntryGroup title="Could not be used" status="failed" entries={report.failed} describe={failureText} />
      <EntryGroup title="Matched" status="matched" entries={report.matched} describe={proposalSource} />
      <EntryGroup title="Added without text" status="created" entries={report.created} describe={lineOf} />
    </div>
  );
}
