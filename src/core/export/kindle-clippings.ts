/**
 * Reading a Kindle's `My Clippings.txt`: every highlight, note and bookmark the Kindle recorded, one
 * entry after another, each ended by a line of ten `=`:
 *
 * ```
 * USSR 1989: The collapse of Stalinism (Doyle, Clare)
 * - Your Highlight on page 12 | Location 123-125 | Added on Monday, 3 March 2025 10:12:33
 *
 * the collapse of Stalinism
 * ==========
 * ```
 *
 * The first line is the book's title with its author in the last parentheses (often absent); the
 * second says what the entry is, where (page, location) and when; the text follows a blank line.
 * Older Kindles write `- Highlight Loc. 123-25 | Added on Monday, March 3, 2012, 10:12 PM` (the end
 * location shortened to the digits that change). The words are in the Kindle's language: only the
 * English ones are read; an entry in another language is reported as unreadable, saying so.
 *
 * A Kindle records no position in any text Scholia has, nor the text around a highlight: each
 * highlight becomes a passage found by its quote in the book its title names. A note records only a
 * location, and the Kindle writes it at the end of the highlight it was made on: a note at a location
 * within a highlight's range becomes that highlight's comment; a note with no highlight there cannot be
 * placed (Scholia places a note on a passage or between two characters, and the note names neither), so
 * it is reported with its text rather than attached to some other highlight, which would misplace it.
 * Bookmarks mark a page, not a passage, and are skipped. When a highlight is changed, the Kindle
 * appends the new one and keeps the old: of two highlights of one book at overlapping locations whose
 * texts overlap, the later one is kept.
 */
import { ENGLISH_MONTHS } from '../util/months';
import type { IncomingAnnotation, UnreadableAnnotation } from './annotation-import';

/** The line that ends every entry. */
const SEPARATOR = /^\uFEFF?={10}\s*$/;

/** A second line in any language: a dash, what the entry is and where, then `|` and more. */
const ANY_KIND_LINE = /^- \S.* \| /;

/** The English second line of a highlight, note or bookmark (current and older Kindles). */
const ENGLISH_KIND = /^-\s*(?:Your\s+)?(Highlight|Note|Bookmark)\b/i;

/** How much of a file {@link isKindleClippings} looks at: its decision must stay cheap. */
const SNIFF_LENGTH = 64 * 1024;

/** What a Kindle entry is. */
type EntryKind = 'highlight' | 'note' | 'bookmark';

/** One entry of the file, as read from its lines. */
interface Entry {
  /** Its place in the file, from 1. */
  number: number;
  title: string;
  author: string | null;
  kind: EntryKind;
  page: string | null;
  location: { start: number; end: number } | null;
  added: string | null;
  text: string;
}

/** The lines of `text` without their line ends (`\r\n`, `\n` or `\r`), a leading BOM removed. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

/**
 * Whether `content` has the shape of a Kindle's clippings (in any language): at least one line of ten
 * `=`, and an entry (at the start of the file, or after such a line) whose second line is a dash, what
 * the entry is and `|`. Only the first 64 KB are read.
 */
export function isKindleClippings(content: string): boolean {
  const lines = linesOf(content.slice(0, SNIFF_LENGTH));
  if (!lines.some((line) => SEPARATOR.test(line))) return false;
  return lines.some(
    (line, index) =>
      (index === 0 || SEPARATOR.test(lines[index - 1] ?? '')) &&
      line.trim() !== '' &&
      ANY_KIND_LINE.test(lines[index + 1] ?? ''),
  );
}

/** The title and author of a first line: the author is in the last parentheses, when there are any. */
function titleAndAuthor(line: string): { title: string; author: string | null } {
  const trimmed = line.replace(/^\uFEFF/, '').trim();
  const match = /^(.*\S)\s*\(([^()]*)\)$/.exec(trimmed);
  if (match === null || (match[2] ?? '').trim() === '') return { title: trimmed, author: null };
  return { title: (match[1] ?? '').trim(), author: (match[2] ?? '').trim() };
}

/**
 * A location range `123-125` (or an older Kindle's `123-25`, the end written with only the digits that
 * change); a single location is a range of one.
 */
function locationOf(line: string): { start: number; end: number } | null {
  const match = /\b(?:Location|Loc\.)\s*(\d+)(?:\s*-\s*(\d+))?/i.exec(line);
  if (match === null) return null;
  const first = match[1] ?? '';
  const start = Number(first);
  const last = match[2];
  if (last === undefined) return { start, end: start };
  let end = Number(last);
  if (end < start && last.length < first.length)
    end = Number(first.slice(0, first.length - last.length) + last);
  return { start, end: end < start ? start : end };
}

/** The month (0–11) an English month name or its first three letters names; -1 for none. */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  return ENGLISH_MONTHS.findIndex(
    (month) => month === lower || (lower.length >= 3 && month.startsWith(lower)),
  );
}

