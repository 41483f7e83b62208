/**
 * Copy with citation (Shift+C, or the open card's button): the passage as a quotation with its
 * citation, “…” (Doyle 2009, 45), in the style and language the export dialog last used, put on the
 * clipboard as plain text and, where the clipboard takes it, as HTML with the style's italics and
 * links. A margin note at a point quotes nothing, so it has nothing to copy.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { PassageCitation, ScholiaApi } from '../../../../shared/api';
import { safeHref } from '../../../../shared/safe-link';
import { isPointTarget } from '../../../../shared/model';
import type { Action } from '../../app/actions/action';
import type { NoticeStore } from '../../app/notices/notice-store';
import { errorMessage } from '../../ui/error-message';
import { parseMarkdown } from '../../ui/rich-text/editor/markdown';
import { loadExportOptions } from '../export';
import type { AnnotationStore } from './annotation-store';

/** Why a margin note at a point cannot be copied with a citation. */
export const POINT_NOTE_REASON =
  'A note at a point in the text quotes nothing, so there is no quote to cite. Highlight the passage to quote it.';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => ESCAPES[character] ?? character);
}

/** One inline node as HTML: its text escaped, inside its marks (italic, bold, a web or e-mail link). */
function inlineHtml(node: PMNode): string {
  let html = node.isText ? escapeHtml(node.text ?? '') : node.type.name === 'hard_break' ? '<br>' : '';
  for (const mark of [...node.marks].reverse()) {
    if (mark.type.name === 'em') html = `<i>${html}</i>`;
    else if (mark.type.name === 'strong') html = `<b>${html}</b>`;
    else if (mark.type.name === 'link') {
      const href = safeHref(String(mark.attrs['href']));
      if (href !== null) html = `<a href="${escapeHtml(href)}">${html}</a>`;
    }
  }
  return html;
}

/**
 * `markdown` (a citation's CommonMark) as an HTML fragment for the clipboard: its italics, bold and
 * links, every other character as text. Paragraphs are joined by a space: a citation runs inline.
 */
export function citationHtml(markdown: string): string {
  const parts: string[] = [];
  parseMarkdown(markdown).descendants((node) => {
    if (!node.isTextblock) return true;
    let html = '';
    node.forEach((child) => {
      html += inlineHtml(child);
    });
    parts.push(html);
    return false;
  });
  return parts.join(' ');
}

/** The part of the browser's clipboard used here. */
export type CitationClipboard = Pick<Clipboard, 'writeText'> & Partial<Pick<Clipboard, 'write'>>;

/** Puts `citation` on `clipboard`: its text, and its HTML where the clipboard takes more than text. */
export async function writeCitation(clipboard: CitationClipboard, citation: PassageCitation): Promise<void> {
  if (clipboard.write !== undefined && typeof ClipboardItem !== 'undefined') {
    const item = new ClipboardItem({
      'text/plain': new Blob([citation.text], { type: 'text/plain' }),
      'text/html': new Blob([citationHtml(citation.markdown)], { type: 'text/html' }),
    });
    await clipboard.write([item]);
    return;
  }
  await clipboard.writeText(citation.text);
}

/** How long a quote the notice repeats. */
const NOTICE_QUOTE = 90;

/** What the reader is told once `citation` is copied: the quote (shortened) and its citation. */
export function copiedNotice(citation: PassageCitation): string {
  const { text, citation: cited } = citation;
  const quoted = text.endsWith(cited) ? text.slice(0, text.length - cited.length).trim() : text;
  if (quoted.length <= NOTICE_QUOTE) return `Copied: ${text}`;
  // The quotation's own closing mark stays, after the ellipsis.
  const close = quoted.at(-1) ?? '';
  const cut = quoted.slice(0, NOTICE_QUOTE);
  const space = cut.lastIndexOf(' ');
  const kept = (space > NOTICE_QUOTE * 0.6 ? cut.slice(0, space) : cut).trimEnd();
  return `Copied: ${kept}…${close} ${cited}`.trimEnd();
}

/** What copying needs. */
export interface CitationCopyOptions {
  readonly api: Pick<ScholiaApi, 'citePassage'>;
  readonly notices: Pick<NoticeStore, 'show'>;
  readonly annotations: Pick<AnnotationStore, 'get'>;
  readonly documentId: string;
  /** The browser's clipboard, or undefined where the page may not reach it. */
  readonly clipboard: () => CitationClipboard | undefined;
  /** Where the export dialog remembers its settings (the style and language to cite in). */
  readonly storage: () => Pick<Storage, 'getItem'>;
}

/**
 * Copies annotation `id` with its citation, and says so; an error (the style cannot be read, the
 * clipboard refused) is shown as a notice with what to do. Resolves once that is done; never rejects.
 */
export async function copyWithCitation(options: CitationCopyOptions, id: string): Promise<void> {
  const { api, notices, annotations, documentId } = options;
  const annotation = annotations.get(id);
  if (annotation === null) return;
  if (isPointTarget(annotation.selectors)) {
    notices.show('info', POINT_NOTE_REASON);
    return;
  }
  const { style, locale } = loadExportOptions(options.storage());
  let citation: PassageCitation;
  try {
    citation = await api.citePassage({ documentId, annotationId: id, style, locale });
  } catch (thrown) {
    notices.show('error', errorMessage(thrown, 'The quote could not be cited. Try again.'));
    return;
  }
  const clipboard = options.clipboard();
  try {
    if (clipboard === undefined) throw new Error('this window has no clipboard');
    await writeCitation(clipboard, citation);
  } catch (thrown) {
    const detail = thrown instanceof Error ? thrown.message : String(thrown);
    notices.show(
      'error',
      `The quote could not be put on the clipboard (${detail}). Click in the window and try again. The citation was: ${citation.text}`,
    );
    return;
  }
  notices.show('info', copiedNotice(citation));
}

/**
 * The `copy-with-citation` action (Shift+C): copies the annotation `target` names (the card focused
 * or open, else the highlight selected) with its citation.
 */
export function copyWithCitationAction(target: () => string | null, copy: (id: string) => void): Action {
  return {
    name: 'copy-with-citation',
    label: 'Copy with citation',
    shortcuts: [{ key: 'c', shift: true }],
    isEnabled: () => target() !== null,
    perform() {
      const id = target();
      if (id !== null) copy(id);
    },
  };
}
