/**
 * One document's proposal from a reference file: its title, where the entry is, and a table of the
 * fields the entry would change (field, current value, proposed value), each with a checkbox saying
 * whether to apply it; "Apply to this document" when the file proposes changes to others too; and
 * what became of the proposal once applied or refused.
 */
import { memo, useId, type ReactNode } from 'react';
import { cslValueText, fieldLabel, shortValue } from './csl-display';
import { proposalSource, type ProposalState } from './reference-report';

/** What a proposal's card reports back. */
export interface ProposalCardProps {
  readonly proposal: ProposalState;
  /** Ticks or unticks change `index` of the proposal. */
  readonly onChoose: (documentId: string, index: number, ticked: boolean) => void;
  /** Applies the proposal's ticked changes. */
  readonly onApply: (documentId: string) => void;
  /** Whether it is the file's only proposal, which the file's own Apply button applies. */
  readonly alone: boolean;
}

/** A value's cell: cut when long, the whole value in its title; "none" for a field the document lacks. */
function ValueCell({ field, value }: { readonly field: string; readonly value: unknown }): ReactNode {
  const text = cslValueText(field, value);
  if (text === '')
    return (
      <td className="reference-value reference-value-none">
        <span aria-label="none">—</span>
      </td>
    );
  const { shown, full } = shortValue(text);
  return (
    <td className="reference-value" {...(full === undefined ? {} : { title: full })}>
      {shown}
    </td>
  );
}

function StatusNote({ proposal }: { readonly proposal: ProposalState }): ReactNode {
  switch (proposal.status) {
    case 'open':
      return null;
    case 'applying':
      return <span className="reference-proposal-state">Applying…</span>;
    case 'applied':
      return (
        <span
          className="reference-proposal-state reference-proposal-state-applied"
          data-testid="proposal-applied"
        >
          Applied
        </span>
      );
    case 'refused':
      return (
        <span
          className="reference-proposal-state reference-proposal-state-refused"
          data-testid="proposal-refused"
        >
          Not applied
        </span>
      );
  }
}

/** Renders the card; it renders again only when its proposal changes. */
export const ProposalCard = memo(function ProposalCard({
  proposal,
  onChoose,
  onApply,
  alone,
}: ProposalCardProps): ReactNode {
  const id = useId();
  const headingId = `${id}-title`;
  const open = proposal.status === 'open';
  const ticked = proposal.chosen.filter(Boolean).length;
  const source = proposalSource(proposal);
  return (
    <article
      className={`reference-proposal reference-proposal-${proposal.status}`}
      aria-labelledby={headingId}
      data-testid="reference-proposal"
      data-status={proposal.status}
      data-document-id={proposal.documentId}
    >
      <div className="reference-proposal-head">
        <h4 id={headingId} className="reference-proposal-title" title={proposal.title}>
          “{proposal.title}”
        </h4>
        {source === '' ? null : <span className="reference-proposal-source">{source}</span>}
        <StatusNote proposal={proposal} />
        {open && !alone ? (
          <button
            type="button"
            className="button button-quiet reference-proposal-apply"
            aria-describedby={headingId}
            disabled={ticked === 0}
            data-testid="apply-proposal"
            onClick={() => onApply(proposal.documentId)}
          >
            Apply to this document
          </button>
        ) : null}
      </div>
      {proposal.status === 'refused' && proposal.message !== undefined ? (
        <p className="reference-proposal-message" data-testid="proposal-message">
          {proposal.message}
        </p>
      ) : null}
      <table className="reference-changes" data-testid="proposal-changes">
        <caption className="visually-hidden">Changes the entry proposes to “{proposal.title}”</caption>
        <thead>
          <tr>
            <th scope="col" className="reference-change-choice">
              Apply
            </th>
            <th scope="col">Field</th>
            <th scope="col">Current</th>
            <th scope="col">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {proposal.changes.map((change, index) => {
            const boxId = `${id}-change-${index}`;
            const chosen = proposal.chosen[index] === true;
            return (
              <tr
                key={change.field}
                className={chosen ? 'reference-change' : 'reference-change reference-change-skipped'}
                data-testid="proposal-change"
                data-field={change.field}
              >
                <td className="reference-change-choice">
                  <input
                    id={boxId}
                    type="checkbox"
                    checked={chosen}
                    disabled={!open}
                    aria-describedby={headingId}
                    data-testid="proposal-change-choice"
                    onChange={(event) => onChoose(proposal.documentId, index, event.target.checked)}
                  />
                </td>
                <th scope="row" className="reference-change-field" title={change.field}>
                  <label htmlFor={boxId}>{fieldLabel(change.field)}</label>
                </th>
                <ValueCell field={change.field} value={change.before} />
                <ValueCell field={change.field} value={change.after} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
});
