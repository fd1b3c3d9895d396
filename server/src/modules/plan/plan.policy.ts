import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Queryable } from '../../core/db/queryable';
import type { Actor } from '../../core/auth/actor';
import { isUuid } from '../../core/loaders';
import { STAFF_ROLES } from '../../core/auth/roles';
import { UnitKind } from '../org/org.enums';

/** What decides who may see and change a plan: its municipality, its coordinator, its team. */
export interface PlanAccess {
  planId: string;
  programmeId: string;
  citizenId: string;
  municipalityId: string;
  coordinatorId: string | null;
  /** The current coordinator's unit code: a coordinator outside the jobcenter cannot decide under employment law. */
  coordinatorUnitKind?: string | null;
  teamUnitIds: string[];
  /**
   * Mentor grants on the plan (for the mentor's scoped event stream). `createdAt` is the
   * grant's creation in epoch milliseconds: a grant never reaches back to events before it.
   */
  mentorGrants: Array<{ mentorId: string; startDate: string; endDate: string; createdAt: number }>;
  /**
   * Activities and follow-up meetings shared with a mentor now. Loaded only where events
   * are delivered (live/live.policy.ts), for plans with a mentor grant; absent means none.
   */
  mentorSharedIds?: string[];
}

/** The caller's standing in one plan. */
export type PlanStanding = 'COORDINATOR' | 'TEAM' | null;

/**
 * Row rules for the shared plan (deny by default). Anything a caller cannot read answers
 * NOT_FOUND, so that another municipality's or another team's plan does not leak.
 *  - the coordinator reads everything and writes plan-level items (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1);
 *  - staff of a unit on the team read the plan and manage their own unit's interventions;
 *  - everybody else (other units, leaders, mentors without a grant, other municipalities): nothing.
 */
export function standing(actor: Actor, access: PlanAccess | null): PlanStanding {
  if (!access || actor.municipalityId !== access.municipalityId) return null;
  if (access.coordinatorId === actor.userId) return 'COORDINATOR';
  if (actor.unitId && STAFF_ROLES.includes(actor.role) && access.teamUnitIds.includes(actor.unitId)) return 'TEAM';
  return null;
}

export const planPolicy = {
  read: (actor: Actor, access: PlanAccess | null) => standing(actor, access) !== null,
  coordinate: (actor: Actor, access: PlanAccess | null) => standing(actor, access) === 'COORDINATOR',
  /** A unit writes only its own interventions, and only while it is on the team. */
  manageUnitWork: (actor: Actor, access: PlanAccess | null, unitId: string) =>
    standing(actor, access) !== null && actor.unitId === unitId && STAFF_ROLES.includes(actor.role) && !!access?.teamUnitIds.includes(unitId),
  /**
   * Decisions under the employment legislation (mentor support, what follows, ending a
   * programme) are taken by a caseworker of an employment unit: the coordinator when they
   * are from one; otherwise a caseworker of an employment unit on the team. A coordinator
   * from another unit "kan ikke træffe afgørelse efter beskæftigelseslovgivningen" (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
   */
  decide: (actor: Actor, access: PlanAccess | null) => {
    const s = standing(actor, access);
    if (s === null || !STAFF_ROLES.includes(actor.role) || actor.unitKind !== UnitKind.EMPLOYMENT) return false;
    return s === 'COORDINATOR' || access?.coordinatorUnitKind !== UnitKind.EMPLOYMENT;
  },
};

export function createPlanAccessLoader(ds: Queryable) {
  return new DataLoader<string, PlanAccess | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows: Array<{
      id: string; programme_id: string; citizen_id: string; municipality_id: string; coordinator_id: string | null; coordinator_unit_kind: string | null; team: string[];
      grants: PlanAccess['mentorGrants'] | null;
    }> =
      valid.length === 0
        ? []
        : await ds.query(
            // The statement is the database function plan_access_facts (migration 30), whose plan PostgreSQL keeps.
            `SELECT * FROM plan_access_facts($1::uuid[])`,
            [valid],
          );
    const byId = new Map(
      rows.map((r) => [
        r.id,
        {
          planId: r.id, programmeId: r.programme_id, citizenId: r.citizen_id, municipalityId: r.municipality_id, coordinatorId: r.coordinator_id, coordinatorUnitKind: r.coordinator_unit_kind, teamUnitIds: r.team,
          mentorGrants: (r.grants ?? []).map((g) => ({ ...g, createdAt: Number(g.createdAt) })),
        },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Plan access, read fresh (no per-request cache): used at event delivery time. */
export async function loadPlanAccess(ds: DataSource, planId: string): Promise<PlanAccess | null> {
  return createPlanAccessLoader(ds).load(planId);
}
