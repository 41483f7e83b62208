/**
 * Hostile inputs, imported and shown: every case of the hostile corpus (`tests/support/hostile-corpus.ts`)
 * is imported through the real core of a browser-mode Scholia, and every document it becomes is opened
 * in the real renderer in Chromium: the library list, the reader with its note and margin, the details
 * dialog, then the codebook, the find panel, the export dialog and the import report. The cases go into
 * temporary libraries of about sixty (the list is drawn again after every document), one page shows
 * them all. Nothing may run and nothing may be fetched from outside 127.0.0.1:
 *
 *   - scripts: the page has `window.__scholiaPwned` (every payload calls it) and its dialogs
 *     (alert, confirm, prompt) are counted; so is a call of `globalThis.__scholiaPwned` in core;
 *   - requests: every request the browser makes to anything but 127.0.0.1 is logged and aborted, and
 *     Chromium's own network log is read for what no page sees (name lookups, early connections);
 *     every outgoing connection core opens to anything but the loopback address is logged and refused;
 *   - the Content Security Policy's `securitypolicyviolation` events are counted (the policy caught
 *     something the importers let through), and the rendered DOM is inspected for event-handler
 *     attributes, script URLs, frames and remote resources;
 *   - an import must end as a document, a duplicate, a reference report or a refusal with a clear
 *     message: a non-ScholiaError, an `internal` error, a hang or a server that stops answering is a
 *     crash; so is an export that fails for a document; a document may not hold a local file's lines;
 *   - what the library's details become in the Markdown exports may not be live markup there;
 *   - afterwards each library must open again with every document readable, and nothing may have been
 *     written outside the libraries.
 *
 * The detectors are checked first on the page itself (a call, a blocked request, an event handler):
 * a run that could not have caught anything fails. `full: false` is the bounded run (small inputs);
 * `full: true` the torture run's sizes.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Socket, type SocketConnectOpts } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseApiArgs, type ApiReturns } from '../../src/shared/api';
import { ScholiaError, toApiError } from '../../src/shared/errors';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/shared/export-formats';
import { MAX_NOTE_LENGTH, type DocumentMeta } from '../../src/shared/model';
import { openLibrary } from '../../src/core/library';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../support/chromium';
import { ANCHOR_NAME, caseBytes, hostileCorpus, type HostileCase } from '../support/hostile-corpus';
import { startWebApp, type WebApp } from '../support/web-app';
import { emptyTally, formatTally, type FaultTally } from './tally';

/** The tally of the hostile-render run, with what it saw leave (or try to leave) the machine. */
export interface HostileRenderTally extends FaultTally {
  /** Every request or connection to anything but 127.0.0.1, with the case it belongs to. */
  outsideRequests: string[];
  /**
   * What Chromium itself asked of its own services (Google's account, autofill and check-in servers),
   * none of which resolved: not the app's doing, and kept apart from {@link outsideRequests}.
   */
  browserServices: string[];
  /** Every Content Security Policy violation, with the case it belongs to. */
  cspViolations: string[];
  /** Cases and survivors by category. */
  byCategory: Record<string, { tried: number; survived: number }>;
  /** How long the parts took, in seconds. */
  seconds: { import: number; browser: number; total: number };
}

/** What happened to one case. */
interface CaseState {
  readonly entry: HostileCase;
  /** The documents it became (or matched), to open. */
  documentIds: string[];
  /** How its import ended, for the log. */
  outcome: string;
  crashed: boolean;
  /** Everything that went wrong, one line each. */
  problems: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);

/** The folder the path payloads aim at (`../../tmp/scholia-hostile-escape/…`, `/tmp/scholia-hostile-escape/…`). */
const ESCAPE_NAME = 'scholia-hostile-escape';
const ESCAPE_DIR = `/tmp/${ESCAPE_NAME}`;

/** How many documents of one reference file are opened in the reader (the rest are in the list). */
const OPEN_PER_CASE = 2;

/** What a markup payload looks like in metadata: the details dialog is opened for such documents. */
const HOSTILE_TEXT = /[<>]|javascript:|vbscript:|evil\.example|__scholiaPwned/i;

/** The host of the first argument of `Socket.prototype.connect`, or null for a local (IPC) socket. */
function connectHost(args: readonly unknown[]): string | null {
  let first = args[0];
  // Node calls connect internally with its arguments normalized into an array.
  if (Array.isArray(first)) first = (first as unknown[])[0];
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (typeof first === 'string') return /^\d+$/.test(first) ? 'localhost' : null;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.path === 'string') return null;
    return typeof options.host === 'string' ? options.host : 'localhost';
  }
  return null;
}

/**
 * Refuses every outgoing connection of this process to anything but the loopback address, reporting
 * it to `onOutside`, and defines `globalThis.__scholiaPwned` for payloads that would run in core.
 * Returns the function that undoes both.
 */
function guardProcess(onOutside: (host: string) => void, onScript: (name: unknown) => void): () => void {
  const prototype = Socket.prototype as unknown as { connect: (...args: unknown[]) => Socket };
  const original = prototype.connect;
  prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]): Socket {
    const host = connectHost(args);
    if (host !== null && !LOOPBACK.has(host.replace(/^\[|\]$/g, ''))) {
      onOutside(host);
      process.nextTick(() =>
        this.destroy(new Error(`Connections to ${host} are refused during the hostile-render run.`)),
      );
      return this;
    }
    return original.apply(this, args as [SocketConnectOpts]);
  };
  const global = globalThis as { __scholiaPwned?: (name: unknown) => void };
  global.__scholiaPwned = onScript;
  return () => {
    prototype.connect = original;
    delete global.__scholiaPwned;
  };
}

