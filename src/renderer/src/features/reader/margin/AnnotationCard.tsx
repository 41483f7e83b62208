/**
 * One annotation in the margin: its colour, its quote (shortened), its tags and its comment. Closed,
 * it is a quiet summary to click or focus; open, it has the colour picker, the tag input and the
 * comment editor. The comment is shown formatted and edited in place.
 */
import { memo, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  annotationAuthorship,
  annotationByline,
  type DeviceDirectory,
} from '../../../../../shared/change-authors';
import { tagPath } from '../../../../../shared/codebook';
import {
  isPointTarget,
  motivationOf,
  type Annotation,
  type HighlightColor,
  type TagSummary,
} from '../../../../../shared/model';
import { ColorPicker, colorName } from './ColorPicker';
import { RichTextEditor } from '../../../ui/rich-text/RichTextEditor';
import { MarkdownView } from '../../../ui/rich-text/MarkdownView';
import { TagInput } from './TagInput';
import { shortenQuote } from '../../../ui/shorten-quote';
import type { PassageLinkItem } from '../links/link-store';

/** What a card can ask of the margin. */
export interface CardHandlers {
  /** Opens the card (and selects its highlight); `reveal` also scrolls the text to its passage. */
  activate(id: string, reveal: boolean): void;
  recolour(id: string, color: HighlightColor): void;
  setTags(id: string, tagIds: string[]): void;
  createTag(names: readonly string[]): Promise<TagSummary>;
  setComment(id: string, markdown: string): void;
  /** Deletes the annotation (Undo brings it back). */
  remove(id: string): void;
  /** The reader finished writing (Escape): the keyboard goes back to the card. */
  stopWriting(id: string): void;
  startWriting(id: string): void;
  /**
   * Copies the annotation's passage as a quotation with its citation (a note at a point says why it
   * cannot). Left out, the card offers no copying.
   */
  copyCitation?(id: string): void;
  /** Opens the dialog that links the passage to another (key L). Left out, the card offers no linking. */
  startLink?(id: string): void;
  /** Goes to the passage at the other end of a link (Back returns). */
  followLink?(item: PassageLinkItem): void;
  /** Removes a link (Undo brings it back). */
  removeLink?(linkId: string): void;
}

/** Why a margin note at a point has nothing to copy with a citation. */
const NOTHING_TO_CITE = 'A note at a point quotes nothing, so there is no quote to cite.';

/** Props of {@link AnnotationCard}. */
export interface AnnotationCardProps {
  readonly annotation: Annotation;
  readonly open: boolean;
  readonly writing: boolean;
  readonly tags: readonly TagSummary[];
  readonly tagsById: ReadonlyMap<string, TagSummary>;
  readonly colorLabels: Readonly<Record<HighlightColor, string>>;
  /** The computers sharing the library, to say who made the annotation. */
  readonly devices: DeviceDirectory;
  readonly handlers: CardHandlers;
  /** Where the card is drawn, in aligned mode. */
  readonly top?: number;
  /** The passage's links, as read from it. */
  readonly links?: readonly PassageLinkItem[];
}

const NO_LINKS: readonly PassageLinkItem[] = [];

