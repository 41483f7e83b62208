/**
 * What each of the eight highlight colours means ("Key claim", "Evidence"…), edited in place: a
 * meaning is saved when its field is left, and the change can be undone.
 */
import { useState, type ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../../shared/model';
import { useServices } from '../../app/services/use-services';
import { useWatchedStore } from '../../ui/use-store';
import { errorMessage } from '../../ui/error-message';

/** Renders the colour meanings as a collapsible section. */
export function ColourMeanings(): ReactNode {
  const { settings, undo, notices } = useServices();
  const { status, colorLabels, error } = useWatchedStore(settings);
  const labels = status === 'ready' ? colorLabels : null;
  const [drafts, setDrafts] = useState<Partial<Record<HighlightColor, string>>>({});

  const save = (color: HighlightColor): void => {
    const draft = drafts[color];
    const before = labels?.[color];
    setDrafts(({ [color]: _, ...rest }) => rest);
    if (draft === undefined || before === undefined || draft.trim() === before) return;
    const set = (label: string): Promise<void> => settings.change({ colorLabels: { [color]: label } });
    set(draft).then(
      () =>
        undo.record({
          label: 'Change colour meaning',
          undo: () => set(before),
          redo: () => set(draft),
        }),
      (thrown: unknown) =>
        notices.show('error', errorMessage(thrown, 'The colour meaning could not be saved.')),
    );
  };

  return (
    <details className="colour-meanings" data-testid="colour-meanings">
      <summary>Colour meanings</summary>
      <p className="colour-meanings-hint">
        What each highlight colour stands for; the reader shows it with the colour.
      </p>
      {status === 'failed' ? <p role="alert">{error}</p> : null}
      {labels === null ? null : (
        <ul className="colour-meaning-list">
          {HIGHLIGHT_COLORS.map((color) => (
            <li key={color}>
              <label>
                <span className={`tag-swatch tag-swatch-${color}`} aria-hidden="true" />
                <span className="colour-name">{color}</span>
                <input
                  className="text-field"
                  value={drafts[color] ?? labels[color]}
                  maxLength={100}
                  placeholder="No stated meaning"
                  data-testid={`colour-meaning-${color}`}
                  onChange={(event) => setDrafts((d) => ({ ...d, [color]: event.target.value }))}
                  onBlur={() => save(color)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') save(color);
                  }}
                />
              </label>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
