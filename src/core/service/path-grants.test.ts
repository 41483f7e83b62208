/**
 * Paths are capabilities: through the dispatcher every transport uses, an API call reads and writes
 * outside the library only the paths the reader chose (granted), and nothing leads out of a granted
 * folder, neither `../` nor a symlink.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSource, ScholiaService } from '../../shared/api';
import { dispatchApiCall } from '../../shared/dispatch';
import type { Result } from '../../shared/errors';
import type { ExportSummary } from '../../shared/export-options';
import type { ImportReport } from '../../shared/model';
import { importSource } from '../import';
import { canonicalPath, PathGrants } from './path-grants';
import type { Importer } from './service-context';
import { chosenPaths, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

const SECRET = 'root:$6$not-for-scholia:19000:0:99999:7:::\n';

/** A folder the reader chose (`chosen/`, holding one text), and a secret file next to it that no one chose. */
async function layout(): Promise<{ chosen: string; text: string; secret: string }> {
  const chosen = join(library.root, 'chosen');
  await mkdir(chosen);
  const text = join(chosen, 'notes.txt');
  await writeFile(text, 'The reader chose this folder, and this text in it.\n');
  const secret = join(library.root, 'shadow.txt');
  await writeFile(secret, SECRET);
  return { chosen, text, secret };
}

/** A service with the real importer, recording every source it is asked to convert. */
async function serviceWith(grants: PathGrants): Promise<{ service: ScholiaService; converted: ImportSource[] }> {
  const converted: ImportSource[] = [];
  const recording: Importer = (source) => {
    converted.push(source);
    return importSource(source);
  };
  return { service: await library.open({ importSource: recording, grants }), converted };
}

/** `importFiles` of these paths, as a transport hands it over. */
function importPaths(service: ScholiaService, ...paths: string[]): Promise<Result<unknown>> {
  return dispatchApiCall(service, 'importFiles', { sources: paths.map((path) => ({ kind: 'path', path })) });
}

function refused(result: Result<unknown>, path: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('not-allowed');
  expect(result.error.path).toBe(path);
  expect(result.error.message).toContain(path);
}

function importedNames(result: Result<unknown>): string[] {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return (result.value as ImportReport).outcomes.map((outcome) => `${outcome.name}:${outcome.status}`);
}

describe('import by path', () => {
  it('refuses a path no one chose, and reads nothing', async () => {
    const { chosen, secret } = await layout();
    const { service, converted } = await serviceWith(await chosenPaths({ read: [chosen] }));
    const result = await importPaths(service, secret);
    refused(result, secret);
    if (!result.ok) expect(result.error.message).toMatch(/Import dialog/);
    expect(converted).toEqual([]);
    expect(library.seen).toEqual([]);
    expect(await service.listDocuments({})).toEqual([]);
  });

  it('refuses the whole call when one path of it was not chosen', async () => {
    const { chosen, text, secret } = await layout();
    const { service, converted } = await serviceWith(await chosenPaths({ read: [chosen] }));
    refused(await importPaths(service, text, secret), secret);
    expect(converted).toEqual([]);
    expect(await service.listDocuments({})).toEqual([]);
  });

  it('refuses everything when nothing was chosen, as in browser mode', async () => {
    const { chosen } = await layout();
    const { service, converted } = await serviceWith(new PathGrants());
    refused(await importPaths(service, chosen), chosen);
    const annotations = await dispatchApiCall(service, 'importAnnotations', {
      source: { kind: 'path', path: chosen },
    });
    refused(annotations, chosen);
    expect(converted).toEqual([]);
  });

  it('refuses `../` out of a chosen folder', async () => {
    const { chosen, secret } = await layout();
    const { service, converted } = await serviceWith(await chosenPaths({ read: [chosen] }));
    const escape = `${chosen}/../shadow.txt`;
    refused(await importPaths(service, escape), escape);
    const deeper = `${chosen}/sub/../../shadow.txt`;
    refused(await importPaths(service, deeper), deeper);
    expect(converted).toEqual([]);
    expect(await readFile(secret, 'utf8')).toBe(SECRET);
  });

  it('refuses a symlink out of a chosen folder, and a folder walk does not follow one', async () => {
    const { chosen, secret } = await layout();
    await symlink(secret, join(chosen, 'innocent.txt'));
    await mkdir(join(library.root, 'elsewhere'));
    await writeFile(join(library.root, 'elsewhere', 'private.txt'), 'Not chosen either.\n');
    await symlink(join(library.root, 'elsewhere'), join(chosen, 'linked'));
    const { service, converted } = await serviceWith(await chosenPaths({ read: [chosen] }));
    refused(await importPaths(service, join(chosen, 'innocent.txt')), join(chosen, 'innocent.txt'));
    refused(
      await importPaths(service, join(chosen, 'linked', 'private.txt')),
      join(chosen, 'linked', 'private.txt'),
    );
    // The chosen folder itself imports, without the files its links point to.
    expect(importedNames(await importPaths(service, chosen))).toEqual(['notes.txt:imported']);
    // A file whose content decides its kind (a .txt may be Kindle clippings) is read once, then converted from its bytes.
    expect(converted.map((source) => (source.kind === 'path' ? source.path : source.name))).toEqual([
      join(chosen, 'notes.txt'),
    ]);
  });

  it('imports a chosen file, and a file inside a chosen folder', async () => {
    const { chosen, text } = await layout();
    const other = join(library.root, 'other.md');
    await writeFile(other, '# Another\n\nChosen on its own.\n');
    const { service } = await serviceWith(await chosenPaths({ read: [chosen, other] }));
    expect(importedNames(await importPaths(service, other))).toEqual(['other.md:imported']);
    expect(importedNames(await importPaths(service, text))).toEqual(['notes.txt:imported']);
    expect(await service.listDocuments({})).toHaveLength(2);
  });

  it('follows a chosen symlink to where it leads, and nowhere beyond', async () => {
    const { text, secret } = await layout();
    const link = join(library.root, 'shortcut.txt');
    await symlink(text, link);
    const { service } = await serviceWith(await chosenPaths({ read: [link] }));
    expect(importedNames(await importPaths(service, link))).toEqual(['shortcut.txt:imported']);
    refused(await importPaths(service, secret), secret);
  });

  it('keeps reading and writing apart: a folder chosen to export into is not thereby readable', async () => {
    const { chosen, text } = await layout();
    const { service, converted } = await serviceWith(await chosenPaths({ write: [chosen] }));
    refused(await importPaths(service, text), text);
    expect(converted).toEqual([]);
  });
});

