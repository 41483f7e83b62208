/**
 * The annotated bibliography in Markdown (CommonMark), grouped by source or by tag.
 *
 * By source: each document's bibliography entry, in the style's order, then the reader's note on it,
 * then its passages (quote, location, comment, tags, and its links to other passages: the relation,
 * the linked passage's quote and citation). By tag: the codebook as nested headings, under
 * each tag its passages with the source's in-text citation. Text from the library (quotes, entries, tag
 * names) is escaped so it renders as written; notes and comments are the reader's own Markdown and are
 * written as they are, with any HTML that could run script or load from elsewhere made inert.
 */
import type { ExportOptions } from '../../shared/export-options';
import { codebookOrder, tagLineage, tagPath, tagPaths } from '../../shared/codebook';
import { displayTitle, motivationOf } from '../../shared/model';
import { runSteps, type Steps } from '../util/sliced-work';
import {
  escapeMarkdownInline,
  escapeMarkdownLine,
  escapeMarkdownLineStart,
  inertMarkdown,
  markdownBlockQuote,
} from './markdown-escape';
import type { ExportReferences } from './references';
import {
  passageLinks,
  textOrder,
  type ExportDocument,
  type ExportPassage,
  type ExportSnapshot,
} from './snapshot';

/** The parts of the options the Markdown writers use. */
export type MarkdownOptions = Pick<ExportOptions, 'includeComments' | 'includeUntagged' | 'includeNotes'> & {
  /** The style's title, named under the heading. */
  styleTitle: string;
};

/** The location of a passage for the reader: `p. 45`, `pp. 45–46`, `¶ 12`, or that it lost its place. */
export function passageLocation(passage: ExportPassage): string {
  const { locator } = passage;
  if (passage.annotation.orphanedAt !== undefined || locator === null) return 'passage no longer in the text';
  if (locator.label === 'paragraph') return `¶ ${locator.locator}`;
  return `${locator.locator.includes('\u2013') ? 'pp.' : 'p.'} ${locator.locator}`;
}

/**
 * Where a passage is, as its line of facts begins: its citation with its locator in the export's style
 * (CommonMark), or where the export cites nothing, its location; a passage no longer in the text says so.
 */
export function passageCitation(
  passage: ExportPassage,
  documentId: string,
  references: ExportReferences,
): string[] {
  const cited = references.citationAt(documentId, passage.locator).markdown;
  if (cited === '') return [escapeMarkdownInline(passageLocation(passage))];
  return passage.locator === null ? [cited, escapeMarkdownInline(passageLocation(passage))] : [cited];
}

/** A quote on one line, shortened to `max` characters. */
export function quoteLine(exact: string, max: number): string {
  const flat = exact.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * A passage's links as a CommonMark list: the relation as read from the passage, the linked passage's
 * quote (a point note says so) and its citation (its document's title where the export cites nothing),
 * and the link's comment when comments are exported.
 */
function linksList(
  passage: ExportPassage,
  snapshot: ExportSnapshot,
  options: MarkdownOptions,
  references: ExportReferences,
): string {
  return passageLinks(snapshot, passage.annotation.id)
    .map(({ link, label, other }) => {
      const quote = quoteLine(other.passage.annotation.selectors[0].exact, 300);
      const cited = references.citationAt(other.meta.id, other.passage.locator).markdown;
      const comment = link.link.comment?.trim() ?? '';
      const parts = [
        `- *${escapeMarkdownInline(label)}*`,
        quote === '' ? escapeMarkdownInline('a note at a point') : `“${escapeMarkdownInline(quote)}”`,
        cited === '' ? escapeMarkdownInline(`(${displayTitle(other.meta)})`) : cited,
      ];
      const after =
        options.includeComments && comment !== '' ? `: ${inertMarkdown(comment).replace(/\n/g, '\n  ')}` : '';
      return `${parts.join(' ')}${after}`;
    })
    .join('\n');
}

function passageBlock(
  passage: ExportPassage,
  documentId: string,
  snapshot: ExportSnapshot,
  options: MarkdownOptions,
  references: ExportReferences,
): string {
  const { annotation } = passage;
  const parts: string[] = [];
  const quote = annotation.selectors[0].exact;
  if (quote !== '') parts.push(markdownBlockQuote(quote));
  const meaning = snapshot.colorLabels[annotation.color];
  const facts = [
    ...passageCitation(passage, documentId, references),
    escapeMarkdownInline(
      motivationOf(annotation) === 'commenting'
        ? 'margin note'
        : `${annotation.color}${meaning === '' ? '' : ` (${meaning})`}`,
    ),
  ];
  const tags = tagPaths(snapshot.tags, annotation.tagIds);
  if (tags.length > 0) facts.push(escapeMarkdownInline(`Tags: ${tags.join(', ')}`));
  parts.push(escapeMarkdownLineStart(facts.join(' · ')));
  if (options.includeComments && annotation.comment.trim() !== '')
    parts.push(inertMarkdown(annotation.comment.trim()));
  const links = linksList(passage, snapshot, options, references);
  if (links !== '') parts.push(links);
  return parts.join('\n\n');
}

/** The annotated bibliography grouped by source. */
export function markdownBySource(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: MarkdownOptions,
): string {
  return runSteps(markdownBySourceSteps(snapshot, references, options));
}

/** {@link markdownBySource} in steps: it yields after each passage. */
export function* markdownBySourceSteps(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: MarkdownOptions,
): Steps<string> {
  const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document]));
  const sections: string[] = [`# Annotated bibliography`, escapeMarkdownLine(options.styleTitle)];
  for (const id of references.order) {
    const document = byId.get(id);
    if (document === undefined) continue;
    sections.push(`## ${references.entry(id).markdown}`);
    if (options.includeNotes && document.meta.note.trim() !== '')
      sections.push(inertMarkdown(document.meta.note.trim()));
    for (const passage of [...document.passages].sort(textOrder)) {
      sections.push(passageBlock(passage, id, snapshot, options, references));
      yield;
    }
  }
  return `${sections.join('\n\n')}\n`;
}

