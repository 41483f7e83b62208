/**
 * The metadata editor: a modal dialog with every field a citation needs (type, title, authors, where
 * and when it was published, URL and date accessed, pages, DOI, ISBN), each checked as the reader
 * leaves it and all on saving, with a preview of the citation in a citation style (the one the last
 * export used, else APA; a plain form while it is being formatted or when it cannot be). Saving confirms
 * details Scholia proposed from a plain text, and can be undone. Escape or Cancel leaves everything as it was.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CitationStyleInfo } from '../../../../shared/export-options';
import { CSL_TYPES, displayTitle, type DocumentMeta } from '../../../../shared/model';
import { useCitationPreview } from './use-citation-preview';
import { useModalDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { useLibrary } from '../library';
import { errorMessage } from '../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';
import { loadExportOptions } from '../export';
import {
  cslFromForm,
  emptyAuthor,
  formFromCsl,
  formProblems,
  moveItem,
  plainCitation,
  type AuthorRow,
  type DateFields,
  type FieldName,
  type MetadataForm,
} from './metadata-form';

/** Props of {@link MetadataDialog}. */
export interface MetadataDialogProps {
  readonly document: DocumentMeta;
  /** Called when the dialog closes, saved or not. */
  readonly onClose: () => void;
}

const TYPE_LABELS: Readonly<Record<(typeof CSL_TYPES)[number], string>> = {
  article: 'Article',
  'article-journal': 'Journal article',
  'article-magazine': 'Magazine article',
  'article-newspaper': 'Newspaper article',
  book: 'Book',
  chapter: 'Book chapter',
  'paper-conference': 'Conference paper',
  report: 'Report',
  thesis: 'Thesis',
  webpage: 'Web page',
  'post-weblog': 'Blog post',
  manuscript: 'Manuscript',
  document: 'Document',
};

/** The form's plain text fields, and those of them checked as the reader leaves them. */
type TextKey = 'title' | 'containerTitle' | 'publisher' | 'place' | 'url' | 'pages' | 'doi' | 'isbn';
type CheckedKey = 'title' | 'url' | 'doi' | 'isbn';

/** The field each problem is shown under, in the order the form shows them (the first gets the focus). */
const FIELD_ORDER: readonly string[] = ['title', 'author', 'issued', 'url', 'accessed', 'doi', 'isbn'];

function firstProblem(problems: Partial<Record<FieldName, string>>): FieldName | undefined {
  const names = Object.keys(problems) as FieldName[];
  const rank = (name: string): number => FIELD_ORDER.indexOf(name.startsWith('author-') ? 'author' : name);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true }))[0];
}

/** A field's problem, under it; the field names it (`<id>-problem`) as what describes it. */
function FieldProblem({ id, problem }: { id: string; problem: string | undefined }): ReactNode {
  return problem === undefined ? null : (
    <span id={`${id}-problem`} className="field-problem">
      {problem}
    </span>
  );
}

