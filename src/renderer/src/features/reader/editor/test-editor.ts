/**
 * Test support for the editor modules: turns plain prose (the fixtures in tests/fixtures) into a
 * document of the shared schema. Used only by `*.test.ts` files.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { projectDocument } from '../../../../../shared/projection';
import { documentSchema } from '../../../../../shared/schema';
import type { Highlight } from './highlight-decoration';
import { rangeForOffsets } from './passage-selectors';

/**
 * A document with one paragraph per blank-line-separated chunk of `text`; single line breaks inside a
 * chunk become hard breaks. A chunk of the form `# Title` becomes a heading.
 */
export function proseDoc(text: string): ProseMirrorNode {
  const { nodes } = documentSchema;
  const blocks = text
    .split(/\n[ \t]*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const heading = /^#\s+(.*)$/.exec(chunk);
      if (heading !== null) return nodes.heading.create({ level: 1 }, documentSchema.text(heading[1] ?? ''));
      const inline = chunk.split('\n').flatMap((line, i) => {
        const pieces: ProseMirrorNode[] = i > 0 ? [nodes.hard_break.create()] : [];
        return line === '' ? pieces : [...pieces, documentSchema.text(line)];
      });
      return nodes.paragraph.create(null, inline);
    });
  return nodes.doc.create(null, blocks);
}

/**
 * A yellow highlight with id `id` over the first occurrence of `passage` in `doc`'s plain-text
 * projection (so a passage may run across paragraphs, written with a blank line between them).
 */
export function highlightOn(doc: ProseMirrorNode, id: string, passage: string): Highlight {
  const projection = projectDocument(doc);
  const start = projection.text.indexOf(passage);
  if (start < 0) throw new Error(`"${passage}" is not in the document`);
  return { id, color: 'yellow', ...rangeForOffsets(projection, { start, end: start + passage.length }) };
}
