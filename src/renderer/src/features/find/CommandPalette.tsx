/**
 * The command palette (Ctrl/⌘+K, anywhere): type part of a name to jump to a document, show the
 * passages carrying a tag, or do any action that applies now. The actions come from the action
 * registry, with their labels and keys, so the palette always offers what the keyboard can do. It is
 * driven by the keyboard (↑ ↓ to choose, Enter to go, Escape to close) and announced as a combobox
 * with its list box of options.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { authorLine } from '../../../../shared/authors';
import { tagPath } from '../../../../shared/codebook';
import { displayTitle } from '../../../../shared/model';
import type { Action } from '../../app/actions/action';
import { displayShortcut } from '../../app/actions/shortcut';
import { useServices } from '../../app/services/use-services';
import { useStore, useWatchedStore } from '../../ui/use-store';
import { useCodebook } from '../codebook';
import { useLibrary } from '../library';
import { rankPaletteItems, type PaletteItem, type PaletteKind, type RankedItem } from './palette-ranking';
import './palette.css';

/** Props of {@link CommandPalette}. */
export interface CommandPaletteProps {
  readonly onClose: () => void;
  readonly onOpenDocument: (documentId: string) => void;
  readonly onShowTag: (tagId: string) => void;
}

/** Actions the palette never offers: opening itself, and keys that only make sense pressed. */
const HIDDEN_ACTIONS = new Set(['open-palette', 'close-find-bar', 'clear-selection', 'back-to-library']);

const KIND_LABEL: Readonly<Record<PaletteKind, string>> = {
  document: 'Document',
  tag: 'Tag',
  action: 'Action',
};

/** A name with its matched characters in bold. */
function MatchedLabel({ ranked }: { ranked: RankedItem }): ReactNode {
  const { label } = ranked.item;
  if (ranked.matched.length === 0) return label;
  const hits = new Set(ranked.matched);
  const parts: ReactNode[] = [];
  let run = '';
  let inHit = false;
  const flush = (key: number): void => {
    if (run === '') return;
    parts.push(inHit ? <b key={key}>{run}</b> : run);
    run = '';
  };
  for (let i = 0; i < label.length; i += 1) {
    const hit = hits.has(i);
    if (hit !== inHit) {
      flush(i);
      inHit = hit;
    }
    run += label.charAt(i);
  }
  flush(label.length);
  return <>{parts}</>;
}

/** Renders the palette, open. */
export function CommandPalette({ onClose, onOpenDocument, onShowTag }: CommandPaletteProps): ReactNode {
  const { actions } = useServices();
  const { library } = useLibrary();
  const { documents, status: documentsStatus, error: documentsError } = useStore(library);
  const { tags, status: tagsStatus, error: tagsError } = useWatchedStore(useCodebook());
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  // Where the focus was before the dialog's field took it (at the first render, before autofocus).
  const [before] = useState(() => {
    const active = document.activeElement;
    return active instanceof HTMLElement || active instanceof SVGElement ? active : null;
  });
  const listId = useId();
  // The actions that apply as the palette opens (before it takes the focus from the reader's selection).
  const [available] = useState<Action[]>(() =>
    actions.list().filter((action) => !HIDDEN_ACTIONS.has(action.name) && action.isEnabled()),
  );

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => {
      element.close();
      before?.focus({ preventScroll: true });
    };
  }, [before]);

  const items = useMemo((): PaletteItem[] => {
    const byId = new Map(tags.map((tag) => [tag.id, tag]));
    return [
      ...documents.map((d) => ({
        kind: 'document' as const,
        id: d.id,
        label: displayTitle(d),
        detail: authorLine(d.csl.author) ?? '',
      })),
      ...tags.map((t) => ({
        kind: 'tag' as const,
        id: t.id,
        label: t.name,
        detail: tagPath(byId, t.id),
      })),
      ...available.map((a) => ({
        kind: 'action' as const,
        id: a.name,
        label: a.label,
        detail: a.shortcuts.map((s) => displayShortcut(s)).join(' or '),
      })),
    ];
  }, [documents, tags, available]);

  const ranked = useMemo(() => rankPaletteItems(items, query), [items, query]);
  const chosen = Math.min(active, ranked.length - 1);

  const go = (entry: RankedItem | undefined): void => {
    if (entry === undefined) return;
    const { kind, id } = entry.item;
    onClose();
    if (kind === 'document') onOpenDocument(id);
    else if (kind === 'tag') onShowTag(id);
    else {
      const action = available.find((a) => a.name === id);
      // After the palette has closed and given the focus back, as if the key had been pressed there.
      if (action !== undefined) window.requestAnimationFrame(() => action.perform());
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    const count = ranked.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count > 0) setActive((chosen + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Home' && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(ranked[chosen]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  useEffect(() => {
    dialog.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [chosen, ranked]);

  const optionId = (index: number): string => `${listId}-option-${index}`;
  return (
    <dialog
      ref={dialog}
      className="palette"
      aria-label="Go to a document, tag or action"
      data-testid="palette"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialog.current) onClose();
      }}
    >
      <input
        className="palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={chosen >= 0 ? optionId(chosen) : undefined}
        aria-label="Go to a document, tag or action"
        placeholder="Go to a document, tag or action…"
        data-testid="palette-input"
        autoFocus
        maxLength={500}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
      />
      <ul className="palette-list" role="listbox" id={listId} aria-label="Matches">
        {ranked.map((entry, index) => (
          <li
            key={`${entry.item.kind}:${entry.item.id}`}
            id={optionId(index)}
            role="option"
            aria-selected={index === chosen}
            className="palette-option"
            data-testid="palette-option"
            data-kind={entry.item.kind}
            onMouseMove={() => {
              if (index !== chosen) setActive(index);
            }}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => go(entry)}
          >
            <span className={`palette-kind palette-kind-${entry.item.kind}`}>
              {KIND_LABEL[entry.item.kind]}
            </span>
            <span className="palette-label">
              <MatchedLabel ranked={entry} />
            </span>
            {entry.item.detail === undefined || entry.item.detail === '' ? null : (
              <span className={entry.item.kind === 'action' ? 'palette-keys' : 'palette-detail'}>
                {entry.item.detail}
              </span>
            )}
          </li>
        ))}
      </ul>
      {documentsStatus === 'failed' ? (
        <p className="palette-empty" role="alert">
          {documentsError}
        </p>
      ) : null}
      {tagsStatus === 'failed' ? (
        <p className="palette-empty" role="alert">
          {tagsError}
        </p>
      ) : null}
      {ranked.length === 0 ? (
        <p className="palette-empty" role="status">
          Nothing is called that. Try fewer letters, or search the text of the library with Ctrl+Shift+F.
        </p>
      ) : null}
    </dialog>
  );
}
