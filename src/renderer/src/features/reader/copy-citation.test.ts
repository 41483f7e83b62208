import { describe, expect, it } from 'vitest';
import type { PassageCitation } from '../../../../shared/api';
import type { Annotation } from '../../../../shared/model';
import {
  citationHtml,
  copiedNotice,
  copyWithCitation,
  POINT_NOTE_REASON,
  writeCitation,
} from './copy-citation';

const bureaucracy: PassageCitation = {
  text: '“the privileged bureaucracy” (Doyle 2009, 45)',
  markdown: '“the privileged bureaucracy” (Doyle 2009, 45)',
  citation: '(Doyle 2009, 45)',
  locator: { label: 'page', locator: '45' },
};

/** A citation in a note style, whose title is in italics. */
const noted: PassageCitation = {
  text: '“bureaucratic rule” Clare Doyle, USSR 1989 - the collapse of Stalinism, 45.',
  markdown: '“bureaucratic rule” Clare Doyle, *USSR 1989 - the collapse of Stalinism*, 45.',
  citation: 'Clare Doyle, USSR 1989 - the collapse of Stalinism, 45.',
  locator: { label: 'page', locator: '45' },
};

function annotation(exact: string): Annotation {
  return {
    id: 'a1',
    documentId: 'd1',
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: 'the ', suffix: ' of' },
      { type: 'TextPositionSelector', start: 10, end: 10 + exact.length },
    ],
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A clipboard that keeps what it is given as text. */
function textClipboard(): { writeText(text: string): Promise<void>; text: string | null } {
  return {
    text: null,
    writeText(text) {
      this.text = text;
      return Promise.resolve();
    },
  };
}

function noticeLog(): { shown: [string, string][]; show(kind: 'info' | 'error', message: string): number } {
  return {
    shown: [],
    show(kind, message) {
      this.shown.push([kind, message]);
      return this.shown.length;
    },
  };
}

const storage = { getItem: () => JSON.stringify({ style: 'chicago-author-date', locale: 'en-GB' }) };

describe('copying a quote with its citation', () => {
  it('writes the style’s italics as HTML, and everything else as text', () => {
    expect(citationHtml(noted.markdown)).toBe(
      '“bureaucratic rule” Clare Doyle, <i>USSR 1989 - the collapse of Stalinism</i>, 45.',
    );
  });

  it('keeps markup in a quote as text in the HTML', () => {
    expect(citationHtml('“a <script>alert(1)</script> & \\*b\\*” (Doyle 2009, 45)')).toBe(
      '“a &lt;script&gt;alert(1)&lt;/script&gt; &amp; *b*” (Doyle 2009, 45)',
    );
  });

  it('keeps a web link and drops any other', () => {
    expect(citationHtml('[site](https://example.org) [bad](javascript:alert(1))')).toBe(
      '<a href="https://example.org">site</a> [bad](javascript:alert(1))',
    );
  });

  it('puts the plain text on a clipboard that takes only text', async () => {
    const clipboard = textClipboard();
    await writeCitation(clipboard, bureaucracy);
    expect(clipboard.text).toBe(bureaucracy.text);
  });

  it('says what was copied, quote and citation', () => {
    expect(copiedNotice(bureaucracy)).toBe('Copied: “the privileged bureaucracy” (Doyle 2009, 45)');
  });

  it('shortens a long quote in the notice but keeps its closing mark and the whole citation', () => {
    const long =
      'the Stalinist regimes of Russia, Central and Eastern Europe foundered, allowing capitalism to be restored';
    const notice = copiedNotice({ ...bureaucracy, text: `“${long}” (Doyle 2009, 45)`, markdown: '' });
    expect(notice).toBe(
      'Copied: “the Stalinist regimes of Russia, Central and Eastern Europe foundered, allowing…” (Doyle 2009, 45)',
    );
  });

  it('cites in the style and language the export dialog last used', async () => {
    const asked: unknown[] = [];
    const clipboard = textClipboard();
    const notices = noticeLog();
    await copyWithCitation(
      {
        api: {
          citePassage: (args) => {
            asked.push(args);
            return Promise.resolve(bureaucracy);
          },
        },
        notices,
        annotations: { get: () => annotation('privileged bureaucracy') },
        documentId: 'd1',
        clipboard: () => clipboard,
        storage: () => storage,
      },
      'a1',
    );
    expect(asked).toEqual([
      { documentId: 'd1', annotationId: 'a1', style: 'chicago-author-date', locale: 'en-GB' },
    ]);
    expect(clipboard.text).toBe(bureaucracy.text);
    expect(notices.shown).toEqual([['info', 'Copied: “the privileged bureaucracy” (Doyle 2009, 45)']]);
  });

  it('tells why a note at a point has nothing to copy, without asking core', async () => {
    const notices = noticeLog();
    await copyWithCitation(
      {
        api: { citePassage: () => Promise.reject(new Error('not asked')) },
        notices,
        annotations: { get: () => annotation('') },
        documentId: 'd1',
        clipboard: () => textClipboard(),
        storage: () => storage,
      },
      'a1',
    );
    expect(notices.shown).toEqual([['info', POINT_NOTE_REASON]]);
  });

  it('says clearly when the clipboard cannot be reached, with the citation to copy by hand', async () => {
    const notices = noticeLog();
    await copyWithCitation(
      {
        api: { citePassage: () => Promise.resolve(bureaucracy) },
        notices,
        annotations: { get: () => annotation('privileged bureaucracy') },
        documentId: 'd1',
        clipboard: () => ({ writeText: () => Promise.reject(new Error('Document is not focused.')) }),
        storage: () => storage,
      },
      'a1',
    );
    expect(notices.shown).toEqual([
      [
        'error',
        'The quote could not be put on the clipboard (Document is not focused.). Click in the window and try again. The citation was: “the privileged bureaucracy” (Doyle 2009, 45)',
      ],
    ]);
  });
});
