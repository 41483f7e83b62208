/**
 * The settings methods of the service: what each highlight colour means. Settings live in
 * library.json's `settings`; only the labels the reader has set are stored, so a colour the reader
 * never named keeps this build's default meaning.
 */
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import {
  ColorLabelSchema,
  DEFAULT_COLOR_LABELS,
  HIGHLIGHT_COLORS,
  type HighlightColor,
  type Settings,
} from '../../shared/model';
import type { ServiceContext } from './service-context';

type ColorLabels = Partial<Record<HighlightColor, string>>;

/** The settings, with defaults for whatever the reader has not set. */
export function getSettings(context: ServiceContext): Promise<ApiReturns['getSettings']> {
  return Promise.resolve(settingsOf(context.store.settings()));
}

/** Sets the meanings of the colours given (an empty label: no stated meaning); keeps the others. */
export async function updateSettings(
  context: ServiceContext,
  { colorLabels }: ApiParsedArgs<'updateSettings'>,
): Promise<ApiReturns['updateSettings']> {
  const saved = await context.store.updateSettings((current) => ({
    ...current,
    colorLabels: { ...storedLabels(current), ...colorLabels },
  }));
  context.events.emit('library-changed', { scope: 'settings' });
  return settingsOf(saved);
}

function settingsOf(stored: Readonly<Record<string, unknown>>): Settings {
  return { colorLabels: { ...DEFAULT_COLOR_LABELS, ...storedLabels(stored) } };
}

/**
 * The labels the reader has set, as stored. library.json's settings are free-form (a hand-edited file
 * may hold anything there), so whatever is not a valid label of a known colour is ignored.
 */
function storedLabels(stored: Readonly<Record<string, unknown>>): ColorLabels {
  const raw = stored['colorLabels'];
  if (typeof raw !== 'object' || raw === null) return {};
  const labels: ColorLabels = {};
  for (const color of HIGHLIGHT_COLORS) {
    const parsed = ColorLabelSchema.safeParse((raw as Record<string, unknown>)[color]);
    if (parsed.success) labels[color] = parsed.data;
  }
  return labels;
}
