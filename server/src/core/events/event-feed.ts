import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { queryOnPool } from '../db/pool-query';
import { keepPrepared } from '../db/statement-batch';
import type { Logger } from '../logging/logger';
import { EVENT_CHANNEL } from './event-log';
import { EVENT_COLUMNS, toFeedEvent, type EventRow, type FeedEvent } from './event-row';
import { FeedCursor } from './feed-cursor';

/** A local subscriber of the feed (one GraphQL subscription). */
export interface FeedListener<A> {
  /** Only this plan's events; undefined for every plan (the caseload). */
  readonly planId?: string;
  /** Decided per event at delivery time, against access loaded fresh for the batch. */
  accepts(event: FeedEvent, access: A | null): boolean;
  /** Events in seq order; called synchronously while the feed moves its mark. */
  push(events: FeedEvent[]): void;
  /**
   * The feed could not hand on a batch this subscriber accepted (its `record` failed): the
   * subscriber must end, so that its client resubscribes with afterSeq and loses nothing.
   */
  drop?(reason: unknown): void;
}

/** Another channel on the feed's LISTEN connection (e.g. core/auth/user-sockets.ts). */
export interface ChannelHandler {
  /** A notification on the channel, with its payload. */
  notify(payload: string): void;
  /** The connection was lost and is back: notifications in between may be lost, look at everything again. */
  resync?(): void;
}

/** What one subscriber is sent from one batch. */
export interface FeedSend<A> {
  listener: FeedListener<A>;
  events: FeedEvent[];
}

export interface EventFeedOptions<A> {
  /** Reads go through the pool, so the poll keeps working while the listener is away. */
  dataSource: DataSource;
  /** The LISTEN connection is a client of its own: a pooled one would be handed back (node-postgres#967). */
  url: string;
  /** Keep the read of new events prepared on the pool's connections (the server's DATABASE_PREPARED_STATEMENTS). */
  preparedStatements?: boolean;
  logger: Logger;
  /** One query for all plans of a batch; never cached across batches (access can change). */
  loadAccess(planIds: string[]): Promise<Map<string, A | null>>;
  /**
   * Once per batch, before fan-out: load what every subscriber will ask for (the actor, the
   * unit) in one query into `event.refs`, instead of one query per subscriber per event.
   */
  prepare?(events: FeedEvent[]): Promise<void>;
  /**
   * Once per batch, after each subscriber's share is decided and before any is sent: one
   * write for the whole fan-out (the access log). When it fails nothing of the batch is
   * sent; the subscribers are dropped and resume from their last seq. It may leave out a
   * subscriber that writes its own share as its client takes it (one whose client is behind,
   * and whose share may yet be dropped untaken: modules/live), never to send it unwritten.
   */
  record?(sends: ReadonlyArray<FeedSend<A>>, access: Map<string, A | null>): Promise<void>;
  pollMs?: number;
  batchSize?: number;
  /** How often the LISTEN connection is asked a `SELECT 1`, and how long it may take to answer (LISTEN_PROBE_MS). */
  probe?: { everyMs: number; timeoutMs: number };
}

export interface FeedStats {
  last: string;
  listening: boolean;
  listeners: number;
  delivered: number;
  pendingGaps: number;
  /** Reads of the table so far (for tests and diagnostics). */
  reads: number;
}

/** Run after every change (its NOTIFY wakes the feed): kept prepared when the server keeps its statements. */
const READ_SQL = keepPrepared(`SELECT ${EVENT_COLUMNS} FROM plan_event e WHERE e.seq > $1::bigint ORDER BY e.seq LIMIT $2`);

/**
 * The transactions that hold a writer's lock on plan_event now (feed-cursor.ts: a writer
 * takes it before its seq and keeps it to its end), or those of `among` that still do.
 */
const WRITERS_SQL = `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
   WHERE locktype = 'relation' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND relation = 'plan_event'::regclass
     AND mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
     AND ($1::text[] IS NULL OR virtualtransaction = ANY($1::text[]))`;

/** The LISTEN connection is asked a `SELECT 1` this often and given this long to answer. */
const LISTEN_PROBE = { everyMs: 15_000, timeoutMs: 5_000 };
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;
const RECHECK_MIN_MS = 5;
const RECHECK_MAX_MS = 250;
/** A gap held this long means a writer left a transaction open: say so in the log. */
const STUCK_WARN_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
const yieldToIo = () => new Promise<void>((r) => setImmediate(r));
/**
 * Subscribers pushed to per turn of the event loop. In bench/fanout.ts at 1,000 subscribers
 * the server CPU per delivery was ~170 µs unsliced and 75-100 µs in slices of 10 to 50.
 */
