/**
 * Bibliographic metadata from a web page's head, as proposed CSL-JSON. Sources, best first:
 * Highwire `citation_*` tags (what Google Scholar reads), Dublin Core (`DC.*`, `dcterms.*`), Open
 * Graph (`og:*`, `article:*`), then `<meta name=author>`, `<title>` and `<link rel=canonical>`, and
 * last what Readability found in the page itself (byline, site name, date).
 */
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';

/** What Readability reports about the article besides its content. */
export interface ArticleHints {
  readonly title?: string | null;
  readonly byline?: string | null;
  readonly siteName?: string | null;
  readonly publishedTime?: string | null;
  readonly lang?: string | null;
}

/** Every `<meta>` value by lower-cased `name`/`property`, in document order. */
function metaValues(document: Document): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const meta of Array.from(document.querySelectorAll('meta'))) {
    const key = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').trim().toLowerCase();
    const content = (meta.getAttribute('content') ?? '').replace(/\s+/g, ' ').trim();
    if (key === '' || content === '') continue;
    values.set(key, [...(values.get(key) ?? []), content]);
  }
  return values;
}

/**
 * Proposed metadata for the page in `document`. Without a title in the page, the title is `firstLine`
 * (the text's first line), else `fileName`. The type is
 * `article-journal` when a journal is named, `paper-conference` or `chapter` for proceedings and
 * books, `webpage` otherwise.
 */
export function proposeHtmlCsl(
  document: Document,
  hints: ArticleHints,
  fileName: string,
  firstLine?: string,
): ProposedCsl {
  const meta = metaValues(document);
  const all = (...keys: string[]): string[] => {
    for (const key of keys) {
      const found = meta.get(key);
      if (found !== undefined && found.length > 0) return found;
    }
    return [];
  };
  const first = (...keys: string[]): string | undefined => all(...keys)[0];
  const text = (value: string | null | undefined): string | undefined => {
    const clean = (value ?? '').replace(/\s+/g, ' ').trim();
    return clean === '' ? undefined : clean;
  };

  const journal = first('citation_journal_title');
  const conference = first('citation_conference_title');
  const book = first('citation_book_title', 'citation_inbook_title');
  const type =
    journal !== undefined
      ? 'article-journal'
      : conference !== undefined
        ? 'paper-conference'
        : book !== undefined
          ? 'chapter'
          : first('citation_dissertation_institution') !== undefined
            ? 'thesis'
            : 'webpage';

  const title =
    first('citation_title', 'dc.title', 'dcterms.title', 'og:title', 'twitter:title') ??
    text(hints.title) ??
    text(document.querySelector('title')?.textContent) ??
    text(firstLine);
  const csl: ProposedCsl = {
    type,
    title: clipTitle(title ?? '') || fileName.replace(/\.[^.]+$/, '') || fileName,
  };

  const authors = all('citation_author', 'dc.creator', 'dcterms.creator', 'author', 'article:author').filter(
    (name) => !/^https?:/i.test(name),
  );
  const byline = text(hints.byline)?.replace(/^by\s+/i, '');
  const names = authors.length > 0 ? authors : byline !== undefined ? [byline] : [];
  if (names.length > 0) csl.author = names.map(parseCslName);

  const date =
    first(
      'citation_publication_date',
      'citation_date',
      'citation_online_date',
      'dc.date',
      'dcterms.issued',
      'dcterms.date',
      'dcterms.created',
    ) ??
    first('article:published_time', 'og:published_time') ??
    text(hints.publishedTime);
  if (date !== undefined) csl.issued = parseCslDate(date);

  const container = journal ?? conference ?? book ?? first('og:site_name') ?? text(hints.siteName);
  if (container !== undefined) csl['container-title'] = container;
  const publisher = first('citation_publisher', 'dc.publisher', 'dcterms.publisher');
  if (publisher !== undefined) csl.publisher = publisher;

  const doi =
    first('citation_doi', 'prism.doi', 'bepress_citation_doi') ??
    all('dc.identifier', 'dcterms.identifier')
      .map(doiIn)
      .find((value) => value !== undefined);
  const cleanDoi = doi === undefined ? undefined : doiIn(doi);
  if (cleanDoi !== undefined) csl.DOI = cleanDoi;
  const isbn = first('citation_isbn');
  if (isbn !== undefined) csl.ISBN = isbn;
  const issn = first('citation_issn');
  if (issn !== undefined) csl.ISSN = issn;
  const volume = first('citation_volume');
  if (volume !== undefined) csl.volume = volume;
  const issue = first('citation_issue');
  if (issue !== undefined) csl.issue = issue;
  const firstPage = first('citation_firstpage');
  if (firstPage !== undefined) {
    const lastPage = first('citation_lastpage');
    csl.page = lastPage === undefined ? firstPage : `${firstPage}-${lastPage}`;
  }

  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  const url = [
    canonical,
    first('og:url'),
    first('citation_public_url', 'citation_abstract_html_url', 'citation_fulltext_html_url'),
  ]
    .map((candidate) => text(candidate))
    .find((candidate) => candidate !== undefined && /^https?:\/\//i.test(candidate));
  if (url !== undefined) csl.URL = url;

  const language =
    first('citation_language', 'dc.language') ??
    text(document.documentElement.getAttribute('lang')) ??
    text(hints.lang);
  if (language !== undefined) csl.language = language;
  return csl;
}

/** The DOI in `value` (`10.…/…`), from a bare DOI, a `doi:` prefix or a doi.org URL. */
export function doiIn(value: string): string | undefined {
  const match = /\b(10\.\d{4,9}\/\S+)/.exec(value);
  return match?.[1]?.replace(/[.,;]+$/, '');
}