describe('export to a path', () => {
  const markdown = { format: 'markdown' } as const;

  it('refuses a path no one chose, and creates nothing', async () => {
    const { chosen } = await layout();
    const { service } = await serviceWith(await chosenPaths({ write: [join(chosen, 'export.md')] }));
    const file = join(library.root, 'export.md');
    refused(await dispatchApiCall(service, 'exportLibrary', { options: markdown, path: file }), file);
    const vault = join(library.root, 'new', 'vault');
    refused(await dispatchApiCall(service, 'exportLibrary', { options: { format: 'vault' }, path: vault }), vault);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(library.root, 'new'))).toBe(false);
    expect((await readdir(chosen)).sort()).toEqual(['notes.txt']);
  });

  it('refuses `../` and symlinks out of a chosen folder', async () => {
    const { chosen, secret } = await layout();
    await mkdir(join(library.root, 'elsewhere'));
    await symlink(join(library.root, 'elsewhere'), join(chosen, 'linked'));
    const { service } = await serviceWith(await chosenPaths({ write: [chosen] }));
    for (const path of [
      `${chosen}/../shadow.txt`,
      join(chosen, 'linked', 'export.md'),
      join(chosen, 'linked'),
    ]) {
      const result = await dispatchApiCall(service, 'exportLibrary', { options: markdown, path });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('not-allowed');
    }
    expect(await readFile(secret, 'utf8')).toBe(SECRET);
    expect(await readdir(join(library.root, 'elsewhere'))).toEqual([]);
  });

  it('writes to a chosen file, and into a chosen folder', async () => {
    const { chosen } = await layout();
    const file = join(library.root, 'bibliography.md');
    const vault = join(library.root, 'vault');
    const { service } = await serviceWith(await chosenPaths({ write: [file, chosen, vault] }));
    const toFile = await dispatchApiCall(service, 'exportLibrary', { options: markdown, path: file });
    expect(toFile.ok).toBe(true);
    expect(existsSync(file)).toBe(true);
    const intoFolder = await dispatchApiCall(service, 'exportLibrary', {
      options: { format: 'csl-json' },
      path: chosen,
    });
    const written = intoFolder.ok ? (intoFolder.value as ExportSummary).path : '';
    expect(dirname(written)).toBe(chosen);
    expect(existsSync(written)).toBe(true);
    const toVault = await dispatchApiCall(service, 'exportLibrary', { options: { format: 'vault' }, path: vault });
    expect(toVault.ok).toBe(true);
    expect(existsSync(vault)).toBe(true);
  });
});

describe('canonicalPath', () => {
  it('resolves symlinks and `..` as the system does, also below a part that does not exist yet', async () => {
    const { chosen } = await layout();
    const root = await canonicalPath(library.root);
    await symlink(join(library.root, 'chosen'), join(library.root, 'link'));
    expect(await canonicalPath(join(library.root, 'link', 'notes.txt'))).toBe(join(root, 'chosen', 'notes.txt'));
    expect(await canonicalPath(`${chosen}/../shadow.txt`)).toBe(join(root, 'shadow.txt'));
    expect(await canonicalPath(join(library.root, 'link', 'new', 'file.md'))).toBe(
      join(root, 'chosen', 'new', 'file.md'),
    );
    // The system follows a link before `..`: link/.. is the link's target's parent, not the link's folder.
    await mkdir(join(library.root, 'deep', 'inside'), { recursive: true });
    await symlink(join(library.root, 'deep', 'inside'), join(library.root, 'chosen', 'down'));
    expect(await canonicalPath(`${chosen}/down/../x.md`)).toBe(join(root, 'deep', 'x.md'));
  });
});
