import { recordReads, type ReadEntry } from '../../core/audit';
import type { Actor } from '../../core/auth/actor';
import type { Queryable } from '../../core/db/queryable';
import type { FeedListener, FeedSend } from '../../core/events/event-feed';
import type { FeedEvent } from '../../core/events/event-row';
import type { PlanAccess } from '../plan';

/** How an event reached the subscriber: as it happened, or replayed after `afterSeq`. */
export type ReadChannel = 'LIVE' | 'REPLAY';

/** An event about to be handed to the client, as the access log records it. */
export interface HandedRead {
  event: FeedEvent;
  channel: ReadChannel;
}

/** A subscription's listener on the feed: it knows whom it delivers to. */
export interface LiveListener extends FeedListener<PlanAccess> {
  readonly actor: Actor;
  /**
   * True for an event this subscriber is sent only as word that the plan left their caseload
   * (the change took it from them): its id and seq, nothing of the citizen's, so no read to log.
   */
  onlyLeaving(event: FeedEvent): boolean;
  /**
   * True when the subscriber writes these events (its share of a fan-out) to the access log
   * itself, as its client takes them: its client is behind, and what waits for it may yet be
   * dropped untaken (live-stream.ts, logsWhenTaken). The fan-out's write leaves them out.
   */
  logsWhenTaken(events: FeedEvent[]): boolean;
}

const isLive = (l: FeedListener<PlanAccess>): l is LiveListener => (l as Partial<LiveListener>).actor !== undefined;

/** One read per event handed to the subscriber, of the event's plan; recordReads folds them into one row per user and citizen. */
export function readsOf(actor: Actor, handed: readonly HandedRead[], access: Map<string, PlanAccess | null>): ReadEntry[] {
  const reads: ReadEntry[] = [];
  for (const { event: e, channel } of handed) {
    const citizenId = access.get(e.planId)?.citizenId;
    if (!citizenId) continue;
    reads.push({ actor, citizenId, channel, action: channel === 'LIVE' ? 'RECEIVE_LIVE_EVENTS' : 'REPLAY_EVENTS', entityType: 'PLAN', entityId: e.planId });
  }
  return reads;
}

/**
 * The feed's `record`: every citizen whose events go out in this fan-out, per subscriber,
 * in one statement before they are sent (databeskyttelsesloven, GDPR art. 30/32). A
 * thousand subscribers of one user on one plan fold into a single row — counted here per
 * user and plan first, so a fan-out builds one entry per user and plan, not per subscriber.
 * A subscriber whose client is behind logs its share itself, as the client takes it
 * (logsWhenTaken): the log says what was handed to the client, not what was queued for it.
 */
export function recordLiveDeliveries(q: Queryable) {
  return (sends: ReadonlyArray<FeedSend<PlanAccess>>, access: Map<string, PlanAccess | null>): Promise<void> => {
    const byUser = new Map<string, { actor: Actor; plans: Map<string, number> }>();
    for (const s of sends) {
      if (!isLive(s.listener) || s.listener.logsWhenTaken(s.events)) continue;
      const { actor } = s.listener;
      let user = byUser.get(actor.userId);
      if (!user) byUser.set(actor.userId, (user = { actor, plans: new Map() }));
      for (const e of s.events) if (!s.listener.onlyLeaving(e)) user.plans.set(e.planId, (user.plans.get(e.planId) ?? 0) + 1);
    }
    const reads: ReadEntry[] = [];
    for (const { actor, plans } of byUser.values()) {
      for (const [planId, count] of plans) {
        const citizenId = access.get(planId)?.citizenId;
        if (citizenId) reads.push({ actor, citizenId, channel: 'LIVE', action: 'RECEIVE_LIVE_EVENTS', entityType: 'PLAN', entityId: planId, count });
      }
    }
    return recordReads(q, reads);
  };
}
