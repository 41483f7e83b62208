/**
 * The EPUB importer (EPUB 2 and 3): `META-INF/container.xml` names the package document (OPF), whose
 * spine gives the chapters in reading order. Each chapter's XHTML goes through the same sanitiser as
 * web pages (without Readability: a chapter is all text), under its title from the table of contents
 * (the EPUB 3 navigation document or the EPUB 2 NCX). The printed book's pages, where the book marks
 * them (page-break markers, the navigation's page list), are kept as page marks (`epub-pages.ts`). The
 * OPF's Dublin Core metadata becomes CSL.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { ScholiaError } from '../../shared/errors';
import type { CslName } from '../../shared/model';
import { BookPages, PageTargets } from './epub-pages';
import type { Conversion } from './formats';
import { docOf, domToBlocks, headingBlock, InertParser, strictXmlDom, type MarkupSource } from './html-dom';
import { doiIn } from './html-metadata';
import { importFailed } from './import-error';
import { countInWords, DocumentTally, IMPORT_LIMITS, overLimit } from './limits';
import { MarkupBudget } from './markup-shape';
import type { SourceFile } from './read-source';
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';
import { unzipEntries, type ZipLimits } from './zip';

const TEXT_ENTRY = /\.(?:xml|opf|ncx|xhtml|xht|html|htm)$/i;

const utf8 = new TextDecoder('utf-8');

/** What a reader can do with a book Scholia cannot read. */
const ADVICE =
  'Open it in an e-book reader to check it, or convert it again (Calibre can repair most EPUBs).';

