/**
 * The find panel (Ctrl/⌘+Shift+F or `/`): search the library as you type, with results grouped by
 * document and each passage opening the document at its place; and the concordance of a word or
 * phrase, whose lines can be selected and highlighted or tagged in one action; and the reader's
 * passages, found by their words and tags (where the charts and the palette send the reader). Escape
 * closes it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConcordanceResult, CorpusSearchResult, SearchSnippet, TextSpan } from '../../../../shared/find';
import { usePanelDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { useWatchedStore } from '../../ui/use-store';
import { useCodebook } from '../codebook';
import { errorMessage } from '../../ui/error-message';
import type { FindRequest } from '../../app/panels/find-services';
import { FindPassages } from './FindPassages';
import { FindQuery, TagOptions } from './find-fields';
import './find.css';

/** Props of {@link FindPanel}. */
export interface FindPanelProps {
  readonly onClose: () => void;
  /** Opens a document with `target` selected and shown. */
  readonly onOpen: (documentId: string, target: TextSpan) => void;
  /** The tab to open on, and for the passages, what to show. */
  readonly request?: FindRequest;
}

type Tab = FindRequest['tab'];

/** The panel's tabs, in order. */
const TABS: readonly { id: Tab; label: string; testId?: string }[] = [
  { id: 'search', label: 'Search' },
  { id: 'concordance', label: 'Concordance' },
  { id: 'passages', label: 'Passages', testId: 'find-passages-tab' },
];

