import { formatDanishDate, localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import { STAFF_ROLES, type Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { badInput, conflict, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { UnitKind } from '../org/org.enums';
import {
  actorLabel, camelRow, COORDINATE, guardPlan, planPolicy, refuseUnseen, unitWork, writeInPlan, type ChangeOutcome, type PlanAccess, type PlanNeed, type Programme,
} from '../plan';
import { typeLaw } from '../rules/law/law-version';
import { JobFacilitatorAssignment, type AssignJobFacilitatorInput, type EndJobFacilitatorInput } from './job-facilitator.types';

/**
 * LAB §113 a (lov nr. 1160 af 8. juni 2021, in force 1 January 2022): a citizen in a
 * ressourceforløb has the right to a personal jobformidler, one named person in the jobcenter who
 * helps them towards a job. On a programme whose law version and type give the right (a
 * ressourceforløb decided under the 2022 rules, `TypeLaw.jobFacilitator`), the coordinator or a
 * caseworker of a jobcenter unit on the plan's team records who it is, from which day; changes it
 * (a new person from a day) and ends it (none from a day). Every assignment is kept, as the
 * coordinator's are: a change ends the current row and adds the next, never overwrites it.
 *
 * The day is not ahead of today and not before the forløb's decision date (afgørelsesdato: the
 * right comes with the decision, so one may be named before the first day), nor before the
 * current jobformidler's own first day. Each change is written with its audit row and its event
 * (JOB_FACILITATOR_CHANGED) in one transaction (writeInPlan), under the programme's lock.
 */

const SOURCE = 'LAB §113 a';
const ENTITY_TYPE = 'JOB_FACILITATOR';

/** Whether the programme's own law version gives the citizen the right (LAB §113 a). */
export function jobFacilitatorApplies(programme: Pick<Programme, 'lawVersion' | 'type'>): boolean {
  return !!typeLaw(programme.lawVersion, programme.type)?.jobFacilitator;
}

/** Who may record it: the coordinator, or a caseworker of a jobcenter unit on the team (anyone else is refused at the gate). */
function needOf(actor: Actor, facts: PlanAccess | null): PlanNeed {
  if (planPolicy.coordinate(actor, facts)) return COORDINATE;
  return actor.unitId && actor.unitKind === UnitKind.EMPLOYMENT ? unitWork(actor.unitId) : COORDINATE;
}

/** The same rule as the gate's, for the plan page to offer the form (`Programme.mayRecordJobFacilitator`). */
export function mayRecordJobFacilitator(actor: Actor, facts: PlanAccess | null, programme: Programme): boolean {
  if (!facts || facts.programmeEnded || !jobFacilitatorApplies(programme)) return false;
  const need = needOf(actor, facts);
  return need.kind === 'unit' ? planPolicy.manageUnitWork(actor, facts, need.unitId) : planPolicy.coordinate(actor, facts);
}

/**
 * The programme and the caller let in: the coordinator, or a caseworker of a jobcenter unit on
 * the team. Anyone else is refused at the plan's gate (NOT_FOUND when they cannot read the plan,
 * else FORBIDDEN), an ended forløb too (PROGRAMME_ENDED), each audited; then a forløb without the
 * right (JOB_FACILITATOR_NOT_APPLICABLE).
 */
async function openProgramme(ctx: RequestContext, programmeId: string, action: string): Promise<{ programme: Programme; access: PlanAccess }> {
  const programme = isUuid(programmeId) ? await ctx.loaders.programme.load(programmeId) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action, entityType: 'PROGRAMME', entityId: programmeId }, 'Forløbet');
  const need = needOf(actorOf(ctx), await ctx.loaders.planAccess.load(plan.id));
  const access = await guardPlan(ctx, plan.id, need, {
    action, entityType: 'PROGRAMME', entityId: programme.id, label: 'Forløbet',
    forbiddenMessage: 'Kun den koordinerende sagsbehandler og jobcenterets sagsbehandlere på planen kan registrere borgerens personlige jobformidler.',
  });
  if (!jobFacilitatorApplies(programme)) {
    throw ruleViolation('JOB_FACILITATOR_NOT_APPLICABLE',
      'Retten til en personlig jobformidler gælder i et ressourceforløb efter reglerne fra 2022 (LAB §113 a, lov nr. 1160 af 8. juni 2021). Den gælder ikke for dette forløb.',
      SOURCE);
  }
  return { programme, access };
}

/** The day: not ahead of today, not before the decision date, not past the forløb's last day. */
function checkDay(ctx: RequestContext, programme: Programme, day: string): void {
  if (day > localDate(ctx.deps.clock.now())) throw badInput('fromDate', 'Dagen kan ikke ligge frem i tiden.');
  if (day < programme.decisionDate) throw badInput('fromDate', `Dagen kan ikke ligge før forløbets afgørelsesdato (${formatDanishDate(programme.decisionDate)}).`);
  if (day > programme.endDate) throw badInput('fromDate', `Dagen kan ikke ligge efter forløbets slutdato (${formatDanishDate(programme.endDate)}).`);
}

type AssignmentRow = Record<string, unknown> & { id: string; user_id: string; from_date: string };

/**
 * The current assignment, read under the programme's lock (writeInPlan takes it ahead of this),
 * held to what the caller read: changed meanwhile, the change is refused with the current one
 * (CONFLICT), named as its event names it (`userName`), so the form can say who it is now.
 */
async function currentHeldTo(m: EntityManager, programmeId: string, expected: string | null | undefined): Promise<AssignmentRow | null> {
  const [current]: AssignmentRow[] = await m.query(`SELECT * FROM job_facilitator_assignment WHERE programme_id = $1 AND to_date IS NULL`, [programmeId]);
  // Left out, it means "I read none", as null does: a caller that sends nothing must not end a
  // colleague's assignment unseen.
  if ((current?.id ?? null) !== (expected ?? null)) {
    // Who registered it is no field of the assignment, but what the plan's history tells of its registration: the form says whether it was the user, in another window.
    throw conflict('Borgerens personlige jobformidler er netop ændret af en anden. Se den nye, før du ændrer den.', current ? { ...entityOf(current), userName: await nameOf(m, current.user_id) } : null,
      { assignedById: 'PlanEvent.actor' });
  }
  return current ?? null;
}

const entityOf = (row: Record<string, unknown>) => ({ __typename: 'JobFacilitatorAssignment', ...camelRow<JobFacilitatorAssignment>(row) });

/** The current one's first day: the next begins that day at the earliest. */
function refuseBeforeCurrent(current: AssignmentRow | null, day: string): void {
  if (current && day < current.from_date) {
    throw badInput('fromDate', `Den nuværende personlige jobformidler er registreret fra ${formatDanishDate(current.from_date)}. Vælg den dag eller en senere.`);
  }
}

async function nameOf(m: EntityManager, userId: string): Promise<string | null> {
  const [row]: Array<{ name: string }> = await m.query(`SELECT name FROM app_user WHERE id = $1`, [userId]);
  return row?.name ?? null;
}

/** Ends the current assignment from `day` (the first day without it). */
async function endCurrent(m: EntityManager, ctx: RequestContext, current: AssignmentRow, day: string): Promise<Record<string, unknown>> {
  const [[row]]: [Array<Record<string, unknown>>, number] = await m.query(
    `UPDATE job_facilitator_assignment SET to_date = $2, ended_at = $3, ended_by = $4 WHERE id = $1 AND to_date IS NULL RETURNING *`,
    [current.id, day, ctx.deps.clock.now(), actorOf(ctx).userId],
  );
  return row;
}

/**
 * The citizen's personal jobformidler from a day: an active caseworker of one of the
 * municipality's jobcenter units (a unit of kind Beskæftigelse, not closed). The one before, if
 * any, is ended from that day; both are kept.
 */
export async function assignJobFacilitator(ctx: RequestContext, input: AssignJobFacilitatorInput): Promise<Programme> {
  const action = 'ASSIGN_JOB_FACILITATOR';
  const { programme, access } = await openProgramme(ctx, input.programmeId, action);
  checkDay(ctx, programme, input.fromDate);
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  await writeInPlan(ctx, access, { action, entityType: ENTITY_TYPE }, async (m): Promise<ChangeOutcome<null>> => {
    // The person as they are now, held against a concurrent change of their role or unit (staff.service.ts locks the same row).
    const [target]: Array<{ id: string; name: string; role: Role; unit_id: string | null; municipality_id: string; deactivated_at: Date | null; unit_kind: string | null; unit_closed_at: Date | null; unit_name: string | null }> = await m.query(
      `SELECT u.id, u.name, u.role, u.unit_id, u.municipality_id, u.deactivated_at, un.kind AS unit_kind, un.closed_at AS unit_closed_at, un.name AS unit_name
         FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = $1 FOR SHARE OF u`,
      [isUuid(input.userId) ? input.userId : null],
    );
    if (!target || target.municipality_id !== access.municipalityId || target.deactivated_at) throw badInput('userId', 'Ukendt medarbejder.');
    if (!STAFF_ROLES.includes(target.role) || !target.unit_id || target.unit_kind !== UnitKind.EMPLOYMENT || target.unit_closed_at) {
      throw badInput('userId', 'Den personlige jobformidler skal være en aktiv sagsbehandler i en af kommunens jobcenterenheder (beskæftigelse).');
    }
    const current = await currentHeldTo(m, programme.id, input.expectedCurrentId);
    if (current?.user_id === target.id) throw badInput('userId', `${target.name} er allerede borgerens personlige jobformidler.`);
    refuseBeforeCurrent(current, input.fromDate);
    const previous = current ? await nameOf(m, current.user_id) : null;
    if (current) await endCurrent(m, ctx, current, input.fromDate);
    const [row]: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO job_facilitator_assignment (municipality_id, programme_id, user_id, unit_id, from_date, assigned_at, assigned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [access.municipalityId, programme.id, target.id, target.unit_id, input.fromDate, ctx.deps.clock.now(), actor.userId],
    ).catch((err: unknown) => {
      // Two first assignments at once: both found none to end, the second meets the first's row.
      if (uniqueViolationOf(err) === 'job_facilitator_current_uq') throw conflict('Borgerens personlige jobformidler er netop registreret af en anden. Se den nye, før du ændrer den.', null);
      throw err;
    });
    const entity = entityOf(row);
    return {
      result: null,
      entityId: entity.id,
      event: {
        kind: EventKind.JOB_FACILITATOR_CHANGED,
        // Taken on oneself, the person is named once ("… gjorde sig selv til …").
        summary: `${label} gjorde ${target.id === actor.userId ? 'sig selv' : `${target.name} (${target.unit_name})`} til borgerens personlige jobformidler fra ${formatDanishDate(input.fromDate)}`,
        entity: { ...entity, userName: target.name },
        // Only what changed: a new person from the day the one before began keeps the day. The
        // person always changed (refused above otherwise), even between two colleagues of one name.
        changes: [
          { field: 'user', before: previous, after: target.name },
          ...(current?.from_date === input.fromDate ? [] : [{ field: 'fromDate', before: current?.from_date ?? null, after: input.fromDate }]),
        ],
      },
    };
  });
  return programme;
}

/** "Ingen personlig jobformidler": the current one ends from a day (the first day without), and stays in the history. */
export async function endJobFacilitator(ctx: RequestContext, input: EndJobFacilitatorInput): Promise<Programme> {
  const action = 'END_JOB_FACILITATOR';
  const { programme, access } = await openProgramme(ctx, input.programmeId, action);
  checkDay(ctx, programme, input.fromDate);
  const label = await actorLabel(ctx);
  await writeInPlan(ctx, access, { action, entityType: ENTITY_TYPE }, async (m): Promise<ChangeOutcome<null>> => {
    const current = await currentHeldTo(m, programme.id, input.expectedCurrentId);
    if (!current) throw ruleViolation('JOB_FACILITATOR_NONE', 'Borgeren har ingen personlig jobformidler at afslutte.', SOURCE);
    refuseBeforeCurrent(current, input.fromDate);
    const name = await nameOf(m, current.user_id);
    const entity = entityOf(await endCurrent(m, ctx, current, input.fromDate));
    return {
      result: null,
      entityId: entity.id,
      event: {
        kind: EventKind.JOB_FACILITATOR_CHANGED,
        summary: `${label} registrerede, at borgeren ikke har en personlig jobformidler fra ${formatDanishDate(input.fromDate)} (før ${name ?? 'en tidligere medarbejder'})`,
        entity: { ...entity, userName: name },
        changes: [{ field: 'user', before: name, after: null }, { field: 'toDate', before: null, after: input.fromDate }],
      },
    };
  });
  return programme;
}
