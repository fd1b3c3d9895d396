import { citizenAccessReasonProblem, formatCpr, formatDanishDate, genitive, localDate, parseCpr } from '@samplan/schema';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { keepPrepared } from '../../core/db/statement-batch';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { AppError, badInput } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { Citizen } from './citizen.entity';
import type { CitizenAccessInput, CorrectCitizenCprInput } from './citizen.inputs';
import { citizenRecord, maySeeCpr, refuseGuessing } from './citizen.service';
import { COORDINATE, guardPlan, passesGate, type PlanNeed } from './plan-guard';
import { actorLabel, camelRow, writeInPlan } from './plan-write';
import type { PlanAccess } from './plan.policy';

/**
 * A citizen's login to Min plan is bound at their first MitID sign-in by the CPR number alone
 * (modules/org, bindCitizen). A number typed wrong at registration therefore binds the real
 * holder of that number, who reads another person's plan. Here the coordinator of the citizen's
 * running forløb sets it right:
 *
 * - "Ret CPR-nummer": the number (and the birth date read from it) is corrected, and every login
 *   bound through the old number is unbound at once: it names no login any more, its open
 *   sockets are closed (its row's change notifies every instance, core/auth/user-sockets.ts) and
 *   the next request of its token is as an unknown user's. The next sign-in with the new number
 *   binds the citizen anew.
 * - "Luk borgerens adgang": the login is unbound without a new number, and no sign-in binds one
 *   to the citizen until the coordinator opens the access again, for the same person would
 *   otherwise be bound again by the same number ("Åbn adgangen igen").
 *
 * Each is a versioned change of the citizen, with the reason in the citizen's access log in the
 * same transaction, and a plan event (never with the CPR number) so the plan's other open pages
 * read the citizen again. The coordinator only (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 5.1: the coordinator holds the citizen's case together): staff on the team are refused
 * (FORBIDDEN), anyone not on the plan gets NOT_FOUND. On the citizen's current forløb only (the
 * running one, or, when none runs, the latest): its login reads an ended forløb too
 * (myEndedProgramme), so its last coordinator still shuts a wrongly bound one out; an older
 * ended forløb is changed by nobody (PROGRAMME_ENDED).
 */

/** What staff see of the citizen's login: whether and since when it is bound, and whether the coordinator closed the access. */
export interface CitizenSignInState {
  firstSignInAt: Date | null;
  closedAt: Date | null;
  closedByName: string | null;
}

/**
 * The name an account bound through a wrong CPR number goes by once the number is corrected: it
 * was made in the citizen's name, but the reads the access log shows under it were not theirs.
 */
export const WRONGLY_BOUND_NAME = 'Ukendt person (logget ind med et forkert registreret CPR-nummer)';

/**
 * The citizen's login as staff see it, to those who may see the citizen's whole CPR number
 * (maySeeCpr: the people working the case); null to anyone else. Bound since the citizen's
 * first sign-in (the account's activation), while it names a login.
 */
export async function signInOf(ctx: RequestContext, citizen: Pick<Citizen, 'id' | 'registeredById'>): Promise<CitizenSignInState | null> {
  // Read together with the check, so the state joins the check's round trip to the database
  // instead of taking one of its own after it; it is handed on only when the check allows.
  const [allowed, state] = await Promise.all([maySeeCpr(ctx, citizen), ctx.loaders.signInByCitizen.load(citizen.id)]);
  return allowed ? state : null;
}

const SIGN_IN_OF_CITIZENS = keepPrepared(
  `SELECT c.id, (SELECT u.activated_at FROM app_user u
                  WHERE u.citizen_id = c.id AND u.unbound_at IS NULL AND u.subject IS NOT NULL AND u.deactivated_at IS NULL) AS "firstSignInAt",
          c.sign_in_closed_at AS "closedAt", closer.name AS "closedByName"
     FROM citizen c LEFT JOIN app_user closer ON closer.id = c.sign_in_closed_by
    WHERE c.id = ANY($1::uuid[])`,
);

