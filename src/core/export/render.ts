/**
 * One entry point for every export format: the output of an export as files (one, or one per document
 * for a vault), from a snapshot and its formatted references. Pure: nothing here touches the disk.
 */
import { EXPORT_FORMAT_INFO, type ExportFormat } from '../../shared/export-formats';
import { ScholiaError } from '../../shared/errors';
import type { ExportOptions } from '../../shared/export-options';
import { runSteps, type Steps } from '../util/sliced-work';
import { annotationsJsonLdSteps } from './jsonld';
import { markdownBySourceSteps, markdownByTagSteps, type MarkdownOptions } from './markdown';
import { biblatex, bibtex, codebookCsv, cslJson, linksCsv, passagesCsvSteps, ris } from './open-formats';
import type { ExportReferences } from './references';
import { refiQdaArchive, refiQdaCodebook, refiQdaProject, refiQdaSummary } from './refi-qda';
import type { ExportSnapshot } from './snapshot';
import { taguetteHighlightsCsv } from './taguette-csv';
import { vaultFileName, vaultNoteSteps } from './vault';
import { VaultTemplateError } from '../../shared/vault-template';

/**
 * One file of an export's output: its name (in the vault folder, or proposed for a single file) and
 * text. A binary file (a format whose `binary` is set: a ZIP archive) carries its `bytes`, which are
 * what is written and downloaded, and `text` is then a summary in words, for the preview only.
 */
export interface RenderedFile {
  name: string;
  text: string;
  /** The file's content, for a binary format; absent for a text file, whose content is `text`. */
  bytes?: Uint8Array;
  /** Passages the format could not hold and left out (orphaned ones, quotes moved), when there were any. */
  skipped?: number;
}

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
  const written = WRITERS[options.format]({ snapshot, references, options, markdown });
  return Array.isArray(written) ? written : yield* written;
}

/** What a writer is given. */
interface WriterInput {
  readonly snapshot: ExportSnapshot;
  readonly references: ExportReferences;
  readonly options: ExportOptions;
  readonly markdown: MarkdownOptions;
}

/** The single file `base`.<the format's extension> holding `text`. */
function single(format: ExportFormat, base: string, text: string): RenderedFile[] {
  return [{ name: `${base}.${EXPORT_FORMAT_INFO[format].extension}`, text }];
}

/**
 * The writer of each format (the facts about formats are `shared/export-formats.ts`): the writers of
 * passages work in steps, the others (one entry per document) at once.
 */
const WRITERS: Record<ExportFormat, (input: WriterInput) => RenderedFile[] | Steps<RenderedFile[]>> = {
  *markdown({ snapshot, references, options, markdown }) {
    return options.groupBy === 'tag'
      ? single('markdown', 'passages-by-tag', yield* markdownByTagSteps(snapshot, references, markdown))
      : single(
          'markdown',
          'annotated-bibliography',
          yield* markdownBySourceSteps(snapshot, references, markdown),
        );
  },
  *vault({ snapshot, references, options, markdown }) {
    const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document]));
    const files: RenderedFile[] = [];
    const vault = { ...markdown, template: options.template };
    try {
      for (const id of references.order) {
        const document = byId.get(id);
        if (document === undefined) continue;
        const text = yield* vaultNoteSteps(document, snapshot, references, vault);
        files.push({ name: vaultFileName(document), text });
      }
    } catch (error) {
      if (error instanceof VaultTemplateError)
        throw new ScholiaError('invalid-input', `The note template cannot be used: ${error.message}`);
      throw error;
    }
    return files;
  },
  'csl-json': ({ snapshot, references }) => single('csl-json', 'bibliography', cslJson(snapshot, references)),
  bibtex: ({ snapshot, references }) => single('bibtex', 'bibliography', bibtex(snapshot, references)),
  biblatex: ({ snapshot, references }) => single('biblatex', 'bibliography', biblatex(snapshot, references)),
  ris: ({ snapshot, references }) => single('ris', 'bibliography', ris(snapshot, references)),
  *jsonld({ snapshot, options }) {
    return single('jsonld', 'annotations', yield* annotationsJsonLdSteps(snapshot, options.includeComments));
  },
  *csv({ snapshot, references, options }) {
    return single('csv', 'passages', yield* passagesCsvSteps(snapshot, references, options.includeComments));
  },
  'csv-codebook': ({ snapshot }) => single('csv-codebook', 'codebook', codebookCsv(snapshot)),
  'csv-links': ({ snapshot, references, options }) =>
    single('csv-links', 'links', linksCsv(snapshot, references, options.includeComments)),
  'refi-qdc': ({ snapshot }) => {
    if (snapshot.tags.length === 0)
      throw new ScholiaError(
        'invalid-input',
        'The codebook is empty: add tags before exporting it as a REFI-QDA codebook.',
      );
    return single('refi-qdc', 'codebook', refiQdaCodebook(snapshot));
  },
  'refi-qdpx': ({ snapshot, options }) => {
    const texts = new Map<string, string>();
    for (const document of snapshot.documents) {
      if (document.text === undefined)
        throw new ScholiaError('internal', `The export has no text of document ${document.meta.id}.`);
      texts.set(document.meta.id, document.text);
    }
    const project = refiQdaProject(snapshot, {
      name: 'Scholia',
      texts,
      includeComments: options.includeComments,
      includeNotes: options.includeNotes,
    });
    const name = `project.${EXPORT_FORMAT_INFO['refi-qdpx'].extension}`;
    const file: RenderedFile = {
      name,
      text: refiQdaSummary(project, name),
      bytes: refiQdaArchive(project),
    };
    if (project.skipped.length > 0) file.skipped = project.skipped.length;
    return [file];
  },
  'taguette-csv': ({ snapshot }) => single('taguette-csv', 'highlights', taguetteHighlightsCsv(snapshot)),
};
