import { Role } from '../org/org.enums';
import { mentorMayReceive } from '../mentor/mentor-events';
import { mentorMaySeeActivitySql } from '../consent';
import type { Actor } from '../../core/auth/actor';
import type { FeedEvent } from '../../core/events/event-row';
import { EventKind } from '../../core/events/event-kinds';
import { createPlanAccessLoader, planPolicy, type PlanAccess } from '../plan';
import { roleEventView } from './role-views';
import type { Queryable } from '../../core/db/queryable';

/**
 * May this subscriber be sent this event, now? Checked for every event at delivery time
 * (live and replay), against the plan's access as it is at that moment: a unit taken off
 * the team, or a coordinator replaced, stops receiving with the next event.
 * A mentor receives only their scoped view (mentor-events.ts); a citizen only theirs (role-views.ts).
 */
export function canReceive(actor: Actor, event: FeedEvent, access: PlanAccess | null): boolean {
  if (!access || access.planId !== event.planId) return false;
  if (actor.municipalityId !== event.municipalityId) return false;
  if (actor.role === Role.MENTOR) return mentorMayReceive(actor, event, access);
  // The citizen (and any role with a view of its own): only what that view lets through (role-views.ts).
  const own = roleEventView(actor.role);
  if (own) return own.mayReceive(actor, event, access);
  return planPolicy.read(actor, access);
}

/** The changes that can take a plan from a member of staff: their unit off the team, the coordinatorship handed on. */
const TAKES_ACCESS: ReadonlySet<string> = new Set([EventKind.TEAM_CHANGED, EventKind.COORDINATOR_ASSIGNED]);

/**
 * Did this event take the plan from a member of staff who was following it (their unit taken
 * off the team, or they handed the plan on and their unit is not on the team)? Their stream
 * then ends with NOT_FOUND, so the open page learns it at once instead of going quiet. A mentor's
 * and a citizen's own views end by their own events (mentor-events.ts, role-views.ts).
 */
export function takesPlanFrom(actor: Actor, event: FeedEvent, access: PlanAccess | null): boolean {
  if (!TAKES_ACCESS.has(event.kind) || actor.role === Role.MENTOR || roleEventView(actor.role)) return false;
  if (actor.municipalityId !== event.municipalityId || (access && access.planId !== event.planId)) return false;
  return !planPolicy.read(actor, access);
}

/**
 * Access for many plans in one query, fresh every call (never cached across batches); for
 * plans with a mentor grant also what is shared with the mentor now, in one more query, so
 * a mentor is never sent an item that has been unshared since (mentor-events.ts).
 */
export async function loadAccessMap(ds: Queryable, planIds: string[]): Promise<Map<string, PlanAccess | null>> {
  const loaded = await createPlanAccessLoader(ds).loadMany(planIds);
  const out = new Map<string, PlanAccess | null>();
  planIds.forEach((id, i) => {
    const a = loaded[i];
    if (a instanceof Error) throw a;
    out.set(id, a);
  });
  const withGrants = [...out.values()].filter((a): a is PlanAccess => !!a && a.mentorGrants.length > 0);
  if (withGrants.length > 0) {
    for (const a of withGrants) a.mentorSharedIds = [];
    const shared: Array<{ plan_id: string; id: string }> = await ds.query(
      `SELECT a.plan_id, a.id::text AS id FROM activity a WHERE a.plan_id = ANY($1::uuid[]) AND a.shared_with_mentor AND ${mentorMaySeeActivitySql('a')}
       UNION ALL SELECT plan_id, id::text FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) AND shared_with_mentor`,
      [withGrants.map((a) => a.planId)],
    );
    for (const row of shared) out.get(row.plan_id)?.mentorSharedIds?.push(row.id);
  }
  return out;
}