/**
 * An English "Added on" date as ISO 8601: `Monday, 3 March 2025 10:12:33`, `Sunday, December 18, 2022
 * 3:19:56 PM`, `Monday, March 3, 2012, 10:12 PM`. The Kindle writes its own clock's time without a
 * zone; it is taken in this computer's zone, where the reader most likely read. Null when unreadable.
 */
export function kindleDate(added: string): string | null {
  const bare = added.trim().replace(/^[A-Za-z]+,\s*/, '');
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?/i.exec(bare);
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})/.exec(bare);
  const monthFirst = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(bare);
  let day: number;
  let month: number;
  let year: number;
  if (dayFirst !== null) {
    day = Number(dayFirst[1]);
    month = monthOf(dayFirst[2] ?? '');
    year = Number(dayFirst[3]);
  } else if (monthFirst !== null) {
    month = monthOf(monthFirst[1] ?? '');
    day = Number(monthFirst[2]);
    year = Number(monthFirst[3]);
  } else {
    return null;
  }
  let hours = Number(time?.[1] ?? 0);
  const minutes = Number(time?.[2] ?? 0);
  const seconds = Number(time?.[3] ?? 0);
  const meridiem = time?.[4]?.toUpperCase().replace(/\./g, '');
  if (meridiem !== undefined && (hours < 1 || hours > 12)) return null;
  if (meridiem === 'PM' && hours < 12) hours += 12;
  if (meridiem === 'AM' && hours === 12) hours = 0;
  if (month < 0 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(year, month, day, hours, minutes, seconds);
  // 31 February rolls over into March: a date the calendar lacks is not read.
  if (date.getDate() !== day || date.getMonth() !== month) return null;
  return date.toISOString();
}

/** The entries of the file, or the reason an entry cannot be read. */
function readEntries(content: string): (Entry | UnreadableAnnotation)[] {
  const entries: (Entry | UnreadableAnnotation)[] = [];
  let block: string[] = [];
  const finish = () => {
    // Blank lines between entries (some Kindles write them) belong to none.
    while (block.length > 0 && (block[0] ?? '').trim() === '') block.shift();
    if (block.length > 0) entries.push(readEntry(block, entries.length + 1));
    block = [];
  };
  for (const line of linesOf(content)) {
    if (SEPARATOR.test(line)) finish();
    else block.push(line);
  }
  finish();
  return entries;
}

function readEntry(lines: string[], number: number): Entry | UnreadableAnnotation {
  const key = `#${String(number)}`;
  const [first = '', second = '', ...rest] = lines;
  const { title, author } = titleAndAuthor(first);
  const text = rest.join('\n').trim();
  const kind = ENGLISH_KIND.exec(second)?.[1]?.toLowerCase();
  if (kind === undefined) {
    const reason = ANY_KIND_LINE.test(second)
      ? `its second line (“${second.slice(0, 80)}”) is not in English: Scholia reads the English words of Kindle clippings only. Set the Kindle’s language to English and copy My Clippings.txt again to import these`
      : `its second line (“${second.slice(0, 80)}”) does not say whether it is a highlight, a note or a bookmark`;
    return { key, quote: text.slice(0, 80), reason };
  }
  const added = /\|\s*Added on\s+(.+)$/i.exec(second)?.[1] ?? null;
  return {
    number,
    title,
    author,
    kind: kind as EntryKind,
    page: /\bpage\s+([\w-]+)/i.exec(second)?.[1] ?? null,
    location: locationOf(second),
    added: added === null ? null : kindleDate(added),
    text,
  };
}

function isEntry(item: Entry | UnreadableAnnotation): item is Entry {
  return 'kind' in item;
}

/** The same book: the same title and author. */
function sameBook(a: Entry, b: Entry): boolean {
  return a.title === b.title && a.author === b.author;
}

/** Whether two entries are at overlapping places: locations when both have one, else the same page. */
function samePlace(a: Entry, b: Entry): boolean {
  if (a.location !== null && b.location !== null) {
    return a.location.start <= b.location.end && b.location.start <= a.location.end;
  }
  return a.location === null && b.location === null && a.page !== null && a.page === b.page;
}

/**
 * Whether two highlights' texts overlap: one holds the other (a highlight made longer or shorter), or
 * the end of one is the start of the other for at least 20 characters (or half the shorter), as when
 * a highlight's start or end was moved. Distinct highlights a location apart share no such text.
 */
function sharesText(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const least = Math.min(20, Math.ceil(Math.min(a.length, b.length) / 2));
  const overlaps = (x: string, y: string) => {
    for (let length = Math.min(x.length, y.length) - 1; length >= least; length -= 1) {
      if (x.endsWith(y.slice(0, length))) return true;
    }
    return false;
  };
  return overlaps(a, b) || overlaps(b, a);
}

