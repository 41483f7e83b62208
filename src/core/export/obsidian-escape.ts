/**
 * Writing text into an Obsidian note so that Obsidian renders it as written. Obsidian reads CommonMark
 * and GitHub's extensions (so {@link escapeMarkdownInline} already covers emphasis, `[[links]]`,
 * `![[embeds]]`, `~~strikethrough~~`, tables and callouts' `[!`), and adds its own syntax
 * (help.obsidian.md, "Obsidian Flavored Markdown"): `#tag`, `==highlight==`, `%%comment%%`, a block id
 * `^id` at the end of a block, and `$`/`$$` math. Those are backslash-escaped here; each is ASCII
 * punctuation, so CommonMark reads the backslash as an escape and shows the character alone.
 *
 * Tags follow Obsidian's rules for tag names (help.obsidian.md, "Tags"): letters of any script, digits,
 * `_`, `-` and `/` for nesting, no spaces, and at least one character that is not a digit.
 */
import { escapeMarkdownInline, escapeMarkdownLineStart, protectEdgeSpaces } from './markdown-escape';

/** Obsidian's own inline syntax in text already escaped for CommonMark: `#`, `$`, `^` and runs of `=` or `%`. */
const OBSIDIAN = /[#$^]|={2,}|%{2,}/g;

function escapeRun(run: string): string {
  return run.replace(/./g, (char) => `\\${char}`);
}

/** Escapes CommonMark's and Obsidian's inline syntax anywhere in a line (no line breaks). */
export function escapeObsidianInline(text: string): string {
  return escapeMarkdownInline(text).replace(OBSIDIAN, escapeRun);
}

/** Escapes one line of text for a paragraph or heading of an Obsidian note, as {@link escapeMarkdownLine} does for CommonMark. */
export function escapeObsidianLine(line: string): string {
  return protectEdgeSpaces(escapeMarkdownLineStart(escapeObsidianInline(line)));
}

/**
 * What CommonMark keeps as it is in Markdown Scholia wrote (a citation from citeproc): autolinks and
 * inline HTML, character references, and backslash escapes. Obsidian's syntax is escaped only outside them.
 */
const MARKDOWN_ATOM = /<[^<>\n]*>|&#?[A-Za-z0-9]+;|\\[\s\S]/g;

/**
 * Obsidian's syntax escaped in text that is already CommonMark (a citation formatted by citeproc):
 * `#`, `$`, `^`, `==` and `%%` outside links, HTML, character references and existing escapes.
 */
export function escapeObsidianInMarkdown(markdown: string): string {
  let out = '';
  let at = 0;
  for (const match of markdown.matchAll(MARKDOWN_ATOM)) {
    out += markdown.slice(at, match.index).replace(OBSIDIAN, escapeRun) + match[0];
    at = match.index + match[0].length;
  }
  return out + markdown.slice(at).replace(OBSIDIAN, escapeRun);
}

/**
 * The reader's own Markdown (a note or comment) with an unclosed Obsidian comment closed off: a `%%`
 * without its pair would hide everything after it in the note (the following passages, the end
 * marker), so the last `%%` of an odd count is escaped. Paired `%%…%%` are the reader's own comments
 * and are kept, as is the rest of the reader's Markdown.
 */
export function closeObsidianComments(markdown: string): string {
  const runs = [...markdown.matchAll(/%%/g)];
  const last = runs.at(-1);
  if (runs.length % 2 === 0 || last === undefined) return markdown;
  return `${markdown.slice(0, last.index)}\\%\\%${markdown.slice(last.index + 2)}`;
}

/** A tag as Obsidian reads it: the name and, for a sub-tag, its parent's id. */
export interface ObsidianTagSource {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * One tag name made a valid Obsidian tag name of one level. A run of characters Obsidian does not allow
 * becomes `-` when it holds a space (so words stay apart, as in Obsidian's own `#multi-word` tags) and
 * `_` otherwise (an apostrophe, a "/", a "›"), so "Wages prices" and "Wages/prices" stay different tags;
 * a "/" never becomes a level. A name of digits only (not a valid tag) is prefixed with `_`.
 */
export function obsidianTagName(name: string): string {
  const mapped = name.trim().replace(/[^\p{L}\p{M}\p{N}_-]+/gu, (run) => (/\s/u.test(run) ? '-' : '_'));
  if (mapped === '') return '_';
  return /^\p{N}+$/u.test(mapped) ? `_${mapped}` : mapped;
}

/**
 * Every tag's path as an Obsidian tag (`Parent/Child`, each level by {@link obsidianTagName}). Sibling
 * names that become the same (Obsidian compares tags ignoring case) are told apart with `-2`, `-3`, …:
 * siblings are taken by name, then id, and the first keeps the plain name, so the result depends only
 * on the codebook.
 */
export function obsidianTagPaths(tags: readonly ObsidianTagSource[]): Map<string, string> {
  const levelName = new Map<string, string>();
  const taken = new Map<string | null, Set<string>>();
  const ordered = [...tags].sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
  for (const tag of ordered) {
    const siblings = taken.get(tag.parentId) ?? new Set<string>();
    taken.set(tag.parentId, siblings);
    const base = obsidianTagName(tag.name);
    let name = base;
    for (let n = 2; siblings.has(name.toLowerCase()); n += 1) name = `${base}-${String(n)}`;
    siblings.add(name.toLowerCase());
    levelName.set(tag.id, name);
  }
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const paths = new Map<string, string>();
  for (const tag of tags) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let at: ObsidianTagSource | undefined = tag; at !== undefined && !seen.has(at.id);) {
      seen.add(at.id);
      names.unshift(levelName.get(at.id) ?? '_');
      at = at.parentId === null ? undefined : byId.get(at.parentId);
    }
    paths.set(tag.id, names.join('/'));
  }
  return paths;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
