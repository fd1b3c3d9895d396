import { recordAudit } from '../../core/audit';
import { Authenticated, actorOf, assertAccess } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { AppError, badInput, notFound } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';
import { sectionIdsOf } from '../description';
import { citizenOfPlan, guardPlan, READ, type PlanAccess } from '../plan';
import { EXPIRE_SECONDS, PRESENCE_CHANNEL, PresenceWatch, presenceHubOf, type PresenceItem } from './presence-hub';
import { mayBePresent, mayKnowOf, mentorRecordIds } from './presence.policy';

const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

function assertSessionId(sessionId: string): void {
  if (!SESSION_ID.test(sessionId)) throw badInput('sessionId', 'sessionId skal være 8–64 tegn: bogstaver a–z, tal, bindestreg eller understregning.');
}

/**
 * The plan guard for presence. Staff go through the one gate (guardPlan: NOT_FOUND and an
 * audited refusal for a plan they may not see); a mentor, who never passes it, is let in
 * while a grant of theirs on the plan is active today. Being present is not an access to
 * the citizen's data, so an allowed caller leaves no audit row.
 */
async function guardPresence(ctx: RequestContext, planId: string, action: string): Promise<PlanAccess> {
  const actor = actorOf(ctx);
  if (actor.role !== Role.MENTOR) return guardPlan(ctx, planId, READ, { action, entityType: 'PLAN' });
  const access = isUuid(planId) ? await ctx.loaders.planAccess.load(planId) : null;
  if (!access || !mayBePresent(actor, access, ctx.deps.clock.now())) {
    // Another municipality's plan is invisible under row-level security: its citizen is read on the
    // system connection, so their coordinator sees the attempt in the access log (as guardPlan does).
    const citizenId = access?.citizenId ?? (await citizenOfPlan(ctx, planId));
    await recordAudit(ctx.db, { actor, action, entityType: 'PLAN', entityId: isUuid(planId) ? planId : null, citizenId, outcome: 'DENIED', detail: 'no active mentor grant on plan' });
    throw notFound('Planen');
  }
  return access;
}

/** Subscribing is being present: the tab's row is written, and the list comes now and at every change. */
export async function subscribePresence(ctx: RequestContext, planId: string, sessionId: string): Promise<AsyncIterableIterator<PresenceItem>> {
  // @Access runs as field middleware, which does not wrap the subscribe step: check here too.
  const actor = assertAccess(Authenticated, ctx)!;
  assertSessionId(sessionId);
  const access = await guardPresence(ctx, planId, 'SUBSCRIBE_PLAN_PRESENCE');
  const { feed, dataSource, logger, clock } = ctx.deps;
  if (!feed) throw new AppError('SERVICE_UNAVAILABLE', 'Live-opdateringer er ikke startet.');
  const hub = presenceHubOf({ feed, dataSource, logger, clock });
  const watch = new PresenceWatch(hub, access.planId, actor, sessionId);
  await hub.join(watch);
  return watch;
}

/**
 * Records which record the tab has an edit form open for (null: none). It may arrive on
 * another instance than the tab's socket: the row is found by plan, user and tab. Answers
 * false when the tab is not present (it has not subscribed yet, or its presence expired).
 */
export async function setEditing(ctx: RequestContext, planId: string, sessionId: string, recordId: string | null): Promise<boolean> {
  assertSessionId(sessionId);
  if (recordId !== null && !isUuid(recordId)) throw badInput('recordId', 'Posten findes ikke på planen.');
  const access = await guardPresence(ctx, planId, 'SET_EDITING');
  const actor = actorOf(ctx);
  if (recordId !== null && !(await isRecordOf(ctx, access, recordId))) throw badInput('recordId', 'Posten findes ikke på planen.');
  const rows: unknown[] = await ctx.db.query(
    `WITH up AS (
       UPDATE plan_presence SET editing_record_id = $4, editing_since = CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END
        WHERE plan_id = $1 AND user_id = $2 AND session_id = $3 AND refreshed_at >= now() - make_interval(secs => $5)
       RETURNING plan_id)
     SELECT pg_notify($6, plan_id::text) FROM up`,
    [access.planId, actor.userId, sessionId, recordId, EXPIRE_SECONDS, PRESENCE_CHANNEL],
  );
  return rows.length > 0;
}

/**
 * Is the record one of the plan's own, one that an edit form on the plan page is open for:
 * the plan, its programme and citizen (the contact details), a sub-goal, intervention,
 * activity, follow-up, booked samtale, next-step decision, grant or task, or a section of the
 * description (written or not yet: its id is fixed)? A mentor: one in their view.
 */
async function isRecordOf(ctx: RequestContext, access: PlanAccess, recordId: string): Promise<boolean> {
  const actor = actorOf(ctx);
  if (actor.role === Role.MENTOR) return mayKnowOf(actor, recordId, await mentorRecordIds(ctx.db, access.planId));
  if (sectionIdsOf(access.planId).includes(recordId)) return true;
  const [row]: Array<{ found: boolean }> = await ctx.db.query(
    `SELECT EXISTS (
       SELECT 1 FROM plan WHERE id = $1 AND (id = $2 OR programme_id = $2)
       UNION ALL SELECT 1 FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE p.id = $1 AND pr.citizen_id = $2
       UNION ALL SELECT 1 FROM plan p JOIN programme_next_step ns ON ns.programme_id = p.programme_id WHERE p.id = $1 AND ns.id = $2
       UNION ALL SELECT 1 FROM booked_meeting WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM sub_goal WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM intervention WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM activity WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM follow_up_meeting WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM mentor_grant WHERE plan_id = $1 AND id = $2
       UNION ALL SELECT 1 FROM mentor_task WHERE plan_id = $1 AND id = $2 AND removed_at IS NULL
     ) AS found`,
    [access.planId, recordId],
  );
  return row.found;
}
