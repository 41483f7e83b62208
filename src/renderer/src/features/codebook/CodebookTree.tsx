/**
 * The codebook as an ARIA tree: one row per tag with its colour, name and passage count. Arrow keys
 * move and open or close branches, Enter or F2 renames in place, Delete asks to delete; a row can be
 * dragged onto another tag to move under it, or onto the strip below the tree to move to the top.
 */
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { TagSummary } from '../../../../shared/model';
import { descendantsOf } from '../../../../shared/codebook';
import { parentRowIndex, type CodebookRow } from './codebook-tree';
import { TagSwatch } from './TagSwatch';
import { namingKey } from '../../ui/NameField';

/** Props of {@link CodebookTree}. */
export interface CodebookTreeProps {
  readonly tags: readonly TagSummary[];
  readonly rows: readonly CodebookRow[];
  readonly selectedId: string | null;
  readonly renamingId: string | null;
  readonly onSelect: (id: string) => void;
  readonly onToggle: (id: string, expanded: boolean) => void;
  readonly onRenameStart: (id: string) => void;
  /** Resolves once saved; rejects (and the field stays open) when the name is refused. */
  readonly onRename: (id: string, name: string) => Promise<void>;
  readonly onRenameEnd: () => void;
  readonly onDelete: (id: string) => void;
  readonly onMove: (id: string, parentId: string | null) => void;
}

const DRAG_TYPE = 'application/x-scholia-tag';
const numberFormat = new Intl.NumberFormat();