/** Renders the card. */
export const AnnotationCard = memo(function AnnotationCard(props: AnnotationCardProps): ReactNode {
  const {
    annotation,
    open,
    writing,
    tags,
    tagsById,
    colorLabels,
    devices,
    handlers,
    top,
    links = NO_LINKS,
  } = props;
  const { id } = annotation;
  const point = isPointTarget(annotation.selectors);
  const note = motivationOf(annotation) === 'commenting';
  const quote = point ? null : shortenQuote(annotation.selectors[0].exact);
  const [editing, setEditing] = useState(false);
  // A card closed stops editing its comment (worked out while rendering, as React advises).
  const [wasOpen, setWasOpen] = useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    if (!open) setEditing(false);
  }
  const showEditor = open && (writing || editing);
  const kind = point ? 'Note' : note ? 'Note on passage' : 'Highlight';
  const byline = annotationByline(annotation, devices);
  // Who made it is worth a line once more than one computer or reader shares the library.
  const shared = devices.size > 1 || byline !== null;
  const authorship = open && shared ? annotationAuthorship(annotation, devices) : null;

  const remove = (card: HTMLElement): void => {
    // The keyboard moves on to the next card (or the one before) rather than fall to the page.
    const cards = Array.from(
      card.closest('[role="feed"]')?.querySelectorAll<HTMLElement>('[data-annotation-id]') ?? [],
    );
    const at = cards.indexOf(card);
    const neighbour = (cards[at + 1] ?? cards[at - 1])?.dataset['annotationId'];
    handlers.remove(id);
    if (neighbour !== undefined)
      requestAnimationFrame(() => {
        document.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(neighbour)}"]`)?.focus();
      });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      // The card's own key: the text's Delete (for a highlight selected there) must not also run.
      event.preventDefault();
      event.stopPropagation();
      remove(event.currentTarget);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      if (open) {
        setEditing(true);
        handlers.startWriting(id);
      } else handlers.activate(id, true);
    }
  };

  return (
    <article
      className={`card card-${annotation.color}${open ? ' card-open' : ''}${point ? ' card-point' : ''}`}
      data-testid="annotation-card"
      data-annotation-id={id}
      tabIndex={0}
      // An article of the margin's feed (it holds controls, which an option may not); the open one is current.
      aria-current={open ? 'true' : undefined}
      aria-label={`${kind}, ${colorName(annotation.color, colorLabels)}${byline === null ? '' : `, by ${byline}`}${quote === null ? '' : `: ${quote}`}`}
      aria-keyshortcuts="Enter Delete"
      style={top === undefined ? undefined : { top: `${top}px` }}
      onClick={(event) => {
        // Clicks on the card's own controls do their own thing.
        if (open || (event.target as Element).closest('button, input, .comment-editor, a') !== null) return;
        handlers.activate(id, true);
      }}
      onKeyDown={onKeyDown}
    >
      {open ? (
        <ColorPicker
          value={annotation.color}
          labels={colorLabels}
          onPick={(color) => handlers.recolour(id, color)}
        />
      ) : null}
      {quote === null ? (
        <p className="card-kind">{kind} at this point</p>
      ) : (
        <blockquote className="card-quote">{quote}</blockquote>
      )}
      {open ? (
        <TagInput
          tagIds={annotation.tagIds}
          tags={tags}
          onChange={(tagIds) => handlers.setTags(id, tagIds)}
          onCreate={(names) => handlers.createTag(names)}
        />
      ) : annotation.tagIds.length > 0 ? (
        <ul className="tag-chips tag-chips-quiet" aria-label="Tags">
          {annotation.tagIds.map((tagId) => {
            const tag = tagsById.get(tagId);
            return (
              <li key={tagId} className="tag-chip" data-testid="tag-chip">
                {tag === undefined ? 'Unknown tag' : tagPath(tagsById, tag.id)}
              </li>
            );
          })}
        </ul>
      ) : null}
      {showEditor ? (
        <RichTextEditor
          value={annotation.comment}
          label="Comment"
          placeholder="Write a comment…"
          testId="comment-editor"
          autoFocus
          onCommit={(markdown) => handlers.setComment(id, markdown)}
          onEscape={() => {
            setEditing(false);
            handlers.stopWriting(id);
          }}
        />
      ) : annotation.comment.trim() !== '' ? (
        <div
          className={`card-comment${open ? ' card-comment-editable' : ''}`}
          data-testid="card-comment"
          onClick={open ? () => setEditing(true) : undefined}
        >
          <MarkdownView markdown={annotation.comment} className="markdown-text" />
        </div>
      ) : open ? (
        <button
          type="button"
          className="card-add-comment"
          data-testid="add-comment"
          onClick={() => setEditing(true)}
        >
          Add a comment…
        </button>
      ) : null}
      {open ? (
        <CardLinks links={links} handlers={handlers} annotationId={id} />
      ) : links.length > 0 ? (
        <p className="card-link-count" data-testid="card-link-count">
          {links.length === 1 ? '1 link' : `${String(links.length)} links`}
        </p>
      ) : null}
      {authorship !== null ? (
        <p className="card-authorship" data-testid="card-authorship">
          {authorship}
        </p>
      ) : byline !== null && !open ? (
        <p className="card-byline" data-testid="card-byline">
          {byline}
        </p>
      ) : null}
      {open ? (
        <div className="card-actions">
          {handlers.copyCitation === undefined ? null : (
            <button
              type="button"
              className="button button-quiet card-copy-citation"
              data-testid="copy-citation"
              // A point note keeps the button, dimmed, so the reader can learn why it does not apply.
              aria-disabled={point ? true : undefined}
              aria-keyshortcuts="Shift+C"
              title={point ? NOTHING_TO_CITE : 'Copy the quote with its citation (Shift+C)'}
              onClick={() => handlers.copyCitation?.(id)}
            >
              Copy with citation
            </button>
          )}
          <button
            type="button"
            className="button button-quiet button-danger-text card-delete"
            data-testid="delete-annotation"
            title={`Delete this ${point || note ? 'note' : 'highlight'} (Delete)`}
            onClick={(event) => {
              const card = event.currentTarget.closest<HTMLElement>('[data-annotation-id]');
              if (card !== null) remove(card);
            }}
          >
            Delete
          </button>
        </div>
      ) : null}
    </article>
  );
});

