/**
 * The overview ruler beside the scrollbar: a mark wherever the text has an annotation, at its place
 * in the whole text (loaded or not), drawn on one canvas. Clicking a mark goes to that annotation.
 */
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { inTextOrder } from '../../../../../shared/annotation-order';
import type { Annotation, HighlightColor } from '../../../../../shared/model';
import { nearestItem, offsetAtRow, rulerMarks, type RulerItem } from './ruler-marks';

/** Props of {@link OverviewRuler}. */
export interface OverviewRulerProps {
  /** The annotations shown (filtered), in any order. */
  readonly annotations: readonly Annotation[];
  /** The length of the text's plain-text projection. */
  readonly textLength: number;
  readonly onGo: (id: string) => void;
}

/** Reads the highlight colours from the page's styles, so the ruler follows light and dark themes. */
function themeColors(element: Element): Record<HighlightColor, string> {
  const style = getComputedStyle(element);
  const read = (color: HighlightColor): string => style.getPropertyValue(`--ruler-${color}`).trim() || 'grey';
  return {
    yellow: read('yellow'),
    green: read('green'),
    blue: read('blue'),
    pink: read('pink'),
    purple: read('purple'),
    orange: read('orange'),
    red: read('red'),
    grey: read('grey'),
  };
}

/** Renders the ruler. */
export function OverviewRuler({ annotations, textLength, onGo }: OverviewRulerProps): ReactNode {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const items = useMemo<RulerItem[]>(
    () =>
      inTextOrder(annotations.filter((a) => a.orphanedAt === undefined)).map((a) => ({
        id: a.id,
        color: a.color,
        start: a.selectors[1].start,
        end: a.selectors[1].end,
      })),
    [annotations],
  );

  useEffect(() => {
    const element = canvas.current;
    if (element === null) return;
    const draw = (): void => {
      const { clientWidth: width, clientHeight: height } = element;
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      const context = element.getContext('2d');
      if (context === null) return;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      const colors = themeColors(element);
      for (const mark of rulerMarks(items, textLength, height)) {
        context.fillStyle = colors[mark.color];
        context.fillRect(1, mark.top, width - 2, mark.bottom - mark.top);
      }
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', draw);
    };
  }, [items, textLength]);

  return (
    <canvas
      ref={canvas}
      className="overview-ruler"
      data-testid="overview-ruler"
      aria-label={`Overview: ${items.length} ${items.length === 1 ? 'annotation' : 'annotations'} in the text. Click to go to one; ] and [ step through them.`}
      title="Where the annotations are: click to go there"
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        const offset = offsetAtRow(event.clientY - rect.top, textLength, rect.height);
        const found = nearestItem(items, offset);
        if (found !== null) onGo(found.id);
      }}
    />
  );
}
