/**
 * A small rich-text field whose value is Markdown: bold, italic, links, lists and quotes, with its own
 * undo. It reports its value with `onCommit` when it loses focus and after a short pause in typing,
 * never per keystroke, and when it closes with unsaved typing. Ctrl/⌘+B, I and K; "- ", "1. " and
 * "> " start a list or a quote; Escape leaves the field.
 */
import { toggleMark, wrapIn } from 'prosemirror-commands';
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type SyntheticEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { linkAt, markActive, removeLink, setLink, wrapInList } from './editor/commands';
import { createRichTextState } from './editor/editor-state';
import { normalizeMarkdown, serializeMarkdown } from './editor/markdown';
import { linkFromInput } from '../../../../shared/safe-link';
import { richTextSchema } from './editor/schema';
import { useEditorView, type EditorViewOptions } from '../use-editor-view';

/** How long typing must pause before the field reports its value. */
export const COMMIT_DELAY_MS = 800;

/**
 * What a rich-text field's element matches: keys the app takes from anywhere else (Ctrl/⌘+K for the
 * command palette) belong to the field inside it, where they mean something of its own (a link).
 */
export const RICH_TEXT_FIELD_SELECTOR = '.rich-text';

/** Props of {@link RichTextEditor}. */
export interface RichTextEditorProps {
  /** The field's Markdown. A new value replaces what the field shows unless it is what the field last reported. */
  readonly value: string;
  /** Receives the field's Markdown when it changed: on blur, after a pause in typing, and on unmount. */
  readonly onCommit: (markdown: string) => void;
  /** The field's accessible name. */
  readonly label: string;
  /** Shown while the field is empty. */
  readonly placeholder?: string;
  /** Puts the cursor in the field when it appears. */
  readonly autoFocus?: boolean;
  /** Shows the formatting buttons above the field (default true). */
  readonly toolbar?: boolean;
  /** `data-testid` of the editable element. */
  readonly testId?: string;
  /** Called after Escape has left the field. */
  readonly onEscape?: () => void;
}

interface LinkForm {
  readonly address: string;
  readonly existing: boolean;
  readonly error: string | null;
}

const LINK_REFUSED =
  'A link can go to a web page (https://…) or an e-mail address (mailto:…). Type such an address, or cancel.';

