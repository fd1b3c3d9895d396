import { seqAfter } from '../../core/live';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { CaseloadEventsSubscription as CaseloadEventsData, LiveEventFragment, PlanEventStoryFragment } from '../../gql/graphql';

/**
 * Plan events (server: modules/live): one committed change in a plan, as it arrives live
 * and as the plan's history (`planHistory`) lists it.
 *
 * `PlanEventStory` is what a person reads: who (actor, unit), what (title) and the changed
 * fields, before → after, already in Danish. Its `record` part is only what the page needs
 * to tell which card an event belongs to, whether an activity can be set back and whether a
 * decision on what follows the forløb is the first; it has no `id`, so an old event in the
 * history is never written over the current record in the cache.
 */
export const PlanEventStoryFragmentDoc = graphql(`
  fragment PlanEventStory on PlanEvent {
    seq
    kind
    planId
    entityType
    entityId
    at
    summary
    actor {
      id
      name
    }
    unit {
      id
      kind
      name
    }
    title
    changes {
      field
      label
      before
      after
    }
    overwrote {
      user {
        id
        name
      }
      seq
      fields
    }
    record {
      __typename
      ... on Activity {
        status
        version
      }
      ... on SubGoalProgress {
        subGoalId
      }
      # A first decision on what follows the forløb reads as one (sentence.ts): its version, whether
      # decided or proposed, and what. Aliased: an activity's status is of another type.
      ... on NextStepDecision {
        version
        decisionStatus: status
        stepLabel
      }
    }
  }
`);

/**
 * The record fragments a live event selects, one per type the plan page shows: each spreads
 * the fragment the screen itself reads, so the cache gets exactly the fields the screens
 * need and nothing is refetched. The parent ids (`interventionId`, `subGoalId`, …) are read
 * here to put a new record into its parent's list.
 */
export const LiveActivityFragmentDoc = graphql(`
  fragment LiveActivity on Activity {
    id
    interventionId
    dueAt
    ...ActivityItem_Activity
  }
`);

export const LiveInterventionFragmentDoc = graphql(`
  fragment LiveIntervention on Intervention {
    id
    ...InterventionCard_Intervention
  }
`);

export const LiveSubGoalFragmentDoc = graphql(`
  fragment LiveSubGoal on SubGoal {
    id
    ...SubGoalItem_SubGoal
  }
`);

export const LiveSubGoalProgressFragmentDoc = graphql(`
  fragment LiveSubGoalProgress on SubGoalProgress {
    id
    subGoalId
    measuredOn
    ...ProgressPoint_SubGoalProgress
  }
`);

export const LivePlanFragmentDoc = graphql(`
  fragment LivePlan on Plan {
    id
    ...PlanGoal_Plan
  }
`);

export const LiveProgrammeFragmentDoc = graphql(`
  fragment LiveProgramme on Programme {
    id
    ...ProgrammeSummary_Programme
    ...Warnings_Programme
    ...NextStepSection_Programme
  }
`);

/** A follow-up meeting as "Opfølgning" lists it, and its plan for the list. */
export const LiveFollowUpFragmentDoc = graphql(`
  fragment LiveFollowUp on FollowUpMeeting {
    id
    planId
    heldAt
    ...FollowUpItem_FollowUpMeeting
  }
`);

/** A mentor's task as the plan's mentor section lists it, and its plan for the list. */
export const LiveMentorTaskFragmentDoc = graphql(`
  fragment LiveMentorTask on MentorTask {
    id
    planId
    date
    createdAt
    ...MentorTaskItem_MentorTask
  }
`);

/**
 * A live event: the story, and the changed record, typed, to write into the cache. The
 * record is selected once per kind of record, each under its own alias: the screens'
 * fragments share field names with different types (`status` is an activity's, an
 * intervention's, a programme's status), and GraphQL merges fields of one name in one
 * selection only when their types agree. The server resolves the same record for each;
 * only the alias matching its type has fields.
 */
