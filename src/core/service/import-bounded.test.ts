/**
 * Bounded work, through the service: hostile files imported together with a good one are each
 * refused with a message naming them while nothing else in the library changes, and reference files
 * of 10,000 entries import whole, a step at a time, with progress. (Sizes just past each limit; the
 * full sizes, timed, are `bench/torture.ts`'s, and the speed of the 10,000-entry imports is
 * `bench/references.bench.ts`'s.)
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../shared/api';
import type { ImportOutcome, ReferenceEntryOutcome } from '../../shared/model';
import {
  bibtexFile,
  billionLaughsDocx,
  cslJsonFile,
  deepXmlEpub,
  flateBombPdf,
  manyChaptersEpub,
  oddRisFile,
  sharedPageTreePdf,
  shortLinesText,
  xxeEpub,
  zipBombEpub,
} from '../../../tests/support/hostile-inputs';
import { importSource } from '../import';
import { IMPORT_LIMITS } from '../import/limits';
import { upload, USSR, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

/** Not a speed target (that is the benchmark's): room for a slow, busy machine to write 10,000 files. */
const LONG = 120_000;

function bytes(
  name: string,
  data: Uint8Array<ArrayBuffer> | string,
): { kind: 'bytes'; name: string; bytes: Uint8Array<ArrayBuffer> } {
  return { kind: 'bytes', name, bytes: typeof data === 'string' ? new TextEncoder().encode(data) : data };
}

/** How many entries of a reference outcome took each action. */
function actions(outcome: ImportOutcome | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  const entries: readonly ReferenceEntryOutcome[] = outcome?.status === 'references' ? outcome.entries : [];
  for (const entry of entries) counts[entry.action] = (counts[entry.action] ?? 0) + 1;
  return counts;
}

/** The progress events of file `name` that carry a count. */
function progressOf(name: string): ApiEvents['import-progress'][] {
  return library.seen
    .filter((event) => event.name === 'import-progress')
    .map((event) => event.payload as ApiEvents['import-progress'])
    .filter((event) => event.name === name && event.progress !== undefined);
}

describe('hostile files in an import', () => {
  it(
    'are each refused with a message naming them, and nothing else in the library changes',
    async () => {
      const service = await library.open({ importSource });
      const [good] = (await service.importFiles({ sources: [upload('ussr-1989.txt', USSR)] })).outcomes;
      expect(good?.status).toBe('imported');
      const before = await service.listDocuments({});
      const goodId = before[0]?.id ?? '';
      const textBefore = await service.getDocument({ documentId: goodId });
      const filesBefore = {
        documents: (await readdir(join(library.dir, 'documents'))).sort(),
        originals: (await readdir(join(library.dir, 'originals'))).sort(),
      };

      const hostile = [
        bytes('lying.epub', zipBombEpub({ inflatedBytes: 4 * 1024 * 1024 })),
        bytes('chapters.epub', manyChaptersEpub(IMPORT_LIMITS.epubChapters + 1)),
        bytes('deep.epub', deepXmlEpub(100_000)),
        bytes('xxe.epub', xxeEpub('/etc/hostname')),
        bytes('laughs.docx', billionLaughsDocx(9)),
        bytes('pages.pdf', sharedPageTreePdf(21)),
        bytes('bomb.pdf', flateBombPdf(IMPORT_LIMITS.pdfStreamBytes + 1)),
        bytes('lines.txt', shortLinesText(IMPORT_LIMITS.documentBlocks + 1)),
        bytes('too-many.ris', oddRisFile(IMPORT_LIMITS.referenceEntries + 1)),
      ];
      const { outcomes } = await service.importFiles({ sources: hostile });
      expect(outcomes.map((outcome) => `${outcome.name}:${outcome.status}`)).toEqual(
        hostile.map((source) => `${source.name}:failed`),
      );
      for (const outcome of outcomes) {
        const message = outcome.status === 'failed' ? outcome.error.message : '';
        expect(message).toContain(`"${outcome.name}"`);
        // Every message ends by saying what to do.
        expect(message).toMatch(/(?:again|import (?:that|those|the parts)|Split it)[^.]*\.$/);
      }
      const byName = Object.fromEntries(
        outcomes.map((outcome) => [outcome.name, outcome.status === 'failed' ? outcome.error.message : '']),
      );
      expect(byName['too-many.ris']).toContain(
        `holds ${(IMPORT_LIMITS.referenceEntries + 1).toLocaleString('en')} references; Scholia reads at most ${IMPORT_LIMITS.referenceEntries.toLocaleString('en')}`,
      );

      expect(await service.listDocuments({})).toEqual(before);
      expect(await service.getDocument({ documentId: goodId })).toEqual(textBefore);
      expect({
        documents: (await readdir(join(library.dir, 'documents'))).sort(),
        originals: (await readdir(join(library.dir, 'originals'))).sort(),
      }).toEqual(filesBefore);
    },
    LONG,
  );
});

describe('reference files of 10,000 entries', () => {
  it(
    'import a BibTeX file whole, with progress',
    async () => {
      const service = await library.open({ importSource });
      const bib = bibtexFile(10_000);
      const [first] = (await service.importFiles({ sources: [upload('library.bib', bib)] })).outcomes;
      expect(actions(first)).toEqual({ created: 10_000 });
      expect(await service.listDocuments({})).toHaveLength(10_000);

      const progress = progressOf('library.bib');
      const reading = progress.filter((event) => event.message?.startsWith('Reading references') === true);
      const saving = progress.filter((event) => event.message?.startsWith('Saving references') === true);
      expect(reading.length).toBe(10_000 / IMPORT_LIMITS.referenceStep);
      expect(saving.map((event) => event.progress?.done)).toEqual(
        Array.from(
          { length: 10_000 / IMPORT_LIMITS.referenceStep },
          (_, step) => (step + 1) * IMPORT_LIMITS.referenceStep,
        ),
      );
      expect(saving.at(-1)).toMatchObject({
        phase: 'started',
        message: 'Saving references: 10,000 of 10,000',
      });
    },
    LONG,
  );

  it(
    'match every entry, step by step, when the file is imported again, and never one entry of a file onto another',
    async () => {
      const service = await library.open({ importSource });
      // Three steps' worth: an entry is matched only to documents that were there before its file.
      const entries = 3 * IMPORT_LIMITS.referenceStep - 100;
      const bib = bibtexFile(entries);
      const doubled = `${bib}\n${bib.replace(/@(article|book)\{ref/g, '@$1{again')}`;
      const [first] = (await service.importFiles({ sources: [upload('library.bib', doubled)] })).outcomes;
      expect(actions(first)).toEqual({ created: 2 * entries });
      const [again] = (await service.importFiles({ sources: [upload('library-again.bib', bib)] })).outcomes;
      expect(actions(again)).toEqual({ matched: entries });
      expect(await service.listDocuments({})).toHaveLength(2 * entries);
    },
    LONG,
  );

  it(
    'import a CSL-JSON file whole',
    async () => {
      const service = await library.open({ importSource });
      const [outcome] = (
        await service.importFiles({ sources: [upload('library.json', cslJsonFile(10_000))] })
      ).outcomes;
      expect(actions(outcome)).toEqual({ created: 10_000 });
      const documents = await service.listDocuments({});
      expect(documents).toHaveLength(10_000);
      expect(documents.every((document) => document.metadataOnly === true)).toBe(true);
    },
    LONG,
  );
});
