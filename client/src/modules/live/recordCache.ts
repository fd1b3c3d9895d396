import type { ApolloCache, Reference, TypedDocumentNode } from '@apollo/client';
import { POSSIBLE_TYPES } from '../../core/apollo';
import { getFragmentData, type FragmentType } from '../../gql';
import { DescriptionSectionItemFragment } from '../description/description.documents';
import { addToList } from '../plan/planCache';
import {
  LiveActivityFragmentDoc,
  LiveFollowUpFragmentDoc,
  LiveInterventionFragmentDoc,
  LiveMentorTaskFragmentDoc,
  LivePlanFragmentDoc,
  LiveProgrammeFragmentDoc,
  LiveSubGoalFragmentDoc,
  LiveSubGoalProgressFragmentDoc,
  type LiveEvent,
  type LiveRecords,
} from './events';

/**
 * A live event's record into the Apollo cache, so every screen shows the change without
 * asking the server again: the record is written under its own id with the fragment the
 * screens read, and a new record is put into its parent's list where the server would list
 * it. What cannot be applied from one record — who is on the team, the coordinator, a
 * mentor's grant, the citizen's consent register (they change who may see and do what) — is left to a refetch: the caller
 * refetches when this returns false.
 */

/** Events that change access or whole sections: the plan is read again. */
const REFETCHED: ReadonlySet<string> = new Set(['TEAM_CHANGED', 'COORDINATOR_ASSIGNED', 'JOB_FACILITATOR_CHANGED', 'MENTOR_GRANT_CREATED', 'MENTOR_GRANT_ENDED', 'CONSENT_RECORDED', 'CONSENT_WITHDRAWN']);

type ReadField = (field: string, from: Reference) => unknown;
const byField = (field: string) => (read: ReadField, ref: Reference) => String(read(field, ref) ?? '');

/** Writes one record under its own id with its fragment; `data` is the record as the event carried it. */
function write<T extends { id: string }>(cache: ApolloCache, fragment: TypedDocumentNode<T>, fragmentName: string, typename: string, data: T): void {
  cache.writeFragment({ id: cache.identify({ __typename: typename, id: data.id }), fragment, fragmentName, data: { ...data, __typename: typename } });
}

/** Puts a new record first in a list the server orders newest first. */
function prepend(cache: ApolloCache, owner: { __typename: string; id: string }, field: string, item: { __typename: string; id: string }): void {
  cache.modify({
    id: cache.identify(owner),
    fields: {
      [field]: (existing: readonly Reference[] = [], { readField, toReference }) => {
        if (existing.some((ref) => readField('id', ref) === item.id)) return existing;
        const ref = toReference(item);
        return ref ? [ref, ...existing] : existing;
      },
    },
  });
}

