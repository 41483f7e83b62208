/**
 * The set-up every end-to-end test shares: one headless Chromium for the file, and for each test a
 * fresh browser-mode Scholia on a temporary library with a new page open on it. `useE2eSession`
 * registers the vitest hooks and returns the session: the current `page` and `app`, and the helpers
 * the tests drive the reader with (import through core or through the import button, open the first
 * document, select a passage in the reader, build a passage's selectors from the projection).
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { describeRange } from '../../src/shared/anchoring';
import type { Annotation, Selectors } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { documentSchema } from '../../src/shared/schema';
import { launchChromium } from './chromium';
import type { ScholiaWindow } from './page-globals';
import { startWebApp, type WebApp, type WebAppOptions } from './web-app';

/** The fixture folder, and the two corpus texts in it. */
export const FIXTURES = resolve(__dirname, '../fixtures');
export const USSR_FIXTURE = resolve(FIXTURES, 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
export const REVIEW_FIXTURE = resolve(FIXTURES, 'review-2026-02-15-collapse-of-stalinism-book.txt');

/** How a file's tests want their page. */
export interface E2eSessionOptions {
  /** The page's size; 1280 × 900 unless given. */
  viewport?: { width: number; height: number };
  /** Lets the page download files (the export dialog's downloads). */
  acceptDownloads?: boolean;
  /** Fills each test's library folder before the app opens it (see {@link WebAppOptions.prepare}). */
  prepareLibrary?: WebAppOptions['prepare'];
  /** The computer the app runs as (see {@link WebAppOptions.device}). */
  device?: WebAppOptions['device'];
  /** Files imported through core before the page opens, each of which must import. */
  importBeforeOpening?: string[];
  /** Opens the app and waits for the library (true unless given); false leaves the page blank. */
  open?: boolean;
  /**
   * When errors thrown in the page fail the test: after the test (the default), once the app has
   * loaded, or never (the test looks at the page only through its own checks).
   */
  pageErrors?: 'after-test' | 'after-load' | 'unchecked';
}

/** One test's page and app, and the helpers that drive them. */
export interface E2eSession {
  /** The page of the running test. */
  readonly page: Page;
  /** The browser-mode Scholia of the running test, with its library and core service. */
  readonly app: WebApp;
  /** The messages of the errors thrown in the page so far. */
  readonly pageErrors: readonly string[];
  /** Fails the test if anything was thrown in the page. */
  expectNoPageErrors: () => void;
  /** Imports `path` (the USSR article unless given) through core and returns the new document's id. */
  importFixture: (path?: string) => Promise<string>;
  /** Imports every one of `paths` through core and returns their ids, in order. */
  importFixtures: (paths: string[]) => Promise<string[]>;
  /** Imports `files` through the library's import button and its file chooser. */
  importThroughUi: (...files: string[]) => Promise<void>;
  /** Opens the first document of the library and waits for its text. */
  openFirstDocument: () => Promise<void>;
  /**
   * Selects text in the reader as a reader's drag would: from the start of the first occurrence of
   * `from` to the end of the first occurrence of `to` (or to its start with `toStart`). A passage may
   * run across highlights (several text nodes) but not across blocks.
   */
  selectInReader: (from: string, to?: string, toStart?: boolean) => Promise<void>;
  /** The text of every highlight drawn in the reader, joined. */
  highlightedText: () => Promise<string>;
  /** Every annotation of the library's first document, as core has saved it (read through the page). */
  savedAnnotations: () => Promise<Annotation[]>;
  /**
   * The selectors of `length` characters at the start of the `n`th block longer than `longerThan`
   * characters of the document, made from its plain-text projection as the reader's selection would.
   */
  passageSelectors: (
    documentId: string,
    n: number,
    shape: { longerThan: number; length: number },
  ) => Promise<Selectors>;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 900 };

/** Registers the hooks that give each test of the file its own app and page, and returns the session. */
export function useE2eSession(options: E2eSessionOptions = {}): E2eSession {
  const checkErrors = options.pageErrors ?? 'after-test';
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  let page: Page | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (browser === undefined) throw new Error('Chromium did not start; see the error of beforeAll.');
    app = await startWebApp({
      ...(options.prepareLibrary === undefined ? {} : { prepare: options.prepareLibrary }),
      ...(options.device === undefined ? {} : { device: options.device }),
    });
    if (options.importBeforeOpening !== undefined) await session.importFixtures(options.importBeforeOpening);
    page = await browser.newPage({
      viewport: options.viewport ?? DEFAULT_VIEWPORT,
      ...(options.acceptDownloads === true ? { acceptDownloads: true } : {}),
    });
    errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (options.open !== false) {
      await page.goto(app.server.url);
      await page.getByTestId('import-button').waitFor();
    }
    if (checkErrors === 'after-load') session.expectNoPageErrors();
  });
  afterEach(async () => {
    try {
      if (checkErrors === 'after-test') session.expectNoPageErrors();
    } finally {
      await page?.close();
      await app?.close();
      page = undefined;
      app = undefined;
    }
  });

  const session: E2eSession = {
    get page(): Page {
      if (page === undefined) throw new Error('There is no page outside a test of this file.');
      return page;
    },
    get app(): WebApp {
      if (app === undefined) throw new Error('There is no app outside a test of this file.');
      return app;
    },
    get pageErrors(): readonly string[] {
      return errors;
    },
    expectNoPageErrors() {
      expect(errors).toEqual([]);
    },
    async importFixture(path = USSR_FIXTURE) {
      const [id] = await session.importFixtures([path]);
      return id!;
    },
    async importFixtures(paths) {
      // The test stands for the reader at the server's own machine: it grants the fixtures it names.
      for (const path of paths) await session.app.library.grants.allowRead(path);
      const report = await session.app.library.service.importFiles({
        sources: paths.map((path) => ({ kind: 'path' as const, path })),
      });
      return report.outcomes.map((outcome) => {
        if (outcome.status !== 'imported')
          throw new Error(`A fixture was not imported: ${JSON.stringify(outcome)}`);
        return outcome.document.id;
      });
    },
    async importThroughUi(...files) {
      const chooser = session.page.waitForEvent('filechooser');
      await session.page.getByTestId('import-button').click();
      await (await chooser).setFiles(files);
    },
    async openFirstDocument() {
      await session.page.getByTestId('document-row').first().getByTestId('open-document').click();
      await session.page.getByTestId('reader-text').waitFor();
    },
    async selectInReader(from, to = from, toStart = false) {
      await session.page.evaluate(
        ({ from, to, toStart }) => {
          const root = document.querySelector('[data-testid="reader-text"]');
          if (root === null) throw new Error('no reader');
          /** Where the first occurrence of `wanted` starts and ends, as text nodes and offsets in them. */
          const find = (wanted: string): { start: [Node, number]; end: [Node, number] } => {
            for (const block of Array.from(root.children)) {
              const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
              const nodes: { node: Node; start: number }[] = [];
              let joined = '';
              for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
                nodes.push({ node, start: joined.length });
                joined += node.textContent ?? '';
              }
              const index = joined.indexOf(wanted);
              if (index < 0) continue;
              const at = (offset: number, end: boolean): [Node, number] => {
                const found = nodes.filter((n) => (end ? n.start < offset : n.start <= offset)).at(-1)!;
                return [found.node, offset - found.start];
              };
              return { start: at(index, false), end: at(index + wanted.length, true) };
            }
            throw new Error(`"${wanted}" is not in the reader`);
          };
          const last = find(to);
          const range = document.createRange();
          range.setStart(...find(from).start);
          range.setEnd(...(toStart ? last.start : last.end));
          const selection = window.getSelection();
          selection?.removeAllRanges();
          selection?.addRange(range);
          document.dispatchEvent(new Event('selectionchange'));
        },
        { from, to, toStart },
      );
    },
    async highlightedText() {
      return session.page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="reader-text"] .hl'))
          .map((element) => element.textContent)
          .join(''),
      );
    },
    async savedAnnotations() {
      return session.page.evaluate(async () => {
        const { scholia } = globalThis as unknown as ScholiaWindow;
        const [doc] = await scholia.listDocuments({});
        return scholia.listAnnotations({ documentId: doc!.id });
      });
    },
    async passageSelectors(documentId, n, { longerThan, length }) {
      const opened = await session.app.library.service.getDocument({ documentId });
      const { text, blocks } = projectDocument(documentSchema.nodeFromJSON(opened.doc));
      const block = blocks.filter((b) => b.length > longerThan)[n];
      if (block === undefined)
        throw new Error(`The document has no block ${n} longer than ${longerThan} characters`);
      return describeRange(text, block.offset, block.offset + length);
    },
  };
  return session;
}
