/**
 * The margin of the open text: its annotations as cards. Where the window is wide enough, each card
 * sits beside its passage (only the cards near the viewport are drawn, so a text with thousands of
 * annotations scrolls as lightly as one with a few); otherwise, or when the reader asks, they form a
 * list that draws only the rows in view. The filter bar narrows both.
 */
import type { EditorView } from 'prosemirror-view';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { Annotation, TagSummary } from '../../../../../shared/model';
import { useStore } from '../../../ui/use-store';
import { useDevices } from '../../sync';
import { blockStart } from '../editor/drawing-window';
import { visibleBlocks } from '../editor/follow-viewport';
import { alignCards, rangeWithin, type PlacedCard } from './align-cards';
import { filterAnnotations, sortAnnotations } from './margin-filter';
import type { MarginSnapshot, MarginStore } from './margin-store';
import type { PassagePlace } from './passage-places';
import { AnnotationCard, type CardHandlers } from './AnnotationCard';
import { MarginFilters } from './MarginFilters';
import type { PassageLinkItem } from '../links/link-store';
import type { LinkRelation } from '../../../../../shared/links';

/** Props of {@link Margin}. */
export interface MarginProps {
  readonly view: EditorView | null;
  /** The annotations in text order. */
  readonly annotations: readonly Annotation[];
  readonly places: ReadonlyMap<string, PassagePlace>;
  readonly margin: MarginStore;
  readonly snapshot: MarginSnapshot;
  /** Whether cards can sit beside their passages (the window is wide enough). */
  readonly canAlign: boolean;
  readonly handlers: CardHandlers;
  /** Each passage's links (passages without any are left out). */
  readonly links?: ReadonlyMap<string, readonly PassageLinkItem[]>;
  /** Every relation links may use (the filter offers those the document's links use). */
  readonly relations?: readonly LinkRelation[];
}

/** The height a card is taken to have before it has been measured. */
const DEFAULT_CARD_HEIGHT = 72;
/** Space between cards. */
const CARD_GAP = 8;
/** Blocks beyond the visible ones whose cards are drawn, above and below. */
const EXTRA_BLOCKS = 2;
/**
 * At most this many cards are drawn beside the text at once: where passages are annotated more
 * densely than cards can be stacked, the rest come into view as the reader scrolls (the list shows all).
 */
const MAX_ALIGNED_CARDS = 40;
/** The height of a row of the list. */
export const LIST_ROW_HEIGHT = 104;
/** Rows drawn beyond the visible ones. */
const LIST_OVERSCAN = 6;

/** Whether two layouts place the same cards at the same heights. */
function samePlacement(a: readonly PlacedCard[], b: readonly PlacedCard[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((card, i) => card.id === b[i]?.id && card.top === b[i].top);
}

/** Moves focus to the next or previous card in the margin on arrow keys. */
function onCardListKeyDown(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const current = (event.target as Element).closest('[data-annotation-id]');
  if (current === null || current !== event.target) return;
  const cards = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-annotation-id]'));
  const at = cards.indexOf(current as HTMLElement);
  const next = cards[event.key === 'ArrowDown' ? at + 1 : at - 1];
  if (next !== undefined) {
    event.preventDefault();
    next.focus();
  }
}

