/** The drop target shown while files are dragged over the window. */
import type { ReactNode } from 'react';
import { importFormatsInWords } from '../../../../shared/import-formats';

/** Renders the overlay; it takes no pointer events, so the drop reaches the window. */
export function DropOverlay(): ReactNode {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <p className="drop-overlay-title">Drop to import</p>
        <p>Scholia imports:</p>
        <ul className="drop-overlay-formats">
          {importFormatsInWords().map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
