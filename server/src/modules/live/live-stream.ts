import type { Actor } from '../../core/auth/actor';
import { AppError, notFound } from '../../core/errors/app-errors';
import type { EventFeed } from '../../core/events/event-feed';
import { EventKind } from '../../core/events/event-kinds';
import { Role } from '../org/org.enums';
import type { FeedEvent } from '../../core/events/event-row';
import type { PlanAccess } from '../plan';
import { PlanLeftCaseload } from './caseload-event.type';
import { canReceive, takesPlanFrom } from './live.policy';
import type { HandedRead, LiveListener, ReadChannel } from './live-trace';

/**
 * What a subscription yields: an event, word that a plan left the caseload (in the event's
 * place), or the reason it ends. An end travels as a value (the resolver turns it into a
 * GraphQL error) rather than a rejected promise, so the client gets a coded error and then
 * `complete`, and keeps its socket.
 */
export type StreamItem = FeedEvent | PlanLeftCaseload | StreamEnd;
export interface StreamEnd {
  end: AppError;
}

export function isStreamEnd(item: StreamItem): item is StreamEnd {
  return (item as StreamEnd).end !== undefined;
}

/** An event of a plan, as queued (not a stream's end, nor word that a plan left the caseload). */
const isPlanEvent = (item: StreamItem): item is FeedEvent => !isStreamEnd(item) && !(item instanceof PlanLeftCaseload);

/**
 * Which event a stream item delivers (its seq), or null for a stream's end. The word that a
 * plan left the caseload has a key of its own: one change reaches some subscribers of a view
 * as the event and others (those it took the plan from) as the word, never each other's bytes.
 */
export function eventKeyOf(item: unknown): string | null {
  if (!item || typeof item !== 'object' || isStreamEnd(item as StreamItem)) return null;
  if (item instanceof PlanLeftCaseload) return `${item.seq}:left`;
  return (item as { seq?: string }).seq ?? null;
}

export interface LiveStreamOptions {
  feed: EventFeed<PlanAccess>;
  actor: Actor;
  /** Only this plan (planEvents); undefined: every plan the actor may read (caseloadEvents). */
  planId?: string;
  /** Replay every event after this seq before going live. */
  afterSeq?: bigint;
  /**
   * The newest seq the database has handed out (its sequence). An `afterSeq` past the feed's
   * mark may come from an instance whose feed is further ahead; one past this comes from
   * another history (the database restored from a backup) and no event will ever follow it.
   */
  newestSeq?(): Promise<bigint>;
  /** One page of committed events with after < seq <= upTo, unfiltered, in seq order. */
  readPage(after: bigint, upTo: bigint): Promise<FeedEvent[]>;
  loadAccess(planIds: string[]): Promise<Map<string, PlanAccess | null>>;
  /** As the feed does per batch: load the records the fields need, once per page. */
  prepare?(events: FeedEvent[]): Promise<void>;
  /**
   * Writes the access log for events about to be handed to the client (one statement per
   * call): replayed ones, and live ones the feed's fan-out left to this stream (`logsWhenTaken`).
   */
  record?(reads: readonly HandedRead[], access: Map<string, PlanAccess | null>): Promise<void>;
  /** A client that falls this far behind is cut off; it resubscribes with afterSeq and loses nothing. */
  maxQueue?: number;
  /**
   * The instance's replay gate (core/fair-gate.ts): each replay page (read, access, prepare,
   * record) runs through it, so replays together hold a bounded share of the pool.
   */
  gate?: { run<T>(fn: () => Promise<T>, key?: string): Promise<T> };
  /** A replay reads its next page only once the client has taken all but this many events. */
  replayAhead?: number;
  /** The server's clock: a mentor's grant is judged on its today (canReceive), also as each event is taken; the wall clock when not given. */
  now?: () => Date;
  /** Called as each item is handed to the client, before its fields are resolved. */
  beforeEach?: () => void;
}

/** Lets timers, I/O and other requests run between two replay pages. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const direct = { run: <T>(fn: () => Promise<T>) => fn() };
/** Longest a replay page holds its place in the gate waiting for the client to take it. */
const REPLAY_DRAIN_WAIT_MS = 1000;

