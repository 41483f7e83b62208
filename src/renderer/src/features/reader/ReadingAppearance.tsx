/**
 * The reader's "Aa" control: the size of the text and the width of the column, remembered in this
 * browser and applied as CSS variables while the reader is open.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useStore } from '../../ui/use-store';
import {
  MAX_FONT_PX,
  MIN_FONT_PX,
  READING_WIDTHS,
  ReadingPrefsStore,
  readingVariables,
  type ReadingWidth,
} from './reading-prefs';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const WIDTH_NAMES: Readonly<Record<ReadingWidth, string>> = {
  narrow: 'Narrow',
  medium: 'Medium',
  wide: 'Wide',
};

/** Renders the button and, when open, its panel; applies the setting to the page. */
export function ReadingAppearance(): ReactNode {
  const [store] = useState(() => new ReadingPrefsStore(localStorageOrNull()));
  const prefs = useStore(store);
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const style = document.documentElement.style;
    for (const [name, value] of Object.entries(readingVariables(prefs))) style.setProperty(name, value);
  }, [prefs]);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  return (
    <div className="reading-appearance" ref={root}>
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        title="Text size and column width"
        data-testid="appearance-button"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">Aa</span>
        <span className="visually-hidden">Text size and column width</span>
      </button>
      {open ? (
        <div
          className="reading-appearance-panel"
          id={`${id}-panel`}
          role="group"
          aria-label="Text size and column width"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            event.stopPropagation();
            setOpen(false);
          }}
        >
          <label htmlFor={`${id}-size`}>Text size</label>
          <div className="reading-size-row">
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label="Smaller text"
              onClick={() => store.change({ fontPx: prefs.fontPx - 1 })}
            >
              <SizeIcon larger={false} />
            </button>
            <input
              id={`${id}-size`}
              type="range"
              min={MIN_FONT_PX}
              max={MAX_FONT_PX}
              step={1}
              value={prefs.fontPx}
              aria-valuetext={`${prefs.fontPx} pixels`}
              data-testid="reading-size"
              onChange={(event) => store.change({ fontPx: Number(event.target.value) })}
            />
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label="Larger text"
              onClick={() => store.change({ fontPx: prefs.fontPx + 1 })}
            >
              <SizeIcon larger />
            </button>
          </div>
          <span id={`${id}-width`}>Column width</span>
          <div className="reading-width-row" role="radiogroup" aria-labelledby={`${id}-width`}>
            {(Object.keys(READING_WIDTHS) as ReadingWidth[]).map((width) => (
              <button
                key={width}
                type="button"
                role="radio"
                aria-checked={prefs.width === width}
                className="button button-quiet button-small"
                onClick={() => store.change({ width })}
              >
                {WIDTH_NAMES[width]}
              </button>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The picture on the size buttons: a letter A with a minus or a plus. Drawn rather than typed, since
 * "A+" in the button's text would be words its name ("Larger text") does not say.
 */
function SizeIcon({ larger }: { larger: boolean }): ReactNode {
  return (
    <svg
      className="reading-size-icon"
      viewBox="0 0 18 16"
      width="18"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M1.5 14 6 2.5 10.5 14M3.2 9.8h5.6" />
      <path d={larger ? 'M12.5 6h5M15 3.5v5' : 'M12.5 6h5'} />
    </svg>
  );
}
