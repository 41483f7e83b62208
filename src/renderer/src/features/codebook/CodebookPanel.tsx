/**
 * The codebook panel, a sheet at the side of the library or the reader (key T): the tag tree, a field
 * to add a top-level tag, the selected tag's details, and what the highlight colours mean. Every
 * change goes through the API and can be undone: Ctrl/⌘+Z works inside the panel too. Escape closes it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useServices } from '../../app/services/use-services';
import { useCodebook } from './codebook-context';
import { useWatchedStore } from '../../ui/use-store';
import { visibleRows } from './codebook-tree';
import { errorMessage } from '../../ui/error-message';
import { CodebookTree } from './CodebookTree';
import { ColourMeanings } from './ColourMeanings';
import { LinkRelations } from './LinkRelations';
import { TagDetails } from './TagDetails';

/** Props of {@link CodebookPanel}. */
export interface CodebookPanelProps {
  readonly onClose: () => void;
}

/** Renders the panel, open and modal. */
export function CodebookPanel({ onClose }: CodebookPanelProps): ReactNode {
  const { notices, actions } = useServices();
  const store = useCodebook();
  const snapshot = useWatchedStore(store);
  const dialog = useRef<HTMLDialogElement>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deleteRequested, setDeleteRequested] = useState(false);
  const [newName, setNewName] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Not modal: the text stays visible and readable beside the codebook, and notices show above it.
    if (!element.open) element.show();
    element.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"], #codebook-new-name')?.focus();
    return () => {
      element.close();
      before?.focus({ preventScroll: true });
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.defaultPrevented || event.nativeEvent.isComposing) return;
    const target = event.target as HTMLElement;
    const typing = target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
    // Escape leaves a field with something typed in it to the field; from an empty one it closes the panel.
    const empty = target instanceof HTMLInputElement && target.value === '';
    if (event.key === 'Escape' && (!typing || empty)) {
      event.preventDefault();
      onClose();
      return;
    }
    // Undo and redo of the codebook's changes, which the app's keys leave to a panel.
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || typing || event.altKey) return;
    const key = event.key.toLowerCase();
    const name = key === 'z' ? (event.shiftKey ? 'redo' : 'undo') : key === 'y' ? 'redo' : null;
    const action = name === null ? null : actions.get(name);
    if (action === null || !action.isEnabled()) return;
    event.preventDefault();
    action.perform();
  };

  const rows = useMemo(
    () => visibleRows(snapshot.tags, snapshot.collapsed),
    [snapshot.tags, snapshot.collapsed],
  );
  const selected = snapshot.tags.find((t) => t.id === selectedId) ?? null;
  const firstId = rows[0]?.tag.id ?? null;
  const shownId = selected?.id ?? firstId;
  const shown = snapshot.tags.find((t) => t.id === shownId) ?? null;

  const attempt = useCallback(
    async (change: () => Promise<unknown>, failure: string): Promise<boolean> => {
      try {
        await change();
        return true;
      } catch (thrown) {
        notices.show('error', errorMessage(thrown, failure));
        return false;
      }
    },
    [notices],
  );
  const deleteHandled = useCallback(() => setDeleteRequested(false), []);

  return (
    <dialog
      ref={dialog}
      className="side-sheet codebook-panel"
      aria-labelledby="codebook-title"
      data-testid="codebook-panel"
      aria-modal="false"
      onKeyDown={onKeyDown}
    >
      <header className="codebook-header">
        <h2 id="codebook-title">Codebook</h2>
        <button
          type="button"
          className="button button-quiet button-small"
          data-testid="codebook-close"
          onClick={onClose}
        >
          Close
        </button>
      </header>
      <form
        className="codebook-new"
        onSubmit={(event) => {
          event.preventDefault();
          const name = newName.trim();
          if (name === '') return;
          void attempt(async () => {
            const created = await store.create(name, null);
            setSelectedId(created.id);
            setNewName('');
          }, 'The tag could not be added.');
        }}
      >
        <label htmlFor="codebook-new-name" className="visually-hidden">
          New tag
        </label>
        <input
          id="codebook-new-name"
          className="text-field"
          value={newName}
          maxLength={200}
          placeholder="New tag…"
          data-testid="new-tag-input"
          onChange={(event) => setNewName(event.target.value)}
        />
        <button type="submit" className="button button-primary button-small" disabled={newName.trim() === ''}>
          Add tag
        </button>
      </form>
      <div className="codebook-body">
        <div className="codebook-tree-column">
          {snapshot.status === 'failed' ? (
            <p className="load-problem" role="alert">
              {snapshot.error}{' '}
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => void store.refresh()}
              >
                Try again
              </button>
            </p>
          ) : snapshot.status === 'ready' && rows.length === 0 ? (
            <p className="codebook-empty">
              No tags yet. Add one above, or tag a passage in the reader. Tags can have sub-tags: drag one
              onto another, or use “Move to…”.
            </p>
          ) : (
            <CodebookTree
              tags={snapshot.tags}
              rows={rows}
              selectedId={shownId}
              renamingId={renamingId}
              onSelect={setSelectedId}
              onToggle={(id, expanded) => store.setExpanded(id, expanded)}
              onRenameStart={setRenamingId}
              onRenameEnd={() => {
                setRenamingId(null);
                dialog.current
                  ?.querySelector<HTMLElement>(`[data-tag-id="${CSS.escape(shownId ?? '')}"]`)
                  ?.focus();
              }}
              onRename={async (id, name) => {
                const ok = await attempt(() => store.rename(id, name), 'The tag could not be renamed.');
                if (!ok) throw new Error('refused');
              }}
              onDelete={(id) => {
                setSelectedId(id);
                setDeleteRequested(true);
              }}
              onMove={(id, parentId) =>
                void attempt(() => store.move(id, parentId), 'The tag could not be moved.')
              }
            />
          )}
        </div>
        <div className="codebook-details-column">
          {shown === null ? null : (
            <TagDetails
              key={shown.id}
              tag={shown}
              tags={snapshot.tags}
              store={store}
              attempt={attempt}
              onRename={() => setRenamingId(shown.id)}
              deleteRequested={deleteRequested}
              onDeleteRequestHandled={deleteHandled}
              onMerged={(message, targetId) => {
                notices.show('info', message);
                setSelectedId(targetId);
              }}
            />
          )}
        </div>
      </div>
      <ColourMeanings />
      <LinkRelations />
    </dialog>
  );
}
