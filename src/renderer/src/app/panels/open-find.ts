/**
 * Opening the find features: the find panel (search the library, the concordance, and the passages
 * behind a tag or a chart), the command palette, and the reading statistics.
 */
import type { FindRequest } from './find-services';
import type { ObservableStore } from '../../ui/observable-store';
import type { Action } from '../actions/action';

/** The action that opens the find panel at its search (Ctrl/⌘+Shift+F, or `/`). */
export function openFindAction(requests: ObservableStore<FindRequest | null>): Action {
  return {
    name: 'open-find',
    label: 'Find in the library',
    shortcuts: [{ key: 'f', mod: true, shift: true }, { key: '/' }],
    isEnabled: () => requests.getSnapshot() === null,
    perform: () => requests.set({ tab: 'search' }),
  };
}

/** The action that opens the command palette (Ctrl/⌘+K). */
export function openPaletteAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-palette',
    label: 'Go to a document, tag or action',
    shortcuts: [{ key: 'k', mod: true, shift: false }],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}

/** The action that shows the reading statistics (key G, for graphs). */
export function openStatisticsAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-statistics',
    label: 'Reading statistics',
    shortcuts: [{ key: 'g' }],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}
