import { Role, type UnitKind } from '../org/org.enums';
import { mentorMayReceive } from '../mentor/mentor-events';
import { consentScopeSql, loadMentorConsentPeriods, mayShareWithMentor, mentorMaySeeActivitySql } from '../consent';
import type { Actor } from '../../core/auth/actor';
import type { FeedEvent } from '../../core/events/event-row';
import { createPlanAccessLoader, HOLDER_CHANGES, planPolicy, type PlanAccess, type PlanHolders } from '../plan';
import { roleEventView } from './role-views';
import type { Queryable } from '../../core/db/queryable';

/**
 * May this subscriber be sent this event, now? Checked for every event at delivery time
 * (live and replay), against the plan's access as it is at that moment: a unit taken off
 * the team, or a coordinator replaced, stops receiving with the next event.
 * A mentor receives only their scoped view (mentor-events.ts); a citizen only theirs (role-views.ts).
 */
export function canReceive(actor: Actor, event: FeedEvent, access: PlanAccess | null, now: () => Date): boolean {
  if (!access || access.planId !== event.planId) return false;
  if (actor.municipalityId !== event.municipalityId) return false;
  // The mentor's grant is judged on the server's today, as their plan gate and presence judge it.
  // The clock is read only here: this runs for every subscriber of every event, and only a mentor's check needs it.
  if (actor.role === Role.MENTOR) return mentorMayReceive(actor, event, access, now());
  // The citizen (and any role with a view of its own): only what that view lets through (role-views.ts).
  const own = roleEventView(actor.role);
  if (own) return own.mayReceive(actor, event, access);
  return planPolicy.read(actor, access);
}

/**
 * May a mentor be told that a member of this unit made a change (an event's actor and unit,
 * or whose saved values a change replaced)? Not for a health or social unit: that such a unit
 * works with the citizen is itself health or social information (GDPR art. 9), and the
 * mentor's summary of the change is neutral already (mentor-events.ts). Stricter than
 * presence, which reads the mentor's own consent entries: the answer depends on the unit only,
 * so mentors still share one execution per event (core/http/shared-delivery.ts). No unit
 * (a coordinator outside the units, the citizen): yes.
 */
export function unitNamedToMentor(unit: { kind: UnitKind } | null | undefined): boolean {
  return !unit || mayShareWithMentor(unit.kind, []);
}

/** Who held the plan just before the event, as its writer stored it; undefined when the event does not say (written before that was stored). */
function holdersBefore(event: FeedEvent): PlanHolders | undefined {
  const before = event.payload.holdersBefore as { coordinatorId?: unknown; teamUnitIds?: unknown } | undefined;
  if (!before || !Array.isArray(before.teamUnitIds)) return undefined;
  return {
    coordinatorId: typeof before.coordinatorId === 'string' ? before.coordinatorId : null,
    teamUnitIds: before.teamUnitIds.filter((id): id is string => typeof id === 'string'),
  };
}

/**
 * Did this event take the plan from a member of staff (their unit taken off the team, or they
 * handed the plan on and their unit is not on the team)? A mentor's and a citizen's own views
 * end by their own events (mentor-events.ts, role-views.ts).
 *
 * `following`: the subscriber follows this very plan (planEvents). They held it when they
 * subscribed, and their stream ends with the change that takes it: it is enough that they
 * cannot read it now. The caseload stream covers every plan of the municipality, most of
 * which the subscriber never held: there the event itself must say that they held the plan
 * just before it (`holdersBefore`), or a change to a plan they never had would reach them.
 */
export function takesPlanFrom(actor: Actor, event: FeedEvent, access: PlanAccess | null, following: boolean): boolean {
  if (!HOLDER_CHANGES.has(event.kind) || actor.role === Role.MENTOR || roleEventView(actor.role)) return false;
  if (actor.municipalityId !== event.municipalityId || (access && access.planId !== event.planId)) return false;
  if (planPolicy.read(actor, access)) return false;
  if (following) return true;
  const before = holdersBefore(event);
  return !!access && !!before && planPolicy.read(actor, { ...access, ...before });
}

/**
 * Access for many plans in one query, fresh every call (never cached across batches); for
 * plans with a mentor grant also what is shared with the mentor now, in one more query, so
 * a mentor is never sent an item that has been unshared since, and when the citizen's
 * register shared health or social details with the mentor, in one more, so a health or
 * social activity's event reaches them only if a consent covered it then and covers it now
 * (mentor-events.ts).
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
    for (const a of withGrants) {
      a.mentorSharedIds = [];
      a.mentorConsentScopes = {};
      a.mentorPlannedStepsByIntervention = {};
    }
    const planIds = withGrants.map((a) => a.planId);
    type SharedRow = { plan_id: string; id: string; scope: string | null; planned_in: string | null };
    const [shared, periods, latestHeld]: [SharedRow[], Map<string, PlanAccess['mentorConsentPeriods']>, Array<{ plan_id: string; shared_with_mentor: boolean }>] = await Promise.all([
      // `planned_in`: the intervention of a step still planned, whose ending or reopening moves it
      // in or out of the mentor's list (mentor-events.ts); read in the same statement, no extra trip.
      ds.query(
        `SELECT a.plan_id, a.id::text AS id, ${consentScopeSql('i.unit_kind')} AS scope,
                CASE WHEN a.status = 'PLANNED' THEN a.intervention_id::text END AS planned_in
           FROM activity a LEFT JOIN intervention i ON i.id = a.intervention_id
          WHERE a.plan_id = ANY($1::uuid[]) AND a.shared_with_mentor AND ${mentorMaySeeActivitySql('a')}
         UNION ALL SELECT plan_id, id::text, NULL, NULL FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) AND shared_with_mentor`,
        [planIds],
      ),
      loadMentorConsentPeriods(ds, planIds),
      ds.query(`SELECT DISTINCT ON (plan_id) plan_id, shared_with_mentor FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, held_at DESC`, [planIds]),
    ]);
    for (const row of shared) {
      const a = out.get(row.plan_id);
      a?.mentorSharedIds?.push(row.id);
      if (a?.mentorConsentScopes && row.scope) a.mentorConsentScopes[row.id] = row.scope;
      const steps = a?.mentorPlannedStepsByIntervention;
      if (steps && row.planned_in) (steps[row.planned_in] ??= []).push(row.id);
    }
    for (const a of withGrants) a.mentorConsentPeriods = periods.get(a.planId) ?? [];
    for (const row of latestHeld) {
      const a = out.get(row.plan_id);
      if (a) a.mentorNextSamtaleShared = row.shared_with_mentor;
    }
  }
  return out;
}
