/**
 * Markdown in and out of the rich-text schema. Parsing uses markdown-it with raw HTML off and only the
 * constructs the schema has (paragraphs, quotes, lists, emphasis, links, line breaks): anything else,
 * a heading or `<script>` included, stays the literal text it was typed as. Links other than http(s)
 * and mailto are not links. Serialising writes CommonMark that parses back to the same document.
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import { MarkdownParser, MarkdownSerializer, defaultMarkdownSerializer } from 'prosemirror-markdown';
import type { Node as PMNode } from 'prosemirror-model';
import { MARKDOWN_LIST_TOKENS } from '../../../../../shared/markdown-lists';
import { safeHref } from '../../../../../shared/safe-link';
import { richTextSchema } from './schema';

/** Block and inline rules of markdown-it that produce something the schema cannot hold. */
const UNSUPPORTED_RULES = [
  'code',
  'fence',
  'heading',
  'lheading',
  'hr',
  'html_block',
  'html_inline',
  'table',
  'image',
  'backticks',
  'strikethrough',
  'linkify',
];

/** Deeper nesting than this is not Markdown a reader wrote; such input is read as plain text. */
const MAX_NESTING = 100;

/** The markdown-it instance every rich-text field and Markdown view uses. */
export function createMarkdownTokenizer(): MarkdownItInstance {
  const md = new MarkdownIt('commonmark', {
    html: false,
    linkify: false,
    breaks: false,
    maxNesting: MAX_NESTING,
  });
  md.disable(UNSUPPORTED_RULES, true);
  md.validateLink = (url: string): boolean => safeHref(url) !== null;
  return md;
}

/** The shared tokenizer. */
export const markdownTokenizer = createMarkdownTokenizer();

/**
 * markdown-it stops reading blocks nested deeper than its limit and drops the rest, so the parser
 * notes the deepest block it saw: input that reached the limit is read as plain text instead.
 */
let deepestLevel = 0;
const measuringTokenizer: MarkdownItInstance = Object.assign(
  Object.create(markdownTokenizer) as MarkdownItInstance,
  {
    parse(source: string, env: Parameters<MarkdownItInstance['parse']>[1]) {
      const tokens = markdownTokenizer.parse(source, env);
      deepestLevel = tokens.reduce((deepest, token) => Math.max(deepest, token.level), 0);
      return tokens;
    },
  },
);

const parser = new MarkdownParser(richTextSchema, measuringTokenizer, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  ...MARKDOWN_LIST_TOKENS,
  hardbreak: { node: 'hard_break' },
  // A line break the reader typed inside a paragraph is kept as one.
  softbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  link: {
    mark: 'link',
    getAttrs: (token) => ({ href: token.attrGet('href'), title: token.attrGet('title') ?? null }),
  },
});

/** `table[name]`, which prosemirror-markdown's default serialiser is known to have. */
function pick<T>(table: Readonly<Record<string, T>>, name: string): T {
  const entry = table[name];
  if (entry === undefined) throw new Error(`prosemirror-markdown has no serialiser for “${name}”.`);
  return entry;
}

const nodeSerializers = {
  blockquote: pick(defaultMarkdownSerializer.nodes, 'blockquote'),
  paragraph: pick(defaultMarkdownSerializer.nodes, 'paragraph'),
  bullet_list: pick(defaultMarkdownSerializer.nodes, 'bullet_list'),
  ordered_list: pick(defaultMarkdownSerializer.nodes, 'ordered_list'),
  list_item: pick(defaultMarkdownSerializer.nodes, 'list_item'),
  hard_break: pick(defaultMarkdownSerializer.nodes, 'hard_break'),
  text: pick(defaultMarkdownSerializer.nodes, 'text'),
};
const markSerializers = {
  em: pick(defaultMarkdownSerializer.marks, 'em'),
  strong: pick(defaultMarkdownSerializer.marks, 'strong'),
  link: pick(defaultMarkdownSerializer.marks, 'link'),
};

const serializer = new MarkdownSerializer(nodeSerializers, markSerializers);

/**
 * Writes lists with the other marker (`-` for bullets, `)` for numbers): a list right after a list of
 * the same kind must use it, or CommonMark reads the two as one.
 */
const otherMarkerSerializer = new MarkdownSerializer(
  {
    ...nodeSerializers,
    bullet_list: (state, node) => state.renderList(node, '  ', () => '- '),
    ordered_list: (state, node) => {
      const start = Number(node.attrs.order ?? 1);
      const width = String(start + node.childCount - 1).length;
      state.renderList(node, ' '.repeat(width + 2), (i) => `${String(start + i).padStart(width, ' ')}) `);
    },
  },
  markSerializers,
);

/** The rich-text document `markdown` describes. Never throws: what is not supported stays text. */
export function parseMarkdown(markdown: string): PMNode {
  const doc = parser.parse(markdown);
  return deepestLevel >= MAX_NESTING - 1 ? plainTextDoc(markdown) : doc;
}

/** `text` as paragraphs (at blank lines) of plain text, line breaks kept. */
function plainTextDoc(text: string): PMNode {
  const { paragraph, hard_break, doc } = richTextSchema.nodes;
  const paragraphs = text
    .split(/\n\s*\n/)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) =>
      paragraph.create(
        null,
        chunk
          .split('\n')
          .flatMap((line, i) => [
            ...(i > 0 ? [hard_break.create()] : []),
            ...(line === '' ? [] : [richTextSchema.text(line)]),
          ]),
      ),
    );
  return doc.create(null, paragraphs.length > 0 ? paragraphs : [paragraph.create()]);
}

/** `doc` as Markdown; an empty field is the empty string. */
export function serializeMarkdown(doc: PMNode): string {
  // The serialiser reads the end of its growing output as it goes, which costs time in proportion to
  // the output's length; written block by block, a long note costs in proportion to its length.
  const blocks: string[] = [];
  let previous: PMNode | null = null;
  let previousOther = false;
  doc.forEach((block) => {
    const isList = block.type.name === 'bullet_list' || block.type.name === 'ordered_list';
    const other = isList && previous?.type === block.type && !previousOther;
    const chosen = other ? otherMarkerSerializer : serializer;
    blocks.push(chosen.serialize(doc.type.create(null, block), { tightLists: true }).replace(/\s+$/, ''));
    previous = block;
    previousOther = other;
  });
  return blocks.filter((block) => block !== '').join('\n\n');
}

/** `markdown` as the rich-text fields store it: parsed and written back (the form a save produces). */
export function normalizeMarkdown(markdown: string): string {
  return serializeMarkdown(parseMarkdown(markdown));
}
