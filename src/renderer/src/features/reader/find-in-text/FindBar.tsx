/**
 * The find bar of the reader (Ctrl/⌘+F): finds a word or phrase in the open text as the reader types,
 * marks every match, counts them ("3 of 41"), and steps through them with Enter and Shift+Enter (or F3
 * and Shift+F3, or the arrows beside the count), selecting each as a drag would, so a match can be
 * highlighted at once. Matching ignores case, accents and the shape of quotes (see `find-matches.ts`).
 * Escape closes the bar and clears the marks; the last match stays selected.
 */
import type { EditorView } from 'prosemirror-view';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { TextSpan } from '../../../../../shared/find';
import { posToOffset, type Projection } from '../../../../../shared/projection';
import type { Action } from '../../../app/actions/action';
import {
  findMatches,
  foldedTextOf,
  matchFrom,
  stepMatch,
  MAX_FIND_MATCHES,
  type FindResult,
} from './editor/find-matches';
import { dispatchFind, matchPositions, withFindPlugin } from './editor/find-plugin';
import { visibleBlocks } from '../editor/follow-viewport';
import { blockStart } from '../editor/drawing-window';
import { useActions } from '../../../app/actions/use-actions';
import { useServices } from '../../../app/services/use-services';
import './find-bar.css';

/** Props of {@link FindBar}. */
export interface FindBarProps {
  readonly view: EditorView;
  readonly projection: Projection;
  /** Resolves once the whole text is loaded (a match further on waits for it). */
  readonly whenComplete: Promise<undefined> | null;
  readonly onClose: () => void;
}

const numberFormat = new Intl.NumberFormat();

/** The offset of the top of the screen in `view`'s text (0 before the view has a layout). */
function offsetOnScreen(view: EditorView, projection: Projection): number {
  const visible = visibleBlocks(view);
  if (visible === null) return 0;
  const pos = Math.min(blockStart(view.state.doc, visible.first), view.state.doc.content.size);
  return posToOffset(projection, pos, 1);
}

