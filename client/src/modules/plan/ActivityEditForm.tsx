import { useApolloClient, useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../core/format';
import { ErrorNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { ActivityItem_ActivityFragment, ActivityStatus } from '../../gql/graphql';
import { applyEntityToCache } from '../live/events';
import { conflictOf, fieldErrorOf, type Conflict } from './conflict';
import { ConflictView } from './ConflictView';
import { FieldInput } from './FieldInput';
import { FormActions } from './FormParts';
import { toText, type EditField } from './interventionFields';
import { ACTIVITY_STATUS_LABELS, label } from './labels';

export const UpdateActivityMutation = graphql(`
  mutation UpdateActivity($input: UpdateActivityInput!) {
    updateActivity(input: $input) {
      id
      ...ActivityItem_Activity
    }
  }
`);

const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['PLANNED', 'DONE', 'CANCELLED'];

/** An activity's editable fields, for the form and for the conflict view. */
export const ACTIVITY_FIELDS: readonly EditField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true },
  { key: 'dueAt', label: 'Tidspunkt eller frist', input: 'datetime', required: true, format: (v) => formatDateTime(String(v)) },
  {
    key: 'status',
    label: 'Status',
    input: 'select',
    required: true,
    options: ACTIVITY_STATUSES.map((s) => ({ value: s, label: ACTIVITY_STATUS_LABELS[s] })),
    format: (v) => label(ACTIVITY_STATUS_LABELS, v as ActivityStatus),
  },
  { key: 'assignee', label: 'Ansvarlig', input: 'text', hint: 'Navn eller rolle, fx borgeren eller kontaktpersonen.' },
  { key: 'notes', label: 'Noter', input: 'textarea' },
];

type Activity = ActivityItem_ActivityFragment;

/** The field's text in the form; the time in local time, as the user types it. */
function textOf(key: string, value: unknown): string {
  return key === 'dueAt' ? toLocalInput(value as string) : toText(value);
}

/** The API value for the form's text ('' for a time that cannot be read). */
function valueOf(key: string, text: string): string {
  if (key === 'dueAt') return fromLocalInput(text);
  return key === 'notes' ? text : text.trim();
}

function problemOf(key: string, value: string): string | null {
  if (key === 'title' && !value) return 'Skriv titel.';
  if (key === 'dueAt' && !value) return 'Vælg tidspunkt eller frist.';
  return null;
}

/**
 * "Redigér" on an activity of my unit: only the fields the user changed are sent, with the
 * version read when editing began; a newer save by someone else opens the conflict view.
 */
export function ActivityEditForm(props: { activity: Activity; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateActivityMutation);
  // What the user saw when they started editing: the base for "what did I change".
  const [base] = useState<Record<string, unknown>>(() => ({ ...props.activity }));
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(ACTIVITY_FIELDS.map((f) => [f.key, textOf(f.key, base[f.key])])));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<(Conflict & { mine: Record<string, unknown> }) | null>(null);

  const attempt = async (changed: Record<string, unknown>, expectedVersion: number) => {
    setError(null);
    try {
      await update({ variables: { input: { id: props.activity.id, expectedVersion, ...changed } } });
      setConflict(null);
      props.onDone(`Ændringen af “${String(changed.title ?? base.title)}” er gemt.`);
    } catch (e) {
      const c = conflictOf(e);
      if (c) {
        setConflict({ ...c, mine: changed });
        return;
      }
      const fieldError = fieldErrorOf(e);
      if (fieldError && ACTIVITY_FIELDS.some((f) => f.key === fieldError.field)) setInvalid({ [fieldError.field]: fieldError.message });
      setError(e);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, unknown> = {};
    const problems: Record<string, string> = {};
    for (const f of ACTIVITY_FIELDS) {
      const text = values[f.key] ?? '';
      if (text === textOf(f.key, base[f.key])) continue;
      const value = valueOf(f.key, text);
      const problem = problemOf(f.key, value);
      if (problem) problems[f.key] = problem;
      else changed[f.key] = value;
    }
    setInvalid(problems);
    if (Object.keys(problems).length) return;
    if (Object.keys(changed).length === 0) {
      props.onDone('Der var ingen ændringer at gemme.');
      return;
    }
    void attempt(changed, base.version as number);
  };

  if (conflict) {
    return (
      <ConflictView
        title={String(base.title)}
        fields={ACTIVITY_FIELDS}
        base={base}
        mine={conflict.mine}
        theirs={conflict.current}
        busy={loading}
        error={error}
        onKeepMine={() => void attempt(conflict.mine, conflict.current.version)}
        onTakeTheirs={() => {
          applyEntityToCache(client.cache, conflict.current, { typename: 'Activity' });
          props.onDone('Du ser nu den nyeste udgave af aktiviteten. Dine ændringer er ikke gemt.');
        }}
      />
    );
  }

  const errorKind = error ? describeError(error).kind : null;
  const staleWhileEditing = props.activity.version > (base.version as number);

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Redigér {String(base.title)}
      </h4>
      {staleWhileEditing ? (
        <p className="notice notice-info" role="status">
          En anden har gemt en ændring af aktiviteten, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.
        </p>
      ) : null}
      <div className="form-grid">
        {ACTIVITY_FIELDS.map((f) => (
          <FieldInput
            key={f.key}
            id={`${id}-${f.key}`}
            field={f}
            value={values[f.key] ?? ''}
            error={invalid[f.key]}
            onChange={(v) => {
              setValues((cur) => ({ ...cur, [f.key]: v }));
              setInvalid((cur) => {
                if (!cur[f.key]) return cur;
                const { [f.key]: _gone, ...rest } = cur;
                return rest;
              });
            }}
          />
        ))}
      </div>
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Ændringen blev ikke gemt'} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Gem" onCancel={props.onCancel} />
    </form>
  );
}
