/** How the reader shows a quote where there is little room: shortened at a word, with an ellipsis. */

/** How much of a quote a closed card shows. */
export const QUOTE_PREVIEW = 160;

/** `quote` on one line, shortened to `max` characters at a word boundary, with an ellipsis. */
export function shortenQuote(quote: string, max = QUOTE_PREVIEW): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
