/**
 * Recognising the copies sync engines make of a file when two computers changed it independently,
 * so the library can fold them back into the original instead of losing an edit.
 *
 * Only copies of Scholia's own files count: every form below is accepted only when the caller's
 * `isKnownName` says the name it leads back to is a real Scholia file name, and a name that is
 * itself a known name is never a copy. The formats, and where they were confirmed:
 *
 * - Syncthing: `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`, inserted before the LAST extension
 *   (`conflictName` in syncthing lib/model/folder_sendrecv.go: `name[:len(name)-len(ext)] +
 *   time.Now().Format(".sync-conflict-20060102-150405-") + lastModBy + ext`, with `ext =
 *   filepath.Ext(name)`); DEVICE is the 7-character short device id (`ShortIDStringLength = 7`,
 *   base32, lib/protocol/deviceid.go). Versions before the device id was added wrote
 *   `<filename>.sync-conflict-<date>-<time>.<ext>` (the FAQ as quoted on Hacker News, 2015), so the
 *   id is optional here. Syncthing docs (users/syncing.html, FAQ) describe
 *   `<filename>.sync-conflict-<date>-<time>-<modifiedBy>.<ext>`.
 * - Dropbox: `name (Editor's conflicted copy YYYY-MM-DD).ext` — "The editor's username, 'conflicted
 *   copy', and the save date will be added to the filename" (help.dropbox.com/syncing-uploads/
 *   conflicted-copy); the editor is a user or computer name (`DESKTOP-UMS014A's conflicted copy
 *   2019-04-24`, stefankueng/CryptSync#22, which also shows the tag before the last extension of
 *   `shopping history.xlsx.7z`). A second copy the same day adds a number, `… 2014-01-01 (1))`
 *   (seen in public cleanup scripts); we also accept a time after the date and a trailing ` (n)`.
 *   Localised clients translate the phrase: "Cópia em conflito de pc-saito 2014-08-14" (pt, a
 *   public rename script), "In Konflikt stehende Kopie" (de, a public cleanup gist), and the help
 *   centre's "copie en conflit" (fr), "copia en conflicto" (es), "copia in conflitto" (it).
 * - Nextcloud, and ownCloud since client 2.5: `name (conflicted copy YYYY-MM-DD HHMMSS).ext`, or
 *   `name (conflicted copy USER YYYY-MM-DD HHMMSS).ext` when the user is known, inserted before the
 *   last dot, or at the end when there is none or the name starts with it (`makeConflictFileName` in
 *   src/common/utility.cpp of nextcloud/desktop and owncloud/client; owncloud/client#6365 and PR
 *   #6417 made the change; docs.nextcloud.com user_manual desktop/conflicts shows
 *   `mydata (conflicted copy 2018-04-10 093612).txt`). Both clients write the same form, so it is
 *   reported as 'nextcloud'.
 * - ownCloud before 2.5: `name_conflict-YYYYMMDD-HHMMSS.ext` before the last dot
 *   (`makeConflictFileName` in owncloud/client src/libsync/propagatedownload.cpp;
 *   `myfile_conflict-20130819-231720.ods` in owncloud/client#892), or
 *   `name_conflict_USER-YYYYMMDD-HHMMSS.ext` with CSYNC_CONFLICT_FILE_USERNAME set.
 * - iCloud Drive: `name 2.ext` (any number from 2), as macOS numbers duplicates ("Report draft 2");
 *   logseq/logseq#6972 ("the file conflict suffix added by iCloud"). Where the number goes in a
 *   multi-dot name is not documented, so both before the last and before the first extension count.
 * - OneDrive: `name-COMPUTERNAME.ext`, then `name-COMPUTERNAME-2.ext` ("Les caractères-MacBook Pro
 *   de Charlyne-2.md", JeffSteinbok/obsidian-onedrive#128: "the OneDrive desktop app … adds your
 *   computer's name"; `somefile-laptop-2.txt`, abraunegg/onedrive#207). Computer names may hold
 *   dashes and spaces (`DESKTOP-UMS014A`), so every dash is tried, the longest original first.
 *
 * The iCloud and OneDrive forms are ordinary-looking names, which is why everything hinges on
 * `isKnownName`.
 */

/** A conflict copy: the name of the file it is a copy of, and which engine's naming it follows. */
export interface ConflictCopy {
  /** The base name of the original file. */
  original: string;
  engine: 'syncthing' | 'dropbox' | 'nextcloud' | 'owncloud' | 'icloud' | 'onedrive';
}

type Engine = ConflictCopy['engine'];

/** The original names a file name could lead back to under one engine's naming, most likely first. */
type Candidates = (fileName: string) => string[];

