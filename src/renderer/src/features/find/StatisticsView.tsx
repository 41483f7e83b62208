/**
 * Reading statistics as pictures (key G, the library's Statistics button, or the palette): passages
 * per tag as bars, which tags are applied to the same passages as a heat map, and where the
 * annotations fall along each document as a strip. Every bar and cell opens the passages behind it in
 * the find panel; every stretch of a strip opens its document at that place. Drawn in SVG with the
 * theme's colours, so it reads the same in the dark.
 */
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ReadingStatistics, TextSpan } from '../../../../shared/find';
import { usePanelDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { errorMessage } from '../../ui/error-message';
import type { PassageFilter } from '../../app/panels/find-services';
import { barLength, cellShade, niceMaximum } from './chart-scales';
import './statistics.css';

/** Props of {@link StatisticsView}. */
export interface StatisticsViewProps {
  readonly onClose: () => void;
  /** Lists the passages behind a bar or cell. */
  readonly onShowPassages: (filter: PassageFilter) => void;
  /** Opens a document at a place. */
  readonly onOpen: (documentId: string, target: TextSpan) => void;
}

/** How many stretches each document's strip is cut into. */
const BINS = 60;
/** Most tags in the heat map (the most used). */
const MATRIX_TAGS = 12;
/** Most tags in the bar chart. */
const BAR_TAGS = 25;

const numberFormat = new Intl.NumberFormat();

/** Props shared by the clickable marks of the charts: a button for the keyboard and assistive technology. */
function clickable(label: string, onActivate: () => void, testId: string): Record<string, unknown> {
  return {
    role: 'button',
    tabIndex: 0,
    'aria-label': label,
    'data-testid': testId,
    className: 'chart-target',
    onClick: onActivate,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onActivate();
      }
    },
  };
}

function plural(count: number, one: string, many: string): string {
  return `${numberFormat.format(count)} ${count === 1 ? one : many}`;
}

