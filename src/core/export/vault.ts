/**
 * Notes for a Markdown vault (Obsidian, Logseq, any folder of Markdown): one file per document, with
 * YAML front matter (title, authors, date, citation key, tags), the citation, the reader's note and every
 * passage, each with a stable block id (`^scholia-<first 8 characters of its id>`, at the end of its
 * quote's last line so that `![[note#^id]]` embeds the quote; on the facts line of a point note) and a
 * `scholia://` link that opens Scholia at the passage, and the passage's links to other passages as block
 * links (`- *quotes* [[Other note#^scholia-…]]`). Text from the library is escaped for Obsidian
 * (`obsidian-escape.ts`), tags are made valid Obsidian tags, and the layout may be the reader's own
 * template (`vault-template.ts`).
 *
 * What Scholia writes sits between `<!-- scholia:begin … -->` and `<!-- scholia:end -->`, and the front
 * matter keys it owns are listed in {@link OWNED_KEYS}. Exporting again into the same folder replaces
 * exactly those and keeps every other line the reader added.
 */
import { tagPaths } from '../../shared/codebook';
import type { Annotation, CslDate, CslName, Tag } from '../../shared/model';
import { displayTitle } from '../../shared/model';
import { escapeMarkdownLineStart, inertMarkdown, markdownBlockQuote } from './markdown-escape';
import { passageCitation, passageLocation, type MarkdownOptions } from './markdown';
import {
  closeObsidianComments,
  escapeObsidianInline,
  escapeObsidianInMarkdown,
  escapeObsidianLine,
  obsidianTagPaths,
} from './obsidian-escape';
import {
  DEFAULT_VAULT_TEMPLATE,
  parseVaultTemplate,
  renderVaultTemplate,
  type VaultTemplateValues,
} from '../../shared/vault-template';
import { citationKey } from './open-formats';
import { runSteps, type Steps } from '../util/sliced-work';
import type { ExportReferences } from './references';
import {
  passageLinks,
  textOrder,
  type ExportDocument,
  type ExportLinkEnd,
  type ExportSnapshot,
} from './snapshot';

/** Front matter keys Scholia writes (and replaces on re-export). */
export const OWNED_KEYS = ['title', 'authors', 'date', 'citekey', 'tags', 'scholia-id'] as const;

export const BEGIN_MARK = '<!-- scholia:begin';
export const END_MARK = '<!-- scholia:end -->';

/** The `scholia://` link that opens a document, at an annotation when one is given. */
export function scholiaLink(documentId: string, annotationId?: string): string {
  const query = new URLSearchParams({ document: documentId });
  if (annotationId !== undefined) query.set('annotation', annotationId);
  return `scholia://open?${query.toString()}`;
}

/** The block id of a passage: stable across exports, as it comes from the annotation's id. */
export function blockId(annotationId: string): string {
  return `scholia-${annotationId
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 8)
    .toLowerCase()}`;
}

/**
 * The block id of each passage of a note (Obsidian's block ids are letters, digits and dashes, unique
 * in their note): {@link blockId}, unless passages' ids begin alike; then the one made first keeps it
 * and the others get their whole ids (a number after them should even those agree), so a passage
 * added later never changes the id of one already linked to or embedded.
 */
export function noteBlockIds(
  annotations: readonly Pick<Annotation, 'id' | 'createdAt'>[],
): Map<string, string> {
  const ordered = [...annotations].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const { id: annotationId } of ordered) {
    const short = blockId(annotationId);
    let id = taken.has(short) ? `scholia-${annotationId.replace(/[^A-Za-z0-9-]/g, '').toLowerCase()}` : short;
    for (let n = 2; taken.has(id); n += 1) id = `${short}-${String(n)}`;
    taken.add(id);
    ids.set(annotationId, id);
  }
  return ids;
}

/** Each exported document's note: its name for a link, and its passages' block ids, once per snapshot. */
const notesOf = new WeakMap<ExportSnapshot, Map<string, { name: string; blocks: Map<string, string> }>>();

function noteOf(snapshot: ExportSnapshot, documentId: string) {
  let notes = notesOf.get(snapshot);
  if (notes === undefined) {
    notes = new Map(
      snapshot.documents.map((document) => [
        document.meta.id,
        {
          name: vaultFileName(document).replace(/\.md$/, ''),
          blocks: noteBlockIds(document.passages.map((passage) => passage.annotation)),
        },
      ]),
    );
    notesOf.set(snapshot, notes);
  }
  return notes.get(documentId);
}

/**
 * How a link reaches the passage at its other end: an Obsidian link to its block in its note when the
 * export writes that note with the passage; else its quote, shortened, and its document's title.
 */
function linkTarget(snapshot: ExportSnapshot, end: ExportLinkEnd): string {
  const note = end.exported ? noteOf(snapshot, end.meta.id) : undefined;
  const block = note?.blocks.get(end.passage.annotation.id);
  if (note !== undefined && block !== undefined) return `[[${note.name}#^${block}]]`;
  const flat = end.passage.annotation.selectors[0].exact.replace(/\s+/g, ' ').trim();
  const quote = flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
  return escapeObsidianInline(
    `${quote === '' ? 'a note at a point' : `“${quote}”`} in ${displayTitle(end.meta)}`,
  );
}

