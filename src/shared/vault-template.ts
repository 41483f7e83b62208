/**
 * The layout of a vault note as a template with placeholders, in the manner of Obsidian's Zotero
 * Integration and Mustache, kept to what a note needs: `{{name}}` writes a value, `{{#name}}…{{/name}}`
 * writes its inside once per passage (for `passages`) or once when the value is not empty (nor `0`),
 * and `{{^name}}…{{/name}}` writes its inside when it is. A section's tag alone on its line takes its
 * line break with it, so sections on lines of their own add no blank lines. Nothing in a template runs: values
 * are written as they are (already escaped by the vault writer) and are never read as template text.
 * A placeholder the template does not know is an error that names it.
 */

/** The placeholders of a document's note. */
export const DOCUMENT_FIELDS = [
  'title',
  'citation',
  'entry',
  'note',
  'link',
  'citekey',
  'date',
  'authors',
  'passageCount',
] as const;
/** The placeholders of one passage, inside `{{#passages}}…{{/passages}}` (the document's are there too). */
export const PASSAGE_FIELDS = [
  'quote',
  'comment',
  'facts',
  'citation',
  'tags',
  'color',
  'locator',
  'link',
  'blockId',
  'links',
] as const;

export type DocumentField = (typeof DOCUMENT_FIELDS)[number];
export type PassageField = (typeof PASSAGE_FIELDS)[number];

/** What each document placeholder writes, in words for the reader (the export dialog lists them). */
export const DOCUMENT_FIELD_HELP: Readonly<Record<DocumentField, string>> = {
  title: 'the document’s title',
  citation: 'its citation in the chosen style',
  entry: 'its bibliography entry in the chosen style',
  note: 'your note on it',
  link: 'a link that opens it in Scholia',
  citekey: 'its citation key',
  date: 'its date of publication',
  authors: 'its authors',
  passageCount: 'how many passages it has (a section: written when there are any)',
};

/** What each passage placeholder writes, inside `{{#passages}}…{{/passages}}`. */
export const PASSAGE_FIELD_HELP: Readonly<Record<PassageField, string>> = {
  quote: 'the quote, as a block quotation (empty for a point note)',
  comment: 'your comment',
  facts: 'its citation and tags on one line',
  citation: 'its citation with the page or paragraph',
  tags: 'its tags, as Obsidian tags',
  color: 'its colour and what the colour means',
  locator: 'its page or paragraph',
  link: 'a link that opens it in Scholia',
  blockId: 'its block id, for embedding the passage elsewhere (^id)',
  links:
    'its links to other passages, one list item each: the relation and a link to the passage (a section: written when it has any)',
};

/** What a note is written from: the document's values and, per passage, the passage's. */
export interface VaultTemplateValues {
  document: Record<DocumentField, string>;
  passages: ReadonlyArray<Record<PassageField, string>>;
}

/**
 * The default layout (Scholia's own): title, entry with its link, the reader's note, then each passage:
 * its quote carrying the block id on its last line, the comment, the line of facts (a point note,
 * without a quote, carries the block id there), and its links to other passages as a list.
 */
export const DEFAULT_VAULT_TEMPLATE = `# {{title}}

{{entry}} [Open in Scholia]({{link}})
{{#note}}

## Note

{{note}}
{{/note}}
{{#passageCount}}

## Passages
{{/passageCount}}
{{#passages}}

{{#quote}}{{quote}} ^{{blockId}}

{{/quote}}
{{#comment}}{{comment}}

{{/comment}}
{{facts}} [Open in Scholia]({{link}}){{^quote}} ^{{blockId}}{{/quote}}
{{#links}}

{{links}}
{{/links}}
{{/passages}}`;

/** A template that cannot be used, with what is wrong in words for the reader. */
export class VaultTemplateError extends Error {
  override name = 'VaultTemplateError';
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z]+)\s*\}\}/g;

