import { recordAudit } from '../../core/audit';
import type { RequestContext } from '../../core/context';
import { forbidden, notFound } from '../../core/errors/app-errors';
import { actorOf } from '../../core/auth/access';
import { isUuid } from '../../core/loaders';
import { planPolicy, type PlanAccess } from './plan.policy';

/** What the caller needs to be allowed in a plan. */
export type PlanNeed = { kind: 'read' } | { kind: 'coordinate' } | { kind: 'unit'; unitId: string };

export const READ: PlanNeed = { kind: 'read' };
export const COORDINATE: PlanNeed = { kind: 'coordinate' };
export const unitWork = (unitId: string): PlanNeed => ({ kind: 'unit', unitId });

export interface GuardedAction {
  action: string;
  entityType: string;
  entityId?: string | null;
}

/**
 * The one gate into a plan. A plan the caller cannot read answers NOT_FOUND; a plan they
 * can read but not change in this way answers FORBIDDEN. Every refusal is audited
 * (outside the refused transaction, so the row survives).
 */
export async function guardPlan(ctx: RequestContext, planId: string, need: PlanNeed, what: GuardedAction): Promise<PlanAccess> {
  const actor = actorOf(ctx);
  const access = await ctx.loaders.planAccess.load(planId);
  const deny = async (detail: string) => {
    // Under row-level security a plan of another municipality is invisible here; the
    // system connection names its citizen so that citizen's coordinator sees the attempt
    // in the access log. The caller learns nothing (NOT_FOUND either way).
    const citizenId = access?.citizenId ?? (await citizenOfPlan(ctx, planId));
    await recordAudit(ctx.db, { actor, action: what.action, entityType: what.entityType, entityId: what.entityId ?? planId, citizenId, outcome: 'DENIED', detail });
  };
  if (!planPolicy.read(actor, access) || !access) {
    await deny('no access to plan');
    throw notFound('Planen');
  }
  const allowed =
    need.kind === 'read' ||
    (need.kind === 'coordinate' && planPolicy.coordinate(actor, access)) ||
    (need.kind === 'unit' && planPolicy.manageUnitWork(actor, access, need.unitId));
  if (!allowed) {
    await deny(need.kind === 'coordinate' ? 'only the coordinator' : 'not the owning unit');
    throw forbidden(need.kind === 'coordinate' ? 'Kun den koordinerende sagsbehandler kan gøre dette.' : 'Kun den forvaltning, der ejer indsatsen, kan ændre den.');
  }
  return access;
}

/**
 * For an id the caller cannot see — another municipality's row is invisible under
 * row-level security, so it looks the same as one that does not exist: the attempt is
 * audited as a denial (it counts towards the account review) and answers NOT_FOUND.
 */
export async function refuseUnseen(ctx: RequestContext, what: GuardedAction, label: string): Promise<never> {
  const entityId = what.entityId && isUuid(what.entityId) ? what.entityId : null;
  await recordAudit(ctx.db, { actor: actorOf(ctx), action: what.action, entityType: what.entityType, entityId, outcome: 'DENIED', detail: 'not found or not visible' });
  throw notFound(label);
}

async function citizenOfPlan(ctx: RequestContext, planId: string): Promise<string | null> {
  if (!isUuid(planId)) return null;
  const rows: Array<{ citizen_id: string }> = await ctx.deps.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [planId]);
  return rows[0]?.citizen_id ?? null;
}
