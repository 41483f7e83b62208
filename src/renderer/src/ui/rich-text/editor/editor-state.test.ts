/** The rich-text field's state: typed no-break spaces become plain ones before they reach the Markdown. */
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { createRichTextState } from './editor-state';
import { serializeMarkdown } from './markdown';

/**
 * Sends `text` as typed input at the cursor through the state's plugins, the way the view does after
 * reading what the browser put in the page; without a plugin taking it, the text goes in as it is.
 */
function typeInput(state: EditorState, text: string): EditorState {
  let current = state;
  const { from, to } = current.selection;
  const view = {
    get state() {
      return current;
    },
    dispatch(tr: Transaction) {
      current = current.apply(tr);
    },
  };
  const handled = current.plugins.some(
    // The plugin reads only `state` and `dispatch`; the rest of a view is not needed without a page.
    (plugin) =>
      plugin.props.handleTextInput?.call(
        plugin,
        view as unknown as EditorView,
        from,
        to,
        text,
        () => current.tr,
      ) === true,
  );
  return handled ? current : current.apply(current.tr.insertText(text, from, to));
}

/** `markdown` in a field with the cursor at the end of its first paragraph. */
function atEnd(markdown: string): EditorState {
  const state = createRichTextState(markdown, '', () => undefined);
  const end = state.doc.firstChild!.nodeSize - 1;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
}

describe('typed spaces', () => {
  it('saves a space typed right after bold text as a plain space', () => {
    // The browser reports the space typed after <strong> as U+00A0; the next word follows it.
    const spaced = typeInput(atEnd('a **word**'), '\u00a0');
    const typed = typeInput(spaced, 'x');
    const markdown = serializeMarkdown(typed.doc);
    expect(markdown).not.toContain('\u00a0');
    expect(markdown).toMatch(/^a \*\*word( |\*\* )/);
    expect(typed.doc.textContent).toBe('a word x');
  });

  it('turns every no-break space of typed input into a plain one and keeps other text', () => {
    const typed = typeInput(atEnd('start'), ' one\u00a0two\u00a0');
    expect(typed.doc.textContent).toBe('start one two ');
  });

  it('leaves input without no-break spaces to the editor as it is', () => {
    const typed = typeInput(atEnd('start'), ' more');
    expect(serializeMarkdown(typed.doc)).toBe('start more');
  });
});
