import { danishWallTimeProblem } from '@samplan/schema';
import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { formatDateTime, fromLocalInput } from '../../core/format';
import { problemOf, type EditField } from '../../core/forms/fields';
import { FieldInput } from '../../core/forms/FieldInput';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { ACTIVITY_FIELDS } from './ActivityEditForm';
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

/** The texts of a new activity as its Redigér form has them: labels, hints and the limits the server holds them to. */
const textField = (key: Exclude<Field, 'dueAt'>) => ACTIVITY_FIELDS.find((f) => f.key === key)!;
const [TITLE, PLACE, ASSIGNEE, NOTES] = [textField('title'), textField('place'), textField('assignee'), textField('notes')];
const TEXT_FIELDS = [TITLE, PLACE, ASSIGNEE, NOTES];

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
    // A title, and each text within its limit ("Titel må højst være 200 tegn (du har skrevet 201).").
    for (const f of TEXT_FIELDS) {
      const problem = problemOf(f, values[f.key as Field]);
      if (problem) p[f.key as Field] = problem;
    }
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
      props.onDone(`Aktiviteten »${values.title.trim()}« er tilføjet med frist ${formatDateTime(dueAt)}.`);
    } catch (e) {
      // Every field the server refused, each at its field and in the summary; a box only for what no field shows.
      setProblems(problemsFromServer(e, FIELDS));
      setError(toldAtFields(e, FIELDS) ? null : e);
    }
  };

  const input = (field: EditField) => {
    const key = field.key as Field;
    return <FieldInput id={`${id}-${key}`} field={field} value={values[key]} error={problems[key]} onChange={(v) => set(key, v)} />;
  };
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
        {input(TITLE)}
        {input(dueAtField)}
        {input(PLACE)}
        {input(ASSIGNEE)}
        {input(NOTES)}
      </div>
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Aktiviteten blev ikke tilføjet'} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Tilføj aktivitet" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
