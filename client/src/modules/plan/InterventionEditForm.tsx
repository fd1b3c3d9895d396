import { useMutation } from '@apollo/client/react';
import { useMemo } from 'react';
import { fromText } from '../../core/forms/fields';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { graphql } from '../../gql';
import { fieldsFor, INTERVENTION_RULE_FIELDS } from './interventionFields';

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
 * An intervention's fields as the edit form sends them: parsed as interventionFields says
 * (long texts kept as typed), and compared as typed.
 */
function editFields(typename: string): FormField[] {
  return fieldsFor(typename).map((f) => ({ ...f, apiValue: (text: string) => fromText(f, text) }));
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
  const intervention = props.intervention;
  const fields = useMemo(() => editFields(intervention.__typename), [intervention.__typename]);
  const { save, loading } = useUpdate(intervention.__typename);
  return (
    <VersionedEditForm
      heading={`Redigér ${intervention.title}`}
      headingLevel={4}
      focusFirstField
      subject={intervention.title}
      typename={intervention.__typename}
      fields={fields}
      record={intervention}
      liveVersion={props.liveVersion}
      staleNotice="En anden har gemt en ændring af indsatsen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      save={(changed, expectedVersion, _onTopOf, baseVersion) => save({ id: intervention.id, expectedVersion: expectedVersion ?? intervention.version, baseVersion, ...changed })}
      loading={loading}
      failedTitle="Ændringen blev ikke gemt"
      ruleFields={INTERVENTION_RULE_FIELDS}
      onDone={props.onDone}
      onCancel={() => props.onDone()}
    />
  );
}
