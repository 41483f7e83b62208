/** The library's documents as a table: title, length and date added, newest first. */
import type { ReactNode } from 'react';
import type { DocumentMeta } from '../../../shared/model';
import { DocumentRow } from './DocumentRow';

/** Props of {@link DocumentTable}. */
export interface DocumentTableProps {
  readonly documents: readonly DocumentMeta[];
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, title: string) => Promise<void>;
  readonly onDelete: (document: DocumentMeta) => void;
  readonly onEditDetails: (document: DocumentMeta) => void;
}

/** Renders the table. */
export function DocumentTable({
  documents,
  onOpen,
  onRename,
  onDelete,
  onEditDetails,
}: DocumentTableProps): ReactNode {
  return (
    <table className="documents" aria-label="Documents" data-testid="document-table">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col" className="document-words">
            Words
          </th>
          <th scope="col" className="document-added">
            Added
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {documents.map((document) => (
          <DocumentRow
            key={document.id}
            document={document}
            onOpen={onOpen}
            onRename={onRename}
            onDelete={onDelete}
            onEditDetails={onEditDetails}
          />
        ))}
      </tbody>
    </table>
  );
}
