/**
 * The names that sign every change made on this computer, for a library several computers share:
 * the reader's ("Your name") and the computer's ("This computer"). A modal dialog showing them as
 * core has them; Save sends what changed, and a name core refuses is explained under its field.
 */
import { useEffect, useId, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { DeviceInfo } from '../../../../shared/sync';
import { DeviceNameSchema } from '../../../../shared/sync';
import { useModalDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { errorMessage } from '../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';

/** Props of {@link DeviceDialog}. */
export interface DeviceDialogProps {
  readonly onClose: () => void;
}

type Field = 'readerName' | 'name';

/** What is wrong with a typed name, or `undefined` when it can be saved. */
function nameProblem(value: string): string | undefined {
  const parsed = DeviceNameSchema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** Renders the dialog, open and modal. */
export function DeviceDialog({ onClose }: DeviceDialogProps): ReactNode {
  const { api } = useServices();
  const [device, setDevice] = useState<DeviceInfo | null>(null);
  const [drafts, setDrafts] = useState<Record<Field, string>>({ readerName: '', name: '' });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const modal = useModalDialog(onClose, !saving);
  const id = useId();

  useEffect(() => {
    let current = true;
    api.getDevice({}).then(
      (found) => {
        if (!current) return;
        setDevice(found);
        setDrafts({ readerName: found.readerName, name: found.name });
      },
      (thrown: unknown) => {
        if (current) setFailure(errorMessage(thrown, 'The names could not be read.'));
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  const save = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (device === null) return;
    const found: Partial<Record<Field, string>> = {};
    for (const field of ['readerName', 'name'] as const) {
      const problem = nameProblem(drafts[field]);
      if (problem !== undefined) found[field] = problem;
    }
    setProblems(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    const change: Partial<Record<Field, string>> = {};
    if (drafts.readerName.trim() !== device.readerName) change.readerName = drafts.readerName;
    if (drafts.name.trim() !== device.name) change.name = drafts.name;
    if (Object.keys(change).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    api.updateDevice(change).then(onClose, (thrown: unknown) => {
      setSaving(false);
      setFailure(errorMessage(thrown, 'The names could not be saved. Try again.'));
    });
  };

  const field = (name: Field, label: string, hint: string): ReactNode => {
    const problem = problems[name];
    const described = [`${id}-${name}-hint`, ...(problem === undefined ? [] : [`${id}-${name}-problem`])];
    return (
      <label className="device-field">
        <span className="device-field-label">{label}</span>
        <input
          type="text"
          value={drafts[name]}
          maxLength={200}
          disabled={device === null || saving}
          data-testid={`device-${name === 'name' ? 'computer' : 'reader'}-name`}
          aria-invalid={problem === undefined ? undefined : true}
          aria-describedby={described.join(' ')}
          autoFocus={name === 'readerName'}
          onChange={(event) => {
            const value = event.target.value;
            setDrafts((all) => ({ ...all, [name]: value }));
          }}
        />
        <span id={`${id}-${name}-hint`} className="device-field-hint">
          {hint}
        </span>
        {problem === undefined ? null : (
          <span id={`${id}-${name}-problem`} className="field-problem" data-testid="device-field-problem">
            {problem}
          </span>
        )}
      </label>
    );
  };

  return (
    <dialog
      {...modal}
      className="dialog device-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="device-dialog"
    >
      <form onSubmit={save} noValidate>
        <h2 id={`${id}-title`}>Your name and this computer</h2>
        <p>
          When several computers share this library through a synced folder, every change is signed with these
          names.
        </p>
        {field('readerName', 'Your name', 'Shown beside your edits on the other computers.')}
        {field('name', 'This computer', 'Tells your computers apart, e.g. “Laptop”.')}
        <ProblemAlert problem={failure} />
        <DialogButtons
          label="Save"
          busyLabel="Saving…"
          busy={saving}
          disabled={device === null}
          testId="save-device-button"
          onCancel={onClose}
        />
      </form>
    </dialog>
  );
}
