import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScholiaError } from '../shared/errors';
import { restoreLabel } from '../shared/library-health';
import { FIXTURE_FILES, fixturePath } from './import/test-fixtures';
import { importText, importUssr, selectorsFor } from './service/test-service';
import { defaultLibraryDir, openLibrary, resolveLibraryDir, type OpenedLibrary } from './library';

describe('resolveLibraryDir', () => {
  const defaultDir = '/home/reader/.local/share/Scholia/library';

  it('prefers the --library flag to the environment and the default', () => {
    expect(
      resolveLibraryDir({ flag: '/srv/thesis', env: { SCHOLIA_LIBRARY: '/srv/other' }, defaultDir }),
    ).toBe('/srv/thesis');
  });

  it('uses SCHOLIA_LIBRARY when there is no flag', () => {
    expect(resolveLibraryDir({ env: { SCHOLIA_LIBRARY: '/srv/other' }, defaultDir })).toBe('/srv/other');
  });

  it('falls back to the default, ignoring empty values', () => {
    expect(resolveLibraryDir({ flag: '', env: { SCHOLIA_LIBRARY: ' ' }, defaultDir })).toBe(defaultDir);
  });

  it('resolves a relative folder against the working directory', () => {
    expect(resolveLibraryDir({ flag: 'corpus/lib', env: {}, defaultDir })).toBe(resolve('corpus/lib'));
  });
});

describe('defaultLibraryDir', () => {
  it('lives in XDG_DATA_HOME on Linux, or in ~/.local/share when that is unset or relative', () => {
    expect(defaultLibraryDir('linux', { XDG_DATA_HOME: '/data/me' }, '/home/me')).toBe(
      '/data/me/Scholia/library',
    );
    expect(defaultLibraryDir('linux', {}, '/home/me')).toBe('/home/me/.local/share/Scholia/library');
    expect(defaultLibraryDir('linux', { XDG_DATA_HOME: 'data' }, '/home/me')).toBe(
      '/home/me/.local/share/Scholia/library',
    );
  });

  it('lives in Application Support on macOS', () => {
    expect(defaultLibraryDir('darwin', {}, '/Users/me')).toBe(
      '/Users/me/Library/Application Support/Scholia/library',
    );
  });

  it('lives in APPDATA on Windows', () => {
    expect(defaultLibraryDir('win32', { APPDATA: '/c/Users/me/AppData/Roaming' }, '/c/Users/me')).toBe(
      join('/c/Users/me/AppData/Roaming', 'Scholia', 'library'),
    );
  });
});

describe('openLibrary', () => {
  let root: string;
  const opened: OpenedLibrary[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'scholia-library-'));
  });
  afterEach(async () => {
    for (const library of opened.splice(0)) await library.close();
    await rm(root, { recursive: true, force: true });
  });

  async function open(dir: string): Promise<OpenedLibrary> {
    const library = await openLibrary(dir, { owner: 'the Scholia app' });
    opened.push(library);
    return library;
  }

  it('imports a real file through the service, announces it, and finds it again after reopening', async () => {
    const dir = join(root, 'library');
    const library = await open(dir);
    const phases: string[] = [];
    library.events.on('import-progress', (event) => phases.push(event.phase));
    // The front end grants what the reader chose; the service reads nothing else outside the library.
    await library.grants.allowRead(fixturePath(FIXTURE_FILES.review));
    const report = await library.service.importFiles({
      sources: [{ kind: 'path', path: fixturePath(FIXTURE_FILES.review) }],
    });
    expect(phases).toEqual(['started', 'imported']);
    expect(report.outcomes[0]?.status).toBe('imported');
    await library.close();
    const again = await open(dir);
    expect(again.dir).toBe(dir);
    expect(await again.service.listDocuments({})).toHaveLength(1);
  });

  it('refuses a second opening of the same folder while the first is open, naming its owner', async () => {
    const dir = join(root, 'library');
    await open(dir);
    const error: unknown = await openLibrary(dir, { owner: 'the scholia command line' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScholiaError);
    expect((error as ScholiaError).code).toBe('library-locked');
    expect((error as ScholiaError).message).toContain('in use by the Scholia app');
  });

  it('can be closed twice', async () => {
    const library = await open(join(root, 'library'));
    await library.close();
    await library.close();
  });

  it('restores a lost annotation log from the app: reports it, offers the backup, repairs while open', async () => {
    const dir = join(root, 'library');
    let library = await openLibrary(dir, { owner: 'the Scholia app', importSource: importText });
    const documentId = await importUssr(library.service);
    for (let n = 0; n < 16; n++)
      await library.service.createAnnotation({
        documentId,
        selectors: selectorsFor('Stalinism'),
        comment: `Note ${String(n)}`,
      });
    await library.close();
    const device = (await readdir(join(dir, 'devices')))[0] ?? '';
    const log = join(dir, 'devices', device, 'annotations', `${documentId}.jsonl`);
    await rm(log);

    library = await open(dir);
    const notices = library.takeNotices();
    expect(notices.map((notice) => notice.kind)).toEqual(['damaged']);
    expect(await library.service.listAnnotations({ documentId })).toEqual([]);
    const { problems } = await library.service.checkLibrary({});
    expect(problems).toHaveLength(1);
    const problem = problems[0];
    if (problem === undefined) throw new Error('no problem reported');
    expect(restoreLabel(problem, new Date())).toMatch(
      /^Restore 16 annotations of «.+» from this (morning|afternoon|evening)'s backup$/,
    );
    const changed: string[] = [];
    library.events.on('library-changed', (event) => changed.push(event.scope));
    // A call made while the repair is under way waits for it, and sees the restored library.
    const repaired = library.service.repairLibrary({});
    const listed = library.service.listAnnotations({ documentId });
    const health = await repaired;
    expect(health.repairs.map((action) => action.restored)).toEqual([true]);
    expect(health.problems).toEqual([]);
    expect(await listed).toHaveLength(16);
    expect(changed).toContain('annotations');
    // Writes work again, through the same service object.
    await library.service.updateDocumentNote({ documentId, note: 'Restored.' });
    await library.close();
    expect(await readdir(join(dir, 'devices', device, 'annotations'))).toContain(`${documentId}.jsonl`);
  });
});