/** Renders the tree. */
export function CodebookTree(props: CodebookTreeProps): ReactNode {
  const { tags, rows, selectedId, renamingId, onSelect, onToggle, onRenameStart, onDelete, onMove } = props;
  const tree = useRef<HTMLUListElement>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);
  const focusedIndex = Math.max(
    0,
    rows.findIndex((r) => r.tag.id === selectedId),
  );

  const focusRow = (index: number): void => {
    const row = rows[index];
    if (row === undefined) return;
    onSelect(row.tag.id);
    tree.current?.querySelector<HTMLElement>(`[data-tag-id="${CSS.escape(row.tag.id)}"]`)?.focus();
  };

  // Keep keyboard focus on the selected row when the rows change under it (a rename, a refresh).
  useEffect(() => {
    const list = tree.current;
    if (list === null || !list.contains(document.activeElement) || renamingId !== null) return;
    const id = rows[focusedIndex]?.tag.id;
    if (id !== undefined) list.querySelector<HTMLElement>(`[data-tag-id="${CSS.escape(id)}"]`)?.focus();
  }, [rows, focusedIndex, renamingId]);

  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const row = rows[index];
    if (row === undefined || renamingId !== null) return;
    const handled = ((): boolean => {
      switch (event.key) {
        case 'ArrowDown':
          focusRow(Math.min(rows.length - 1, index + 1));
          return true;
        case 'ArrowUp':
          focusRow(Math.max(0, index - 1));
          return true;
        case 'Home':
          focusRow(0);
          return true;
        case 'End':
          focusRow(rows.length - 1);
          return true;
        case 'ArrowRight':
          if (row.hasChildren && !row.expanded) onToggle(row.tag.id, true);
          else if (row.expanded) focusRow(index + 1);
          return true;
        case 'ArrowLeft':
          if (row.expanded) onToggle(row.tag.id, false);
          else if (parentRowIndex(rows, index) >= 0) focusRow(parentRowIndex(rows, index));
          return true;
        case 'Enter':
        case 'F2':
          onRenameStart(row.tag.id);
          return true;
        case 'Delete':
          onDelete(row.tag.id);
          return true;
        default:
          return false;
      }
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const canDropOn = (targetId: string | null): boolean => {
    if (dragged === null) return false;
    const tag = tags.find((t) => t.id === dragged);
    if (tag === undefined || tag.parentId === targetId) return false;
    return (
      targetId === null ||
      (targetId !== dragged && !descendantsOf(tags, dragged).some((below) => below.id === targetId))
    );
  };
  const dragOver = (event: DragEvent, targetId: string | null): void => {
    if (!canDropOn(targetId)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropOn(targetId ?? '');
  };
  const drop = (event: DragEvent, targetId: string | null): void => {
    event.preventDefault();
    const id = dragged;
    setDragged(null);
    setDropOn(null);
    if (id !== null && canDropOn(targetId)) onMove(id, targetId);
  };

  if (rows.length === 0) return null;
  return (
    <>
      <ul className="codebook-tree" role="tree" aria-label="Tags" ref={tree} data-testid="codebook-tree">
        {rows.map((row, index) => (
          <li
            key={row.tag.id}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-setsize={row.siblings}
            aria-posinset={row.position}
            aria-expanded={row.hasChildren ? row.expanded : undefined}
            aria-selected={row.tag.id === selectedId}
            tabIndex={index === focusedIndex ? 0 : -1}
            data-tag-id={row.tag.id}
            data-testid="codebook-row"
            className={['codebook-row', dropOn === row.tag.id ? 'codebook-drop' : null]
              .filter(Boolean)
              .join(' ')}
            style={{ paddingInlineStart: `${0.4 + row.depth * 1.25}rem` }}
            draggable={renamingId !== row.tag.id}
            onClick={() => onSelect(row.tag.id)}
            onDoubleClick={() => onRenameStart(row.tag.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_TYPE, row.tag.id);
              event.dataTransfer.effectAllowed = 'move';
              setDragged(row.tag.id);
            }}
            onDragEnd={() => {
              setDragged(null);
              setDropOn(null);
            }}
            onDragOver={(event) => dragOver(event, row.tag.id)}
            onDragLeave={() => setDropOn((current) => (current === row.tag.id ? null : current))}
            onDrop={(event) => drop(event, row.tag.id)}
          >
            <span className="codebook-twisty" aria-hidden="true">
              {row.hasChildren ? (
                <button
                  type="button"
                  tabIndex={-1}
                  className="codebook-twisty-button"
                  onClick={(event) => {
                    event.stopPropagation();
                    onToggle(row.tag.id, !row.expanded);
                  }}
                >
                  {row.expanded ? '▾' : '▸'}
                </button>
              ) : null}
            </span>
            <TagSwatch color={row.tag.color} />
            {renamingId === row.tag.id ? (
              <RenameField tag={row.tag} onRename={props.onRename} onEnd={props.onRenameEnd} />
            ) : (
              <span className="codebook-name">{row.tag.name}</span>
            )}
            <span
              className="codebook-count"
              title={`${numberFormat.format(row.tag.passageCount)} passages carry this tag`}
            >
              {numberFormat.format(row.tag.passageCount)}
              <span className="visually-hidden"> passages</span>
            </span>
          </li>
        ))}
      </ul>
      {dragged === null ? null : (
        <div
          className={['codebook-top-drop', dropOn === '' ? 'codebook-drop' : null].filter(Boolean).join(' ')}
          onDragOver={(event) => dragOver(event, null)}
          onDragLeave={() => setDropOn((current) => (current === '' ? null : current))}
          onDrop={(event) => drop(event, null)}
        >
          Drop here to move to the top of the codebook
        </div>
      )}
    </>
  );
}

/** The name of a tag as an input: Enter saves, Escape or leaving the field without a change cancels. */
function RenameField({
  tag,
  onRename,
  onEnd,
}: {
  tag: TagSummary;
  onRename: (id: string, name: string) => Promise<void>;
  onEnd: () => void;
}): ReactNode {
  const [name, setName] = useState(tag.name);
  const [saving, setSaving] = useState(false);
  const save = (): void => {
    if (saving) return;
    if (name.trim() === tag.name || name.trim() === '') {
      onEnd();
      return;
    }
    setSaving(true);
    onRename(tag.id, name.trim()).then(onEnd, () => setSaving(false));
  };
  return (
    <input
      className="text-field codebook-rename"
      aria-label={`New name for “${tag.name}”`}
      data-testid="codebook-rename"
      value={name}
      autoFocus
      maxLength={200}
      disabled={saving}
      onFocus={(event) => event.target.select()}
      onChange={(event) => setName(event.target.value)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => namingKey(event, save, onEnd)}
      onBlur={save}
    />
  );
}
