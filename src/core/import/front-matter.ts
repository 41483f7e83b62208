/**
 * YAML front matter at the top of a Markdown file (`---` … `---`, as Jekyll, Hugo, Pandoc and
 * Obsidian write it). Scholia reads only the simple shapes bibliographic fields take there:
 *
 * ```yaml
 * title: "USSR 1989: the collapse of Stalinism"
 * author: [Clare Doyle, Peter Taaffe]   # or a "- item" list, or "- name: …" entries
 * date: 2009-11-18
 * summary: >
 *   folded text over
 *   several lines
 * ```
 *
 * Nested maps, anchors and other YAML features are skipped, never misread as text.
 */

/** A front-matter value: one string or a list of strings. */
export type FrontMatterValue = string | readonly string[];

/** The fields of a front-matter block, keyed by lower-case name. */
export type FrontMatter = ReadonlyMap<string, FrontMatterValue>;

/** The Markdown after the front matter, and the fields read from it. */
export interface SplitFrontMatter {
  /** The Markdown text without the front-matter block (the whole text when there is none). */
  readonly body: string;
  readonly fields: FrontMatter;
}

const OPENING = /^---[ \t]*\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;
// Every line of a real front-matter block is a key, a list item, an indented continuation or a comment.
const YAML_LINE = /^(?:[\w][\w .-]*:(?:\s|$)|\s+\S|-\s|-$|#|\s*$)/;

/**
 * Separates a leading front-matter block from the Markdown body. A block counts only when it opens
 * on the first line, closes with `---` or `...`, and every line in it looks like YAML; otherwise the
 * text is returned whole (a `---` at the top is then an ordinary thematic break).
 */
export function splitFrontMatter(text: string): SplitFrontMatter {
  const none = { body: text, fields: new Map<string, FrontMatterValue>() };
  if (!OPENING.test(text)) return none;
  const lines = text.split('\n');
  const close = lines.findIndex((line, index) => index > 0 && CLOSING.test(line));
  if (close < 0) return none;
  const yaml = lines.slice(1, close);
  if (!yaml.every((line) => YAML_LINE.test(line))) return none;
  return { body: lines.slice(close + 1).join('\n'), fields: parseFields(yaml) };
}

function parseFields(lines: readonly string[]): Map<string, FrontMatterValue> {
  const fields = new Map<string, FrontMatterValue>();
  let i = 0;
  while (i < lines.length) {
    const match = /^([\w][\w .-]*?)\s*:(?:\s+(.*))?$/.exec(lines[i] ?? '');
    i += 1;
    if (match === null) continue;
    const key = (match[1] ?? '').toLowerCase();
    const inline = stripComment(match[2] ?? '').trim();
    // Indented lines and "- item" lines below a key belong to it.
    const nested: string[] = [];
    while (i < lines.length && /^(?:\s+\S|-(?:\s|$))/.test(lines[i] ?? '')) {
      nested.push(lines[i] ?? '');
      i += 1;
    }
    const value = fieldValue(inline, nested);
    if (value !== null) fields.set(key, value);
  }
  return fields;
}

function fieldValue(inline: string, nested: readonly string[]): FrontMatterValue | null {
  if (inline === '|' || inline === '>' || /^[|>][+-]?$/.test(inline)) {
    const parts = nested.map((line) => line.trim());
    return inline.startsWith('|') ? parts.join('\n').trim() : parts.filter((p) => p !== '').join(' ');
  }
  if (inline.startsWith('[') && inline.endsWith(']')) {
    return splitFlowList(inline.slice(1, -1))
      .map(unquote)
      .filter((item) => item !== '');
  }
  if (inline !== '') return unquote(inline);
  const items = nested
    .map((line) => /^\s*-\s*(?:name\s*:\s*)?(.*)$/i.exec(line)?.[1])
    .filter((item): item is string => item !== undefined)
    .map((item) => unquote(stripComment(item).trim()))
    .filter((item) => item !== '');
  return items.length > 0 ? items : null;
}

/** Splits `a, "b, c", d` at the commas outside quotes. */
function splitFlowList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ',') {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  items.push(current.trim());
  return items;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value
      .slice(1, -1)
      .replace(/\\(["\\])/g, '$1')
      .replace(/\\n/g, '\n');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}

/** Removes a ` # comment` from an unquoted value (a `#` inside quotes is text). */
function stripComment(value: string): string {
  if (/^["']/.test(value.trim())) return value;
  const hash = value.search(/\s#/);
  return hash < 0 ? value : value.slice(0, hash);
}