/**
 * A passage's links as a Markdown list: `- *relation* [[Note#^block]]`, the link's comment after it
 * (its later lines indented into the item) when comments are exported.
 */
function linksList(snapshot: ExportSnapshot, annotationId: string, options: VaultOptions): string {
  return passageLinks(snapshot, annotationId)
    .map(({ link, label, other }) => {
      const comment = link.link.comment?.trim() ?? '';
      const after =
        options.includeComments && comment !== ''
          ? `: ${closeObsidianComments(inertMarkdown(comment)).replace(/\n/g, '\n  ')}`
          : '';
      return `- *${escapeObsidianInline(label)}* ${linkTarget(snapshot, other)}${after}`;
    })
    .join('\n');
}

/** A YAML scalar: always double-quoted (JSON's escapes are valid YAML), so no value changes type. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

function nameText(name: CslName): string {
  if (name.literal !== undefined) return name.literal;
  const family = [name['non-dropping-particle'], name.family].filter((part) => part !== undefined).join(' ');
  const given = [name.given, name['dropping-particle']].filter((part) => part !== undefined).join(' ');
  return [family, given].filter((part) => part !== '').join(', ');
}

/** The Obsidian tag of every codebook tag, worked out once per codebook (the same in every note). */
const tagPathsOf = new WeakMap<readonly Tag[], Map<string, string>>();

function vaultTags(tags: readonly Tag[]): Map<string, string> {
  let paths = tagPathsOf.get(tags);
  if (paths === undefined) {
    paths = obsidianTagPaths(tags);
    tagPathsOf.set(tags, paths);
  }
  return paths;
}

function dateText(date: CslDate | undefined): string | null {
  const parts = date?.['date-parts']?.[0];
  if (parts !== undefined) {
    return parts.map((part, index) => (index === 0 ? String(part) : String(part).padStart(2, '0'))).join('-');
  }
  return date?.raw ?? date?.literal ?? null;
}

/** A file name for a document's note: its title made safe for every file system, and its short id. */
export function vaultFileName(document: ExportDocument): string {
  const title = displayTitle(document.meta)
    // Control characters are not allowed in file names on Windows; the rest are path or link syntax.
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|#^[\]\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[. ]+$/, '');
  return `${title === '' ? 'Untitled' : title} (${document.meta.id.slice(0, 8)}).md`;
}

/** The front matter lines Scholia owns, without the `---` fences. */
function frontMatter(document: ExportDocument, snapshot: ExportSnapshot): string[] {
  const { meta } = document;
  const lines = [`title: ${yamlString(displayTitle(meta))}`];
  const authors = (meta.csl.author ?? []).map(nameText).filter((name) => name !== '');
  lines.push(
    authors.length === 0 ? 'authors: []' : 'authors:',
    ...authors.map((name) => `  - ${yamlString(name)}`),
  );
  const date = dateText(meta.csl.issued);
  if (date !== null) lines.push(`date: ${yamlString(date)}`);
  lines.push(`citekey: ${yamlString(citationKey(meta))}`);
  const tagIds = [...new Set(document.passages.flatMap((passage) => passage.annotation.tagIds))];
  const paths = vaultTags(snapshot.tags);
  const tags = [
    ...new Set(tagIds.map((id) => paths.get(id)).filter((path): path is string => path !== undefined)),
  ].sort();
  lines.push(tags.length === 0 ? 'tags: []' : 'tags:', ...tags.map((tag) => `  - ${yamlString(tag)}`));
  lines.push(`scholia-id: ${yamlString(meta.id)}`);
  return lines;
}

/** The options of a vault note: the Markdown writers' and, optionally, the note's layout as a template. */
export type VaultOptions = MarkdownOptions & {
  /** The layout (see `vault-template.ts`); Scholia's own layout when not given. */
  template?: string | undefined;
};

/** A quote as an Obsidian block quote, its trailing empty lines left out so the last line can carry a block id. */
function vaultQuote(text: string): string {
  return markdownBlockQuote(text.replace(/[\r\n]+$/, ''), escapeObsidianLine);
}

