/**
 * The metadata Scholia proposes for a freshly imported file: a CSL type and a title, plus author and
 * date when the file states them. The reader corrects these later; a proposal only has to be a
 * sensible start, never empty.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { FrontMatter, FrontMatterValue } from './front-matter';
import { proposePlainTextMetadata } from './plain-metadata';
import { clipTitle, DEFAULT_CSL_TYPE, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';

/**
 * Metadata for plain text: title, date, source and author from the first lines when they say so
 * (see `plain-metadata.ts`), else the first non-blank line as the title.
 */
export function proposePlainTextCsl(text: string, fileName: string): ProposedCsl {
  return proposePlainTextMetadata(text, fileName);
}

/**
 * Metadata for Markdown: the title is the front matter's `title`, else the first heading, else the
 * first line of text; `author` and `date` in the front matter become CSL `author` and `issued`.
 */
export function proposeMarkdownCsl(
  doc: ProseMirrorNode,
  frontMatter: FrontMatter,
  fileName: string,
): ProposedCsl {
  const csl: ProposedCsl = {
    type: DEFAULT_CSL_TYPE,
    title: titleOr(firstOf(frontMatter.get('title')) ?? firstHeading(doc) ?? firstLineOf(doc), fileName),
  };
  const authors = listOf(frontMatter.get('author') ?? frontMatter.get('authors')).map(parseCslName);
  if (authors.length > 0) csl.author = authors;
  const date = firstOf(frontMatter.get('date'));
  if (date !== undefined) csl.issued = parseCslDate(date);
  return csl;
}

/** `candidate` cleaned up as a title, or the file name without its extension when it is blank. */
function titleOr(candidate: string | undefined, fileName: string): string {
  const title = clipTitle(candidate ?? '');
  if (title !== '') return title;
  return fileName.replace(/\.[^.]+$/, '') || fileName;
}

function firstHeading(doc: ProseMirrorNode): string | undefined {
  let found: string | undefined;
  doc.descendants((node) => {
    if (found !== undefined) return false;
    if (node.type.name === 'heading' && node.textContent.trim() !== '') found = node.textContent;
    return !node.isTextblock;
  });
  return found;
}

function firstLineOf(doc: ProseMirrorNode): string | undefined {
  let found: string | undefined;
  doc.descendants((node) => {
    if (found !== undefined) return false;
    if (node.isTextblock) {
      found = node
        .textBetween(0, node.content.size, undefined, '\n')
        .split('\n')
        .find((line) => line.trim() !== '');
    }
    return !node.isTextblock;
  });
  return found;
}

function firstOf(value: FrontMatterValue | undefined): string | undefined {
  return listOf(value)[0];
}

function listOf(value: FrontMatterValue | undefined): readonly string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : value).filter((item) => item.trim() !== '');
}
