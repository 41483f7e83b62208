/** Finding across the library: the find panel, the command palette and the reading statistics. */
export { CommandPalette } from './CommandPalette';
export { FindPanel } from './FindPanel';
export { StatisticsView } from './StatisticsView';
export { usePaletteKey } from './use-palette-key';
