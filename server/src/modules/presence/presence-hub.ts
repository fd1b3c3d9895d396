import { randomUUID } from 'node:crypto';
import { localDate } from '@samplan/schema';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import { Role } from '../../core/auth/roles';
import type { Clock } from '../../core/clock';
import { isDatabaseUnavailable, serviceUnavailable } from '../../core/db/availability';
import { AppError, notFound } from '../../core/errors/app-errors';
import type { ChannelHandler, EventFeed, FeedListener } from '../../core/events/event-feed';
import { PushedItems } from '../../core/events/pushed-items';
import { EventKind } from '../../core/events/event-kinds';
import type { Logger } from '../../core/logging/logger';
import { loadPlanAccess } from '../plan';
import { loadActiveGrants } from '../consent';
import { mayBePresent, mayBeSeenBy, mayKnowOf, mentorRecordIds } from './presence.policy';
import type { PlanPresence, PresentUser } from './presence.types';

/** Every instance LISTENs here; the payload is the id of the plan whose presence changed. */
export const PRESENCE_CHANNEL = 'samplan_presence';
/** How often an instance refreshes the rows of its open subscriptions (and sweeps expired rows). */
export const REFRESH_MS = 3_000;
/** A row not refreshed for this long belongs to an instance that is gone: it no longer counts. */
export const EXPIRE_SECONDS = 8;

/** Plan events after which who may be present in the plan is read again. */
const CHANGES_ACCESS: ReadonlySet<string> = new Set([
  EventKind.TEAM_CHANGED,
  EventKind.COORDINATOR_ASSIGNED,
  EventKind.MENTOR_GRANT_ENDED,
  // Whom a mentor may see present (mentorMaySee, presence.policy.ts).
  EventKind.CONSENT_RECORDED,
  EventKind.CONSENT_WITHDRAWN,
]);

/** What a presence subscription yields: the list, or the reason it ends (the resolver throws it). */
export type PresenceItem = PlanPresence | { end: AppError };

export function isPresenceEnd(item: PresenceItem): item is { end: AppError } {
  return (item as { end?: AppError }).end !== undefined;
}

/** One person's presence in a plan, all their tabs folded into one. */
interface PresenceRow {
  userId: string;
  unitId: string | null;
  /** The kind of the unit they are present for (null: a mentor, or the citizen). */
  unitKind: string | null;
  role: string;
  editing: string | null;
  since: Date;
}

/** One open `planPresence` subscription: it is the tab's presence, and it receives the list. */
export class PresenceWatch extends PushedItems<PresenceItem> {
  readonly subscriptionId = randomUUID();
  private lastSent: string | null = null;

  constructor(
    private readonly hub: PresenceHub,
    readonly planId: string,
    readonly actor: Actor,
    readonly sessionId: string,
  ) {
    super();
  }

  /** The list as this viewer may see it; nothing is sent when it is what they already have. */
  offer(presence: PlanPresence): void {
    const key = JSON.stringify(presence);
    if (this.closed || key === this.lastSent) return;
    this.lastSent = key;
    this.push(presence);
  }

  /** Ends the stream with an error (e.g. the viewer no longer may see the plan). */
  end(error: AppError): void {
    if (this.closed) return;
    this.push({ end: error });
    this.close();
    void this.hub.leave(this);
  }

  /** The subscription ended (the client completed it, or its socket closed): the tab is gone at once. */
  protected left(): Promise<void> {
    return this.hub.leave(this);
  }
}

export interface PresenceHubOptions {
  dataSource: DataSource;
  logger: Logger;
  clock: Clock;
  /**
   * The instance's event feed: its LISTEN connection carries the presence channel too, and its
   * plan events tell of changes to who may see a plan.
   */
  feed: Pick<EventFeed<unknown>, 'listen' | 'ready' | 'attach'>;
}

/**
 * This instance's share of presence, kept in PostgreSQL only so that every instance sees
 * every tab (docs/live-collaboration.md, "Presence"):
 *
 * - a subscription inserts its row (or takes over its tab's row after a reconnect) and
 *   NOTIFYs; ending it deletes the row and NOTIFYs, at once;
 * - every REFRESH_MS the instance refreshes its own rows in one statement, and deletes any
 *   row (of any instance) not refreshed for EXPIRE_SECONDS, NOTIFYing those plans: a dead
 *   instance's tabs vanish, and reads ignore such rows even before the sweep;
 * - on a notification for a plan that has subscribers here, the plan's rows and its access
 *   are read once, fresh, and each subscriber gets the list as they may see it. A viewer
 *   who may no longer see the plan is ended with NOT_FOUND.
 *
 * A lost socket ends its subscriptions when the WebSocket server stops hearing its pongs
 * (core/http/websocket.ts), so a tab whose connection silently died goes within seconds.
 */
