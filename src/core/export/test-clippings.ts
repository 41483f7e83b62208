/**
 * A Kindle's `My Clippings.txt` as a Kindle writes it (a BOM, CRLF line ends, `==========` after each
 * entry), on the two fixture articles (`tests/fixtures`) as if read on a Kindle under these titles.
 * Used only by `*.test.ts` files.
 */

/** The USSR article's title on the Kindle, with its author in parentheses. */
export const USSR_BOOK = 'USSR 1989: The collapse of Stalinism (Doyle, Clare)';

/** The review's title on the Kindle: parentheses of its own, then its author's. */
export const REVIEW_BOOK = 'The Collapse of Stalinism (Mentmore Press edition) (Taaffe, Peter)';

/** A highlight of the USSR article, its apostrophe typographic where the article's is straight. */
export const POLAND =
  'Strikes by Poland’s workers, which had given birth to Solidarnosc as a defiant independent trade union';

/** The words right after {@link POLAND}: a highlight of its own at an overlapping location. */
export const TERRIFIED = 'had terrified the ruling bureaucracy of the Soviet Union';

/** The review's sentence as first highlighted, then as the reader extended it. */
export const ESSENTIAL_FIRST = 'It is essential reading for anyone who wants to understand';
export const ESSENTIAL =
  'It is essential reading for anyone who wants to understand why the dictatorial, bureaucratic Stalinist regimes of Russia, Central and Eastern Europe foundered';

/** A highlight in an older Kindle's format, of a sentence of the USSR article. */
export const OXYGEN =
  "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";

/** One entry: its title line, its kind line and its text. */
function entry(book: string, kind: string, text: string): string {
  return [book, kind, '', text, '=========='].join('\r\n');
}

/** The clippings: highlights, a note on one, a highlight next to it, a bookmark, an edited highlight, a lone note, an old entry, a German one. */
export const CLIPPINGS =
  '\uFEFF' +
  [
    entry(
      USSR_BOOK,
      '- Your Highlight on page 2 | Location 31-33 | Added on Monday, 3 March 2025 10:12:33',
      POLAND,
    ),
    entry(
      USSR_BOOK,
      '- Your Note on page 2 | Location 33 | Added on Monday, 3 March 2025 10:13:05',
      'Solidarnosc frightened Moscow.',
    ),
    entry(
      USSR_BOOK,
      '- Your Highlight on page 2 | Location 33-34 | Added on Monday, 3 March 2025 10:14:00',
      TERRIFIED,
    ),
    entry(USSR_BOOK, '- Your Bookmark on page 3 | Location 40 | Added on Monday, 3 March 2025 10:20:00', ''),
    entry(
      REVIEW_BOOK,
      '- Your Highlight on Location 5-6 | Added on Tuesday, 4 March 2025 08:00:00',
      ESSENTIAL_FIRST,
    ),
    entry(
      REVIEW_BOOK,
      '- Your Highlight on Location 5-7 | Added on Tuesday, 4 March 2025 08:00:41',
      ESSENTIAL,
    ),
    entry(
      REVIEW_BOOK,
      '- Your Highlight on Location 12-12 | Added on Tuesday, 4 March 2025 08:02:10',
      'Eastern Europe',
    ),
    entry(
      REVIEW_BOOK,
      '- Your Note on Location 900 | Added on Tuesday, 4 March 2025 09:30:00',
      'Compare with Trotsky.',
    ),
    entry(USSR_BOOK, '- Highlight Loc. 230-31 | Added on Monday, March 3, 2012, 10:12 PM', OXYGEN),
    entry(
      USSR_BOOK,
      '- Ihre Markierung bei Position 250-251 | Hinzugefügt am Montag, 3. März 2025 10:12:33',
      'planned economy',
    ),
  ].join('\r\n') +
  '\r\n';
