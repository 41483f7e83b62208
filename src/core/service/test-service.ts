/**
 * Test support for the service: a fresh library folder per test, services opened (and reopened) on it
 * with every event they emit recorded, an importer of uploaded text, the USSR article and selectors for
 * its passages. Used only by `*.test.ts` files.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ApiEvents, ImportSource, ScholiaService } from '../../shared/api';
import { ScholiaError, type Result } from '../../shared/errors';
import type { Selectors } from '../../shared/model';
import { countWords, projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { passageSelectors } from '../../shared/test-annotations';
import { createLibraryEvents } from '../events';
import { LibraryStore, type LibraryStoreOptions } from '../store/library-store';
import { crashCopy, crashCopySync } from '../store/test-crash';
import { fixtureText, paragraphsDoc, paragraphsText } from '../store/test-documents';
import { TEST_DEVICE } from '../store/test-store';
import { useTempDir } from '../test-support';
import { createLibraryService, type LibraryServiceDependencies } from './library-service';
import { PathGrants } from './path-grants';
import type { Importer } from './service-context';

/** The USSR article as on disk. */
export const USSR = fixtureText('ussr');
/** Its plain-text projection once imported by {@link importText}. */
export const USSR_TEXT = paragraphsText(USSR);

/** An importer of uploaded plain text: one paragraph per block, titled by the file name. */
export const importText: Importer = (source) => {
  if (source.kind !== 'bytes') return Promise.reject(new Error('these tests upload bytes'));
  const text = new TextDecoder().decode(source.bytes);
  if (text.trim() === '') {
    return Promise.reject(
      new ScholiaError('import-failed', `${source.name} is empty. Choose a file that contains text.`, {
        path: source.name,
      }),
    );
  }
  const doc = paragraphsDoc(text);
  return Promise.resolve({
    name: source.name,
    format: 'txt',
    byteLength: source.bytes.byteLength,
    contentHash: createHash('sha256').update(source.bytes).digest('hex'),
    doc,
    csl: { type: 'article-newspaper', title: source.name.replace(/\.txt$/, '') },
    wordCount: countWords(projectDocument(docFromJSON(doc)).text),
  });
};

/**
 * The paths a reader chose, as a front end grants them: `read` chosen in the Import dialog (or dropped),
 * `write` chosen in the Export dialog. A service reads and writes outside its library only there.
 */
export async function chosenPaths(choices: {
  read?: readonly string[];
  write?: readonly string[];
}): Promise<PathGrants> {
  const grants = new PathGrants();
  for (const path of choices.read ?? []) await grants.allowRead(path);
  for (const path of choices.write ?? []) await grants.allowWrite(path);
  return grants;
}

/** An uploaded file. */
export function upload(name: string, text: string): ImportSource {
  return { kind: 'bytes', name, bytes: new TextEncoder().encode(text) };
}

/**
 * Selectors for the `occurrence`-th (0-based) appearance of `exact` in `text` (by default the USSR
 * article's projection), with up to 32 characters of context on either side.
 */
export function selectorsFor(exact: string, occurrence = 0, text = USSR_TEXT): Selectors {
  return passageSelectors(text, exact, occurrence);
}

export { failure } from '../test-support';

/** A clock that moves one second on at every reading, so every change has its own time. */
export function ticking(): () => Date {
  let tick = Date.parse('2026-11-23T09:00:00Z');
  return () => new Date((tick += 1000));
}

/** The reader-facing message of a call that failed; fails the test when the call succeeded. */
export function refusal(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected the call to be refused');
  return result.error.message;
}

/** Imports the USSR article; resolves to its id. */
export async function importUssr(service: ScholiaService, name = 'ussr-1989.txt'): Promise<string> {
  // Tests import the article many times over; each import is a fresh document, never a duplicate.
  const [outcome] = (await service.importFiles({ sources: [upload(name, USSR)], onDuplicate: 'import-copy' }))
    .outcomes;
  if (outcome?.status !== 'imported') throw new Error('the fixture did not import');
  return outcome.document.id;
}

/** A library folder for each test, and services on it. See {@link useServiceLibrary}. */
export interface ServiceLibrary {
  /** The temp folder holding the library (and crash copies). */
  readonly root: string;
  /** The library folder. */
  readonly dir: string;
  /** Every event emitted by the services opened, in order. */
  readonly seen: { name: string; payload: unknown }[];
  /** Opens a service on the library folder (or on `folder`), with the test importer. */
  open(
    dependencies?: LibraryServiceDependencies,
    storeOptions?: Partial<LibraryStoreOptions>,
    folder?: string,
  ): Promise<ScholiaService>;
  /** Closes every open service's store, then opens a fresh one on the library folder. */
  reopen(dependencies?: LibraryServiceDependencies, storeOptions?: Partial<LibraryStoreOptions>): Promise<ScholiaService>;
  /** A copy of the library folder as a crash now would leave it (see `store/test-crash.ts`). */
  crashCopy(): Promise<string>;
  /** The same, made synchronously: from an event listener, it catches an operation between two steps. */
  crashCopySync(): string;
  /** Called with every event as it is emitted (after it is recorded in {@link seen}); reset before each test. */
  onEvent: ((name: string, payload: unknown) => void) | null;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give each test of the calling file a fresh library
 * folder in a temp directory, and close and remove everything after it.
 */
export function useServiceLibrary(): ServiceLibrary {
  const temp = useTempDir('scholia-service-');
  let stores: LibraryStore[] = [];
  let copies = 0;
  const seen: { name: string; payload: unknown }[] = [];
  const library: ServiceLibrary = {
    get root() {
      return temp.path;
    },
    get dir() {
      return join(temp.path, 'library');
    },
    seen,
    async open(dependencies = {}, storeOptions = {}, folder = library.dir) {
      const store = await LibraryStore.open(folder, { owner: 'the service tests', device: TEST_DEVICE, ...storeOptions });
      stores.push(store);
      const events = createLibraryEvents();
      for (const name of ['library-changed', 'import-progress'] as const) {
        events.on(name, (payload: ApiEvents[typeof name]) => {
          seen.push({ name, payload });
          library.onEvent?.(name, payload);
        });
      }
      return createLibraryService(store, events, { importSource: importText, ...dependencies });
    },
    async reopen(dependencies = {}, storeOptions = {}) {
      for (const store of stores) await store.close();
      stores = [];
      return library.open(dependencies, storeOptions);
    },
    crashCopy: () => crashCopy(library.dir, join(temp.path, `after-crash-${String(++copies)}`)),
    crashCopySync: () => crashCopySync(library.dir, join(temp.path, `after-crash-${String(++copies)}`)),
    onEvent: null,
  };
  beforeEach(() => {
    seen.length = 0;
    library.onEvent = null;
  });
  // Registered after the folder's hooks, so it runs before the folder is removed.
  afterEach(async () => {
    for (const store of stores) await store.close();
    stores = [];
  });
  return library;
}
