/** Holding on to a value while something lasts: the last value seen before `hold` became true. */
import { useState } from 'react';

/**
 * `value`, except while `hold` is true, when it is the value as it was just before. Used for the
 * views beside the text while the text is being edited: they need not follow every keystroke.
 */
export function useHeldWhile<T>(value: T, hold: boolean): T {
  const [held, setHeld] = useState(value);
  // Adjusting state while rendering, as React recommends for following a prop.
  if (!hold && held !== value) setHeld(value);
  return hold ? held : value;
}