const slowClient = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Forbindelsen kan ikke følge med. Abonnér igen med afterSeq for at få resten.', { reason: 'SLOW_CONSUMER' });
const replayFailed = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Hændelserne kunne ikke hentes lige nu. Abonnér igen med afterSeq.', { reason: 'REPLAY_FAILED' });
const notRecorded = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Hændelserne kunne ikke sendes lige nu. Abonnér igen med afterSeq.', { reason: 'DELIVERY_FAILED' });
const wallClock = () => new Date();
const unknownPosition = () =>
  new AppError('BAD_USER_INPUT', 'Løbenummeret er nyere end den seneste ændring. Hent data igen, og abonnér uden afterSeq.', { field: 'afterSeq', reason: 'UNKNOWN_POSITION' });

/**
 * How far the access log may run ahead of the client: at most this many events of a
 * subscription are in the log and not yet handed to it. A client that keeps up has its share
 * of a fan-out logged there, with everyone's, in one statement; one further behind (or still
 * replaying) logs its events as its client takes them, this many at a time.
 */
const LOGGED_AHEAD = 64;

/** What the stream knows of a plan while events of it wait here. */
interface PlanWaiting {
  /** The plan's access as the newest fan-out read it (or a replay page, before any fan-out had this plan). */
  access: PlanAccess | null;
  /** `access` is a fan-out's: it was read after every change whose event this stream has judged. */
  live: boolean;
  /** Events of the plan accepted here and neither taken nor dropped yet. */
  count: number;
  /** The newest consent withdrawal of the plan judged here: events before it are built again when taken. */
  withdrawal?: bigint;
  /**
   * A newer access or a withdrawal came after an event that waits here was judged: what waits
   * must be judged again as it is taken. False while every waiting event was judged against
   * `access` as it stands, as for a client that keeps up (one event waits at a time), whose
   * take then costs no second judgement (stillTheirs).
   */
  moved: boolean;
}

/**
 * An event queued before a consent withdrawal of its plan and taken after it is handed as an
 * object of its own: the consent register is read once per delivered event object (consent
 * module), and subscribers of a view share the bytes built for an object
 * (core/http/shared-delivery.ts), so the object the fan-out handed everyone may carry a
 * decision made under the consent. The copy is built anew, with the register as it stands
 * after the withdrawal; every subscriber on the instance that takes the event after the same
 * withdrawal gets the same copy, and shares its bytes and its one read of the register.
 */
const afterWithdrawals = new WeakMap<FeedEvent, { withdrawal: bigint; event: FeedEvent }>();
function builtAfter(event: FeedEvent, withdrawal: bigint): FeedEvent {
  const kept = afterWithdrawals.get(event);
  if (kept && kept.withdrawal >= withdrawal) return kept.event;
  const fresh = { ...event };
  afterWithdrawals.set(event, { withdrawal, event: fresh });
  return fresh;
}

/**
 * One subscription's ordered stream: attach to the feed first (buffering), replay
 * `afterSeq < seq <= mark` from the table, then flush the buffer (all > mark). `cursor`
 * is the last seq handed on; anything at or below it is dropped, so the seam has no gap
 * and no duplicate, also when the client comes from an instance that was further ahead.
 *
 * An event is judged when the feed (or a replay page) hands it on, and again as the client
 * takes it if its plan's access changed meanwhile (stillTheirs): a client that reads slowly
 * may take it long after, and its fields are resolved only then. What the subscriber may not receive by then (a grant ended, an item unshared or a
 * consent withdrawn since, the mentor's grant past its last day) does not go out; an event a
 * consent withdrawal may cut is built anew (builtAfter). The access log counts what is handed
 * to the client, at most LOGGED_AHEAD events ahead of it (logsWhenTaken, logAhead).
 */
export class LiveStream implements AsyncIterableIterator<StreamItem> {
  private readonly queue: StreamItem[] = [];
  private head = 0;
  /** Live events that arrive while the replay runs; null once live. */
  private buffer: FeedEvent[] | null = [];
  private cursor = 0n;
  /** A `next()` waiting for an item, the end, or the stream to close. */
  private wake: (() => void) | null = null;
  private finished = false;
  private ending = false;
  private readonly listener: LiveListener;
  private readonly maxQueue: number;
  private readonly replayAhead: number;
  private readonly now: () => Date;
  /** The replay waits here for the client to take what is queued. */
  private room: (() => void) | null = null;
  /** A replay page waits here (holding its place in the gate) until the client took it. */
  private empty: (() => void) | null = null;
  /** Events this caseload subscriber is sent only as word that the plan left them (judge). */
  private readonly leaving = new WeakSet<FeedEvent>();
  /** Per plan with events accepted here and not yet taken: its newest access (taking judges against it). */
  private readonly waiting = new Map<string, PlanWaiting>();
  /** Events queued here that are not in the access log yet, and how they came. */
  private readonly unlogged = new WeakMap<FeedEvent, ReadChannel>();

