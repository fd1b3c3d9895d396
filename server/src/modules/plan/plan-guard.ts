import type { DenialReason } from '@samplan/schema';
import { recordAudit, recordFieldRefusal } from '../../core/audit';
import { systemReads, type RequestContext } from '../../core/context';
import { forbidden, notFound, ruleViolation } from '../../core/errors/app-errors';
import { actorOf } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import type { FieldGuard } from '../../core/field-guards';
import { Role } from '../../core/auth/roles';
import { isUuid } from '../../core/loaders';
import { citedFor, VEJLEDNING } from '../rules/law/sources';
import { UnitKind } from '../org/org.enums';
import { ProgrammeType } from './plan.enums';
import { planPolicy, type PlanAccess, type PlanRowTable } from './plan.policy';

/** What the caller needs to be allowed in a plan. */
export type PlanNeed = { kind: 'read' } | { kind: 'coordinate' } | { kind: 'unit'; unitId: string } | { kind: 'decide' } | { kind: 'propose' };

export const READ: PlanNeed = { kind: 'read' };
export const COORDINATE: PlanNeed = { kind: 'coordinate' };
/** A decision under the employment legislation (planPolicy.decide). */
export const DECIDE: PlanNeed = { kind: 'decide' };
/** A decision, or the coordinator's proposal for one (planPolicy.decide, or the coordinator). */
export const PROPOSE: PlanNeed = { kind: 'propose' };
export const unitWork = (unitId: string): PlanNeed => ({ kind: 'unit', unitId });

export interface GuardedAction {
  action: string;
  entityType: string;
  entityId?: string | null;
  /**
   * What the caller asked for by id, as NOT_FOUND names it ("Indsatsen"); default "Planen".
   * A caller who may not read the plan must get the very answer a made-up id gets, or the
   * message tells them the record exists (an existence oracle, OWASP ASVS V4.2.1).
   */
  label?: string;
  /**
   * The action changes the plan though the gate is asked for `read` only, because the
   * action's own rules decide who may (the description): an ended programme refuses it too.
   */
  writes?: boolean;
  /** Allowed on an ended programme as well: withdrawing a consent, which is possible at any time (GDPR art. 7, stk. 3). */
  evenWhenEnded?: boolean;
  /** The FORBIDDEN message when the action's own words fit better than the gate's (a creation is no change of someone's record). */
  forbiddenMessage?: string;
}

/**
 * The one gate into a plan. A plan the caller cannot read answers NOT_FOUND; a plan they
 * can read but not change in this way answers FORBIDDEN. Every refusal is audited
 * (outside the refused transaction, so the row survives).
 */
export async function guardPlan(ctx: RequestContext, planId: string, need: PlanNeed, what: GuardedAction): Promise<PlanAccess> {
  const actor = actorOf(ctx);
  // The caller's unit names them in the summary of a change (actorLabel): asked with the
  // plan's access facts, the two loaders share one round trip, and the label costs none later.
  const [access] = await Promise.all([ctx.loaders.planAccess.load(planId), actor.unitId ? ctx.loaders.unit.load(actor.unitId) : null]);
  const deny = async (detail: DenialReason) => {
    // Under row-level security a plan of another municipality is invisible here; the
    // system connection names its citizen so that citizen's coordinator sees the attempt
    // in the access log. The caller learns nothing (NOT_FOUND either way).
    const citizenId = access?.citizenId ?? (await citizenOfPlan(ctx, planId));
    await recordAudit(ctx.db, { actor, action: what.action, entityType: what.entityType, entityId: what.entityId ?? planId, citizenId, outcome: 'DENIED', detail });
  };
  if (!planPolicy.read(actor, access) || !access) {
    await deny('no access to plan');
    throw notFound(what.label ?? 'Planen');
  }
  const allowed = meetsNeed(actor, access, need);
  if (!allowed && need.kind === 'decide' && planPolicy.coordinate(actor, access)) {
    await deny('decision needs an employment unit');
    throw ruleViolation('DECISION_NEEDS_EMPLOYMENT_UNIT',
      'En koordinerende sagsbehandler uden for beskæftigelse kan ikke træffe afgørelse efter beskæftigelseslovgivningen. En sagsbehandler fra beskæftigelse på planen træffer afgørelsen.',
      citedFor(access.programmeType ?? '', VEJLEDNING('5.1')));
  }
  if (!allowed && (need.kind === 'decide' || need.kind === 'propose')) {
    await deny('only the coordinator or an employment caseworker');
    throw forbidden(decisionRefusal(need.kind, access));
  }
  if (!allowed) {
    await deny(need.kind === 'coordinate' ? 'only the coordinator' : 'not the owning unit');
    throw forbidden(what.forbiddenMessage ?? (need.kind === 'coordinate' ? 'Kun den koordinerende sagsbehandler kan gøre dette.' : 'Kun den enhed, der ejer indsatsen, kan ændre den.'));
  }
  if (endedRefuses(access, need, what)) {
    await deny('programme ended');
    throw programmeEnded();
  }
  return access;
}

