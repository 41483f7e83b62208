/**
 * The selected tag in the codebook panel: its path and passage count, its colour, its description
 * (rich text), a sub-tag to add, and where to move it, what to merge it into, and deleting it after
 * saying plainly what that does to passages and sub-tags.
 */
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type TagDeletionImpact, type TagSummary } from '../../../../shared/model';
import { deletionSummary, type CodebookStore, type SubTagChoice } from './codebook-store';
import { tagPath } from '../../../../shared/codebook';
import { mergeTargets, moveTargets } from './codebook-tree';
import { RichTextEditor } from '../../ui/rich-text/RichTextEditor';
import { DialogButtons } from '../../ui/DialogButtons';
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

/** Props of {@link TagChoiceForm}. */
interface TagChoiceFormProps {
  /** The id of the select. */
  readonly id: string;
  readonly label: string;
  /** The first option, chosen while nothing is. */
  readonly prompt: string;
  /** The label of an option for the top of the codebook (value {@link TOP}), or null for none. */
  readonly top: string | null;
  /** The tags that can be chosen. */
  readonly choices: readonly TagSummary[];
  /** Every tag, to name each choice by its path. */
  readonly tags: readonly TagSummary[];
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly submitLabel: string;
  readonly selectTestId?: string;
  readonly buttonTestId?: string;
  /** Runs with the chosen value once the reader submits one. */
  readonly onSubmit: (chosen: string) => void;
}

/** A one-line form: choose a tag (or the top of the codebook) and act on it. */
function TagChoiceForm(props: TagChoiceFormProps): ReactNode {
  const { value, choices } = props;
  const valid = value === TOP ? props.top !== null : choices.some((t) => t.id === value);
  return (
    <form
      className="tag-field tag-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value !== UNCHOSEN) props.onSubmit(value);
      }}
    >
      <label htmlFor={props.id} className="tag-field-label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="text-field"
        value={value}
        data-testid={props.selectTestId}
        onChange={(event) => props.onChange(event.target.value)}
      >
        <option value={UNCHOSEN}>{props.prompt}</option>
        {props.top === null ? null : <option value={TOP}>{props.top}</option>}
        {choices.map((t) => (
          <option key={t.id} value={t.id}>
            {tagPath(props.tags, t.id)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button-quiet button-small"
        data-testid={props.buttonTestId}
        disabled={!valid}
      >
        {props.submitLabel}
      </button>
    </form>
  );
}

/** Renders the details of one tag. */
export function TagDetails(props: TagDetailsProps): ReactNode {
  const { tag, tags, store, attempt } = props;
  const id = useId();
  const [childName, setChildName] = useState('');
  const [moveTo, setMoveTo] = useState<string>(UNCHOSEN);
  const [mergeInto, setMergeInto] = useState<string>(UNCHOSEN);
  const [impact, setImpact] = useState<TagDeletionImpact | null>(null);
  const [children, setChildren] = useState<SubTagChoice>('reparent');

  const moves = moveTargets(tags, tag.id);
  const merges = mergeTargets(tags, tag.id);
  const parentName = tag.parentId === null ? null : (tags.find((t) => t.id === tag.parentId)?.name ?? null);

  const askDelete = useCallback((): void => {
    void attempt(async () => {
      setImpact(await store.describeDeletion(tag.id));
      setChildren('reparent');
    }, 'Could not find out what deleting this tag would do.');
  }, [attempt, store, tag.id]);
  const { deleteRequested, onDeleteRequestHandled } = props;
  useEffect(() => {
    if (!deleteRequested) return;
    onDeleteRequestHandled();
    askDelete();
  }, [deleteRequested, onDeleteRequestHandled, askDelete]);

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
          className="text-field"
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

      <TagChoiceForm
        id={`${id}-move`}
        label="Move to…"
        prompt="Choose where…"
        top={tag.parentId === null ? null : 'The top of the codebook'}
        choices={moves}
        tags={tags}
        value={moveTo}
        onChange={setMoveTo}
        submitLabel="Move"
        onSubmit={(chosen) =>
          void attempt(
            () => store.move(tag.id, chosen === TOP ? null : chosen),
            'The tag could not be moved.',
          ).then((ok) => {
            if (ok) setMoveTo(UNCHOSEN);
          })
        }
      />

      <TagChoiceForm
        id={`${id}-merge`}
        label="Merge into…"
        prompt="Choose a tag…"
        top={null}
        choices={merges}
        tags={tags}
        value={mergeInto}
        onChange={setMergeInto}
        submitLabel="Merge"
        selectTestId="merge-target"
        buttonTestId="merge-button"
        onSubmit={(chosen) => {
          const source = tag.name;
          const target = tagPath(tags, chosen);
          void attempt(() => store.merge(tag.id, chosen), 'The tags could not be merged.').then((ok) => {
            if (ok) props.onMerged(`Merged “${source}” into “${target}”. Undo with Ctrl+Z.`, chosen);
          });
        }}
      />
      {mergeInto === UNCHOSEN || !merges.some((t) => t.id === mergeInto) ? null : (
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
          <DialogButtons
            label="Delete tag"
            danger
            testId="confirm-delete-tag"
            onConfirm={() =>
              void attempt(() => store.remove(tag.id, children), 'The tag could not be deleted.').then(
                (ok) => {
                  if (ok) setImpact(null);
                },
              )
            }
            onCancel={() => setImpact(null)}
          />
        </div>
      )}
    </section>
  );
}
