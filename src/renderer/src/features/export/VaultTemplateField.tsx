/**
 * The layout of vault notes, as a template the reader may edit in the export dialog: Scholia's own
 * layout to start from, checked as it is typed (a placeholder Scholia does not know, a section left
 * open), the placeholders listed with what each writes, and a way back to Scholia's layout. The preview
 * beside it shows the first note as the template writes it.
 */
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { MAX_VAULT_TEMPLATE_CHARS } from '../../../../shared/export-options';
import {
  DEFAULT_VAULT_TEMPLATE,
  DOCUMENT_FIELDS,
  DOCUMENT_FIELD_HELP,
  PASSAGE_FIELDS,
  PASSAGE_FIELD_HELP,
  VaultTemplateError,
  parseVaultTemplate,
} from '../../../../shared/vault-template';

/** Props of {@link VaultTemplateField}. */
export interface VaultTemplateFieldProps {
  /** The reader's template, or undefined for Scholia's layout. */
  readonly template: string | undefined;
  /** Called with the new template; undefined when it is Scholia's layout again. */
  readonly onChange: (template: string | undefined) => void;
}

/** What is wrong with `template`, in words for the reader; null when it can be used. */
export function templateProblem(template: string | undefined): string | null {
  if (template === undefined) return null;
  try {
    parseVaultTemplate(template);
    return null;
  } catch (error) {
    if (error instanceof VaultTemplateError) return error.message;
    throw error;
  }
}

/** The note layout's editor: a text area over the template, its problem, and the placeholders. */
export function VaultTemplateField({ template, onChange }: VaultTemplateFieldProps): ReactNode {
  const id = useId();
  const problem = useMemo(() => templateProblem(template), [template]);
  const text = template ?? DEFAULT_VAULT_TEMPLATE;
  const details = useRef<HTMLDetailsElement>(null);
  // Open at first when the reader has a template of their own; after that, open as the reader leaves it.
  const startsOpen = useRef(template !== undefined);
  useEffect(() => {
    if (startsOpen.current && details.current !== null) details.current.open = true;
  }, []);
  return (
    <details ref={details} className="export-template">
      <summary>
        Note layout
        <span className="export-hint">{template === undefined ? ' (Scholia’s)' : ' (your template)'}</span>
      </summary>
      <label htmlFor={`${id}-text`} className="export-hint">
        Each note is written by this template. <code>{'{{name}}'}</code> writes a value;{' '}
        <code>{'{{#name}}…{{/name}}'}</code> writes its inside when the value is there (for each passage,
        inside <code>{'{{#passages}}'}</code>), <code>{'{{^name}}…{{/name}}'}</code> when it is not.
      </label>
      <textarea
        id={`${id}-text`}
        className="export-template-text"
        data-testid="export-template"
        spellCheck={false}
        rows={12}
        maxLength={MAX_VAULT_TEMPLATE_CHARS}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : `${id}-problem`}
        onChange={(event) => {
          const next = event.target.value;
          onChange(next === DEFAULT_VAULT_TEMPLATE ? undefined : next);
        }}
      />
      {problem === null ? null : (
        <p id={`${id}-problem`} className="field-problem" role="alert" data-testid="export-template-problem">
          {problem}
        </p>
      )}
      <div className="export-inline">
        <button
          type="button"
          className="button button-quiet"
          disabled={template === undefined}
          onClick={() => onChange(undefined)}
        >
          Use Scholia’s layout
        </button>
      </div>
      <details className="export-template-fields">
        <summary>Placeholders</summary>
        <dl>
          {DOCUMENT_FIELDS.map((name) => (
            <div key={name}>
              <dt>
                <code>{`{{${name}}}`}</code>
              </dt>
              <dd>{DOCUMENT_FIELD_HELP[name]}</dd>
            </div>
          ))}
          <div>
            <dt>
              <code>{'{{#passages}}…{{/passages}}'}</code>
            </dt>
            <dd>once for each passage, in text order; inside it:</dd>
          </div>
          {PASSAGE_FIELDS.map((name) => (
            <div key={name} className="export-template-passage-field">
              <dt>
                <code>{`{{${name}}}`}</code>
              </dt>
              <dd>{PASSAGE_FIELD_HELP[name]}</dd>
            </div>
          ))}
        </dl>
      </details>
    </details>
  );
}
