/**
 * The identity of this computer: an id, a readable device name and who is reading. It lives in
 * `device.json` in the OS config folder, outside the library folder, so a library kept in a synced
 * folder never carries it to another computer (where it would make two computers look like one).
 *
 * The id is made once, from crypto randomness, and becomes part of file names; the names are the
 * reader's to change. A damaged device.json is refused rather than replaced, because replacing it
 * would silently give this computer a new id.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { syncDirectory, writeDurably } from '../store/durable-json-file';
import { errnoCode, ioError } from '../store/fs-errors';

/** Who this computer is and who reads on it. */
export interface DeviceIdentity {
  /** Made on first use; 12 lowercase letters and digits (`/^[a-z0-9]{12}$/`), safe inside file names. */
  id: string;
  /** A readable name for this computer, by default its host name. */
  name: string;
  /** Who is reading, by default the OS user name. */
  readerName: string;
}

/** The environment variable that overrides {@link defaultDeviceConfigDir} (tests, two devices on one machine). */
export const DEVICE_DIR_ENV_VAR = 'SCHOLIA_DEVICE_DIR';

/** The name of the identity file inside the device config folder. */
export const DEVICE_FILE_NAME = 'device.json';

/** The longest device or reader name, in characters. */
export const MAX_DEVICE_NAME_LENGTH = 100;

const FORMAT_VERSION = 1;
const DEVICE_ID = /^[a-z0-9]{12}$/;
// RFC 4648 base32, lower case: 32 symbols, so a random byte masked to 5 bits picks one without bias.
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const CONTROL_CHARACTER = /\p{Cc}/u;
// Characters as a reader counts them: an accented letter or an emoji with its modifiers is one.
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function characters(text: string): string[] {
  return Array.from(GRAPHEMES.segment(text), (part) => part.segment);
}

/** What is wrong with a (trimmed) name, or undefined when it is acceptable. */
function nameProblem(name: string): string | undefined {
  const length = characters(name).length;
  if (length === 0) return 'is empty';
  if (length > MAX_DEVICE_NAME_LENGTH) return `is longer than ${MAX_DEVICE_NAME_LENGTH} characters`;
  if (CONTROL_CHARACTER.test(name)) return 'contains a line break or another control character';
  return undefined;
}

const NameSchema = z
  .string()
  .transform((value) => value.trim())
  .superRefine((value, context) => {
    const problem = nameProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `the name ${problem}` });
  });

const DeviceFileSchema = z.object({
  schemaVersion: z.literal(FORMAT_VERSION),
  id: z.string().regex(DEVICE_ID, 'must be 12 lowercase letters and digits'),
  name: NameSchema,
  readerName: NameSchema,
});

/**
 * The folder `device.json` lives in: `Scholia` in the OS config folder — `$XDG_CONFIG_HOME` (when
 * absolute) or `~/.config` on Linux and other Unixes, `~/Library/Application Support` on macOS,
 * `%APPDATA%` on Windows. A non-empty `SCHOLIA_DEVICE_DIR` overrides it (resolved against the
 * working directory). The parameters exist for tests; callers pass nothing.
 */
export function defaultDeviceConfigDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  const override = nonEmpty(env[DEVICE_DIR_ENV_VAR]);
  if (override !== undefined) return resolve(override);
  return join(userConfigDir(platform, env, home), 'Scholia');
}

// The same shape as library.ts's userDataDir, for the config folder instead of the data folder.
function userConfigDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  if (platform === 'win32') return nonEmpty(env['APPDATA']) ?? join(home, 'AppData', 'Roaming');
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env['XDG_CONFIG_HOME']);
  return xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.config');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * This computer's identity from `<configDir>/device.json`, creating the folder and the file on first
 * use. Two processes starting at once on a new folder end with the same identity: the file is
 * created exclusively, and the one that loses reads what the winner wrote. Throws
 * `library-corrupt` for a device.json that cannot be read as one (it is left untouched), `io` when
 * the disk refuses.
 */
