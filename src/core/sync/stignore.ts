/**
 * Syncthing's ignore file for a library folder: `.stignore` at the folder's top, which keeps the
 * files that belong to one computer from syncing to the others.
 *
 * Syntax, per Syncthing's docs (users/ignoring.rst): one pattern a line, the FIRST pattern that
 * matches decides; a leading `/` matches in the folder's root only; `*` does not cross a `/`;
 * `[…]` is a character range; `(?d)` lets Syncthing delete the ignored files when they are all that
 * keeps a folder from being removed; a line starting with `//` is a comment; the file must be
 * UTF-8. The `.stignore` file itself never syncs, so each computer writes its own.
 *
 * Scholia's patterns live in one marked block, placed first so no line of the reader's can undo
 * them; every other line is the reader's and is kept as it is.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from '../store/durable-json-file';
import { errnoCode, ioError } from '../store/fs-errors';

/** The name of Syncthing's ignore file. */
export const STIGNORE_FILE_NAME = '.stignore';

/** The comment that opens Scholia's block in a `.stignore`. */
export const STIGNORE_BEGIN = '// Scholia: local-only files (do not edit between these lines)';

/** The comment that closes Scholia's block in a `.stignore`. */
export const STIGNORE_END = '// Scholia: end of local-only files';

// The 12 hex digits of a temp file's random part (see isTempFileName in durable-json-file.ts).
// Syncthing's pattern parser refuses a class of two ranges ([0-9a-f]), so each digit is one character.
const HEX12 = '?'.repeat(12);

/**
 * Syncthing patterns for the files of a library folder that must never sync: the `local/` folder at
 * the top (locks, search index, caches), the temp files of interrupted durable writes
 * (`.<name>.<12 hex digits>.tmp`, in any folder), and what macOS and Windows leave in folders.
 */
export const LOCAL_ONLY_PATTERNS: readonly string[] = Object.freeze([
  '(?d)/local',
  `(?d).*.${HEX12}.tmp`,
  '(?d).DS_Store',
  '(?d)Thumbs.db',
]);

const BLOCK: readonly string[] = [STIGNORE_BEGIN, ...LOCAL_ONLY_PATTERNS, STIGNORE_END];

/**
 * Makes sure `<libraryDir>/.stignore` holds Scholia's block of {@link LOCAL_ONLY_PATTERNS}:
 * creates the file when missing, puts the block first (or brings an existing block up to date in
 * its place) keeping every line the reader wrote, and writes it durably. A `.stignore` that is not
 * valid UTF-8 is left alone. Resolves to what it did; throws `io` when the disk refuses.
 */
export async function ensureStignore(libraryDir: string): Promise<'created' | 'updated' | 'unchanged'> {
  const path = join(libraryDir, STIGNORE_FILE_NAME);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw ioError('read', path, error);
    await save(path, `${BLOCK.join('\n')}\n`);
    return 'created';
  }
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so it can be written back where it was.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Not text Syncthing could read either; whatever it is, it is not Scholia's to rewrite.
    return 'unchanged';
  }
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const wanted = withBlock(lines);
  if (wanted.length === lines.length && wanted.every((line, index) => line === lines[index]))
    return 'unchanged';
  // A symbolic link stays one: the file it points to is the one replaced.
  const target = await realpath(path).catch(() => path);
  await save(target, `${bom}${wanted.join(eol)}${eol}`);
  return 'updated';
}

/**
 * The lines with exactly one Scholia block, up to date, where the first block was (or first of
 * all). Blocks and stray markers are removed first; a block whose end marker was deleted ends with
 * the run of Scholia's patterns after its first marker, since what follows may be the reader's.
 */
function withBlock(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let at: number | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const marker = line.trim();
    if (marker === STIGNORE_END) continue;
    if (marker !== STIGNORE_BEGIN) {
      kept.push(line);
      continue;
    }
    at ??= kept.length;
    const end = lines.findIndex((candidate, later) => later > index && candidate.trim() === STIGNORE_END);
    if (end !== -1) {
      index = end;
    } else {
      while (index + 1 < lines.length && LOCAL_ONLY_PATTERNS.includes((lines[index + 1] ?? '').trim()))
        index += 1;
    }
  }
  const position = at ?? 0;
  // A blank line between the block and the reader's lines that follow it, added once.
  const spacer = at === undefined && kept.length > 0 && kept[0]?.trim() !== '' ? [''] : [];
  return [...kept.slice(0, position), ...BLOCK, ...spacer, ...kept.slice(position)];
}

async function save(path: string, text: string): Promise<void> {
  await writeDurably(path, (handle) => handle.writeFile(text, 'utf8'), { action: 'save' });
}
