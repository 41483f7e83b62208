/**
 * Finding the document of the library a reference entry describes: by DOI, else ISBN, else normalised
 * title, through an index built once before a file's entries are matched (10,000 entries against
 * 10,000 documents is then 10,000 look-ups, not a hundred million comparisons).
 *
 * Only documents the library held before the file count: a document made from an entry of the same
 * file is never a match, and a document another entry of the file matched is not matched again, so no
 * entry merges into another. A match by ISBN or title must also agree with the details the reader
 * confirmed: an entry whose kind of work, year or authors clearly differ (the book a review discusses,
 * beside the review) is another work of the same title.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CslDraft, CslName, DocumentMeta } from '../../shared/model';

/** How an entry was matched. */
export type MatchedBy = 'DOI' | 'ISBN' | 'title';

/** How many documents {@link DocumentIndex.of} indexes between two turns of the event loop. */
const INDEX_STEP = 500;

/** The documents of a library by normalised DOI, ISBN and title. */
export class DocumentIndex {
  private readonly byKey = new Map<string, DocumentMeta[]>();

  /**
   * The index of `documents`, made a step of documents at a time with a turn of the event loop between
   * (a library of 10,000 documents takes a few hundred milliseconds to index).
   */
  static async of(documents: readonly DocumentMeta[]): Promise<DocumentIndex> {
    const index = new DocumentIndex();
    for (let from = 0; from < documents.length; from += INDEX_STEP) {
      for (const document of documents.slice(from, from + INDEX_STEP)) index.add(document);
      if (from + INDEX_STEP < documents.length) await yieldToEventLoop();
    }
    return index;
  }

  private add(document: DocumentMeta): void {
    for (const key of keysOf(document.csl)) {
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [document]);
      else list.push(document);
    }
  }

  /**
   * The document `entry` describes, in library order among those with the same key: the first with its
   * DOI, else its ISBN, else its title, that `available` allows and whose confirmed details agree with
   * the entry (for ISBN and title); undefined when there is none.
   */
  find(
    entry: CslDraft,
    available: (document: DocumentMeta) => boolean,
  ): { document: DocumentMeta; by: MatchedBy } | undefined {
    for (const key of keysOf(entry)) {
      const by = MATCHED_BY[key.charAt(0)];
      if (by === undefined) continue;
      for (const document of this.byKey.get(key) ?? []) {
        if (!available(document)) continue;
        if (by !== 'DOI' && document.metadataProposed !== true && differs(entry, document.csl)) continue;
        return { document, by };
      }
    }
    return undefined;
  }
}

const MATCHED_BY: Readonly<Record<string, MatchedBy>> = { d: 'DOI', i: 'ISBN', t: 'title' };

/** The keys a document is found by, in the order they are tried: `d:` DOI, `i:` ISBN, `t:` title (8 letters or more). */
function keysOf(csl: Pick<CslDraft, 'DOI' | 'ISBN' | 'title'>): string[] {
  const keys: string[] = [];
  const doi = normalDoi(csl.DOI);
  if (doi !== '') keys.push(`d:${doi}`);
  const isbn = normalIsbn(csl.ISBN);
  if (isbn !== '') keys.push(`i:${isbn}`);
  const title = normalTitle(csl.title);
  if (title.length >= 8) keys.push(`t:${title}`);
  return keys;
}

function normalDoi(doi: string | undefined): string {
  return (doi ?? '')
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/, '');
}

function normalIsbn(isbn: string | undefined): string {
  return (
    (isbn ?? '')
      .split(/[,;]/)[0]
      ?.replace(/[^0-9Xx]/g, '')
      .toUpperCase() ?? ''
  );
}

/** Lower case, accents and punctuation removed, blank space collapsed. */
export function normalTitle(title: string | undefined): string {
  return (title ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Kinds of work whose entries describe different things: a whole book, a part of one (a chapter, a
 * paper in proceedings, an encyclopedia entry), a piece in a periodical or on the web (a review, an
 * article, a post). Types not listed (a `document`, a `manuscript`) say too little to differ.
 */
const KINDS: Readonly<Record<string, string>> = {
  book: 'book',
  report: 'book',
  thesis: 'book',
  periodical: 'book',
  chapter: 'part',
  'paper-conference': 'part',
  entry: 'part',
  'entry-dictionary': 'part',
  'entry-encyclopedia': 'part',
  article: 'piece',
  'article-journal': 'piece',
  'article-magazine': 'piece',
  'article-newspaper': 'piece',
  review: 'piece',
  'review-book': 'piece',
  post: 'piece',
  'post-weblog': 'piece',
  webpage: 'piece',
  interview: 'piece',
};

/** Whether an entry and a document's details clearly describe different works: kind, year or authors. */
export function differs(entry: CslDraft, document: CslDraft): boolean {
  const kind = KINDS[entry.type];
  const other = KINDS[document.type];
  if (kind !== undefined && other !== undefined && kind !== other) return true;
  const year = yearOf(entry);
  const otherYear = yearOf(document);
  // A year apart is an online-first article printed later, not another work.
  if (year !== undefined && otherYear !== undefined && Math.abs(year - otherYear) > 1) return true;
  const names = familyNames(entry.author);
  const otherNames = familyNames(document.author);
  if (names.size > 0 && otherNames.size > 0 && ![...names].some((name) => otherNames.has(name))) return true;
  return false;
}

function yearOf(csl: CslDraft): number | undefined {
  const year = csl.issued?.['date-parts']?.[0]?.[0];
  const number = typeof year === 'string' ? Number.parseInt(year, 10) : year;
  return typeof number === 'number' && Number.isFinite(number) && number !== 0 ? number : undefined;
}

function familyNames(names: readonly CslName[] | undefined): Set<string> {
  const families = new Set<string>();
  for (const name of names ?? []) {
    const family = normalTitle(name.family ?? name.literal ?? '');
    if (family !== '') families.add(family);
  }
  return families;
}
