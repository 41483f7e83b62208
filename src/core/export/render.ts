/**
 * One entry point for every export format: the output of an export as files (one, or one per document
 * for a vault), from a snapshot and its formatted references. Pure: nothing here touches the disk.
 */
import type { ExportFormat, ExportOptions } from '../../shared/export-options';
import { runSteps, type Steps } from '../search/sliced-work';
import { annotationsJsonLdSteps } from './jsonld';
import { markdownBySourceSteps, markdownByTagSteps, type MarkdownOptions } from './markdown';
import { bibtex, codebookCsv, cslJson, passagesCsvSteps, ris } from './open-formats';
import type { ExportReferences } from './references';
import type { ExportSnapshot } from './snapshot';
import { vaultFileName, vaultNoteSteps } from './vault';

/** One file of an export's output: its name (in the vault folder, or proposed for a single file) and text. */
export interface RenderedFile {
  name: string;
  text: string;
}

/** The file extension of each single-file format. */
export const EXTENSIONS: Record<Exclude<ExportFormat, 'vault'>, string> = {
  markdown: 'md',
  'csl-json': 'json',
  bibtex: 'bib',
  ris: 'ris',
  jsonld: 'jsonld',
  csv: 'csv',
  'csv-codebook': 'csv',
};

/** The output of an export. `styleTitle` names the citation style in Markdown headings. */
export function renderExport(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: ExportOptions,
  styleTitle: string,
): RenderedFile[] {
  return runSteps(renderExportSteps(snapshot, references, options, styleTitle));
}

/**
 * {@link renderExport} in steps, to run in slices: the writers of passages (Markdown, vault, JSON-LD,
 * CSV of passages) yield after each passage or note; the others are small (one entry per document).
 */
export function* renderExportSteps(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  options: ExportOptions,
  styleTitle: string,
): Steps<RenderedFile[]> {
  const markdown: MarkdownOptions = {
    includeComments: options.includeComments,
    includeUntagged: options.includeUntagged,
    includeNotes: options.includeNotes,
    styleTitle,
  };
  const single = (name: string, text: string): RenderedFile[] => [{ name, text }];
  switch (options.format) {
    case 'markdown':
      return options.groupBy === 'tag'
        ? single('passages-by-tag.md', yield* markdownByTagSteps(snapshot, references, markdown))
        : single('annotated-bibliography.md', yield* markdownBySourceSteps(snapshot, references, markdown));
    case 'vault': {
      const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document]));
      const files: RenderedFile[] = [];
      for (const id of references.order) {
        const document = byId.get(id);
        if (document === undefined) continue;
        const text = yield* vaultNoteSteps(document, snapshot, references, markdown);
        files.push({ name: vaultFileName(document), text });
      }
      return files;
    }
    case 'csl-json':
      return single('bibliography.json', cslJson(snapshot, references));
    case 'bibtex':
      return single('bibliography.bib', bibtex(snapshot, references));
    case 'ris':
      return single('bibliography.ris', ris(snapshot, references));
    case 'jsonld':
      return single('annotations.jsonld', yield* annotationsJsonLdSteps(snapshot, options.includeComments));
    case 'csv':
      return single('passages.csv', yield* passagesCsvSteps(snapshot, references, options.includeComments));
    case 'csv-codebook':
      return single('codebook.csv', codebookCsv(snapshot));
  }
}
