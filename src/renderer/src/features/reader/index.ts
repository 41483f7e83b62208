/** The reader: a document's text with its highlights, margin, find bar and edit mode. */
export { foldForFind } from './find-in-text/editor/find-matches';
export { ReaderView } from './ReaderView';
export { markOpenStart } from './use-painted-mark';
