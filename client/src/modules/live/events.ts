import { graphql } from '../../gql';
import type { LiveEventFragment } from '../../gql/graphql';

/**
 * Plan events (server: modules/live): one committed change in a plan. `entity` is the
 * changed record as the server stored it (with `__typename`); its field names are the
 * API's, plus internal ones (`unitId`, `updatedById`, …) that the cache ignores.
 */
export const LiveEventFragmentDoc = graphql(`
  fragment LiveEvent on PlanEvent {
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
    entity
  }
`);

export const PlanEventsSubscription = graphql(`
  subscription PlanEvents($planId: ID!, $afterSeq: String) {
    planEvents(planId: $planId, afterSeq: $afterSeq) {
      ...LiveEvent
    }
  }
`);

export const CaseloadEventsSubscription = graphql(`
  subscription CaseloadEvents($afterSeq: String) {
    caseloadEvents(afterSeq: $afterSeq) {
      ...LiveEvent
    }
  }
`);

export type LiveEvent = LiveEventFragment;

/**
 * What to highlight on the plan page for an event: the changed item's id, plus the
 * section it lives in for records shown as a whole section (follow-ups, coordinator, team).
 */
export function highlightKeys(event: Pick<LiveEvent, 'entityType' | 'entityId' | 'kind' | 'entity' | 'planId'>): string[] {
  const entity = (event.entity ?? {}) as Record<string, unknown>;
  const keys = [event.entityId];
  if (entity.__typename === 'SubGoalProgress' && typeof entity.subGoalId === 'string') keys.push(entity.subGoalId);
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
    case 'PROGRAMME_UPDATED':
    case 'PROGRAMME_CREATED':
      keys.push('section:programme');
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
export function isSomebodysChange(event: Pick<LiveEvent, 'kind'>): boolean {
  return event.kind !== 'WARNINGS_CHANGED';
}

/** The unit to name in "Ændret af {enhed}": the unit, or the person when they have none (a mentor). */
export function changedByLabel(event: Pick<LiveEvent, 'unit' | 'actor'>): string {
  return event.unit?.name ?? event.actor?.name ?? 'en anden';
}
