import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { ErrorNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { applyEntityToCache } from '../live/events';
import { conflictOf, fieldErrorOf, type Conflict } from './conflict';
import { ConflictView } from './ConflictView';
import { FieldInput } from './FieldInput';
import { fieldsFor, fromText, problemOf, toText } from './interventionFields';

export const UpdateJobcenterInterventionMutation = graphql(`
  mutation UpdateJobcenterIntervention($input: UpdateJobcenterInterventionInput!) {
    updateJobcenterIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

export const UpdateSocialInterventionMutation = graphql(`
  mutation UpdateSocialIntervention($input: UpdateSocialInterventionInput!) {
    updateSocialIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

export const UpdateHealthInterventionMutation = graphql(`
  mutation UpdateHealthIntervention($input: UpdateHealthInterventionInput!) {
    updateHealthIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

/** The intervention as the form needs it: API field names, plus `__typename`. */
export type EditableIntervention = Record<string, unknown> & { __typename: string; id: string; version: number; title: string };

function useUpdate(typename: string) {
  const jobcenter = useMutation(UpdateJobcenterInterventionMutation);
  const social = useMutation(UpdateSocialInterventionMutation);
  const health = useMutation(UpdateHealthInterventionMutation);
  const chosen = typename === 'SocialIntervention' ? social : typename === 'HealthIntervention' ? health : jobcenter;
  const [mutate, state] = chosen;
  return {
    loading: state.loading,
    save: (input: Record<string, unknown>) => (mutate as (o: { variables: { input: never } }) => Promise<unknown>)({ variables: { input: input as never } }),
  };
}

/**
 * Inline edit of my unit's intervention. Only the fields the user changed are sent, with
 * the version read when editing began; a newer save by someone else opens the conflict view.
 */
export function InterventionEditForm(props: {
  intervention: EditableIntervention;
  /** The version now in the cache (a live update may have moved it on while editing). */
  liveVersion: number;
  onDone: (message?: string) => void;
}) {
  const id = useId();
  const client = useApolloClient();
  const fields = useMemo(() => fieldsFor(props.intervention.__typename), [props.intervention.__typename]);
  // What the user saw when they started editing: the base for "what did I change".
  const [base] = useState<Record<string, unknown>>(() => ({ ...props.intervention }));
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, toText(base[f.key])])));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<(Conflict & { mine: Record<string, unknown> }) | null>(null);
  const { save, loading } = useUpdate(props.intervention.__typename);
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const changedFields = (): Record<string, unknown> | null => {
    const changed: Record<string, unknown> = {};
    const problems: Record<string, string> = {};
    for (const f of fields) {
      const text = values[f.key] ?? '';
      const unchanged = text === toText(base[f.key]);
      // A required field is checked even when untouched; others only when changed.
      const problem = unchanged && !f.required ? null : problemOf(f, text);
      if (problem) problems[f.key] = problem;
      else if (!unchanged) changed[f.key] = fromText(f, text);
    }
    setInvalid(problems);
    return Object.keys(problems).length ? null : changed;
  };

  const attempt = async (changed: Record<string, unknown>, expectedVersion: number) => {
    setError(null);
    try {
      await save({ id: props.intervention.id, expectedVersion, ...changed });
      setConflict(null);
      props.onDone('Ændringen er gemt.');
    } catch (e) {
      const c = conflictOf(e);
      if (c) {
        setConflict({ ...c, mine: changed });
        return;
      }
      const fieldError = fieldErrorOf(e);
      if (fieldError && fields.some((f) => f.key === fieldError.field)) {
        setInvalid({ [fieldError.field]: fieldError.message });
      }
      setError(e);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed = changedFields();
    if (!changed) return;
    if (Object.keys(changed).length === 0) {
      props.onDone('Der var ingen ændringer at gemme.');
      return;
    }
    void attempt(changed, base.version as number);
  };

  if (conflict) {
    return (
      <ConflictView
        title={props.intervention.title}
        fields={fields}
        base={base}
        mine={conflict.mine}
        theirs={conflict.current}
        busy={loading}
        error={error}
        onKeepMine={() => void attempt(conflict.mine, conflict.current.version)}
        onTakeTheirs={() => {
          applyEntityToCache(client.cache, conflict.current, { typename: props.intervention.__typename });
          props.onDone('Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.');
        }}
      />
    );
  }

  const errorKind = error ? describeError(error).kind : null;
  const staleWhileEditing = props.liveVersion > (base.version as number);

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-legend`}>
      <h4 id={`${id}-legend`} className="edit-form-title">
        Redigér {props.intervention.title}
      </h4>
      {staleWhileEditing ? (
        <p className="notice notice-info" role="status">
          En anden har gemt en ændring af indsatsen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.
        </p>
      ) : null}
      <div className="form-grid">
        {fields.map((f, i) => (
          <FieldInput
            key={f.key}
            id={`${id}-${f.key}`}
            field={f}
            value={values[f.key] ?? ''}
            error={invalid[f.key]}
            inputRef={i === 0 ? firstField : undefined}
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
      {error && errorKind !== 'BAD_USER_INPUT' ? <ErrorNotice error={error} title="Ændringen blev ikke gemt" /> : null}
      {error && errorKind === 'BAD_USER_INPUT' ? <ErrorNotice error={error} title="Ret feltet, og prøv igen" /> : null}
      <p className="actions">
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Gemmer…' : 'Gem'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => props.onDone()} disabled={loading}>
          Annullér
        </button>
      </p>
    </form>
  );
}
