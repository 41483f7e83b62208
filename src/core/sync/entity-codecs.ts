/**
 * How each kind of library entity is split into fields for the change logs, and put back together.
 *
 * A field is the unit two computers can change independently without one losing the other's change:
 * a document's note and its title are separate fields, and so is each CSL field; membership in a set
 * (a tag on an annotation, a document in a reading list) is one field per member (`tag.<id>`,
 * `doc.<id>`, whose value is its place in the list when it was written), so two devices adding different
 * tags to one passage both keep theirs. Members are listed by that place. Everything else is a whole value (an author list, selectors).
 *
 * Entity keys: `doc:<id>` (a document's metadata), `tag:<id>`, `col:<id>` (a reading list),
 * `link:<id>` (a link between passages), `rel:<id>` (a relation links use), `settings` (one field per
 * setting) in the library log; the annotation's id in a document's annotation log.
 */
import { CollectionSchema, type Collection } from '../../shared/export-options';
import {
  LinkRelationSchema,
  PassageLinkSchema,
  type LinkRelation,
  type PassageLink,
} from '../../shared/links';
import {
  AnnotationSchema,
  DocumentMetaSchema,
  TagSchema,
  type Annotation,
  type ChangeAuthor,
  type DocumentMeta,
  type Tag,
} from '../../shared/model';
import {
  stableJson,
  type EntityView,
  type FieldWrite,
  type LogEntry,
  type Replica,
  type Frontier,
} from './replica';

/** A change to one entity before it is stamped. */
export type EntityChange = Omit<LogEntry, 'h' | 'd' | 'by'>;

/** Fields that are worked out from the log, never stored as fields. */
const ANNOTATION_DERIVED = new Set(['createdBy', 'modifiedBy']);

/** The entity key of a document's metadata. */
export const documentKey = (id: string): string => `doc:${id}`;
/** The entity key of a tag. */
export const tagKey = (id: string): string => `tag:${id}`;
/** The entity key of a reading list. */
export const collectionKey = (id: string): string => `col:${id}`;
/** The entity key of a link between passages. */
export const linkKey = (id: string): string => `link:${id}`;
/** The entity key of a relation links use. */
export const relationKey = (id: string): string => `rel:${id}`;
/** The entity key of the settings. */
export const SETTINGS_KEY = 'settings';

/** The prefix of the fields that record a document's text revisions (`rev.<revision id>`). */
export const REVISION_FIELD_PREFIX = 'rev.';

/** A document's metadata as fields. */
export function encodeDocument(
  meta: DocumentMeta,
  revisions: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...revisions };
  // A spread may leave a key holding undefined, which is no value to store.
  for (const [key, value] of Object.entries(meta as Record<string, unknown>)) {
    if (key === 'id' || key === 'csl' || value === undefined) continue;
    fields[key] = value;
  }
  for (const [key, value] of Object.entries(meta.csl)) if (value !== undefined) fields[`csl.${key}`] = value;
  return fields;
}

/** A document's metadata from its fields (revision fields left out), or the reason it is invalid. */
export function decodeDocument(id: string, view: EntityView): DocumentMeta | string {
  const meta: Record<string, unknown> = { id };
  const csl: Record<string, unknown> = {};
  for (const [field, write] of view.fields) {
    if (field.startsWith(REVISION_FIELD_PREFIX)) continue;
    if (field.startsWith('csl.')) csl[field.slice(4)] = write.value;
    else meta[field] = write.value;
  }
  meta['csl'] = csl;
  return validated(DocumentMetaSchema.safeParse(meta));
}

/** A tag as fields. */
export function encodeTag(tag: Tag): Record<string, unknown> {
  const { id: _id, ...fields } = tag;
  return fields;
}

/** A tag from its fields. */
export function decodeTag(id: string, view: EntityView): Tag | string {
  return validated(TagSchema.safeParse({ id, ...plainFields(view) }));
}

/** A reading list as fields. */
export function encodeCollection(collection: Collection): Record<string, unknown> {
  const { id: _id, documentIds, ...rest } = collection;
  const fields: Record<string, unknown> = { ...rest };
  for (const [index, documentId] of documentIds.entries()) fields[`doc.${documentId}`] = index;
  return fields;
}

/** A reading list from its fields. */
export function decodeCollection(id: string, view: EntityView): Collection | string {
  const { plain, members } = splitMembers(view, 'doc.');
  return validated(CollectionSchema.safeParse({ id, ...plain, documentIds: members }));
}

/** A link as fields: each end and its relation are whole values, its comment its own field. */
export function encodeLink(link: PassageLink): Record<string, unknown> {
  const { id: _id, ...fields } = link;
  return fields;
}