/** Renders the panel, open. */
export function FindPanel({ onClose, onOpen, request = { tab: 'search' } }: FindPanelProps): ReactNode {
  const [tab, setTab] = useState<Tab>(request.tab);
  const panel = usePanelDialog(onClose);

  return (
    <dialog
      {...panel}
      className="side-sheet find-panel"
      aria-label="Find in the library"
      data-testid="find-panel"
    >
      <header className="find-header">
        <div className="find-tabs" role="tablist">
          {TABS.map(({ id, label, testId }) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              data-testid={testId}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close find">
          ✕
        </button>
      </header>
      {tab === 'search' ? <SearchTab onOpen={onOpen} /> : null}
      {tab === 'concordance' ? <ConcordanceTab onOpen={onOpen} /> : null}
      {tab === 'passages' ? (
        <FindPassages filter={request.tab === 'passages' ? request.filter : {}} onOpen={onOpen} />
      ) : null}
    </dialog>
  );
}

/** A snippet's text with its matches marked. */
function Marked({ snippet }: { snippet: SearchSnippet }): ReactNode {
  const parts: ReactNode[] = [];
  let at = 0;
  snippet.highlights.forEach((span, i) => {
    if (span.start > at) parts.push(snippet.text.slice(at, span.start));
    parts.push(<mark key={i}>{snippet.text.slice(span.start, span.end)}</mark>);
    at = span.end;
  });
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

/** Search as you type: a request per pause in typing, older answers dropped. */
function SearchTab({ onOpen }: { onOpen: FindPanelProps['onOpen'] }): ReactNode {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [answer, setResult] = useState<CorpusSearchResult | null>(null);
  const [failure, setProblem] = useState<string | null>(null);
  const [indexing, setIndexing] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(
    () =>
      api.on('search-index-progress', (progress) => {
        setIndexing(
          progress.phase === 'ready'
            ? null
            : progress.phase === 'loading'
              ? 'Loading the search index…'
              : `Indexing documents: ${progress.done} of ${progress.total}…`,
        );
      }),
    [api],
  );

  useEffect(() => {
    const ticket = ++latest.current;
    if (query.trim() === '') return;
    const timer = window.setTimeout(() => {
      api.searchCorpus({ query: query.slice(0, 10_000), limit: 50 }).then(
        (found) => {
          if (ticket !== latest.current) return;
          setResult(found);
          setProblem(null);
          setIndexing(null);
        },
        (thrown: unknown) => {
          if (ticket === latest.current) setProblem(errorMessage(thrown, 'The search failed. Try again.'));
        },
      );
    }, 120);
    return () => window.clearTimeout(timer);
  }, [api, query]);

  // An emptied field shows nothing, whatever answer is still on its way.
  const result = query.trim() === '' ? null : answer;
  const problem = query.trim() === '' ? null : failure;

  return (
    <div className="find-body">
      <FindQuery
        placeholder={'Words, "a phrase", prefix*, misspeling~'}
        label="Search the library"
        testId="find-query"
        value={query}
        onChange={setQuery}
      />
      {indexing !== null ? (
        <p className="quiet-message" role="status">
          {indexing}
        </p>
      ) : null}
      {problem !== null ? <p role="alert">{problem}</p> : null}
      {result !== null && result.documents.length === 0 ? (
        <p className="quiet-message">Nothing matches.</p>
      ) : null}
      {result !== null && result.documents.length > 0 ? (
        <p className="find-summary" role="status">
          {result.totalDocuments === 1 ? '1 document' : `${result.totalDocuments} documents`}
          {result.truncated ? ' (search cut short: make it more specific)' : ''}
        </p>
      ) : null}
      <ol className="find-results" data-testid="find-results">
        {result?.documents.map((hit) => (
          <li key={hit.documentId} className="find-result">
            <h3>
              <button
                type="button"
                className="find-title"
                onClick={() => onOpen(hit.documentId, hit.snippets[0]?.matches[0] ?? { start: 0, end: 0 })}
              >
                {hit.title}
              </button>
              <span className="find-count">
                {hit.matchCount} {hit.matchCount === 1 ? 'match' : 'matches'}
                {hit.metaFields.length > 0 ? ` · in ${hit.metaFields.join(', ')}` : ''}
              </span>
            </h3>
            {hit.snippets.map((snippet) => (
              <button
                key={snippet.start}
                type="button"
                className="find-snippet"
                data-testid="find-snippet"
                onClick={() =>
                  onOpen(hit.documentId, snippet.matches[0] ?? { start: snippet.start, end: snippet.start })
                }
              >
                <Marked snippet={snippet} />
              </button>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The concordance: aligned lines, sortable, selectable, tagged or highlighted together. */
function ConcordanceTab({ onOpen }: { onOpen: FindPanelProps['onOpen'] }): ReactNode {
  const { api, notices } = useServices();
  const codebook = useCodebook();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<'document' | 'left' | 'right'>('document');
  const [result, setResult] = useState<ConcordanceResult | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { tags, status: tagsStatus, error: tagsError } = useWatchedStore(codebook);
  const [tagId, setTagId] = useState('');
  const [busy, setBusy] = useState(false);

  const run = (nextSort = sort): void => {
    if (query.trim() === '') return;
    api.concordance({ query: query.slice(0, 10_000), sort: nextSort, width: 40, limit: 2_000 }).then(
      (found) => {
        setResult(found);
        setSelected(new Set());
      },
      (thrown: unknown) =>
        notices.show('error', errorMessage(thrown, 'The concordance could not be made. Try again.')),
    );
  };

  const keyOf = (line: { documentId: string; start: number }) => `${line.documentId}:${line.start}`;
  const toggle = (key: string): void => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const annotate = (): void => {
    if (result === null || selected.size === 0) return;
    const occurrences = result.lines
      .filter((line) => selected.has(keyOf(line)))
      .map(({ documentId, start, end }) => ({ documentId, start, end }));
    setBusy(true);
    api
      .annotateOccurrences({ occurrences, ...(tagId === '' ? {} : { tagIds: [tagId] }) })
      .then(
        (report) => {
          const tag = tags.find((t) => t.id === tagId)?.name;
          notices.show(
            'info',
            `${tag === undefined ? 'Highlighted' : `Tagged “${tag}”:`} ${report.created + report.updated} passage${report.created + report.updated === 1 ? '' : 's'} (${report.created} new, ${report.updated} already highlighted).`,
          );
          setSelected(new Set());
        },
        (thrown: unknown) => notices.show('error', errorMessage(thrown, 'Nothing was saved. Try again.')),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="find-body">
      <form
        className="kwic-form"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <FindQuery
          placeholder="A word or phrase"
          label="Word or phrase for the concordance"
          testId="kwic-query"
          value={query}
          onChange={setQuery}
        />
        <label>
          Sort by{' '}
          <select
            value={sort}
            data-testid="kwic-sort"
            onChange={(event) => {
              const value = event.target.value as typeof sort;
              setSort(value);
              run(value);
            }}
          >
            <option value="document">document</option>
            <option value="left">word before</option>
            <option value="right">word after</option>
          </select>
        </label>
        <button type="submit" className="button">
          Show
        </button>
      </form>
      {result !== null ? (
        <>
          <p className="find-summary" role="status" data-testid="kwic-summary">
            {result.total} occurrence{result.total === 1 ? '' : 's'} in {result.perDocument.length} document
            {result.perDocument.length === 1 ? '' : 's'}
            {result.truncated ? ` (first ${result.lines.length} shown)` : ''}
          </p>
          {tagsStatus === 'failed' ? <p role="alert">{tagsError}</p> : null}
          <div className="kwic-actions">
            <span>{selected.size} selected</span>
            <select
              aria-label="Tag to apply"
              value={tagId}
              data-testid="kwic-tag"
              onChange={(event) => setTagId(event.target.value)}
            >
              <TagOptions tags={tags} none="Highlight only" />
            </select>
            <button
              type="button"
              className="button"
              disabled={selected.size === 0 || busy}
              data-testid="kwic-apply"
              onClick={annotate}
            >
              {tagId === '' ? 'Highlight selected' : 'Tag selected'}
            </button>
          </div>
          <div className="kwic-scroll">
            <table className="kwic-lines">
              <tbody>
                {result.lines.map((line) => {
                  const key = keyOf(line);
                  return (
                    <tr key={key} data-testid="kwic-line">
                      <td>
                        <input
                          type="checkbox"
                          aria-label="Select this line"
                          checked={selected.has(key)}
                          onChange={() => toggle(key)}
                        />
                      </td>
                      <td className="kwic-left">{line.left}</td>
                      <td className="kwic-keyword">
                        <button
                          type="button"
                          onClick={() => onOpen(line.documentId, { start: line.start, end: line.end })}
                        >
                          {line.keyword}
                        </button>
                      </td>
                      <td className="kwic-right">{line.right}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <ul className="kwic-counts">
            {result.perDocument.map((entry) => (
              <li key={entry.documentId}>
                {entry.title}: {entry.count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