/** Where an entry is, in words: "location 123-125", "page 12", or its number in the file. */
function placeInWords(entry: Entry): string {
  if (entry.location !== null) {
    const { start, end } = entry.location;
    return start === end ? `location ${String(start)}` : `location ${String(start)}-${String(end)}`;
  }
  return entry.page === null ? `entry ${String(entry.number)}` : `page ${entry.page}`;
}

/**
 * The highlight a note was made on: a kept highlight of the same book whose location range holds the
 * note's location (its end first, where the Kindle writes a note), or, without locations, on the
 * note's page; of several, the one nearest the note in the file.
 */
function highlightOf(note: Entry, highlights: readonly Entry[]): Entry | undefined {
  const candidates = highlights.filter((highlight) => {
    if (!sameBook(note, highlight)) return false;
    if (note.location !== null && highlight.location !== null) {
      return highlight.location.start <= note.location.start && note.location.start <= highlight.location.end;
    }
    return note.location === null && note.page !== null && note.page === highlight.page;
  });
  const rank = (highlight: Entry) =>
    (highlight.location !== null && highlight.location.end === note.location?.start ? 0 : 1e9) +
    Math.abs(highlight.number - note.number);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The annotations of a Kindle's clippings, in the file's order: each highlight with the notes made on
 * it as its comment; a bookmark, a highlight replaced by a later one and a note on no highlight as
 * entries that cannot be imported (`skipped` for the first two), each with its reason.
 */
export function parseKindleClippings(content: string): (IncomingAnnotation | UnreadableAnnotation)[] {
  const entries = readEntries(content);
  const highlights = entries
    .filter(isEntry)
    .filter((entry) => entry.kind === 'highlight' && entry.text !== '');
  const replacedBy = new Map<Entry, Entry>();
  for (const [index, highlight] of highlights.entries()) {
    const later = highlights
      .slice(index + 1)
      .find(
        (other) =>
          sameBook(highlight, other) && samePlace(highlight, other) && sharesText(highlight.text, other.text),
      );
    if (later !== undefined) replacedBy.set(highlight, later);
  }
  const kept = highlights.filter((highlight) => !replacedBy.has(highlight));
  const notes = new Map<Entry, Entry[]>();
  const unplacedNotes = new Set<Entry>();
  for (const note of entries.filter(isEntry).filter((entry) => entry.kind === 'note')) {
    const highlight = highlightOf(note, kept);
    if (highlight === undefined) unplacedNotes.add(note);
    else notes.set(highlight, [...(notes.get(highlight) ?? []), note]);
  }
  const items: (IncomingAnnotation | UnreadableAnnotation)[] = [];
  for (const entry of entries) {
    if (!isEntry(entry)) {
      items.push(entry);
      continue;
    }
    const key = `#${String(entry.number)}`;
    const quote = entry.text.slice(0, 80);
    const where = placeInWords(entry);
    if (entry.kind === 'bookmark') {
      items.push({
        key,
        quote: `Bookmark at ${where} of “${entry.title}”`,
        skipped: true,
        reason: 'It is a bookmark: it marks a page, not a passage.',
      });
    } else if (entry.kind === 'note') {
      if (!unplacedNotes.has(entry)) continue;
      items.push({
        key,
        quote,
        reason: `it is a note at ${where} of “${entry.title}” with no highlight there. A Kindle note records no passage and Scholia puts a note on one: highlight the passage and add the note to it`,
      });
    } else if (entry.text === '') {
      items.push({
        key,
        quote: '',
        reason: `the highlight at ${where} of “${entry.title}” has no text (a Kindle leaves it out once a book’s clipping limit is reached)`,
      });
    } else {
      const later = replacedBy.get(entry);
      if (later !== undefined) {
        items.push({
          key,
          quote,
          skipped: true,
          reason: `A later highlight at ${placeInWords(later)} (entry ${String(later.number)}) replaces it: the Kindle keeps both when a highlight is changed.`,
        });
        continue;
      }
      const made = notes.get(entry) ?? [];
      const dates = [entry.added, ...made.map((note) => note.added)].filter(
        (date): date is string => date !== null,
      );
      const latest = dates.sort().at(-1) ?? null;
      items.push({
        key,
        id: null,
        exact: entry.text,
        prefix: '',
        suffix: '',
        position: null,
        positionUnit: 'utf-16',
        comment: made
          .map((note) => note.text)
          .filter((text) => text !== '')
          .join('\n\n'),
        tags: [],
        color: null,
        motivation: 'highlighting',
        created: entry.added,
        modified: latest !== entry.added ? latest : null,
        source: {
          hash: null,
          documentId: null,
          url: null,
          title: entry.title,
          ...(entry.author === null ? {} : { author: entry.author }),
        },
      });
    }
  }
  return items;
}
