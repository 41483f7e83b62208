/**
 * Shows Markdown (a note, a comment, a tag description) as formatted text, safely: it is tokenized by
 * the same markdown-it configuration as the rich-text fields (raw HTML is text, only http(s) and
 * mailto links) and turned into React elements, never into HTML. Links open outside the window, in
 * the system's browser or mail program.
 */
import type { Token } from 'markdown-it';
import { createElement, useMemo, type ReactNode } from 'react';
import { markdownTokenizer } from './editor/markdown';
import { safeHref } from '../../../../shared/safe-link';

/** Props of {@link MarkdownView}. */
export interface MarkdownViewProps {
  readonly markdown: string;
  readonly className?: string;
  readonly testId?: string;
}

/** One element being built: its tag and attributes, and the children collected so far. */
interface Frame {
  readonly tag: string | null;
  readonly props: Record<string, string | undefined>;
  readonly children: ReactNode[];
}

const BLOCK_TAGS: Readonly<Record<string, string>> = {
  paragraph_open: 'p',
  blockquote_open: 'blockquote',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  strong_open: 'strong',
  em_open: 'em',
  link_open: 'a',
};

function propsOf(token: Token): Record<string, string | undefined> {
  if (token.type === 'ordered_list_open') {
    const start = token.attrGet('start');
    return start === null ? {} : { start: String(start) };
  }
  if (token.type === 'link_open') {
    const href = safeHref(String(token.attrGet('href') ?? ''));
    const title = token.attrGet('title');
    return href === null
      ? {}
      : {
          href,
          target: '_blank',
          rel: 'noopener noreferrer',
          title: title === null ? undefined : String(title),
        };
  }
  return {};
}

/** React elements for markdown-it `tokens` (block and inline). Exported for tests. */
export function renderTokens(tokens: readonly Token[]): ReactNode[] {
  const root: Frame = { tag: null, props: {}, children: [] };
  const stack: Frame[] = [root];
  const top = (): Frame => stack.at(-1) ?? root;
  const walk = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'inline') {
        walk(token.children ?? []);
      } else if (token.nesting === 1) {
        // A tight list's paragraphs are hidden: their text sits directly in the list item.
        const tag = token.hidden ? null : (BLOCK_TAGS[token.type] ?? 'span');
        stack.push({ tag, props: propsOf(token), children: [] });
      } else if (token.nesting === -1) {
        const frame = stack.pop();
        if (frame === undefined || stack.length === 0) continue;
        const parent = top();
        const key = parent.children.length;
        if (frame.tag === null) parent.children.push(...frame.children);
        else parent.children.push(createElement(frame.tag, { ...frame.props, key }, ...frame.children));
      } else if (token.type === 'text') {
        top().children.push(token.content);
      } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
        top().children.push(createElement('br', { key: top().children.length }));
      }
    }
  };
  walk(tokens);
  return root.children;
}

/** Renders `markdown`. */
export function MarkdownView({ markdown, className, testId }: MarkdownViewProps): ReactNode {
  const children = useMemo(() => renderTokens(markdownTokenizer.parse(markdown, {})), [markdown]);
  return (
    <div className={['markdown-view', className].filter(Boolean).join(' ')} data-testid={testId}>
      {children}
    </div>
  );
}
