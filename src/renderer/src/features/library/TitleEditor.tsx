/** Editing a document's title in place: Enter (or leaving the field) saves, Escape cancels. */
import type { ReactNode } from 'react';
import { NameField } from '../../ui/NameField';

/** Props of {@link TitleEditor}. */
export interface TitleEditorProps {
  readonly initial: string;
  /** Saves the title; rejects with a reader-facing error when it cannot. */
  readonly onSave: (title: string) => Promise<void>;
  /** Ends editing (after saving, or to cancel). */
  readonly onDone: () => void;
}

const TITLE_CLASSES = { wrapper: 'title-editor', input: 'title-input' };

/** Renders the title field, focused with its text selected. */
export function TitleEditor({ initial, onSave, onDone }: TitleEditorProps): ReactNode {
  return (
    <NameField
      label="Title"
      initial={initial}
      testId="document-title-input"
      onSave={onSave}
      onDone={onDone}
      emptyProblem="A title cannot be empty. Type one, or press Escape to keep the old title."
      maxLength={10_000}
      classNames={TITLE_CLASSES}
    />
  );
}