// Every extension group is "a dot and no further dot": the engines put their tag before the last one.
const SYNCTHING = /^(.*?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{0,7})?(\.[^.]*)?$/;
const NEXTCLOUD = /^(.+) \(conflicted copy (?:[^()]+ )?\d{4}-\d{2}-\d{2} \d{6}\)(\.[^.()]*)?$/;
// The phrase in each language Dropbox is known to write; the tag around it may hold a nested
// number, `(1)`, and be followed by another.
const DROPBOX_PHRASE =
  'conflicted copy|in konflikt stehende kopie|c[óo]pia em conflito|copie en conflit|copia en conflicto|copia in conflitto';
const DROPBOX_TAG_PART = String.raw`(?:[^()]|\(\d+\))*`;
const DROPBOX = new RegExp(
  String.raw`^(.+) \(${DROPBOX_TAG_PART}(?:${DROPBOX_PHRASE})${DROPBOX_TAG_PART}\)(?: \(\d+\))?(\.[^.()]*)?$`,
  'iu',
);
const OWNCLOUD = /^(.+)_conflict(?:[-_][^.]*?)?-\d{8}-\d{6}(\.[^.]*)?$/;
const ICLOUD_NUMBER = /^(.+) ([1-9]\d*)$/;

/** `stem` and `extension` put back together, as a list of none (nothing left) or one name. */
function join(stem: string | undefined, extension: string | undefined): string[] {
  const original = (stem ?? '') + (extension ?? '');
  return original === '' ? [] : [original];
}

/** The original named by a pattern whose first group is the stem and second the extension. */
function tagged(pattern: RegExp): Candidates {
  return (name) => {
    const match = pattern.exec(name);
    return match === null ? [] : join(match[1], match[2]);
  };
}

/** The engines whose tags cannot be mistaken for part of an ordinary name. */
const UNAMBIGUOUS: readonly (readonly [Engine, Candidates])[] = [
  ['syncthing', tagged(SYNCTHING)],
  ['nextcloud', tagged(NEXTCLOUD)],
  ['dropbox', tagged(DROPBOX)],
  ['owncloud', tagged(OWNCLOUD)],
];

/** Every engine: the unambiguous tags first, then iCloud's and OneDrive's ordinary-looking suffixes. */
const RULES: readonly (readonly [Engine, Candidates])[] = [
  ...UNAMBIGUOUS,
  [
    'icloud',
    (name) =>
      splits(name).flatMap(({ stem, extension }) => {
        const match = ICLOUD_NUMBER.exec(stem);
        return match !== null && Number(match[2]) >= 2 ? join(match[1], extension) : [];
      }),
  ],
  [
    'onedrive',
    (name) =>
      splits(name).flatMap(({ stem, extension }) => {
        const originals: string[] = [];
        // The rightmost dash first: the longest original, so `a-b-HOST` prefers `a-b` to `a`.
        for (let dash = stem.lastIndexOf('-'); dash > 0; dash = stem.lastIndexOf('-', dash - 1)) {
          if (dash < stem.length - 1) originals.push(stem.slice(0, dash) + extension);
        }
        return originals;
      }),
  ],
];

/**
 * Where an engine of unknown habits may have put its tag: before the last extension, and, for a
 * multi-dot name like `abc.journal.jsonl`, before the first. A leading dot starts no extension.
 */
function splits(name: string): { stem: string; extension: string }[] {
  const last = name.lastIndexOf('.');
  if (last <= 0) return [{ stem: name, extension: '' }];
  const result = [{ stem: name.slice(0, last), extension: name.slice(last) }];
  const first = name.indexOf('.', 1);
  if (first < last) result.push({ stem: name.slice(0, first), extension: name.slice(first) });
  return result;
}

// A copy of a copy (Nextcloud tags a conflict's conflict again) is followed back this far, through
// the unambiguous tags only, so two ordinary-looking suffixes never stack up into a guess.
const MAX_NESTING = 4;

/**
 * The original a conflict copy was made from, given a base file name (no folder), or null when it
 * is no conflict copy of a Scholia file. `isKnownName` says whether a base name is a real Scholia
 * file name; only copies whose original passes it count, and a name that passes it itself is never
 * a copy. A copy of a copy leads to the first original, with the outer copy's engine. See the
 * module comment for each engine's format.
 */
export function parseConflictCopy(
  fileName: string,
  isKnownName: (original: string) => boolean,
): ConflictCopy | null {
  if (fileName.includes('/') || fileName.includes('\\') || isKnownName(fileName)) return null;
  return parseWith(RULES, fileName, isKnownName, MAX_NESTING);
}

function parseWith(
  rules: readonly (readonly [Engine, Candidates])[],
  fileName: string,
  isKnownName: (original: string) => boolean,
  depth: number,
): ConflictCopy | null {
  for (const [engine, candidates] of rules) {
    for (const original of candidates(fileName)) {
      if (isKnownName(original)) return { original, engine };
      const inner = depth > 1 ? parseWith(UNAMBIGUOUS, original, isKnownName, depth - 1) : null;
      if (inner !== null) return { original: inner.original, engine };
    }
  }
  return null;
}
