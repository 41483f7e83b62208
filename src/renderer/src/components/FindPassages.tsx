/**
 * The find panel's Passages tab: the reader's annotations found by their quotes, comments and tags,
 * narrowed to a tag (with its sub-tags), a second tag, or a document. The charts and the palette open
 * it on the passages behind what was clicked; each passage opens its document at its place.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AnnotationSearchResult, TextSpan } from '../../../shared/find';
import type { TagSummary } from '../../../shared/model';
import { useServices } from '../hooks/use-services';
import { useWatchedStore } from '../hooks/use-store';
import { errorMessage } from '../state/error-message';
import type { PassageFilter } from '../state/find-services';

/** Props of {@link FindPassages}. */
export interface FindPassagesProps {
  readonly filter: PassageFilter;
  readonly onOpen: (documentId: string, target: TextSpan) => void;
}

/** Most passages listed at once. */
const LIMIT = 500;

/** Renders the tab. */
export function FindPassages({ filter, onOpen }: FindPassagesProps): ReactNode {
  const { api, library, codebook } = useServices();
  const { tags, status: tagsStatus, error: tagsError } = useWatchedStore(codebook);
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
    () =>
      [...library.getSnapshot().documents].sort((a, b) =>
        (a.csl.title ?? '').localeCompare(b.csl.title ?? ''),
      ),
    [library],
  );

  return (
    <div className="find-body">
      <div className="passage-filters">
        <input
          className="find-query"
          type="search"
          autoFocus
          placeholder="Words in quotes, comments or tags"
          aria-label="Search the passages"
          data-testid="passage-query"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <label>
          Tag{' '}
          <select value={tagId} data-testid="passage-tag" onChange={(event) => setTagId(event.target.value)}>
            <TagOptions tags={tags} />
          </select>
        </label>
        <label>
          and{' '}
          <select value={alsoTagId} onChange={(event) => setAlsoTagId(event.target.value)}>
            <TagOptions tags={tags} />
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

/** A tag filter's choices: any tag, then every tag of the codebook. */
function TagOptions({ tags }: { tags: readonly TagSummary[] }): ReactNode {
  return (
    <>
      <option value="">any</option>
      {tags.map((tag) => (
        <option key={tag.id} value={tag.id}>
          {tag.name}
        </option>
      ))}
    </>
  );
}