/** Whether the caller's standing in a plan they read is what `need` asks for. */
function meetsNeed(actor: Actor, access: PlanAccess, need: PlanNeed): boolean {
  return (
    need.kind === 'read' ||
    (need.kind === 'coordinate' && planPolicy.coordinate(actor, access)) ||
    (need.kind === 'unit' && planPolicy.manageUnitWork(actor, access, need.unitId)) ||
    (need.kind === 'decide' && planPolicy.decide(actor, access)) ||
    (need.kind === 'propose' && (planPolicy.coordinate(actor, access) || planPolicy.decide(actor, access)))
  );
}

/** Whether the plan's ended programme refuses the action (refusesChange), for a gate that changes the plan. */
function endedRefuses(access: PlanAccess, need: PlanNeed, what: Pick<GuardedAction, 'writes' | 'evenWhenEnded'>): boolean {
  return (need.kind !== 'read' || !!what.writes) && refusesChange(access, what);
}

/**
 * Whether `guardPlan` would let the caller through, asked without a refusal or an audit row: for
 * a page that offers an action only where the gate allows it. The same decisions as the gate's.
 */
export function passesGate(actor: Actor, access: PlanAccess | null, need: PlanNeed, what: Pick<GuardedAction, 'writes' | 'evenWhenEnded'>): boolean {
  return !!access && planPolicy.read(actor, access) && meetsNeed(actor, access, need) && !endedRefuses(access, need, what);
}

/**
 * Who may act instead, said to a caller refused a decision or a proposal. On the municipality's
 * own forløb the coordinator decides what follows, and an employment caseworker on the plan may
 * propose it (planPolicy.decideWhatFollows); elsewhere a decision under the employment
 * legislation is the coordinator's when they are from beskæftigelse, else a caseworker's from
 * beskæftigelse on the plan (planPolicy.decide).
 */
function decisionRefusal(kind: 'decide' | 'propose', access: PlanAccess): string {
  if (access.coordinatorUnitKind === UnitKind.EMPLOYMENT) return 'Kun den koordinerende sagsbehandler kan gøre dette.';
  if (kind === 'decide') return 'Kun en sagsbehandler fra beskæftigelse på planen kan træffe denne afgørelse.';
  return access.programmeType === ProgrammeType.HELHEDSORIENTERET
    ? 'Koordinatoren beslutter, hvad der følger efter forløbet. En sagsbehandler fra beskæftigelse på planen kan foreslå det.'
    : 'Koordinatoren foreslår, og en sagsbehandler fra beskæftigelse på planen beslutter, hvad der følger efter forløbet.';
}

/**
 * An ended programme's plan is the record of what was done: read, never changed, never
 * reopened. Checked at the gate, and again where every change to a plan is written
 * (plan-write.ts, writeInPlan), which also covers the mentor's own writes.
 */
export function refusesChange(access: PlanAccess, what: { evenWhenEnded?: boolean }): boolean {
  return access.programmeEnded === true && !what.evenWhenEnded;
}

/**
 * What a leader reads of a forløb: its own facts, no more. A leader corrects a forløb
 * ("Registreret ved en fejl", programme-correction.service.ts) and answers for the key figures,
 * but is on no plan, and the correction answers with the `Programme`. Its citizen, plan,
 * suspensions (barsel, with a note), warnings (which quote interventions), next step (a note),
 * the indsatsgaranti's reasons and the jobformidler are not theirs to read.
 */
const LEADER_READS_OF_PROGRAMME: ReadonlySet<string> = new Set([
  'id', 'type', 'status', 'lawVersion', 'decisionDate', 'startDate', 'endDate', 'daysLeft', 'endReason', 'endReasonOptions',
  'stoppedBeforeStart', 'neverRan', 'registeredInErrorReason', 'registeredInErrorAt', 'registeredInErrorBy', 'version',
]);

const leaderAllows = (context: RequestContext, fieldName: string) => context.actor?.role !== Role.LEADER || LEADER_READS_OF_PROGRAMME.has(fieldName);

/**
 * Field guard: a leader is refused every other field of a `Programme` (FORBIDDEN), each refusal
 * a row in that citizen's access log; a record no field resolves (a CONFLICT's `current`) is
 * shown to them without those fields.
 */
