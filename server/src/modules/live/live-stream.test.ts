import type { Actor } from '../../core/auth/actor';
import type { EventFeed, FeedListener } from '../../core/events/event-feed';
import type { FeedEvent } from '../../core/events/event-row';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { LiveStream, isStreamEnd, type StreamItem } from './live-stream';
import { ReplayGate } from './replay-gate';

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
    const gate = new ReplayGate(2);
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
    const gate = new ReplayGate(2);
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
    const gate = new ReplayGate(2, 1);
    const page = () => new Promise<void>((r) => setTimeout(r, 40));
    const t0 = performance.now();
    await gate.run(page, 'u1');
    const otherAt = await gate.run(async () => performance.now() - t0, 'u2');
    const secondAt = await gate.run(async () => performance.now() - t0, 'u1');
    expect(otherAt).toBeLessThan(60);
    expect(secondAt).toBeGreaterThanOrEqual(75);
  });
});
