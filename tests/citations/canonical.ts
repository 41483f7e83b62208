/**
 * One form for a formatted entry or citation whichever engine made it, so that two are compared on
 * what a reader sees and not on how it was written down: a list of runs of text, each with its
 * formatting (italic, bold, superscript, subscript, link target).
 *
 * What is normalised away, because it is not a real difference: how the text was escaped or encoded
 * (CommonMark backslash escapes, entities, raw HTML tags for the same formatting), runs of white space
 * (one space; none at the ends), which side of an emphasis a space falls on (`*a* *b*` is `*a b*`),
 * small caps (Scholia writes them as plain text: CommonMark has no small caps), and a link whose text is
 * its own address (a bare URL and the autolink `<URL>` read the same). Everything else is kept: other
 * characters, typographic quotes and dashes, non-breaking spaces, punctuation inside or outside an
 * emphasis, a link whose text differs from its target.
 */
import MarkdownIt from 'markdown-it';

/** The formatting of one run of text. */
export interface Marks {
  em: boolean;
  strong: boolean;
  sup: boolean;
  sub: boolean;
  /** The link target, if the run is (part of) a link whose text is not its own address. */
  href?: string;
}

/** A run of text with one formatting. */
export interface Run {
  text: string;
  marks: Marks;
}

/** A formatted entry or citation in canonical form: runs merged, white space normalised. */
export interface Canonical {
  runs: readonly Run[];
  /** The runs written down in one way (see {@link writeCanonical}); equal strings mean equal outputs. */
  key: string;
}

/** Unformatted text. */
export const PLAIN: Marks = { em: false, strong: false, sup: false, sub: false };

function sameMarks(a: Marks, b: Marks): boolean {
  return a.em === b.em && a.strong === b.strong && a.sup === b.sup && a.sub === b.sub && a.href === b.href;
}

/**
 * `runs` in canonical form: white space collapsed to single spaces and trimmed, a white-space run given
 * the formatting of its neighbours when both have the same (else none), neighbours with the same
 * formatting merged, and a link whose text is its own address made plain.
 */
export function canonical(runs: readonly Run[]): Canonical {
  const pieces: Run[] = [];
  for (const run of runs) {
    const marks =
      run.marks.href !== undefined && run.text.trim() === run.marks.href ? unlinked(run.marks) : run.marks;
    for (const part of run.text.replace(/[ \t\r\n]+/g, ' ').split(/( )/)) {
      if (part !== '') pieces.push({ text: part, marks });
    }
  }
  // A link split over several runs whose whole text is its address is plain too.
  unlinkSelfLinks(pieces);
  while (pieces[0]?.text === ' ') pieces.shift();
  while (pieces.at(-1)?.text === ' ') pieces.pop();
  const merged: Run[] = [];
  pieces.forEach((piece, index) => {
    let marks = piece.marks;
    if (piece.text === ' ') {
      const before = merged.at(-1)?.marks;
      const after = pieces.slice(index + 1).find((next) => next.text !== ' ')?.marks;
      marks = before !== undefined && after !== undefined && sameMarks(before, after) ? before : PLAIN;
    }
    const last = merged.at(-1);
    if (last !== undefined && sameMarks(last.marks, marks)) {
      if (!(piece.text === ' ' && last.text.endsWith(' '))) last.text += piece.text;
    } else if (!(piece.text === ' ' && last?.text.endsWith(' ') === true)) {
      merged.push({ text: piece.text, marks });
    }
  });
  return { runs: merged, key: writeCanonical(merged) };
}

function unlinked(marks: Marks): Marks {
  const { href: _href, ...rest } = marks;
  return rest;
}

function unlinkSelfLinks(pieces: Run[]): void {
  let start = 0;
  while (start < pieces.length) {
    const href = pieces[start]?.marks.href;
    let end = start + 1;
    if (href === undefined) {
      start = end;
      continue;
    }
    while (end < pieces.length && pieces[end]?.marks.href === href) end += 1;
    const text = pieces
      .slice(start, end)
      .map((piece) => piece.text)
      .join('')
      .trim();
    if (text === href) {
      for (let i = start; i < end; i++) {
        const piece = pieces[i]!;
        pieces[i] = { text: piece.text, marks: unlinked(piece.marks) };
      }
    }
    start = end;
  }
}