export async function loadDevice(configDir: string): Promise<DeviceIdentity> {
  const path = join(configDir, DEVICE_FILE_NAME);
  // A few rounds, in case the file someone else created is moved aside before we could read it.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const existing = await readDeviceFile(path);
    if (existing !== null) return existing;
    await makeFolder(configDir);
    const fresh: DeviceIdentity = {
      id: newDeviceId(),
      name: defaultDeviceName(),
      readerName: defaultReaderName(),
    };
    if (await createExclusively(path, serialize(fresh))) return fresh;
  }
  throw new ScholiaError(
    'io',
    `Scholia could not create ${path}: it kept disappearing. Check what else uses ${configDir}.`,
    {
      path,
    },
  );
}

/**
 * Changes this computer's name or reader name (each trimmed, 1–100 characters, no control
 * characters) and returns the identity as saved; the id never changes. Throws `invalid-input` for a
 * name that breaks those rules (nothing is written), and what {@link loadDevice} throws.
 */
export async function updateDevice(
  configDir: string,
  change: { name?: string; readerName?: string },
): Promise<DeviceIdentity> {
  const name = change.name === undefined ? undefined : checkedName(change.name, 'device name');
  const readerName =
    change.readerName === undefined ? undefined : checkedName(change.readerName, 'reader name');
  const current = await loadDevice(configDir);
  const updated: DeviceIdentity = {
    id: current.id,
    name: name ?? current.name,
    readerName: readerName ?? current.readerName,
  };
  if (updated.name === current.name && updated.readerName === current.readerName) return current;
  await writeDurably(
    join(configDir, DEVICE_FILE_NAME),
    (handle) => handle.writeFile(serialize(updated), 'utf8'),
    {
      action: 'save',
    },
  );
  return updated;
}

function checkedName(value: string, what: string): string {
  const trimmed = value.trim();
  const problem = nameProblem(trimmed);
  if (problem === undefined) return trimmed;
  throw new ScholiaError(
    'invalid-input',
    `The ${what} ${problem}. Use 1 to ${MAX_DEVICE_NAME_LENGTH} characters on one line.`,
  );
}

function newDeviceId(): string {
  return [...randomBytes(12)].map((byte) => ID_ALPHABET.charAt(byte & 31)).join('');
}

/** The host name as a device name, cut to the longest allowed; 'This computer' when there is none usable. */
function defaultDeviceName(): string {
  return usableName(() => hostname()) ?? 'This computer';
}

/** The OS user name; 'Reader' when there is none (userInfo throws for a user without a passwd entry). */
function defaultReaderName(): string {
  return usableName(() => userInfo().username) ?? 'Reader';
}

function usableName(read: () => string): string | undefined {
  let value: string;
  try {
    value = read().trim();
  } catch {
    return undefined;
  }
  const cut = characters(value).slice(0, MAX_DEVICE_NAME_LENGTH).join('').trim();
  return nameProblem(cut) === undefined ? cut : undefined;
}

/**
 * What device `deviceId` has told the library of itself in the device file of its folder there
 * (`devices/<id>/device.json`, the same format as the identity file), or null when it has none or it
 * cannot be read. A damaged one is left as it is: it is that computer's to write.
 */
export async function readLibraryDeviceFile(
  deviceFolder: string,
  deviceId: string,
): Promise<DeviceIdentity | null> {
  try {
    const identity = await readDeviceFile(join(deviceFolder, DEVICE_FILE_NAME));
    return identity?.id === deviceId ? identity : null;
  } catch {
    return null;
  }
}

/** The text of a device file for `identity`: the identity file, and its copy in a library's device folder. */
export function serializeDevice(identity: DeviceIdentity): string {
  return serialize(identity);
}