export class PresenceHub {
  readonly instanceId = randomUUID();
  private readonly watches = new Map<string, Set<PresenceWatch>>();
  private readonly reloading = new Map<string, { again: boolean; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  /** The Danish day of the last tick: when it turns, every watched plan's viewers are judged again. */
  private day: string | null = null;
  private ticking = false;
  /** Resolves once the channel is listened to: a subscriber reads the list only after that, so no change slips between. */
  readonly ready: Promise<void>;

  constructor(private readonly options: PresenceHubOptions) {
    const listening = options.feed.listen(PRESENCE_CHANNEL, {
      notify: (planId) => this.changed(planId),
      // Notifications may have been lost while the connection was away: read every watched plan again.
      resync: () => {
        for (const planId of this.watches.keys()) this.changed(planId);
      },
    });
    // A unit taken off the team, a coordinator replaced, a mentor's grant ended: the plan's
    // viewers are judged again at once, so one who lost the plan is out of its presence (and no
    // longer sees who is there) without waiting for the next arrival.
    const accessChanges: FeedListener<unknown> = {
      accepts: (event) => {
        if (CHANGES_ACCESS.has(event.kind)) this.changed(event.planId);
        return false;
      },
      push: () => undefined,
    };
    this.ready = Promise.all([listening, options.feed.ready().then(() => void options.feed.attach(accessChanges))]).then(() => undefined);
  }

  /** The tab is present from now on; resolves once its first list is queued. */
  async join(watch: PresenceWatch): Promise<void> {
    await this.ready;
    let set = this.watches.get(watch.planId);
    if (!set) this.watches.set(watch.planId, (set = new Set()));
    set.add(watch);
    this.timer ??= setInterval(() => void this.tick(), REFRESH_MS).unref();
    this.day ??= localDate(this.options.clock.now());
    try {
      await this.register(watch);
    } catch (err) {
      await this.leave(watch);
      throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
    }
    await this.reload(watch.planId);
  }

  private async register(watch: PresenceWatch): Promise<void> {
    const { actor } = watch;
    // The same tab subscribing again (a reconnect, maybe on another instance) takes its row
    // over, keeping when it arrived and what it is editing.
    await this.options.dataSource.query(
      `WITH up AS (
         INSERT INTO plan_presence (plan_id, user_id, session_id, municipality_id, unit_id, instance_id, subscription_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (plan_id, user_id, session_id) DO UPDATE
           SET unit_id = EXCLUDED.unit_id, instance_id = EXCLUDED.instance_id, subscription_id = EXCLUDED.subscription_id, refreshed_at = now()
         RETURNING plan_id)
       SELECT pg_notify($8, plan_id::text) FROM up`,
      [watch.planId, actor.userId, watch.sessionId, actor.municipalityId, actor.unitId, this.instanceId, watch.subscriptionId, PRESENCE_CHANNEL],
    );
  }

  /** The tab is gone: its row goes at once (unless another subscription of the same tab has taken it over). */
  async leave(watch: PresenceWatch): Promise<void> {
    const set = this.watches.get(watch.planId);
    if (!set?.delete(watch)) return;
    if (set.size === 0) this.watches.delete(watch.planId);
    if (this.watches.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    try {
      await this.options.dataSource.query(
        `WITH gone AS (DELETE FROM plan_presence WHERE subscription_id = $1 RETURNING plan_id)
         SELECT pg_notify($2, plan_id::text) FROM gone`,
        [watch.subscriptionId, PRESENCE_CHANNEL],
      );
    } catch (err) {
      // The row expires by itself once nobody refreshes it.
      this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'presence row could not be removed; it expires');
    }
  }

  private changed(planId: string): void {
    if (this.watches.has(planId)) void this.reload(planId);
  }

  /** Reads the plan's presence and hands each subscriber their view. Runs once at a time per plan; a change meanwhile runs it again. */
  private reload(planId: string): Promise<void> {
    const running = this.reloading.get(planId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await this.deliver(planId);
        } while (state.again);
      } catch (err) {
        this.options.logger.warn({ planId, err: err instanceof Error ? err.message : String(err) }, 'presence could not be read');
      } finally {
        this.reloading.delete(planId);
      }
    })();
    this.reloading.set(planId, state);
    return state.done;
  }

  private async deliver(planId: string): Promise<void> {
    const watches = [...(this.watches.get(planId) ?? [])];
    if (watches.length === 0) return;
    const ds = this.options.dataSource;
    const [rows, access] = await Promise.all([readPresence(ds, planId), loadPlanAccess(ds, planId)]);
    const now = this.options.clock.now();
    const mentorWatching = watches.some((w) => w.actor.role === Role.MENTOR);
    const [mentorRecords, grants] = mentorWatching
      ? await Promise.all([rows.some((r) => r.editing) ? mentorRecordIds(ds, planId) : [], loadActiveGrants(ds, [planId]).then((m) => m.get(planId) ?? [])])
      : [[], []];
    for (const watch of watches) {
      // Access is judged at every delivery, as for plan events: a unit taken off the team, or an ended grant, ends the subscription.
      if (!mayBePresent(watch.actor, access, now)) {
        watch.end(notFound('Planen'));
        continue;
      }
      const present: PresentUser[] = rows.filter((r) => mayBeSeenBy(watch.actor, r, grants)).map((r) => ({
        userId: r.userId,
        unitId: r.unitId,
        since: r.since,
        editing: r.editing && mayKnowOf(watch.actor, r.editing, mentorRecords) ? r.editing : null,
      }));
      watch.offer({ planId, present });
    }
  }

  /** Keeps this instance's rows alive, and sweeps rows nobody keeps alive any more. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // A mentor's view is open while a grant of theirs is active today (planPolicy.mentorView):
      // at midnight after its last day it closes, with no change anyone makes to announce it.
      // Their presence ends then too, within a tick, rather than at the plan's next change.
      const today = localDate(this.options.clock.now());
      if (this.day !== null && today !== this.day) for (const planId of this.watches.keys()) this.changed(planId);
      this.day = today;
      const mine = [...this.watches.values()].flatMap((set) => [...set]).filter((w) => !w.closed);
      const ds = this.options.dataSource;
      if (mine.length > 0) {
        // A row swept while this instance was stalled comes back (and is announced); a row
        // another subscription of the same tab has taken over is left to it.
        await ds.query(
          `WITH up AS (
             INSERT INTO plan_presence (plan_id, user_id, session_id, municipality_id, unit_id, instance_id, subscription_id)
             SELECT plan_id, user_id, session_id, municipality_id, unit_id, $8::uuid, subscription_id
               FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[]) AS s(plan_id, user_id, session_id, municipality_id, unit_id, subscription_id)
             ON CONFLICT (plan_id, user_id, session_id) DO UPDATE SET refreshed_at = now()
               WHERE plan_presence.subscription_id = EXCLUDED.subscription_id
             RETURNING plan_id, xmax = 0 AS inserted)
           SELECT pg_notify($7, plan_id::text) FROM up WHERE inserted`,
          [
            mine.map((w) => w.planId), mine.map((w) => w.actor.userId), mine.map((w) => w.sessionId), mine.map((w) => w.actor.municipalityId),
            mine.map((w) => w.actor.unitId), mine.map((w) => w.subscriptionId), PRESENCE_CHANNEL, this.instanceId,
          ],
        );
      }
      await ds.query(
        `WITH gone AS (DELETE FROM plan_presence WHERE refreshed_at < now() - make_interval(secs => $1) RETURNING plan_id)
         SELECT pg_notify($2, plan_id::text) FROM (SELECT DISTINCT plan_id FROM gone) g`,
        [EXPIRE_SECONDS, PRESENCE_CHANNEL],
      );
    } catch (err) {
      this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'presence could not be refreshed');
    } finally {
      this.ticking = false;
    }
  }
}

/** Who is present in a plan: one entry per person (their tabs folded: the earliest arrival, the latest edit), first arrived first. */
async function readPresence(ds: DataSource, planId: string): Promise<PresenceRow[]> {
  const rows: Array<{ user_id: string; unit_id: string | null; unit_kind: string | null; role: string; editing: string | null; since: Date }> = await ds.query(
    `SELECT p.user_id::text, p.unit_id::text, u.kind AS unit_kind, a.role, p.editing, p.since FROM (
       SELECT DISTINCT ON (user_id) user_id, unit_id, editing_record_id::text AS editing, min(since) OVER (PARTITION BY user_id) AS since
         FROM plan_presence
        WHERE plan_id = $1 AND refreshed_at >= now() - make_interval(secs => $2)
        ORDER BY user_id, editing_since DESC NULLS LAST, refreshed_at DESC
     ) p JOIN app_user a ON a.id = p.user_id LEFT JOIN unit u ON u.id = p.unit_id ORDER BY p.since, p.user_id`,
    [planId, EXPIRE_SECONDS],
  );
  return rows.map((r) => ({ userId: r.user_id, unitId: r.unit_id, unitKind: r.unit_kind, role: r.role, editing: r.editing, since: new Date(r.since) }));
}

const hubs = new WeakMap<object, PresenceHub>();

/** The instance's hub: one per event feed (one feed per instance), made at the first subscription. */
export function presenceHubOf(options: PresenceHubOptions): PresenceHub {
  let hub = hubs.get(options.feed);
  if (!hub) hubs.set(options.feed, (hub = new PresenceHub(options)));
  return hub;
}