/**
 * Whether a request to `url` stays on this machine: to 127.0.0.1 (the app's server, or the server of a
 * library shown before), or a data:/blob: resource of the page (not a navigation, checked apart).
 */
function staysLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/** Rejects after `ms` with a message naming `what`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a refusal is one a reader can act on: a ScholiaError with a real message, not a bug. */
function clearRefusal(error: { code: string; message: string }): boolean {
  return (
    error.code !== 'internal' &&
    error.message.trim().length >= 10 &&
    !error.message.startsWith('Unexpected error')
  );
}

/**
 * What the page finds wrong with what it shows: event-handler attributes anywhere, active or remote
 * elements, script URLs, remote resources in styles. Runs in the page.
 */
function auditPage(origin: string): string[] {
  const problems: string[] = [];
  const scriptUrl = /^(?:javascript|vbscript|data:text\/html|data:image\/svg)/i;
  // eslint-disable-next-line no-control-regex -- control characters inside a URL are how script URLs hide
  const squeeze = (value: string): string => value.replace(/[\s\u0000-\u001f]+/g, '');
  const describe = (element: Element): string => {
    const html = element.outerHTML;
    return html.length > 160 ? `${html.slice(0, 160)}…` : html;
  };
  const own = (url: string): boolean =>
    url === '' || url.startsWith(origin) || url === 'data:,' || url.startsWith('#');
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith('on')) problems.push(`event handler ${name} shown: ${describe(element)}`);
      else if (
        name === 'srcdoc' ||
        name === 'formaction' ||
        name === 'action' ||
        name === 'poster' ||
        name === 'background' ||
        name === 'srcset' ||
        name === 'ping' ||
        name === 'xlink:href'
      ) {
        problems.push(`attribute ${name} shown: ${describe(element)}`);
      } else if (['href', 'src', 'data', 'cite'].includes(name) && scriptUrl.test(squeeze(value))) {
        problems.push(`script URL in ${name}: ${describe(element)}`);
      } else if (name === 'style' && /url\s*\(|expression\s*\(|image-set|binding|behavior/i.test(value)) {
        problems.push(`style with a resource: ${describe(element)}`);
      }
    }
    const tag = element.localName;
    if (
      [
        'iframe',
        'frame',
        'frameset',
        'object',
        'embed',
        'applet',
        'base',
        'portal',
        'video',
        'audio',
        'source',
        'track',
        'picture',
      ].includes(tag)
    ) {
      problems.push(`element ${tag} shown: ${describe(element)}`);
    } else if (tag === 'script' && !own((element as HTMLScriptElement).src)) {
      problems.push(`script element shown: ${describe(element)}`);
    } else if (tag === 'link' && !own((element as HTMLLinkElement).href)) {
      problems.push(`link element shown: ${describe(element)}`);
    } else if (tag === 'meta' && element.getAttribute('http-equiv')?.toLowerCase() === 'refresh') {
      problems.push(`meta refresh shown: ${describe(element)}`);
    } else if (tag === 'img' && !own(element.getAttribute('src') ?? '')) {
      problems.push(`image shown: ${describe(element)}`);
    } else if (tag === 'style' && /url\s*\(|@import/i.test(element.textContent)) {
      problems.push(`style element with a resource: ${describe(element)}`);
    }
  }
  // The reader's text holds only what the document schema makes: no SVG, MathML or unknown elements.
  const allowed = new Set(
    'p h1 h2 h3 h4 h5 h6 blockquote hr pre code ol ul li br em strong a mark span img div'.split(' '),
  );
  for (const text of Array.from(document.querySelectorAll('[data-testid="reader-text"]'))) {
    for (const element of Array.from(text.querySelectorAll('*'))) {
      if (!allowed.has(element.localName))
        problems.push(`element ${element.localName} in the reader's text: ${describe(element)}`);
      if (element.localName === 'a') {
        const href = element.getAttribute('href') ?? '';
        if (!/^(?:https?:\/\/|mailto:|#)/i.test(href))
          problems.push(`link to ${href.slice(0, 80)} in the reader's text`);
      }
    }
  }
  if (location.origin !== origin) problems.push(`the page left the app for ${location.href.slice(0, 120)}`);
  return problems;
}

/** How many cases share one library (and one list in the browser): the list is drawn again after every document. */
const CASES_PER_LIBRARY = 60;

/** A library is not given more cases once it holds this many documents (a reference file can add thousands). */
const DOCUMENTS_PER_LIBRARY = 150;

/** One run of the corpus: the cases, the tally, and what is being imported or shown at the moment. */
class HostileRun {
  readonly states: CaseState[];
  readonly byName: Map<string, CaseState>;
  private readonly remoteKeys: [string, CaseState][];
  readonly tally: HostileRenderTally;
  /** The case being imported or shown, to which events are charged unless they name another. */
  current: CaseState | null = null;
  phase = 'import';
  /** The origin of the library being shown. */
  origin = '';
  /** How long the page may take to show something (a library of 10,000 documents takes its time). */
  readonly waitMs: number;
  /** The first line of this machine's /etc/passwd, which no imported text may hold (null: unreadable). */
  private secret: Promise<string | null> | null = null;
  /** Whether the detectors have been checked (once, on the first library shown). */
  private checked = false;

  constructor(
    corpus: readonly HostileCase[],
    readonly full: boolean,
    readonly log: (line: string) => void,
  ) {
    this.waitMs = full ? 300_000 : 30_000;
    this.states = corpus.map((entry) => ({
      entry,
      documentIds: [],
      outcome: '',
      crashed: false,
      problems: [],
    }));
    this.byName = new Map(this.states.map((state) => [state.entry.name, state]));
    // A payload's address names its case (`http://evil.example/<case>`); names too short to be told apart are left out.
    this.remoteKeys = this.states.flatMap((state): [string, CaseState][] => {
      try {
        return state.entry.name.length > 12 ? [[`/${encodeURIComponent(state.entry.name)}`, state]] : [];
      } catch {
        return [];
      }
    });
    this.tally = {
      ...emptyTally('hostile render'),
      outsideRequests: [],
      browserServices: [],
      cspViolations: [],
      byCategory: {},
      seconds: { import: 0, browser: 0, total: 0 },
    };
  }

  /** The case an event belongs to: the one its payload names, else the one being imported or shown. */
  caseOf(text: string): CaseState | null {
    const named = this.byName.get(text);
    if (named !== undefined) return named;
    for (const [key, state] of this.remoteKeys) if (text.includes(key)) return state;
    return this.current;
  }

  /** Charges `problem` to `state` (or to the run, for null). */
  blame(state: CaseState | null, problem: string): void {
    const line = `${state === null ? '(run)' : state.entry.name.slice(0, 120)} [${this.phase}]: ${problem}`;
    if (state === null) this.tally.failures.push(line.slice(0, 600));
    else state.problems.push(`${this.phase}: ${problem.slice(0, 300)}`);
    this.log(line.slice(0, 400));
  }

  /** What the detectors caught while they were being checked (see {@link selfCheck}); null otherwise. */
  private control: string[] | null = null;

  script(name: unknown, where: string): void {
    if (this.control !== null) {
      this.control.push(`script ${String(name)}`);
      return;
    }
    this.tally.scriptsRun += 1;
    const state = this.caseOf(String(name));
    this.blame(
      state,
      `script ran in ${where}: __scholiaPwned(${JSON.stringify(String(name)).slice(0, 100)})`,
    );
  }

  outside(url: string, who: string): void {
    if (this.control !== null) {
      this.control.push(`request ${url}`);
      return;
    }
    const state = this.caseOf(url);
    this.tally.outsideRequests.push(
      `${who}: ${url.slice(0, 200)} (${state?.entry.name.slice(0, 120) ?? this.phase})`,
    );
    this.blame(state, `${who} reached ${url.slice(0, 200)}`);
  }

  csp(violation: string): void {
    // The app's own bundle asks whether it may compile code (zod does, once, to choose its fastest
    // parser); the policy says no, which is the answer the app expects.
    if (/^script-src blocked eval {2}at /.test(violation) && violation.includes(`${this.origin}/assets/`))
      return;
    if (this.control !== null) {
      this.control.push(`policy ${violation}`);
      return;
    }
    const state = this.caseOf(violation);
    this.tally.cspViolations.push(
      `${violation.slice(0, 200)} (${state?.entry.name.slice(0, 120) ?? this.phase})`,
    );
    this.blame(state, `content security policy: ${violation.slice(0, 200)}`);
  }

  /**
   * Imports cases from the start of `states` into one library through core, one file at a time, until
   * it holds {@link CASES_PER_LIBRARY} cases or {@link DOCUMENTS_PER_LIBRARY} documents (the annotation
   * files always with their anchor). Returns the cases imported and whether the server still answers.
   */
  async importSome(
    app: WebApp,
    states: readonly CaseState[],
  ): Promise<{ imported: CaseState[]; serverUp: boolean }> {
    const { service } = app.library;
    const limit = this.full ? 600_000 : 30_000;
    this.phase = 'import';
    const imported: CaseState[] = [];
    let documents = 0;
    for (const state of states) {
      const filled = imported.length >= CASES_PER_LIBRARY || documents >= DOCUMENTS_PER_LIBRARY;
      const withAnchor =
        state.entry.category === 'annotations' && imported.at(-1)?.entry.category === 'annotations';
      if (filled && !withAnchor) break;
      imported.push(state);
      this.current = state;
      const { entry } = state;
      const bytes = caseBytes(entry);
      const source = { kind: 'bytes' as const, name: entry.name, bytes };
      const started = Date.now();
      try {
        if (entry.category === 'annotations' && entry.name !== ANCHOR_NAME) {
          const report = await within(
            service.importAnnotations(parseApiArgs('importAnnotations', { source })),
            limit,
            'importAnnotations',
          );
          state.outcome = `annotations: ${report.imported} imported, ${report.skipped} skipped, ${report.failed} failed`;
        } else {
          const report = await within(
            service.importFiles(parseApiArgs('importFiles', { sources: [source] })),
            limit,
            'importFiles',
          );
          recordImport(state, report);
          if (report.outcomes[0]?.status === 'imported') await this.checkDisclosure(app, state);
        }
      } catch (thrown) {
        if (thrown instanceof ScholiaError && clearRefusal(thrown)) {
          state.outcome = `refused: ${thrown.message}`;
        } else {
          state.crashed = true;
          state.outcome = `crashed: ${toApiError(thrown).message}`;
          state.problems.push(state.outcome.slice(0, 300));
        }
      }
      const ms = Date.now() - started;
      if (ms > limit) {
        state.crashed = true;
        state.problems.push(`the import held the process for ${ms} ms`);
      }
      if (({} as Record<string, unknown>)['polluted'] !== undefined) {
        state.crashed = true;
        state.problems.push('Object.prototype was polluted');
        delete (Object.prototype as Record<string, unknown>)['polluted'];
      }
      this.log(`${entry.name.slice(0, 80)} [${entry.category}] ${ms} ms: ${state.outcome.slice(0, 160)}`);
      documents = (await service.listDocuments({})).length;
      if (!(await answers(app.server.origin))) {
        state.crashed = true;
        state.problems.push('the server stopped answering after this import');
        this.current = null;
        return { imported, serverUp: false };
      }
    }
    this.current = null;
    return { imported, serverUp: true };
  }

  /**
   * Fails the case when its document holds a line of a local file it names (`/etc/passwd`, which the
   * external-entity and path payloads ask for): the importer read the file.
   */
  async checkDisclosure(app: WebApp, state: CaseState): Promise<void> {
    this.secret ??= readFile('/etc/passwd', 'utf8').then(
      (text) => text.split('\n')[0] ?? null,
      () => null,
    );
    const secret = await this.secret;
    if (secret === null || secret === '') return;
    for (const documentId of state.documentIds) {
      const opened = await app.library.service.getDocument({ documentId });
      if (JSON.stringify(opened).includes(secret))
        this.blame(state, 'its document holds a line of /etc/passwd');
    }
  }

  /**
   * Makes each Markdown case also its document's note, which the reader shows as Markdown above the
   * text (after the exports are checked: a note is the reader's own writing, exported as written).
   */
  async addNotes(app: WebApp, states: readonly CaseState[]): Promise<void> {
    this.phase = 'note';
    for (const state of states) {
      const [documentId] = state.documentIds;
      if (!state.entry.name.endsWith('.md') || documentId === undefined) continue;
      const bytes = caseBytes(state.entry);
      if (bytes.byteLength > MAX_NOTE_LENGTH) continue;
      this.current = state;
      try {
        await app.library.service.updateDocumentNote(
          parseApiArgs('updateDocumentNote', { documentId, note: new TextDecoder().decode(bytes) }),
        );
      } catch (thrown) {
        if (!(thrown instanceof ScholiaError && clearRefusal(thrown))) {
          state.crashed = true;
          this.blame(state, `saving the note crashed: ${toApiError(thrown).message}`);
        }
      }
    }
    this.current = null;
  }

  /**
   * Looks at what the library's details become in every export format (previews, made by core). An
   * export that fails is made again for each document alone, to find the cases it fails for.
   */
  async checkExports(app: WebApp, states: readonly CaseState[]): Promise<void> {
    this.phase = 'export';
    const { service } = app.library;
    const preview = (format: ExportFormat, documentIds?: string[]): Promise<ApiReturns['previewExport']> =>
      service.previewExport(
        parseApiArgs('previewExport', {
          options: {
            format,
            ...(documentIds === undefined ? {} : { scope: { kind: 'documents', documentIds } }),
          },
          maxChars: 1_000_000,
        }),
      );
    const failed = (thrown: unknown): string | null =>
      thrown instanceof ScholiaError && clearRefusal(thrown) ? null : toApiError(thrown).message;
    for (const format of EXPORT_FORMATS) {
      let problem: string | null = null;
      try {
        const { text } = await preview(format);
        for (const found of exportProblems(format, text))
          this.blame(this.caseOf(found.case), `${format} export: ${found.what}`);
      } catch (thrown) {
        problem = failed(thrown);
      }
      if (problem === null) continue;
      // The documents the export fails for on their own.
      const culprits = new Set<CaseState>();
      for (const state of states) {
        for (const id of state.documentIds) {
          const alone = await preview(format, [id]).then(() => null, failed);
          if (alone === null) continue;
          culprits.add(state);
          state.crashed = true;
          this.blame(state, `the ${format} export of its document crashed: ${alone}`);
          break;
        }
      }
      if (culprits.size === 0) this.blame(null, `the ${format} export crashed: ${problem}`);
    }
  }

  /**
   * Checks that the detectors see what they are there to see, on the page as it shows the app: a call of
   * `__scholiaPwned`, a blocked request to evil.example, and markup with an event handler. Throws when
   * one of them sees nothing (a run that could not have caught anything must not pass).
   */
  async selfCheck(page: Page): Promise<void> {
    this.control = [];
    try {
      await page.evaluate(async () => {
        const probe = document.createElement('div');
        probe.id = 'scholia-self-check';
        const image = document.createElement('img');
        image.setAttribute('onerror', 'void 0');
        image.setAttribute('alt', '');
        probe.append(image);
        document.body.append(probe);
        const pwned = (window as unknown as { __scholiaPwned?: (name: string) => Promise<void> })
          .__scholiaPwned;
        await pwned?.('self-check');
        await fetch('http://evil.example/self-check').catch(() => undefined);
      });
      const problems = await page.evaluate(auditPage, this.origin);
      await page.evaluate(() => document.getElementById('scholia-self-check')?.remove());
      await page.waitForTimeout(200);
      const caught = this.control;
      const missing = [
        caught.some((line) => line === 'script self-check') ? null : 'a call of __scholiaPwned',
        caught.some((line) => line.includes('evil.example/self-check')) ? null : 'a request to evil.example',
        problems.some((problem) => problem.startsWith('event handler onerror'))
          ? null
          : 'an event-handler attribute',
      ].filter((what): what is string => what !== null);
      if (missing.length > 0)
        throw new Error(
          `The hostile-render detectors missed ${missing.join(', ')} (caught: ${caught.join('; ')})`,
        );
    } finally {
      this.control = null;
    }
  }

  /** Shows one library in the page: its list, every document in the reader, the panels, the import report. */
  async showAll(page: Page, app: WebApp, states: readonly CaseState[]): Promise<void> {
    const { service } = app.library;
    const audit = async (): Promise<void> => {
      for (const problem of await page.evaluate(auditPage, this.origin)) this.blame(this.current, problem);
    };
    const recover = async (): Promise<void> => {
      if (page.isClosed()) return;
      await page.goto(app.server.url).catch(() => undefined);
      await page
        .getByTestId('import-button')
        .waitFor()
        .catch(() => undefined);
    };
    const documents = new Map((await service.listDocuments({})).map((meta) => [meta.id, meta]));

    this.phase = 'library list';
    const listStarted = Date.now();
    await page.goto(app.server.url);
    await page.getByTestId('import-button').waitFor();
    if (documents.size > 0)
      await page
        .getByTestId('document-row')
        .nth(documents.size - 1)
        .waitFor();
    await page.waitForTimeout(200);
    await audit();
    this.log(`library list of ${documents.size} shown in ${Date.now() - listStarted} ms`);
    if (!this.checked) {
      await this.selfCheck(page);
      this.checked = true;
    }

    this.phase = 'reader';
    const opened = new Set<string>();
    const show = async (state: CaseState | null, id: string, cards = false): Promise<void> => {
      this.current = state;
      const started = Date.now();
      try {
        await page.evaluate(openInReader, { id, ms: this.waitMs });
        if (cards) await page.getByTestId('annotation-card').first().waitFor();
        await audit();
        if (hostileMeta(documents.get(id))) {
          await page.keyboard.press('i');
          await page.getByTestId('metadata-dialog').waitFor();
          // The preview as the citation style formats it (or says why it cannot).
          await page
            .getByTestId('metadata-preview-citation')
            .or(page.getByTestId('metadata-preview-problem'))
            .first()
            .waitFor();
          await audit();
          await page.keyboard.press('Escape');
          await page.getByTestId('metadata-dialog').waitFor({ state: 'detached' });
        }
        await page.evaluate(backToLibrary, this.waitMs);
        this.log(`shown ${state?.entry.name.slice(0, 80) ?? id} in ${Date.now() - started} ms`);
      } catch (thrown) {
        if (state !== null) state.crashed = true;
        this.blame(state, `could not be shown: ${firstLine(thrown)}`);
        await recover();
      }
    };
    for (const state of states) {
      for (const id of state.documentIds.slice(0, OPEN_PER_CASE)) {
        if (opened.has(id)) continue;
        opened.add(id);
        await show(state, id);
      }
    }
    // The anchor text again, with every annotation the annotation files placed on it in its margin.
    const anchor = states.find((state) => state.entry.name === ANCHOR_NAME);
    if (anchor !== undefined) {
      this.phase = 'margin';
      for (const id of anchor.documentIds) await show(null, id, true);
    }
    this.current = null;

    // The codebook (the tags the annotation files named), find (passages of every text), the export
    // dialog (the library's details in the chosen format), and the import report (every file named,
    // with why it was refused).
    const panel = async (name: string, steps: () => Promise<void>): Promise<void> => {
      this.phase = name;
      const started = Date.now();
      try {
        await steps();
        this.log(`${name} shown in ${Date.now() - started} ms`);
      } catch (thrown) {
        this.blame(null, `the ${name} could not be shown: ${firstLine(thrown)}`);
        await recover();
      }
    };
    if (anchor !== undefined) {
      await panel('codebook', async () => {
        await page.keyboard.press('t');
        await page.getByTestId('codebook-panel').waitFor();
        await page.waitForTimeout(150);
        await audit();
        await page.getByTestId('codebook-close').click();
        await page.getByTestId('codebook-panel').waitFor({ state: 'detached' });
      });
    }
    await panel('find panel', async () => {
      await page.keyboard.press('/');
      await page.getByTestId('find-query').fill('onerror script');
      // The results (documents whose details match may have no passages), or the word that nothing matches.
      const find = page.getByTestId('find-panel');
      await find
        .getByTestId('find-snippet')
        .first()
        .or(find.locator('.find-summary'))
        .or(find.getByText('Nothing matches.'))
        .or(find.getByRole('alert'))
        .first()
        .waitFor();
      await page.waitForTimeout(150);
      await audit();
      await page.keyboard.press('Escape');
      await page.getByTestId('find-panel').waitFor({ state: 'detached' });
    });
    await panel('export dialog', async () => {
      await page.keyboard.press('Control+Shift+E');
      await page.getByTestId('export-preview').getByText(/\S/).first().waitFor();
      await page.waitForTimeout(150);
      await audit();
      await page.keyboard.press('Escape');
    });
    // The files with hostile names, and those refused (whose reasons the report gives). PDFs are left
    // out: their refusals name only the file, and each costs most of a second.
    const reported = states.filter(
      (state) =>
        state.entry.category !== 'annotations' &&
        !state.entry.name.endsWith('.pdf') &&
        (state.entry.category === 'upload-name' || /^(?:refused|failed):/.test(state.outcome)),
    );
    if (reported.length > 0) {
      await panel('import report', async () => {
        const chooser = page.waitForEvent('filechooser');
        // Should the click fail, the wait for the chooser fails too, with no one waiting any more.
        chooser.catch(() => undefined);
        await page.getByTestId('import-button').click();
        await (
          await chooser
        ).setFiles(
          reported.map((state) => ({
            name: state.entry.name,
            mimeType: 'application/octet-stream',
            buffer: Buffer.from(caseBytes(state.entry)),
          })),
        );
        await page
          .getByTestId('import-status')
          .getByText(/^Imported \d+ of \d+/)
          .waitFor();
        await page.waitForTimeout(200);
        await audit();
      });
    }
  }

  /** Each case's end: survived, or a failure line naming what went wrong. */
  finish(): void {
    for (const state of this.states) {
      this.tally.tried += 1;
      const category = (this.tally.byCategory[state.entry.category] ??= { tried: 0, survived: 0 });
      category.tried += 1;
      if (state.crashed) this.tally.crashed += 1;
      if (state.problems.length === 0 && !state.crashed) {
        this.tally.survived += 1;
        category.survived += 1;
      } else {
        this.tally.failures.push(
          `${state.entry.name.slice(0, 120)} [${state.entry.category}]: ${state.problems.join('; ').slice(0, 600)}`,
        );
      }
    }
  }
}

function firstLine(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.message.split('\n')[0] ?? '') : String(thrown);
}

/** Records how a file's import ended. */
function recordImport(state: CaseState, report: ApiReturns['importFiles']): void {
  const [outcome] = report.outcomes;
  if (outcome === undefined) {
    state.crashed = true;
    state.outcome = 'crashed: no outcome';
    state.problems.push(state.outcome);
    return;
  }
  switch (outcome.status) {
    case 'imported':
    case 'duplicate':
      state.outcome = `${outcome.status}: “${outcome.document.csl.title ?? ''}”`;
      state.documentIds.push(outcome.document.id);
      break;
    case 'references': {
      const ids = outcome.entries.flatMap((entry) =>
        entry.documentId === undefined ? [] : [entry.documentId],
      );
      state.outcome = `references: ${outcome.entries.length} entries, ${ids.length} documents`;
      state.documentIds.push(...ids);
      break;
    }
    case 'failed':
      if (clearRefusal(outcome.error)) {
        state.outcome = `failed: ${outcome.error.message}`;
      } else {
        state.crashed = true;
        state.outcome = `crashed: ${outcome.error.code}: ${outcome.error.message}`;
        state.problems.push(state.outcome.slice(0, 300));
      }
      break;
    case 'cancelled':
      state.outcome = 'cancelled';
      state.problems.push('the import was cancelled without being asked to');
      break;
  }
}

/** Runs the hostile corpus through import and the renderer and tallies how each case ended. */
export async function runHostileRender(options: {
  full: boolean;
  log?: (line: string) => void;
}): Promise<HostileRenderTally> {
  const started = Date.now();
  const run = new HostileRun(
    hostileCorpus({ full: options.full }),
    options.full,
    options.log ?? (() => undefined),
  );
  const { tally } = run;
  const unguard = guardProcess(
    (host) => run.outside(host, 'core'),
    (name) => run.script(name, 'core'),
  );
  const root = await mkdtemp(join(tmpdir(), 'scholia-hostile-'));
  // Chromium's own log of its network activity shows what no page sees as a request (a name lookup, a
  // connection made ahead of a click). No host name but 127.0.0.1 resolves, so that nothing Chromium
  // tries on its own (its account, autofill and check-in services) leaves the machine either.
  const netLog = join(root, 'net-log.json');
  const browser = await launchChromiumWith([
    `--log-net-log=${netLog}`,
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ]);
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await watchContext(context, {
      outside: (url) => run.outside(url, 'the browser'),
      script: (name) => run.script(name, 'the renderer'),
      csp: (violation) => run.csp(violation),
      popup: (url) => run.blame(run.current, `a window opened: ${url.slice(0, 200)}`),
    });
    const page = await context.newPage();
    page.setDefaultTimeout(run.waitMs);
    page.on('dialog', (dialog) => {
      run.script(`${dialog.type()}: ${dialog.message()}`, 'a dialog');
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('crash', () => {
      if (run.current !== null) run.current.crashed = true;
      run.blame(run.current, 'the page crashed');
    });
    for (let done = 0, index = 1; done < run.states.length; index += 1) {
      const libraryDir = join(root, `library-${index}`);
      await mkdir(libraryDir);
      const app = await startWebApp({ libraryDir });
      run.origin = app.server.origin;
      let before: DocumentMeta[] = [];
      let states: CaseState[] = [];
      try {
        const importStarted = Date.now();
        const some = await run.importSome(app, run.states.slice(done));
        states = some.imported;
        done += states.length;
        const { serverUp } = some;
        await run.checkExports(app, states);
        await run.addNotes(app, states);
        tally.seconds.import += (Date.now() - importStarted) / 1000;
        if (serverUp) {
          const browserStarted = Date.now();
          await run.showAll(page, app, states);
          tally.seconds.browser += (Date.now() - browserStarted) / 1000;
        }
        before = await app.library.service.listDocuments({});
      } finally {
        // Off the library's page before its server stops, so that the page does not keep calling it.
        await page.goto('about:blank').catch(() => undefined);
        await app.close();
      }
      run.phase = 'reopen';
      await checkReopen(libraryDir, before, states, tally, (state, problem) => run.blame(state, problem));
    }
    await page.close();
    await context.close();
  } finally {
    await browser.close();
    unguard();
  }
  try {
    for (const found of await outsideInNetLog(netLog)) {
      if (CHROMIUM_SERVICES.test(hostOf(found))) tally.browserServices.push(found);
      else run.outside(found, 'Chromium (its network log)');
    }
    const outside = (await readdir(root)).filter(
      (name) => !/^library-\d+$/.test(name) && name !== 'net-log.json',
    );
    if (outside.length > 0) run.blame(null, `files written outside the libraries: ${outside.join(', ')}`);
    // Where the path payloads (upload names, package entries) would land if a name were followed.
    for (const target of [ESCAPE_DIR, join(tmpdir(), ESCAPE_NAME)]) {
      if (existsSync(target)) run.blame(null, `a path payload wrote ${target}`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  run.finish();
  tally.seconds.total = (Date.now() - started) / 1000;
  run.log(formatTally(tally));
  return tally;
}

/** Headless Chromium as the tests launch it, with `extra` flags. */
async function launchChromiumWith(extra: readonly string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) return launchChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extra],
    headless: true,
  });
}

/** The hosts of Chromium's own services, which it calls on its own whatever the page (`~notfound` is what they resolve to here). */
const CHROMIUM_SERVICES = /(?:^|\.)(?:google\.com|googleapis\.com|gstatic\.com|gvt1\.com|~notfound)$/;

/** The host a network-log value names: a URL, a `scheme://host` group, or a bare host name. */
function hostOf(value: string): string {
  const first = value.split(' ')[0] ?? '';
  try {
    return new URL(first).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return first.replace(/:\d+$/, '');
  }
}

/**
 * What Chromium's network log names outside the loopback address: the URLs of its requests, and the
 * hosts of its name lookups and connections (which no page sees as a request).
 */
async function outsideInNetLog(netLog: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(netLog, 'utf8');
  } catch {
    return [];
  }
  const outside = new Set<string>();
  for (const match of text.matchAll(/"(?:host|hostname|qname|url|destination|group_id)":"([^"]*)"/g)) {
    const value = match[1] ?? '';
    if (value.startsWith('data:') || value.startsWith('blob:')) continue;
    const host = hostOf(value);
    if (host !== '' && !LOOPBACK.has(host)) outside.add(value.slice(0, 200));
  }
  return [...outside];
}

