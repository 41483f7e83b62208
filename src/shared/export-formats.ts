/**
 * The export formats: one table of what every front end needs to know about each format. Core's
 * writers (`core/export/render.ts`, a `Record` over these formats), the export dialog, the CLI's
 * `--format` and its usage text all read it, so adding a format is one entry here plus its writer; the
 * compiler then names every place that must handle it.
 *
 * A format's id is also its name on the command line (`scholia export --format csl-json`).
 */

/** What the front ends know of one export format. */
export interface ExportFormatInfo {
  /** How the export dialog lists it. */
  readonly label: string;
  /** A few words for the CLI's usage text. */
  readonly summary: string;
  /** One file, or a folder of notes, one per document (a vault). */
  readonly output: 'file' | 'folder';
  /** The extension of the file written (of each note, for a folder), without its dot. */
  readonly extension: string;
  /** The file's media type, for a download from the browser. */
  readonly mediaType: string;
  /** Whether the output shows entries or citations in the chosen style: the dialog offers the style and its language. */
  readonly citesInStyle: boolean;
  /** Whether the export asks citeproc for the references (their entries, citations or the style's order). */
  readonly formatsReferences: boolean;
  /** Whether its passages can be grouped by source or by tag (`groupBy`). */
  readonly groupsPassages: boolean;
  /**
   * Whether the file is binary (a ZIP archive) rather than text: its preview is a summary in words, and
   * the command line never prints it.
   */
  readonly binary: boolean;
}

/** Every export format, in the order the dialog and the CLI list them. */
export const EXPORT_FORMAT_INFO = {
  markdown: {
    label: 'Annotated bibliography (Markdown)',
    summary: 'annotated bibliography',
    output: 'file',
    extension: 'md',
    mediaType: 'text/markdown;charset=utf-8',
    citesInStyle: true,
    formatsReferences: true,
    groupsPassages: true,
    binary: false,
  },
  vault: {
    label: 'Notes for a vault (one Markdown file per document)',
    summary: 'a folder of notes',
    output: 'folder',
    extension: 'md',
    mediaType: 'text/markdown;charset=utf-8',
    citesInStyle: true,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  'csl-json': {
    label: 'Bibliography as CSL-JSON',
    summary: 'bibliography',
    output: 'file',
    extension: 'json',
    mediaType: 'application/vnd.citationstyles.csl+json',
    citesInStyle: false,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  bibtex: {
    label: 'Bibliography as BibTeX',
    summary: 'bibliography for BibTeX',
    output: 'file',
    extension: 'bib',
    mediaType: 'application/x-bibtex;charset=utf-8',
    citesInStyle: false,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  biblatex: {
    label: 'Bibliography as biblatex (for biber)',
    summary: 'bibliography for biblatex',
    output: 'file',
    extension: 'bib',
    mediaType: 'application/x-bibtex;charset=utf-8',
    citesInStyle: false,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  ris: {
    label: 'Bibliography as RIS',
    summary: 'bibliography',
    output: 'file',
    extension: 'ris',
    mediaType: 'application/x-research-info-systems;charset=utf-8',
    citesInStyle: false,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  jsonld: {
    label: 'Annotations as W3C Web Annotation (JSON-LD)',
    summary: 'annotations',
    output: 'file',
    extension: 'jsonld',
    mediaType: 'application/ld+json',
    citesInStyle: false,
    formatsReferences: false,
    groupsPassages: false,
    binary: false,
  },
  csv: {
    label: 'Passages as CSV',
    summary: 'passages',
    output: 'file',
    extension: 'csv',
    mediaType: 'text/csv;charset=utf-8',
    citesInStyle: true,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  'csv-codebook': {
    label: 'Codebook as CSV',
    summary: 'the codebook',
    output: 'file',
    extension: 'csv',
    mediaType: 'text/csv;charset=utf-8',
    citesInStyle: false,
    formatsReferences: false,
    groupsPassages: false,
    binary: false,
  },
  'csv-links': {
    label: 'Links between passages as CSV',
    summary: 'links between passages',
    output: 'file',
    extension: 'csv',
    mediaType: 'text/csv;charset=utf-8',
    citesInStyle: true,
    formatsReferences: true,
    groupsPassages: false,
    binary: false,
  },
  'refi-qdc': {
    label: 'Codebook for qualitative analysis (REFI-QDA .qdc: QualCoder, ATLAS.ti, MAXQDA, NVivo)',
    summary: 'the codebook for QDA software',
    output: 'file',
    extension: 'qdc',
    mediaType: 'application/xml;charset=utf-8',
    citesInStyle: false,
    formatsReferences: false,
    groupsPassages: false,
    binary: false,
  },
  'refi-qdpx': {
    label: 'Coded project for qualitative analysis (REFI-QDA .qdpx: QualCoder, ATLAS.ti, MAXQDA, NVivo)',
    summary: 'texts, codebook and coded passages for QDA software',
    output: 'file',
    extension: 'qdpx',
    // The standard registers no media type of its own; a .qdpx is a ZIP archive.
    mediaType: 'application/zip',
    citesInStyle: false,
    formatsReferences: false,
    groupsPassages: false,
    binary: true,
  },
  'taguette-csv': {
    label: 'Highlights for Taguette (CSV)',
    summary: 'highlights as Taguette writes them',
    output: 'file',
    extension: 'csv',
    mediaType: 'text/csv;charset=utf-8',
    citesInStyle: false,
    formatsReferences: false,
    groupsPassages: false,
    binary: false,
  },
} as const satisfies Record<string, ExportFormatInfo>;

/** An export format's id (and CLI name). */
export type ExportFormat = keyof typeof EXPORT_FORMAT_INFO;

/** The formats' ids, in the table's order. */
export const EXPORT_FORMATS = Object.keys(EXPORT_FORMAT_INFO) as [ExportFormat, ...ExportFormat[]];

/** Whether `name` is an export format's id. */
export function isExportFormat(name: string): name is ExportFormat {
  return Object.hasOwn(EXPORT_FORMAT_INFO, name);
}

/** What is known of `format`. */
export function exportFormatInfo(format: ExportFormat): ExportFormatInfo {
  return EXPORT_FORMAT_INFO[format];
}
