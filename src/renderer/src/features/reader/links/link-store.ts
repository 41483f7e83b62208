/**
 * The links of the open document's passages, and the relations they use: the one owner of them in the
 * reader. Loaded through the API when the reader watches, loaded again when core says links,
 * annotations or documents changed (a quote or a title at the other end changes with them), and changed
 * through the API with an undo entry for each change.
 */
import type { ScholiaApi, Unsubscribe } from '../../../../../shared/api';
import {
  directionFrom,
  relationLabel,
  type LinkDirection,
  type LinkEnd,
  type LinkRelation,
  type LinkView,
  type PassageRef,
} from '../../../../../shared/links';
import { LatestLoad, type LoadStatus } from '../../../ui/latest-load';
import { ObservableStore } from '../../../ui/observable-store';
import { refreshingWatch, type SharedWatch } from '../../../ui/refresh-on-change';
import type { UndoStack } from '../../../app/undo/undo-stack';

/** What the reader shows of the links. */
export interface LinksSnapshot extends LoadStatus {
  /** The links with an end in the document, in the order they were made. */
  readonly links: readonly LinkView[];
  /** Every relation, hidden ones included (a link may use one); offer only those not hidden. */
  readonly relations: readonly LinkRelation[];
}

/** The part of the API the store uses. */
export type LinksApi = Pick<
  ScholiaApi,
  'listLinks' | 'listLinkRelations' | 'createLink' | 'updateLink' | 'deleteLinks' | 'restoreLinks' | 'on'
>;

/** One link as a passage's card lists it: how it reads from there, and the passage at its other end. */
export interface PassageLinkItem {
  readonly view: LinkView;
  readonly direction: LinkDirection;
  /** "quotes", "is quoted by". */
  readonly label: string;
  readonly other: LinkEnd;
}

/** The links of passage `annotationId`, as its card lists them. */
export function linksOfPassage(snapshot: LinksSnapshot, annotationId: string): PassageLinkItem[] {
  const items: PassageLinkItem[] = [];
  for (const view of snapshot.links) {
    const direction = directionFrom(view.link, annotationId);
    if (direction === null) continue;
    items.push({
      view,
      direction,
      label: relationLabel(snapshot.relations, view.link.relationId, direction),
      other: direction === 'outgoing' ? view.to : view.from,
    });
  }
  return items;
}

/** Every passage's links (of the passages with any), as their cards list them. */
export function linksByPassage(snapshot: LinksSnapshot): ReadonlyMap<string, readonly PassageLinkItem[]> {
  const ids = new Set<string>();
  for (const { link } of snapshot.links) {
    ids.add(link.from.annotationId);
    ids.add(link.to.annotationId);
  }
  return new Map([...ids].map((id) => [id, linksOfPassage(snapshot, id)]));
}

/** See the module comment. */
export class LinkStore extends ObservableStore<LinksSnapshot> {
  private readonly loading = new LatestLoad(this, 'The links between passages could not be read.');
  private readonly watching: SharedWatch;

  constructor(
    private readonly api: LinksApi,
    private readonly undo: UndoStack,
    private readonly documentId: string,
  ) {
    super({ status: 'loading', links: [], relations: [], error: null });
    this.watching = refreshingWatch(
      this.api,
      ['links', 'annotations', 'documents'],
      () => void this.refresh(),
    );
  }

  /** Loads the links and relations again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    return this.loading.run(
      async () => {
        const [links, relations] = await Promise.all([
          this.api.listLinks({ documentId: this.documentId }),
          this.api.listLinkRelations({}),
        ]);
        return { links, relations };
      },
      ({ links, relations }) => this.set({ status: 'ready', links, relations, error: null }),
    );
  }

  /** Resolves once the latest load has ended. Never rejects. */
  loaded(): Promise<void> {
    return this.loading.loaded();
  }

  /** Keeps the links current while the reader shows them; returns a function that stops. */
  watch(): Unsubscribe {
    return this.watching.watch();
  }

  /** Links `from` to `to` by `relationId`; Undo deletes the link, Redo puts it back. Rejects with core's error. */
  async link(from: PassageRef, to: PassageRef, relationId: string, comment?: string): Promise<LinkView> {
    const made = await this.api.createLink({
      from,
      to,
      relationId,
      ...(comment === undefined ? {} : { comment }),
    });
    this.put(made);
    this.undo.record({
      label: 'Link passages',
      undo: async () => {
        await this.api.deleteLinks({ linkIds: [made.link.id] });
        await this.refresh();
      },
      redo: async () => {
        await this.api.restoreLinks({ links: [made.link] });
        await this.refresh();
      },
    });
    return made;
  }

  /** Deletes link `linkId`; Undo puts it back. Rejects with core's error. */
  async unlink(linkId: string): Promise<void> {
    const deleted = await this.api.deleteLinks({ linkIds: [linkId] });
    this.update((s) => ({ ...s, links: s.links.filter((view) => view.link.id !== linkId) }));
    this.undo.record({
      label: 'Remove link',
      undo: async () => {
        await this.api.restoreLinks({ links: deleted });
        await this.refresh();
      },
      redo: async () => {
        await this.api.deleteLinks({ linkIds: deleted.map((link) => link.id) });
        await this.refresh();
      },
    });
  }

  private put(view: LinkView): void {
    this.update((s) => ({ ...s, links: [...s.links.filter((item) => item.link.id !== view.link.id), view] }));
  }
}
