/** Reading one of the long-lived objects the app makes once and provides to every view (a store, the services). */
import { useContext, type Context } from 'react';

/** The value `context` provides; throws when no provider is above the component (a programming error). */
export function useProvided<T>(context: Context<T | null>, hook: string): T {
  const value = useContext(context);
  if (value === null) throw new Error(`${hook}() was called outside <App>.`);
  return value;
}
