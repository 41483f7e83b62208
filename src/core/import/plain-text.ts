/**
 * Plain text (`.txt`) to a document: paragraphs, and the occasional heading where one is unmistakable.
 *
 * - Lines are split at `\n`, form feeds, vertical tabs and Unicode line separators; a Unicode
 *   paragraph separator counts as a blank line. A form feed (page break) on a line of its own
 *   therefore separates paragraphs.
 * - Within a line, tabs, other control characters and runs of blank space become one space, and
 *   the line is trimmed. Nothing else is removed: every non-blank character of the input appears in
 *   the document, in order.
 * - Blank lines separate paragraphs; single line breaks are undone or kept according to whether
 *   the file is hard-wrapped (see `line-layout.ts`).
 * - Headings follow the conservative rule in `plain-headings.ts`, always at level 2.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import type { SourceIdentity } from './import-error';
import { DocumentTally } from './limits';
import { detectWrapWidth, layOutParagraphs, type Block } from './line-layout';
import { isClearHeading } from './plain-headings';

/** The level given to headings found in plain text (level 1 is left for a document's title). */
export const PLAIN_TEXT_HEADING_LEVEL = 2;

/**
 * Converts decoded plain text (`\n` line endings) to a `documentSchema` document with at least one
 * block. With `file`, a text of more paragraphs than the limit (`limits.ts`) is refused, naming it,
 * before any node is made (each costs about a kilobyte).
 */
export function plainTextToDoc(text: string, file?: SourceIdentity): ProseMirrorNode {
  const blocks = splitBlocks(text);
  const paragraphs = layOutParagraphs(blocks, detectWrapWidth(blocks));
  if (file !== undefined) {
    new DocumentTally(
      file,
      'Split it into smaller files (for example one per chapter) and import those.',
    ).add(paragraphs.length, text.length);
  }
  const schema = documentSchema;
  const nodes = paragraphs.map((paragraph, index) => {
    const content = paragraph.text === '' ? [] : [schema.text(paragraph.text)];
    return isClearHeading(paragraphs[index - 1], paragraph, paragraphs[index + 1])
      ? schema.nodes.heading.create({ level: PLAIN_TEXT_HEADING_LEVEL }, content)
      : schema.nodes.paragraph.create(null, content);
  });
  if (nodes.length === 0) nodes.push(schema.nodes.paragraph.create());
  return schema.nodes.doc.create(null, nodes);
}

// A control character, blank space other than a plain space, two spaces, or a space at either end.
const NEEDS_CLEANING = /\p{Cc}|[^\S ]| {2}|^ | $/u;
const BLANK_RUN = /[\p{Cc}\s]+/gu;

/** Splits text into blocks of cleaned, non-blank lines. */
export function splitBlocks(text: string): Block[] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const raw of text.replace(/\u2029/g, '\n\n').split(/[\n\f\v\u0085\u2028]/)) {
    // Most lines are already clean; testing first avoids rebuilding every line of a large file.
    const line = NEEDS_CLEANING.test(raw) ? raw.replace(BLANK_RUN, ' ').trim() : raw;
    if (line !== '') {
      current.push(line);
    } else if (current.length > 0) {
      blocks.push(current);
      current = [];
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}