/** Writes the event's record into the cache; false when it cannot be applied (then refetch the plan). */
export function applyEventToCache(cache: ApolloCache, event: Pick<LiveEvent, 'kind' | 'planId'> & Partial<LiveRecords>): boolean {
  if (REFETCHED.has(event.kind)) return false;
  const plan = { __typename: 'Plan', id: event.planId };
  const { asActivity, asIntervention, asSubGoal, asPlan, asProgramme, asFollowUp, asMentorTask, asDescriptionSection } = event;

  if (asActivity?.__typename === 'Activity') {
    const activity = getFragmentData(LiveActivityFragmentDoc, asActivity);
    write(cache, LiveActivityFragmentDoc, 'LiveActivity', 'Activity', activity);
    if (event.kind === 'ACTIVITY_CREATED') {
      const item = { __typename: 'Activity', id: activity.id };
      addToList(cache, plan, 'activities', item, byField('dueAt'));
      // Its intervention's own list too, wherever a screen has read it (the event does not name the intervention's type).
      for (const interventionType of POSSIBLE_TYPES.Intervention ?? []) {
        if (activity.interventionId) addToList(cache, { __typename: interventionType, id: activity.interventionId }, 'activities', item, byField('dueAt'));
      }
    }
    return true;
  }
  if (asIntervention && (POSSIBLE_TYPES.Intervention ?? []).includes(asIntervention.__typename)) {
    const typename = asIntervention.__typename;
    const intervention = getFragmentData(LiveInterventionFragmentDoc, asIntervention as FragmentType<typeof LiveInterventionFragmentDoc>);
    write(cache, LiveInterventionFragmentDoc, 'LiveIntervention', typename, intervention);
    // The server lists interventions by unit kind and title (NewInterventionForm places a new one the same way).
    if (event.kind === 'INTERVENTION_CREATED') {
      addToList(cache, plan, 'interventions', { __typename: typename, id: intervention.id }, (read, ref) => `${String(read('unitKind', ref))} ${String(read('title', ref))}`);
    }
    return true;
  }
  if (asSubGoal?.__typename === 'SubGoal') {
    const subGoal = getFragmentData(LiveSubGoalFragmentDoc, asSubGoal);
    write(cache, LiveSubGoalFragmentDoc, 'LiveSubGoal', 'SubGoal', subGoal);
    if (event.kind === 'SUBGOAL_CREATED') addToList(cache, plan, 'subGoals', { __typename: 'SubGoal', id: subGoal.id });
    return true;
  }
  if (asSubGoal?.__typename === 'SubGoalProgress') {
    const progress = getFragmentData(LiveSubGoalProgressFragmentDoc, asSubGoal);
    write(cache, LiveSubGoalProgressFragmentDoc, 'LiveSubGoalProgress', 'SubGoalProgress', progress);
    addToList(cache, { __typename: 'SubGoal', id: progress.subGoalId }, 'progress', { __typename: 'SubGoalProgress', id: progress.id }, byField('measuredOn'));
    return true;
  }
  if (asPlan?.__typename === 'Plan') {
    write(cache, LivePlanFragmentDoc, 'LivePlan', 'Plan', getFragmentData(LivePlanFragmentDoc, asPlan));
    return true;
  }
  if (asProgramme?.__typename === 'Programme') {
    // Its warnings and the decision on what follows it too (WARNINGS_CHANGED and a next-step decision carry the programme).
    write(cache, LiveProgrammeFragmentDoc, 'LiveProgramme', 'Programme', getFragmentData(LiveProgrammeFragmentDoc, asProgramme));
    return true;
  }
  if (asFollowUp?.__typename === 'FollowUpMeeting') {
    const meeting = getFragmentData(LiveFollowUpFragmentDoc, asFollowUp);
    write(cache, LiveFollowUpFragmentDoc, 'LiveFollowUp', 'FollowUpMeeting', meeting);
    if (event.kind === 'FOLLOW_UP_RECORDED') recordFollowUp(cache, plan, meeting);
    return true;
  }
  if (asMentorTask?.__typename === 'MentorTask') {
    const task = getFragmentData(LiveMentorTaskFragmentDoc, asMentorTask);
    write(cache, LiveMentorTaskFragmentDoc, 'LiveMentorTask', 'MentorTask', task);
    // The plan lists a mentor's tasks newest first; a new one is almost always the newest.
    if (event.kind === 'MENTOR_TASK_LOGGED') prepend(cache, plan, 'mentorTasks', { __typename: 'MentorTask', id: task.id });
    return true;
  }
  if (asDescriptionSection?.__typename === 'DescriptionSection') {
    write(cache, DescriptionSectionItemFragment, 'DescriptionSectionItem', 'DescriptionSection', getFragmentData(DescriptionSectionItemFragment, asDescriptionSection));
    return true;
  }
  return false;
}

/** A new follow-up meeting: into the plan's list (oldest first), and the next meeting is the one the latest booked. */
function recordFollowUp(cache: ApolloCache, plan: { __typename: string; id: string }, meeting: { id: string }): void {
  addToList(cache, plan, 'followUps', { __typename: 'FollowUpMeeting', id: meeting.id }, byField('heldAt'));
  cache.modify({
    id: cache.identify(plan),
    fields: {
      nextFollowUpAt: (existing: unknown, { readField }) => {
        const meetings = readField<readonly Reference[]>('followUps') ?? [];
        const last = meetings[meetings.length - 1];
        return last ? (readField<string>('nextMeetingAt', last) ?? existing) : existing;
      },
    },
  });
}
