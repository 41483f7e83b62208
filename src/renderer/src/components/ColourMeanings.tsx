/**
 * What each of the eight highlight colours means ("Key claim", "Evidence"…), edited in place: a
 * meaning is saved when its field is left, and the change can be undone.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type HighlightColor, type Settings } from '../../../shared/model';
import { useServices } from '../hooks/use-services';
import { errorMessage } from '../state/error-message';

/** Renders the colour meanings as a collapsible section. */
export function ColourMeanings(): ReactNode {
  const { api, undo, notices } = useServices();
  const [labels, setLabels] = useState<Settings['colorLabels'] | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<HighlightColor, string>>>({});

  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.getSettings({}).then(
        (settings) => {
          if (live) setLabels(settings.colorLabels);
        },
        (thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'The colour meanings could not be read.')),
      );
    };
    load();
    const stop = api.on('library-changed', (change) => {
      if (change.scope === 'settings') load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, notices]);

  const save = (color: HighlightColor): void => {
    const draft = drafts[color];
    const before = labels?.[color];
    setDrafts(({ [color]: _, ...rest }) => rest);
    if (draft === undefined || before === undefined || draft.trim() === before) return;
    const set = async (label: string): Promise<void> => {
      const settings = await api.updateSettings({ colorLabels: { [color]: label } });
      setLabels(settings.colorLabels);
    };
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
      {labels === null ? null : (
        <ul className="colour-meaning-list">
          {HIGHLIGHT_COLORS.map((color) => (
            <li key={color}>
              <label>
                <span className={`tag-swatch tag-swatch-${color}`} aria-hidden="true" />
                <span className="colour-name">{color}</span>
                <input
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
