import { localDate } from '@samplan/schema';
import { recordAudit, recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { systemReads, type RequestContext } from '../../core/context';
import { badInput, notFound } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { EVENT_COLUMNS, parseSeq, type FeedEvent } from '../../core/events/event-row';
import { isUuid } from '../../core/loaders';
import { Role } from '../org/org.enums';
import { guardPlan, planPolicy, READ, type PlanAccess } from '../plan';
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, type PlanHistoryArgs, type PlanHistoryPage } from './plan-history.types';
import { canReceive, loadAccessMap } from './live.policy';
import type { PlanEvent } from './plan-event.type';
import { TOLD_BY_COLUMN, withoutToldTogether, type RowToldBy } from './told-together';

/** A cursor is opaque to the client: the seq of the last item it was given. */
const encodeCursor = (seq: string) => Buffer.from(`seq:${seq}`).toString('base64url');

function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, 'base64url').toString();
  const seq = text.startsWith('seq:') ? parseSeq(text.slice(4)) : null;
  if (seq === null || encodeCursor(seq.toString()) !== cursor) throw badInput('before', 'Ukendt position i historikken. Hent historikken forfra.');
  return seq;
}

/**
 * The plan's access as the live delivery judges it (fresh, with what is shared with a
 * mentor). Staff pass the one plan gate; a mentor's view must be open (a grant active
 * today, in a running programme: planPolicy.mentorView), and then they see only what
 * `mentorMayReceive` lets through. Anything else: NOT_FOUND, audited.
 */
async function historyAccess(ctx: RequestContext, planId: string): Promise<PlanAccess> {
  const actor = actorOf(ctx);
  const what = { action: 'READ_PLAN_HISTORY', entityType: 'PLAN' };
  // Staff: the plan gate reads the access and judges it (canReceive asks the same of staff).
  if (actor.role !== Role.MENTOR) return guardPlan(ctx, planId, READ, what);
  const access = isUuid(planId) ? (await loadAccessMap(systemReads(ctx.deps), [planId])).get(planId) : null;
  if (!access || !planPolicy.mentorView(actor, access, localDate(ctx.deps.clock.now()))) {
    await recordAudit(ctx.db, { actor, ...what, entityId: isUuid(planId) ? planId : null, citizenId: access?.citizenId ?? null, outcome: 'DENIED', detail: 'no access to plan' });
    throw notFound('Planen');
  }
  return access;
}

/**
 * One page of the plan's stored history, newest first, cut exactly as live delivery cuts it
 * (`canReceive` per event). The rules' WARNINGS_CHANGED is nobody's change and is left out, as
 * is an event the viewer reads in another line (told-together.ts). Rows are read in batches
 * until the page is full, so a mentor's filtered view still pages by what they may see, and a
 * page is never short for what was left out; reading one row more than asked tells whether
 * there is an older page.
 */
export async function planHistory(ctx: RequestContext, args: PlanHistoryArgs): Promise<PlanHistoryPage> {
  const first = args.first ?? HISTORY_PAGE_DEFAULT;
  if (!Number.isInteger(first) || first < 1 || first > HISTORY_PAGE_MAX) throw badInput('first', `Antal skal være mellem 1 og ${HISTORY_PAGE_MAX}.`);
  let before = args.before != null ? decodeCursor(args.before) : null;
  if (args.recordId != null && !isUuid(args.recordId)) throw badInput('recordId', 'Ukendt post.');
  const actor = actorOf(ctx);
  const access = await historyAccess(ctx, args.planId);
  const now = ctx.deps.clock.now();

  const batch = Math.min(first + 1, HISTORY_PAGE_MAX + 1) * (actor.role === Role.MENTOR ? 4 : 1);
  const items: FeedEvent[] = [];
  for (;;) {
    const params: unknown[] = [args.planId, EventKind.WARNINGS_CHANGED, batch];
    const where = ['e.plan_id = $1::uuid', 'e.kind <> $2'];
    if (args.recordId) where.push(`e.entity_id = $${params.push(args.recordId)}::uuid`);
    if (before !== null) where.push(`e.seq < $${params.push(before.toString())}::bigint`);
    // The whole plan's changes tell one action once (told-together.ts); a record's own history keeps each of its events.
    const toldBy = args.recordId ? 'NULL::text AS told_by' : TOLD_BY_COLUMN;
    const rows: RowToldBy[] = await ctx.db.query(`SELECT ${EVENT_COLUMNS}, ${toldBy} FROM plan_event e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT $3`, params);
    const events = await withoutToldTogether(ctx.db, rows, actor, access, () => now);
    for (const event of events) if (canReceive(actor, event, access, () => now)) items.push(event);
    if (rows.length < batch || items.length > first) break;
    before = BigInt(rows[rows.length - 1].seq);
  }

  const page = items.slice(0, first);
  // Reading the history is reading the plan (the access log shows it like the plan page).
  await recordReads(ctx.db, [{ actor, citizenId: access.citizenId, channel: 'PLAN_PAGE', action: 'READ_PLAN_HISTORY', entityType: 'PLAN', entityId: access.planId }]);
  return { items: page as PlanEvent[], olderCursor: items.length > first ? encodeCursor(page[page.length - 1].seq) : null };
}