  constructor(private readonly o: LiveStreamOptions) {
    this.maxQueue = o.maxQueue ?? 10_000;
    this.replayAhead = Math.min(o.replayAhead ?? 1000, this.maxQueue);
    this.now = o.now ?? wallClock;
    this.listener = {
      planId: o.planId,
      actor: o.actor,
      accepts: (event, access) => this.judge(event, access, true),
      onlyLeaving: (event) => this.leaving.has(event),
      logsWhenTaken: (events) => this.logsWhenTaken(events),
      push: (events) => this.onLive(events),
      // The feed could not write the access log for a batch: end, the client resumes from its last seq.
      drop: () => this.end(notRecorded()),
    };
  }

  async open(): Promise<this> {
    await this.o.feed.ready();
    const mark = this.o.feed.attach(this.listener);
    if (this.o.afterSeq === undefined) {
      this.cursor = mark;
      this.goLive();
    } else if (this.o.afterSeq > mark && this.o.newestSeq && this.o.afterSeq > (await this.o.newestSeq())) {
      // Waiting for events after it would wait past every change to come: the client reads
      // its data again and follows from there.
      this.end(unknownPosition());
    } else {
      this.cursor = this.o.afterSeq;
      // In the background: the client starts reading the first page while later ones load.
      void this.replay(mark);
    }
    return this;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Whether the subscriber gets this event, live or replayed, against the plan's access now.
   * The change that took the plan from them is not theirs to read, but they are told: a plan
   * stream ends with NOT_FOUND at once, and what is queued for it and not yet taken goes with
   * it (access is read once per batch, after the change, so nothing else of this batch is
   * theirs either); the caseload stream sends, in the event's place in the order, only that
   * the plan left (PlanLeftCaseload), so the list drops it, and goes on. Queued events are
   * read out (their fields resolved) only as the client takes them, and a slow client may
   * take them long after: they would show the plan as it is then, to someone who no longer
   * holds it, so none of that plan's not yet taken go out after the change (enqueue). A
   * mentor's view ends by its own events (their grant's end reaches them as a bare fact): what
   * waits of that plan is judged again as it is taken, and does not go out (next).
   *
   * `live`: the feed's fan-out judges it (its access was read after every change judged here
   * before), not a replay page.
   */
  private judge(event: FeedEvent, access: PlanAccess | null, live: boolean): boolean {
    const waiting = this.waiting.get(event.planId);
    if (waiting) {
      // Judged against another read of the access than the one kept (a newer one, or a replay
      // page's older one while a fan-out's is kept): what waits is judged again when taken.
      if (waiting.access !== access) waiting.moved = true;
      if (live || !waiting.live) waiting.access = access;
      waiting.live ||= live;
      if (event.kind === EventKind.CONSENT_WITHDRAWN) {
        waiting.withdrawal = BigInt(event.seq);
        waiting.moved = true;
      }
    }
    if (canReceive(this.o.actor, event, access, this.now)) {
      if (waiting) waiting.count++;
      else this.waiting.set(event.planId, { access, live, count: 1, moved: false });
      return true;
    }
    const following = this.o.planId !== undefined;
    if (!takesPlanFrom(this.o.actor, event, access, following)) return false;
    if (following) {
      queueMicrotask(() => this.end(notFound('Planen')));
      return false;
    }
    this.leaving.add(event);
    return true;
  }

  /**
   * Asked by the fan-out before it writes the access log for a batch: true when this stream
   * logs its share itself, as the client takes it, because the client is behind (more than
   * LOGGED_AHEAD events would wait, or the replay still runs). Logged at the fan-out, events
   * dropped before they are taken (the subscriber lost the plan, the client went away) would
   * stand in the log as received.
   */
  private logsWhenTaken(events: FeedEvent[]): boolean {
    if (!this.running) return true;
    if (this.buffer === null && this.queue.length - this.head + events.length <= LOGGED_AHEAD) return false;
    for (const e of events) if (!this.leaving.has(e)) this.unlogged.set(e, 'LIVE');
    return true;
  }

  /**
   * The next item for the client. A queued event is judged again first, against the newest
   * access read for its plan and today's date; written to the access log if it is not yet
   * (logAhead); built anew when a consent withdrawal of its plan came after it (builtAfter).
   */
  async next(): Promise<IteratorResult<StreamItem>> {
    for (;;) {
      if (this.head < this.queue.length) {
        const item = this.queue[this.head];
        if (!isPlanEvent(item)) {
          this.advance();
          this.o.beforeEach?.();
          return { value: item, done: false };
        }
        const waiting = this.stillTheirs(item);
        if (!waiting) {
          this.release(item);
          this.advance();
          continue;
        }
        if (this.unlogged.has(item)) {
          await this.logAhead();
          continue;
        }
        const value = waiting.withdrawal !== undefined && BigInt(item.seq) < waiting.withdrawal ? builtAfter(item, waiting.withdrawal) : item;
        this.release(item);
        this.advance();
        this.o.beforeEach?.();
        return { value, done: false };
      }
      if (this.finished || this.ending) {
        this.close();
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  return(): Promise<IteratorResult<StreamItem>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<StreamItem>> {
    return this.return();
  }

  /**
   * What is known of the event's plan when the subscriber may still receive the event now;
   * undefined otherwise. Judged again only when something came after its judgement that may
   * change it: a newer access or a withdrawal of the plan (`moved`), or, for a mentor, a new
   * day (their grant is judged on today's date).
   */
  private stillTheirs(event: FeedEvent): PlanWaiting | undefined {
    const waiting = this.waiting.get(event.planId);
    if (!waiting) return undefined;
    if (!waiting.moved && this.o.actor.role !== Role.MENTOR) return waiting;
    return canReceive(this.o.actor, event, waiting.access, this.now) ? waiting : undefined;
  }

  /**
   * Writes the access log, in one statement, for the events not yet in it among the next
   * LOGGED_AHEAD queued (all of which the subscriber may still receive), before the first of
   * them is handed on. A change that ends the subscriber's access between this write and the
   * client taking them drops them all the same: those stay in the log (the log is written
   * before anything is sent, never after), at most LOGGED_AHEAD of them.
   */
  private async logAhead(): Promise<void> {
    const reads: HandedRead[] = [];
    const access = new Map<string, PlanAccess | null>();
    const until = Math.min(this.queue.length, this.head + LOGGED_AHEAD);
    for (let i = this.head; i < until; i++) {
      const item = this.queue[i];
      if (!isPlanEvent(item)) continue;
      const channel = this.unlogged.get(item);
      const waiting = channel && this.stillTheirs(item);
      if (!channel || !waiting) continue;
      reads.push({ event: item, channel });
      access.set(item.planId, waiting.access);
    }
    try {
      await this.o.record?.(reads, access);
    } catch {
      this.end(notRecorded());
      return;
    }
    for (const { event } of reads) this.unlogged.delete(event);
  }

  /**
   * Replays in bounded pages: each page goes through the instance's gate (a bounded share
   * of the pool for all replays together), the next page is read only once the client has
   * taken the last one, and the event loop gets a turn between pages. So one replay of a
   * long history, or many at once, cannot monopolise the loop or the pool.
   */
  private async replay(mark: bigint): Promise<void> {
    const gate = this.o.gate ?? direct;
    try {
      let after = this.cursor;
      while (after < mark && this.running) {
        await this.roomForPage();
        if (!this.running) break;
        const page = await gate.run(async () => {
          const read = await this.o.readPage(after, mark);
          if (read.length === 0 || !this.running) return { read, allowed: [] };
          const access = await this.o.loadAccess([...new Set(read.map((e) => e.planId))]);
          const allowed = read.filter((e) => this.judge(e, access.get(e.planId) ?? null, false));
          // What the client reads of the citizen's plans is prepared, and logged as it is taken; the word that a plan left carries nothing of it.
          const events = allowed.filter((e) => !this.leaving.has(e));
          if (events.length) await this.o.prepare?.(events);
          for (const e of events) this.unlogged.set(e, 'REPLAY');
          this.enqueue(allowed);
          // The place in the gate is held while the client takes the page (up to a bound,
          // so a client that does not read cannot hold it): at most the gate's width of
          // replays deliver at once, the others wait their turn, page by page.
          await this.drained(REPLAY_DRAIN_WAIT_MS);
          return { read, allowed };
        }, this.o.actor.userId);
        if (page.read.length === 0) break;
        after = BigInt(page.read[page.read.length - 1].seq);
        await yieldToEventLoop();
      }
      this.goLive();
    } catch {
      this.end(replayFailed());
    }
  }

  private get running(): boolean {
    return !this.finished && !this.ending;
  }

  /** Resolves once the client has taken all but `replayAhead` queued events (or the stream ended). */
  private roomForPage(): Promise<void> {
    if (this.queue.length - this.head <= this.replayAhead || !this.running) return Promise.resolve();
    return new Promise((resolve) => (this.room = resolve));
  }

  /** Resolves once the client has taken everything queued, the stream ended, or `ms` passed. */
  private drained(ms: number): Promise<void> {
    if (this.queue.length === this.head || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.empty = null;
        resolve();
      }, ms);
      this.empty = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private makeRoom(): void {
    const pending = this.queue.length - this.head;
    if (this.room && (pending <= this.replayAhead || !this.running)) {
      const room = this.room;
      this.room = null;
      room();
    }
    if (this.empty && (pending === 0 || !this.running)) {
      const empty = this.empty;
      this.empty = null;
      empty();
    }
  }

  /** Past the item at the head (taken or dropped). */
  private advance(): void {
    this.head++;
    if (this.head > 1024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.makeRoom();
  }

  /** An accepted event of the plan is taken or dropped: the plan is forgotten once none waits. */
  private release(event: FeedEvent): void {
    const waiting = this.waiting.get(event.planId);
    if (waiting && --waiting.count <= 0) this.waiting.delete(event.planId);
  }

  private goLive(): void {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.enqueue(buffered);
  }

  private onLive(events: FeedEvent[]): void {
    if (this.finished || this.ending) return;
    if (this.buffer) {
      this.buffer.push(...events);
      if (this.buffer.length > this.maxQueue) this.end(slowClient());
      return;
    }
    this.enqueue(events);
  }

  private enqueue(events: FeedEvent[]): void {
    if (this.finished || this.ending) return;
    for (const e of events) {
      const seq = BigInt(e.seq);
      const leaving = this.leaving.has(e);
      if (seq <= this.cursor) {
        if (!leaving) this.release(e);
        continue;
      }
      this.cursor = seq;
      if (leaving) {
        this.dropQueuedOf(e.planId);
        this.queue.push(new PlanLeftCaseload(e.seq, e.planId));
      } else this.queue.push(e);
    }
    if (this.queue.length - this.head > this.maxQueue) {
      this.end(slowClient());
      return;
    }
    this.flush();
  }

  /** Takes the events of this plan the client has not taken yet out of the queue (judge). */
  private dropQueuedOf(planId: string): void {
    let kept = this.head;
    for (let i = this.head; i < this.queue.length; i++) {
      const item = this.queue[i];
      if (isPlanEvent(item) && item.planId === planId) {
        this.release(item);
        continue;
      }
      this.queue[kept++] = item;
    }
    this.queue.length = kept;
    this.makeRoom();
  }

  /** Ends at once, with `error` as the only item left. */
  private end(error: AppError): void {
    if (this.ending || this.finished) return;
    this.o.feed.detach(this.listener);
    this.buffer = null;
    // A cut-off client gets the reason at once, not after thousands of queued events.
    this.queue.splice(0, this.queue.length, { end: error });
    this.head = 0;
    this.waiting.clear();
    this.ending = true;
    this.makeRoom();
    this.flush();
  }

  /** Wakes a `next()` that waits: there is an item, or the end. */
  private flush(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private close(): void {
    if (this.finished) return;
    this.finished = true;
    this.o.feed.detach(this.listener);
    this.buffer = null;
    this.queue.length = 0;
    this.head = 0;
    this.waiting.clear();
    this.makeRoom();
    this.flush();
  }
}
