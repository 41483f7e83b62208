/**
 * The selected tag in the codebook panel: its path and passage count, its colour, its description
 * (rich text), a sub-tag to add, and where to move it, what to merge it into, and deleting it after
 * saying plainly what that does to passages and sub-tags.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type TagDeletionImpact, type TagSummary } from '../../../shared/model';
import { deletionSummary, type CodebookStore, type SubTagChoice } from '../state/codebook-store';
import { mergeTargets, moveTargets, tagPath } from '../state/codebook-tree';
import { RichTextEditor } from './RichTextEditor';
import { TagSwatch } from './TagSwatch';

/** Props of {@link TagDetails}. */
export interface TagDetailsProps {
  readonly tag: TagSummary;
  readonly tags: readonly TagSummary[];
  readonly store: CodebookStore;
  /** Runs a change, reporting its failure to the reader; resolves to whether it succeeded. */
  readonly attempt: (change: () => Promise<unknown>, failure: string) => Promise<boolean>;
  readonly onRename: () => void;
  /** A delete asked for from the tree (the Delete key): open the confirmation. */
  readonly deleteRequested: boolean;
  readonly onDeleteRequestHandled: () => void;
  /** A merge succeeded: tell the reader (`message`) and select the tag merged into. */
  readonly onMerged: (message: string, targetId: string) => void;
}

const UNCHOSEN = '';
const TOP = '__top';
const numberFormat = new Intl.NumberFormat();

