/**
 * The find panel's Passages tab: the reader's annotations found by their quotes, comments and tags,
 * narrowed to a tag (with its sub-tags), a second tag, or a document. The charts and the palette open
 * it on the passages behind what was clicked; each passage opens its document at its place.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AnnotationSearchResult, TextSpan } from '../../../../shared/find';
import { useServices } from '../../app/services/use-services';
import { useStore, useWatchedStore } from '../../ui/use-store';
import { useCodebook } from '../codebook';
import { useLibrary } from '../library';
import { errorMessage } from '../../ui/error-message';
import type { PassageFilter } from '../../app/panels/find-services';
import { FindQuery, TagOptions } from './find-fields';

/** Props of {@link FindPassages}. */
export interface FindPassagesProps {
  readonly filter: PassageFilter;
  readonly onOpen: (documentId: string, target: TextSpan) => void;
}

/** Most passages listed at once. */
const LIMIT = 500;

/** Renders the tab. */
export function FindPassages({ filter, onOpen }: FindPassagesProps): ReactNode {
  const { api } = useServices();
  const { library } = useLibrary();
  const { tags, status: tagsStatus, error: tagsError } = useWatchedStore(useCodebook());
  const { documents: listed, status: documentsStatus, error: documentsError } = useStore(library);
  const [query, setQuery] = useState('');
  const [tagId, setTagId] = useState(filter.tagId ?? '');
  const [alsoTagId, setAlsoTagId] = useState(filter.alsoTagId ?? '');
  const [documentId, setDocumentId] = useState(filter.documentId ?? '');
  const [result, setResult] = useState<AnnotationSearchResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      api
        .searchAnnotations({
          ...(query.trim() === '' ? {} : { query: query.slice(0, 10_000) }),
          ...(tagId === ''
            ? {}
            : { tagId, includeSubTags: filter.includeSubTags !== false || tagId !== filter.tagId }),
          ...(documentId === '' ? {} : { documentIds: [documentId] }),
          limit: 5_000,
        })
        .then(
          (found) => {
            if (!live) return;
            setResult(found);
            setProblem(null);
          },
          (thrown: unknown) => {
            if (live) setProblem(errorMessage(thrown, 'The passages could not be found. Try again.'));
          },
        );
    }, 120);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [api, query, tagId, documentId, filter]);

  const hits = useMemo(
    () => (result?.hits ?? []).filter((hit) => alsoTagId === '' || hit.annotation.tagIds.includes(alsoTagId)),
    [result, alsoTagId],
  );
  const tagName = new Map(tags.map((t) => [t.id, t.name]));
  const documents = useMemo(
    () => [...listed].sort((a, b) => (a.csl.title ?? '').localeCompare(b.csl.title ?? '')),
    [listed],
  );

  return (
    <div className="find-body">
      <div className="passage-filters">
        <FindQuery
          placeholder="Words in quotes, comments or tags"
          label="Search the passages"
          testId="passage-query"
          value={query}
          onChange={setQuery}
        />
        <label>
          Tag{' '}
          <select value={tagId} data-testid="passage-tag" onChange={(event) => setTagId(event.target.value)}>
            <TagOptions tags={tags} none="any" />
          </select>
        </label>
        <label>
          and{' '}
          <select value={alsoTagId} onChange={(event) => setAlsoTagId(event.target.value)}>
            <TagOptions tags={tags} none="any" />
          </select>
        </label>
        <label>
          In{' '}
          <select value={documentId} onChange={(event) => setDocumentId(event.target.value)}>
            <option value="">every document</option>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.csl.title ?? d.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {tagsStatus === 'failed' ? <p role="alert">{tagsError}</p> : null}
      {documentsStatus === 'failed' ? <p role="alert">{documentsError}</p> : null}
      {problem !== null ? <p role="alert">{problem}</p> : null}
      {result !== null ? (
        <p className="find-summary" role="status" data-testid="passage-summary">
          {hits.length === 1 ? '1 passage' : `${hits.length} passages`}
          {result.truncated ? ' (the first ones found: narrow the search to see the rest)' : ''}
        </p>
      ) : null}
      <ol className="passage-results" data-testid="passage-results">
        {hits.slice(0, LIMIT).map(({ annotation, documentTitle }) => {
          const [quote, position] = annotation.selectors;
          return (
            <li key={annotation.id} className="passage-result">
              <button
                type="button"
                className="find-snippet"
                data-testid="passage-hit"
                onClick={() => onOpen(annotation.documentId, { start: position.start, end: position.end })}
              >
                <span className="passage-title">{documentTitle}</span>
                <span className="passage-quote">
                  {quote.exact === ''
                    ? 'A note at a point'
                    : `“${quote.exact.slice(0, 400)}${quote.exact.length > 400 ? '…' : ''}”`}
                </span>
                {annotation.tagIds.length > 0 ? (
                  <span className="passage-tags">
                    {annotation.tagIds
                      .map((id) => tagName.get(id) ?? '')
                      .filter((name) => name !== '')
                      .join(' · ')}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
