/** Registering a view's actions while it is shown, and the one global key handler. */
import { useEffect } from 'react';
import type { Action } from './action';
import type { ActionRegistry } from './registry';

/** Registers `actions` while the component is mounted (pass a memoized list). */
export function useActions(registry: ActionRegistry, actions: readonly Action[]): void {
  useEffect(() => registry.register(actions), [registry, actions]);
}

/** Sends every key press in the window to `registry` (which ignores keys typed into fields). */
export function useGlobalKeydown(registry: ActionRegistry): void {
  useEffect(() => {
    const onKeydown = (event: KeyboardEvent): void => {
      registry.handleKeydown(event);
    };
    window.addEventListener('keydown', onKeydown);
    return () => window.removeEventListener('keydown', onKeydown);
  }, [registry]);
}
