import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import type { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import type { PlanAccess } from './plan.policy';

export interface ChangeOutcome<T> {
  result: T;
  entityId: string;
  event: { kind: EventKind; summary: string; entity: Record<string, unknown> & { __typename: string } };
}

/** The plan a change was made in, as the hooks below need it. */
export interface ChangedPlan {
  planId: string;
  programmeId: string;
  municipalityId: string;
}

/**
 * What another module adds to every change of a plan, inside the change's transaction.
 * The rules module re-evaluates the programme's deadline warnings here and appends
 * WARNINGS_CHANGED when they changed, so the caseload hears of it with the change itself.
 */
export type PlanChangeHook = (m: EntityManager, ctx: RequestContext, changed: ChangedPlan) => Promise<void>;

const planChangeHooks: PlanChangeHook[] = [];

export function onPlanChange(hook: PlanChangeHook): void {
  planChangeHooks.push(hook);
}

export async function afterPlanChange(m: EntityManager, ctx: RequestContext, changed: ChangedPlan): Promise<void> {
  for (const hook of planChangeHooks) await hook(m, ctx, changed);
}

/**
 * Runs one change to a plan as one transaction: the change, its audit row and its event
 * commit together or not at all (no event without its change, no change without its event).
 */
export async function writeInPlan<T>(
  ctx: RequestContext,
  access: PlanAccess,
  what: { action: string; entityType: string },
  work: (m: EntityManager) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (m) => {
    const out = await work(m);
    await recordAudit(m, { actor, action: what.action, entityType: what.entityType, entityId: out.entityId, citizenId: access.citizenId, outcome: 'ALLOWED' });
    await appendEvent(m, {
      planId: access.planId,
      municipalityId: access.municipalityId,
      kind: out.event.kind,
      entityType: what.entityType,
      entityId: out.entityId,
      actor,
      summary: out.event.summary,
      payload: { entity: out.event.entity },
    });
    await afterPlanChange(m, ctx, access);
    return out.result;
  });
}

/** "Socialforvaltningen", or the person's name when they belong to no unit: the subject of an event's summary. */
export async function actorLabel(ctx: RequestContext): Promise<string> {
  const actor = actorOf(ctx);
  if (!actor.unitId) return actor.name;
  const unit = await ctx.loaders.unit.load(actor.unitId);
  return unit?.name ?? actor.name;
}

/**
 * Snake_case row from `RETURNING *` -> the entity's camelCase shape. Columns naming a
 * person (`updated_by`, `recorded_by`, …) are `…ById` properties on the entities.
 */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k.endsWith('_by') ? `${k}_id` : k;
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out as T;
}
