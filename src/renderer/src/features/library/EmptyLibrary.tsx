/** What a new reader sees: how to bring texts into an empty library. */
import type { ReactNode } from 'react';
import { useServices } from '../../app/services/use-services';
import { ActionButton } from '../../app/actions/ActionButton';
import { importFormatsInWords } from '../../../../shared/import-formats';
import { useImports } from '../import';

/** Renders the welcome for an empty library. */
export function EmptyLibrary(): ReactNode {
  const { host } = useServices();
  const { importFiles } = useImports();
  return (
    <section className="empty-library" aria-labelledby="empty-library-title">
      <h2 id="empty-library-title">Your library is empty</h2>
      <p>
        Scholia keeps the texts you study on this computer. Bring in an article, a chapter or a whole book,
        then read it closely: select a passage and press <kbd>H</kbd> to highlight it.
      </p>
      <ActionButton action={importFiles} variant="primary" testId="empty-import-button">
        Import files…
      </ActionButton>
      <ul className="empty-library-ways">
        <li>
          Or drop files or folders anywhere on this window. Scholia imports:
          <ul className="empty-library-formats" data-testid="empty-library-formats">
            {importFormatsInWords().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </li>
        {host.kind === 'electron' ? (
          <li>
            Or choose <strong>File › Import…</strong> in the menu.
          </li>
        ) : null}
        <li>
          <kbd>Ctrl</kbd>+<kbd>O</kbd> (<kbd>⌘</kbd>
          <kbd>O</kbd> on a Mac) opens the same file chooser.
        </li>
      </ul>
    </section>
  );
}
