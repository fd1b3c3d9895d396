import type { ApolloCache, Reference } from '@apollo/client';
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
      code
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

type Entity = Record<string, unknown> & { __typename?: unknown; id?: unknown };

function isScalar(value: unknown): boolean {
  return value === null || (value !== undefined && typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Writes the scalar fields of a changed record into the cached object of the same
 * `__typename` and `id`. Only fields the cache already holds are touched (cache.modify
 * calls a modifier only for existing fields), so internal extras are ignored. When the
 * record names who changed it (`updatedById`) and that person is known, `updatedBy` is
 * pointed at them. Returns false when the object is not in the cache (e.g. it is new).
 */
export function applyEntityToCache(
  cache: ApolloCache,
  entity: Entity | null | undefined,
  options: { typename?: string; actor?: { id: string; name: string } | null } = {},
): boolean {
  if (!entity) return false;
  const typename = typeof entity.__typename === 'string' ? entity.__typename : options.typename;
  const id = typeof entity.id === 'string' ? entity.id : undefined;
  if (!typename || !id) return false;
  const cacheId = cache.identify({ __typename: typename, id });
  if (!cacheId) return false;

  const fields: Record<string, (existing: unknown, details: { toReference: (o: { __typename: string; id: string }) => Reference | undefined }) => unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key === '__typename' || key === 'id' || !isScalar(value)) continue;
    fields[key] = () => value;
  }
  const actor = options.actor;
  if (actor && entity.updatedById === actor.id) {
    cache.writeFragment({
      id: cache.identify({ __typename: 'User', id: actor.id }),
      fragment: ActorFragment,
      data: { __typename: 'User', id: actor.id, name: actor.name },
    });
    fields.updatedBy = (_existing, { toReference }) => toReference({ __typename: 'User', id: actor.id });
  }
  return cache.modify({ id: cacheId, fields: fields as never });
}

const ActorFragment = graphql(`
  fragment LiveActor on User {
    __typename
    id
    name
  }
`);

/**
 * What to highlight on the plan page for an event: the changed item's id, plus the
 * section it lives in for records shown as a whole section (follow-ups, coordinator, team).
 */
export function highlightKeys(event: Pick<LiveEvent, 'entityType' | 'entityId' | 'kind' | 'entity' | 'planId'>): string[] {
  const entity = (event.entity ?? {}) as Entity;
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

/** The unit to name in "Ændret af {enhed}": the unit, or the person when they have none (a mentor). */
/**
 * Whether an event is somebody's change, to show as "Ændret af …". WARNINGS_CHANGED is the
 * rules re-evaluating a programme (after a write, or when a day passed): it refreshes
 * warnings but is nobody's change.
 */
export function isSomebodysChange(event: Pick<LiveEvent, 'kind'>): boolean {
  return event.kind !== 'WARNINGS_CHANGED';
}

export function changedByLabel(event: Pick<LiveEvent, 'unit' | 'actor'>): string {
  return event.unit?.name ?? event.actor?.name ?? 'en anden';
}
