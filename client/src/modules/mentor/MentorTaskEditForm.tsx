import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { formatDate, formatMinutes } from '../../core/format';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { graphql } from '../../gql';
import type { MentorLogEntry_TaskFragment } from '../../gql/graphql';
import { mayMeanAccessEnded } from './grantEnded';
import { minuteChoices } from './minutes';

export const UpdateMentorTaskMutation = graphql(`
  mutation UpdateMentorTask($input: UpdateMentorTaskInput!) {
    updateMentorTask(input: $input) {
      id
      ...MentorLogEntry_Task
    }
  }
`);

/** The fields of "Log opgave" that can be corrected; the date cannot (the API keeps it). */
function taskFields(minutes: number): FormField[] {
  return [
    { key: 'title', label: 'Hvad har du gjort?', input: 'text', required: true, requiredMessage: 'Skriv, hvad du har gjort.' },
    {
      key: 'minutes',
      label: 'Tid',
      input: 'select',
      required: true,
      options: minuteChoices(minutes).map((m) => ({ value: String(m), label: formatMinutes(m) })),
      format: (v) => formatMinutes(Number(v)),
      apiValue: Number,
    },
    { key: 'outcome', label: 'Hvordan gik det?', input: 'text' },
    { key: 'nextStep', label: 'Næste skridt', input: 'text' },
    { key: 'note', label: 'Note', input: 'textarea' },
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
  cannotSave?: string | null;
  onRefused?: () => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [update, { loading }] = useMutation(UpdateMentorTaskMutation);
  const task = props.task;
  // As the entry was when editing began: its title for the heading, its time among the choices.
  const [title] = useState(task.title);
  const [fields] = useState(() => taskFields(task.minutes));
  return (
    <VersionedEditForm
      heading={`Redigér ${title}`}
      headingLevel={4}
      intro={<p className="hint">Dato: {formatDate(task.date)}. Datoen kan ikke ændres.</p>}
      subject={title}
      typename="MentorTask"
      fields={fields}
      record={task}
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
      savedMessage={(changed) => `Opgaven “${String(changed.title ?? title)}” er rettet.`}
      tookTheirsMessage="Du ser nu den nyeste udgave af opgaven. Dine ændringer er ikke gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}
