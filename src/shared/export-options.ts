/**
 * Exporting and sharing: reading lists (collections), what an export is asked to do (format, style,
 * scope, grouping, filters, options), what it reports back, and the report of an annotation import.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats';
import { HighlightColorSchema, IdSchema, TimestampSchema } from './model';

/** A named reading list; a document may be in several. Kept in library.json's `collections`. */
export const CollectionSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  documentIds: z.array(IdSchema),
  createdAt: TimestampSchema,
});
export type Collection = z.infer<typeof CollectionSchema>;

/** A collection's name as the reader types it: trimmed, 1–200 characters, unique ignoring case. */
export const CollectionNameSchema = z
  .string()
  .trim()
  .min(1, 'A collection needs a name.')
  .max(200, 'A collection name is at most 200 characters.');

/** The formats an export writes (the table of them is `export-formats.ts`). */
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);

/** Which documents an export covers. */
export const ExportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('library') }),
  z.object({ kind: z.literal('collection'), collectionId: IdSchema }),
  z.object({ kind: z.literal('documents'), documentIds: z.array(IdSchema).min(1).max(100_000) }),
]);
export type ExportScope = z.infer<typeof ExportScopeSchema>;

/** Which passages an export includes. Every filter given must hold. */
export const ExportFiltersSchema = z.object({
  /** Passages carrying any of these tags or any tag below them. */
  tagIds: z.array(IdSchema).max(10_000).optional(),
  /** Passages of these colours. */
  colors: z.array(HighlightColorSchema).max(8).optional(),
  /** Passages annotated (created) at or after this time. */
  annotatedFrom: TimestampSchema.optional(),
  /** Passages annotated (created) at or before this time. */
  annotatedTo: TimestampSchema.optional(),
});
export type ExportFilters = z.infer<typeof ExportFiltersSchema>;

/**
 * The CSL locales citations can be written in (terms such as "and"/"und", date order, quotation marks),
 * each shipped in `resources/csl/locales/` (en-US too, over citation-js's own copy). The first of a
 * language is its primary dialect, which a style's `default-locale` of that language falls back to.
 */
export const CITATION_LOCALES: readonly { id: string; label: string }[] = [
  { id: 'en-US', label: 'English (United States)' },
  { id: 'en-GB', label: 'English (United Kingdom)' },
  { id: 'de-DE', label: 'Deutsch (Deutschland)' },
  { id: 'fr-FR', label: 'Français (France)' },
  { id: 'es-ES', label: 'Español (España)' },
  { id: 'it-IT', label: 'Italiano (Italia)' },
  { id: 'pt-PT', label: 'Português (Portugal)' },
  { id: 'pt-BR', label: 'Português (Brasil)' },
  { id: 'nl-NL', label: 'Nederlands (Nederland)' },
  { id: 'pl-PL', label: 'Polski (Polska)' },
  { id: 'ru-RU', label: 'Русский (Россия)' },
  { id: 'zh-CN', label: '中文（中国大陆）' },
  { id: 'ja-JP', label: '日本語（日本）' },
];

/** The longest layout template a vault export takes: a note's layout needs far less. */
export const MAX_VAULT_TEMPLATE_CHARS = 20_000;

/** Everything an export is asked to do. Defaults: a Markdown bibliography of the library in APA, by source. */
export const ExportOptionsSchema = z.object({
  format: ExportFormatSchema.default('markdown'),
  /** A citation style id from `listStyles`, e.g. `apa`, `mla`, `chicago-author-date`. */
  style: z.string().min(1).max(200).default('apa'),
  /** The CSL locale, one of {@link CITATION_LOCALES}, e.g. `en-US`, `en-GB`, `de-DE`. */
  locale: z.string().min(2).max(20).default('en-US'),
  /** Markdown only: one section per source, or the codebook as headings. */
  groupBy: z.enum(['source', 'tag']).default('source'),
  scope: ExportScopeSchema.default({ kind: 'library' }),
  filters: ExportFiltersSchema.default({}),
  includeComments: z.boolean().default(true),
  /** Grouped by tag: a last section with the passages that carry no tag. */
  includeUntagged: z.boolean().default(true),
  includeNotes: z.boolean().default(true),
  /**
   * Vault only: the layout of each note as a template with placeholders (`{{title}}`, `{{entry}}`,
   * `{{#passages}}…{{/passages}}`, …; see `shared/vault-template.ts`); Scholia's own layout when
   * not given. A placeholder Scholia does not know makes the export fail, naming it.
   */
  template: z.string().max(MAX_VAULT_TEMPLATE_CHARS).optional(),
});
export type ExportOptions = z.output<typeof ExportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof ExportOptionsSchema>;

