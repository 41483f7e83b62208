/** The messages between the service and the citeproc worker thread (`citeproc-worker.ts`). */
import type { CslItem } from '../../shared/model';

/** Format `items` in `style` (whose XML is sent along) and locale `lang`. */
export interface CiteprocRequest {
  id: number;
  items: CslItem[];
  style: string;
  styleXml: string;
  lang: string;
  /** The locale's XML when it is not one citation-js ships, else null. */
  localeXml: string | null;
}

/** The formatted references (maps as entry lists), or why citeproc failed. */
export type CiteprocReply =
  | { id: number; ok: true; order: string[]; entries: [string, string][]; citations: [string, string][] }
  | { id: number; ok: false; message: string };
