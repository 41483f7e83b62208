/**
 * What importing a file of qualitative-analysis software (REFI-QDA, the exchange standard of
 * QualCoder, ATLAS.ti, MAXQDA and NVivo) did: a codebook (`.qdc`) or a whole project (`.qdpx`).
 * Core's importer is `core/service/refi-qda-import.ts`; the import report shows these.
 */

/** What importing a codebook did to the tags. */
export interface RefiCodebookReport {
  /** A codebook, or a project (which holds one, and more: {@link RefiProjectReport}). */
  kind: 'codebook' | 'project';
  /** The file's name. */
  name: string;
  /** Codes that became new tags. */
  tagsCreated: number;
  /** Codes for which a tag was already at the same path, reused unchanged. */
  tagsExisting: number;
  /** What was changed to fit (a name or description shortened), one sentence each. */
  warnings: string[];
}

/** What happened to one text source of a project. */
export interface RefiDocumentOutcome {
  /** The source's name in the project (its title here). */
  name: string;
  /** `imported` as a new document, `reused` (its text was already in the library) or `failed`. */
  status: 'imported' | 'reused' | 'failed';
  documentId?: string;
  /** Why it failed. */
  reason?: string;
}

/** What happened to one coded selection of a project. */
export interface RefiPassageOutcome {
  /** The source it is on, by name. */
  source: string;
  /** The selection's GUID in the file (or its place in its source, `#3`). */
  key: string;
  /** The beginning of its quote, to recognise it by (empty when it could not be placed). */
  quote: string;
  /** `imported`, `skipped` (the same passage is already there) or `failed`. */
  status: 'imported' | 'skipped' | 'failed';
  documentId?: string;
  /** Why it was skipped or failed. */
  reason?: string;
}

/** What importing a project did. */
export interface RefiProjectReport extends RefiCodebookReport {
  kind: 'project';
  /** The program that wrote the project, as it says (`''` when it does not). */
  origin: string;
  documentsImported: number;
  documentsReused: number;
  documentsFailed: number;
  /** One outcome per text source, in the file's order. */
  documents: RefiDocumentOutcome[];
  passagesImported: number;
  passagesSkipped: number;
  passagesFailed: number;
  /** One outcome per selection on a source that came in, in the file's order. */
  passages: RefiPassageOutcome[];
  /** Documents whose empty note was set from the project. */
  notesSet: number;
  /** Sources Scholia cannot hold (pictures, audio, video, PDFs without their text), by name. */
  otherSources: string[];
}

/** The report of one REFI-QDA file: a codebook's, or a project's. */
export type QdaImportReport = (RefiCodebookReport & { kind: 'codebook' }) | RefiProjectReport;

function counted(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * What a REFI-QDA file brought in, in one line for the reader: for a codebook "12 tags added, 3
 * already in the codebook"; for a project its documents, tags, passages and notes, with what was
 * there already and what could not be used.
 */
export function qdaSummary(report: QdaImportReport): string {
  const tags =
    `${counted(report.tagsCreated, 'tag', 'tags')} added` +
    (report.tagsExisting === 0
      ? ''
      : `, ${report.tagsExisting.toLocaleString('en')} already in the codebook`);
  if (report.kind === 'codebook') return `Codebook: ${tags}.`;
  const documents = [
    `${counted(report.documentsImported, 'document', 'documents')} imported`,
    ...(report.documentsReused === 0 ? [] : [`${report.documentsReused.toLocaleString('en')} already here`]),
    ...(report.documentsFailed === 0
      ? []
      : [`${report.documentsFailed.toLocaleString('en')} could not be used`]),
  ].join(', ');
  const passages = [
    `${counted(report.passagesImported, 'passage', 'passages')} imported`,
    ...(report.passagesSkipped === 0 ? [] : [`${report.passagesSkipped.toLocaleString('en')} already there`]),
    ...(report.passagesFailed === 0
      ? []
      : [`${report.passagesFailed.toLocaleString('en')} could not be placed`]),
  ].join(', ');
  const notes =
    report.notesSet === 0 ? '' : `; ${counted(report.notesSet, 'document note', 'document notes')} set`;
  return `Project${report.origin === '' ? '' : ` from ${report.origin}`}: ${documents}; ${tags}; ${passages}${notes}.`;
}
