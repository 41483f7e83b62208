/**
 * Above a text two computers edited differently: a banner saying whose edits differ and in how many
 * passages, with Compare…, which opens the dialog where the reader chooses a version of each.
 */
import { useState, type ReactNode } from 'react';
import type { DocumentMeta } from '../../../../shared/model';
import { useServices } from '../../app/services/use-services';
import { useTextConflicts } from './use-text-conflicts';
import { editorsPhrase } from './conflict-wording';
import { TextConflictDialog } from './TextConflictDialog';

/** Props of {@link TextConflictBanner}. */
export interface TextConflictBannerProps {
  readonly documentId: string;
  /** Called with the document once the reader's choices are saved as a new revision of its text. */
  readonly onResolved: (meta: DocumentMeta) => void;
}

/** Renders the banner while the text has conflicts, and nothing otherwise. */
export function TextConflictBanner({ documentId, onResolved }: TextConflictBannerProps): ReactNode {
  const { api } = useServices();
  const found = useTextConflicts(api, documentId);
  const [comparing, setComparing] = useState(false);
  // Once saved, the banner goes at once; the reader opens the new revision a moment later.
  const [resolved, setResolved] = useState(false);
  if (found === null || found.conflicts.length === 0 || resolved) return null;
  const count = found.conflicts.length;
  const who = editorsPhrase(found.editors);
  return (
    <div className="text-row">
      <div className="conflict-banner" role="status" data-testid="text-conflict-banner">
        <p>
          This text was edited on two computers{who === null ? '' : ` (${who})`}.{' '}
          {count === 1 ? '1 passage differs.' : `${new Intl.NumberFormat().format(count)} passages differ.`}
        </p>
        <button
          type="button"
          className="button button-quiet"
          data-testid="compare-conflicts-button"
          onClick={() => setComparing(true)}
        >
          Compare…
        </button>
      </div>
      {comparing ? (
        <TextConflictDialog
          conflicts={found}
          onClose={() => setComparing(false)}
          onResolved={(meta) => {
            setResolved(true);
            setComparing(false);
            onResolved(meta);
          }}
        />
      ) : null}
    </div>
  );
}
