import type { Actor } from '../../core/auth/actor';
import type { EventFeed, FeedListener } from '../../core/events/event-feed';
import type { FeedEvent } from '../../core/events/event-row';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { PlanLeftCaseload } from './caseload-event.type';
import { LiveStream, eventKeyOf, isStreamEnd, type StreamItem } from './live-stream';
import type { LiveListener } from './live-trace';
import { FairGate } from '../../core/fair-gate';

/**
 * The seam between replay and live, with a stand-in feed so every interleaving is exact.
 * (Against the real feed and database: test/live/*.test.ts.)
 */
const actor: Actor = { userId: 'u1', username: 'anna', subject: 'anna', name: 'Anna', role: Role.CASEWORKER, municipalityId: 'm1', unitId: 'unit1', unitKind: null };
const access = (planId: string): PlanAccess => ({ planId, programmeId: 'pr', citizenId: 'c', municipalityId: 'm1', coordinatorId: 'u1', teamUnitIds: [], mentorGrants: [] });
const ev = (seq: number, planId = 'p1'): FeedEvent => ({
  seq: String(seq), planId, municipalityId: 'm1', kind: 'PLAN_UPDATED' as FeedEvent['kind'], entityType: 'PLAN', entityId: planId,
  actorId: null, unitId: null, at: new Date(0), summary: `e${seq}`, payload: {},
});

function fakeFeed(mark: number) {
  const listeners = new Set<FeedListener<PlanAccess>>();
  const feed = {
    ready: async () => undefined,
    attach: (l: FeedListener<PlanAccess>) => (listeners.add(l), BigInt(mark)),
    detach: (l: FeedListener<PlanAccess>) => listeners.delete(l),
  };
  const push = (...events: FeedEvent[]) => listeners.forEach((l) => l.push(events.filter((e) => l.accepts(e, access(e.planId)))));
  return { feed: feed as unknown as EventFeed<PlanAccess>, push, listeners };
}

