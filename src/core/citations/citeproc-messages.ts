/** The messages between the service and the citeproc worker thread (`citeproc-worker.ts`). */
import type { CslItem } from '../../shared/model';
import type { LocatedCite } from './citation-js';
import type { FormattedText } from './csl-markup';

/** Format `items` in `style` (whose XML is sent along) and locale `lang`. */
export interface CiteprocRequest {
  id: number;
  items: CslItem[];
  /** Citations of the items with locators, formatted as well. */
  cites: LocatedCite[];
  style: string;
  styleXml: string;
  lang: string;
  /** The locale's XML as registered here (the worker registers it when it differs), else null. */
  localeXml: string | null;
}

/** The formatted references (maps as entry lists), or why citeproc failed. */
export type CiteprocReply =
  | {
      id: number;
      ok: true;
      order: string[];
      entries: [string, FormattedText][];
      citations: [string, FormattedText][];
      located: [string, FormattedText][];
    }
  | { id: number; ok: false; message: string };