/** The region Scholia owns in a document's note, markers included; yields after each passage. */
function* generatedRegion(
  document: ExportDocument,
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: VaultOptions,
): Steps<string> {
  const { meta } = document;
  // Checked before any passage is written, so a template with a mistake fails at once.
  const template = parseVaultTemplate(options.template ?? DEFAULT_VAULT_TEMPLATE);
  const passages = [...document.passages].sort(textOrder);
  const values: VaultTemplateValues = {
    document: {
      title: escapeObsidianLine(displayTitle(meta)),
      citation: escapeObsidianInMarkdown(references.citation(meta.id).markdown),
      entry: escapeObsidianInMarkdown(references.entry(meta.id).markdown),
      note:
        options.includeNotes && meta.note.trim() !== ''
          ? closeObsidianComments(inertMarkdown(meta.note.trim()))
          : '',
      link: scholiaLink(meta.id),
      citekey: escapeObsidianInline(citationKey(meta)),
      date: escapeObsidianInline(dateText(meta.csl.issued) ?? ''),
      authors: escapeObsidianInline(
        (meta.csl.author ?? [])
          .map(nameText)
          .filter((name) => name !== '')
          .join('; '),
      ),
      passageCount: String(passages.length),
    },
    passages: [],
  };
  const rendered: VaultTemplateValues['passages'][number][] = [];
  const blocks = noteOf(snapshot, meta.id)?.blocks ?? noteBlockIds(passages.map((p) => p.annotation));
  for (const passage of passages) {
    const { annotation } = passage;
    const quote = annotation.selectors[0].exact;
    const tags = tagPaths(snapshot.tags, annotation.tagIds).map(escapeObsidianInline);
    const citation = passageCitation(passage, meta.id, references).map(escapeObsidianInMarkdown);
    const facts = [...citation, ...(tags.length > 0 ? [`Tags: ${tags.join(', ')}`] : [])].join(' · ');
    const meaning = snapshot.colorLabels[annotation.color];
    rendered.push({
      quote: quote === '' ? '' : vaultQuote(quote),
      comment:
        options.includeComments && annotation.comment.trim() !== ''
          ? closeObsidianComments(inertMarkdown(annotation.comment.trim()))
          : '',
      facts: escapeMarkdownLineStart(facts),
      citation: citation.join(' · '),
      tags: tags.join(', '),
      color: escapeObsidianInline(`${annotation.color}${meaning === '' ? '' : ` (${meaning})`}`),
      locator: escapeObsidianInline(passageLocation(passage)),
      link: scholiaLink(meta.id, annotation.id),
      blockId: blocks.get(annotation.id) ?? blockId(annotation.id),
      links: linksList(snapshot, annotation.id, options),
    });
    yield;
  }
  values.passages = rendered;
  const body = renderVaultTemplate(values, template).trim();
  return [
    `${BEGIN_MARK} document=${meta.id} — Scholia replaces what is between these markers when it exports again -->`,
    ...(body === '' ? [] : [body]),
    END_MARK,
  ].join('\n\n');
}

/** A document's note as a fresh file. */
export function vaultNote(
  document: ExportDocument,
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: VaultOptions,
): string {
  return runSteps(vaultNoteSteps(document, snapshot, references, options));
}

/** {@link vaultNote} in steps: it yields after each passage. */
export function* vaultNoteSteps(
  document: ExportDocument,
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: VaultOptions,
): Steps<string> {
  const region = yield* generatedRegion(document, snapshot, references, options);
  return `---\n${frontMatter(document, snapshot).join('\n')}\n---\n\n${region}\n`;
}

/**
 * The note to write over `existing` (a file from an earlier export, perhaps edited by the reader): the
 * owned front matter keys and the marked region are replaced, everything else is kept where it was. A
 * file whose markers the reader removed gets the region appended at its end.
 */
export function mergeVaultNote(existing: string, fresh: string): string {
  const freshParts = splitFrontMatter(fresh);
  const oldParts = splitFrontMatter(existing.replace(/\r\n/g, '\n'));
  const kept = oldParts.frontMatter === null ? [] : dropOwnedKeys(oldParts.frontMatter);
  const front = [...(freshParts.frontMatter ?? []), ...kept];
  const region = extractRegion(freshParts.body) ?? freshParts.body.trim();
  const body = oldParts.body;
  const start = body.indexOf(BEGIN_MARK);
  const end = start < 0 ? -1 : body.indexOf(END_MARK, start);
  const merged =
    start >= 0 && end >= 0
      ? `${body.slice(0, start)}${region}${body.slice(end + END_MARK.length)}`
      : `${body.replace(/\s*$/, '')}${body.trim() === '' ? '' : '\n\n'}${region}\n`;
  return `---\n${front.join('\n')}\n---\n${merged.startsWith('\n') ? '' : '\n'}${merged}`;
}

function extractRegion(body: string): string | null {
  const start = body.indexOf(BEGIN_MARK);
  const end = body.indexOf(END_MARK, start);
  return start < 0 || end < 0 ? null : body.slice(start, end + END_MARK.length);
}

function splitFrontMatter(text: string): { frontMatter: string[] | null; body: string } {
  if (!text.startsWith('---\n')) return { frontMatter: null, body: text };
  const close = text.indexOf('\n---', 3);
  if (close < 0) return { frontMatter: null, body: text };
  const afterFence = text.indexOf('\n', close + 4);
  return {
    frontMatter: text.slice(4, close).split('\n'),
    body: afterFence < 0 ? '' : text.slice(afterFence + 1),
  };
}

/** Front matter lines without the keys Scholia owns (a key's indented or list lines go with it). */
function dropOwnedKeys(lines: readonly string[]): string[] {
  const owned = new Set<string>(OWNED_KEYS);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const key = /^([^\s:#][^:]*):/.exec(line)?.[1]?.trim();
    if (key !== undefined) dropping = owned.has(key);
    else if (!/^(\s|-\s|-$)/.test(line) && line.trim() !== '') dropping = false;
    if (!dropping) kept.push(line);
  }
  return kept;
}
