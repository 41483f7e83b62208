/**
 * Real documents for tests of the store and the service: the two web articles in `tests/fixtures`,
 * turned into ProseMirror JSON (one paragraph per block of lines) and matching metadata. Used only by
 * `*.test.ts` files.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DocumentMeta } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { readFixture } from '../import/testing';

/** The fixture articles by short name. */
export const FIXTURE_FILES = {
  ussr: 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt',
  review: 'review-2026-02-15-collapse-of-stalinism-book.txt',
} as const;

/** The text of a fixture article, exactly as on disk. */
export function fixtureText(name: keyof typeof FIXTURE_FILES): string {
  return readFixture(FIXTURE_FILES[name]);
}

/** A document of one paragraph per blank-line-separated block of `text`. */
export function paragraphsDoc(text: string): DocJSON {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
  return { type: 'doc', content: blocks.map((block) => ({ type: 'paragraph', content: [{ type: 'text', text: block }] })) };
}

/** Metadata for a document made from `text`, as an importer would describe it. */
export function metaFor(text: string, title: string, fileName: string, id: string = randomUUID()): DocumentMeta {
  const now = new Date().toISOString();
  return {
    id,
    csl: { id, type: 'article-newspaper', title },
    note: '',
    source: { fileName, format: 'txt', byteLength: Buffer.byteLength(text) },
    contentHash: createHash('sha256').update(text).digest('hex'),
    wordCount: text.split(/\s+/).filter(Boolean).length,
    addedAt: now,
    modifiedAt: now,
  };
}