/** The rich-text field. */
export function RichTextEditor({
  value,
  onCommit,
  label,
  placeholder = '',
  autoFocus = false,
  toolbar = true,
  testId,
  onEscape,
}: RichTextEditorProps): ReactNode {
  const [, setRevision] = useState(0);
  const [linkForm, setLinkForm] = useState<LinkForm | null>(null);
  const linkInputId = useId();
  // What the field last reported (or was given), as the field writes it; set once the view exists.
  const committed = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ onCommit, onEscape, placeholder });
  useLayoutEffect(() => {
    latest.current = { onCommit, onEscape, placeholder };
  }, [onCommit, onEscape, placeholder]);
  const openLinkForm = useCallback((target: EditorView) => {
    const existing = linkAt(target.state);
    setLinkForm({ address: existing?.href ?? '', existing: existing !== null, error: null });
  }, []);
  const [initialState] = useState(() => createRichTextState(value, placeholder, openLinkForm));
  const attributes = useMemo(
    () => ({
      class: 'rich-text-field',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label,
      ...(testId === undefined ? {} : { 'data-testid': testId }),
    }),
    [label, testId],
  );
  const options = useMemo((): EditorViewOptions => {
    const commit = (target: EditorView): void => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      const markdown = serializeMarkdown(target.state.doc);
      if (markdown === committed.current) return;
      committed.current = markdown;
      latest.current.onCommit(markdown);
    };
    return {
      editable: true,
      props: {
        handleKeyDown(target, event) {
          if (event.key !== 'Escape') return false;
          commit(target);
          target.dom.blur();
          latest.current.onEscape?.();
          return true;
        },
        handleDOMEvents: {
          blur(target) {
            commit(target);
            setRevision((n) => n + 1);
            return false;
          },
          focus() {
            setRevision((n) => n + 1);
            return false;
          },
        },
      },
      onCreate(created) {
        committed.current = serializeMarkdown(created.state.doc);
        if (autoFocus) created.focus();
      },
      onTransaction(created, tr) {
        if (!tr.docChanged) return;
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(created), COMMIT_DELAY_MS);
      },
      // Typing not yet reported is reported now, so closing a field never loses it.
      onDestroy(created) {
        commit(created);
      },
    };
  }, [autoFocus]);
  const { host, view } = useEditorView(initialState, attributes, options);

  // A value from outside (an undo, another window) replaces the field's text.
  useEffect(() => {
    // The field's own report coming back is the common case, and needs no parsing.
    if (view === null || value === committed.current) return;
    const incoming = normalizeMarkdown(value);
    if (incoming === committed.current) return;
    committed.current = incoming;
    if (serializeMarkdown(view.state.doc) === incoming) return;
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    view.updateState(createRichTextState(value, latest.current.placeholder, openLinkForm));
    // The toolbar reads the view's state, which has just been replaced outside React: show it once.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRevision((n) => n + 1);
  }, [value, view, openLinkForm]);

  const run = (command: Command): void => {
    if (view === null) return;
    command(view.state, view.dispatch);
    view.focus();
  };

  const applyLink = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (view === null || linkForm === null) return;
    const href = linkFromInput(linkForm.address);
    if (href === null) {
      setLinkForm({ ...linkForm, error: LINK_REFUSED });
      return;
    }
    setLink(href)(view.state, view.dispatch);
    setLinkForm(null);
    view.focus();
  };
  const closeLinkForm = (): void => {
    setLinkForm(null);
    view?.focus();
  };
  const onLinkKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    closeLinkForm();
  };

  const state = view?.state ?? null;
  const active = (mark: 'strong' | 'em' | 'link'): boolean =>
    state !== null && markActive(state, richTextSchema.marks[mark]);
  const { bullet_list, ordered_list, blockquote } = richTextSchema.nodes;
  return (
    <div className="rich-text">
      {toolbar ? (
        <div className="rich-text-toolbar" role="toolbar" aria-label={`Formatting of ${label}`}>
          <ToolButton
            label="Bold (Ctrl+B)"
            pressed={active('strong')}
            onPress={() => run(toggleMark(richTextSchema.marks.strong))}
          >
            <strong>B</strong>
          </ToolButton>
          <ToolButton
            label="Italic (Ctrl+I)"
            pressed={active('em')}
            onPress={() => run(toggleMark(richTextSchema.marks.em))}
          >
            <em>I</em>
          </ToolButton>
          <ToolButton
            label="Link (Ctrl+K)"
            pressed={active('link')}
            onPress={() => view !== null && openLinkForm(view)}
          >
            <span aria-hidden="true" className="rich-text-tool-link">
              Link
            </span>
          </ToolButton>
          <ToolButton label="Bulleted list (type “- ”)" onPress={() => run(wrapInList(bullet_list))}>
            <ListIcon numbered={false} />
          </ToolButton>
          <ToolButton label="Numbered list (type “1. ”)" onPress={() => run(wrapInList(ordered_list))}>
            <ListIcon numbered />
          </ToolButton>
          <ToolButton label="Quote (type “> ”)" onPress={() => run(wrapIn(blockquote))}>
            <span aria-hidden="true">❝</span>
          </ToolButton>
        </div>
      ) : null}
      <div className="rich-text-host" ref={host} />
      {linkForm === null ? null : (
        <form className="rich-text-link-form" onSubmit={applyLink} onKeyDown={onLinkKeyDown}>
          <label htmlFor={linkInputId}>Link to</label>
          <input
            id={linkInputId}
            className="text-field"
            type="text"
            inputMode="url"
            autoFocus
            value={linkForm.address}
            placeholder="https://…"
            aria-invalid={linkForm.error !== null}
            aria-describedby={linkForm.error === null ? undefined : `${linkInputId}-error`}
            onChange={(event) => setLinkForm({ ...linkForm, address: event.target.value, error: null })}
          />
          <button type="submit" className="button button-primary button-small">
            Apply
          </button>
          {linkForm.existing ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                if (view !== null) removeLink(view.state, view.dispatch);
                closeLinkForm();
              }}
            >
              Remove link
            </button>
          ) : null}
          <button type="button" className="button button-quiet button-small" onClick={closeLinkForm}>
            Cancel
          </button>
          {linkForm.error === null ? null : (
            <p className="rich-text-link-error" id={`${linkInputId}-error`} role="alert">
              {linkForm.error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

/**
 * The picture of a list on its button: lines, led by dots or by the figures 1 and 2. Drawn rather than
 * typed, since a figure in the button's text would be words its name ("Numbered list") does not say.
 */
function ListIcon({ numbered }: { numbered: boolean }): ReactNode {
  return (
    <svg
      className="rich-text-tool-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {numbered ? (
        <path
          d="M2.2 2.6 3.6 1.8V6.2M1.8 9.6c.4-.9 2.3-1 2.3.3 0 .9-2.3 2.2-2.3 3.4h2.4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.1"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ) : (
        <>
          <circle cx="2.9" cy="4" r="1.3" fill="currentColor" />
          <circle cx="2.9" cy="11.5" r="1.3" fill="currentColor" />
        </>
      )}
      <path d="M6.5 4h8M6.5 11.5h8" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

function ToolButton({
  label,
  pressed,
  onPress,
  children,
}: {
  label: string;
  pressed?: boolean;
  onPress: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <button
      type="button"
      className="rich-text-tool"
      title={label}
      aria-label={label}
      aria-pressed={pressed}
      tabIndex={-1}
      // Keeps the cursor (and selection) in the field while the button is pressed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onPress}
    >
      {children}
    </button>
  );
}
