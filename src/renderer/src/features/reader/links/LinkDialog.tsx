/**
 * Linking a passage to another (key L): the reader picks the relation and the other passage, from this
 * text's passages or, typing, from every passage of the library (searched by quote, comment and tag),
 * with an optional comment. Arrow keys move through the passages, Enter links the one chosen; Escape
 * or Cancel changes nothing.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ScholiaApi } from '../../../../../shared/api';
import type { LinkRelation, PassageRef } from '../../../../../shared/links';
import { errorMessage } from '../../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../../ui/DialogButtons';
import { useModalDialog } from '../../../ui/use-dialog';
import { shortenQuote } from '../../../ui/shorten-quote';

/** A passage the reader can link to. */
export interface LinkCandidate extends PassageRef {
  readonly quote: string;
  readonly title: string;
}

/** Props of {@link LinkDialog}. */
export interface LinkDialogProps {
  /** The passage the link starts at. */
  readonly source: LinkCandidate;
  /** This text's other passages, in text order: offered before the reader types. */
  readonly nearby: readonly LinkCandidate[];
  readonly relations: readonly LinkRelation[];
  /** The relation chosen last time, if any. */
  readonly lastRelationId: string | null;
  readonly api: Pick<ScholiaApi, 'searchAnnotations'>;
  /** Links the passages; rejects with a reader-facing error when it cannot. */
  readonly onLink: (to: PassageRef, relationId: string, comment: string) => Promise<void>;
  readonly onClose: () => void;
}

/** How many passages the search offers. */
const SEARCH_LIMIT = 50;

/** Renders the dialog, open and modal, with the passage search focused. */
export function LinkDialog(props: LinkDialogProps): ReactNode {
  const { source, nearby, relations, lastRelationId, api, onLink, onClose } = props;
  const id = useId();
  const offered = useMemo(() => relations.filter((relation) => relation.hidden !== true), [relations]);
  const [relationId, setRelationId] = useState(
    () => offered.find((relation) => relation.id === lastRelationId)?.id ?? offered[0]?.id ?? '',
  );
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<readonly LinkCandidate[] | null>(null);
  const [chosen, setChosen] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const modal = useModalDialog(onClose, !busy);

  useEffect(() => {
    const text = query.trim();
    if (text === '') return;
    let current = true;
    const timer = setTimeout(() => {
      api.searchAnnotations({ query: text, limit: SEARCH_LIMIT }).then(
        (result) => {
          if (!current) return;
          setFound(
            result.hits.map(({ annotation, documentTitle }) => ({
              documentId: annotation.documentId,
              annotationId: annotation.id,
              quote: annotation.selectors[0].exact,
              title: documentTitle,
            })),
          );
          setChosen(0);
        },
        (thrown: unknown) => {
          if (current) setFailure(errorMessage(thrown, 'The passages could not be searched. Try again.'));
        },
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  // Before the reader types (or once they clear the field), this text's passages.
  const searched = query.trim() === '' ? null : found;
  const candidates = (searched ?? nearby).filter(
    (candidate) =>
      !(candidate.annotationId === source.annotationId && candidate.documentId === source.documentId),
  );
  const target = candidates[Math.min(chosen, candidates.length - 1)] ?? null;

  const confirm = (): void => {
    if (busy || target === null || relationId === '') return;
    setBusy(true);
    setFailure(null);
    onLink(target, relationId, comment.trim()).then(onClose, (thrown: unknown) => {
      setBusy(false);
      setFailure(errorMessage(thrown, 'The passages could not be linked. Nothing was changed.'));
    });
  };

  const onListKeys = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setChosen((at) => Math.max(0, Math.min(candidates.length - 1, at + step)));
    }
  };

  const listId = `${id}-passages`;
  const optionId = (index: number): string => `${id}-passage-${String(index)}`;
  return (
    <dialog
      {...modal}
      className="dialog link-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="link-dialog"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
        }}
      >
        <h2 id={`${id}-title`}>Link this passage</h2>
        <blockquote className="link-dialog-source">{shortenQuote(source.quote, 200)}</blockquote>
        <label className="link-dialog-field">
          <span className="link-dialog-label">Passage</span>
          <input
            type="search"
            className="text-field"
            value={query}
            autoFocus
            autoComplete="off"
            placeholder="Search every passage, or pick one of this text’s below"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={target === null ? undefined : optionId(candidates.indexOf(target))}
            disabled={busy}
            data-testid="link-search"
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onListKeys}
          />
        </label>
        <ul className="link-dialog-passages" id={listId} role="listbox" aria-label="Passages to link to">
          {candidates.map((candidate, index) => (
            <li
              key={`${candidate.documentId}/${candidate.annotationId}`}
              id={optionId(index)}
              role="option"
              aria-selected={candidate === target}
              className={
                candidate === target
                  ? 'link-dialog-passage link-dialog-passage-chosen'
                  : 'link-dialog-passage'
              }
              data-testid="link-candidate"
              onClick={() => setChosen(index)}
              onDoubleClick={() => {
                setChosen(index);
                confirm();
              }}
            >
              <span className="link-dialog-quote">
                {shortenQuote(candidate.quote, 140) || 'Note at a point'}
              </span>
              {candidate.documentId === source.documentId ? null : (
                <span className="link-dialog-title">{candidate.title}</span>
              )}
            </li>
          ))}
        </ul>
        {candidates.length === 0 ? (
          <p className="quiet-message" role="status">
            {searched === null
              ? 'This text has no other passages: search the library above.'
              : 'No passage matches.'}
          </p>
        ) : null}
        <label className="link-dialog-field">
          <span className="link-dialog-label">Relation</span>
          <select
            className="text-field"
            value={relationId}
            disabled={busy}
            data-testid="link-relation"
            onChange={(event) => setRelationId(event.target.value)}
          >
            {offered.map((relation) => (
              <option key={relation.id} value={relation.id}>
                {relation.name}
              </option>
            ))}
          </select>
        </label>
        <label className="link-dialog-field">
          <span className="link-dialog-label">Comment (optional)</span>
          <input
            type="text"
            className="text-field"
            value={comment}
            disabled={busy}
            data-testid="link-comment"
            onChange={(event) => setComment(event.target.value)}
          />
        </label>
        <ProblemAlert problem={failure} />
        <DialogButtons
          label="Link"
          busy={busy}
          disabled={target === null}
          testId="link-confirm"
          onCancel={onClose}
        />
      </form>
    </dialog>
  );
}
