import { recordReadsWithCommit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { badInput, notFound } from '../../core/errors/app-errors';
import { parseSeq } from '../../core/events/event-row';
import { guardPlan, READ, type Plan } from '../plan';
import type { ReadPosition, ReadPositionKey } from './read-position.loaders';

function keyOf(ctx: RequestContext, planId: string): ReadPositionKey {
  const actor = actorOf(ctx);
  return { userId: actor.userId, planId, countsEvents: actor.role !== Role.MENTOR };
}

/** The viewer's read position in a plan they already reached (through the plan guard or Mine sager), batched per request. */
export function readPositionOf(ctx: RequestContext, planId: string): Promise<ReadPosition> {
  return ctx.loaders.readPosition.load(keyOf(ctx, planId));
}

/** Longest a "seen" waits for a change still committing below the seq marked. */
const SETTLE_WAIT_MS = 1000;

/**
 * Where the position may stand for a mark at `wanted`: `wanted` when every seq up to it is
 * settled, else the settled mark after a short wait. A seq beyond the plan's newest change
 * is not waited for (it is refused by the caller). For the staff's read position and the
 * citizen's "Nyt i din plan" alike.
 */
export async function settledMark(ctx: RequestContext, planId: string, wanted: bigint, feed: NonNullable<RequestContext['deps']['feed']>): Promise<bigint> {
  const now = await feed.settledUpTo(wanted, 0);
  if (now >= wanted) return wanted;
  const [{ newest }]: Array<{ newest: string }> = await ctx.db.query(`SELECT COALESCE(max(seq), 0)::text AS newest FROM plan_event WHERE plan_id = $1`, [planId]);
  return wanted > BigInt(newest) ? wanted : feed.settledUpTo(wanted, SETTLE_WAIT_MS);
}

/**
 * Moves the caller's read position in a plan forward to `seq` (never back: GREATEST, so a
 * stale tab marking an older seq changes nothing). The position is the user's own state:
 * no plan event, but only someone who may see the plan may keep one, and a seq beyond the
 * plan's newest event is refused (it would hide changes not yet made). The answer is the
 * plan, whose selection may reach anything the plan page shows (the CPR number, the
 * address, every intervention), so it is a read of the plan in the citizen's access log
 * like the page's own; the page marks what it has just read, so the row folds into the
 * page's read (same user, citizen, channel and plan within the quarter hour).
 */
export async function markPlanSeen(ctx: RequestContext, planId: string, seq: string): Promise<Plan> {
  const access = await guardPlan(ctx, planId, READ, { action: 'MARK_PLAN_SEEN', entityType: 'PLAN' });
  const wanted = parseSeq(seq);
  if (wanted === null) throw badInput('seq', 'seq skal være et løbenummer (et heltal).');
  const actor = actorOf(ctx);
  // Seqs are taken before commit, so they commit out of order: while a change holding seq 10
  // is still committing, the user may see and mark 11. A position of 11 would count only what
  // comes after it, and 10 would never be flagged. The position stands no further than the
  // feed's settled mark (every seq at or below it committed or abandoned): a change marked
  // seen may then be counted again, but none is hidden. A commit whose notification is still
  // on its way is waited for, briefly (the feed reads at once).
  const at = ctx.deps.feed ? await settledMark(ctx, access.planId, wanted, ctx.deps.feed) : wanted;
  // One statement: the plan's newest seq, and the position moved only when `seq` is not beyond it.
  const [row]: Array<{ moved: boolean }> = await ctx.db.query(
    `WITH newest AS (SELECT COALESCE(max(seq), 0) AS seq FROM plan_event WHERE plan_id = $1),
          up AS (INSERT INTO plan_read_position (user_id, plan_id, municipality_id, seq)
                 SELECT $2, $1, $3, $5::bigint FROM newest WHERE $4::bigint <= newest.seq
                 ON CONFLICT (user_id, plan_id) DO UPDATE
                   SET seq = GREATEST(plan_read_position.seq, EXCLUDED.seq), seen_at = now()
                 RETURNING seq)
     SELECT EXISTS (SELECT 1 FROM up) AS moved`,
    [access.planId, actor.userId, access.municipalityId, wanted.toString(), at.toString()],
  );
  if (!row.moved) throw badInput('seq', 'Løbenummeret ligger efter planens seneste ændring.');
  ctx.loaders.readPosition.clear(keyOf(ctx, planId));
  const plan = await ctx.loaders.plan.load(planId);
  if (!plan) throw notFound('Planen');
  // With the request's COMMIT, which comes before the answer (as readPlan).
  await recordReadsWithCommit(ctx, [{ actor, citizenId: access.citizenId, channel: 'PLAN_PAGE', action: 'READ_PLAN', entityType: 'PLAN', entityId: access.planId }]);
  return plan;
}
