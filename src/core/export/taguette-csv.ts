/**
 * The passages as Taguette's highlight CSV (Taguette's "Export highlights" as CSV, `taguette/export.py`):
 * the columns `id,document,tag,content`, one row per highlight and tag (one row with an empty tag for an
 * untagged highlight), in document order and then text order. A tag is named by its path with `.`
 * between the names, as Taguette names sub-tags (`economy.strikes`); `content` is the quote.
 * Fields are quoted and defused as in Scholia's other CSV (`open-formats.ts`).
 */
import { tagPathNames } from '../../shared/codebook';
import { displayTitle } from '../../shared/model';
import { csvField } from './open-formats';
import { textOrder, type ExportSnapshot } from './snapshot';

/** What stands between a tag's names in a Taguette tag path. */
export const TAGUETTE_PATH_SEPARATOR = '.';

/** Taguette's highlight CSV of the snapshot's passages (orphaned passages last in their document). */
export function taguetteHighlightsCsv(snapshot: ExportSnapshot): string {
  const byId = new Map(snapshot.tags.map((tag) => [tag.id, tag]));
  const lines = ['id,document,tag,content'];
  for (const document of snapshot.documents) {
    const title = displayTitle(document.meta);
    for (const { annotation } of [...document.passages].sort(textOrder)) {
      const paths = annotation.tagIds
        .filter((id) => byId.has(id))
        .map((id) => tagPathNames(byId, id).join(TAGUETTE_PATH_SEPARATOR));
      for (const path of paths.length === 0 ? [''] : paths) {
        lines.push([annotation.id, title, path, annotation.selectors[0].exact].map(csvField).join(','));
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}
