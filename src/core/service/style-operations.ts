/**
 * The citation styles of the service: the styles of a library (shipped ones and the reader's own, read
 * and checked once per library), and adding a `.csl` file to them.
 */
import { basename, join } from 'node:path';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import { MAX_STYLE_BYTES, StyleRegistry } from '../citations/styles';
import { prepareFolder, writeFileAtomic } from '../export/atomic-write';
import type { LibraryStore } from '../store/library-store';
import type { ServiceContext } from './service-context';

const registries = new WeakMap<LibraryStore, StyleRegistry>();

/** The citation styles of the library `context` serves (made on first use, kept with its store). */
export function stylesOf(context: ServiceContext): StyleRegistry {
  let registry = registries.get(context.store);
  if (registry === undefined) {
    registry = new StyleRegistry(context.store.dir);
    registries.set(context.store, registry);
  }
  return registry;
}

/** The citation styles: shipped ones, then the reader's. */
export function listStyles(context: ServiceContext): Promise<ApiReturns['listStyles']> {
  return stylesOf(context).list();
}

/**
 * Adds a `.csl` style to the library (as `styles/<name>.csl`) after checking it; a style with the same
 * file name is replaced. A dependent style is accepted when its parent style is there (shipped or
 * added before). `invalid-input` for a file that is not a usable CSL style, or a dependent style whose
 * parent is missing (naming the parent to add first).
 */
export async function addStyle(
  context: ServiceContext,
  { fileName, xml }: ApiParsedArgs<'addStyle'>,
): Promise<ApiReturns['addStyle']> {
  const base = basename(fileName).replace(/\.csl$/i, '');
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (id === '')
    throw new ScholiaError(
      'invalid-input',
      `“${fileName}” does not give a usable style name. Rename the file, e.g. my-journal.csl.`,
    );
  if (Buffer.byteLength(xml, 'utf8') > MAX_STYLE_BYTES) {
    throw new ScholiaError(
      'invalid-input',
      `${fileName} is larger than 2 MB, far larger than any CSL style. Check that it is a .csl file.`,
    );
  }
  const registry = stylesOf(context);
  await registry.check(id, fileName, xml);
  const existing = (await registry.list()).find((style) => style.id === id);
  if (existing?.source === 'bundled') {
    throw new ScholiaError(
      'invalid-input',
      `“${id}” is the name of a style Scholia ships. Rename the file and add it again.`,
    );
  }
  await prepareFolder(registry.folder, true);
  await writeFileAtomic(join(registry.folder, `${id}.csl`), xml);
  return registry.addLibraryStyle(id, xml);
}