async function take(stream: LiveStream, n: number): Promise<StreamItem[]> {
  const out: StreamItem[] = [];
  while (out.length < n) {
    const r = await stream.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}
const seqs = (items: StreamItem[]) => items.map((i) => (isStreamEnd(i) ? 'END' : i.seq));
const asText = (items: StreamItem[]) => items.map((i) => (isStreamEnd(i) ? 'END' : i instanceof PlanLeftCaseload ? `${i.seq} left ${i.planId}` : `${i.seq} ${i.planId}`));

describe('LiveStream', () => {
  it('replays afterSeq < seq <= mark, then what arrived meanwhile: no gap, no duplicate', async () => {
    const { feed, push } = fakeFeed(5);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stream = new LiveStream({
      feed, actor, afterSeq: 2n,
      readPage: async (after, upTo) => {
        await gate; // live events arrive while the replay is still reading
        return [3, 4, 5].filter((s) => BigInt(s) > after && BigInt(s) <= upTo).map((s) => ev(s));
      },
      loadAccess: async (ids) => new Map(ids.map((id) => [id, access(id)])),
    });
    await stream.open();
    push(ev(6), ev(7));
    release();
    expect(seqs(await take(stream, 5))).toEqual(['3', '4', '5', '6', '7']);
    await stream.return();
  });

  it('a client ahead of this instance (afterSeq above its mark) gets nothing twice', async () => {
    const { feed, push } = fakeFeed(5);
    const stream = new LiveStream({ feed, actor, afterSeq: 7n, readPage: async () => [], loadAccess: async () => new Map() });
    await stream.open();
    push(ev(6), ev(7), ev(8));
    expect(seqs(await take(stream, 1))).toEqual(['8']);
    await stream.return();
  });

  it('replays only what the subscriber may read', async () => {
    const { feed } = fakeFeed(3);
    const stream = new LiveStream({
      feed, actor, afterSeq: 0n,
      readPage: async (after) => (after < 3n ? [ev(1), ev(2, 'hidden'), ev(3)] : []),
      loadAccess: async (ids) => new Map(ids.map((id) => [id, id === 'hidden' ? null : access(id)])),
    });
    await stream.open();
    expect(seqs(await take(stream, 2))).toEqual(['1', '3']);
    await stream.return();
  });

  describe('a change that takes a plan from the subscriber', () => {
    // Anna (u1, unit1) coordinated p2 with no team; the hand-over at seq 2 took it from her. p3 she never held.
    const handedOn = { ...ev(2, 'p2'), kind: 'COORDINATOR_ASSIGNED' as FeedEvent['kind'], payload: { holdersBefore: { coordinatorId: 'u1', teamUnitIds: [] } } };
    const neverHers = { ...ev(4, 'p3'), kind: 'TEAM_CHANGED' as FeedEvent['kind'], payload: { holdersBefore: { coordinatorId: 'u9', teamUnitIds: ['unit9'] } } };
    const accessNow = (planId: string): PlanAccess => (planId === 'p1' ? access(planId) : { ...access(planId), coordinatorId: planId === 'p2' ? 'u2' : 'u9' });
    const batch = [ev(1, 'p1'), handedOn, ev(3, 'p2'), neverHers, ev(5, 'p1')];

    it('on the caseload: word of it in its place (the plan and the seq), nothing more of that plan, nothing of a plan never held', async () => {
      let listener!: LiveListener;
      const feed = {
        ready: async () => undefined,
        attach: (l: LiveListener) => ((listener = l), 0n),
        detach: () => undefined,
      } as unknown as EventFeed<PlanAccess>;
      const stream = new LiveStream({ feed, actor, readPage: async () => [], loadAccess: async () => new Map() });
      await stream.open();
      listener.push(batch.filter((e) => listener.accepts(e, accessNow(e.planId))));
      const items = await take(stream, 3);
      expect(asText(items)).toEqual(['1 p1', '2 left p2', '5 p1']);
      // Not the event's bytes: the same change reaches others of the same view as the event itself.
      expect(items.map(eventKeyOf)).toEqual(['1', '2:left', '5']);
      // And not in the access log (live-trace.ts): only the word, nothing of the citizen's.
      expect(batch.map((e) => listener.onlyLeaving(e))).toEqual([false, true, false, false, false]);
      await stream.return();
    });

    it('on the caseload, replayed: the same, in order', async () => {
      const { feed } = fakeFeed(5);
      const recorded: string[] = [];
      const stream = new LiveStream({
        feed, actor, afterSeq: 0n,
        readPage: async (after) => (after < 5n ? batch : []),
        loadAccess: async (ids) => new Map(ids.map((id) => [id, accessNow(id)])),
        record: async (reads) => void recorded.push(...reads.map((r) => r.event.seq)),
      });
      await stream.open();
      expect(asText(await take(stream, 3))).toEqual(['1 p1', '2 left p2', '5 p1']);
      expect(recorded).toEqual(['1', '5']);
      await stream.return();
    });

    // Logged when the page was read, a replay's events the subscriber lost before taking them stood in the log as received.
    it('on the caseload, replayed: the access log holds what the client took, at most 64 ahead of it, not the page it lost', async () => {
      let listener!: LiveListener;
      const feed = { ready: async () => undefined, attach: (l: LiveListener) => ((listener = l), 300n), detach: () => undefined } as unknown as EventFeed<PlanAccess>;
      const recorded: string[] = [];
      const page = Array.from({ length: 300 }, (_, i) => ev(i + 1, 'p2'));
      const stream = new LiveStream({
        feed, actor, afterSeq: 0n,
        readPage: async (after) => page.filter((e) => BigInt(e.seq) > after),
        loadAccess: async (ids) => new Map(ids.map((id) => [id, access(id)])),
        record: async (reads) => void recorded.push(...reads.map((r) => r.event.seq)),
      });
      await stream.open();
      expect(asText(await take(stream, 1))).toEqual(['1 p2']);
      // The hand-over takes p2 from Anna while the rest of the page waits.
      listener.push([{ ...handedOn, seq: '301' }].filter((e) => listener.accepts(e, accessNow(e.planId))));
      expect(asText(await take(stream, 1))).toEqual(['301 left p2']);
      expect(recorded).toEqual(Array.from({ length: 64 }, (_, i) => String(i + 1)));
      await stream.return();
    });

    it('on the plan’s own stream: the end, NOT_FOUND, after what was taken before', async () => {
      let listener!: LiveListener;
      const feed = { ready: async () => undefined, attach: (l: LiveListener) => ((listener = l), 0n), detach: () => undefined } as unknown as EventFeed<PlanAccess>;
      const stream = new LiveStream({ feed, actor, planId: 'p2', readPage: async () => [], loadAccess: async () => new Map() });
      await stream.open();
      listener.push([ev(1, 'p2')].filter((e) => listener.accepts(e, access('p2'))));
      expect(seqs(await take(stream, 1))).toEqual(['1']);
      listener.push([handedOn, ev(3, 'p2')].filter((e) => listener.accepts(e, accessNow('p2'))));
      const items = await take(stream, 2);
      expect(seqs(items)).toEqual(['END']);
      expect(isStreamEnd(items[0]) && items[0].end.extensions.code).toBe('NOT_FOUND');
    });

    // An event's fields are resolved as the client takes it: one taken after the change would show the plan as it is then.
    it('on the plan’s own stream: what is queued and not yet taken goes with the end', async () => {
      let listener!: LiveListener;
      const feed = { ready: async () => undefined, attach: (l: LiveListener) => ((listener = l), 0n), detach: () => undefined } as unknown as EventFeed<PlanAccess>;
      const stream = new LiveStream({ feed, actor, planId: 'p2', readPage: async () => [], loadAccess: async () => new Map() });
      await stream.open();
      listener.push([ev(1, 'p2')].filter((e) => listener.accepts(e, access('p2'))));
      listener.push([handedOn].filter((e) => listener.accepts(e, accessNow('p2'))));
      await Promise.resolve();
      expect(seqs(await take(stream, 2))).toEqual(['END']);
    });

    it('on the caseload: what is queued of that plan and not yet taken goes, the rest stays in order', async () => {
      let listener!: LiveListener;
      const feed = { ready: async () => undefined, attach: (l: LiveListener) => ((listener = l), 0n), detach: () => undefined } as unknown as EventFeed<PlanAccess>;
      const stream = new LiveStream({ feed, actor, readPage: async () => [], loadAccess: async () => new Map() });
      await stream.open();
      listener.push([ev(1, 'p2')].filter((e) => listener.accepts(e, access(e.planId))));
      expect(asText(await take(stream, 1))).toEqual(['1 p2']);
      listener.push([ev(2, 'p2'), ev(3, 'p1'), ev(4, 'p2')].filter((e) => listener.accepts(e, access(e.planId))));
      listener.push([{ ...handedOn, seq: '5' }, ev(6, 'p1')].filter((e) => listener.accepts(e, accessNow(e.planId))));
      expect(asText(await take(stream, 3))).toEqual(['3 p1', '5 left p2', '6 p1']);
      await stream.return();
    });
  });

  // A mentor's events wait in the queue while their client reads slowly; the grant's last day passes meanwhile.
  it('a mentor is not sent what waited for them past the last day of their grant, and still gets what they may', async () => {
    const mentor: Actor = { ...actor, userId: 'm9', username: 'mikkel', subject: 'mikkel', role: Role.MENTOR, unitId: null };
    const grantTo = (endDate: string) => [{ mentorId: 'm9', startDate: '2026-01-01', endDate, createdAt: 0 }];
    const accessNow = (planId: string): PlanAccess => ({ ...access(planId), coordinatorId: 'u2', mentorGrants: grantTo(planId === 'p1' ? '2026-03-10' : '2026-12-31') });
    const taskLogged = (seq: number, planId: string, at: string): FeedEvent =>
      ({ ...ev(seq, planId), kind: 'MENTOR_TASK_LOGGED' as FeedEvent['kind'], at: new Date(at), payload: { entity: { __typename: 'MentorTask', id: `t${seq}`, mentorId: 'm9' } } });
    let now = new Date('2026-03-10T10:00:00Z');
    let listener!: LiveListener;
    const feed = { ready: async () => undefined, attach: (l: LiveListener) => ((listener = l), 0n), detach: () => undefined } as unknown as EventFeed<PlanAccess>;
    const stream = new LiveStream({ feed, actor: mentor, readPage: async () => [], loadAccess: async () => new Map(), now: () => now });
    await stream.open();
    listener.push([taskLogged(1, 'p1', '2026-03-10T09:00:00Z'), taskLogged(2, 'p1', '2026-03-10T09:30:00Z')].filter((e) => listener.accepts(e, accessNow(e.planId))));
    expect(seqs(await take(stream, 1))).toEqual(['1']);
    // The next day: the grant on p1 has ended; the one on p2 runs.
    now = new Date('2026-03-11T10:00:00Z');
    listener.push([taskLogged(3, 'p2', '2026-03-11T09:00:00Z')].filter((e) => listener.accepts(e, accessNow(e.planId))));
    expect(seqs(await take(stream, 1))).toEqual(['3']);
    await stream.return();
  });

  it('cuts off a subscriber that falls too far behind with a coded end, and detaches it', async () => {
    const { feed, push, listeners } = fakeFeed(0);
    const stream = new LiveStream({ feed, actor, readPage: async () => [], loadAccess: async () => new Map(), maxQueue: 3 });
    await stream.open();
    push(ev(1), ev(2), ev(3), ev(4));
    const [end] = await take(stream, 1);
    expect(isStreamEnd(end) && end.end.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'SLOW_CONSUMER' });
    expect((await stream.next()).done).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('detaches when the client ends the subscription', async () => {
    const { feed, listeners } = fakeFeed(0);
    const stream = new LiveStream({ feed, actor, readPage: async () => [], loadAccess: async () => new Map() });
    await stream.open();
    const pending = stream.next();
    await stream.return();
    expect((await pending).done).toBe(true);
    expect(listeners.size).toBe(0);
  });
  /** A replay of `pages` pages of one event each, read without ever waiting on I/O. */
  const pagedReplay = (pages: number, onRead: () => void = () => undefined) =>
    async (after: bigint, upTo: bigint): Promise<FeedEvent[]> => {
      onRead();
      return after < upTo && after < BigInt(pages) ? [ev(Number(after) + 1)] : [];
    };

  it('a replay yields to the event loop between pages: one replay cannot monopolise it', async () => {
    const { feed } = fakeFeed(50);
    let read = 0;
    const stream = new LiveStream({ feed, actor, afterSeq: 0n, readPage: pagedReplay(50, () => read++), loadAccess: async (ids) => new Map(ids.map((id) => [id, access(id)])) });
    await stream.open();
    // A timer's callback (another request, say) gets its turn after a page or two, not after all fifty.
    const readAtTurn = await new Promise<number>((resolve) => setImmediate(() => resolve(read)));
    expect(readAtTurn).toBeLessThanOrEqual(2);
    expect(seqs(await take(stream, 50))).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
    await stream.return();
  });

  it('replays wait for the client to take a page before reading far ahead (bounded, not the whole range at once)', async () => {
    const { feed } = fakeFeed(100);
    let read = 0;
    const stream = new LiveStream({ feed, actor, afterSeq: 0n, readPage: pagedReplay(100, () => read++), loadAccess: async (ids) => new Map(ids.map((id) => [id, access(id)])), replayAhead: 5 });
    await stream.open();
    await new Promise((r) => setTimeout(r, 50));
    expect(read).toBeLessThanOrEqual(6);
    expect(seqs(await take(stream, 100))).toHaveLength(100);
    await stream.return();
  });

  it('replays of many subscriptions share a gate: at most its width read at once, each gets its turn', async () => {
    const { feed } = fakeFeed(20);
    const gate = new FairGate(2);
    let inFlight = 0;
    let most = 0;
    const readPage = async (after: bigint, upTo: bigint): Promise<FeedEvent[]> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return after < upTo ? [ev(Number(after) + 1)] : [];
    };
    const streams = await Promise.all(
      Array.from({ length: 6 }, () => new LiveStream({ feed, actor, afterSeq: 0n, readPage, loadAccess: async (ids) => new Map(ids.map((id) => [id, access(id)])), gate }).open()),
    );
    const all = await Promise.all(streams.map((s) => take(s, 20)));
    expect(all.map((items) => items.length)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(most).toBeLessThanOrEqual(2);
    await Promise.all(streams.map((s) => s.return()));
  });

  it('one user’s replays take one place in the gate at a time, however many they open; another user gets a place', async () => {
    const gate = new FairGate(2);
    const order: string[] = [];
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const floods = Array.from({ length: 5 }, (_, i) => gate.run(async () => (order.push(`flood${i}`), hold), 'u1'));
    await new Promise((r) => setImmediate(r));
    expect(gate.stats()).toEqual({ running: 1, waiting: 4 });
    await gate.run(async () => order.push('other'), 'u2');
    expect(order).toEqual(['flood0', 'other']);
    release();
    await Promise.all(floods);
    expect(order).toHaveLength(6);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('with rest, a user waits as long as their page took before the next one; others do not wait for that', async () => {
    const gate = new FairGate(2, 1);
    await gate.run(() => new Promise<void>((r) => setTimeout(r, 40)), 'u1');
    const t1 = performance.now();
    const order: string[] = [];
    const second = gate.run(async () => (order.push('u1'), performance.now() - t1), 'u1');
    const other = gate.run(async () => (order.push('u2'), performance.now() - t1), 'u2');
    const [secondAfter] = await Promise.all([second, other]);
    // u2 asked after u1's second page, yet went first: u1's rest holds back u1 only. Said by order, not
    // by a time, which a busy machine stretches.
    expect(order).toEqual(['u2', 'u1']);
    // The rest is as long as the page took (at least its 40 ms timer, less a timer's millisecond of slack); a busy machine only makes it longer.
    expect(secondAfter).toBeGreaterThanOrEqual(38);
  });
});
