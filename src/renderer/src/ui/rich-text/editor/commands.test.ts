import { toggleMark } from 'prosemirror-commands';
import { undo } from 'prosemirror-history';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { applyBlockRules, linkAt, removeLink, setLink, splitListItem } from './commands';
import { createRichTextState } from './editor-state';
import { serializeMarkdown } from './markdown';
import { richTextSchema } from './schema';

function stateOf(markdown: string): EditorState {
  return createRichTextState(markdown, '', () => undefined);
}

/** Runs `command` on `state`; returns the new state, or null when the command did not apply. */
function run(state: EditorState, command: Command): EditorState | null {
  let next: EditorState | null = null;
  const applies = command(state, (tr: Transaction) => {
    next = state.apply(tr);
  });
  return applies ? next : null;
}

/** Types `text` at the cursor as a person would: typed shortcuts apply, otherwise the text goes in. */
function type(state: EditorState, text: string): EditorState {
  let current = state;
  for (const char of text) {
    const { from, to } = current.selection;
    const ruled = applyBlockRules(current, from, to, char);
    current = current.apply(ruled ?? current.tr.insertText(char, from, to));
  }
  return current;
}

function withCursorAt(state: EditorState, find: string, after = true): EditorState {
  let pos = -1;
  state.doc.descendants((node, at) => {
    if (pos < 0 && node.isText && node.text?.includes(find) === true)
      pos = at + node.text.indexOf(find) + (after ? find.length : 0);
  });
  if (pos < 0) throw new Error(`“${find}” is not in the document`);
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

function select(state: EditorState, find: string): EditorState {
  const start = withCursorAt(state, find, false).selection.from;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, start, start + find.length)));
}

describe('typed shortcuts', () => {
  it('starts a bullet list, a numbered list and a quote', () => {
    expect(serializeMarkdown(type(stateOf(''), '- milk').doc)).toBe('* milk');
    expect(serializeMarkdown(type(stateOf(''), '3. third').doc)).toBe('3. third');
    expect(serializeMarkdown(type(stateOf(''), '> said').doc)).toBe('> said');
  });

  it('leaves the same characters alone in the middle of a sentence', () => {
    expect(serializeMarkdown(type(stateOf(''), 'a - b 1. c > d').doc)).toBe('a - b 1. c > d');
  });

  it('can be taken back with the field’s undo', () => {
    const typed = type(stateOf(''), '- ');
    expect(typed.doc.firstChild?.type.name).toBe('bullet_list');
    const undone = run(typed, undo);
    expect(undone?.doc.firstChild?.type.name).toBe('paragraph');
  });
});

describe('lists', () => {
  it('Enter in a list item starts the next item', () => {
    const state = withCursorAt(stateOf('* one'), 'one');
    const split = run(state, splitListItem);
    expect(split).not.toBeNull();
    expect(serializeMarkdown(type(split!, 'two').doc)).toBe('* one\n* two');
  });

  it('Enter in an empty last item leaves the list', () => {
    const state = withCursorAt(stateOf('* one'), 'one');
    const split = run(state, splitListItem)!;
    const left = run(split, splitListItem)!;
    expect(serializeMarkdown(type(left, 'after').doc)).toBe('* one\n\nafter');
  });

  it('does nothing outside a list', () => {
    expect(run(withCursorAt(stateOf('plain'), 'plain'), splitListItem)).toBeNull();
  });
});

describe('marks and links', () => {
  it('bolds and italicises the selection', () => {
    const bold = run(select(stateOf('a word here'), 'word'), toggleMark(richTextSchema.marks.strong))!;
    expect(serializeMarkdown(bold.doc)).toBe('a **word** here');
    const both = run(select(bold, 'word'), toggleMark(richTextSchema.marks.em))!;
    expect(serializeMarkdown(both.doc)).toBe('a ***word*** here');
  });

  it('links the selection to a web address and refuses other targets', () => {
    const state = select(stateOf('see the source'), 'source');
    expect(run(state, setLink('javascript:alert(1)'))).toBeNull();
    expect(run(state, setLink('file:///etc/passwd'))).toBeNull();
    const linked = run(state, setLink('https://example.org'))!;
    expect(serializeMarkdown(linked.doc)).toBe('see the [source](https://example.org)');
  });

  it('inserts the address as a link at a cursor, and changes or removes the link under the cursor', () => {
    const inserted = run(withCursorAt(stateOf('mail to now'), 'mail to '), setLink('mailto:a@example.org'))!;
    expect(serializeMarkdown(inserted.doc)).toBe('mail to [a@example.org](mailto:a@example.org)now');

    const inLink = withCursorAt(stateOf('see [the source](https://a.org) now'), 'the so');
    expect(linkAt(inLink)?.href).toBe('https://a.org');
    const changed = run(inLink, setLink('https://b.org'))!;
    expect(serializeMarkdown(changed.doc)).toBe('see [the source](https://b.org) now');
    const removed = run(withCursorAt(changed, 'the so'), removeLink)!;
    expect(serializeMarkdown(removed.doc)).toBe('see the source now');
  });

  it('finds no link where there is none', () => {
    expect(linkAt(withCursorAt(stateOf('plain [l](https://a.org)'), 'pla'))).toBeNull();
    expect(run(withCursorAt(stateOf('plain'), 'pla'), removeLink)).toBeNull();
  });
});

describe('pasted HTML', () => {
  it('keeps only web and mail links', async () => {
    const { JSDOM } = await import('jsdom');
    const { DOMParser } = await import('prosemirror-model');
    const dom = new JSDOM(
      '<p><a href="javascript:alert(1)">bad</a> <a href="https://ok.org">good</a> <img src=x onerror="alert(1)"><script>alert(2)</script></p><h1>Head</h1>',
    );
    const doc = DOMParser.fromSchema(richTextSchema).parse(dom.window.document.body);
    expect(serializeMarkdown(doc)).toBe('bad [good](https://ok.org)\n\nHead');
  });
});
