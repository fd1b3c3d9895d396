import type { Actor } from '../../core/auth/actor';
import { AppError, notFound } from '../../core/errors/app-errors';
import type { EventFeed } from '../../core/events/event-feed';
import type { FeedEvent } from '../../core/events/event-row';
import type { PlanAccess } from '../plan';
import { PlanLeftCaseload } from './caseload-event.type';
import { canReceive, takesPlanFrom } from './live.policy';
import type { LiveListener } from './live-trace';

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
  /** Writes the access log for a replayed page before it is handed on (one statement per page). */
  record?(events: FeedEvent[], access: Map<string, PlanAccess | null>): Promise<void>;
  /** A client that falls this far behind is cut off; it resubscribes with afterSeq and loses nothing. */
  maxQueue?: number;
  /**
   * The instance's replay gate (core/fair-gate.ts): each replay page (read, access, prepare,
   * record) runs through it, so replays together hold a bounded share of the pool.
   */
  gate?: { run<T>(fn: () => Promise<T>, key?: string): Promise<T> };
  /** A replay reads its next page only once the client has taken all but this many events. */
  replayAhead?: number;
  /** The server's clock: a mentor's grant is judged on its today (canReceive); the wall clock when not given. */
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
 * One subscription's ordered stream: attach to the feed first (buffering), replay
 * `afterSeq < seq <= mark` from the table, then flush the buffer (all > mark). `cursor`
 * is the last seq handed on; anything at or below it is dropped, so the seam has no gap
 * and no duplicate, also when the client comes from an instance that was further ahead.
 */
export class LiveStream implements AsyncIterableIterator<StreamItem> {
  private readonly queue: StreamItem[] = [];
  private head = 0;
  /** Live events that arrive while the replay runs; null once live. */
  private buffer: FeedEvent[] | null = [];
  private cursor = 0n;
  private waiter: ((r: IteratorResult<StreamItem>) => void) | null = null;
  private finished = false;
  private ending = false;
  private readonly listener: LiveListener;
  private readonly maxQueue: number;
  private readonly replayAhead: number;
  /** The replay waits here for the client to take what is queued. */
  private room: (() => void) | null = null;
  /** A replay page waits here (holding its place in the gate) until the client took it. */
  private empty: (() => void) | null = null;
  /** Events this caseload subscriber is sent only as word that the plan left them (judge). */
  private readonly leaving = new WeakSet<FeedEvent>();

  constructor(private readonly o: LiveStreamOptions) {
    this.maxQueue = o.maxQueue ?? 10_000;
    this.replayAhead = Math.min(o.replayAhead ?? 1000, this.maxQueue);
    this.listener = {
      planId: o.planId,
      actor: o.actor,
      accepts: (event, access) => this.judge(event, access),
      onlyLeaving: (event) => this.leaving.has(event),
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
   * holds it, so none of that plan's not yet taken go out after the change (enqueue).
   */
  private judge(event: FeedEvent, access: PlanAccess | null): boolean {
    if (canReceive(this.o.actor, event, access, this.o.now ?? wallClock)) return true;
    const following = this.o.planId !== undefined;
    if (!takesPlanFrom(this.o.actor, event, access, following)) return false;
    if (following) {
      queueMicrotask(() => this.end(notFound('Planen')));
      return false;
    }
    this.leaving.add(event);
    return true;
  }

  next(): Promise<IteratorResult<StreamItem>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++];
      if (this.head > 1024) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.makeRoom();
      this.o.beforeEach?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.finished || this.ending) {
      this.close();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<StreamItem>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<StreamItem>> {
    return this.return();
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
          const allowed = read.filter((e) => this.judge(e, access.get(e.planId) ?? null));
          // What the client reads of the citizen's plans is prepared and in the access log; the word that a plan left carries nothing of it.
          const events = allowed.filter((e) => !this.leaving.has(e));
          if (events.length) {
            await this.o.prepare?.(events);
            await this.o.record?.(events, access);
          }
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
      if (seq <= this.cursor) continue;
      this.cursor = seq;
      if (this.leaving.has(e)) {
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
      if (!isStreamEnd(item) && !(item instanceof PlanLeftCaseload) && item.planId === planId) continue;
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
    this.ending = true;
    this.makeRoom();
    this.flush();
  }

  private flush(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (this.head < this.queue.length) {
      this.waiter = null;
      this.o.beforeEach?.();
      waiter({ value: this.queue[this.head++], done: false });
      this.makeRoom();
    } else if (this.ending) {
      this.waiter = null;
      this.close();
      waiter({ value: undefined, done: true });
    }
  }

  private close(): void {
    if (this.finished) return;
    this.finished = true;
    this.o.feed.detach(this.listener);
    this.buffer = null;
    this.queue.length = 0;
    this.head = 0;
    this.makeRoom();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.({ value: undefined, done: true });
  }
}
