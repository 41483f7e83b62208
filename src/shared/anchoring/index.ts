/**
 * Text anchoring: describing a passage of a document's plain-text projection as selectors, and finding
 * that passage again after the text has changed.
 */
export { DEFAULT_CONTEXT_LENGTH, describePoint, describeRange } from './describe';
export { FIRST_WINDOW_RADIUS, matchQuote, type MatchQuoteOptions } from './match-quote';
export {
  FAIR_CONTEXT_SIMILARITY,
  MIN_EDITED_FIT,
  MIN_QUOTE_SIMILARITY,
  STRONG_CONTEXT_SIMILARITY,
  type MatchParts,
  type QuoteContext,
  type QuoteMatch,
} from './score';
export {
  FUZZY_SEARCH_RADIUS,
  anchorAll,
  anchorSelectors,
  type AnchorResult,
  type AnchorStatus,
  type AnchorTarget,
} from './anchor';
export { POINT_CONTEXT_CHECK, anchorPoint } from './anchor-point';
