/** A document's bibliographic metadata: the metadata editor. */
export { MetadataDialog, type MetadataDialogProps } from './MetadataDialog';
