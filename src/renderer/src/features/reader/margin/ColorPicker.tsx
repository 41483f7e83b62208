/** The eight highlight colours as a row of swatches, each named with what the reader says it means. */
import type { ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../../../shared/model';

/** Props of {@link ColorPicker}. */
export interface ColorPickerProps {
  readonly value: HighlightColor;
  readonly labels: Readonly<Record<HighlightColor, string>>;
  readonly onPick: (color: HighlightColor) => void;
}

/** What a colour is called in a tooltip: its meaning and its key. */
export function colorName(color: HighlightColor, labels: Readonly<Record<HighlightColor, string>>): string {
  const meaning = labels[color].trim();
  return meaning === '' ? color : `${meaning} (${color})`;
}

/** Renders the swatches as a radio group; keys 1–8 pick them from anywhere in the reader too. */
export function ColorPicker({ value, labels, onPick }: ColorPickerProps): ReactNode {
  return (
    <div className="color-picker" role="radiogroup" aria-label="Colour">
      {HIGHLIGHT_COLORS.map((color, index) => (
        <button
          key={color}
          type="button"
          role="radio"
          aria-checked={color === value}
          className={`swatch swatch-${color}`}
          data-testid={`color-${color}`}
          title={`${colorName(color, labels)}, key ${index + 1}`}
          aria-label={colorName(color, labels)}
          aria-keyshortcuts={String(index + 1)}
          onClick={() => onPick(color)}
        />
      ))}
    </div>
  );
}
