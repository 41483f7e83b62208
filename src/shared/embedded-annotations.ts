/**
 * What became of the annotations a file carried of its own (a PDF's highlights and notes), in words:
 * one sentence that core's import progress and the app's import report both show.
 */

/**
 * "12 highlights and notes from the file, 1 could not be placed on the text (…)." for `brought`
 * annotations saved and `lost` not placed; null for a file that carried none.
 */
export function embeddedAnnotationsInWords(brought: number, lost: number): string | null {
  if (brought === 0 && lost === 0) return null;
  const parts = [
    `${brought.toLocaleString('en')} ${brought === 1 ? 'highlight or note' : 'highlights and notes'} from the file`,
  ];
  if (lost > 0)
    parts.push(
      `${lost.toLocaleString('en')} could not be placed on the text (malformed, or on a page without text)`,
    );
  return `${parts.join(', ')}.`;
}
