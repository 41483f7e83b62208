/**
 * The editor state of a rich-text field: its document parsed from Markdown, its own undo history, its
 * keys, its typed shortcuts and the placeholder shown while it is empty.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { blockRulesPlugin, richTextKeys, type RequestLink } from './commands';
import { parseMarkdown } from './markdown';

/** Whether `doc` holds nothing but one empty paragraph. */
export function isEmptyDoc(doc: PMNode): boolean {
  return (
    doc.childCount === 1 && doc.firstChild?.type.name === 'paragraph' && doc.firstChild.content.size === 0
  );
}

/** Shows `placeholder` in an empty field (as a decoration, never as content). */
function placeholderPlugin(placeholder: string): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        if (placeholder === '' || !isEmptyDoc(state.doc)) return null;
        const first = state.doc.firstChild;
        if (first === null) return null;
        return DecorationSet.create(state.doc, [
          Decoration.node(0, first.nodeSize, { class: 'rich-text-empty', 'data-placeholder': placeholder }),
        ]);
      },
    },
  });
}

/**
 * Typed spaces stay plain spaces. A browser types a no-break space (U+00A0) where a space would
 * otherwise collapse, as right after bold or italic text; kept, it would reach the saved Markdown.
 */
export function plainSpacesPlugin(): Plugin {
  return new Plugin({
    props: {
      handleTextInput(view, from, to, text) {
        if (!text.includes('\u00a0')) return false;
        view.dispatch(view.state.tr.insertText(text.replace(/\u00a0/g, ' '), from, to));
        return true;
      },
    },
  });
}

/** A fresh state holding `markdown`, with an empty undo history. */
export function createRichTextState(
  markdown: string,
  placeholder: string,
  requestLink: RequestLink,
): EditorState {
  return EditorState.create({
    doc: parseMarkdown(markdown),
    plugins: [
      history(),
      plainSpacesPlugin(),
      blockRulesPlugin(),
      keymap(richTextKeys(requestLink)),
      keymap(baseKeymap),
      placeholderPlugin(placeholder),
    ],
  });
}