export const LiveEventFragmentDoc = graphql(`
  fragment LiveEvent on PlanEvent {
    ...PlanEventStory
    asActivity: record {
      __typename
      ... on Activity {
        ...LiveActivity
      }
    }
    asIntervention: record {
      __typename
      ... on Intervention {
        ...LiveIntervention
      }
    }
    asSubGoal: record {
      __typename
      ... on SubGoal {
        ...LiveSubGoal
      }
      ... on SubGoalProgress {
        ...LiveSubGoalProgress
      }
    }
    asPlan: record {
      __typename
      ... on Plan {
        ...LivePlan
      }
    }
    asProgramme: record {
      __typename
      ... on Programme {
        ...LiveProgramme
      }
    }
    asFollowUp: record {
      __typename
      ... on FollowUpMeeting {
        ...LiveFollowUp
      }
    }
    asMentorTask: record {
      __typename
      ... on MentorTask {
        ...LiveMentorTask
      }
    }
    asDescriptionSection: record {
      __typename
      ... on DescriptionSection {
        ...DescriptionSectionItem
      }
    }
  }
`);

export const PlanEventsSubscription = graphql(`
  subscription PlanEvents($planId: ID!, $afterSeq: String) {
    planEvents(planId: $planId, afterSeq: $afterSeq) {
      ...LiveEvent
    }
  }
`);

/**
 * Mine sager reads only the story: the list is refetched for its order and counts. A change
 * that took a plan from the viewer comes as `PlanLeftCaseload` in its place: only the plan's
 * id and the seq.
 */
export const CaseloadEventsSubscription = graphql(`
  subscription CaseloadEvents($afterSeq: String) {
    caseloadEvents(afterSeq: $afterSeq) {
      __typename
      seq
      planId
      ...PlanEventStory
    }
  }
`);

/** A plan has left the viewer's caseload (a change took it from them): which, and where in the stream. */
export interface PlanLeft {
  left: true;
  seq: string;
  planId: string;
}

/** One item of the caseload stream: a change in one of the viewer's plans, or a plan that left their list. */
export type CaseloadItem = (PlanEvent & { left?: false }) | PlanLeft;

export function caseloadItemOf(data: CaseloadEventsData): CaseloadItem {
  const item = data.caseloadEvents;
  if (item.__typename === 'PlanLeftCaseload') return { left: true, seq: item.seq, planId: item.planId };
  return getFragmentData(PlanEventStoryFragmentDoc, item);
}

/** The plan's history, newest first, a page at a time; `recordId` narrows it to one record. */
export const PlanHistoryQuery = graphql(`
  query PlanHistory($planId: ID!, $recordId: ID, $first: Int, $before: String) {
    planHistory(planId: $planId, recordId: $recordId, first: $first, before: $before) {
      items {
        ...PlanEventStory
      }
      olderCursor
    }
  }
`);

/** One change in the plan as a person reads it (live or from the history). */
export type PlanEvent = Omit<PlanEventStoryFragment, ' $fragmentName'>;
export type FieldChange = PlanEvent['changes'][number];

/** The changed record of a live event, under one alias per kind of record. */
export type LiveRecords = Omit<LiveEventFragment, ' $fragmentRefs' | ' $fragmentName'>;

/** A live event: its story and its typed record. */
export type LiveEvent = PlanEvent & LiveRecords;

export function liveEventOf(data: FragmentType<typeof LiveEventFragmentDoc>): LiveEvent {
  const records = getFragmentData(LiveEventFragmentDoc, data);
  return { ...getFragmentData(PlanEventStoryFragmentDoc, records), ...records };
}

/**
 * What to mark on the plan page for an event: the changed item's id, its sub-goal for a
 * progress measurement, and the section it lives in for records shown as a whole section
 * (follow-ups, coordinator, team, the goal, the forløb, what follows it).
 */
