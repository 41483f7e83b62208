/**
 * The metadata editor's fields: a labelled text field, a date as year, month and day, and a field's
 * problem under it, read out with the field.
 */
import type { ReactNode } from 'react';
import type { DateFields } from './metadata-form';

/** A field's problem, under it; the field names it (`<id>-problem`) as what describes it. */
export function FieldProblem({ id, problem }: { id: string; problem: string | undefined }): ReactNode {
  return problem === undefined ? null : (
    <span id={`${id}-problem`} className="field-problem">
      {problem}
    </span>
  );
}

/** Props of {@link TextField}. */
export interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onBlur?: () => void;
  readonly problem?: string;
  readonly field?: string;
  readonly hint?: string;
  readonly inputMode?: 'text' | 'numeric' | 'url';
  readonly autoFocus?: boolean;
  readonly className?: string;
}

/** A labelled text input with its problem, if any, read out with it. */
export function TextField(props: TextFieldProps): ReactNode {
  const { id, label, value, onChange, onBlur, problem, field, hint, inputMode, autoFocus, className } = props;
  const described = [hint === undefined ? null : `${id}-hint`, problem === undefined ? null : `${id}-problem`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={['metadata-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="text-field"
        type="text"
        value={value}
        inputMode={inputMode}
        data-field={field}
        aria-invalid={problem === undefined ? undefined : true}
        aria-describedby={described === '' ? undefined : described}
        autoFocus={autoFocus}
        spellCheck={inputMode === undefined}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {hint === undefined ? null : (
        <span id={`${id}-hint`} className="metadata-hint">
          {hint}
        </span>
      )}
      <FieldProblem id={id} problem={problem} />
    </div>
  );
}

/** Props of {@link DateFieldset}. */
export interface DateFieldsetProps {
  readonly id: string;
  readonly legend: string;
  readonly value: DateFields;
  readonly onChange: (value: DateFields) => void;
  readonly onBlur: () => void;
  readonly problem?: string;
  readonly field: string;
}

/** Year, month and day of one date; a date kept only in words is shown, and can be cleared. */
export function DateFieldset({
  id,
  legend,
  value,
  onChange,
  onBlur,
  problem,
  field,
}: DateFieldsetProps): ReactNode {
  const part = (name: 'year' | 'month' | 'day', label: string, width: string): ReactNode => (
    <div className={`metadata-date-part metadata-date-${name}`}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        className="text-field"
        type="text"
        inputMode="numeric"
        size={Number(width)}
        value={value[name]}
        data-field={name === 'year' ? field : undefined}
        aria-invalid={problem === undefined ? undefined : true}
        aria-describedby={problem === undefined ? undefined : `${id}-problem`}
        onChange={(event) => onChange({ ...value, [name]: event.target.value })}
        onBlur={onBlur}
      />
    </div>
  );
  const wordsOnly = value.text !== undefined && value.year.trim() === '';
  return (
    <fieldset className="metadata-date" data-testid={`${field}-date`}>
      <legend>{legend}</legend>
      <div className="metadata-date-parts">
        {part('year', 'Year', '5')}
        {part('month', 'Month', '3')}
        {part('day', 'Day', '3')}
      </div>
      {wordsOnly ? (
        <p className="metadata-hint">
          Recorded as “{value.text}”; kept unless you type a year.{' '}
          <button
            type="button"
            className="button-link"
            onClick={() => onChange({ year: '', month: '', day: '' })}
          >
            Clear it
          </button>
        </p>
      ) : null}
      <FieldProblem id={id} problem={problem} />
    </fieldset>
  );
}
