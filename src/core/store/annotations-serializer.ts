/**
 * Fast serialisation of an annotations file. Creating one highlight rewrites the document's whole
 * annotations file; with thousands of highlights, `JSON.stringify` of the whole list dominated the
 * time to save. Each annotation's JSON is remembered instead, so a save only stringifies what is new
 * and joins the rest.
 *
 * This relies on annotations never being changed in place: the store replaces an annotation with a
 * new object whenever it changes (its lists are copy-on-write), so a remembered string stays exact.
 */
import type { Annotation } from '../../shared/model';
import type { AnnotationsFile } from './file-schemas';

const annotationJson = new WeakMap<Annotation, string>();

/** The same text as `JSON.stringify(file)` plus a newline, reusing the JSON of annotations seen before. */
export function serializeAnnotationsFile(file: AnnotationsFile): string {
  const parts = file.annotations.map((annotation) => {
    let json = annotationJson.get(annotation);
    if (json === undefined) {
      json = JSON.stringify(annotation);
      annotationJson.set(annotation, json);
    }
    return json;
  });
  return (
    `{"schemaVersion":${JSON.stringify(file.schemaVersion)},"documentId":${JSON.stringify(file.documentId)},` +
    `"annotations":[${parts.join(',')}]}\n`
  );
}
