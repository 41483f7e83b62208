/**
 * What the find features answer: corpus search, annotation search, the concordance (keyword in
 * context), annotating many occurrences at once, reading statistics, and the search index's progress.
 * Offsets are always character offsets into a document's plain-text projection (see `projection.ts`),
 * the same coordinates as annotation selectors, so a result opens at its exact place.
 */
import type { Annotation } from './model';

/** A span of a document's projection. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A passage around one or more matches. */
export interface SearchSnippet {
  /** The passage, with runs of white space shown as one space. */
  text: string;
  /** Where the passage starts in the document. */
  start: number;
  /** Where it ends in the document. */
  end: number;
  /** The matches inside it, as spans of the document (to open or select them). */
  matches: TextSpan[];
  /** The matches as spans of `text`, for showing them. */
  highlights: TextSpan[];
}

/** A document the corpus search found. */
export interface CorpusSearchDocument {
  documentId: string;
  title: string;
  score: number;
  /** How many places in the text match. */
  matchCount: number;
  /** Metadata fields that match. */
  metaFields: ('title' | 'authors' | 'container')[];
  /** The best passages, in text order. */
  snippets: SearchSnippet[];
}

/** The answer to `searchCorpus`. */
export interface CorpusSearchResult {
  documents: CorpusSearchDocument[];
  /** How many documents match (more than `documents` when cut at the limit). */
  totalDocuments: number;
  /** Part of the query was ignored, or the search stopped at its time limit. */
  truncated: boolean;
}

/** An annotation the annotation search found. */
export interface AnnotationSearchHit {
  annotation: Annotation;
  documentTitle: string;
  /** Where the query matched (empty when only filters were given). */
  matchedIn: ('quote' | 'comment' | 'tag')[];
}

/** The answer to `searchAnnotations`. */
export interface AnnotationSearchResult {
  hits: AnnotationSearchHit[];
  total: number;
  truncated: boolean;
}

/** One line of a concordance: an occurrence with its context, aligned on the keyword. */
export interface KwicLine {
  documentId: string;
  /** The occurrence's span in the document. */
  start: number;
  end: number;
  /** Exactly `width` characters before the keyword (padded with spaces on the left). */
  left: string;
  keyword: string;
  /** Exactly `width` characters after it (padded on the right). */
  right: string;
}

/** The answer to `concordance`. */
export interface ConcordanceResult {
  lines: KwicLine[];
  /** All occurrences, before the limit. */
  total: number;
  /** Occurrences per document, most first. */
  perDocument: { documentId: string; title: string; count: number }[];
  width: number;
  truncated: boolean;
}

/** What `annotateOccurrences` did. */
export interface AnnotateOccurrencesReport {
  /** New highlights made. */
  created: number;
  /** Existing annotations on exactly that passage that were given the colour or tags instead. */
  updated: number;
  /** Per document touched. */
  documents: { documentId: string; created: number; updated: number }[];
  /** Every annotation made or changed, as saved. */
  annotations: Annotation[];
}

/** A tag's place in the reading statistics. */
export interface TagStatistic {
  tagId: string;
  name: string;
  /** The tag's names from the top of the codebook, e.g. `Economy › Crisis`. */
  path: string;
  color: string | null;
  /** Passages that carry the tag itself. */
  passages: number;
  /** Passages that carry it or any tag below it. */
  passagesWithSubTags: number;
  /** Documents with at least one such passage. */
  documents: number;
}

/** Annotation density along one document. */
export interface DensityRow {
  documentId: string;
  title: string;
  textLength: number;
  /** Characters per bin. */
  binSize: number;
  /** Annotations overlapping each bin, from the start of the text to its end. */
  bins: number[];
  annotations: number;
}

/** The answer to `readingStatistics`: data for charts. */
export interface ReadingStatistics {
  tags: TagStatistic[];
  /** `counts[i][j]`: passages carrying both `tagIds[i]` and `tagIds[j]` (the diagonal: passages with `tagIds[i]`). */
  cooccurrence: { tagIds: string[]; counts: number[][] };
  density: DensityRow[];
}

/** Progress of loading or building the search index. */
export interface SearchIndexProgress {
  phase: 'loading' | 'indexing' | 'ready';
  /** Documents done, of `total`. */
  done: number;
  total: number;
  /** Why the index is being built: none on disk, made by another version, damaged, or documents changed. */
  reason?: 'missing' | 'outdated' | 'corrupt' | 'changed';
}
