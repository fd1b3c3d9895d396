import { recordReadsWithCommit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { Role, STAFF_ROLES } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, notFound, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { User } from '../org/user.entity';
import { CoordinatorAssignment } from './coordinator-assignment.entity';
import { COORDINATE, guardPlan, READ, refuseUnseen } from './plan-guard';
import { actorLabel, camelRow, writeInPlan } from './plan-write';
import { refuseClosedUnits, refuseOpenInterventions } from './team-units';
import { Plan } from './plan.entity';
import type { ReassignCoordinatorInput, UpdatePlanInput } from './plan.inputs';
import type { PlanAccess } from './plan.policy';
import { checkPlanPeriod } from './programme-law';
import { uniqueViolationOf } from '../../core/db/unique-violation';

/** Reading a citizen's plan is itself audited (who looked, when). */
export async function readPlan(ctx: RequestContext, planId: string): Promise<Plan> {
  // The plan row is read with the gate's facts, in one round trip; it is dropped unanswered
  // when the gate refuses (NOT_FOUND, as for a made-up id).
  const [access, plan] = await Promise.all([guardPlan(ctx, planId, READ, { action: 'READ_PLAN', entityType: 'PLAN' }), ctx.loaders.plan.load(planId)]);
  // The read's row in the citizen's access log goes with the request's COMMIT, which comes
  // before the answer: the plan reaches the caller only once the row is written.
  await recordReadsWithCommit(ctx, [{ actor: actorOf(ctx), citizenId: access.citizenId, channel: 'PLAN_PAGE', action: 'READ_PLAN', entityType: 'PLAN', entityId: planId }]);
  return plan!;
}

export async function updatePlan(ctx: RequestContext, input: UpdatePlanInput): Promise<Plan> {
  const access = await guardPlan(ctx, input.id, COORDINATE, { action: 'UPDATE_PLAN', entityType: 'PLAN' });
  const plan = (await ctx.loaders.plan.load(input.id))!;
  const sets: Record<string, unknown> = {};
  if (input.employmentGoal != null) sets.employment_goal = input.employmentGoal.trim();
  if (input.goalKind != null) sets.goal_kind = input.goalKind;
  if (input.periodStart != null || input.periodEnd != null) {
    const start = input.periodStart ?? plan.periodStart;
    const end = input.periodEnd ?? plan.periodEnd;
    checkPlanPeriod(ctx, (await ctx.loaders.programme.load(plan.programmeId))!, start, end);
    sets.period_start = start;
    sets.period_end = end;
  }
  if (Object.keys(sets).length === 0) throw badInput('employmentGoal', 'Intet at ændre.');
  sets.updated_at = ctx.deps.clock.now();
  sets.updated_by = actorOf(ctx).userId;
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'UPDATE_PLAN', entityType: 'PLAN' }, async (m) => {
    const row = await updateVersionedChange(m, 'plan', plan.id, input.expectedVersion, sets, () => m.findOneBy(Plan, { id: plan.id }));
    const [before, updated] = [camelRow<Plan>(row.before), camelRow<Plan>(row.after)];
    return {
      result: updated,
      entityId: updated.id,
      event: {
        kind: EventKind.PLAN_UPDATED, summary: `${label} opdaterede planen`, entity: { __typename: 'Plan', ...updated }, before: { __typename: 'Plan', ...before },
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
}

const TEAM_WORDS = { add: 'tilføjede', remove: 'fjernede' } as const;

/**
 * The coordinator decides which units take part; staff of a removed unit lose access at once.
 * The team is a set of units, so two units of one kind (say, two social units) can both be on it.
 */
export async function changeTeam(ctx: RequestContext, planId: string, unitId: string, change: 'add' | 'remove'): Promise<Plan> {
  // Taking a unit's access away is possible on an ended programme too (plan-guard.ts, evenWhenEnded).
  const what = { action: change === 'add' ? 'ADD_TEAM_UNIT' : 'REMOVE_TEAM_UNIT', entityType: 'PLAN', evenWhenEnded: change === 'remove' };
  const access = await guardPlan(ctx, planId, COORDINATE, what);
  const unit = isUuid(unitId) ? await ctx.loaders.unit.load(unitId) : null;
  // Another municipality's unit is invisible: refused as unseen, and logged (a probe counts towards the account review).
  if (!unit) return refuseUnseen(ctx, { action: what.action, entityType: 'UNIT', entityId: unitId }, 'Enheden');
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  const changed = await writeInPlan(ctx, access, what, async (m) => {
    const teamNames = async () => ((await m.query(
      `SELECT u.name FROM plan_team_unit t JOIN unit u ON u.id = t.unit_id WHERE t.plan_id = $1 ORDER BY t.added_at, u.name`, [planId],
    )) as Array<{ name: string }>).map((r) => r.name);
    // Read in the change's own transaction, next to the INSERT/DELETE that decides on those rows.
    const teamBefore = await teamNames();
    if (change === 'add') {
      await refuseClosedUnits(m, [unit.id], 'unitId');
      const inserted: unknown[] = await m.query(
        `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING unit_id`,
        [planId, unit.id, access.municipalityId, actor.userId],
      );
      if (inserted.length === 0) throw badInput('unitId', `${unit.name} er allerede blandt enhederne på planen.`);
    } else {
      const [coordinator] = await m.query(
        `SELECT ca.unit_id FROM coordinator_assignment ca JOIN plan p ON p.programme_id = ca.programme_id WHERE p.id = $1 AND ca.to_at IS NULL`,
        [planId],
      );
      if (coordinator?.unit_id === unit.id) {
        throw ruleViolation('COORDINATOR_UNIT_ON_TEAM', 'Koordinatorens egen enhed kan ikke fjernes fra teamet.', 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.1');
      }
      // On an ended programme nothing is changed any more, so access may always be taken away.
      if (!access.programmeEnded) await refuseOpenInterventions(m, planId, unit);
      const [, count] = (await m.query(`DELETE FROM plan_team_unit WHERE plan_id = $1 AND unit_id = $2`, [planId, unit.id])) as [unknown, number];
      if (count === 0) throw badInput('unitId', `${unit.name} er ikke blandt enhederne på planen.`);
    }
    const plan = (await m.findOneBy(Plan, { id: planId }))!;
    const team: Array<{ unit_id: string }> = await m.query(`SELECT unit_id FROM plan_team_unit WHERE plan_id = $1 ORDER BY added_at`, [planId]);
    return {
      result: plan,
      entityId: planId,
      event: {
        kind: EventKind.TEAM_CHANGED,
        summary: `${label} ${TEAM_WORDS[change]} ${unit.name} ${change === 'add' ? 'til' : 'fra'} teamet på planen`,
        entity: { __typename: 'Plan', ...plan, teamUnitIds: team.map((t) => t.unit_id) },
        changes: [{ field: 'team', before: teamBefore, after: await teamNames() }],
      },
    };
  });
  // Later changes in the same request see the team as it is now (plan-write.ts checks it under the lock).
  ctx.loaders.planAccess.clear(planId);
  return changed;
}

/** The plan's coordinator has left: their account is deactivated, they are no caseworker any more, or no one holds the plan. */
export async function coordinatorHasLeft(ctx: RequestContext, access: PlanAccess | null): Promise<boolean> {
  if (!access) return false;
  if (!access.coordinatorId) return true;
  const coordinator = await ctx.loaders.user.load(access.coordinatorId);
  return !coordinator || coordinator.deactivatedAt !== null || !STAFF_ROLES.includes(coordinator.role);
}

/**
 * Who can be a plan's coordinating caseworker: a caseworker in one of the municipality's
 * units (STAFF_ROLES), whether appointed on a running plan or named at the import at go-live.
 */
export function refuseAsCoordinator(target: { role: string; unit_id: string | null }, field: string): void {
  if (!STAFF_ROLES.includes(target.role as Role) || !target.unit_id) {
    throw badInput(field, 'Kun en sagsbehandler i en forvaltning kan være koordinerende sagsbehandler.');
  }
}

/**
 * Exactly one coordinator at a time; the history is kept. The citizen should be consulted
 * before a reassignment (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1) — recorded either way. The new coordinator's unit joins the team.
 * The coordinator hands over; when they have left (their account deactivated), a caseworker
 * of a unit on the team takes over, so that a plan is never left without anyone to hold it.
 * A takeover, and any hand-over on an ended programme, stays within the units already on the
 * plan: it gives no one new access to the citizen.
 */
const coordinatorChanged = () => ruleViolation('COORDINATOR_CHANGED', 'Koordinatoren er netop blevet skiftet af en anden. Genindlæs planen.');

export async function reassignCoordinator(ctx: RequestContext, input: ReassignCoordinatorInput): Promise<CoordinatorAssignment> {
  const programme = isUuid(input.programmeId) ? await ctx.loaders.programme.load(input.programmeId) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action: 'REASSIGN_COORDINATOR', entityType: 'PROGRAMME', entityId: input.programmeId }, 'Forløbet');
  const left = await coordinatorHasLeft(ctx, await ctx.loaders.planAccess.load(plan.id));
  // On an ended programme too: someone must hold it, if only to withdraw a consent (plan-guard.ts, evenWhenEnded).
  const access = await guardPlan(ctx, plan.id, left ? READ : COORDINATE, { action: 'REASSIGN_COORDINATOR', entityType: 'PROGRAMME', entityId: programme.id, label: 'Forløbet', evenWhenEnded: true });
  const actor = actorOf(ctx);
  const withinTeam = access.coordinatorId !== actor.userId || access.programmeEnded;
  const label = await actorLabel(ctx);
  const assigned = await writeInPlan(ctx, access, { action: 'REASSIGN_COORDINATOR', entityType: 'COORDINATOR_ASSIGNMENT', evenWhenEnded: true }, async (m) => {
    // The new coordinator as they are now, held against a concurrent change of their role or
    // unit (staff.service.ts locks the same row), so the assignment records the unit they are in.
    const [target]: Array<{ id: string; name: string; role: string; unit_id: string | null; municipality_id: string; deactivated_at: Date | null }> = await m.query(
      `SELECT id, name, role, unit_id, municipality_id, deactivated_at FROM app_user WHERE id = $1 FOR SHARE`,
      [isUuid(input.userId) ? input.userId : null],
    );
    if (!target || target.municipality_id !== access.municipalityId || target.deactivated_at) throw badInput('userId', 'Ukendt medarbejder.');
    refuseAsCoordinator(target, 'userId');
    if (target.id === access.coordinatorId) throw badInput('userId', 'Medarbejderen er allerede koordinator.');
    // The team as it is under the programme's lock (writeInPlan), not as the gate read it: a
    // unit taken off the team while this waited must not come back as the coordinator's.
    const onTeam: unknown[] = withinTeam ? await m.query(`SELECT 1 FROM plan_team_unit WHERE plan_id = $1 AND unit_id = $2`, [plan.id, target.unit_id]) : [];
    if (withinTeam && onTeam.length === 0) {
      throw badInput('userId', 'Vælg en sagsbehandler fra en enhed på planen.');
    }
    const now = ctx.deps.clock.now();
    const [, ended] = (await m.query(
      `UPDATE coordinator_assignment SET to_at = $2 WHERE programme_id = $1 AND to_at IS NULL AND user_id IS NOT DISTINCT FROM $3`,
      [programme.id, now, access.coordinatorId],
    )) as [unknown, number];
    // Someone else reassigned meanwhile: the caller is no longer the coordinator (none to end: the plan had none).
    if (ended !== (access.coordinatorId ? 1 : 0)) throw coordinatorChanged();
    const [row] = await m.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted, assigned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [access.municipalityId, programme.id, target.id, target.unit_id, now, input.reason.trim(), input.citizenConsulted, actor.userId],
    ).catch((err: unknown) => {
      // Two takeovers of a plan with no coordinator at once: both found none to end, the second meets the first's row.
      if (uniqueViolationOf(err) === 'coordinator_current_uq') throw coordinatorChanged();
      throw err;
    });
    if (!withinTeam) {
      await m.query(
        `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [plan.id, target.unit_id, access.municipalityId, actor.userId],
      );
    }
    const assignment = camelRow<CoordinatorAssignment>(row);
    const previous = access.coordinatorId ? await m.getRepository(User).findOneBy({ id: access.coordinatorId }) : null;
    return {
      result: assignment,
      entityId: assignment.id,
      event: {
        kind: EventKind.COORDINATOR_ASSIGNED,
        // A takeover names the person once: "Bent Sørensen (Socialforvaltningen) gjorde sig selv til …".
        summary: `${label} gjorde ${target.id === actor.userId ? 'sig selv' : target.name} til koordinerende sagsbehandler`,
        entity: { __typename: 'CoordinatorAssignment', ...assignment, userName: target.name },
        changes: [{ field: 'user', before: previous?.name ?? null, after: target.name }],
      },
    };
  });
  // Later changes in the same request see the coordinator as it is now (plan-write.ts checks it under the lock).
  ctx.loaders.planAccess.clear(plan.id);
  return assigned;
}

/** Plans I coordinate, or in which my unit takes part. */
export async function myCaseload(ctx: RequestContext): Promise<Plan[]> {
  const actor = actorOf(ctx);
  const ids: Array<{ id: string; citizen_id: string }> = await ctx.db.query(
    `SELECT p.id, p.citizen_id FROM plan p
       JOIN citizen c ON c.id = p.citizen_id
       JOIN programme pr ON pr.id = p.programme_id
      WHERE p.municipality_id = $1
        AND $4 AND (EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.programme_id = p.programme_id AND ca.to_at IS NULL AND ca.user_id = $2)
             OR ($3::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM plan_team_unit t WHERE t.plan_id = p.id AND t.unit_id = $3::uuid)))
      ORDER BY pr.status, c.name`,
    [actor.municipalityId, actor.userId, actor.unitId, STAFF_ROLES.includes(actor.role)],
  );
  // Each citizen on the list is in their own access log (one statement for the whole list, sent with the COMMIT), not one row with a count.
  await recordReadsWithCommit(ctx, ids.map((r) => ({ actor, citizenId: r.citizen_id, channel: 'CASELOAD' as const, action: 'READ_CASELOAD', entityType: 'PLAN', entityId: r.id })));
  const plans = await ctx.loaders.plan.loadMany(ids.map((r) => r.id));
  return plans.filter((p): p is Plan => p instanceof Plan);
}