export function highlightKeys(event: Pick<PlanEvent, 'entityId' | 'kind' | 'planId' | 'record'>): string[] {
  const keys = [event.entityId];
  if (event.record?.__typename === 'SubGoalProgress') keys.push(event.record.subGoalId);
  switch (event.kind) {
    case 'FOLLOW_UP_RECORDED':
      keys.push('section:followUps');
      break;
    case 'COORDINATOR_ASSIGNED':
      keys.push('section:coordinator');
      break;
    case 'TEAM_CHANGED':
      keys.push('section:team');
      break;
    case 'PLAN_UPDATED':
      keys.push('section:goal', event.planId);
      break;
    // The personal jobformidler (LAB §113 a) is shown on the "Forløb" card.
    case 'JOB_FACILITATOR_CHANGED':
      keys.push('section:programme');
      break;
    case 'PROGRAMME_UPDATED':
    case 'PROGRAMME_CREATED':
      // A decision on what follows is told as a change of its programme, with the decision as its
      // record: it is "Efter forløbet" that changed, not the forløb's own facts ("Forløb").
      keys.push(event.record?.__typename === 'NextStepDecision' ? 'section:nextStep' : 'section:programme');
      break;
    case 'MENTOR_GRANT_CREATED':
    case 'MENTOR_GRANT_ENDED':
    case 'MENTOR_TASK_LOGGED':
    case 'MENTOR_TASK_UPDATED':
      keys.push('section:mentor');
      break;
    default:
      break;
  }
  return keys;
}

/**
 * Whether an event is somebody's change, to show as "Ændret af …". WARNINGS_CHANGED is the
 * rules re-evaluating a programme (after a write, or when a day passed): it refreshes
 * warnings but is nobody's change.
 */
export function isSomebodysChange(event: Pick<PlanEvent, 'kind'>): boolean {
  return event.kind !== 'WARNINGS_CHANGED';
}

/** Another person's change, which the viewer has not seen yet: after their read position. */
export function isUnseenBy(event: Pick<PlanEvent, 'kind' | 'actor' | 'seq'>, viewerId: string | null | undefined, lastSeenSeq: string | null | undefined): boolean {
  if (!isSomebodysChange(event)) return false;
  if (viewerId && event.actor?.id === viewerId) return false;
  return seqAfter(event.seq, lastSeenSeq);
}

/**
 * "Registrér fremmøde" for a samtale held is one action that stores two events in one
 * transaction: the held samtale's own (FOLLOW_UP_RECORDED, for its history and the other
 * screens) and the booking's (MEETING_ATTENDANCE_RECORDED), whose line says it all: the
 * samtale held and the next one (server: live/told-together.ts). One transaction: one person,
 * one moment (`at` is when the transaction began), the held samtale's first.
 */
export function toldTogether(heldSamtale: Pick<PlanEvent, 'kind' | 'planId' | 'actor' | 'at' | 'seq'>, attendance: Pick<PlanEvent, 'kind' | 'planId' | 'actor' | 'at' | 'seq'>): boolean {
  return heldSamtale.kind === 'FOLLOW_UP_RECORDED' && attendance.kind === 'MEETING_ATTENDANCE_RECORDED' && heldSamtale.planId === attendance.planId
    && !!heldSamtale.actor && heldSamtale.actor.id === attendance.actor?.id && heldSamtale.at === attendance.at && seqAfter(attendance.seq, heldSamtale.seq);
}

/**
 * The plan's changes as a person reads them, one line per action: a held samtale's event told
 * by the booking's fremmøde beside it is left out (the record's own history keeps it).
 */
export function oneLinePerAction<E extends PlanEvent>(events: readonly E[]): E[] {
  const attendances = events.filter((e) => e.kind === 'MEETING_ATTENDANCE_RECORDED');
  if (!attendances.length) return [...events];
  return events.filter((e) => !attendances.some((a) => toldTogether(e, a)));
}
