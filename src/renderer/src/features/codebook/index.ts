/** The codebook: the tags (the one owner of the tag list) and the codebook panel. */
export { CodebookContext, useCodebook } from './codebook-context';
export { CodebookPanel } from './CodebookPanel';
export { CodebookStore } from './codebook-store';
