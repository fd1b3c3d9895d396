import { danishWallTimeProblem } from '@samplan/schema';
import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { formatDateTime, fromLocalInput } from '../../core/format';
import type { EditField } from '../../core/forms/fields';
import { FieldInput } from '../../core/forms/FieldInput';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { PLACE_HINT } from './ActivityEditForm';
import { outsidePeriodText, type InterventionPeriod } from './activityPeriod';
import { addToList } from './planCache';

export const CreateActivityMutation = graphql(`
  mutation CreateActivity($input: CreateActivityInput!) {
    createActivity(input: $input) {
      id
      planId
      ...ActivityItem_Activity
    }
  }
`);

const FIELDS = ['title', 'dueAt', 'place', 'assignee', 'notes'] as const;
type Field = (typeof FIELDS)[number];

/** "Ny aktivitet": a dated step in one of my unit's interventions. */
export function NewActivityForm(props: {
  interventionId: string;
  interventionTitle: string;
  /** Its Startdato and Slutdato: a time outside them is pointed out while typing, not refused. */
  interventionPeriod?: InterventionPeriod;
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [create, { loading }] = useMutation(CreateActivityMutation, {
    // Into the plan's list, where the server sorts it (by time).
    update: (cache, { data }) => {
      const created = data?.createActivity;
      if (created) addToList(cache, { __typename: 'Plan', id: created.planId }, 'activities', created, (read, ref) => String(read('dueAt', ref)));
    },
  });
  const [values, setValues] = useState<Record<Field, string>>({ title: '', dueAt: '', place: '', assignee: '', notes: '' });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);

  const set = (key: Field, value: string) => {
    setValues((cur) => ({ ...cur, [key]: value }));
    setProblems((cur) => without(cur, key));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Partial<Record<Field, string>> = {};
    if (!values.title.trim()) p.title = 'Skriv titel.';
    const dueAt = fromLocalInput(values.dueAt);
    if (!dueAt) p.dueAt = danishWallTimeProblem(values.dueAt) ?? 'Vælg tidspunkt eller frist.';
    setProblems(p);
    if (Object.keys(p).length) return;
    setError(null);
    try {
      await create({
        variables: {
          input: {
            interventionId: props.interventionId,
            title: values.title.trim(),
            dueAt,
            // Optional: left out when empty (none is stored).
            place: values.place.trim() || undefined,
            assignee: values.assignee.trim(),
            notes: values.notes,
          },
        },
      });
      props.onDone(`Aktiviteten “${values.title.trim()}” er tilføjet med frist ${formatDateTime(dueAt)}.`);
    } catch (e) {
      // Every field the server refused, each at its field and in the summary; a box only for what no field shows.
      setProblems(problemsFromServer(e, FIELDS));
      setError(toldAtFields(e, FIELDS) ? null : e);
    }
  };

  const describedBy = (key: Field, hint = false) => [hint ? `${id}-${key}-hint` : null, problems[key] ? `${id}-${key}-error` : null].filter(Boolean).join(' ') || undefined;
  const attrs = (key: Field, hint = false) => ({
    id: `${id}-${key}`,
    name: key,
    value: values[key],
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': describedBy(key, hint),
  });
  const errorText = (key: Field) => <FieldError id={`${id}-${key}-error`} message={problems[key]} />;
  // The same field as in the activity's Redigér form, so a time outside the period is said in the same place and words.
  const dueAtField: EditField = {
    key: 'dueAt',
    label: 'Tidspunkt eller frist',
    input: 'datetime',
    required: true,
    note: (text) => outsidePeriodText(fromLocalInput(text), props.interventionPeriod),
  };
  const errorKind = error ? describeError(error).kind : null;

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ny aktivitet i {props.interventionTitle}
      </h4>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={FIELDS} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-title`}>Titel</label>
          <input {...attrs('title')} aria-required autoComplete="off" onChange={(e) => set('title', e.target.value)} />
          {errorText('title')}
        </div>
        <FieldInput id={`${id}-dueAt`} field={dueAtField} value={values.dueAt} error={problems.dueAt} onChange={(v) => set('dueAt', v)} />
        <div className="field">
          <label htmlFor={`${id}-place`}>Sted</label>
          <p className="hint" id={`${id}-place-hint`}>
            {PLACE_HINT}
          </p>
          <input {...attrs('place', true)} autoComplete="off" onChange={(e) => set('place', e.target.value)} />
          {errorText('place')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Ansvarlig</label>
          <p className="hint" id={`${id}-assignee-hint`}>
            Navn eller rolle, fx borgeren eller kontaktpersonen.
          </p>
          <input {...attrs('assignee', true)} autoComplete="off" onChange={(e) => set('assignee', e.target.value)} />
          {errorText('assignee')}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-notes`}>Noter</label>
          <textarea {...attrs('notes')} rows={3} className="plain-textarea" onChange={(e) => set('notes', e.target.value)} />
          {errorText('notes')}
        </div>
      </div>
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Aktiviteten blev ikke tilføjet'} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Tilføj aktivitet" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
