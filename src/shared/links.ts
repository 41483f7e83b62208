/**
 * Links between passages: a typed relation from one passage (an annotation) to another, in the same
 * document or another one, with an optional comment; and the relations a reader links by, each named
 * for both directions ("quotes" from the quoting passage, "is quoted by" from the quoted one).
 *
 * Scholia ships six relations; the reader renames them, hides them and adds their own in the codebook.
 * A shipped relation the reader never changed is not stored: it is this table. Changing one stores it
 * under its own id, so every computer sharing the library agrees on what a link's relation is called.
 *
 * A link names its two passages by document and annotation. It is kept whatever becomes of them: a
 * passage an edit orphaned keeps its links (shown as orphaned), and a deleted passage's links come back
 * with it when the deletion is undone or another computer had kept it. Links whose passage is gone are
 * simply not listed.
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from './model';

/** A relation's name, as the reader types it. */
export const RelationNameSchema = z
  .string()
  .trim()
  .min(1, 'A relation needs a name for each direction.')
  .max(80, 'A relation name is at most 80 characters.');

/** A relation links are made by, named from each end. */
export const LinkRelationSchema = z.object({
  id: IdSchema,
  /** From the passage the link starts at: "A quotes B". */
  name: RelationNameSchema,
  /** From the passage it ends at: "B is quoted by A"; the same as `name` for a symmetric relation. */
  inverseName: RelationNameSchema,
  /** A shipped relation the reader chose not to offer (links made with it keep it). */
  hidden: z.boolean().optional(),
});
export type LinkRelation = z.infer<typeof LinkRelationSchema>;

/** The relations Scholia ships, in the order they are offered. */
export const DEFAULT_RELATIONS: readonly LinkRelation[] = [
  { id: 'supports', name: 'supports', inverseName: 'is supported by' },
  { id: 'contradicts', name: 'contradicts', inverseName: 'is contradicted by' },
  { id: 'elaborates', name: 'elaborates', inverseName: 'is elaborated by' },
  { id: 'quotes', name: 'quotes', inverseName: 'is quoted by' },
  { id: 'answers', name: 'answers', inverseName: 'is answered by' },
  { id: 'same-claim', name: 'same claim as', inverseName: 'same claim as' },
];

/** One end of a link: a passage of a document. */
export const PassageRefSchema = z.object({ documentId: IdSchema, annotationId: IdSchema });
export type PassageRef = z.infer<typeof PassageRefSchema>;

/** A link's comment: Markdown, as a passage's. */
export const LinkCommentSchema = z.string().max(100_000, 'A link comment is at most 100,000 characters.');

/** A link from one passage to another. */
export const PassageLinkSchema = z.object({
  id: IdSchema,
  from: PassageRefSchema,
  to: PassageRefSchema,
  relationId: IdSchema,
  comment: LinkCommentSchema.optional(),
  createdAt: TimestampSchema,
  modifiedAt: TimestampSchema,
});
export type PassageLink = z.infer<typeof PassageLinkSchema>;

/** One end of a link as the reader is shown it. */
export interface LinkEnd extends PassageRef {
  /** The document's title as shown. */
  title: string;
  /** The passage's quote (empty for a note at a point). */
  quote: string;
  /** Whether an edit of the text deleted the passage's words (it keeps its old quote). */
  orphaned: boolean;
}

/** A link with both its passages, as listed. */
export interface LinkView {
  link: PassageLink;
  from: LinkEnd;
  to: LinkEnd;
}

/**
 * The relations to offer and to name links by: the shipped ones (as the reader changed them, in
 * their order), then the reader's own in the order they were made. `stored` are the relations the
 * library holds (changed shipped ones under their own ids, and the reader's).
 */
export function effectiveRelations(stored: readonly LinkRelation[]): LinkRelation[] {
  const byId = new Map(stored.map((relation) => [relation.id, relation]));
  const shipped = DEFAULT_RELATIONS.map((relation) => byId.get(relation.id) ?? relation);
  const own = stored.filter(
    (relation) => !DEFAULT_RELATIONS.some((shippedOne) => shippedOne.id === relation.id),
  );
  return [...shipped, ...own];
}

/** Whether `id` is one of the relations Scholia ships. */
export function isShippedRelation(id: string): boolean {
  return DEFAULT_RELATIONS.some((relation) => relation.id === id);
}

/** Which way a link is read from a passage: from the end it starts at, or the end it reaches. */
export type LinkDirection = 'outgoing' | 'incoming';

/** How a link reads from one of its passages ("quotes", "is quoted by"); "related to" for an unknown relation. */
export function relationLabel(
  relations: readonly LinkRelation[],
  relationId: string,
  direction: LinkDirection,
): string {
  const relation = relations.find((candidate) => candidate.id === relationId);
  if (relation === undefined) return 'related to';
  return direction === 'outgoing' ? relation.name : relation.inverseName;
}

/** Which way `link` is read from passage `annotationId`, or null when it is not one of its ends. */
export function directionFrom(link: PassageLink, annotationId: string): LinkDirection | null {
  if (link.from.annotationId === annotationId) return 'outgoing';
  if (link.to.annotationId === annotationId) return 'incoming';
  return null;
}
