/**
 * Fast serialisation of annotations. Writing a snapshot of a document's annotations file stringifies
 * thousands of highlights; with `JSON.stringify` of the whole list that dominated the time to save.
 * Each annotation's JSON is remembered instead (the journal's lines prime it), so a snapshot only
 * stringifies what is new and joins the rest.
 *
 * This relies on annotations never being changed in place: the store replaces an annotation with a
 * new object whenever it changes (its lists are copy-on-write), so a remembered string stays exact.
 */
import type { Annotation } from '../../shared/model';
import type { AnnotationsFile } from './file-schemas';

const remembered = new WeakMap<Annotation, string>();

/** `JSON.stringify(annotation)`, computed once per annotation object. */
export function annotationJson(annotation: Annotation): string {
  let json = remembered.get(annotation);
  if (json === undefined) {
    json = JSON.stringify(annotation);
    remembered.set(annotation, json);
  }
  return json;
}

/** The same text as `JSON.stringify(file)` plus a newline, reusing the JSON of annotations seen before. */
export function serializeAnnotationsFile(file: AnnotationsFile): string {
  const parts = file.annotations.map(annotationJson);
  return (
    `{"schemaVersion":${JSON.stringify(file.schemaVersion)},"documentId":${JSON.stringify(file.documentId)},` +
    `"annotations":[${parts.join(',')}]}\n`
  );
}