/** What an export wrote. */
export interface ExportSummary {
  format: ExportFormat;
  /** The file written, or the folder for a vault. */
  path: string;
  /** Files written (one, except for a vault). */
  files: string[];
  documents: number;
  passages: number;
  bytes: number;
  /** Passages the format could not hold and left out (REFI-QDA: orphaned, or quote moved); absent for none. */
  skipped?: number;
}

/** The beginning of what an export would write, without writing it. */
export interface ExportPreview {
  format: ExportFormat;
  /** The first characters of the output (for a vault: its first file). */
  text: string;
  /** Whether the output goes on beyond `text`. */
  truncated: boolean;
  /** A file name to propose when saving. */
  suggestedName: string;
  documents: number;
  passages: number;
  /** Passages the format could not hold and would leave out (REFI-QDA: orphaned, or quote moved); absent for none. */
  skipped?: number;
}

/** A citation style an export can use. */
export interface CitationStyleInfo {
  id: string;
  title: string;
  /** Shipped with Scholia, or added by the reader to this library. */
  source: 'bundled' | 'library';
}

/** What happened to one annotation of an imported annotation file. */
export interface AnnotationImportOutcome {
  /** The annotation's id in the file (or its position there, e.g. `#3`). */
  id: string;
  /** The beginning of its quote, to recognise it by. */
  quote: string;
  status: 'imported' | 'skipped' | 'failed';
  /**
   * Imported as an orphan: a Scholia export's annotation whose passage an edit had already deleted,
   * kept with its old quote (as in the library it came from) because the text here lacks it too.
   */
  orphaned?: boolean;
  /** The document it was placed in. */
  documentId?: string;
  /** Why it was skipped (already there), could not be placed, or came in as an orphan. */
  reason?: string;
}

/** What happened to one link between passages of an imported annotation file. */
export interface LinkImportOutcome {
  /** The link's id in the file (or its position there, e.g. `#3`). */
  id: string;
  /** Its two passages' quotes, shortened, to recognise it by: `“…” → “…”`. */
  quotes: string;
  status: 'imported' | 'skipped' | 'failed';
  /** Why it was skipped (already there) or left out (a passage not found, the link unreadable). */
  reason?: string;
}

/**
 * Where an annotation file came from: `jsonld` (W3C Web Annotation, as Scholia exports it),
 * `hypothesis`, `kindle` (a Kindle's `My Clippings.txt`) or `taguette-csv` (Taguette's highlights CSV).
 */
export type AnnotationFileFormat = 'jsonld' | 'hypothesis' | 'kindle' | 'taguette-csv';

/** The report of `importAnnotations`: one outcome per annotation in the file, in its order. */
export interface AnnotationImportReport {
  format: AnnotationFileFormat;
  imported: number;
  skipped: number;
  failed: number;
  outcomes: AnnotationImportOutcome[];
  /*
   * What came in beside the annotations. `importAnnotations` always gives them; they are optional so
   * that a report written before they existed (a front end's, a test's) still type-checks.
   */
  /** Tags the import added to the codebook: a Scholia export's codebook and the annotations' tags. */
  tagsCreated?: number;
  /** Documents' notes set from a Scholia export (only where a document had none). */
  notesSet?: number;
  /** Colour meanings set from a Scholia export (only where the reader left the default). */
  colorMeaningsSet?: number;
  /** Links between passages the file brought in (a Scholia export's linking annotations). */
  linksImported?: number;
  /** Links of the file not brought in: already there, unreadable, or a passage not found. */
  linksLeftOut?: number;
  /** One outcome per link of the file, in its order. */
  linkOutcomes?: LinkImportOutcome[];
}
