/**
 * The metadata editor: a modal dialog with every field a citation needs (type, title, authors, where
 * and when it was published, URL and date accessed, pages, DOI, ISBN), each checked as the reader
 * leaves it and all on saving, with a preview of the citation in a citation style (the one the last
 * export used, else APA; a plain form while it is being formatted or when it cannot be). Saving confirms
 * details Scholia proposed from a plain text, and can be undone. Escape or Cancel leaves everything as it was.
 * For a text with the original's pages, the editor also sets which page of the file is printed page 1.
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
import { AuthorList } from './AuthorList';
import { DateFieldset, TextField } from './metadata-fields';
import {
  cslFromForm,
  formFromCsl,
  formProblems,
  pageOffsetFromForm,
  plainCitation,
  type DateFields,
  type FieldName,
  type MetadataForm,
} from './metadata-form';
import { saveDetails } from './save-details';
import { useTextHasPages } from './use-text-pages';

/** Props of {@link MetadataDialog}. */
export interface MetadataDialogProps {
  readonly document: DocumentMeta;
  /** Called when the dialog closes, saved or not. */
  readonly onClose: () => void;
  /**
   * Whether the document's text has the original's pages (then the page offset can be set); left out,
   * the dialog finds out itself.
   */
  readonly hasPages?: boolean;
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
type TextKey =
  'title' | 'containerTitle' | 'publisher' | 'place' | 'url' | 'pages' | 'doi' | 'isbn' | 'firstPage';
type CheckedKey = 'title' | 'url' | 'doi' | 'isbn' | 'firstPage';

/** The field each problem is shown under, in the order the form shows them (the first gets the focus). */
const FIELD_ORDER: readonly string[] = [
  'title',
  'author',
  'issued',
  'url',
  'accessed',
  'doi',
  'isbn',
  'firstPage',
];

function firstProblem(problems: Partial<Record<FieldName, string>>): FieldName | undefined {
  const names = Object.keys(problems) as FieldName[];
  const rank = (name: string): number => FIELD_ORDER.indexOf(name.startsWith('author-') ? 'author' : name);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true }))[0];
}

/** Renders the dialog, open and modal, over `document`'s current metadata. */
export function MetadataDialog({ document, onClose, hasPages }: MetadataDialogProps): ReactNode {
  const { api, undo, notices } = useServices();
  const { library } = useLibrary();
  const id = useId();
  const [form, setForm] = useState<MetadataForm>(() => formFromCsl(document.csl, document.pageOffset));
  const paged = useTextHasPages(api, document, hasPages);
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
    // The page offset is saved only when it changed, and then undone with the rest of the details.
    const offsetBefore = document.pageOffset ?? null;
    const offsetAfter = paged ? (pageOffsetFromForm(form) ?? null) : offsetBefore;
    const offsets = offsetAfter === offsetBefore ? null : { before: offsetBefore, after: offsetAfter };
    setSaving(true);
    setProblem(null);
    saveDetails(api, library, document.id, {
      csl: next,
      ...(offsets === null ? {} : { pageOffset: offsets.after }),
    }).then(
      () => {
        undo.record({
          label: 'Edit details',
          undo: () =>
            saveDetails(api, library, document.id, {
              csl: previous,
              proposed: wasProposed,
              ...(offsets === null ? {} : { pageOffset: offsets.before }),
            }),
          redo: () =>
            saveDetails(api, library, document.id, {
              csl: next,
              ...(offsets === null ? {} : { pageOffset: offsets.after }),
            }),
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
          {paged ? (
            <div className="metadata-row" data-testid="metadata-pages">
              <TextField
                label="First printed page"
                inputMode="numeric"
                className="metadata-first-page"
                hint="The page of the file that is printed page 1 (13 when the file’s 13th page is page 1). Leave it empty to cite the pages as the file names them."
                {...checked('firstPage')}
              />
            </div>
          ) : null}
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