/** Whether the server still serves the app. */
async function answers(origin: string): Promise<boolean> {
  try {
    const response = await within(fetch(`${origin}/`), 10_000, 'the server');
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether a document's details carry markup or script-like text (its details dialog is then opened too). */
function hostileMeta(meta: DocumentMeta | undefined): boolean {
  if (meta === undefined) return false;
  return HOSTILE_TEXT.test(JSON.stringify(meta.csl)) || HOSTILE_TEXT.test(meta.source.fileName);
}

interface ContextWatchers {
  outside: (url: string) => void;
  script: (name: unknown) => void;
  csp: (violation: string) => void;
  popup: (url: string) => void;
}

/** Aborts and reports every request of the context to anything but `origin`; reports scripts, policy violations and popups. */
async function watchContext(context: BrowserContext, on: ContextWatchers): Promise<void> {
  await context.route(
    (url) => !staysLocal(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  context.on('request', (request) => {
    const url = request.url();
    if (!staysLocal(url) || (url.startsWith('data:') && request.isNavigationRequest())) on.outside(url);
  });
  await context.exposeBinding('__scholiaPwned', (_source, name: unknown) => on.script(name));
  await context.exposeBinding('__scholiaCsp', (_source, violation: unknown) => on.csp(String(violation)));
  // Functions evaluated in the page may come from code compiled with esbuild's keepNames (tsx), which wraps them in `__name`.
  await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __scholiaCsp?: (text: string) => void }).__scholiaCsp;
      report?.(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ${event.sample} at ${event.sourceFile}:${event.lineNumber}`.trim(),
      );
    });
  });
  context.on('page', (page) => {
    // The first page is the one the run opens; any later one is a window the content opened.
    if (context.pages().length > 1) on.popup(page.url());
  });
}

/**
 * Opens document `id` from the library list in the reader, as its Open button does, and waits for its
 * text. Runs in the page: one round trip instead of a dozen.
 */
async function openInReader({ id, ms }: { id: string; ms: number }): Promise<void> {
  /** Waits until `ready` holds, polling, or fails after `ms`. */
  const wait = (ready: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const until = Date.now() + ms;
      const poll = (): void => {
        if (ready()) resolve();
        else if (Date.now() > until) reject(new Error(`${what} did not happen within ${ms} ms`));
        else setTimeout(poll, 5);
      };
      poll();
    });
  const button = document.querySelector<HTMLElement>(
    `[data-testid="document-row"][data-document-id="${CSS.escape(id)}"] [data-testid="open-document"]`,
  );
  if (button === null) throw new Error(`document ${id} is not in the library list`);
  button.click();
  await wait(
    () =>
      document.querySelector('[data-testid="reader-text"]') !== null &&
      document.querySelector('article.reader-column[aria-busy="false"]') !== null,
    `the reader of ${id}`,
  );
  // A frame: what the text's rendering started (images, styles, handlers) has happened.
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Goes back from the reader to the library list and waits for it. Runs in the page. */
async function backToLibrary(ms: number): Promise<void> {
  /** Waits until `ready` holds, polling, or fails after `ms`. */
  const wait = (ready: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const until = Date.now() + ms;
      const poll = (): void => {
        if (ready()) resolve();
        else if (Date.now() > until) reject(new Error(`${what} did not happen within ${ms} ms`));
        else setTimeout(poll, 5);
      };
      poll();
    });
  const back = document.querySelector<HTMLElement>('[data-testid="back-button"]');
  if (back === null) throw new Error('the reader has no way back');
  back.click();
  await wait(() => document.querySelector('[data-testid="document-table"]') !== null, 'the library list');
}

/**
 * A Markdown viewer as the exports are read in (a notes app, a code forge): CommonMark with raw HTML
 * let through, and markdown-it's own refusal of script links.
 */
const markdownViewer = new MarkdownIt('commonmark', { html: true });

/** What in rendered HTML would run or fetch: elements that act, event handlers, script links, remote images. */
const LIVE_HTML: readonly [RegExp, string][] = [
  [
    /<(?:script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|video|audio|source)\b[^>]*>/gi,
    'an active element',
  ],
  [/<[a-z][^>]*\son[a-z]+\s*=[^>]*>/gi, 'an event handler'],
  [/<a\b[^>]*href="(?:javascript|vbscript|data):[^"]*"/gi, 'a script link'],
  [/<img\b[^>]*src="(?:https?:)?\/\/[^"]*"/gi, 'a remote image'],
];

/** The case a payload names: `__scholiaPwned('<case>')` (however the export quoted it) or `evil.example/<case>`. */
function namedCase(text: string): string {
  const called = /scholiaPwned\\?\(\\?['‘’]([^'‘’\\]+)\\?['’]/.exec(text)?.[1];
  if (called !== undefined) return called.replace(/\\_/g, '_');
  const remote = /evil\.example\/([^\s"')\\.]+(?:\.[a-z]+)?)/.exec(text)?.[1];
  if (remote === undefined) return '';
  try {
    return decodeURIComponent(remote);
  } catch {
    return remote;
  }
}

/** What an export in Markdown would make live when it is read in a Markdown viewer, with the case it names. */
function exportProblems(format: string, text: string): { case: string; what: string }[] {
  if (format !== 'markdown' && format !== 'vault') return [];
  // A vault note's YAML front matter is data for the notes app (its properties), not Markdown.
  const html = markdownViewer.render(format === 'vault' ? text.replace(/^---\n[\s\S]*?\n---\n/, '') : text);
  const problems: { case: string; what: string }[] = [];
  for (const [pattern, what] of LIVE_HTML) {
    for (const match of html.matchAll(pattern)) {
      problems.push({
        case: namedCase(match[0]) || namedCase(html.slice(match.index, match.index + 600)),
        what: `${what} in the Markdown: ${JSON.stringify(match[0].slice(0, 120))}`,
      });
    }
  }
  return problems;
}

/** Opens the library again after the run: every document of `before` must be there and readable. */
async function checkReopen(
  libraryDir: string,
  before: readonly DocumentMeta[],
  states: readonly CaseState[],
  tally: FaultTally,
  blame: (state: CaseState | null, problem: string) => void,
): Promise<void> {
  let library: Awaited<ReturnType<typeof openLibrary>>;
  try {
    library = await openLibrary(libraryDir, { owner: 'Scholia hostile-render check' });
  } catch (thrown) {
    tally.lost = states.filter((state) => state.documentIds.length > 0).length;
    blame(null, `the library did not open again: ${toApiError(thrown).message}`);
    return;
  }
  try {
    const after = new Set((await library.service.listDocuments({})).map((meta) => meta.id));
    const unreadable = new Set<string>();
    for (const meta of before) {
      if (!after.has(meta.id)) {
        unreadable.add(meta.id);
        continue;
      }
      try {
        await library.service.getDocument({ documentId: meta.id });
      } catch {
        unreadable.add(meta.id);
      }
    }
    for (const state of states) {
      const gone = state.documentIds.filter((id) => unreadable.has(id));
      if (gone.length > 0) {
        tally.lost += 1;
        state.problems.push(
          `${gone.length} of its documents are gone or unreadable after the library was opened again`,
        );
      }
    }
  } finally {
    await library.close();
  }
}
