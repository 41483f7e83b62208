/**
 * Test support for core and CLI tests: the real-prose fixtures in tests/fixtures (by short name and
 * path), a file as handed to an importer, and a text wrapper that hard-wraps them the way Project
 * Gutenberg files are wrapped. Used only by `*.test.ts` files and other test support.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The plain-text fixtures by short name: two web articles, navigation clutter included. */
export const FIXTURE_FILES = {
  ussr: 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt',
  review: 'review-2026-02-15-collapse-of-stalinism-book.txt',
} as const;

/** The file names of the fixtures. */
export const FIXTURE_NAMES = [FIXTURE_FILES.review, FIXTURE_FILES.ussr] as const;

/** Absolute path of a fixture file. */
export function fixturePath(name: (typeof FIXTURE_NAMES)[number]): string {
  return fileURLToPath(new URL(`../../../tests/fixtures/${name}`, import.meta.url));
}

/** A fixture's text. */
export function readFixture(name: (typeof FIXTURE_NAMES)[number]): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A fixture's blocks of lines longer than `longerThan` characters, each on one line with its spaces folded. */
export function fixtureParagraphs(name: (typeof FIXTURE_NAMES)[number], longerThan: number): string[] {
  return readFixture(name)
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > longerThan);
}

/** A file handed to an importer, as read from `/in/name`. */
export function fileOf(name: string, bytes: Uint8Array): { name: string; label: string; bytes: Uint8Array } {
  return { name, label: `/in/${name}`, bytes };
}

/**
 * Hard-wraps every line of `text` greedily at `width` columns, as `fmt` or a Gutenberg transcriber
 * would: words are never split, a word longer than the width gets a line of its own, blank lines stay.
 */
export function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.trim().split(/\s+/)) {
        if (current === '') current = word;
        else if (current.length + 1 + word.length <= width) current += ` ${word}`;
        else {
          lines.push(current);
          current = word;
        }
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** The characters of `text` that are not blank space, NFC-normalised: what an import must keep, in order. */
export function nonBlank(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, '');
}
