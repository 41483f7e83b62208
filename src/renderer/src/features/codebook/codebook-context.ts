/** The codebook as every view reads it: the one tags store. */
import { createContext } from 'react';
import { useProvided } from '../../ui/use-provided';
import type { CodebookStore } from './codebook-store';

/** The context `App` provides the codebook in. */
export const CodebookContext = createContext<CodebookStore | null>(null);

/** The codebook: the tags every view shows, and every change to them; throws when used outside `App`. */
export function useCodebook(): CodebookStore {
  return useProvided(CodebookContext, 'useCodebook');
}
