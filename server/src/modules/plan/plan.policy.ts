import DataLoader from 'dataloader';
import { grantRunsOn } from '@samplan/schema';
import type { DataSource } from 'typeorm';
import type { Queryable } from '../../core/db/queryable';
import type { Actor } from '../../core/auth/actor';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { Role, STAFF_ROLES } from '../../core/auth/roles';
import { UnitKind } from '../org/org.enums';
import { ProgrammeType } from './plan.enums';
import { keepPrepared } from '../../core/db/statement-batch';

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
   * Activities and follow-up meetings shared with a mentor now (a health or social activity:
   * under an entry for any mentor; mentorConsentPeriods says for which). Loaded only where events
   * are delivered (live/live.policy.ts), for plans with a mentor grant; absent means none.
   */
  mentorSharedIds?: string[];
  /**
   * Of those, the activities of a health or social intervention: the consent scope each needs
   * to reach the mentor (consent.policy.ts, mayShareWithMentor). Loaded with mentorSharedIds.
   */
  mentorConsentScopes?: Record<string, string>;
  /**
   * Of those, the activities still planned, by the intervention they belong to: an
   * intervention's ending takes them from the mentor's list and its reopening gives them back
   * (mentor.service.ts, myMentorCases), so its status change reaches the mentor (mentor-events.ts).
   * Loaded with mentorSharedIds.
   */
  mentorPlannedStepsByIntervention?: Record<string, string[]>;
  /**
   * When the citizen's register shared each scope with the mentor, withdrawn entries too
   * (epoch ms), and the one mentor an entry names (null: whoever holds the grant). Loaded with mentorSharedIds.
   */
  mentorConsentPeriods?: Array<{ scope: string; mentorId: string | null; from: number; until: number | null }>;
  /**
   * Whether the plan's latest held samtale is shared with the mentor now: then a booking,
   * move or cancellation may change the next samtale the mentor sees (mentor-next-samtale.ts).
   * Loaded with mentorSharedIds.
   */
  mentorNextSamtaleShared?: boolean;
  /** True once the programme has ended: its plan is kept as it was, to be read, not changed (plan-guard.ts). */
  programmeEnded?: boolean;
  /** The programme's type (ProgrammeType): who decides what follows, and which frame a refusal cites (plan-guard.ts). */
  programmeType?: string;
}

/** The caller's standing in one plan. */
export type PlanStanding = 'COORDINATOR' | 'TEAM' | null;

/** Who holds a plan: its coordinator and the units on its team (with the municipality, all that `standing` asks of a plan). */
export type PlanHolders = Pick<PlanAccess, 'coordinatorId' | 'teamUnitIds'>;

/**
 * The changes that decide who holds a plan. Their events store the holders as they were just
 * before the change (`payload.holdersBefore`, written under the programme's lock, plan-write.ts),
 * so a receiver can tell later, on a replay too, whom the change took the plan from: an
 * event says nothing else of who was on the plan before it (modules/live, takesPlanFrom).
 */
export const HOLDER_CHANGES: ReadonlySet<string> = new Set([EventKind.TEAM_CHANGED, EventKind.COORDINATOR_ASSIGNED]);

/**
 * Row rules for the shared plan (deny by default). Anything a caller cannot read answers
 * NOT_FOUND, so that another municipality's or another team's plan does not leak.
 *  - the coordinator reads everything and writes plan-level items (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1);
 *  - staff of a unit on the team read the plan and manage their own unit's interventions;
 *  - everybody else (other units, leaders, mentors without a grant, other municipalities): nothing.
 */
export function standing(actor: Pick<Actor, 'userId' | 'municipalityId' | 'role' | 'unitId'>, access: PlanAccess | null): PlanStanding {
  if (!access || actor.municipalityId !== access.municipalityId) return null;
  // Coordinating is a caseworker's function: one made leader or administrator since (possible
  // once their programmes have ended) no longer holds the plans they coordinated.
  if (access.coordinatorId === actor.userId && STAFF_ROLES.includes(actor.role)) return 'COORDINATOR';
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
  /**
   * The decision on what follows the programme (STAR’s vejledning om ressourceforløb 2020,
   * afsnit 6.5): for a ressourceforløb or jobafklaringsforløb a decision under the
   * employment legislation (`decide`); the municipality's own forløb is tied to no jobcenter
   * (lov nr. 1750 af 29. december 2025), so its coordinator decides, as they end it
   * (programme-law.ts, updateNeed).
   */
  decideWhatFollows: (actor: Actor, access: PlanAccess | null, programmeType: string) =>
    programmeType === ProgrammeType.HELHEDSORIENTERET ? planPolicy.coordinate(actor, access) : planPolicy.decide(actor, access),
  /**
   * A mentor's scoped view of the plan (STAR’s vejledning om ressourceforløb 2020, afsnit
   * 5.8) is open while one of their grants on it is active on `today` and the programme
   * still runs: ending the programme ends the mentor's access the same day, whatever end
   * date the grant was cut to. The one gate for the mentor's live events, the plan's
   * history and presence (the mentor's own page asks the same of the grant it opens).
   */
  mentorView: (actor: Pick<Actor, 'userId' | 'municipalityId' | 'role'>, access: PlanAccess | null, today: string) =>
    !!access && access.municipalityId === actor.municipalityId && actor.role === Role.MENTOR && !access.programmeEnded &&
    access.mentorGrants.some((g) => g.mentorId === actor.userId && grantRunsOn(g, today)),
};