function serialize(identity: DeviceIdentity): string {
  const file = {
    schemaVersion: FORMAT_VERSION,
    id: identity.id,
    name: identity.name,
    readerName: identity.readerName,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const RECOVERY =
  'Scholia has not changed it. Repair it, or move it aside and Scholia will make a new one (this computer then gets a new device id).';

/** The identity in `path`, or null when there is no file. Throws `library-corrupt` for a damaged one. */
async function readDeviceFile(path: string): Promise<DeviceIdentity | null> {
  const text = await readWhole(path);
  if (text === null) return null;
  let raw: unknown;
  try {
    // A byte-order mark is what some editors add when a reader edits the file by hand.
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw damaged(path, `is not valid JSON (${detail})`, error);
  }
  const version =
    typeof raw === 'object' && raw !== null && 'schemaVersion' in raw ? raw.schemaVersion : undefined;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new ScholiaError(
      'library-corrupt',
      `${DEVICE_FILE_NAME} in ${dirname(path)} was written by a newer version of Scholia (format ${version}). ` +
        'Scholia has not changed it. Update Scholia, or move the file aside to give this computer a new identity.',
      { path },
    );
  }
  const parsed = DeviceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'top level'}: ${issue.message}`)
      .join('; ');
    throw damaged(path, `is not a valid Scholia device file (${issues})`, parsed.error);
  }
  return { id: parsed.data.id, name: parsed.data.name, readerName: parsed.data.readerName };
}

/**
 * The file's text, or null when it does not exist. An empty file is waited on for a moment: on a
 * file system without hard links, a process creating the file holds it empty until its rename.
 */
async function readWhole(path: string): Promise<string | null> {
  for (let attempt = 0; ; attempt += 1) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw ioError('read', path, error);
    }
    if (text !== '' || attempt >= 20) return text;
    await sleep(25);
  }
}

function damaged(path: string, problem: string, cause: unknown): ScholiaError {
  return new ScholiaError(
    'library-corrupt',
    `${DEVICE_FILE_NAME} in ${dirname(path)} ${problem}. ${RECOVERY}`,
    {
      path,
      cause,
    },
  );
}

async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw ioError('create the folder', dir, error);
  }
}

// Errors with which file systems (FAT, exFAT, some network shares) say they have no hard links.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

type CreateOutcome =
  | { kind: 'pending' }
  | { kind: 'linked' }
  | { kind: 'renamed' }
  | { kind: 'taken' }
  | { kind: 'failed'; error: unknown };

/**
 * Creates `path` with `text` unless it exists; resolves to whether this call created it. The content
 * is made durable in a temp file first (writeDurably) and then hard-linked to `path`, which fails
 * when `path` exists, so the file appears whole and is never clobbered. Without hard links, `path`
 * is claimed with an exclusive open and the temp file renamed over the (for that moment empty) claim.
 */
async function createExclusively(path: string, text: string): Promise<boolean> {
  // An object, so the checks after the awaits are not narrowed to the initial value.
  const state: { outcome: CreateOutcome } = { outcome: { kind: 'pending' } };
  await writeDurably(path, (handle) => handle.writeFile(text, 'utf8'), {
    action: 'save',
    beforeRename: async (temp) => {
      try {
        await link(temp, path);
        state.outcome = { kind: 'linked' };
      } catch (error) {
        state.outcome = errnoCode(error) === 'EEXIST' ? { kind: 'taken' } : { kind: 'failed', error };
      }
    },
    replace: async (renameIntoPlace) => {
      const outcome = state.outcome;
      // Declining makes writeDurably remove the temp file: linked, `path` holds the content already.
      if (outcome.kind !== 'failed') return false;
      if (!NO_HARD_LINKS.has(errnoCode(outcome.error) ?? '')) throw outcome.error;
      if (!(await claim(path))) {
        state.outcome = { kind: 'taken' };
        return false;
      }
      try {
        await renameIntoPlace();
      } catch (error) {
        // An empty claim left behind would read as a damaged device.json forever; a whole file
        // (renamed, then the folder's sync failed) may already have been read by someone, so it stays.
        const size = await stat(path).then(
          (stats) => stats.size,
          () => -1,
        );
        if (size === 0) await rm(path, { force: true }).catch(() => undefined);
        throw error;
      }
      state.outcome = { kind: 'renamed' };
      return true;
    },
  });
  if (state.outcome.kind === 'linked') await syncDirectory(dirname(path));
  return state.outcome.kind === 'linked' || state.outcome.kind === 'renamed';
}

/** Creates `path` empty if it does not exist; resolves to whether this call created it. */
async function claim(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.close();
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}
