import type { ApolloCache } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { fieldErrorOf } from '../../core/forms/conflict';
import { FieldInput } from '../../core/forms/FieldInput';
import { fromText, problemOf } from '../../core/forms/fields';
import { problemsFromServer } from '../../core/forms/formErrors';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { INTERVENTION_KINDS } from '../../core/labels';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { Area, UnitKind } from '../../gql/graphql';
import { createFieldsFor, endedProblems, endReasonProblems, followStatus, INTERVENTION_RULE_FIELDS, INTERVENTION_TYPENAMES, KIND_DEFAULTS, ordinaryHoursProblems, withEndReason } from './interventionFields';
import { addToList } from './planCache';
import { SubGoalCheckboxes } from './SubGoalCheckboxes';

export const CreateJobcenterInterventionMutation = graphql(`
  mutation CreateJobcenterIntervention($input: CreateJobcenterInterventionInput!) {
    createJobcenterIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

export const CreateSocialInterventionMutation = graphql(`
  mutation CreateSocialIntervention($input: CreateSocialInterventionInput!) {
    createSocialIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

export const CreateHealthInterventionMutation = graphql(`
  mutation CreateHealthIntervention($input: CreateHealthInterventionInput!) {
    createHealthIntervention(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

type Created = { __typename?: string; id: string } | null | undefined;

/** Into the plan's list, where the server sorts it (by unit, then title). */
function addIntervention(cache: ApolloCache, planId: string, created: Created) {
  if (!created) return;
  addToList(cache, { __typename: 'Plan', id: planId }, 'interventions', created, (read, ref) => `${String(read('unitKind', ref))} ${String(read('title', ref))}`);
}

/** The create mutation of my unit; each unit has its own input type with its own facts. */
function useCreate(unit: UnitKind, planId: string) {
  const jobcenter = useMutation(CreateJobcenterInterventionMutation, {
    update: (cache, { data }) => addIntervention(cache, planId, data?.createJobcenterIntervention),
  });
  const social = useMutation(CreateSocialInterventionMutation, {
    update: (cache, { data }) => addIntervention(cache, planId, data?.createSocialIntervention),
  });
  const health = useMutation(CreateHealthInterventionMutation, {
    update: (cache, { data }) => addIntervention(cache, planId, data?.createHealthIntervention),
  });
  const [mutate, state] = unit === 'SOCIAL' ? social : unit === 'HEALTH' ? health : jobcenter;
  return {
    loading: state.loading,
    create: (input: Record<string, unknown>) => (mutate as (o: { variables: { input: never } }) => Promise<unknown>)({ variables: { input: input as never } }),
  };
}

export interface SubGoalChoice {
  id: string;
  area: Area;
  text: string;
}

/**
 * "Ny indsats": an intervention of my own unit in this plan. The kind decides which of the
 * unit's own facts are asked for (interventionFields.ts); only filled-in fields are sent.
 */
export function NewInterventionForm(props: {
  planId: string;
  unit: UnitKind;
  unitName: string;
  subGoals: readonly SubGoalChoice[];
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const typename = INTERVENTION_TYPENAMES[props.unit];
  const kinds = INTERVENTION_KINDS[props.unit];
  const kindLabel = (value: string) => kinds.find(([k]) => k === value)?.[1] ?? '';
  const [kind, setKind] = useState('');
  const [values, setValues] = useState<Record<string, string>>({ status: 'PLANNED' });
  const [subGoalIds, setSubGoalIds] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const { create, loading } = useCreate(props.unit, props.planId);
  // "Begrundelse" follows the chosen status: one created Afsluttet may say why, one created Annulleret says why.
  const status = values.status ?? '';
  const fields = useMemo(() => withEndReason(createFieldsFor(typename, kind), status, status === 'CANCELLED'), [typename, kind, status]);

  const clearProblem = (key: string) =>
    setInvalid((cur) => {
      if (!cur[key]) return cur;
      const { [key]: _gone, ...rest } = cur;
      return rest;
    });

  const set = (key: string, value: string) => {
    setValues((cur) => ({ ...cur, [key]: value, ...followStatus(key, value, cur) }));
    clearProblem(key);
  };

  const chooseKind = (next: string) => {
    const before = kindLabel(kind);
    const filled: Record<string, string> = {};
    // The kind's name is a good first title, until the user writes their own.
    if (!(values.title ?? '').trim() || values.title === before) filled.title = kindLabel(next);
    // A default the previous kind put in goes with it; the new kind's go in empty fields.
    for (const [k, v] of Object.entries(KIND_DEFAULTS[kind] ?? {})) if (values[k] === v) filled[k] = '';
    for (const [k, v] of Object.entries(KIND_DEFAULTS[next] ?? {})) if (!(filled[k] ?? values[k] ?? '').trim()) filled[k] = v;
    setKind(next);
    setValues((cur) => ({ ...cur, ...filled }));
    // The same object when nothing is cleared: a new one would take the focus to the error summary (FormParts).
    setInvalid((cur) => {
      const gone = ['kind', ...Object.entries(filled).filter(([, v]) => v).map(([k]) => k)].filter((k) => k in cur);
      if (gone.length === 0) return cur;
      const rest = { ...cur };
      for (const k of gone) delete rest[k];
      return rest;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const problems: Record<string, string> = {};
    if (!kind) problems.kind = 'Vælg indsatstype.';
    const input: Record<string, unknown> = { planId: props.planId, kind, subGoalIds };
    for (const f of fields) {
      const text = values[f.key] ?? '';
      const problem = problemOf(f, text);
      if (problem) problems[f.key] = problem;
      else {
        const value = fromText(f, text);
        if (value !== null && value !== '') input[f.key] = value;
      }
    }
    const start = values.startDate ?? '';
    const end = values.endDate ?? '';
    if (!problems.endDate && start && end && end < start) problems.endDate = 'Slutdatoen skal ligge efter startdatoen.';
    if (!problems.endDate) Object.assign(problems, endedProblems(values));
    if (!problems.hoursPerWeek) Object.assign(problems, ordinaryHoursProblems(kind, values));
    // In the server's words, also where the field's own "Skriv begrundelse." came first.
    Object.assign(problems, endReasonProblems(values));
    setInvalid(problems);
    if (Object.keys(problems).length) return;
    setError(null);
    try {
      await create(input);
      props.onDone(`Indsatsen »${String(input.title)}« er oprettet.`);
    } catch (e) {
      const fieldError = fieldErrorOf(e);
      if (fieldError && (fieldError.field === 'kind' || fields.some((f) => f.key === fieldError.field))) setInvalid({ [fieldError.field]: fieldError.message });
      else setInvalid(problemsFromServer(e, fields.map((f) => f.key), { ruleFields: INTERVENTION_RULE_FIELDS }));
      setError(e);
    }
  };

  const errorKind = error ? describeError(error).kind : null;
  const kindError = invalid.kind;

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ny indsats fra {props.unitName}
      </h4>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={invalid} fieldId={(key) => `${id}-${key}`} order={['kind', ...fields.map((f) => f.key)]} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Indsatstype</label>
          <select
            id={`${id}-kind`}
            name="kind"
            value={kind}
            onChange={(e) => chooseKind(e.target.value)}
            aria-required
            aria-invalid={kindError ? true : undefined}
            aria-describedby={kindError ? `${id}-kind-error` : undefined}
          >
            <option value="">Vælg indsatstype</option>
            {kinds.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-kind-error`} message={kindError} />
        </div>
        {fields.map((f) => (
          <FieldInput key={f.key} id={`${id}-${f.key}`} field={f} value={values[f.key] ?? ''} error={invalid[f.key]} onChange={(v) => set(f.key, v)} />
        ))}
      </div>
      <SubGoalCheckboxes idPrefix={id} legend="Delmål, som indsatsen understøtter" subGoals={props.subGoals} selected={subGoalIds} onChange={setSubGoalIds} />
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Indsatsen blev ikke oprettet'} /> : null}
      <FormActions loading={loading} busyLabel="Opretter…" submitLabel="Opret indsats" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