/** Passages per tag, as horizontal bars. */
function TagBars({
  statistics,
  onShow,
}: {
  statistics: ReadingStatistics;
  onShow: StatisticsViewProps['onShowPassages'];
}): ReactNode {
  const tags = statistics.tags.filter((t) => t.passagesWithSubTags > 0).slice(0, BAR_TAGS);
  if (tags.length === 0) return <p className="quiet-message">No passage carries a tag yet.</p>;
  const max = niceMaximum(Math.max(...tags.map((t) => t.passagesWithSubTags)));
  const labelWidth = 200;
  const plot = 380;
  const row = 26;
  const height = tags.length * row + 24;
  return (
    <svg
      className="chart"
      width={labelWidth + plot + 60}
      height={height}
      role="group"
      aria-label="Passages per tag"
    >
      {[0, 0.5, 1].map((f) => (
        <g key={f} className="chart-axis">
          <line x1={labelWidth + f * plot} x2={labelWidth + f * plot} y1={0} y2={height - 20} />
          <text x={labelWidth + f * plot} y={height - 6} textAnchor="middle">
            {numberFormat.format(Math.round(max * f))}
          </text>
        </g>
      ))}
      {tags.map((tag, i) => {
        const y = i * row;
        const width = barLength(tag.passagesWithSubTags, max, plot);
        const label = `${tag.path}: ${plural(tag.passagesWithSubTags, 'passage', 'passages')} in ${plural(tag.documents, 'document', 'documents')}. Show them.`;
        return (
          <g key={tag.tagId} {...clickable(label, () => onShow({ tagId: tag.tagId }), 'chart-bar')}>
            <title>{label}</title>
            <rect className="chart-row-hit" x={0} y={y} width={labelWidth + plot + 60} height={row} />
            <text
              className="chart-label"
              x={labelWidth - 8}
              y={y + row / 2}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {tag.name.length > 28 ? `${tag.name.slice(0, 27)}…` : tag.name}
            </text>
            <rect className="chart-bar" x={labelWidth} y={y + 5} width={width} height={row - 10} rx={2} />
            <text
              className="chart-value"
              x={labelWidth + width + 6}
              y={y + row / 2}
              dominantBaseline="middle"
            >
              {numberFormat.format(tag.passagesWithSubTags)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Which tags share passages, as a heat map. */
function CoOccurrence({
  statistics,
  onShow,
}: {
  statistics: ReadingStatistics;
  onShow: StatisticsViewProps['onShowPassages'];
}): ReactNode {
  const ids = statistics.cooccurrence.tagIds.slice(0, MATRIX_TAGS);
  if (ids.length < 2)
    return <p className="quiet-message">Tag passages with two or more tags to see which go together.</p>;
  const names = new Map(statistics.tags.map((t) => [t.tagId, t.name]));
  const counts = statistics.cooccurrence.counts;
  let max = 0;
  ids.forEach((_, i) => ids.forEach((__, j) => i !== j && (max = Math.max(max, counts[i]?.[j] ?? 0))));
  const cell = 30;
  const labelWidth = 170;
  const top = 120;
  const short = (id: string): string => {
    const name = names.get(id) ?? '';
    return name.length > 22 ? `${name.slice(0, 21)}…` : name;
  };
  return (
    <svg
      className="chart"
      width={labelWidth + ids.length * cell + 10}
      height={top + ids.length * cell + 10}
      role="group"
      aria-label="Tags applied to the same passages"
    >
      {ids.map((id, j) => (
        <text
          key={id}
          className="chart-label"
          transform={`translate(${labelWidth + j * cell + cell / 2}, ${top - 8}) rotate(-50)`}
        >
          {short(id)}
        </text>
      ))}
      {ids.map((a, i) => (
        <g key={a}>
          <text
            className="chart-label"
            x={labelWidth - 8}
            y={top + i * cell + cell / 2}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {short(a)}
          </text>
          {ids.map((b, j) => {
            const count = counts[i]?.[j] ?? 0;
            const x = labelWidth + j * cell;
            const y = top + i * cell;
            if (i === j)
              return (
                <rect
                  key={b}
                  className="chart-cell-self"
                  x={x + 1}
                  y={y + 1}
                  width={cell - 2}
                  height={cell - 2}
                />
              );
            const label =
              count === 0
                ? `No passage carries both ${names.get(a) ?? ''} and ${names.get(b) ?? ''}.`
                : `${plural(count, 'passage carries', 'passages carry')} both ${names.get(a) ?? ''} and ${names.get(b) ?? ''}. Show them.`;
            const shade = cellShade(count, max);
            const body = (
              <>
                <title>{label}</title>
                <rect
                  className="chart-cell"
                  x={x + 1}
                  y={y + 1}
                  width={cell - 2}
                  height={cell - 2}
                  style={{ fillOpacity: shade }}
                />
                {count > 0 ? (
                  <text
                    className={shade > 0.55 ? 'chart-cell-count chart-cell-count-strong' : 'chart-cell-count'}
                    x={x + cell / 2}
                    y={y + cell / 2}
                    textAnchor="middle"
                    dominantBaseline="middle"
                  >
                    {count}
                  </text>
                ) : null}
              </>
            );
            return count === 0 ? (
              <g key={b} className="chart-empty" aria-label={label}>
                {body}
              </g>
            ) : (
              <g
                key={b}
                {...clickable(
                  label,
                  () => onShow({ tagId: a, alsoTagId: b, includeSubTags: false }),
                  'chart-cell',
                )}
              >
                {body}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

/** Where the annotations fall along each document, one strip each. */
function Density({
  statistics,
  onOpen,
}: {
  statistics: ReadingStatistics;
  onOpen: StatisticsViewProps['onOpen'];
}): ReactNode {
  const rows = statistics.density.filter((row) => row.annotations > 0);
  if (rows.length === 0) return <p className="quiet-message">No document has annotations yet.</p>;
  const width = 420;
  const height = 28;
  return (
    <table className="density-table">
      <tbody>
        {rows.map((row) => {
          const max = Math.max(1, ...row.bins);
          const bin = width / row.bins.length;
          return (
            <tr key={row.documentId}>
              <th scope="row" title={row.title}>
                {row.title}
                <span className="density-count">{plural(row.annotations, 'annotation', 'annotations')}</span>
              </th>
              <td>
                <svg
                  className="chart density-strip"
                  width={width}
                  height={height}
                  role="group"
                  aria-label={`Annotations along ${row.title}`}
                >
                  <line className="chart-baseline" x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} />
                  {row.bins.map((count, i) => {
                    if (count === 0) return null;
                    const h = Math.max(2, (count / max) * (height - 2));
                    const start = i * row.binSize;
                    const end = Math.min(row.textLength, start + row.binSize);
                    const percent = Math.round((start / Math.max(1, row.textLength)) * 100);
                    const label = `${plural(count, 'annotation', 'annotations')} about ${percent}% into ${row.title}. Open it there.`;
                    return (
                      <g
                        key={i}
                        {...clickable(label, () => onOpen(row.documentId, { start, end }), 'chart-bin')}
                      >
                        <title>{label}</title>
                        <rect className="chart-row-hit" x={i * bin} y={0} width={bin} height={height} />
                        <rect
                          className="chart-bar"
                          x={i * bin + 0.5}
                          y={height - h}
                          width={Math.max(1, bin - 1)}
                          height={h}
                        />
                      </g>
                    );
                  })}
                </svg>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Renders the statistics, open. */
export function StatisticsView({ onClose, onShowPassages, onOpen }: StatisticsViewProps): ReactNode {
  const { api } = useServices();
  const [statistics, setStatistics] = useState<ReadingStatistics | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.readingStatistics({ bins: BINS }).then(
        (found) => {
          if (live) setStatistics(found);
        },
        (thrown: unknown) => {
          if (live)
            setProblem(errorMessage(thrown, 'The statistics could not be made. Close them and try again.'));
        },
      );
    };
    load();
    const stop = api.on('library-changed', (change) => {
      if (change.scope !== 'settings') load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  // Not modal: the find panel opens beside it on the passages behind a chart, and the charts stay.
  const panel = usePanelDialog(onClose);

  return (
    <dialog {...panel} className="statistics" aria-labelledby="statistics-title" data-testid="statistics">
      <header className="statistics-header">
        <h2 id="statistics-title">Reading statistics</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={onClose}
          aria-label="Close the statistics"
          autoFocus
        >
          ✕
        </button>
      </header>
      {problem !== null ? <p role="alert">{problem}</p> : null}
      {statistics === null && problem === null ? (
        <p className="quiet-message" role="status">
          Counting…
        </p>
      ) : null}
      {statistics !== null ? (
        <div className="statistics-body">
          <section aria-labelledby="stat-tags">
            <h3 id="stat-tags">Passages per tag</h3>
            <p className="statistics-hint">
              Counting each tag's sub-tags with it. Choose a bar to list its passages.
            </p>
            <TagBars statistics={statistics} onShow={onShowPassages} />
          </section>
          <section aria-labelledby="stat-pairs">
            <h3 id="stat-pairs">Tags on the same passages</h3>
            <p className="statistics-hint">
              The darker the square, the more passages carry both tags. Choose one to list them.
            </p>
            <CoOccurrence statistics={statistics} onShow={onShowPassages} />
          </section>
          <section aria-labelledby="stat-density" className="statistics-wide">
            <h3 id="stat-density">Where the annotations fall</h3>
            <p className="statistics-hint">
              Each strip runs from the start of a document to its end. Choose a bar to open the document
              there.
            </p>
            <Density statistics={statistics} onOpen={onOpen} />
          </section>
        </div>
      ) : null}
    </dialog>
  );
}