/**
 * The template parsed and checked: every placeholder known where it stands, every section closed.
 * Throws {@link VaultTemplateError} naming the unknown placeholders or the unclosed section.
 */
export function parseVaultTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ name: string; children: Node[] }> = [{ name: '', children: root }];
  const unknown = new Set<string>();
  let at = 0;
  const source = template.replace(/\r\n?/g, '\n');
  for (const match of source.matchAll(TAG)) {
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    pushText(top.children, source.slice(at, match.index));
    at = match.index + match[0].length;
    const [, sigil, name = ''] = match;
    const inPassages = stack.some((frame) => frame.name === 'passages');
    // A closing tag is checked against the section it closes, below.
    const known =
      sigil === '/' ||
      (name === 'passages'
        ? sigil !== '' && !inPassages
        : (DOCUMENT_FIELDS as readonly string[]).includes(name) ||
          (inPassages && (PASSAGE_FIELDS as readonly string[]).includes(name)));
    if (!known) unknown.add(name);
    if (sigil === '/') {
      if (top.name !== name)
        throw new VaultTemplateError(
          `The template closes {{/${name}}} where ${top.name === '' ? 'no section is open' : `{{#${top.name}}} is open`}.`,
        );
      stack.pop();
      if (standsAlone(source, match.index, at)) at += 1;
    } else if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', name, inverted: sigil === '^', children: [] };
      top.children.push(section);
      stack.push({ name, children: section.children });
      if (standsAlone(source, match.index, at)) at += 1;
    } else {
      top.children.push({ kind: 'value', name });
    }
  }
  if (unknown.size > 0) {
    const names = [...unknown].map((name) => `{{${name}}}`).join(', ');
    throw new VaultTemplateError(`The template has placeholders Scholia does not know: ${names}.`);
  }
  const open = stack[stack.length - 1];
  if (stack.length > 1 && open !== undefined)
    throw new VaultTemplateError(`The template does not close {{#${open.name}}}.`);
  pushText(root, source.slice(at));
  return root;
}

/** Whether the tag from `start` to `end` is alone on its line (its line break then belongs to it). */
function standsAlone(source: string, start: number, end: number): boolean {
  return (start === 0 || source[start - 1] === '\n') && source[end] === '\n';
}

function pushText(nodes: Node[], text: string): void {
  if (text !== '') nodes.push({ kind: 'text', text });
}

/** A template as {@link parseVaultTemplate} reads it, to check once and write many notes by. */
export type ParsedVaultTemplate = readonly Node[];

/**
 * The note's region written by `template` (default {@link DEFAULT_VAULT_TEMPLATE}, or one already
 * parsed) from `values`.
 */
export function renderVaultTemplate(
  values: VaultTemplateValues,
  template: string | ParsedVaultTemplate = DEFAULT_VAULT_TEMPLATE,
): string {
  return renderNodes(typeof template === 'string' ? parseVaultTemplate(template) : template, values, null);
}

function renderNodes(
  nodes: readonly Node[],
  values: VaultTemplateValues,
  passage: Record<PassageField, string> | null,
): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') out += lookup(node.name, values, passage);
    else if (node.name === 'passages') {
      if (node.inverted)
        out += values.passages.length === 0 ? renderNodes(node.children, values, passage) : '';
      else for (const each of values.passages) out += renderNodes(node.children, values, each);
    } else if (isEmpty(lookup(node.name, values, passage)) === node.inverted) {
      out += renderNodes(node.children, values, passage);
    }
  }
  return out;
}

/** Whether a section of `value` counts as empty: no text, or a count of nought. */
function isEmpty(value: string): boolean {
  return value === '' || value === '0';
}

function lookup(
  name: string,
  values: VaultTemplateValues,
  passage: Record<PassageField, string> | null,
): string {
  if (passage !== null && Object.hasOwn(passage, name)) return passage[name as PassageField];
  return Object.hasOwn(values.document, name) ? values.document[name as DocumentField] : '';
}