interface TextFieldProps {
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
function TextField(props: TextFieldProps): ReactNode {
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

interface DateFieldsetProps {
  readonly id: string;
  readonly legend: string;
  readonly value: DateFields;
  readonly onChange: (value: DateFields) => void;
  readonly onBlur: () => void;
  readonly problem?: string;
  readonly field: string;
}

/** Year, month and day of one date; a date kept only in words is shown, and can be cleared. */
function DateFieldset({ id, legend, value, onChange, onBlur, problem, field }: DateFieldsetProps): ReactNode {
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

interface AuthorListProps {
  readonly id: string;
  readonly authors: readonly AuthorRow[];
  readonly problems: Partial<Record<FieldName, string>>;
  readonly onChange: (authors: readonly AuthorRow[], focus?: string) => void;
  readonly onBlur: (index: number) => void;
}

/** The authors, one row each: a person's family and given names, or one name; add, remove, reorder. */
function AuthorList({ id, authors, problems, onChange, onBlur }: AuthorListProps): ReactNode {
  const change = (index: number, patch: Partial<AuthorRow>): void =>
    onChange(authors.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="metadata-authors" data-testid="metadata-authors">
      <legend>Authors</legend>
      {authors.length === 0 ? <p className="metadata-hint">No authors yet.</p> : null}
      <ol className="metadata-author-list">
        {authors.map((row, index) => {
          const n = index + 1;
          const rowId = `${id}-${row.key}`;
          const problem = problems[`author-${index}`];
          const describedBy = problem === undefined ? undefined : `${rowId}-problem`;
          const invalid = problem === undefined ? undefined : true;
          return (
            <li
              key={row.key}
              className="metadata-author"
              data-testid="metadata-author"
              role="group"
              aria-label={`Author ${n}`}
            >
              <div className="metadata-author-fields">
                <div className="metadata-field metadata-author-kind">
                  <label htmlFor={`${rowId}-kind`}>Author {n}</label>
                  <select
                    id={`${rowId}-kind`}
                    className="text-field"
                    value={row.kind}
                    onChange={(event) =>
                      change(index, { kind: event.target.value === 'literal' ? 'literal' : 'person' })
                    }
                  >
                    <option value="person">Person</option>
                    <option value="literal">One name</option>
                  </select>
                </div>
                {row.kind === 'person' ? (
                  <>
                    <div className="metadata-field">
                      <label htmlFor={`${rowId}-family`}>Family name</label>
                      <input
                        id={`${rowId}-family`}
                        className="text-field"
                        type="text"
                        value={row.family}
                        data-field={`author-${index}`}
                        aria-invalid={invalid}
                        aria-describedby={describedBy}
                        onChange={(event) => change(index, { family: event.target.value })}
                        onBlur={() => onBlur(index)}
                      />
                    </div>
                    <div className="metadata-field">
                      <label htmlFor={`${rowId}-given`}>Given names</label>
                      <input
                        id={`${rowId}-given`}
                        className="text-field"
                        type="text"
                        value={row.given}
                        aria-invalid={invalid}
                        aria-describedby={describedBy}
                        onChange={(event) => change(index, { given: event.target.value })}
                        onBlur={() => onBlur(index)}
                      />
                    </div>
                  </>
                ) : (
                  <div className="metadata-field metadata-author-literal">
                    <label htmlFor={`${rowId}-literal`}>Name as written</label>
                    <input
                      id={`${rowId}-literal`}
                      className="text-field"
                      type="text"
                      value={row.literal}
                      data-field={`author-${index}`}
                      onChange={(event) => change(index, { literal: event.target.value })}
                      onBlur={() => onBlur(index)}
                    />
                  </div>
                )}
                <div className="metadata-author-buttons">
                  <button
                    type="button"
                    className="button button-quiet button-icon"
                    aria-label={`Move author ${n} up`}
                    title="Move up"
                    disabled={index === 0}
                    onClick={() => onChange(moveItem(authors, index, index - 1), `${id}-${row.key}-up`)}
                    id={`${rowId}-up`}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-icon"
                    aria-label={`Move author ${n} down`}
                    title="Move down"
                    disabled={index === authors.length - 1}
                    onClick={() => onChange(moveItem(authors, index, index + 1), `${id}-${row.key}-down`)}
                    id={`${rowId}-down`}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-icon button-danger-text"
                    aria-label={`Remove author ${n}`}
                    title="Remove"
                    data-testid="remove-author"
                    onClick={() => {
                      const next = authors[index + 1] ?? authors[index - 1];
                      onChange(
                        authors.filter((_, i) => i !== index),
                        next === undefined
                          ? `${id}-add`
                          : `${id}-${next.key}-${next.kind === 'person' ? 'family' : 'literal'}`,
                      );
                    }}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
              </div>
              <FieldProblem id={rowId} problem={problem} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        id={`${id}-add`}
        className="button button-quiet"
        data-testid="add-author"
        onClick={() => {
          const row = emptyAuthor();
          onChange([...authors, row], `${id}-${row.key}-family`);
        }}
      >
        Add author
      </button>
    </fieldset>
  );
}

/** Renders the dialog, open and modal, over `document`'s current metadata. */
export function MetadataDialog({ document, onClose }: MetadataDialogProps): ReactNode {
  const { api, undo, notices } = useServices();
  const { library } = useLibrary();
  const id = useId();
  const [form, setForm] = useState<MetadataForm>(() => formFromCsl(document.csl));
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [styles, setStyles] = useState<readonly CitationStyleInfo[]>([]);
  // The style of the last export, if it is still there once the styles are listed; else APA.
  const [style, setStyle] = useState<string | null>(null);
  // The element to focus once a row added, moved or removed is drawn.
  const pendingFocus = useRef<string | null>(null);

  const modal = useModalDialog(onClose, !saving);

  useEffect(() => {
    let cancelled = false;
    const remembered = loadExportOptions(window.localStorage).style;
    api.listStyles({}).then(
      (list) => {
        if (cancelled) return;
        setStyles(list);
        setStyle(list.some((known) => known.id === remembered) ? remembered : 'apa');
      },
      () => {
        // Without the list of styles the preview stays in its plain form.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    modal.ref.current?.ownerDocument.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const allProblems = useMemo(() => formProblems(form), [form]);
  // A field's problem shows once the reader has left it, and every one once they try to save.
  const shown = useMemo(() => {
    if (submitted) return allProblems;
    return Object.fromEntries(Object.entries(allProblems).filter(([name]) => touched.has(name)));
  }, [allProblems, submitted, touched]);
  const draft = useMemo(() => cslFromForm(form, document.csl), [form, document.csl]);
  const plain = useMemo(() => plainCitation(draft), [draft]);
  // The citation language is the one the last export used.
  const [locale] = useState(() => loadExportOptions(window.localStorage).locale);
  const styled = useCitationPreview(api, draft, style, locale);

  const touch = (name: string): void =>
    setTouched((before) => (before.has(name) ? before : new Set([...before, name])));
  const set = <K extends keyof MetadataForm>(key: K, value: MetadataForm[K]): void =>
    setForm((before) => ({ ...before, [key]: value }));
  // What a field takes from the form: its id, its value and its change; a checked field also its
  // problem, the name the first problem is found by, and being left.
  const text = (key: TextKey, name: string = key) => ({
    id: `${id}-${name}`,
    value: form[key],
    onChange: (value: string) => set(key, value),
  });
  const checked = (key: CheckedKey) => ({
    ...text(key),
    field: key,
    problem: shown[key],
    onBlur: () => touch(key),
  });
  const dated = (key: 'issued' | 'accessed') => ({
    id: `${id}-${key}`,
    field: key,
    value: form[key],
    problem: shown[key],
    onChange: (value: DateFields) => set(key, value),
    onBlur: () => touch(key),
  });

  const save = (): void => {
    if (saving) return;
    setSubmitted(true);
    const first = firstProblem(allProblems);
    if (first !== undefined) {
      modal.ref.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const before = document.csl;
    const wasProposed = document.metadataProposed === true;
    const { id: _id, ...previous } = before;
    const next = cslFromForm(form, before);
    setSaving(true);
    setProblem(null);
    library.updateMetadata(document.id, next).then(
      () => {
        undo.record({
          label: 'Edit details',
          undo: async () => {
            await library.updateMetadata(document.id, previous, wasProposed);
          },
          redo: async () => {
            await library.updateMetadata(document.id, next);
          },
        });
        notices.show(
          'info',
          `Saved the details of “${displayTitle({ ...document, csl: { ...next, id: before.id } })}”.`,
        );
        onClose();
      },
      (thrown: unknown) => {
        setSaving(false);
        setProblem(errorMessage(thrown, 'The details could not be saved. Nothing was changed.'));
      },
    );
  };

  const typeKnown = (CSL_TYPES as readonly string[]).includes(form.type);
  return (
    <dialog
      {...modal}
      className="dialog metadata-dialog"
      aria-labelledby={`${id}-heading`}
      data-testid="metadata-dialog"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <h2 id={`${id}-heading`}>Details of “{displayTitle(document)}”</h2>
        {document.metadataProposed === true ? (
          <p className="metadata-proposed-note" data-testid="metadata-proposed-note">
            Scholia proposed these details from the first lines of the text. Check them, then save to confirm.
          </p>
        ) : null}
        <div className="metadata-body">
          <div className="metadata-row">
            <div className="metadata-field metadata-type">
              <label htmlFor={`${id}-type`}>Type</label>
              <select
                id={`${id}-type`}
                className="text-field"
                value={form.type}
                onChange={(event) => set('type', event.target.value)}
              >
                {typeKnown ? null : <option value={form.type}>{form.type}</option>}
                {CSL_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            </div>
            <TextField label="Title" className="metadata-grow" autoFocus {...checked('title')} />
          </div>
          <AuthorList
            id={`${id}-author`}
            authors={form.authors}
            problems={shown}
            onChange={(authors, focus) => {
              set('authors', authors);
              // Rows moved or removed: their problems are checked afresh when they are next left.
              setTouched((before) => new Set([...before].filter((name) => !name.startsWith('author-'))));
              if (focus !== undefined) pendingFocus.current = focus;
            }}
            onBlur={(index) => touch(`author-${index}`)}
          />
          <div className="metadata-row">
            <TextField
              label="Published in (journal, newspaper, book or site)"
              className="metadata-grow"
              {...text('containerTitle', 'container')}
            />
            <TextField label="Pages" className="metadata-short" {...text('pages')} />
          </div>
          <div className="metadata-row">
            <TextField label="Publisher" className="metadata-grow" {...text('publisher')} />
            <TextField label="Place" className="metadata-grow" {...text('place')} />
          </div>
          <DateFieldset legend="Date published" {...dated('issued')} />
          <div className="metadata-row">
            <TextField label="URL" inputMode="url" className="metadata-grow" {...checked('url')} />
          </div>
          <DateFieldset legend="Date accessed (for web pages)" {...dated('accessed')} />
          <div className="metadata-row">
            <TextField label="DOI" className="metadata-grow" {...checked('doi')} />
            <TextField label="ISBN" className="metadata-grow" {...checked('isbn')} />
          </div>
        </div>
        <section className="metadata-preview" aria-labelledby={`${id}-preview`}>
          <div className="metadata-preview-head">
            <h3 id={`${id}-preview`}>Citation preview</h3>
            {styles.length === 0 || style === null ? null : (
              <div className="metadata-preview-style">
                <label htmlFor={`${id}-style`}>Style</label>
                <select
                  id={`${id}-style`}
                  className="text-field"
                  value={style}
                  data-testid="metadata-preview-style"
                  onChange={(event) => setStyle(event.target.value)}
                >
                  {styles.map((known) => (
                    <option key={known.id} value={known.id}>
                      {known.title}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <p
            data-testid="metadata-preview"
            className={styled.formatted !== null && styled.stale ? 'metadata-preview-stale' : undefined}
          >
            {styled.formatted === null || styled.formatted.bibliography === ''
              ? plain
              : styled.formatted.bibliography}
          </p>
          {styled.formatted === null ? null : (
            <p className="metadata-preview-citation" data-testid="metadata-preview-citation">
              In the text: {styled.formatted.citation}
            </p>
          )}
          {styled.problem === null ? null : (
            <p className="metadata-preview-problem" data-testid="metadata-preview-problem">
              Shown in plain form: {styled.problem}
            </p>
          )}
        </section>
        <ProblemAlert problem={problem} />
        <ProblemAlert
          testId="metadata-problems"
          problem={
            !submitted || Object.keys(allProblems).length === 0
              ? null
              : Object.keys(allProblems).length === 1
                ? 'One field needs a correction before the details can be saved.'
                : `${Object.keys(allProblems).length} fields need a correction before the details can be saved.`
          }
        />
        <DialogButtons
          label={document.metadataProposed === true ? 'Confirm details' : 'Save details'}
          busyLabel="Saving…"
          busy={saving}
          testId="save-metadata"
          onCancel={onClose}
        />
      </form>
    </dialog>
  );
}
