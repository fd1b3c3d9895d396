import { useApolloClient, useMutation } from '@apollo/client/react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/format';
import { ErrorNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { applyEntityToCache } from '../live/events';
import { conflictOf, fieldErrorOf, type Conflict } from '../plan/conflict';
import { ConflictView } from '../plan/ConflictView';
import { FieldInput } from '../plan/FieldInput';
import { FormActions } from '../plan/FormParts';
import { toText, type EditField } from '../plan/interventionFields';
import { minuteChoices } from './minutes';

export const UpdateMentorTaskMutation = graphql(`
  mutation UpdateMentorTask($input: UpdateMentorTaskInput!) {
    updateMentorTask(input: $input) {
      id
      title
      date
      minutes
      outcome
      nextStep
      note
      version
    }
  }
`);

/** One entry of the mentor's own log. */
export interface MentorTaskEntry {
  id: string;
  title: string;
  date: string;
  minutes: number;
  outcome: string;
  nextStep?: string | null;
  note: string;
  version: number;
}

/** The fields of "Log opgave" that can be corrected; the date cannot (the API keeps it). */
function taskFields(minutes: number): EditField[] {
  return [
    { key: 'title', label: 'Hvad har du gjort?', input: 'text', required: true },
    {
      key: 'minutes',
      label: 'Tid',
      input: 'select',
      required: true,
      options: minuteChoices(minutes).map((m) => ({ value: String(m), label: `${m} min` })),
      format: (v) => `${String(v)} min`,
    },
    { key: 'outcome', label: 'Hvordan gik det?', input: 'text' },
    { key: 'nextStep', label: 'Næste skridt', input: 'text' },
    { key: 'note', label: 'Note', input: 'textarea' },
  ];
}

function valueOf(key: string, text: string): string | number {
  return key === 'minutes' ? Number(text) : text.trim();
}

/**
 * "Redigér" on an entry of my log: the fields of "Log opgave", sent only when changed and
 * with the version read; a newer save (mine, from another device) opens the conflict view.
 */
export function MentorTaskEditForm(props: { task: MentorTaskEntry; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateMentorTaskMutation);
  const [base] = useState<Record<string, unknown>>(() => ({ ...props.task }));
  const fields = useMemo(() => taskFields(base.minutes as number), [base]);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, toText(base[f.key])])));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<(Conflict & { mine: Record<string, unknown> }) | null>(null);

  const attempt = async (changed: Record<string, unknown>, expectedVersion: number) => {
    setError(null);
    try {
      await update({ variables: { input: { id: props.task.id, expectedVersion, ...changed } } });
      setConflict(null);
      props.onDone(`Opgaven “${String(changed.title ?? base.title)}” er rettet.`);
    } catch (e) {
      const c = conflictOf(e);
      if (c) {
        setConflict({ ...c, mine: changed });
        return;
      }
      const fieldError = fieldErrorOf(e);
      if (fieldError && fields.some((f) => f.key === fieldError.field)) setInvalid({ [fieldError.field]: fieldError.message });
      setError(e);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, unknown> = {};
    for (const f of fields) {
      const text = values[f.key] ?? '';
      if (text.trim() !== toText(base[f.key]).trim()) changed[f.key] = valueOf(f.key, text);
    }
    if (changed.title === '') {
      setInvalid({ title: 'Skriv, hvad du har gjort.' });
      return;
    }
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
        fields={fields}
        base={base}
        mine={conflict.mine}
        theirs={conflict.current}
        busy={loading}
        error={error}
        onKeepMine={() => void attempt(conflict.mine, conflict.current.version)}
        onTakeTheirs={() => {
          applyEntityToCache(client.cache, conflict.current, { typename: 'MentorTask' });
          props.onDone('Du ser nu den nyeste udgave af opgaven. Dine ændringer er ikke gemt.');
        }}
      />
    );
  }

  const errorKind = error ? describeError(error).kind : null;

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Redigér {String(base.title)}
      </h4>
      <p className="hint">Dato: {formatDate(props.task.date)}. Datoen kan ikke ændres.</p>
      <div className="form-grid">
        {fields.map((f) => (
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
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Opgaven blev ikke rettet'} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Gem" onCancel={props.onCancel} />
    </form>
  );
}
