/**
 * The relations passages are linked by, in the codebook: each named from both ends ("quotes" /
 * "is quoted by"), renamed in place (saved when a field is left), offered or not when linking, the
 * reader's own ones deleted (refused while links use them), and new ones added. Each change can be
 * undone.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { isShippedRelation, type LinkRelation } from '../../../../shared/links';
import { useServices } from '../../app/services/use-services';
import { errorMessage } from '../../ui/error-message';
import { refreshOnChange } from '../../ui/refresh-on-change';

type Draft = Partial<Record<string, { name?: string; inverseName?: string }>>;

/** Renders the relations as a collapsible section. */
export function LinkRelations(): ReactNode {
  const { api, undo, notices } = useServices();
  const id = useId();
  const [relations, setRelations] = useState<readonly LinkRelation[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Draft>({});
  const [added, setAdded] = useState({ name: '', inverseName: '' });

  useEffect(() => {
    let current = true;
    const load = (): void => {
      api.listLinkRelations({}).then(
        (list) => {
          if (current) setRelations(list);
        },
        (thrown: unknown) => {
          if (current) setFailure(errorMessage(thrown, 'The relations could not be read.'));
        },
      );
    };
    load();
    const stop = refreshOnChange(api, ['links'], load);
    return () => {
      current = false;
      stop();
    };
  }, [api]);

  const show = (thrown: unknown, fallback: string): void => {
    notices.show('error', errorMessage(thrown, fallback));
  };

  /** Saves `next` over `before`, with an undo entry that puts `before` back. */
  const save = (before: LinkRelation, next: LinkRelation): void => {
    const put = (relation: LinkRelation) =>
      api.saveLinkRelation({
        relationId: relation.id,
        name: relation.name,
        inverseName: relation.inverseName,
        ...(relation.hidden === true ? { hidden: true } : {}),
      });
    put(next).then(
      () =>
        undo.record({
          label: 'Change relation',
          undo: () => put(before).then(() => undefined),
          redo: () => put(next).then(() => undefined),
        }),
      (thrown: unknown) => show(thrown, 'The relation could not be saved.'),
    );
  };

  const leave = (relation: LinkRelation): void => {
    const draft = drafts[relation.id];
    setDrafts(({ [relation.id]: _, ...rest }) => rest);
    if (draft === undefined) return;
    const name = (draft.name ?? relation.name).trim();
    const inverseName = (draft.inverseName ?? relation.inverseName).trim();
    if (name === relation.name && inverseName === relation.inverseName) return;
    save(relation, { ...relation, name, inverseName });
  };

  const remove = (relation: LinkRelation): void => {
    api.deleteLinkRelation({ relationId: relation.id }).then(
      () =>
        undo.record({
          label: 'Delete relation',
          undo: async () => {
            await api.saveLinkRelation({ name: relation.name, inverseName: relation.inverseName });
          },
          redo: async () => {
            const again = (await api.listLinkRelations({})).find(
              (candidate) => candidate.name === relation.name,
            );
            if (again !== undefined) await api.deleteLinkRelation({ relationId: again.id });
          },
        }),
      (thrown: unknown) => show(thrown, 'The relation could not be deleted.'),
    );
  };

  const add = (): void => {
    const name = added.name.trim();
    const inverseName = added.inverseName.trim() || name;
    if (name === '') return;
    api.saveLinkRelation({ name, inverseName }).then(
      (made) => {
        setAdded({ name: '', inverseName: '' });
        undo.record({
          label: 'Add relation',
          undo: () => api.deleteLinkRelation({ relationId: made.id }).then(() => undefined),
          redo: () => api.saveLinkRelation({ name, inverseName }).then(() => undefined),
        });
      },
      (thrown: unknown) => show(thrown, 'The relation could not be added.'),
    );
  };

  return (
    <details className="link-relations" data-testid="link-relations">
      <summary>Link relations</summary>
      <p className="colour-meanings-hint">
        How passages are linked (L on a passage): each named as read from the passage the link starts at, and
        from the passage it reaches.
      </p>
      {failure === null ? null : <p role="alert">{failure}</p>}
      {relations === null ? null : (
        <ul className="link-relation-list">
          {relations.map((relation) => {
            const draft = drafts[relation.id] ?? {};
            const edit = (field: 'name' | 'inverseName', value: string): void =>
              setDrafts((all) => ({ ...all, [relation.id]: { ...all[relation.id], [field]: value } }));
            return (
              <li key={relation.id} className="link-relation" data-testid="link-relation-row">
                <input
                  className="text-field"
                  aria-label={`Relation “${relation.name}”, as read from the passage it starts at`}
                  value={draft.name ?? relation.name}
                  maxLength={80}
                  onChange={(event) => edit('name', event.target.value)}
                  onBlur={() => leave(relation)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') leave(relation);
                  }}
                />
                <input
                  className="text-field"
                  aria-label={`Relation “${relation.name}”, as read from the passage it reaches`}
                  value={draft.inverseName ?? relation.inverseName}
                  maxLength={80}
                  onChange={(event) => edit('inverseName', event.target.value)}
                  onBlur={() => leave(relation)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') leave(relation);
                  }}
                />
                <label className="link-relation-offered">
                  <input
                    type="checkbox"
                    checked={relation.hidden !== true}
                    onChange={(event) => {
                      const { hidden: _hidden, ...rest } = relation;
                      save(relation, event.target.checked ? rest : { ...rest, hidden: true });
                    }}
                  />{' '}
                  Offered
                </label>
                {isShippedRelation(relation.id) ? null : (
                  <button
                    type="button"
                    className="button button-quiet button-danger-text"
                    aria-label={`Delete the relation “${relation.name}”`}
                    onClick={() => remove(relation)}
                  >
                    Delete
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="link-relation link-relation-new"
        aria-labelledby={`${id}-new`}
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <span id={`${id}-new`} className="visually-hidden">
          A new relation
        </span>
        <input
          className="text-field"
          aria-label="New relation, as read from the passage it starts at"
          placeholder="qualifies"
          value={added.name}
          maxLength={80}
          data-testid="new-relation-name"
          onChange={(event) => setAdded((a) => ({ ...a, name: event.target.value }))}
        />
        <input
          className="text-field"
          aria-label="New relation, as read from the passage it reaches"
          placeholder="is qualified by"
          value={added.inverseName}
          maxLength={80}
          data-testid="new-relation-inverse"
          onChange={(event) => setAdded((a) => ({ ...a, inverseName: event.target.value }))}
        />
        <button
          type="submit"
          className="button"
          data-testid="add-relation"
          disabled={added.name.trim() === ''}
        >
          Add relation
        </button>
      </form>
    </details>
  );
}
