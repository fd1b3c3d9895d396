import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useMutation } from '@apollo/client/react';
import { interventionEndReasonProblem } from '@samplan/schema';
import { useContext, useMemo, useState } from 'react';
import { conflictOf, savedByIdOf, savedByOf } from '../../core/forms/conflict';
import { choicesOf, fromText, toText } from '../../core/forms/fields';
import { RecordEditingContext } from '../../core/forms/recordEditing';
import { AREA_LABELS } from '../../core/labels';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { graphql } from '../../gql';
import {
  annulledBegunProblems, begunMeanwhileMessage, editFieldsFor, endedProblems, endReasonProblems, followStatus, hasBegun, INTERVENTION_RULE_FIELDS, ordinaryHoursProblems, withBegunStatus, withEndReason,
} from './interventionFields';
import type { SubGoalChoice } from './NewInterventionForm';

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
 * (long texts kept as typed), and compared as typed, a number as a number; then the plan's
 * delmål it serves (every intervention leads toward the plan's goal through its delmål,
 * STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).
 */
function editFields(intervention: EditableIntervention, subGoals: readonly SubGoalChoice[]): FormField[] {
  const own = editFieldsFor(intervention.__typename, String(intervention.kind ?? ''), intervention).map((f) => ({ ...f, apiValue: (text: string) => fromText(f, text) }));
  if (subGoals.length === 0) return own;
  const textOfGoal = new Map(subGoals.map((g) => [g.id, g.text]));
  const served: FormField = {
    key: 'subGoalIds',
    label: 'Delmål, som indsatsen understøtter',
    input: 'choices',
    options: subGoals.map((g) => ({ value: g.id, label: `${AREA_LABELS[g.area]}: ${g.text}` })),
    format: (ids) => (Array.isArray(ids) && ids.length ? ids.map((x) => textOfGoal.get(String(x)) ?? 'et slettet delmål').join('; ') : '(ingen)'),
    apiValue: choicesOf,
  };
  return [...own, served];
}

/**
 * Whether the user changed the status or the end date: the server judges an ended intervention's
 * end date only then, so one stored without it before keeps its other fields editable.
 */
function endingChanged(opened: EditableIntervention, values: Readonly<Record<string, string>>): boolean {
  return (values.status ?? '') !== String(opened.status ?? '') || (values.endDate ?? '').trim() !== String(opened.endDate ?? '');
}

/**
 * Whether the user set the status to Aktiv or changed the hours: the server asks ordinary hours
 * for their hours only then, so one stored without them before keeps its other fields editable.
 */
function hoursJudged(opened: EditableIntervention, values: Readonly<Record<string, string>>): boolean {
  return (values.status === 'ACTIVE' && String(opened.status ?? '') !== 'ACTIVE') || (values.hoursPerWeek ?? '') !== toText(opened.hoursPerWeek);
}

/**
 * Whether the user set the status or changed the reason: the server judges the reason only then,
 * so one annulled without a reason before it was asked keeps its other fields editable.
 */
function endReasonJudged(opened: EditableIntervention, values: Readonly<Record<string, string>>): boolean {
  return (values.status ?? '') !== String(opened.status ?? '') || (values.endReason ?? '').trim() !== String(opened.endReason ?? '').trim();
}

/**
 * The refusal of an annulment the server would refuse (INTERVENTION_BEGUN), in the shape of the
 * server's, so the form says it at the status field and in its error summary.
 */
function begunRefusal(message: string): CombinedGraphQLErrors {
  return new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'INTERVENTION_BEGUN', source: 'LAB §113, stk. 2' } }] });
}

/**
 * Inline edit of my unit's intervention. Only the fields the user changed are sent, with
 * the version read when editing began; a newer save by someone else opens the conflict view.
 */
