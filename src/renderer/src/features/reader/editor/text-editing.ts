/**
 * Edit mode ("Clean text"): the plugins that make the reading view an editor for a while, so the
 * reader can delete clutter, fix typos and split or join paragraphs. Typing goes through ordinary
 * transactions, so every highlight follows its words (the highlight plugin maps them); ProseMirror's
 * own history undoes typing while the edit lasts. The edit session also keeps the mapping of the
 * whole edit, to carry along what the highlight plugin does not hold (margin notes at a point).
 * Leaving edit mode removes these plugins again; the other plugins keep their state throughout.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { Mapping } from 'prosemirror-transform';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';

/** What the edit session remembers while it lasts. */
export interface EditSession {
  /** Maps positions in the text as it was when editing began to positions in the text now. */
  readonly mapping: Mapping;
  /** Whether any transaction has changed the text since editing began. */
  readonly changed: boolean;
}

/** The key of the edit-session plugin. */
export const editSessionKey = new PluginKey<EditSession>('text-edit-session');

/** The plugins that exist only while the text is being edited, marked so they can be taken out. */
const EDITING_PLUGINS = new WeakSet<Plugin>();

function sessionPlugin(): Plugin<EditSession> {
  return new Plugin<EditSession>({
    key: editSessionKey,
    state: {
      init: () => ({ mapping: new Mapping(), changed: false }),
      apply(tr, value) {
        if (!tr.docChanged) return value;
        // Appending in place keeps each keystroke constant-time; the session owns this mapping alone.
        value.mapping.appendMapping(tr.mapping);
        return value.changed ? value : { mapping: value.mapping, changed: true };
      },
    },
  });
}

/** What the reader's keys do while editing, besides typing. */
export interface EditingKeys {
  /** Ctrl/⌘+E: stop editing (and save). */
  readonly done: () => void;
}

/** `state` with the editing plugins added: history, the editing keys, and the edit session. */
export function startEditing(state: EditorState, keys: EditingKeys): EditorState {
  if (isEditing(state)) return state;
  const added = [
    history(),
    keymap({
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      'Mod-e': () => {
        keys.done();
        return true;
      },
    }),
    keymap(baseKeymap),
    sessionPlugin(),
  ];
  for (const plugin of added) EDITING_PLUGINS.add(plugin);
  return state.reconfigure({ plugins: [...state.plugins, ...added] });
}

/** `state` without the editing plugins (its document and every other plugin's state unchanged). */
export function stopEditing(state: EditorState): EditorState {
  if (!isEditing(state)) return state;
  return state.reconfigure({ plugins: state.plugins.filter((plugin) => !EDITING_PLUGINS.has(plugin)) });
}

/** Whether `state` is being edited. */
export function isEditing(state: EditorState): boolean {
  return editSessionKey.getState(state) !== undefined;
}

/** The edit session of `state`, or null when it is not being edited. */
export function editSession(state: EditorState): EditSession | null {
  return editSessionKey.getState(state) ?? null;
}