/** Renders the margin. */
export function Margin(props: MarginProps): ReactNode {
  const { view, annotations, places, margin, snapshot, canAlign, handlers, links, relations } = props;
  const { filter, sort, tags, colorLabels, activeId, writing } = snapshot;
  const layout = canAlign ? snapshot.layout : 'list';
  const tagsById = useMemo(() => new Map<string, TagSummary>(tags.map((t) => [t.id, t])), [tags]);
  const relationsOf = useCallback(
    (id: string) => (links?.get(id) ?? []).map((item) => item.view.link.relationId),
    [links],
  );
  const filtered = useMemo(
    () => filterAnnotations(annotations, filter, tags, relationsOf),
    [annotations, filter, tags, relationsOf],
  );
  // The relations this text's links use, in the codebook's order.
  const usedRelations = useMemo(() => {
    const used = new Set<string>();
    for (const items of links?.values() ?? []) for (const item of items) used.add(item.view.link.relationId);
    return (relations ?? []).filter((relation) => used.has(relation.id));
  }, [links, relations]);

  const deviceStore = useDevices();
  useEffect(() => deviceStore.watch(), [deviceStore]);
  const { devices } = useStore(deviceStore);
  useEffect(() => {
    const signers = new Set<string>();
    for (const { createdBy, modifiedBy } of annotations) {
      if (createdBy !== undefined) signers.add(createdBy.deviceId);
      if (modifiedBy !== undefined) signers.add(modifiedBy.deviceId);
    }
    deviceStore.know(signers);
  }, [annotations, deviceStore, devices]);

  const cardProps = (annotation: Annotation) => ({
    annotation,
    open: annotation.id === activeId,
    writing: annotation.id === activeId && writing,
    tags,
    tagsById,
    colorLabels,
    devices,
    handlers,
    ...(links?.has(annotation.id) === true ? { links: links.get(annotation.id) } : {}),
  });

  return (
    <aside className={`margin margin-${layout}`} aria-label="Annotations" data-testid="margin">
      <MarginFilters
        filter={filter}
        sort={sort}
        layout={layout}
        canAlign={canAlign}
        tags={tags}
        colorLabels={colorLabels}
        shown={filtered.length}
        total={annotations.length}
        onFilter={(next) => margin.setFilter(next)}
        onSort={(next) => margin.setSort(next)}
        onLayout={(next) => margin.setLayout(next)}
        relations={usedRelations}
      />
      {layout === 'aligned' ? (
        <AlignedCards
          view={view}
          filtered={filtered}
          places={places}
          activeId={activeId}
          cardProps={cardProps}
        />
      ) : (
        <CardList filtered={filtered} sort={sort} activeId={activeId} cardProps={cardProps} />
      )}
    </aside>
  );
}

type CardPropsOf = (annotation: Annotation) => Omit<Parameters<typeof AnnotationCard>[0], 'top'>;

interface AlignedCardsProps {
  readonly view: EditorView | null;
  readonly filtered: readonly Annotation[];
  readonly places: ReadonlyMap<string, PassagePlace>;
  readonly activeId: string | null;
  readonly cardProps: CardPropsOf;
}