export const leaderProgrammeGuard: FieldGuard<RequestContext> = {
  covers: (type) => type === 'Programme',
  allows: (context, _typeName, fieldName) => leaderAllows(context, fieldName),
  check({ root, context, info }, next) {
    if (leaderAllows(context, info.fieldName)) return next();
    recordFieldRefusal(context, `Programme.${info.fieldName}`, { detail: 'no access to plan', citizenId: (root as { citizenId: string }).citizenId });
    throw forbidden('En leder ser forløbets egne oplysninger, ikke borgeren eller planen.');
  },
};

export const programmeEnded = () => ruleViolation('PROGRAMME_ENDED', 'Forløbet er afsluttet. Planen kan læses, men ikke længere ændres.');

/**
 * Reads a row of a plan (`read`, e.g. the intervention's loader) together with what
 * `guardPlan` then decides on: the plan's access facts (read with the row's plan id in one
 * statement) and the caller's unit. All in one round trip, where reading the row first and
 * then its plan's facts took two. The gate itself still decides, after this.
 */
export async function readWithPlanFacts<T>(ctx: RequestContext, table: PlanRowTable, id: string, read: Promise<T>): Promise<T> {
  const actor = actorOf(ctx);
  const [row] = await Promise.all([read, ctx.loaders.planAccessOfRow.load(`${table}:${id}`), actor.unitId ? ctx.loaders.unit.load(actor.unitId) : null]);
  return row;
}

/**
 * For an id the caller cannot see — another municipality's row is invisible under
 * row-level security, so it looks the same as one that does not exist: the attempt is
 * audited as a denial (it counts towards the account review) and answers NOT_FOUND.
 */
export async function refuseUnseen(ctx: RequestContext, what: GuardedAction, label: string): Promise<never> {
  const entityId = what.entityId && isUuid(what.entityId) ? what.entityId : null;
  // As for plans (guardPlan): when the record exists after all, in another municipality or
  // out of the caller's reach, its citizen's coordinator sees the attempt in the access log.
  const citizenId = entityId ? await citizenOfRecord(ctx, what.entityType, entityId) : null;
  await recordAudit(ctx.db, { actor: actorOf(ctx), action: what.action, entityType: what.entityType, entityId, citizenId, outcome: 'DENIED', detail: 'not found or not visible' });
  throw notFound(label);
}

/** The citizen a record by id belongs to, per entity type (table names are fixed here, never from input). */
const CITIZEN_OF_RECORD: Readonly<Record<string, string>> = {
  CITIZEN: `SELECT id AS citizen_id FROM citizen WHERE id = $1`,
  PROGRAMME: `SELECT citizen_id FROM programme WHERE id = $1`,
  PROGRAMME_SUSPENSION: `SELECT p.citizen_id FROM programme_suspension x JOIN programme p ON p.id = x.programme_id WHERE x.id = $1`,
  INTERVENTION: `SELECT p.citizen_id FROM intervention x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  ACTIVITY: `SELECT p.citizen_id FROM activity x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  SUB_GOAL: `SELECT p.citizen_id FROM sub_goal x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  FOLLOW_UP: `SELECT p.citizen_id FROM follow_up_meeting x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  MENTOR_GRANT: `SELECT p.citizen_id FROM mentor_grant x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  MENTOR_TASK: `SELECT p.citizen_id FROM mentor_task x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  MEETING: `SELECT p.citizen_id FROM booked_meeting x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  CONSENT: `SELECT citizen_id FROM consent_entry WHERE id = $1`,
  CITIZEN_MEETING_REQUEST: `SELECT p.citizen_id FROM citizen_meeting_request x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
  CITIZEN_MEETING_COMMENT: `SELECT p.citizen_id FROM follow_up_meeting x JOIN plan p ON p.id = x.plan_id WHERE x.id = $1`,
};

async function citizenOfRecord(ctx: RequestContext, entityType: string, id: string): Promise<string | null> {
  const sql = CITIZEN_OF_RECORD[entityType];
  if (!sql) return null;
  // The system connection: under row-level security another municipality's record is invisible.
  const rows: Array<{ citizen_id: string }> = await systemReads(ctx.deps).query(sql, [id]);
  return rows[0]?.citizen_id ?? null;
}

/** The citizen a plan belongs to, read on the system connection (another municipality's too): whose access log an attempt enters. */
export async function citizenOfPlan(ctx: RequestContext, planId: string): Promise<string | null> {
  if (!isUuid(planId)) return null;
  const rows: Array<{ citizen_id: string }> = await systemReads(ctx.deps).query(`SELECT citizen_id FROM plan WHERE id = $1`, [planId]);
  return rows[0]?.citizen_id ?? null;
}
