import { Role } from '../org/org.enums';
import { mentorMayReceive } from '../mentor/mentor-events';
import type { Actor } from '../../core/auth/actor';
import type { FeedEvent } from '../../core/events/event-row';
import { createPlanAccessLoader, planPolicy, type PlanAccess } from '../plan';
import type { DataSource } from 'typeorm';

/**
 * May this subscriber be sent this event, now? Checked for every event at delivery time
 * (live and replay), against the plan's access as it is at that moment: a unit taken off
 * the team, or a coordinator replaced, stops receiving with the next event.
 * A mentor receives only their scoped view (mentor-events.ts).
 */
export function canReceive(actor: Actor, event: FeedEvent, access: PlanAccess | null): boolean {
  if (!access || access.planId !== event.planId) return false;
  if (actor.municipalityId !== event.municipalityId) return false;
  if (actor.role === Role.MENTOR) return mentorMayReceive(actor, event, access);
  return planPolicy.read(actor, access);
}

/** Access for many plans in one query, fresh every call (never cached across batches). */
export async function loadAccessMap(ds: DataSource, planIds: string[]): Promise<Map<string, PlanAccess | null>> {
  const loaded = await createPlanAccessLoader(ds).loadMany(planIds);
  const out = new Map<string, PlanAccess | null>();
  planIds.forEach((id, i) => {
    const a = loaded[i];
    if (a instanceof Error) throw a;
    out.set(id, a);
  });
  return out;
}
