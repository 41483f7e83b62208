/**
 * The export dialog: what to export (the library, a reading list or chosen documents), in which format
 * and citation style, grouped how, which passages (tags with their sub-tags, colours, dates) and with
 * what (comments, untagged passages, document notes), with a live preview of the first page. The
 * settings are remembered for the next export. In the app the export is written where the reader
 * chooses and can be shown in the file manager; in a browser it is downloaded.
 *
 * A modal `<dialog>`: the rest of the page is inert while it is open, focus stays inside, Escape closes.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { codebookOrder } from '../../../../shared/codebook';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export-formats';
import {
  CITATION_LOCALES,
  type CitationStyleInfo,
  type ExportOptions,
  type ExportPreview,
  type ExportScope,
} from '../../../../shared/export-options';
import { HIGHLIGHT_COLORS, displayTitle, type TagSummary } from '../../../../shared/model';
import { useModalDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { useStore, useWatchedStore } from '../../ui/use-store';
import { errorMessage } from '../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';
import { useCodebook } from '../codebook';
import { useLibrary } from '../library';
import { loadExportOptions, saveExportOptions } from './export-settings';
import { VaultTemplateField, templateProblem } from './VaultTemplateField';

/** Props of {@link ExportDialog}. */
export interface ExportDialogProps {
  readonly onClose: () => void;
  /** What to export, when the dialog is opened for it (the selected documents, say); otherwise the last export's. */
  readonly initialScope?: ExportScope;
}

/** How long the options must stay unchanged before the preview is made again. */
const PREVIEW_DELAY_MS = 250;
/** The first page: what the preview shows. */
const PREVIEW_CHARS = 6000;

/** The bytes of a download, from the base64 core sends them in. */
function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** A finished export, with how many passages the format could not hold (REFI-QDA leaves orphans out). */
type Done =
  | { kind: 'written'; path: string; passages: number; skipped: number }
  | { kind: 'downloaded'; name: string; skipped: number };

/** `filters` without the tags that are no longer in the codebook (and without the tag filter if none is left). */
function withoutGoneTags(
  filters: ExportOptions['filters'],
  tags: readonly TagSummary[],
): ExportOptions['filters'] {
  const { tagIds, ...rest } = filters;
  const kept = tagIds?.filter((id) => tags.some((tag) => tag.id === id)) ?? [];
  return kept.length === 0 ? rest : { ...rest, tagIds: kept };
}

/** `YYYY-MM-DD` of an ISO timestamp, for a date input. */
function dayOf(timestamp: string | undefined): string {
  return timestamp === undefined ? '' : timestamp.slice(0, 10);
}

function toggled<T>(list: readonly T[] | undefined, item: T, on: boolean): T[] | undefined {
  const next = (list ?? []).filter((other) => other !== item);
  if (on) next.push(item);
  return next.length === 0 ? undefined : next;
}

