/**
 * The items of the conformance suite: `items.json`, CSL-JSON as reference managers export it (volumes
 * as strings: a numeric `volume` makes citeproc-js throw while sorting in APA and Chicago), which
 * pandoc reads as it is. 68 items: books with editors, translators (one person both), series and
 * editions; edited books; chapters in edited books; journal articles with DOI, volume, issue and
 * pages; newspaper and magazine articles, one reviewing a book; web pages and a blog post with access
 * dates; an encyclopedia entry; reports by organisations; theses; conference papers (one only
 * presented, with a date range); a preprint; a manuscript dated circa 1000. Authors: 1, 2, 3, 5, 8
 * (one an organisation) and 21; Cyrillic, Chinese, Japanese and Arabic names; particles (van der, de la,
 * d’, van, a particle written into the family name); Jr.; organisations (one with a comma in its
 * name). Dates: full, year and month, year only, seasons (as `season`, as month 23, as raw text), none,
 * ranges of years and of days. Titles with italics inside (flip-flop), quotation marks inside, a
 * nocase word, a French “ ?”, and CommonMark's special characters (`*stars*`, `[brackets]`, `_`, `&`).
 * Same author and year: Doyle 2009a/b and Said 1978a/b; same family name and year: Smith J. and A. 2010.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CslItem } from '../../src/shared/model';

/** The CSL-JSON file of the items. */
export const ITEMS_PATH = join(__dirname, 'items.json');

/** The items of {@link ITEMS_PATH}. */
export const ITEMS: readonly CslItem[] = JSON.parse(readFileSync(ITEMS_PATH, 'utf8')) as CslItem[];
