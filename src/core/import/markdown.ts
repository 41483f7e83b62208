/**
 * Markdown (`.md`, `.markdown`) to a document, with CommonMark semantics (markdown-it) mapped onto
 * `documentSchema` by prosemirror-markdown.
 *
 * What the schema cannot or must not hold is rewritten before the tree is built:
 * - raw HTML is never interpreted (markdown-it runs with `html: false`, so `<script>` stays visible text);
 * - an image becomes its alt text (the schema has no images: imported text never fetches anything);
 * - a link keeps its target only when `safeDocumentHref` accepts it (http, https, mailto, `#`); otherwise
 *   its text stays, unlinked.
 * A leading YAML front-matter block is not part of the text; its fields are returned for metadata.
 */
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { MARKDOWN_LIST_TOKENS, type ListToken } from '../../shared/markdown-lists';
import { safeDocumentHref } from '../../shared/safe-link';
import { documentSchema } from '../../shared/schema';
import { splitFrontMatter, type FrontMatter } from './front-matter';

/** A parsed Markdown file. */
export interface ParsedMarkdown {
  /** The text as a `documentSchema` document with at least one block. */
  readonly doc: ProseMirrorNode;
  /** The front-matter fields (empty when the file has none). */
  readonly frontMatter: FrontMatter;
}

const tokenizer = new MarkdownIt('commonmark', { html: false });
// Let every link through the tokenizer: allowlistInline then keeps the safe targets and, for the
// others, the link text. (markdown-it's own check would leave `[text](javascript:…)` as literal markup.)
tokenizer.validateLink = () => true;
tokenizer.core.ruler.push('scholia_schema_allowlist', (state: StateCore) => {
  for (const token of state.tokens) {
    if (token.children !== null) token.children = allowlistInline(token.children, state);
  }
});

const parser = new MarkdownParser(documentSchema, tokenizer, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  ...MARKDOWN_LIST_TOKENS,
  heading: { block: 'heading', getAttrs: (token) => ({ level: Number(token.tag.slice(1)) }) },
  code_block: { block: 'code_block', noCloseToken: true },
  fence: { block: 'code_block', getAttrs: (token) => ({ params: token.info }), noCloseToken: true },
  hr: { node: 'horizontal_rule' },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  link: {
    mark: 'link',
    getAttrs: (token) => {
      const title = attrText(token, 'title');
      // allowlistInline has already dropped every link whose href safeDocumentHref refuses.
      return { href: attrText(token, 'href') ?? '#', title: title === '' ? null : title };
    },
  },
  code_inline: { mark: 'code', noCloseToken: true },
});

/** Parses Markdown text (`\n` line endings) into a document and its front matter. */
export function markdownToDoc(text: string): ParsedMarkdown {
  const { body, fields } = splitFrontMatter(text);
  return { doc: parser.parse(body), frontMatter: fields };
}

/** Rewrites one inline token stream so that it holds only what the schema allows (see module comment). */
function allowlistInline(tokens: readonly Token[], state: StateCore): Token[] {
  const out: Token[] = [];
  // For each open link, whether it was kept; CommonMark links cannot nest, but be safe if they do.
  const openLinks: boolean[] = [];
  for (const token of tokens) {
    if (token.type === 'image') {
      const alt = new state.Token('text', '', 0);
      alt.content = plainText(token.children ?? []);
      out.push(alt);
    } else if (token.type === 'link_open') {
      const href = safeDocumentHref(attrText(token, 'href'));
      openLinks.push(href !== null);
      if (href !== null) {
        token.attrSet('href', href);
        out.push(token);
      }
    } else if (token.type === 'link_close') {
      if (openLinks.pop() !== false) out.push(token);
    } else {
      out.push(token);
    }
  }
  return out;
}

/** The text of inline tokens without their markup (an image's alt text). */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'text' || token.type === 'code_inline') return token.content;
      if (token.type === 'softbreak' || token.type === 'hardbreak') return ' ';
      return plainText(token.children ?? []);
    })
    .join('');
}

/**
 * A token attribute as text (markdown-it types attributes as strings or numbers). prosemirror-markdown
 * declares tokens with the DefinitelyTyped `Token`, markdown-it 15 with its own class; both fit.
 */
function attrText(token: Pick<ListToken, 'attrGet'>, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}