/** An open card's links: each with its relation, the other passage (to go to) and a way to remove it. */
function CardLinks({
  links,
  handlers,
  annotationId,
}: {
  readonly links: readonly PassageLinkItem[];
  readonly handlers: CardHandlers;
  readonly annotationId: string;
}): ReactNode {
  if (handlers.startLink === undefined && links.length === 0) return null;
  return (
    <div className="card-links">
      {links.length === 0 ? null : (
        <ul className="card-link-list" aria-label="Links" data-testid="card-links">
          {links.map((item) => {
            const other = shortenQuote(item.other.quote, 80) || 'a note at a point';
            return (
              <li key={item.view.link.id} className="card-link" data-testid="card-link">
                <span className="card-link-text">
                  <span className="card-link-relation">{item.label}</span>{' '}
                  <button
                    type="button"
                    className="card-link-go"
                    data-testid="follow-link"
                    title={`Go to this passage of “${item.other.title}” (Alt+← comes back)`}
                    onClick={() => handlers.followLink?.(item)}
                  >
                    “{other}”
                  </button>
                  {item.other.documentId === item.view.link.from.documentId &&
                  item.other.documentId === item.view.link.to.documentId ? null : (
                    <span className="card-link-title"> in {item.other.title}</span>
                  )}
                  {item.other.orphaned ? (
                    <span className="card-link-orphaned"> (its words were edited away)</span>
                  ) : null}
                  {item.view.link.comment === undefined ? null : (
                    <span className="card-link-comment"> — {item.view.link.comment}</span>
                  )}
                </span>
                {handlers.removeLink === undefined ? null : (
                  <button
                    type="button"
                    className="button button-quiet card-link-remove"
                    data-testid="remove-link"
                    aria-label={`Remove the link “${item.label}” to “${other}”`}
                    title="Remove this link (Undo brings it back)"
                    onClick={() => handlers.removeLink?.(item.view.link.id)}
                  >
                    ×
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {handlers.startLink === undefined ? null : (
        <button
          type="button"
          className="card-add-link"
          data-testid="add-link"
          aria-keyshortcuts="L"
          onClick={() => handlers.startLink?.(annotationId)}
        >
          Link to a passage… (L)
        </button>
      )}
    </div>
  );
}
