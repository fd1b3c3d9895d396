import { recordAudit, recordReads } from '../../core/audit';
import { Authenticated, assertAccess, refusedForRole } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { AppError, badInput } from '../../core/errors/app-errors';
import type { EventFeed } from '../../core/events/event-feed';
import { parseSeq, readEventRange } from '../../core/events/event-row';
import { guardPlan, READ, type PlanAccess } from '../plan';
import { loadRefs } from './live-refs';
import { readsOf } from './live-trace';
import { LiveStream } from './live-stream';
import { loadAccessMap } from './live.policy';
import { FairGate } from '../../core/fair-gate';
import { roleEventView } from './role-views';

const REPLAY_PAGE = 500;

/**
 * One replay gate per instance (per feed): at most a quarter of the pool (DB_POOL_SIZE)
 * reads replay pages at once, across every subscription, so a flood of `afterSeq`
 * subscriptions queues for its pages while everyone's requests keep the rest of the pool;
 * one user replays one page at a time and then rests three times as long as the page took (at most
 * a quarter of the time: bench:flood measures another user's requests during such a flood).
 */
const REPLAY_REST = 3;
const gates = new WeakMap<object, FairGate>();
function replayGateOf(feed: object, poolSize: number): FairGate {
  let gate = gates.get(feed);
  if (!gate) gates.set(feed, (gate = FairGate.forPoolShare(poolSize, REPLAY_REST)));
  return gate;
}

function afterSeqOf(value: string | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  const seq = parseSeq(value);
  if (seq === null) throw badInput('afterSeq', 'afterSeq skal være et løbenummer (et heltal).');
  return seq;
}

async function open(ctx: RequestContext, planId: string | undefined, afterSeq: string | null | undefined): Promise<LiveStream> {
  // @Access runs as field middleware, which does not wrap the subscribe step: check here too.
  const actor = assertAccess(Authenticated, ctx)!;
  const after = afterSeqOf(afterSeq);
  const { dataSource } = ctx.deps;
  // The feed is this module's own (its manifest's `live.createFeed`, live-feed.ts), so its
  // access rows are PlanAccess; core only holds it for the server's lifetime.
  const feed = ctx.deps.feed as EventFeed<PlanAccess> | undefined;
  if (!feed) throw new AppError('SERVICE_UNAVAILABLE', 'Live-opdateringer er ikke startet.');
  const own = roleEventView(actor.role);
  if (planId !== undefined) {
    // NOT_FOUND (and an audited denial) for a plan the caller cannot read; a role with a
    // view of its own (the citizen) through that view's gate.
    const access = own
      ? await own.guardSubscribe(ctx, planId)
      : await guardPlan(ctx, planId, READ, { action: 'SUBSCRIBE_PLAN_EVENTS', entityType: 'PLAN' });
    await recordAudit(dataSource, { actor, action: 'SUBSCRIBE_PLAN_EVENTS', entityType: 'PLAN', entityId: planId, citizenId: access.citizenId, outcome: 'ALLOWED' });
  } else if (own) {
    // The caseload overview is staff work: a citizen follows their own plan only.
    throw await refusedForRole(ctx, actor, 'Subscription.caseloadEvents');
  } else {
    await recordAudit(dataSource, { actor, action: 'SUBSCRIBE_CASELOAD_EVENTS', entityType: 'CASELOAD', outcome: 'ALLOWED' });
  }
  const stream = new LiveStream({
    feed,
    actor,
    planId,
    afterSeq: after,
    newestSeq: async () => BigInt((await dataSource.query(`SELECT last_value FROM plan_event_seq_seq`))[0].last_value),
    gate: replayGateOf(feed, ctx.deps.config.dbPoolSize),
    readPage: (from, upTo) => readEventRange(dataSource, from, upTo, { planId, municipalityId: actor.municipalityId }, REPLAY_PAGE),
    loadAccess: (ids) => loadAccessMap(dataSource, ids),
    prepare: (events) => loadRefs(dataSource, events),
    // A replay reaches the user as surely as a live update: it is in the access log too, as
    // is a live update the fan-out left to the stream (its client was behind).
    record: (reads, access) => recordReads(dataSource, readsOf(actor, reads, access)),
    // The fields of each event are resolved with today's consent and standing, not what the
    // subscription's loaders read at an earlier event (a withdrawn consent, a new coordinator).
    beforeEach: () => ctx.readAfresh(),
    now: () => ctx.deps.clock.now(),
  });
  return stream.open();
}

export const subscribePlanEvents = (ctx: RequestContext, planId: string, afterSeq?: string | null) => open(ctx, planId, afterSeq);
export const subscribeCaseloadEvents = (ctx: RequestContext, afterSeq?: string | null) => open(ctx, undefined, afterSeq);
