import { describe, expect, it } from 'vitest';
import { parseConflictCopy, type ConflictCopy } from './conflict-copies';

const DOC = '3f2a9c1e-7b4d-4e21-9a0f-2c5d8e6b1a43';
const OTHER_DOC = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

/** The names a small library holds: a document's files, library.json, and one name without extension. */
const KNOWN = new Set([`${DOC}.json`, `${DOC}.journal.jsonl`, 'library.json', 'README']);
const isKnown = (name: string): boolean => KNOWN.has(name);

function copyOf(fileName: string): ConflictCopy | null {
  return parseConflictCopy(fileName, isKnown);
}

describe('parseConflictCopy', () => {
  it.each<[string, string, ConflictCopy['engine']]>([
    [`${DOC}.sync-conflict-20240315-142233-7QXKE2A.json`, `${DOC}.json`, 'syncthing'],
    ['library.sync-conflict-20240315-142233-7QXKE2A.json', 'library.json', 'syncthing'],
    [`${DOC}.journal.sync-conflict-20240315-142233-7QXKE2A.jsonl`, `${DOC}.journal.jsonl`, 'syncthing'],
    ['README.sync-conflict-20240315-142233-7QXKE2A', 'README', 'syncthing'],
    ['library.sync-conflict-20150810-101010.json', 'library.json', 'syncthing'],
  ])('recognises the Syncthing copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each<[string, string, ConflictCopy['engine']]>([
    [`${DOC} (DESKTOP-UMS014A's conflicted copy 2019-04-24).json`, `${DOC}.json`, 'dropbox'],
    ["library (Ada Lovelace's conflicted copy 2024-03-15).json", 'library.json', 'dropbox'],
    [
      `${DOC}.journal (Greg's MacBook Air's conflicted copy 2026-04-21).jsonl`,
      `${DOC}.journal.jsonl`,
      'dropbox',
    ],
    ["library (Ada's conflicted copy 2024-03-15 (1)).json", 'library.json', 'dropbox'],
    ["library (Ada's conflicted copy 2024-03-15) (2).json", 'library.json', 'dropbox'],
    ["library (Ada's Conflicted Copy 2024-03-15 14.22.33).json", 'library.json', 'dropbox'],
    ["README (Ada's conflicted copy 2024-03-15)", 'README', 'dropbox'],
    ['library (Cópia em conflito de pc-saito 2014-08-14).json', 'library.json', 'dropbox'],
    ['library (In Konflikt stehende Kopie von Laptop 2015-03-04).json', 'library.json', 'dropbox'],
    ['library (copie en conflit de Portable 2015-03-04).json', 'library.json', 'dropbox'],
    ['library (copia en conflicto de Portátil 2015-03-04).json', 'library.json', 'dropbox'],
  ])('recognises the Dropbox copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each<[string, string, ConflictCopy['engine']]>([
    ['library (conflicted copy 2018-04-10 093612).json', 'library.json', 'nextcloud'],
    [`${DOC} (conflicted copy ada.lovelace 2024-03-15 142233).json`, `${DOC}.json`, 'nextcloud'],
    [`${DOC}.journal (conflicted copy 2024-03-15 142233).jsonl`, `${DOC}.journal.jsonl`, 'nextcloud'],
    ['README (conflicted copy ada.lovelace 2024-03-15 142233)', 'README', 'nextcloud'],
    [
      'library (conflicted copy 2024-03-15 142233) (conflicted copy 2024-03-16 090000).json',
      'library.json',
      'nextcloud',
    ],
  ])('recognises the Nextcloud (and ownCloud 2.5+) copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each<[string, string, ConflictCopy['engine']]>([
    ['library_conflict-20130819-231720.json', 'library.json', 'owncloud'],
    [`${DOC}.journal_conflict-20130819-231720.jsonl`, `${DOC}.journal.jsonl`, 'owncloud'],
    ['library_conflict_ada-20130819-231720.json', 'library.json', 'owncloud'],
    ['README_conflict-20130819-231720', 'README', 'owncloud'],
  ])('recognises the old ownCloud copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each<[string, string, ConflictCopy['engine']]>([
    ['library 2.json', 'library.json', 'icloud'],
    [`${DOC} 3.json`, `${DOC}.json`, 'icloud'],
    [`${DOC}.journal 2.jsonl`, `${DOC}.journal.jsonl`, 'icloud'],
    [`${DOC} 2.journal.jsonl`, `${DOC}.journal.jsonl`, 'icloud'],
    ['README 12', 'README', 'icloud'],
  ])('recognises the iCloud copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each<[string, string, ConflictCopy['engine']]>([
    ['library-DESKTOP-UMS014A.json', 'library.json', 'onedrive'],
    [`${DOC}-LAPTOP.json`, `${DOC}.json`, 'onedrive'],
    [`${DOC}-LAPTOP-2.json`, `${DOC}.json`, 'onedrive'],
    [`${DOC}.journal-MacBook Pro de Charlyne-10.jsonl`, `${DOC}.journal.jsonl`, 'onedrive'],
    ['README-laptop', 'README', 'onedrive'],
  ])('recognises the OneDrive copy %s as a copy of %s', (name, original, engine) => {
    expect(copyOf(name)).toEqual({ original, engine });
  });

  it.each([
    [`${DOC}.json`, 'a known name itself'],
    ['library.json', 'the library file itself'],
    [`${OTHER_DOC}.json`, 'an id of a document this library does not have'],
    ['notes 2.md', 'a numbered name whose original is not known'],
    ['notes-laptop.md', 'a dashed name whose original is not known'],
    ["notes (Ada's conflicted copy 2024-03-15).md", 'a Dropbox copy of a file that is not Scholia’s'],
    [`${OTHER_DOC}.sync-conflict-20240315-142233-7QXKE2A.json`, 'a Syncthing copy of an unknown document'],
    ['library 1.json', 'a number iCloud never uses'],
    ['library (draft).json', 'a parenthesis without a conflict phrase'],
    ['library.sync-conflict-2024-142233.json', 'a Syncthing tag with a malformed date'],
    ['library (copy 2018-04-10).json', 'a dated tag without the conflict phrase'],
    ['.library.json.0123456789ab.tmp', 'a Scholia temp file'],
    ['annotations/library 2.json', 'a path rather than a base name'],
    ['', 'an empty name'],
  ])('does not take %s for a conflict copy (%s)', (name) => {
    expect(copyOf(name)).toBeNull();
  });

  it('never takes a known name for a copy of another known name', () => {
    const known = new Set(['a.json', 'a-b.json']);
    expect(parseConflictCopy('a-b.json', (name) => known.has(name))).toBeNull();
  });

  it('prefers the longest known original when a OneDrive suffix could start at several dashes', () => {
    const known = new Set(['a.json', 'a-b.json']);
    expect(parseConflictCopy('a-b-HOST.json', (name) => known.has(name))).toEqual({
      original: 'a-b.json',
      engine: 'onedrive',
    });
  });

  it('follows an iCloud number on a Nextcloud copy back to the original', () => {
    expect(copyOf('library (conflicted copy 2024-03-15 142233) 2.json')).toEqual({
      original: 'library.json',
      engine: 'icloud',
    });
  });

  it('does not stack two ordinary-looking suffixes into a guess', () => {
    const known = new Set(['notes.json']);
    expect(parseConflictCopy('notes 2 3.json', (name) => known.has(name))).toBeNull();
  });
});