export function InterventionEditForm(props: {
  intervention: EditableIntervention;
  /** The version now in the cache (a live update may have moved it on while editing). */
  liveVersion: number;
  /** The plan's delmål, to choose those the intervention serves. */
  subGoals: readonly SubGoalChoice[];
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message?: string) => void;
}) {
  // The fields as the form opened: a live change to the record does not take a field away under the user.
  const [opened] = useState(props.intervention);
  // The status chosen in the form: "Begrundelse" is asked while it is Afsluttet or Annulleret.
  const [status, setStatus] = useState(String(opened.status ?? ''));
  const openedStatus = String(opened.status ?? '');
  // Marked as to be filled in when the form sets Annulleret, or holds an annulled one's reason
  // (it may not be taken away); one annulled before a reason was asked keeps its notes editable.
  const reasonRequired = status === 'CANCELLED' && (openedStatus !== 'CANCELLED' || !!opened.endReason);
  // Set going by someone else while the user edits, as a CONFLICT met on saving told it (`inView`: a save from the conflict view).
  const [begunByConflict, setBegunByConflict] = useState<{ who: string; status: string; inView: boolean } | null>(null);
  const screen = useContext(RecordEditingContext);
  /** "Bent Sørensen har sat": who set it going, by the record's word or the plan's live events. */
  const whoSet = (savedById: string | null, named: string | null): string => {
    if (savedById && screen?.isMe(savedById)) return 'Du har i et andet vindue sat';
    const name = named ?? (screen ? screen.lastSavedBy(opened.id, savedById ?? undefined) : null);
    return name ? `${name} har sat` : 'En anden har sat';
  };
  // Set going while the user edits, as the plan's live events tell it before any save.
  const liveStatus = String(props.intervention.status ?? '');
  const begunMeanwhile = begunByConflict
    ?? (!hasBegun(openedStatus) && hasBegun(liveStatus) ? { who: whoSet(savedByIdOf(props.intervention), savedByOf(props.intervention)), status: liveStatus } : null);
  // Begun, it is not annulled (server: modules/intervention, INTERVENTION_BEGUN): Annulleret is not offered, and the field says why.
  const begun = hasBegun(openedStatus) || begunMeanwhile !== null;
  // The form shows the Annulleret it holds; the conflict view, once told it has begun, offers it no longer, so another status is picked there.
  const holdsCancelled = status === 'CANCELLED' && !begunByConflict?.inView;
  const fields = useMemo(
    () => withBegunStatus(
      withEndReason(editFields(opened, props.subGoals), status, reasonRequired, (f): FormField => ({ ...f, requiredMessage: interventionEndReasonProblem('CANCELLED', '') ?? undefined })),
      begun,
      holdsCancelled,
    ),
    [opened, props.subGoals, status, reasonRequired, begun, holdsCancelled],
  );
  // In the conflict view the status is chosen anew: once begun (also as the live events tell it there), Annulleret is not offered.
  const conflictFields = useMemo(() => withBegunStatus(fields, begun, false), [fields, begun]);
  // The delmål it serves as ids, the form's value for them (sorted, as the server's conflict answer has them).
  const intervention = useMemo(() => {
    const served = (props.intervention.subGoals as ReadonlyArray<{ id: string }> | undefined) ?? [];
    return { ...props.intervention, subGoalIds: served.map((g) => g.id).sort() };
  }, [props.intervention]);
  const { save, loading } = useUpdate(intervention.__typename);
  return (
    <VersionedEditForm
      heading={`Redigér ${intervention.title}`}
      headingLevel={4}
      focusFirstField
      subject={intervention.title}
      typename={intervention.__typename}
      fields={fields}
      conflictFields={conflictFields}
      record={intervention}
      recordIsLive
      liveVersion={props.liveVersion}
      staleNotice="En anden har gemt en ændring af indsatsen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      cannotSave={props.cannotSave}
      save={async (changed, expectedVersion, _onTopOf, baseVersion) => {
        try {
          return await save({ id: intervention.id, expectedVersion: expectedVersion ?? intervention.version, baseVersion, ...changed });
        } catch (e) {
          // Annulleret over a version someone else has set going, which the server refuses. From the
          // form: said at the status field, with everything the user typed (the reason, the notes)
          // still in the form; saved again, any other change meanwhile is met in the conflict view.
          // From the conflict view (after a conflict, `baseVersion`): the view shows the newest
          // version, with the user's other choices kept, and Annulleret no longer to keep: the status
          // is picked anew there (Afsluttet, with its end date).
          const current = changed.status === 'CANCELLED' ? conflictOf(e)?.current : null;
          if (!current || !hasBegun(current.status)) throw e;
          const inView = baseVersion !== undefined;
          const set = { who: whoSet(savedByIdOf(current), savedByOf(current)), status: String(current.status), inView };
          setBegunByConflict(set);
          if (inView) throw e;
          throw begunRefusal(begunMeanwhileMessage(set.who, set.status));
        }
      }}
      loading={loading}
      failedTitle="Ændringen blev ikke gemt"
      ruleFields={INTERVENTION_RULE_FIELDS}
      follow={followStatus}
      onEdit={(key, value) => {
        // The form's own state of the status, which decides whether "Begrundelse" is shown.
        if (key === 'status') setStatus(value);
      }}
      check={(values) => ({
        ...(endingChanged(opened, values) ? endedProblems(values) : {}),
        ...(hoursJudged(opened, values) ? ordinaryHoursProblems(String(opened.kind ?? ''), values) : {}),
        ...(endReasonJudged(opened, values) ? endReasonProblems(values) : {}),
        // Only Annulleret set here: one annulled before keeps its other fields editable (a change of them meets the conflict view).
        ...((values.status ?? '') !== openedStatus ? annulledBegunProblems(values, begunMeanwhile) : {}),
      })}
      onDone={props.onDone}
      onCancel={() => props.onDone()}
    />
  );
}