interface PlanAccessRow {
  id: string; programme_id: string; citizen_id: string; municipality_id: string; coordinator_id: string | null; coordinator_unit_kind: string | null; team: string[];
  grants: PlanAccess['mentorGrants'] | null;
  programme_ended: boolean | null;
  programme_type: string | null;
}

function toPlanAccess(r: PlanAccessRow): PlanAccess {
  return {
    planId: r.id, programmeId: r.programme_id, citizenId: r.citizen_id, municipalityId: r.municipality_id, coordinatorId: r.coordinator_id, coordinatorUnitKind: r.coordinator_unit_kind, teamUnitIds: r.team,
    mentorGrants: (r.grants ?? []).map((g) => ({ ...g, createdAt: Number(g.createdAt) })),
    programmeEnded: r.programme_ended === true,
    programmeType: r.programme_type ?? undefined,
  };
}

/**
 * The facts' columns by name, not `*`: the statements are kept prepared per connection, and a
 * migration that adds a column to the function (33 did) must not change what a running
 * instance's prepared statement returns.
 */
const FACT_COLUMNS = (f: string) =>
  ['id', 'programme_id', 'citizen_id', 'municipality_id', 'coordinator_id', 'coordinator_unit_kind', 'team', 'grants', 'programme_ended', 'programme_type'].map((c) => `${f}.${c}`).join(', ');

export function createPlanAccessLoader(ds: Queryable) {
  return new DataLoader<string, PlanAccess | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    // The statement is the database function plan_access_facts (migration 30), whose plan PostgreSQL keeps.
    const rows: PlanAccessRow[] = valid.length === 0 ? [] : await ds.query(keepPrepared(`SELECT ${FACT_COLUMNS('f')} FROM plan_access_facts($1::uuid[]) f`), [valid]);
    const byId = new Map(rows.map((r) => [r.id, toPlanAccess(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Tables of a plan's own rows, each with a `plan_id`: what `planAccessOfRow` may be asked about. */
export type PlanRowTable = 'intervention' | 'activity';
const PLAN_ROW_TABLES: ReadonlySet<string> = new Set<PlanRowTable>(['intervention', 'activity']);

/**
 * The plan a row belongs to, keyed `table:id`, read with the plan gate's facts in the same
 * statement; the facts are primed into `planAccess`. A change to a row then costs no round
 * trip of its own to find what the gate decides on: the row and its plan's facts are read
 * together. Answers null for a row the caller cannot see (or that does not exist).
 */
export function createPlanAccessOfRowLoader(ds: Queryable, planAccess: DataLoader<string, PlanAccess | null>) {
  return new DataLoader<string, string | null>(async (keys) => {
    const idsByTable = new Map<string, string[]>();
    for (const key of keys) {
      const [table, id] = key.split(':');
      if (!PLAN_ROW_TABLES.has(table)) throw new Error(`planAccessOfRow: "${table}" is not a table of plan rows`);
      if (isUuid(id)) idsByTable.set(table, [...(idsByTable.get(table) ?? []), id]);
    }
    const planOf = new Map<string, string>();
    await Promise.all(
      [...idsByTable].map(async ([table, ids]) => {
        const rows: Array<PlanAccessRow & { row_id: string }> = await ds.query(
          keepPrepared(`SELECT x.id::text AS row_id, ${FACT_COLUMNS('f')} FROM ${table} x CROSS JOIN LATERAL plan_access_facts(ARRAY[x.plan_id]) f WHERE x.id = ANY($1::uuid[])`),
          [ids],
        );
        for (const r of rows) {
          planOf.set(`${table}:${r.row_id}`, r.id);
          planAccess.prime(r.id, toPlanAccess(r));
        }
      }),
    );
    return keys.map((k) => planOf.get(k) ?? null);
  });
}

/** Plan access, read fresh (no per-request cache): used at event delivery time. */
export async function loadPlanAccess(ds: DataSource, planId: string): Promise<PlanAccess | null> {
  return createPlanAccessLoader(ds).load(planId);
}