/** The citizens' sign-in states, batched per request (a page of several citizens costs one statement); null for an id that names none. */
export const signInLoader = (db: EntityManager) =>
  new DataLoader<string, CitizenSignInState | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows: Array<CitizenSignInState & { id: string }> = valid.length ? await db.query(SIGN_IN_OF_CITIZENS, [valid]) : [];
    const byId = new Map(rows.map(({ id, ...state }) => [id, state]));
    return ids.map((id) => byId.get(id) ?? null);
  });

/**
 * Unbinds every account of the citizen not unbound before: the open one, and one closed by a
 * move (bound through the same number). Its subject goes, so the login names nobody; it is
 * deactivated, which notifies every instance (migration 15) to close its sockets and forget it.
 * When a login was open, that is a row of its own in the citizen's access log, in the change's
 * transaction: the day it was bound tells whose reads before it were not the citizen's.
 *
 * `renameTo` (a correction of the number) renames the accounts unbound before too: one the
 * access was closed to since the number was set was bound through the number now found wrong,
 * so it is no more the citizen's than the open one (one unbound by an earlier correction has
 * that name already). A closing alone renames nothing: the citizen may have used the login too.
 */
async function unbindLogins(m: EntityManager, ctx: RequestContext, citizenId: string, renameTo: string | null): Promise<void> {
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected].
  const [rows]: [Array<{ id: string; bound_at: Date | null }>, number] = await m.query(
    `WITH theirs AS (
       SELECT id, CASE WHEN subject IS NOT NULL AND deactivated_at IS NULL THEN activated_at END AS bound_at
         FROM app_user WHERE citizen_id = $1 AND (unbound_at IS NULL OR name IS DISTINCT FROM $2::text) FOR UPDATE)
     UPDATE app_user u SET subject = NULL, deactivated_at = COALESCE(u.deactivated_at, now()), unbound_at = COALESCE(u.unbound_at, now()),
            name = COALESCE($2, u.name), version = u.version + 1
       FROM theirs WHERE u.id = theirs.id
     RETURNING u.id, theirs.bound_at`,
    [citizenId, renameTo],
  );
  const open = rows.find((r) => r.bound_at);
  if (!open) return;
  await recordAudit(m, {
    actor: actorOf(ctx), action: 'UNBIND_CITIZEN_LOGIN', entityType: 'CITIZEN', entityId: citizenId, citizenId, outcome: 'ALLOWED',
    detail: `Borgerens login, bundet ved første log ind ${formatDanishDate(localDate(open.bound_at!))}, er lukket: det giver ikke længere adgang til planen`,
  });
}

/**
 * Whether each plan is of the citizen's current forløb: the running one, or, when none runs, the
 * latest by start (as a sign-in binds the citizen, modules/org, and as the access log's reader is
 * chosen, access-log.ts). A plan the caller cannot see answers as the gate then decides.
 */
const PLANS_OF_CURRENT_FORLOB = keepPrepared(
  `SELECT p.id, NOT EXISTS (SELECT 1 FROM programme o
                             WHERE o.citizen_id = pr.citizen_id AND o.id <> pr.id
                               AND (o.status = 'ACTIVE' OR (pr.status <> 'ACTIVE' AND (o.start_date, o.id) > (pr.start_date, pr.id)))) AS current
     FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE p.id = ANY($1::uuid[])`,
);

/** Whether each plan is of its citizen's current forløb, batched per request (a page of several plans costs one statement). */
export const currentForlobLoader = (db: EntityManager) =>
  new DataLoader<string, boolean>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows: Array<{ id: string; current: boolean }> = valid.length ? await db.query(PLANS_OF_CURRENT_FORLOB, [valid]) : [];
    const current = new Set(rows.filter((r) => r.current).map((r) => r.id));
    return ids.map((id) => current.has(id));
  });

/**
 * The rule of the three changes, for their gate and for the plan page's offer of them alike: the
 * coordinator's, on the citizen's current forløb, ended or not.
 */
async function citizenAccessRule(ctx: RequestContext, planId: string): Promise<{ need: PlanNeed; evenWhenEnded: boolean }> {
  return { need: COORDINATE, evenWhenEnded: await ctx.loaders.planOfCurrentForlob.load(planId) };
}