/** The cards near the viewport, each beside its passage. */
function AlignedCards({ view, filtered, places, activeId, cardProps }: AlignedCardsProps): ReactNode {
  const layer = useRef<HTMLDivElement | null>(null);
  const heights = useRef(new Map<string, number>());
  const [placed, setPlaced] = useState<readonly PlacedCard[]>([]);
  const [overhang, setOverhang] = useState(0);

  // The filtered annotations that have a place, in text order, with their starting positions.
  const ordered = useMemo(() => {
    const list = filtered
      .map((annotation) => ({ annotation, place: places.get(annotation.id) }))
      .filter((entry): entry is { annotation: Annotation; place: PassagePlace } => entry.place !== undefined)
      .sort((a, b) => a.place.from - b.place.from);
    return { list, starts: list.map((entry) => entry.place.from) };
  }, [filtered, places]);
  const byId = useMemo(() => new Map(ordered.list.map((e) => [e.annotation.id, e.annotation])), [ordered]);

  const layOut = useCallback(() => {
    const element = layer.current;
    if (view === null || element === null || view.isDestroyed) return;
    // Cards drawn already are measured first: a card of another height than assumed moves those below.
    for (const card of element.querySelectorAll<HTMLElement>('[data-annotation-id]'))
      heights.current.set(card.dataset['annotationId'] ?? '', card.offsetHeight);
    const visible = visibleBlocks(view);
    if (visible === null) return;
    const { doc } = view.state;
    const from = blockStart(doc, Math.max(0, visible.first - EXTRA_BLOCKS));
    const to = Math.min(doc.content.size, blockStart(doc, visible.last + EXTRA_BLOCKS));
    const { start, end } = rangeWithin(ordered.starts, from, to);
    const origin = element.getBoundingClientRect().top;
    const screen = window.innerHeight;
    // The filter bar stays at the top of the screen over the cards: a card whose passage is in view
    // beside it (or the open card, wherever its passage is) is drawn just below it, not under it.
    const bar = element.parentElement?.querySelector<HTMLElement>('.margin-filters')?.getBoundingClientRect();
    const belowBar = bar === undefined ? -Infinity : bar.bottom - origin + CARD_GAP;
    const inView = bar === undefined ? -Infinity : bar.top;
    const cards = [];
    const topOf = (i: number): number => {
      const entry = ordered.list[i];
      return entry === undefined || entry.place.to > doc.content.size
        ? Infinity
        : view.coordsAtPos(entry.place.from, 1).top;
    };
    // Passages are in text order, so their tops rise with it: the first one less than half a screen
    // above the window is found by halving, not by measuring every passage above it (a short text
    // dense with highlights has thousands within its blocks).
    let first = start;
    for (let high = end; first < high; ) {
      const mid = (first + high) >> 1;
      if (topOf(mid) < -screen / 2) first = mid + 1;
      else high = mid;
    }
    for (let i = first; i < end && cards.length < MAX_ALIGNED_CARDS; i += 1) {
      const entry = ordered.list[i];
      if (entry === undefined || entry.place.to > doc.content.size) continue;
      const onScreen = view.coordsAtPos(entry.place.from, 1).top;
      // Only passages from half a screen above the window to one below it get a card.
      if (onScreen < -screen / 2) continue;
      if (onScreen > screen * 2) break;
      const { id } = entry.annotation;
      const want =
        onScreen >= inView || id === activeId ? Math.max(onScreen - origin, belowBar) : onScreen - origin;
      cards.push({ id, want, height: heights.current.get(id) ?? DEFAULT_CARD_HEIGHT });
    }
    // The open card is drawn wherever its passage is, so the reader can always write in it.
    const open = activeId === null ? undefined : ordered.list.find((e) => e.annotation.id === activeId);
    if (open !== undefined && open.place.to <= doc.content.size && !cards.some((c) => c.id === activeId)) {
      const want = Math.max(view.coordsAtPos(open.place.from, 1).top - origin, belowBar);
      cards.push({
        id: open.annotation.id,
        want,
        height: heights.current.get(open.annotation.id) ?? DEFAULT_CARD_HEIGHT,
      });
    }
    const next = alignCards(cards, CARD_GAP);
    setPlaced((current) => (samePlacement(current, next) ? current : next));
    // The last cards of a short text may reach below its end: the layer reaches as far, so they are
    // not cut off (the page grows below what is on screen, which moves nothing the reader sees).
    const height = new Map(cards.map((card) => [card.id, card.height]));
    const lowest = next.reduce((bottom, card) => Math.max(bottom, card.top + (height.get(card.id) ?? 0)), 0);
    const overhang = Math.max(0, Math.ceil(lowest + CARD_GAP - (element.parentElement?.clientHeight ?? 0)));
    setOverhang((current) => (current === overhang ? current : overhang));
  }, [view, ordered, activeId]);

  // Laid out a frame after each change (and after each layout, until the measured heights settle),
  // on scroll and resize, and whenever the text's height changes (more of it arrives, fonts load,
  // an edit adds or removes lines).
  const frame = useRef(0);
  const schedule = useCallback(() => {
    if (frame.current === 0)
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        layOut();
      });
  }, [layOut]);

  useLayoutEffect(schedule, [schedule, activeId, placed]);

  useEffect(() => {
    document.addEventListener('scroll', schedule, { capture: true, passive: true });
    window.addEventListener('resize', schedule, { passive: true });
    const text = new ResizeObserver(schedule);
    if (view !== null) text.observe(view.dom);
    return () => {
      document.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
      text.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [schedule, view]);

  return (
    <div
      className="margin-cards"
      ref={layer}
      style={overhang === 0 ? undefined : { bottom: `-${String(overhang)}px` }}
      // A feed is of its cards: with none placed yet, the layer is only where they will go.
      role={placed.length === 0 ? undefined : 'feed'}
      aria-label={placed.length === 0 ? undefined : 'Annotations beside the text'}
      onKeyDown={onCardListKeyDown}
    >
      {placed.map(({ id, top }) => {
        const annotation = byId.get(id);
        return annotation === undefined ? null : (
          <AnnotationCard key={id} {...cardProps(annotation)} top={top} />
        );
      })}
    </div>
  );
}

interface CardListProps {
  readonly filtered: readonly Annotation[];
  readonly sort: 'position' | 'date';
  readonly activeId: string | null;
  readonly cardProps: CardPropsOf;
}

/**
 * All the filtered cards as a list; only the rows in view are drawn. The open card is drawn whole in
 * its own row (the rows below move down by what it is taller than a row), and always drawn, so the
 * reader can keep writing in it while scrolling the list.
 */
function CardList({ filtered, sort, activeId, cardProps }: CardListProps): ReactNode {
  const sorted = useMemo(() => sortAnnotations(filtered, sort), [filtered, sort]);
  const scroller = useRef<HTMLDivElement | null>(null);
  const openRow = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [openHeight, setOpenHeight] = useState(LIST_ROW_HEIGHT);
  const activeIndex = activeId === null ? -1 : sorted.findIndex((a) => a.id === activeId);
  // How much taller than a row the open card is; the rows after it move down by as much.
  const extra = activeIndex < 0 ? 0 : Math.max(0, openHeight - LIST_ROW_HEIGHT);
  const rowTop = (index: number): number =>
    index * LIST_ROW_HEIGHT + (activeIndex >= 0 && index > activeIndex ? extra : 0);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    setHeight(element.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The open card is measured as it grows (tags added, a comment written) and shrinks.
  useLayoutEffect(() => {
    const element = openRow.current;
    if (element === null || activeIndex < 0) return;
    const measure = (): void => setOpenHeight(element.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [activeId, activeIndex]);

  // The row of the card opened from the text is brought into view.
  useEffect(() => {
    const element = scroller.current;
    if (element === null || activeId === null) return;
    const index = sorted.findIndex((a) => a.id === activeId);
    if (index < 0) return;
    const top = index * LIST_ROW_HEIGHT;
    if (top < element.scrollTop || top + LIST_ROW_HEIGHT > element.scrollTop + element.clientHeight)
      element.scrollTop = Math.max(0, top - element.clientHeight / 3);
  }, [activeId, sorted]);

  const first = Math.max(0, Math.floor((scrollTop - extra) / LIST_ROW_HEIGHT) - LIST_OVERSCAN);
  const last = Math.min(sorted.length, Math.ceil((scrollTop + height) / LIST_ROW_HEIGHT) + LIST_OVERSCAN);
  const indices: number[] = [];
  for (let i = first; i < last; i += 1) indices.push(i);
  if (activeIndex >= 0 && (activeIndex < first || activeIndex >= last)) indices.push(activeIndex);

  return (
    <div
      className="margin-list-scroller"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      // A feed is of its cards: with none matching, the list holds only the message saying so.
      role={sorted.length === 0 ? undefined : 'feed'}
      aria-label={sorted.length === 0 ? undefined : 'Annotations'}
      onKeyDown={onCardListKeyDown}
    >
      <div className="margin-list-space" style={{ height: `${sorted.length * LIST_ROW_HEIGHT + extra}px` }}>
        {indices.map((index) => {
          const annotation = sorted[index];
          if (annotation === undefined) return null;
          const open = index === activeIndex;
          return (
            <div
              key={annotation.id}
              ref={open ? openRow : undefined}
              className={open ? 'margin-list-row margin-list-row-open' : 'margin-list-row'}
              style={{ top: `${rowTop(index)}px`, height: open ? undefined : `${LIST_ROW_HEIGHT}px` }}
            >
              {open ? (
                <AnnotationCard {...cardProps(annotation)} />
              ) : (
                <AnnotationCard {...cardProps(annotation)} open={false} writing={false} />
              )}
            </div>
          );
        })}
      </div>
      {sorted.length === 0 ? <p className="margin-empty">No annotations match.</p> : null}
    </div>
  );
}
