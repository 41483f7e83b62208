/**
 * The files a start of the app was asked to open: Windows and Linux hand the files chosen in the file
 * manager ("Open with Scholia", a double click on an associated file) to the app as arguments, to the
 * first process or, when one runs, to the second one that then passes them on. Kept apart from
 * Electron so that it can be tested.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isImportableName } from '../shared/import-formats';

/**
 * The files among `args` (the process's arguments after its own executable) that Scholia imports:
 * existing regular files with an extension it reads, resolved against `cwd` (where the process was
 * started). Options (`--library …`) and their values, folders, links and other arguments are not files
 * to open; a file named after an option (`--library notes.txt`) is the library's folder, not opened.
 */
export function filesInArgs(args: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const [index, arg] of args.entries()) {
    if (arg.startsWith('-') || arg.includes('://')) continue;
    // The value of an option given as two arguments.
    if (args[index - 1] === '--library') continue;
    if (!isImportableName(basename(arg))) continue;
    const path = resolve(cwd, arg);
    try {
      if (statSync(path).isFile()) files.push(path);
    } catch {
      // Not there (or not readable): not a file to open.
    }
  }
  return files;
}