/** The gate of the three changes (citizenAccessRule). */
async function guardCitizenAccess(ctx: RequestContext, planId: string, action: string): Promise<PlanAccess> {
  const { need, evenWhenEnded } = await citizenAccessRule(ctx, planId);
  return guardPlan(ctx, planId, need, { action, entityType: 'CITIZEN', forbiddenMessage: FORBIDDEN_MESSAGE, evenWhenEnded });
}

/**
 * Whether the caller may correct the citizen's CPR number and close or open their access on this
 * plan: whether the gate of the three changes lets them through (Plan.mayChangeCitizenSignIn).
 * Read through the request's loaders, so a page of several plans asks once for them all.
 */
export async function mayChangeCitizenSignIn(ctx: RequestContext, planId: string): Promise<boolean> {
  const [access, { need, evenWhenEnded }] = await Promise.all([ctx.loaders.planAccess.load(planId), citizenAccessRule(ctx, planId)]);
  return passesGate(actorOf(ctx), access, need, { evenWhenEnded });
}

function checkReason(reason: string): string {
  const problem = citizenAccessReasonProblem(reason);
  if (problem) throw badInput('reason', problem);
  return reason.trim();
}

const FORBIDDEN_MESSAGE = 'Kun den koordinerende sagsbehandler kan rette borgerens CPR-nummer eller lukke borgerens adgang.';

/** The refusal of a number another citizen of the municipality holds, at the field. */
const duplicate = (extra: Record<string, unknown> = {}) =>
  new AppError('DUPLICATE_CITIZEN', 'En anden borger i kommunen har allerede dette CPR-nummer. Tjek nummeret, eller kontakt den, der arbejder med den anden borger.', { field: 'cpr', ...extra });

/**
 * One versioned change of the citizen in their running plan, with the reason in its audit row and
 * `alsoWrites` (the logins unbound) in the same transaction; the event carries the citizen as the
 * plan shows them, never the CPR number.
 */
async function changeCitizen(
  ctx: RequestContext,
  access: PlanAccess,
  input: { expectedVersion: number },
  what: { action: string; reason: string; kind: EventKind; summary: (label: string, name: string) => string },
  sets: Record<string, unknown>,
  alsoWrites: (m: EntityManager) => Promise<void>,
): Promise<Citizen> {
  const label = await actorLabel(ctx);
  // Past the gate (guardCitizenAccess), an ended forløb is the citizen's current one.
  const change = { action: what.action, entityType: 'CITIZEN', entityId: access.citizenId, columns: Object.keys(sets), detail: `Begrundelse: ${what.reason}`, evenWhenEnded: true };
  return writeInPlan(ctx, access, change, async (m) => {
    // The citizen's row is written (and so locked) before the logins are unbound: a sign-in
    // binding through it meanwhile waits for the change and reads it as committed (modules/org).
    const row = await updateVersionedChange(m, 'citizen', access.citizenId, input.expectedVersion, sets, async () => {
      const now = await m.findOneBy(Citizen, { id: access.citizenId });
      return now ? citizenRecord(now) : null;
    });
    await alsoWrites(m);
    const [before, after] = [camelRow<Citizen>(row.before), camelRow<Citizen>(row.after)];
    return {
      result: after,
      entityId: after.id,
      event: { kind: what.kind, summary: what.summary(label, after.name), entity: citizenRecord(after), before: citizenRecord(before), versions: { expected: input.expectedVersion } },
    };
  });
}

/**
 * "Ret CPR-nummer". The new number is checked as at registration (10 digits, a birth date that
 * exists and has come), must differ from the one held, and must not be another citizen's of the
 * municipality (DUPLICATE_CITIZEN at the field, audited in that citizen's access log as the
 * refused registration is). A correction is a CPR lookup too: held to the lookups' budget
 * (refuseGuessing), so corrections cannot try one number after another.
 */