/** Converts an EPUB book; `limits` overrides the unpacking limits (tests). */
export async function convertEpub(file: SourceFile, limits?: ZipLimits): Promise<Conversion> {
  const entries = unzipEntries(file, 'EPUB book', (name) => TEXT_ENTRY.test(name), limits);
  const fail = (detail: string): Error =>
    importFailed(file, `"${file.name}" is not a readable EPUB book: ${detail} ${ADVICE}`);
  // Every XML and XHTML file of the book is counted before it is parsed, against limits for the whole book.
  const budget = new MarkupBudget(file, ADVICE, 'chapters');
  const tally = new DocumentTally(file, ADVICE);
  const text = (path: string): string | undefined => {
    const bytes = entries.get(path);
    return bytes === undefined ? undefined : utf8.decode(bytes);
  };

  const container = text('META-INF/container.xml');
  if (container === undefined) throw fail('it has no META-INF/container.xml.');
  const opfPath = withXml(container, fail, { budget, part: 'META-INF/container.xml' }, (document) =>
    byTag(document, 'rootfile')
      .map((rootfile) => rootfile.getAttribute('full-path'))
      .find((path): path is string => path !== null && path !== ''),
  );
  if (opfPath === undefined) throw fail('its container.xml names no package document.');
  const opfText = text(opfPath);
  if (opfText === undefined) throw fail(`its package document ${opfPath} is missing.`);
  const opfDir = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';

  const { csl, chapters, navPath, ncxPath } = withXml(opfText, fail, { budget, part: opfPath }, (opf) => {
    const manifest = new Map<string, { href: string; mediaType: string; properties: string }>();
    for (const item of byTag(opf, 'item')) {
      const id = item.getAttribute('id');
      const href = item.getAttribute('href');
      if (id === null || href === null) continue;
      manifest.set(id, {
        href: resolvePath(opfDir, href),
        mediaType: item.getAttribute('media-type') ?? '',
        properties: item.getAttribute('properties') ?? '',
      });
    }
    const spine = byTag(opf, 'spine')[0];
    const chapterPaths = byTag(opf, 'itemref')
      .filter((ref) => ref.getAttribute('linear') !== 'no')
      .map((ref) => manifest.get(ref.getAttribute('idref') ?? '')?.href)
      .filter((href): href is string => href !== undefined);
    const nav = [...manifest.values()].find((item) => item.properties.split(/\s+/).includes('nav'));
    const ncx =
      manifest.get(spine?.getAttribute('toc') ?? '') ??
      [...manifest.values()].find((item) => item.mediaType === 'application/x-dtbncx+xml');
    return {
      csl: opfMetadata(opf, file.name),
      chapters: chapterPaths,
      navPath: nav?.href,
      ncxPath: ncx?.href,
    };
  });
  if (chapters.length === 0) throw fail('its spine lists no chapters.');
  if (chapters.length > IMPORT_LIMITS.epubChapters) {
    throw overLimit(
      file,
      `its spine lists ${countInWords(chapters.length)} chapters; Scholia reads at most ${countInWords(IMPORT_LIMITS.epubChapters)} from one book`,
      ADVICE,
    );
  }

  // One window parses every chapter (and the navigation document): a window of its own costs milliseconds.
  const parser = new InertParser();
  const blocks: ProseMirrorNode[] = [];
  try {
    const titles = new Map<string, string>();
    const targets = new PageTargets();
    const navText = navPath === undefined ? undefined : text(navPath);
    if (navPath !== undefined && navText !== undefined) {
      readToc(navText, 'nav', navPath, { titles, pages: targets }, { budget, part: navPath }, parser);
    }
    // The NCX gives the titles when there is no navigation document, and the pages when it lists none.
    const ncxText = ncxPath === undefined ? undefined : text(ncxPath);
    if (ncxPath !== undefined && ncxText !== undefined && (navText === undefined || targets.size === 0)) {
      const read = navText === undefined ? { titles, pages: targets } : { titles: null, pages: targets };
      readToc(ncxText, 'ncx', ncxPath, read, { budget, part: ncxPath }, parser);
    }
    const pages = new BookPages(targets, file, ADVICE);
    for (const path of chapters) {
      const markup = text(path);
      if (markup === undefined) continue; // A spine item that is not text (an image page) has nothing to read.
      const document = parser.parse(markup, { budget, part: path }, { xml: true });
      // An XHTML chapter parsed as XML may have no <body> at run time, whatever the DOM types say.
      const root = document.querySelector('body') ?? document.documentElement;
      pages.prepare(root, path, markup);
      const chapter = pages.mark(domToBlocks(root));
      const title = titles.get(path);
      const first = chapter[0];
      if (title !== undefined && !(first?.type.name === 'heading' && sameText(first.textContent, title))) {
        chapter.unshift(headingBlock(title));
      }
      tally.addNodes(chapter);
      for (const block of chapter) blocks.push(block);
      // A long book is many chapters: let other work (progress events, other requests) run between them.
      await yieldToEventLoop();
    }
  } finally {
    parser.close();
  }
  if (!blocks.some((block) => block.textContent.trim() !== '')) {
    throw importFailed(
      file,
      `"${file.name}" has no text Scholia can read: its chapters are empty or only images. A book of scanned pages needs OCR first.`,
    );
  }
  return { doc: docOf(blocks), csl };
}

/** Runs `read` on `xml` parsed as XML, once checked against the book's limits; `fail` when it is not well-formed. */
function withXml<T>(
  xml: string,
  fail: (detail: string) => Error,
  source: MarkupSource,
  read: (document: Document) => T,
): T {
  let dom;
  try {
    dom = strictXmlDom(xml.replace(/^\uFEFF/, ''), source);
  } catch (error) {
    // Over a limit: that refusal says more than "malformed".
    if (error instanceof ScholiaError) throw error;
    throw fail('one of its XML files is malformed.');
  }
  try {
    return read(dom.window.document);
  } finally {
    dom.window.close();
  }
}

