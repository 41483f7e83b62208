/**
 * The services of the whole app, handed to every component without threading them through props: the
 * API and host it talks through, the action registry, undo, notices, the settings, and which of the
 * app's panels are open. A feature's own data (the library's documents, the codebook, the imports) is
 * provided by that feature (its `use…` hook), so that no feature's store has to be known here.
 */
import { createContext } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import type { ScholiaHost } from '../../../../shared/host';
import type { ObservableStore } from '../../ui/observable-store';
import { useProvided } from '../../ui/use-provided';
import type { Action } from '../actions/action';
import type { ActionRegistry } from '../actions/registry';
import type { NoticeStore } from '../notices/notice-store';
import type { FindServices } from '../panels/find-services';
import type { SettingsStore } from '../settings/settings-store';
import type { UndoStack } from '../undo/undo-stack';

/** Everything views share. */
export interface AppServices {
  readonly api: ScholiaApi;
  readonly host: ScholiaHost;
  readonly notices: NoticeStore;
  readonly actions: ActionRegistry;
  /** Undo and redo of every change the reader makes to annotations, tags and text. */
  readonly undo: UndoStack;
  /** The library's settings (what the highlight colours mean) every view shows, and changes to them. */
  readonly settings: SettingsStore;
  /** Whether the codebook panel is open. */
  readonly codebookOpen: ObservableStore<boolean>;
  /** Opens the codebook panel (key T). */
  readonly openCodebook: Action;
  /** The find panel, the command palette and the reading statistics: what is open, and the actions opening them. */
  readonly find: FindServices;
}

/** The context `App` provides its services in. */
export const ServicesContext = createContext<AppServices | null>(null);

/** The app's services; throws when used outside `App` (a programming error). */
export function useServices(): AppServices {
  return useProvided(ServicesContext, 'useServices');
}