/** A link from its fields. */
export function decodeLink(id: string, view: EntityView): PassageLink | string {
  return validated(PassageLinkSchema.safeParse({ id, ...plainFields(view) }));
}

/** A relation as fields. */
export function encodeRelation(relation: LinkRelation): Record<string, unknown> {
  const { id: _id, ...fields } = relation;
  return fields;
}

/** A relation from its fields. */
export function decodeRelation(id: string, view: EntityView): LinkRelation | string {
  return validated(LinkRelationSchema.safeParse({ id, ...plainFields(view) }));
}

/** An annotation as fields (who made it is worked out from the log, so it is not a field). */
export function encodeAnnotation(annotation: Annotation): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(annotation as Record<string, unknown>)) {
    if (key === 'id' || key === 'tagIds' || value === undefined || ANNOTATION_DERIVED.has(key)) continue;
    fields[key] = value;
  }
  for (const [index, tagId] of annotation.tagIds.entries()) fields[`tag.${tagId}`] = index;
  return fields;
}

/** An annotation from its fields, with who made it and who changed it last worked out from its changes. */
export function decodeAnnotation(id: string, view: EntityView): Annotation | string {
  const { plain, members } = splitMembers(view, 'tag.');
  return validated(AnnotationSchema.safeParse({ id, ...plain, tagIds: members, ...authorsOf(view) }));
}

/** Who made an entity and who changed it last, on which computers, from its changes. */
export function authorsOf(view: EntityView): { createdBy: ChangeAuthor; modifiedBy: ChangeAuthor } {
  const author = (origin: EntityView['created']): ChangeAuthor => ({
    deviceId: origin.d,
    ...(origin.by === undefined ? {} : { reader: origin.by }),
  });
  return { createdBy: author(view.created), modifiedBy: author(view.modified) };
}

/**
 * The change that turns entity `key` from what `replica` holds into `next` (its fields), or `null` when
 * nothing differs. `next` null deletes it, recording what was seen of it and of `related`.
 */
export function changeTo(
  replica: Replica,
  key: string,
  next: Readonly<Record<string, unknown>> | null,
  options: { related?: Frontier; keep?: (field: string) => boolean } = {},
): EntityChange | null {
  const current = replica.view(key, options.related);
  if (next === null) {
    if (current === null) return null;
    const change: EntityChange = { k: key, x: Object.fromEntries(replica.frontierOf(key)) };
    if (options.related !== undefined) change.xr = Object.fromEntries(options.related);
    return change;
  }
  const s: Record<string, unknown> = {};
  const u: string[] = [];
  for (const [field, value] of Object.entries(next)) {
    const write = current?.fields.get(field);
    if (write === undefined || stableJson(write.value) !== stableJson(value)) s[field] = value;
  }
  for (const field of current?.fields.keys() ?? []) {
    if (!(field in next) && options.keep?.(field) !== true) u.push(field);
  }
  if (Object.keys(s).length === 0 && u.length === 0) return null;
  const change: EntityChange = { k: key };
  if (Object.keys(s).length > 0) change.s = s;
  if (u.length > 0) change.u = u;
  return change;
}

function plainFields(view: EntityView): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, write] of view.fields) fields[field] = write.value;
  return fields;
}

/** The fields of `view` apart from the set members under `prefix`, and those members in the order added. */
function splitMembers(
  view: EntityView,
  prefix: string,
): { plain: Record<string, unknown>; members: string[] } {
  const plain: Record<string, unknown> = {};
  const members: Array<[string, FieldWrite]> = [];
  for (const [field, write] of view.fields) {
    if (field.startsWith(prefix)) {
      if (typeof write.value === 'number') members.push([field.slice(prefix.length), write]);
    } else plain[field] = write.value;
  }
  // By the place each member had in the list when it was written; members two devices put at the same
  // place come in the order they were written.
  const position = (write: FieldWrite): number => (typeof write.value === 'number' ? write.value : 0);
  members.sort(([a, wa], [b, wb]) =>
    position(wa) !== position(wb)
      ? position(wa) - position(wb)
      : wa.h !== wb.h
        ? wa.h < wb.h
          ? -1
          : 1
        : a < b
          ? -1
          : a > b
            ? 1
            : 0,
  );
  return { plain, members: members.map(([member]) => member) };
}

function validated<T>(
  result:
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } },
): T | string {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  return issue === undefined
    ? 'it is invalid'
    : `${issue.path.map(String).join('.') || 'it'}: ${issue.message}`;
}