/** The passages grouped by tag: the codebook as nested headings, each passage with its in-text citation. */
export function markdownByTag(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: MarkdownOptions,
): string {
  return runSteps(markdownByTagSteps(snapshot, references, options));
}

/** {@link markdownByTag} in steps: it yields after each document gathered and each passage written. */
export function* markdownByTagSteps(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: MarkdownOptions,
): Steps<string> {
  const rank = new Map(references.order.map((id, index) => [id, index]));
  const passages: { document: ExportDocument; passage: ExportPassage }[] = [];
  for (const document of snapshot.documents) {
    for (const passage of document.passages) passages.push({ document, passage });
    yield;
  }
  passages.sort(
    (a, b) =>
      (rank.get(a.document.meta.id) ?? 0) - (rank.get(b.document.meta.id) ?? 0) ||
      textOrder(a.passage, b.passage),
  );
  const byTag = new Map<string, typeof passages>();
  for (const entry of passages) {
    for (const tagId of entry.passage.annotation.tagIds) {
      const list = byTag.get(tagId) ?? [];
      list.push(entry);
      byTag.set(tagId, list);
    }
  }
  // Only tags with passages (at or below them) get a heading: a tag's own passages count for it and
  // for every tag above it.
  const byId = new Map(snapshot.tags.map((tag) => [tag.id, tag]));
  const withPassages = new Set(
    [...byTag.keys()].flatMap((tagId) => tagLineage(byId, tagId).map((tag) => tag.id)),
  );
  const sections: string[] = [`# Passages by tag`, escapeMarkdownLine(options.styleTitle)];
  for (const { tag, depth } of codebookOrder(snapshot.tags)) {
    if (!withPassages.has(tag.id)) continue;
    const level = Math.min(depth + 2, 6);
    const heading = depth + 2 > 6 ? tagPath(byId, tag.id) : tag.name;
    sections.push(`${'#'.repeat(level)} ${escapeMarkdownLine(heading)}`);
    if (tag.description.trim() !== '') sections.push(tag.description.trim());
    for (const entry of byTag.get(tag.id) ?? []) {
      sections.push(passageBlock(entry.passage, entry.document.meta.id, snapshot, options, references));
      yield;
    }
  }
  if (options.includeUntagged) {
    const known = new Set(snapshot.tags.map((tag) => tag.id));
    const untagged = passages.filter((entry) => !entry.passage.annotation.tagIds.some((id) => known.has(id)));
    if (untagged.length > 0) {
      sections.push('## Untagged');
      for (const entry of untagged) {
        sections.push(passageBlock(entry.passage, entry.document.meta.id, snapshot, options, references));
        yield;
      }
    }
  }
  if (options.includeNotes) {
    const noted = references.order
      .map((id) => snapshot.documents.find((document) => document.meta.id === id))
      .filter(
        (document): document is ExportDocument => document !== undefined && document.meta.note.trim() !== '',
      );
    if (noted.length > 0) {
      sections.push('## Notes on the sources');
      for (const document of noted) {
        sections.push(
          `### ${references.entry(document.meta.id).markdown}`,
          inertMarkdown(document.meta.note.trim()),
        );
      }
    }
  }
  return `${sections.join('\n\n')}\n`;
}
