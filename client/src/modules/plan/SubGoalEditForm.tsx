import { useMutation } from '@apollo/client/react';
import { TEXT_LIMITS } from '@samplan/schema';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { label, SUB_GOAL_STATUS_LABELS, SUB_GOAL_STATUSES } from '../../core/labels';
import { graphql } from '../../gql';
import type { SubGoalStatus } from '../../gql/graphql';

export const UpdateSubGoalMutation = graphql(`
  mutation UpdateSubGoal($input: UpdateSubGoalInput!) {
    updateSubGoal(input: $input) {
      id
      ...SubGoalItem_SubGoal
    }
  }
`);

/** A delmål's text, reason and status, as the coordinator edits them (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
export const SUB_GOAL_FIELDS: readonly FormField[] = [
  { key: 'text', label: 'Delmål', input: 'textarea', required: true, requiredMessage: 'Skriv delmålet.', maxChars: TEXT_LIMITS.short },
  { key: 'reason', label: 'Begrundelse', input: 'textarea', required: true, requiredMessage: 'Skriv en begrundelse for delmålet.', maxChars: TEXT_LIMITS.long },
  {
    key: 'status',
    label: 'Status',
    input: 'select',
    required: true,
    options: SUB_GOAL_STATUSES.map((s) => ({ value: s, label: SUB_GOAL_STATUS_LABELS[s] })),
    format: (v) => label(SUB_GOAL_STATUS_LABELS, v as SubGoalStatus),
  },
];

export type EditableSubGoal = { id: string; version: number; text: string; reason: string; status: SubGoalStatus };

/** "Redigér delmål": text, reason and status (i gang, nået, opgivet), with the version read. */
export function SubGoalEditForm(props: { subGoal: EditableSubGoal; cannotSave?: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const [update, { loading }] = useMutation(UpdateSubGoalMutation);
  const goal = props.subGoal;
  return (
    <VersionedEditForm
      heading="Redigér delmål"
      headingLevel={4}
      subject="Delmålet"
      typename="SubGoal"
      fields={SUB_GOAL_FIELDS}
      record={goal}
      liveVersion={goal.version}
      staleNotice="En anden har gemt en ændring af delmålet, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      cannotSave={props.cannotSave}
      save={(changed, expectedVersion, _onTopOf, baseVersion) => update({ variables: { input: { id: goal.id, expectedVersion: expectedVersion ?? goal.version, baseVersion, ...changed } } })}
      loading={loading}
      failedTitle="Delmålet blev ikke gemt"
      savedMessage="Delmålet er gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}