/** Scrolls the window so `from` is on screen (a third of the way down when it was not) and, if asked, selects `from`–`to`. */
function showMatch(view: EditorView, from: number, to: number, select: boolean): void {
  const page = view.dom.ownerDocument;
  const browserWindow = page.defaultView;
  if (browserWindow === null) return;
  const box = view.coordsAtPos(from, 1);
  const margin = 96;
  if (box.top < margin || box.bottom > browserWindow.innerHeight - margin / 2)
    browserWindow.scrollTo({
      top: Math.max(0, box.top + browserWindow.scrollY - browserWindow.innerHeight / 3),
    });
  if (!select) return;
  const startAt = view.domAtPos(from, 1);
  const endAt = view.domAtPos(to, -1);
  const range = page.createRange();
  range.setStart(startAt.node, startAt.offset);
  range.setEnd(endAt.node, endAt.offset);
  const selection = page.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** Renders the bar, open, over `view`. */
export function FindBar({ view, projection, whenComplete, onClose }: FindBarProps): ReactNode {
  const { actions } = useServices();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<FindResult>({ matches: [], truncated: false });
  const [current, setCurrent] = useState(-1);
  const latest = useRef({ result, current });
  useLayoutEffect(() => {
    latest.current = { result, current };
  });

  useEffect(() => {
    withFindPlugin(view);
    input.current?.focus();
    input.current?.select();
    return () => {
      if (!view.isDestroyed) dispatchFind(view, { kind: 'clear' });
    };
  }, [view]);

  /** Makes match `index` current: scrolls to it, selecting it if asked (waiting for its text if need be). */
  const goTo = useCallback(
    (matches: readonly TextSpan[], index: number, select: boolean) => {
      setCurrent(index);
      dispatchFind(view, { kind: 'current', current: index });
      const span = matches[index];
      if (span === undefined) return;
      const show = (): void => {
        if (view.isDestroyed || latest.current.result.matches !== matches) return;
        const at = matchPositions(view.state.doc, projection, span);
        if (at !== null) showMatch(view, at.from, at.to, select);
      };
      if (matchPositions(view.state.doc, projection, span) !== null) show();
      else
        void whenComplete?.then(() => {
          // The marks were drawn before this part of the text arrived: draw them again now it has.
          dispatchFind(view, { kind: 'current', current: index });
          show();
        });
    },
    [view, projection, whenComplete],
  );

  const find = (text: string): void => {
    setQuery(text);
    const found = findMatches(foldedTextOf(projection), text);
    const start = matchFrom(found.matches, offsetOnScreen(view, projection));
    setResult(found);
    latest.current = { result: found, current: start };
    dispatchFind(view, { kind: 'set', projection, matches: found.matches, current: start });
    goTo(found.matches, start, false);
  };

  const step = useCallback(
    (direction: 1 | -1) => {
      const { result: now, current: at } = latest.current;
      const next = stepMatch(now.matches.length, at, direction);
      if (next >= 0) goTo(now.matches, next, true);
    },
    [goTo],
  );

  const close = useCallback(() => {
    onClose();
    // The reader's keys (H to highlight the match left selected, arrows to scroll) go to the text.
    view.dom.focus({ preventScroll: true });
  }, [onClose, view]);

  // F3 and Shift+F3 also work while the text has the focus, and Escape there closes the bar.
  const barActions = useMemo(
    (): Action[] => [
      {
        name: 'find-next',
        label: 'Next match',
        shortcuts: [{ key: 'F3', shift: false }],
        isEnabled: () => latest.current.result.matches.length > 0,
        perform: () => step(1),
      },
      {
        name: 'find-previous',
        label: 'Previous match',
        shortcuts: [{ key: 'F3', shift: true }],
        isEnabled: () => latest.current.result.matches.length > 0,
        perform: () => step(-1),
      },
      {
        name: 'close-find-bar',
        label: 'Close find',
        shortcuts: [{ key: 'Escape' }],
        isEnabled: () => true,
        perform: close,
      },
    ],
    [step, close],
  );
  useActions(actions, barActions);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' || event.key === 'F3') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const count = result.matches.length;
  const status =
    query.trim() === ''
      ? ''
      : count === 0
        ? 'No matches'
        : `${current < 0 ? '–' : numberFormat.format(current + 1)} of ${numberFormat.format(count)}${
            result.truncated ? '+' : ''
          }`;

  return (
    <div className="find-bar" role="search" aria-label="Find in this text" data-testid="find-bar">
      <input
        ref={input}
        className="text-field find-bar-input"
        type="search"
        placeholder="Find in text"
        aria-label="Find in this text"
        aria-describedby="find-bar-count"
        data-testid="find-bar-input"
        maxLength={1_000}
        value={query}
        onChange={(event) => find(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span
        id="find-bar-count"
        className={count === 0 && query.trim() !== '' ? 'find-bar-count find-bar-none' : 'find-bar-count'}
        role="status"
        data-testid="find-bar-count"
        title={
          result.truncated
            ? `Only the first ${numberFormat.format(MAX_FIND_MATCHES)} matches are counted.`
            : undefined
        }
      >
        {status}
      </span>
      <button
        type="button"
        className="button button-quiet find-bar-step"
        aria-label="Previous match (Shift+Enter)"
        title="Previous match (Shift+Enter)"
        disabled={count === 0}
        onClick={() => step(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button button-quiet find-bar-step"
        aria-label="Next match (Enter)"
        title="Next match (Enter)"
        data-testid="find-bar-next"
        disabled={count === 0}
        onClick={() => step(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="button button-quiet find-bar-step"
        aria-label="Close find (Escape)"
        title="Close find (Escape)"
        onClick={close}
      >
        ✕
      </button>
    </div>
  );
}