/**
 * The runs written as a small CommonMark-like string: `*italic*`, `**bold**`, `^superscript^`,
 * `~subscript~`, `[text](target)`, with `\ * [ ] ^ ~` in the text escaped by a backslash.
 */
export function writeCanonical(runs: readonly Run[]): string {
  return runs
    .map(({ text, marks }) => {
      let out = text.replace(/[\\*[\]^~]/g, (char) => `\\${char}`);
      if (marks.sup) out = `^${out}^`;
      if (marks.sub) out = `~${out}~`;
      if (marks.strong) out = `**${out}**`;
      if (marks.em) out = `*${out}*`;
      if (marks.href !== undefined) out = `[${out}](${marks.href})`;
      return out;
    })
    .join('');
}

/** The text without any formatting. */
export function plainText(value: Canonical): string {
  return value.runs.map((run) => run.text).join('');
}

/** The texts set in italics, in order (empty when nothing is). */
export function italicTexts(value: Canonical): string[] {
  return value.runs.filter((run) => run.marks.em).map((run) => run.text.trim());
}

/** Plain text (what citeproc writes in its `text` format) in canonical form. */
export function fromPlainText(text: string): Canonical {
  return canonical([{ text, marks: PLAIN }]);
}

const markdown = new MarkdownIt('commonmark', { html: true, linkify: false, typographer: false });

interface Token {
  type: string;
  tag: string;
  content: string;
  attrGet(name: string): string | null;
}

/**
 * CommonMark inline text (as Scholia writes entries and citations) in canonical form. Raw HTML tags
 * for formatting (`<i>`, `<em>`, `<b>`, `<strong>`, `<sup>`, `<sub>`, small-caps spans) count as that
 * formatting; any other tag is kept as text.
 */
export function fromCommonMark(text: string): Canonical {
  const tokens = markdown.parseInline(text, {})[0]?.children ?? [];
  const runs: Run[] = [];
  const stack: Marks[] = [PLAIN];
  const htmlOpen: (keyof Marks | null)[] = [];
  const top = () => stack.at(-1) ?? PLAIN;
  const open = (change: Partial<Marks>) => stack.push({ ...top(), ...change });
  const close = () => {
    if (stack.length > 1) stack.pop();
  };
  for (const token of tokens as Token[]) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
        runs.push({ text: token.content, marks: top() });
        break;
      case 'softbreak':
      case 'hardbreak':
        runs.push({ text: ' ', marks: top() });
        break;
      case 'em_open':
        open({ em: true });
        break;
      case 'strong_open':
        open({ strong: true });
        break;
      case 'link_open':
        open({ href: token.attrGet('href') ?? '' });
        break;
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        close();
        break;
      case 'html_inline': {
        const tag = htmlTag(token.content);
        if (tag === null) {
          runs.push({ text: token.content, marks: top() });
        } else if (tag.closing) {
          const mark = htmlOpen.pop();
          if (mark !== undefined && mark !== null) close();
        } else {
          htmlOpen.push(tag.mark);
          if (tag.mark !== null) open({ [tag.mark]: true });
        }
        break;
      }
      default:
        runs.push({ text: token.content, marks: top() });
    }
  }
  return canonical(runs);
}

const HTML_MARKS: Record<string, keyof Marks | null> = {
  i: 'em',
  em: 'em',
  b: 'strong',
  strong: 'strong',
  sup: 'sup',
  sub: 'sub',
  span: null,
};

function htmlTag(html: string): { closing: boolean; mark: keyof Marks | null } | null {
  const match = /^<(\/?)([a-z]+)\b[^>]*>$/i.exec(html.trim());
  const name = match?.[2]?.toLowerCase();
  if (match === null || name === undefined || !(name in HTML_MARKS)) return null;
  return { closing: match[1] === '/', mark: HTML_MARKS[name] ?? null };
}
