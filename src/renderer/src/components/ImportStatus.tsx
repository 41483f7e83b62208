/** The progress and outcome of the current import: one line per file, failures with their reasons. */
import type { ReactNode } from 'react';
import { useServices } from '../hooks/use-services';
import { useStore } from '../hooks/use-store';
import type { ImportFileState } from '../state/import-store';

function describe(file: ImportFileState): string {
  switch (file.status) {
    case 'waiting':
      return 'Waiting';
    case 'importing':
      return 'Importing…';
    case 'imported':
      return file.title === undefined ? 'Imported' : `Imported as “${file.title}”`;
    case 'failed':
      return file.message ?? 'Could not be imported';
  }
}

/** Renders the import report, or nothing when there is none. */
export function ImportStatus(): ReactNode {
  const { imports } = useServices();
  const batch = useStore(imports);
  if (batch === null) return null;
  const settled = batch.files.filter((f) => f.status === 'imported' || f.status === 'failed').length;
  const failed = batch.files.filter((f) => f.status === 'failed').length;
  const total = batch.files.length;
  const imported = settled - failed;
  const summary = batch.running
    ? `Importing ${Math.min(settled + 1, total)} of ${total}…`
    : failed === 0
      ? `Imported ${imported === 1 ? '1 file' : `${imported} files`}.`
      : `Imported ${imported} of ${total}; ${failed === 1 ? '1 file' : `${failed} files`} could not be imported.`;
  return (
    <section className="import-status" aria-labelledby="import-status-title" data-testid="import-status">
      <div className="import-status-head">
        <h2 id="import-status-title" role="status">
          {summary}
        </h2>
        {batch.running ? null : (
          <button type="button" className="button button-quiet" onClick={() => imports.dismiss()}>
            Dismiss
          </button>
        )}
      </div>
      {batch.running ? <progress max={total} value={settled} aria-label="Import progress" /> : null}
      <ul className="import-files">
        {batch.files.map((file, i) => (
          <li
            key={i}
            className={`import-file import-file-${file.status}`}
            data-testid="import-outcome"
            data-status={file.status}
          >
            <span className="import-file-name">{file.name}</span>
            <span className="import-file-state">{describe(file)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
