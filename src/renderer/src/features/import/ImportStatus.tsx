/**
 * The progress and outcome of the current import: a progress bar and a Cancel button while it runs,
 * then one line per file with its outcome: imported, failed with the reason, cancelled, or already in
 * the library (with "Open existing" and "Import as new copy"). A reference file's line lists what
 * became of its entries, with the changes it proposes to apply (`ReferenceOutcomes`); an annotation
 * file's line counts its annotations and lists those that could not be placed (`AnnotationOutcomes`);
 * a REFI-QDA file's line says what it brought in and lists what it could not (`QdaOutcomes`); a PDF's
 * line counts the highlights and notes it carried.
 */
import type { ReactNode } from 'react';
import { useImports } from './import-context';
import { useStore } from '../../ui/use-store';
import { isSettled, type ImportFileState } from './import-store';
import { AnnotationOutcomes } from './AnnotationOutcomes';
import { QdaOutcomes } from './QdaOutcomes';
import { embeddedAnnotationsInWords } from '../../../../shared/embedded-annotations';
import { qdaSummary } from '../../../../shared/qda-import';
import { annotationSummary } from './annotation-report';
import { ReferenceOutcomes } from './ReferenceOutcomes';
import { referenceSummary } from './reference-report';

function describe(file: ImportFileState): string {
  switch (file.status) {
    case 'waiting':
      return 'Waiting';
    case 'importing':
      return 'Importing…';
    case 'imported':
      if (file.references !== undefined) return referenceSummary(file.references);
      if (file.annotations !== undefined) return annotationSummary(file.annotations);
      if (file.qda !== undefined) return qdaSummary(file.qda);
      if (file.title === undefined) return file.message ?? 'Imported';
      return `Imported as “${file.title}”${embeddedWords(file.embedded)}`;
    case 'duplicate':
      return file.title === undefined
        ? 'Already in the library'
        : `Already in the library as “${file.title}”`;
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return file.message ?? 'Could not be imported';
  }
}

/** The highlights and notes a file brought in of its own (a PDF's), as the end of its line. */
function embeddedWords(embedded: ImportFileState['embedded']): string {
  const words =
    embedded === undefined ? null : embeddedAnnotationsInWords(embedded.annotations, embedded.notPlaced);
  return words === null ? '' : ` — ${words}`;
}

function count(files: readonly ImportFileState[], status: ImportFileState['status']): number {
  return files.filter((file) => file.status === status).length;
}

function summarize(files: readonly ImportFileState[], running: boolean): string {
  const total = files.length;
  if (running) return `Importing ${Math.min(files.filter(isSettled).length + 1, total)} of ${total}…`;
  const parts = [`Imported ${count(files, 'imported')} of ${total}`];
  const failed = count(files, 'failed');
  const duplicates = count(files, 'duplicate');
  const cancelled = count(files, 'cancelled');
  if (duplicates > 0) parts.push(`${duplicates} already in the library`);
  if (failed > 0) parts.push(`${failed} could not be imported`);
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  return `${parts.join('; ')}.`;
}

/** Renders the import report, or nothing when there is none. `onOpen` opens a document. */
export function ImportStatus({ onOpen }: { readonly onOpen?: (id: string) => void }): ReactNode {
  const { imports } = useImports();
  const batch = useStore(imports);
  if (batch === null) return null;
  const settled = batch.files.filter(isSettled).length;
  const total = batch.files.length;
  return (
    <section className="import-status" aria-labelledby="import-status-title" data-testid="import-status">
      <div className="import-status-head">
        <h2 id="import-status-title" role="status">
          {summarize(batch.files, batch.running)}
        </h2>
        {batch.running ? (
          <button
            type="button"
            className="button"
            data-testid="import-cancel"
            onClick={() => void imports.cancel()}
          >
            Cancel
          </button>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => imports.dismiss()}>
            Dismiss
          </button>
        )}
      </div>
      {batch.running ? (
        <progress max={total} value={settled} aria-label="Import progress" data-testid="import-progress" />
      ) : null}
      <ul
        className={
          batch.files.some((file) => file.references !== undefined || file.annotations !== undefined)
            ? 'import-files import-files-with-references'
            : 'import-files'
        }
        aria-label="Files of this import"
        // The list scrolls within the report: the keyboard can reach and scroll it, buttons or none.
        tabIndex={0}
      >
        {batch.files.map((file, i) => (
          <li
            key={i}
            className={`import-file import-file-${file.status}`}
            data-testid="import-outcome"
            data-status={file.status}
          >
            <span className="import-file-name" title={file.name}>
              {file.name}
            </span>
            <span className="import-file-state">
              {describe(file)}
              {file.status === 'duplicate' && !batch.running ? (
                <span className="import-file-actions">
                  {file.documentId !== undefined && onOpen !== undefined ? (
                    <button
                      type="button"
                      className="button button-quiet"
                      onClick={() => onOpen(file.documentId ?? '')}
                    >
                      Open existing
                    </button>
                  ) : null}
                  {file.source !== undefined ? (
                    <button
                      type="button"
                      className="button button-quiet"
                      onClick={() => {
                        if (file.source !== undefined) void imports.start([file.source], 'import-copy');
                      }}
                    >
                      Import as new copy
                    </button>
                  ) : null}
                </span>
              ) : null}
            </span>
            {file.references === undefined ? null : (
              <ReferenceOutcomes
                batchId={batch.batchId}
                file={i}
                fileName={file.name}
                report={file.references}
              />
            )}
            {file.annotations === undefined ? null : (
              <AnnotationOutcomes fileName={file.name} report={file.annotations} />
            )}
            {file.qda === undefined ? null : <QdaOutcomes fileName={file.name} report={file.qda} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
