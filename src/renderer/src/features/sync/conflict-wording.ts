/** How the reader is told about two computers' edits of a text. */
import type { TextConflicts } from '../../../../shared/sync';

/**
 * Whose edits differ, for a sentence: "Ana’s and Ben’s edits", "two edits by Ana", "Ana’s edit and
 * another", or `null` when neither computer named its reader.
 */
export function editorsPhrase(editors: TextConflicts['editors']): string | null {
  const { a, b } = editors;
  if (a !== null && b !== null) return a === b ? `two edits by ${a}` : `${a}’s and ${b}’s edits`;
  const one = a ?? b;
  return one === null ? null : `${one}’s edit and another`;
}
