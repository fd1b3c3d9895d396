import { useMutation } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDate, formatMinutes } from '../../core/format';
import type { Problems } from '../../core/forms/formErrors';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { graphql } from '../../gql';
import type { MentorLogEntry_TaskFragment } from '../../gql/graphql';
import { mayMeanAccessEnded } from './grantEnded';
import { minuteChoices, NO_MINUTES, OTHER_TIME, OTHER_TIME_HINT, otherMinutes } from './minutes';
import { NEXT_STEP_FIELD, NOTE_FIELD, OUTCOME_FIELD, taskDateProblem, taskTitleField } from './taskFields';

export const UpdateMentorTaskMutation = graphql(`
  mutation UpdateMentorTask($input: UpdateMentorTaskInput!) {
    updateMentorTask(input: $input) {
      id
      ...MentorLogEntry_Task
    }
  }
`);

/** The day, as "Log opgave" asks it: a task put on the wrong day is moved to the right one. */
const DATE_FIELD: FormField = { key: 'date', label: 'Dato', input: 'date', required: true, requiredMessage: 'Vælg datoen.', format: (v) => formatDate(String(v)) };

/**
 * The fields of "Log opgave", each of which can be corrected. "Tid" offers the choices of "Log
 * opgave" and "Anden tid …", after which (`typed`) the minutes are typed, as when a task is
 * logged: a task can be corrected to more than the 8 hours the choices end at, up to the
 * server's 24 hours, by the same rule and in the same words (minutes.ts).
 */
function taskFields(minutes: number, typed: boolean): FormField[] {
  const format = (v: unknown) => formatMinutes(Number(v));
  return [
    taskTitleField('Hvad har du gjort?'),
    typed
      ? { key: 'minutes', label: 'Antal minutter', input: 'integer', required: true, requiredMessage: NO_MINUTES, hint: OTHER_TIME_HINT, format }
      : {
          key: 'minutes',
          label: 'Tid',
          input: 'select',
          required: true,
          options: [...minuteChoices(minutes).map((m) => ({ value: String(m), label: formatMinutes(m) })), { value: OTHER_TIME, label: 'Anden tid …' }],
          format,
          apiValue: Number,
        },
    DATE_FIELD,
    OUTCOME_FIELD,
    NEXT_STEP_FIELD,
    NOTE_FIELD,
  ];
}

/**
 * "Redigér" on an entry of my log: the fields of "Log opgave", sent only when changed and
 * with the version read; a newer save (mine, from another device) opens the conflict view.
 * `cannotSave`: the grant has ended while the form was open; `onRefused` asks the page to
 * read the cases again after a refusal that may mean just that.
 */
export function MentorTaskEditForm(props: {
  task: MentorLogEntry_TaskFragment;
  /** The grant's first day: a day corrected to lies in the grant, by today, as when logged (taskDateProblem). */
  grantStart?: string;
  /** Today in Denmark, as the page last saw the date turn; read now when not given. */
  today?: string;
  cannotSave?: string | null;
  onRefused?: () => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [update, { loading }] = useMutation(UpdateMentorTaskMutation);
  const task = props.task;
  // As the entry was when editing began: its title for the heading, its time among the choices.
  const [title] = useState(task.title);
  const [minutes] = useState(task.minutes);
  // "Anden tid …" chosen: the minutes are typed from then on, until the form closes.
  const [typed, setTyped] = useState(false);
  const fields = useMemo(() => taskFields(minutes, typed), [minutes, typed]);
  // The choice gives way to the field the minutes are typed in: the focus goes with it.
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (typed) holder.current?.querySelector<HTMLInputElement>('input[name="minutes"]')?.focus();
  }, [typed]);
  return (
    <div ref={holder}>
      <VersionedEditForm
        heading={`Redigér ${title}`}
        headingLevel={4}
        subject={title}
        typename="MentorTask"
        fields={fields}
        record={task}
        follow={(key, value): Values => {
          if (key !== 'minutes' || value !== OTHER_TIME) return {};
          setTyped(true);
          return { minutes: '' };
        }}
        // The day and the typed minutes, by the rules "Log opgave" checks before sending (an empty
        // or a broken value is asked for by the field itself).
        check={(values): Problems => {
          const problems: Problems = {};
          const dateProblem = values.date && values.date !== task.date ? taskDateProblem(values.date, props.grantStart, props.today ?? todayInDenmark()) : null;
          if (dateProblem) problems.date = dateProblem;
          const checked = typed ? otherMinutes(values.minutes ?? '') : null;
          if (checked && 'problem' in checked) problems.minutes = checked.problem;
          return problems;
        }}
        // The entry as read now: corrected meanwhile on another device, the form says so before the save.
        liveVersion={task.version}
        staleNotice="Opgaven er rettet et andet sted, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
        save={(changed, expectedVersion, _onTopOf, baseVersion) =>
          update({ variables: { input: { id: task.id, expectedVersion: expectedVersion ?? task.version, baseVersion, ...changed } } }).catch((e: unknown) => {
            if (mayMeanAccessEnded(e)) props.onRefused?.();
            throw e;
          })
        }
        cannotSave={props.cannotSave}
        loading={loading}
        failedTitle="Opgaven blev ikke rettet"
        savedMessage={(changed) => `Opgaven »${String(changed.title ?? title)}« er rettet.`}
        tookTheirsMessage="Du ser nu den nyeste udgave af opgaven. Dine ændringer er ikke gemt."
        onDone={props.onDone}
        onCancel={props.onCancel}
      />
    </div>
  );
}