/** Renders the dialog, open and modal. */
export function ExportDialog({ onClose, initialScope }: ExportDialogProps): ReactNode {
  const { api, host, settings } = useServices();
  const { library, collections: collectionStore } = useLibrary();
  const codebook = useCodebook();
  const documents = useStore(library).documents;
  const { tags, status: tagsStatus, error: tagsError } = useWatchedStore(codebook);
  const {
    collections,
    status: collectionsStatus,
    error: collectionsError,
  } = useWatchedStore(collectionStore);
  const { colorLabels, status: settingsStatus, error: settingsError } = useWatchedStore(settings);
  const styleInput = useRef<HTMLInputElement>(null);
  const [options, setOptions] = useState<ExportOptions>(() => {
    const remembered = loadExportOptions(window.localStorage);
    return initialScope === undefined ? remembered : { ...remembered, scope: initialScope };
  });
  const [chosen, setChosen] = useState<string[]>(() =>
    options.scope.kind === 'documents' ? options.scope.documentIds : [],
  );
  const [styles, setStyles] = useState<CitationStyleInfo[]>([]);
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [previewProblem, setPreviewProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [collectionName, setCollectionName] = useState('');

  const modal = useModalDialog(onClose, !busy);

  useEffect(() => {
    let cancelled = false;
    // The codebook and the collections are being loaded by the watches above; a failure of either is
    // shown where it is listed.
    Promise.all([api.listStyles({}), codebook.loaded(), collectionStore.loaded()]).then(
      ([styleList]) => {
        if (cancelled) return;
        setStyles(styleList);
        const known = codebook.getSnapshot();
        const knownCollections = collectionStore.getSnapshot();
        // Remembered settings may name a style, collection or tags that are gone since.
        setOptions((current) => ({
          ...current,
          style: styleList.some((style) => style.id === current.style) ? current.style : 'apa',
          locale: CITATION_LOCALES.some((locale) => locale.id === current.locale) ? current.locale : 'en-US',
          scope:
            current.scope.kind === 'collection' &&
            knownCollections.status === 'ready' &&
            !knownCollections.collections.some(
              (collection) =>
                current.scope.kind === 'collection' && collection.id === current.scope.collectionId,
            )
              ? { kind: 'library' }
              : current.scope,
          filters: known.status === 'ready' ? withoutGoneTags(current.filters, known.tags) : current.filters,
        }));
      },
      (thrown: unknown) => {
        if (!cancelled) setProblem(errorMessage(thrown, 'The export settings could not be loaded.'));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, codebook, collectionStore]);

  /** The options as they will be sent: the chosen documents as the scope, when that scope is picked. */
  const effective = useMemo<ExportOptions | null>(() => {
    if (options.scope.kind !== 'documents') return options;
    return chosen.length === 0 ? null : { ...options, scope: { kind: 'documents', documentIds: chosen } };
  }, [options, chosen]);

  useEffect(() => {
    if (effective === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.previewExport({ options: effective, maxChars: PREVIEW_CHARS }).then(
        (result) => {
          if (cancelled) return;
          setPreview(result);
          setPreviewProblem(null);
        },
        (thrown: unknown) => {
          if (cancelled) return;
          setPreview(null);
          setPreviewProblem(errorMessage(thrown, 'The preview could not be made.'));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, effective]);

  const change = (update: Partial<ExportOptions>): void => {
    setDone(null);
    setOptions((current) => ({ ...current, ...update }));
  };
  /** Changes filters; a filter set to undefined is removed (the schema has no room for an empty one). */
  const changeFilters = (update: {
    [K in keyof ExportOptions['filters']]?: ExportOptions['filters'][K] | undefined;
  }): void => {
    setDone(null);
    setOptions((current) => {
      const merged: Record<string, unknown> = { ...current.filters, ...update };
      const filters = Object.fromEntries(
        Object.entries(merged).filter(([, value]) => value !== undefined),
      ) as ExportOptions['filters'];
      return { ...current, filters };
    });
  };

  const format = EXPORT_FORMAT_INFO[options.format];
  const browser = host.kind === 'browser';

  const runExport = async (): Promise<void> => {
    if (effective === null) return;
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      saveExportOptions(window.localStorage, effective);
      if (browser) {
        // A vault comes as a ZIP of its notes: a browser writes no folders.
        const file = await api.downloadExport({ options: effective });
        host.download(file.name, base64Bytes(file.base64), file.mediaType);
        setDone({ kind: 'downloaded', name: file.name, skipped: file.skipped ?? 0 });
        return;
      }
      const suggested = preview?.suggestedName ?? 'export.md';
      const path = await host.chooseExportPath(
        suggested,
        EXPORT_FORMAT_INFO[effective.format].output === 'folder',
      );
      if (path === null) return;
      const summary = await api.exportLibrary({ options: effective, path });
      setDone({
        kind: 'written',
        path: summary.files[0] ?? summary.path,
        passages: summary.passages,
        skipped: summary.skipped ?? 0,
      });
    } catch (thrown) {
      setProblem(errorMessage(thrown, 'The export could not be written.'));
    } finally {
      setBusy(false);
    }
  };

  const addStyle = async (file: File): Promise<void> => {
    setProblem(null);
    try {
      const style = await api.addStyle({ fileName: file.name, xml: await file.text() });
      setStyles((current) => [...current.filter((other) => other.id !== style.id), style]);
      change({ style: style.id });
    } catch (thrown) {
      setProblem(errorMessage(thrown, `${file.name} could not be added as a citation style.`));
    }
  };

  const saveCollection = async (): Promise<void> => {
    setProblem(null);
    try {
      const made = await collectionStore.create(collectionName, chosen);
      setCollectionName('');
      change({ scope: { kind: 'collection', collectionId: made.id } });
    } catch (thrown) {
      setProblem(errorMessage(thrown, 'The collection could not be saved.'));
    }
  };

  const scopeKind = options.scope.kind;
  const tagRows = codebookOrder(tags);
  const cites = format.citesInStyle;

  return (
    <dialog
      {...modal}
      className="dialog export-dialog"
      aria-labelledby="export-dialog-title"
      data-testid="export-dialog"
    >
      <h2 id="export-dialog-title">Export</h2>
      <div className="export-layout">
        <form
          className="export-form"
          onSubmit={(event) => {
            event.preventDefault();
            void runExport();
          }}
        >
          <fieldset>
            <legend>What</legend>
            <label className="export-choice">
              <input
                type="radio"
                name="export-scope"
                checked={scopeKind === 'library'}
                onChange={() => change({ scope: { kind: 'library' } })}
              />
              The whole library
            </label>
            <label className="export-choice">
              <input
                type="radio"
                name="export-scope"
                checked={scopeKind === 'collection'}
                disabled={collections.length === 0}
                onChange={() => {
                  const first = collections[0];
                  if (first !== undefined) change({ scope: { kind: 'collection', collectionId: first.id } });
                }}
              />
              A collection
              {collectionsStatus === 'ready' && collections.length === 0 ? (
                <span className="export-hint"> (none yet)</span>
              ) : null}
            </label>
            <ProblemAlert
              className="export-indented"
              problem={collectionsStatus === 'failed' ? collectionsError : null}
            />
            {options.scope.kind === 'collection' ? (
              <select
                aria-label="Collection"
                className="export-indented"
                value={options.scope.collectionId}
                onChange={(event) =>
                  change({ scope: { kind: 'collection', collectionId: event.target.value } })
                }
              >
                {collections.map((collection) => (
                  <option key={collection.id} value={collection.id}>
                    {collection.name} ({collection.documentIds.length})
                  </option>
                ))}
              </select>
            ) : null}
            <label className="export-choice">
              <input
                type="radio"
                name="export-scope"
                data-testid="export-scope-documents"
                checked={scopeKind === 'documents'}
                // The ids here are a stand-in: the checked documents replace them when the export is made.
                onChange={() => change({ scope: { kind: 'documents', documentIds: ['chosen'] } })}
              />
              Chosen documents
            </label>
            {scopeKind === 'documents' ? (
              <div className="export-indented">
                <ul className="export-list" aria-label="Documents to export">
                  {documents.map((document) => (
                    <li key={document.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={chosen.includes(document.id)}
                          onChange={(event) => {
                            setDone(null);
                            setChosen((current) => toggled(current, document.id, event.target.checked) ?? []);
                          }}
                        />
                        {displayTitle(document)}
                      </label>
                    </li>
                  ))}
                </ul>
                <div className="export-inline">
                  <input
                    type="text"
                    aria-label="New collection name"
                    placeholder="Name of a new collection"
                    value={collectionName}
                    maxLength={200}
                    onChange={(event) => setCollectionName(event.target.value)}
                  />
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={chosen.length === 0 || collectionName.trim() === ''}
                    onClick={() => void saveCollection()}
                  >
                    Save as collection
                  </button>
                </div>
              </div>
            ) : null}
          </fieldset>

          <fieldset>
            <legend>How</legend>
            <label className="export-field">
              Format
              <select
                data-testid="export-format"
                value={options.format}
                onChange={(event) => change({ format: event.target.value as ExportFormat })}
              >
                {EXPORT_FORMATS.map((id) => (
                  <option key={id} value={id}>
                    {EXPORT_FORMAT_INFO[id].label}
                  </option>
                ))}
              </select>
            </label>
            <div className="export-field">
              <label htmlFor="export-style">Citation style and language</label>
              <div className="export-inline">
                <select
                  id="export-style"
                  data-testid="export-style"
                  value={options.style}
                  disabled={!cites}
                  onChange={(event) => change({ style: event.target.value })}
                >
                  {styles.map((style) => (
                    <option key={style.id} value={style.id}>
                      {style.title}
                    </option>
                  ))}
                </select>
                <select
                  className="export-locale"
                  aria-label="Citation language"
                  title="The language of the citations’ terms, dates and quotation marks"
                  data-testid="export-locale"
                  value={options.locale}
                  disabled={!cites}
                  onChange={(event) => change({ locale: event.target.value })}
                >
                  {CITATION_LOCALES.map((locale) => (
                    <option key={locale.id} value={locale.id}>
                      {locale.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => styleInput.current?.click()}
                >
                  Add style…
                </button>
                <input
                  ref={styleInput}
                  type="file"
                  accept=".csl"
                  hidden
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    event.target.value = '';
                    if (file !== undefined) void addStyle(file);
                  }}
                />
              </div>
            </div>
            {options.format === 'vault' ? (
              <VaultTemplateField
                template={options.template}
                onChange={(template) => {
                  setDone(null);
                  setOptions((current) => {
                    const { template: _old, ...rest } = current;
                    return template === undefined ? rest : { ...rest, template };
                  });
                }}
              />
            ) : null}
            {format.groupsPassages ? (
              <div className="export-field" role="radiogroup" aria-label="Group passages">
                <span>Group passages</span>
                <label className="export-choice">
                  <input
                    type="radio"
                    name="export-group"
                    checked={options.groupBy === 'source'}
                    onChange={() => change({ groupBy: 'source' })}
                  />
                  By source
                </label>
                <label className="export-choice">
                  <input
                    type="radio"
                    name="export-group"
                    data-testid="export-group-tag"
                    checked={options.groupBy === 'tag'}
                    onChange={() => change({ groupBy: 'tag' })}
                  />
                  By tag (the codebook as headings)
                </label>
              </div>
            ) : null}
          </fieldset>

          <details className="export-filters">
            <summary>
              Which passages
              {Object.keys(options.filters).length > 0 ? (
                <span className="export-hint"> (filtered)</span>
              ) : null}
            </summary>
            <fieldset>
              <legend>Tags (with their sub-tags)</legend>
              {tagsStatus === 'failed' ? (
                <p className="field-problem" role="alert">
                  {tagsError}
                </p>
              ) : tagsStatus === 'ready' && tagRows.length === 0 ? (
                <p className="export-hint">No tags yet.</p>
              ) : null}
              <ul className="export-list">
                {tagRows.map(({ tag, depth }) => (
                  <li key={tag.id} style={{ paddingInlineStart: `${depth * 1.1}rem` }}>
                    <label>
                      <input
                        type="checkbox"
                        checked={options.filters.tagIds?.includes(tag.id) ?? false}
                        onChange={(event) =>
                          changeFilters({
                            tagIds: toggled(options.filters.tagIds, tag.id, event.target.checked),
                          })
                        }
                      />
                      {tag.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <fieldset>
              <legend>Colours</legend>
              <ProblemAlert problem={settingsStatus === 'failed' ? settingsError : null} />
              <div className="export-colours">
                {HIGHLIGHT_COLORS.map((color) => (
                  <label key={color} className="export-choice">
                    <input
                      type="checkbox"
                      checked={options.filters.colors?.includes(color) ?? false}
                      onChange={(event) =>
                        changeFilters({
                          colors: toggled(options.filters.colors, color, event.target.checked),
                        })
                      }
                    />
                    <span className={`tag-swatch tag-swatch-${color}`} aria-hidden="true" />
                    {colorLabels[color]}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>Annotated</legend>
              <div className="export-inline">
                <label>
                  from{' '}
                  <input
                    type="date"
                    value={dayOf(options.filters.annotatedFrom)}
                    onChange={(event) =>
                      changeFilters({
                        annotatedFrom:
                          event.target.value === '' ? undefined : `${event.target.value}T00:00:00.000Z`,
                      })
                    }
                  />
                </label>
                <label>
                  to{' '}
                  <input
                    type="date"
                    value={dayOf(options.filters.annotatedTo)}
                    onChange={(event) =>
                      changeFilters({
                        annotatedTo:
                          event.target.value === '' ? undefined : `${event.target.value}T23:59:59.999Z`,
                      })
                    }
                  />
                </label>
              </div>
            </fieldset>
          </details>

          <fieldset>
            <legend>Include</legend>
            <label className="export-choice">
              <input
                type="checkbox"
                checked={options.includeComments}
                onChange={(event) => change({ includeComments: event.target.checked })}
              />
              Comments
            </label>
            <label className="export-choice">
              <input
                type="checkbox"
                checked={options.includeUntagged}
                onChange={(event) => change({ includeUntagged: event.target.checked })}
              />
              Passages without a tag
            </label>
            <label className="export-choice">
              <input
                type="checkbox"
                checked={options.includeNotes}
                onChange={(event) => change({ includeNotes: event.target.checked })}
              />
              Document notes
            </label>
          </fieldset>
        </form>

        <section className="export-preview" aria-labelledby="export-preview-title">
          <h3 id="export-preview-title">
            Preview
            {preview === null ? null : (
              <span className="export-hint">
                {' '}
                — {preview.documents} {preview.documents === 1 ? 'document' : 'documents'}, {preview.passages}{' '}
                {preview.passages === 1 ? 'passage' : 'passages'}
              </span>
            )}
          </h3>
          {effective === null ? (
            <p className="export-hint" role="status">
              Choose at least one document to export.
            </p>
          ) : previewProblem === null ? (
            <pre className="export-preview-text" data-testid="export-preview" tabIndex={0}>
              {preview === null ? 'Making the preview…' : preview.text}
              {preview?.truncated === true ? '\n…' : ''}
            </pre>
          ) : (
            <p className="field-problem" role="alert">
              {previewProblem}
            </p>
          )}
        </section>
      </div>

      <ProblemAlert problem={problem} />
      {browser && format.output === 'folder' ? (
        <p className="export-hint">
          The notes download as a ZIP: unpack it into your vault. Notes exported before are replaced whole
          (the desktop app and the command line keep your own lines in them).
        </p>
      ) : null}
      <DialogButtons
        label={browser ? 'Download' : 'Export…'}
        busyLabel="Exporting…"
        busy={busy}
        disabled={
          effective === null || (options.format === 'vault' && templateProblem(options.template) !== null)
        }
        autoFocus="confirm"
        testId="export-confirm"
        onConfirm={() => void runExport()}
        cancelLabel="Close"
        onCancel={onClose}
      >
        {done === null ? null : (
          <p className="export-done" role="status" data-testid="export-done">
            {done.kind === 'downloaded' ? `Downloaded ${done.name}.` : `Exported ${done.passages} passages.`}
            {done.skipped === 0
              ? null
              : ` Left out ${String(done.skipped)} the format cannot hold (orphaned, or no longer where their quote stands).`}
          </p>
        )}
        {done?.kind === 'written' ? (
          <button type="button" className="button button-quiet" onClick={() => host.showInFolder(done.path)}>
            Show in folder
          </button>
        ) : null}
      </DialogButtons>
    </dialog>
  );
}