/** Renders the details of one tag. */
export function TagDetails(props: TagDetailsProps): ReactNode {
  const { tag, tags, store, attempt } = props;
  const id = useId();
  const [childName, setChildName] = useState('');
  const [moveTo, setMoveTo] = useState<string>(UNCHOSEN);
  const [mergeInto, setMergeInto] = useState<string>('');
  const [impact, setImpact] = useState<TagDeletionImpact | null>(null);
  const [children, setChildren] = useState<SubTagChoice>('reparent');

  const moves = moveTargets(tags, tag.id);
  const merges = mergeTargets(tags, tag.id);
  const parentName = tag.parentId === null ? null : (tags.find((t) => t.id === tag.parentId)?.name ?? null);

  const askDelete = (): void => {
    void attempt(async () => {
      setImpact(await store.describeDeletion(tag.id));
      setChildren('reparent');
    }, 'Could not find out what deleting this tag would do.');
  };
  const { deleteRequested, onDeleteRequestHandled } = props;
  useEffect(() => {
    if (!deleteRequested) return;
    onDeleteRequestHandled();
    void attempt(async () => {
      setImpact(await store.describeDeletion(tag.id));
      setChildren('reparent');
    }, 'Could not find out what deleting this tag would do.');
  }, [deleteRequested, onDeleteRequestHandled, attempt, store, tag.id]);

  return (
    <section className="tag-details" aria-labelledby={`${id}-title`} data-testid="tag-details">
      <header className="tag-details-header">
        <TagSwatch color={tag.color} />
        <h3 id={`${id}-title`}>{tagPath(tags, tag.id)}</h3>
        <button type="button" className="button button-quiet button-small" onClick={props.onRename}>
          Rename
        </button>
      </header>
      <p className="tag-details-count">
        {tag.passageCount === 1 ? '1 passage' : `${numberFormat.format(tag.passageCount)} passages`} carry
        this tag.
      </p>

      <div className="tag-field">
        <span className="tag-field-label" id={`${id}-colour`}>
          Colour
        </span>
        <div className="tag-colours" role="radiogroup" aria-labelledby={`${id}-colour`}>
          {[null, ...HIGHLIGHT_COLORS].map((color) => (
            <button
              key={color ?? 'none'}
              type="button"
              role="radio"
              aria-checked={tag.color === color}
              aria-label={color ?? 'No colour'}
              title={color ?? 'No colour'}
              className="tag-colour-option"
              onClick={() =>
                void attempt(() => store.recolor(tag.id, color), 'The colour could not be changed.')
              }
            >
              <TagSwatch color={color} />
            </button>
          ))}
        </div>
      </div>

      <div className="tag-field">
        <span className="tag-field-label">Description</span>
        <RichTextEditor
          key={tag.id}
          value={tag.description}
          label={`Description of “${tag.name}”`}
          placeholder="What this code means, and when to use it"
          testId="tag-description"
          onCommit={(markdown) =>
            void attempt(() => store.describe(tag.id, markdown), 'The description could not be saved.')
          }
        />
      </div>

      <form
        className="tag-field tag-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const name = childName.trim();
          if (name === '') return;
          void attempt(() => store.create(name, tag.id), 'The sub-tag could not be added.').then((ok) => {
            if (ok) setChildName('');
          });
        }}
      >
        <label htmlFor={`${id}-child`} className="tag-field-label">
          Add a sub-tag
        </label>
        <input
          id={`${id}-child`}
          value={childName}
          maxLength={200}
          placeholder={`Under “${tag.name}”`}
          data-testid="add-subtag-input"
          onChange={(event) => setChildName(event.target.value)}
        />
        <button type="submit" className="button button-quiet button-small" disabled={childName.trim() === ''}>
          Add
        </button>
      </form>

      <form
        className="tag-field tag-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (moveTo === UNCHOSEN) return;
          void attempt(
            () => store.move(tag.id, moveTo === TOP ? null : moveTo),
            'The tag could not be moved.',
          ).then((ok) => {
            if (ok) setMoveTo(UNCHOSEN);
          });
        }}
      >
        <label htmlFor={`${id}-move`} className="tag-field-label">
          Move to…
        </label>
        <select id={`${id}-move`} value={moveTo} onChange={(event) => setMoveTo(event.target.value)}>
          <option value={UNCHOSEN}>Choose where…</option>
          {tag.parentId === null ? null : <option value={TOP}>The top of the codebook</option>}
          {moves.map((t) => (
            <option key={t.id} value={t.id}>
              {tagPath(tags, t.id)}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="button button-quiet button-small"
          disabled={!(moveTo === TOP ? tag.parentId !== null : moves.some((t) => t.id === moveTo))}
        >
          Move
        </button>
      </form>

      <form
        className="tag-field tag-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (mergeInto === '') return;
          const source = tag.name;
          const target = tagPath(tags, mergeInto);
          void attempt(() => store.merge(tag.id, mergeInto), 'The tags could not be merged.').then((ok) => {
            if (ok) props.onMerged(`Merged “${source}” into “${target}”. Undo with Ctrl+Z.`, mergeInto);
          });
        }}
      >
        <label htmlFor={`${id}-merge`} className="tag-field-label">
          Merge into…
        </label>
        <select
          id={`${id}-merge`}
          value={mergeInto}
          data-testid="merge-target"
          onChange={(event) => setMergeInto(event.target.value)}
        >
          <option value="">Choose a tag…</option>
          {merges.map((t) => (
            <option key={t.id} value={t.id}>
              {tagPath(tags, t.id)}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="button button-quiet button-small"
          data-testid="merge-button"
          disabled={!merges.some((t) => t.id === mergeInto)}
        >
          Merge
        </button>
      </form>
      {mergeInto === '' || !merges.some((t) => t.id === mergeInto) ? null : (
        <p className="tag-hint">
          Passages tagged “{tag.name}” will carry “{tagPath(tags, mergeInto)}” instead
          {tags.some((t) => t.parentId === tag.id) ? ', and its sub-tags move there' : ''}; “{tag.name}” is
          then removed.
        </p>
      )}

      {impact === null ? (
        <div className="tag-field">
          <button
            type="button"
            className="button button-quiet button-danger-text button-small"
            data-testid="delete-tag-button"
            onClick={askDelete}
          >
            Delete tag…
          </button>
        </div>
      ) : (
        <div
          ref={(element) => element?.scrollIntoView({ block: 'nearest' })}
          className="tag-delete-confirm"
          role="group"
          aria-labelledby={`${id}-delete`}
          data-testid="delete-tag-confirm"
        >
          <h4 id={`${id}-delete`}>Delete “{tag.name}”?</h4>
          {impact.children === 0 ? null : (
            <fieldset className="tag-delete-choice">
              <legend>Its {impact.children === 1 ? 'sub-tag' : `${impact.children} sub-tags`}</legend>
              <label>
                <input
                  type="radio"
                  name={`${id}-children`}
                  checked={children === 'reparent'}
                  onChange={() => setChildren('reparent')}
                />
                Move up to {parentName === null ? 'the top of the codebook' : `“${parentName}”`}
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-children`}
                  checked={children === 'delete'}
                  onChange={() => setChildren('delete')}
                />
                Delete with it
              </label>
            </fieldset>
          )}
          <p className="tag-delete-impact" data-testid="delete-tag-impact" aria-live="polite">
            {deletionSummary(impact, parentName, children)}
          </p>
          <div className="dialog-buttons">
            <button type="button" className="button button-quiet" onClick={() => setImpact(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              data-testid="confirm-delete-tag"
              onClick={() =>
                void attempt(() => store.remove(tag.id, children), 'The tag could not be deleted.').then(
                  (ok) => {
                    if (ok) setImpact(null);
                  },
                )
              }
            >
              Delete tag
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
