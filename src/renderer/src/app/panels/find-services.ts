/**
 * What the find features share across views: which part of the find panel is open (and on what), and
 * whether the command palette and the reading statistics are open, with the actions that open them.
 */
import type { Action } from '../actions/action';
import { openFindAction, openPaletteAction, openStatisticsAction } from './open-find';
import { ObservableStore } from '../../ui/observable-store';

/** The passages to list: those with a tag (and, for a co-occurrence, a second one), in a document. */
export interface PassageFilter {
  readonly tagId?: string;
  /** Only passages that also carry this tag (a cell of the co-occurrence chart). */
  readonly alsoTagId?: string;
  readonly documentId?: string;
  /** Whether passages carrying a sub-tag of `tagId` count (default true). */
  readonly includeSubTags?: boolean;
}

/** What the find panel shows when it opens. */
export type FindRequest =
  | { readonly tab: 'search' }
  | { readonly tab: 'concordance' }
  | { readonly tab: 'passages'; readonly filter: PassageFilter };

/** The find features' shared state and actions. */
export interface FindServices {
  /** The find panel's request, or null while it is closed. */
  readonly requests: ObservableStore<FindRequest | null>;
  readonly paletteOpen: ObservableStore<boolean>;
  readonly statisticsOpen: ObservableStore<boolean>;
  /** Ctrl/⌘+Shift+F or `/`. */
  readonly openFind: Action;
  /** Ctrl/⌘+K. */
  readonly openPalette: Action;
  /** G. */
  readonly openStatistics: Action;
}

/** Makes the find features' state, all closed. */
export function createFindServices(): FindServices {
  const requests = new ObservableStore<FindRequest | null>(null);
  const paletteOpen = new ObservableStore(false);
  const statisticsOpen = new ObservableStore(false);
  return {
    requests,
    paletteOpen,
    statisticsOpen,
    openFind: openFindAction(requests),
    openPalette: openPaletteAction(paletteOpen),
    openStatistics: openStatisticsAction(statisticsOpen),
  };
}