const FANOUT_SLICE = 20;

/**
 * One per server instance: turns `plan_event` rows into an ordered, gap-free stream for
 * this instance's subscribers (docs/architecture.md). NOTIFY and the poll only wake it;
 * the rows are the record, read in seq order and passed on only over settled positions
 * (feed-cursor.ts), so no event is skipped even when seqs commit out of order.
 */
export class EventFeed<A = unknown> {
  private cursor: FeedCursor | null = null;
  private readonly listeners = new Set<FeedListener<A>>();
  /** Several handlers may share a channel (the open sockets and the actor cache both follow user rights). */
  private readonly channels = new Map<string, Set<ChannelHandler>>();
  private listener: Client | null = null;
  private listenedBefore = false;
  private started: Promise<void> | null = null;
  private stopped = false;
  private pumping: Promise<void> | null = null;
  private again = false;
  private pollTimer?: NodeJS.Timeout;
  /** Requests waiting for the settled mark to reach a seq (settledUpTo). */
  private readonly settleWaiters = new Set<{ seq: bigint; done: () => void }>();
  private recheckTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelay = RECONNECT_MIN_MS;
  private recheckDelay = RECHECK_MIN_MS;
  private blockedSince: number | null = null;
  private failing = false;
  private delivered = 0;
  private reads = 0;
  /** Called with each batch once it has been handed to its subscribers (the server's metrics: core/http/metrics.ts). */
  onDelivered?: (events: readonly FeedEvent[]) => void;
  private readonly pollMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: EventFeedOptions<A>) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
  }

  /** Resolves once the feed knows where it stands; safe to call more than once. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.connectListener();
      const mark = await this.initialMark();
      if (this.stopped) return;
      this.cursor = new FeedCursor(mark);
      this.schedulePoll();
      this.wake();
    })();
    return this.started;
  }

  ready(): Promise<void> {
    return this.start();
  }

  /**
   * Adds a subscriber and returns the settled mark at that instant: it will be pushed
   * exactly the events above the mark. Must be called after `ready()`.
   */
  attach(l: FeedListener<A>): bigint {
    if (!this.cursor) throw new Error('EventFeed.attach before ready()');
    this.listeners.add(l);
    return this.cursor.last;
  }

  detach(l: FeedListener<A>): void {
    this.listeners.delete(l);
  }

  /**
   * LISTENs on another channel over the same connection (one per instance, not one per
   * purpose). Resolves once listening, or once the connection is away (it LISTENs again on
   * reconnect, and calls `resync`).
   */
  async listen(channel: string, handler: ChannelHandler): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const handlers = this.channels.get(channel);
    if (handlers) {
      handlers.add(handler);
      // Already LISTENed to (or will be on reconnect): wait for that, not for a second LISTEN.
      await this.listener?.query('SELECT 1').catch(() => undefined);
      return;
    }
    this.channels.set(channel, new Set([handler]));
    await this.listener?.query(`LISTEN ${channel}`).catch(() => undefined);
  }

  /**
   * True while the LISTEN connection is up: notifications arrive. A cache that relies on
   * them to drop stale entries must not serve from memory while this is false.
   */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The feed knows where it stands (`last` may be read). */
  get isStarted(): boolean {
    return this.cursor !== null;
  }

  /** Every position at or below this is settled. */
  get last(): bigint {
    if (!this.cursor) throw new Error('EventFeed not ready');
    return this.cursor.last;
  }

  /**
   * The settled mark once it has reached `seq`, or as it stands after `ms`, whichever comes
   * first. The feed reads at once, so a commit whose notification is on its way counts now;
   * a seq held by a transaction still committing keeps the mark below it until it ends.
   * Before the feed has started there is no mark: `seq` itself.
   */
  settledUpTo(seq: bigint, ms: number): Promise<bigint> {
    const mark = () => (this.cursor && this.cursor.last < seq ? this.cursor.last : seq);
    if (!this.cursor || this.stopped || this.cursor.last >= seq) return Promise.resolve(mark());
    return new Promise((resolve) => {
      const waiter = {
        seq,
        done: () => {
          clearTimeout(timer);
          this.settleWaiters.delete(waiter);
          resolve(mark());
        },
      };
      const timer = setTimeout(waiter.done, ms);
      this.settleWaiters.add(waiter);
      this.wake();
    });
  }

  private settle(): void {
    for (const waiter of [...this.settleWaiters]) if (this.stopped || this.cursor!.last >= waiter.seq) waiter.done();
  }

  stats(): FeedStats {
    return {
      last: this.cursor?.last.toString() ?? '',
      listening: this.listener !== null,
      listeners: this.listeners.size,
      delivered: this.delivered,
      pendingGaps: this.cursor?.pendingGaps().length ?? 0,
      reads: this.reads,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.recheckTimer);
    clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    this.channels.clear();
    this.settle();
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => undefined);
    await this.started?.catch(() => undefined);
    await this.pumping;
  }

  /**
   * Startup: S0 = now, m0 = the largest seq visible in S0. A seq below m0 that is not
   * visible yet is held by a transaction that was writing plan_event at S0, and so holds a
   * writer's lock on it (feed-cursor.ts); once none of those that held one right after S0
   * still does, every seq up to m0 is final, and m0 is a settled mark to start from.
   * Transactions that write nothing of plan_event are not waited for.
   */
  private async initialMark(): Promise<bigint> {
    const ds = this.options.dataSource;
    const [{ m0 }]: Array<{ m0: string }> = await ds.query(`SELECT COALESCE(max(seq), 0)::text AS m0 FROM plan_event`);
    const holders = await this.writers();
    const startedAt = Date.now();
    let warned = 0;
    for (let waiting = holders; ; waiting = await this.writers(waiting)) {
      if (waiting.length === 0 || this.stopped) return BigInt(m0);
      if (Date.now() - startedAt > STUCK_WARN_MS * (warned + 1)) {
        warned++;
        this.options.logger.warn({ writers: waiting }, 'event feed waits for an open transaction that writes events before it starts');
      }
      await sleep(20);
    }
  }

  /** The transactions holding a writer's lock on plan_event now; of `among` only, when given. */
  private async writers(among?: readonly string[]): Promise<string[]> {
    if (among?.length === 0) return [];
    const rows: Array<{ vxid: string }> = await this.options.dataSource.query(WRITERS_SQL, [among ?? null]);
    return rows.map((r) => r.vxid);
  }

  private async connectListener(): Promise<void> {
    if (this.stopped) return;
    // A connect gets as long as a probe's answer: an address that accepts and never answers
    // (a failover behind a proxy) would otherwise hold the reconnect for ever, and the
    // instance would never LISTEN again.
    const { everyMs, timeoutMs } = this.options.probe ?? LISTEN_PROBE;
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'samplan-event-feed',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: timeoutMs,
    });
    let lost = false;
    let probe: NodeJS.Timeout | undefined;
    const onLost = (err?: unknown) => {
      clearInterval(probe);
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.logger.warn({ err: err instanceof Error ? err.message : undefined, retryInMs: this.reconnectDelay }, 'event feed lost its LISTEN connection');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel === EVENT_CHANNEL) this.wake();
      else for (const h of this.channels.get(msg.channel) ?? []) this.call(() => h.notify(msg.payload ?? ''));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      onLost(err);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // A connection that died without a word (a NAT or firewall forgetting it, a failover) looks
    // alive to this side for hours, and its notifications are lost: a user deactivated meanwhile
    // would keep their open sockets (core/auth/user-sockets.ts). The poll keeps events flowing,
    // but nothing else notices, so the connection is asked now and then, and one that does not
    // answer is given up: the reconnect LISTENs again and asks every channel to resync.
    probe = setInterval(() => {
      const silent = setTimeout(() => onLost(new Error(`the LISTEN connection did not answer within ${timeoutMs} ms`)), timeoutMs).unref();
      client.query('SELECT 1').then(
        () => clearTimeout(silent),
        (err) => {
          clearTimeout(silent);
          onLost(err);
        },
      );
    }, everyMs).unref();
    // Whatever committed while we were not listening: read it now, not at the next poll.
    this.wake();
    if (this.listenedBefore) for (const handlers of this.channels.values()) for (const h of handlers) this.call(() => h.resync?.());
    this.listenedBefore = true;
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    const delay = this.reconnectDelay * (0.75 + Math.random() * 0.5);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => void this.connectListener(), delay).unref();
  }

  private schedulePoll(): void {
    this.pollTimer = setTimeout(() => {
      this.wake();
      if (!this.stopped) this.schedulePoll();
    }, this.pollMs).unref();
  }

  /** Notifications, the poll and rechecks all land here; reads never overlap, extra wake-ups coalesce. */
  private wake(): void {
    if (!this.cursor || this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.drain().finally(() => {
      this.pumping = null;
    });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        if (await this.step()) this.again = true;
        this.settle();
        if (this.failing) this.options.logger.info('event feed reads again');
        this.failing = false;
      } catch (err) {
        // The rows stay where they are: the next poll reads from the same mark.
        if (!this.failing) this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'event feed read failed');
        this.failing = true;
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** One read; true when there may be more to read right away. */
  private async step(): Promise<boolean> {
    const cursor = this.cursor!;
    // Before the read takes its snapshot: which of the open gaps' holders have ended since.
    if (cursor.waiting) cursor.stillHeldBy(new Set(await this.writers(cursor.waitingOn())));
    const rows: EventRow[] = await queryOnPool(this.options.dataSource, READ_SQL, [cursor.last.toString(), this.batchSize], {
      prepare: this.options.preparedStatements,
    });
    this.reads++;
    const events = rows.map(toFeedEvent);
    const seqs = events.map((e) => BigInt(e.seq));
    const fresh = cursor.unrecorded(seqs);
    if (fresh.length > 0) cursor.record(fresh, await this.writers());
    const s = cursor.settle(seqs);
    if (this.stopped) return false;
    if (s.last > cursor.last) await this.deliver(events.slice(0, s.count), s.last);
    if (s.blocked) {
      this.noteBlocked(cursor.last);
      return false;
    }
    this.blockedSince = null;
    this.recheckDelay = RECHECK_MIN_MS;
    return events.length === this.batchSize;
  }

  /**
   * Fan-out in seq order. Access is loaded once for the batch's plans, then each
   * subscriber is checked in memory. The mark moves in the same synchronous block in which
   * the subscribers are listed, so one attaching later gets exactly the events above it.
   * What the subscribers get is recorded in one write (`record`) before anything is sent
   * (a subscriber whose client is behind records its share itself, before its client takes it).
   * The pushes go out in slices with a macrotask between them: each slice's GraphQL work
   * and socket writes finish before the next starts, which keeps a thousand-subscriber
   * burst from piling up (and being promoted by the garbage collector) all at once.
   */
  private async deliver(events: FeedEvent[], last: bigint): Promise<void> {
    let targets: Array<FeedListener<A>> = [];
    let access = new Map<string, A | null>();
    if (events.length > 0 && this.listeners.size > 0) {
      [access] = await Promise.all([
        this.options.loadAccess([...new Set(events.map((e) => e.planId))]),
        this.options.prepare?.(events),
      ]);
      if (this.stopped) return;
      targets = [...this.listeners];
    }
    this.cursor!.advance(last);
    this.delivered += events.length;
    const sends: Array<FeedSend<A>> = [];
    for (const l of targets) {
      const out = this.accepted(l, events, access);
      if (out) sends.push({ listener: l, events: out });
    }
    if (sends.length > 0 && this.options.record) {
      try {
        await this.options.record(sends, access);
      } catch (err) {
        this.options.logger.warn({ err: err instanceof Error ? err.message : String(err), subscribers: sends.length }, 'event delivery not recorded: subscribers dropped');
        for (const s of sends) this.call(() => s.listener.drop?.(err));
        return;
      }
    }
    for (let i = 0; i < sends.length; i++) {
      if (i > 0 && i % FANOUT_SLICE === 0) await yieldToIo();
      const { listener, events: out } = sends[i];
      this.call(() => listener.push(out));
    }
    if (events.length > 0 && this.onDelivered) this.call(() => this.onDelivered?.(events));
  }

  private accepted(l: FeedListener<A>, events: FeedEvent[], access: Map<string, A | null>): FeedEvent[] | undefined {
    let out: FeedEvent[] | undefined;
    for (const e of events) {
      if (l.planId !== undefined && l.planId !== e.planId) continue;
      if (l.accepts(e, access.get(e.planId) ?? null)) (out ??= []).push(e);
    }
    return out;
  }

  private call(f: () => void): void {
    try {
      f();
    } catch (err) {
      this.options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event subscriber failed');
    }
  }

  /** A gap may fill by a commit (which notifies) or never (an abort, which does not): look again soon. */
  private noteBlocked(at: bigint): void {
    const now = Date.now();
    this.blockedSince ??= now;
    if (now - this.blockedSince > STUCK_WARN_MS) {
      this.options.logger.warn({ waitingAfterSeq: at.toString(), ms: now - this.blockedSince }, 'event delivery waits for an open transaction');
      this.blockedSince = now;
    }
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => this.wake(), this.recheckDelay).unref();
    this.recheckDelay = Math.min(this.recheckDelay * 2, RECHECK_MAX_MS);
  }
}