export async function correctCitizenCpr(ctx: RequestContext, input: CorrectCitizenCprInput): Promise<Citizen> {
  const actor = actorOf(ctx);
  const access = await guardCitizenAccess(ctx, input.planId, 'CORRECT_CITIZEN_CPR');
  const parsed = parseCpr(input.cpr, localDate(ctx.deps.clock.now()));
  if (!parsed.ok) throw badInput('cpr', parsed.problem);
  const reason = checkReason(input.reason);
  const { digits, birthDate } = parsed.cpr;
  const current = await ctx.db.findOneBy(Citizen, { id: access.citizenId });
  if (current?.cpr === digits) throw badInput('cpr', `Borgeren har allerede CPR-nummeret ${formatCpr(digits)}.`);
  await refuseGuessing(ctx, 'CORRECT_CITIZEN_CPR');
  const [held]: Array<{ id: string; registered_by: string | null }> = await ctx.db.query(
    `SELECT id, registered_by FROM citizen WHERE municipality_id = $1 AND cpr = $2 AND id <> $3`,
    [actor.municipalityId, digits, access.citizenId],
  );
  if (held) {
    await recordAudit(ctx.db, {
      actor, action: 'CORRECT_CITIZEN_CPR', entityType: 'CITIZEN', entityId: held.id, citizenId: held.id, outcome: 'DENIED', channel: 'SEARCH', detail: 'CPR number registered already',
    });
    const visible = await maySeeCpr(ctx, { id: held.id, registeredById: held.registered_by });
    throw duplicate(visible ? { citizenId: held.id } : {});
  }
  const sets = { cpr: digits, birth_date: birthDate, updated_at: ctx.deps.clock.now(), updated_by: actor.userId };
  return changeCitizen(ctx, access, input, {
    action: 'CORRECT_CITIZEN_CPR',
    reason,
    kind: EventKind.CITIZEN_CPR_CORRECTED,
    summary: (label, name) => `${label} rettede ${genitive(name)} CPR-nummer`,
  }, sets, (m) => unbindLogins(m, ctx, access.citizenId, WRONGLY_BOUND_NAME)).catch((err: unknown) => {
    // Registered with that number by someone else meanwhile (one citizen per number per municipality).
    if (uniqueViolationOf(err) === 'citizen_cpr_idx') throw duplicate();
    throw err;
  });
}

/** "Luk borgerens adgang": the login unbound, and none bound to the citizen until the access is opened again. */
export async function closeCitizenAccess(ctx: RequestContext, input: CitizenAccessInput): Promise<Citizen> {
  const access = await guardCitizenAccess(ctx, input.planId, 'CLOSE_CITIZEN_ACCESS');
  const reason = checkReason(input.reason);
  // Closed already (by a colleague, or in another window): said as such, not closed a second time.
  if ((await ctx.db.findOneBy(Citizen, { id: access.citizenId }))?.signInClosedAt) throw new AppError('BAD_USER_INPUT', 'Borgerens adgang er allerede lukket.');
  const sets = { sign_in_closed_at: ctx.deps.clock.now(), sign_in_closed_by: actorOf(ctx).userId };
  return changeCitizen(ctx, access, input, {
    action: 'CLOSE_CITIZEN_ACCESS',
    reason,
    kind: EventKind.CITIZEN_ACCESS_CLOSED,
    summary: (label, name) => `${label} lukkede ${genitive(name)} adgang til Min plan`,
  }, sets, (m) => unbindLogins(m, ctx, access.citizenId, null));
}

/** "Åbn adgangen igen": the citizen's next MitID sign-in binds a login again. */
export async function reopenCitizenAccess(ctx: RequestContext, input: CitizenAccessInput): Promise<Citizen> {
  const access = await guardCitizenAccess(ctx, input.planId, 'REOPEN_CITIZEN_ACCESS');
  const reason = checkReason(input.reason);
  if (!(await ctx.db.findOneBy(Citizen, { id: access.citizenId }))?.signInClosedAt) throw new AppError('BAD_USER_INPUT', 'Borgerens adgang er ikke lukket.');
  return changeCitizen(ctx, access, input, {
    action: 'REOPEN_CITIZEN_ACCESS',
    reason,
    kind: EventKind.CITIZEN_ACCESS_REOPENED,
    summary: (label, name) => `${label} åbnede ${genitive(name)} adgang til Min plan igen`,
  }, { sign_in_closed_at: null, sign_in_closed_by: null }, async () => undefined);
}