/** Elements named `localName` in any namespace (OPF and NCX files use default or `opf:` prefixes). */
function byTag(root: Document | Element, localName: string, namespace?: string): Element[] {
  // A walk of the tree rather than getElementsByTagNameNS: jsdom's live collections look every index
  // up by name too, which takes time quadratic in the number of elements (a manifest of 5,000 items).
  const found: Element[] = [];
  const after = (element: Element): Element | null => {
    for (let at: Element | null = element; at !== null && at !== root; at = at.parentElement) {
      if (at.nextElementSibling !== null) return at.nextElementSibling;
    }
    return null;
  };
  let element = 'documentElement' in root ? root.documentElement : root.firstElementChild;
  while (element !== null) {
    if (element.localName === localName && (namespace === undefined || element.namespaceURI === namespace)) {
      found.push(element);
    }
    element = element.firstElementChild ?? after(element);
  }
  return found;
}

/** `href` (URL-encoded, relative to `dir`, maybe with a fragment) as a path inside the archive. */
function resolvePath(dir: string, href: string): string {
  const withoutFragment = href.split('#')[0] ?? '';
  const decoded = decodedUri(withoutFragment);
  const parts: string[] = [];
  for (const part of `${dir}${decoded}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** `part` of a URL decoded, or as written when it has a stray `%`. */
function decodedUri(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The folder of the archive path `path`, with its slash (`''` at the top). */
function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
}

function sameText(a: string, b: string): boolean {
  const norm = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}

/** What a book's navigation is read into: chapter titles (path → title; null: not wanted) and pages. */
interface Navigation {
  readonly titles: Map<string, string> | null;
  readonly pages: PageTargets;
}

/** Whether `element`'s `epub:type` holds `type` (`toc`, `page-list`). */
function hasEpubType(element: Element, type: string): boolean {
  const types =
    element.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? element.getAttribute('epub:type');
  return types !== null && types.split(/\s+/).includes(type);
}

/**
 * Reads an EPUB 3 navigation document (`kind` `nav`: its `toc` nav and its `page-list` nav) or an
 * EPUB 2 NCX (its `navMap` and `pageList`) at `path` into `into`.
 */
function readToc(
  markup: string,
  kind: 'nav' | 'ncx',
  path: string,
  into: Navigation,
  source: MarkupSource,
  parser: InertParser,
): void {
  const dir = folderOf(path);
  let document: Document;
  let dom: { window: { close(): void } } | null = null;
  try {
    if (kind === 'nav') {
      document = parser.parse(markup, source, { xml: true });
    } else {
      const xml = strictXmlDom(markup.replace(/^\uFEFF/, ''), source);
      dom = xml;
      document = xml.window.document;
    }
  } catch {
    return; // A broken (or outsized) table of contents costs the chapter titles and pages, not the book.
  }
  try {
    const add = (href: string | null, label: string | null | undefined): void => {
      const title = (label ?? '').replace(/\s+/g, ' ').trim();
      if (href === null || title === '' || into.titles === null) return;
      const chapter = resolvePath(dir, href);
      if (!into.titles.has(chapter)) into.titles.set(chapter, title);
    };
    const addPage = (href: string | null, label: string | null | undefined): void => {
      if (href === null) return;
      const hash = href.indexOf('#');
      const id = hash < 0 ? '' : decodedUri(href.slice(hash + 1));
      into.pages.add(resolvePath(dir, href), id, label ?? null);
    };
    if (kind === 'nav') {
      const navs = byTag(document, 'nav');
      const toc =
        navs.find((nav) => hasEpubType(nav, 'toc')) ??
        navs.find((nav) => !hasEpubType(nav, 'page-list') && !hasEpubType(nav, 'landmarks'));
      for (const link of toc === undefined ? [] : byTag(toc, 'a'))
        add(link.getAttribute('href'), link.textContent);
      const pageList = navs.find((nav) => hasEpubType(nav, 'page-list'));
      for (const link of pageList === undefined ? [] : byTag(pageList, 'a'))
        addPage(link.getAttribute('href'), link.textContent);
    } else {
      for (const point of byTag(document, 'navPoint')) {
        const label = byTag(point, 'text')[0]?.textContent;
        add(byTag(point, 'content')[0]?.getAttribute('src') ?? null, label);
      }
      for (const target of byTag(document, 'pageTarget')) {
        const label = byTag(target, 'text')[0]?.textContent ?? target.getAttribute('value');
        addPage(byTag(target, 'content')[0]?.getAttribute('src') ?? null, label);
      }
    }
  } finally {
    dom?.window.close();
  }
}

/** CSL for the book from the OPF's `<metadata>`: title, creators, date, publisher, language, ISBN/DOI. */
function opfMetadata(opf: Document, fileName: string): ProposedCsl {
  const metadata = byTag(opf, 'metadata')[0] ?? opf.documentElement;
  const dc = (name: string): Element[] => byTag(metadata, name, 'http://purl.org/dc/elements/1.1/');
  const textOf = (element: Element | undefined): string | undefined => {
    const text = (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return text === '' ? undefined : text;
  };
  // EPUB 3 refines a creator with <meta refines="#id" property="role|file-as">.
  const refinements = new Map<string, Map<string, string>>();
  for (const meta of byTag(metadata, 'meta')) {
    const target = meta.getAttribute('refines');
    const property = meta.getAttribute('property');
    const value = textOf(meta);
    if (target === null || property === null || value === undefined) continue;
    const key = target.replace(/^#/, '');
    const map = refinements.get(key) ?? new Map<string, string>();
    map.set(property, value);
    refinements.set(key, map);
  }
  const attr = (element: Element, name: string): string | null =>
    element.getAttributeNS('http://www.idpf.org/2007/opf', name) ?? element.getAttribute(`opf:${name}`);

  const title = textOf(dc('title')[0]);
  const csl: ProposedCsl = {
    type: 'book',
    title: clipTitle(title ?? '') || fileName.replace(/\.[^.]+$/, '') || fileName,
  };
  const authors: CslName[] = [];
  const editors: CslName[] = [];
  for (const creator of dc('creator')) {
    const name = textOf(creator);
    if (name === undefined) continue;
    const refined = refinements.get(creator.getAttribute('id') ?? '');
    const role = attr(creator, 'role') ?? refined?.get('role') ?? 'aut';
    const fileAs = attr(creator, 'file-as') ?? refined?.get('file-as');
    const parsed = fileAs !== undefined && fileAs.includes(',') ? parseCslName(fileAs) : parseCslName(name);
    if (role === 'aut') authors.push(parsed);
    else if (role === 'edt') editors.push(parsed);
  }
  if (authors.length > 0) csl.author = authors;
  const date =
    dc('date').find((element) => /publication/i.test(attr(element, 'event') ?? 'publication')) ??
    dc('date')[0];
  const dateText = textOf(date);
  if (dateText !== undefined) csl.issued = parseCslDate(dateText);
  const publisher = textOf(dc('publisher')[0]);
  if (publisher !== undefined) csl.publisher = publisher;
  const language = textOf(dc('language')[0]);
  if (language !== undefined) csl.language = language;
  for (const identifier of dc('identifier')) {
    const value = textOf(identifier) ?? '';
    const scheme = (attr(identifier, 'scheme') ?? '').toLowerCase();
    const isbn = isbnIn(value, scheme === 'isbn');
    if (isbn !== undefined && csl.ISBN === undefined) csl.ISBN = isbn;
    const doi = doiIn(value);
    if (doi !== undefined && csl.DOI === undefined) csl.DOI = doi;
  }
  const description = textOf(dc('description')[0]);
  if (description !== undefined && description.length < 5000) csl.abstract = description;
  return csl;
}

/** An ISBN-10 or -13 in `value` (`urn:isbn:…`, `ISBN 978-…`, or anything when `sure`), digits only. */
export function isbnIn(value: string, sure = false): string | undefined {
  const match = /^(?:urn:isbn:|isbn[:\s]*)(.+)$/i.exec(value.trim());
  const candidate = match?.[1] ?? (sure ? value : undefined);
  if (candidate === undefined) return undefined;
  const digits = candidate.replace(/[\s-]/g, '').toUpperCase();
  return /^(?:\d{9}[\dX]|\d{13})$/.test(digits) ? digits : undefined;
}
