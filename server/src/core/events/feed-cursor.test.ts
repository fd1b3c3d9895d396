import { FeedCursor } from './feed-cursor';

/** The settling rule on its own; event-feed.test.ts drives it with real transactions. */
const s = (...seqs: number[]) => seqs.map(BigInt);
const running = (...vxids: string[]) => new Set(vxids);

describe('FeedCursor', () => {
  it('passes consecutive seqs and moves its mark over them', () => {
    const c = new FeedCursor(10n);
    expect(c.unrecorded(s(11, 12, 13))).toEqual([]);
    expect(c.settle(s(11, 12, 13))).toEqual({ count: 3, last: 13n, blocked: false });
  });

  it('stops at a gap until none of the writers that held plan_event when it was seen holds it before a later read', () => {
    const c = new FeedCursor(10n);
    expect(c.unrecorded(s(11, 14, 15, 18))).toEqual([[12n, 13n], [16n, 17n]]);
    c.record([[12n, 13n], [16n, 17n]], ['3/7', '4/9']);
    // Recorded in this read: never settled by the read that first showed it.
    expect(c.settle(s(11, 14, 15, 18))).toEqual({ count: 1, last: 11n, blocked: true });
    expect(c.waitingOn().sort()).toEqual(['3/7', '4/9']);
    c.stillHeldBy(running('4/9'));
    expect(c.settle(s(11, 14, 15, 18))).toEqual({ count: 1, last: 11n, blocked: true });
    // Both have ended: seqs 12, 13, 16, 17 can never appear.
    c.stillHeldBy(running('5/1'));
    expect(c.settle(s(11, 14, 15, 18))).toEqual({ count: 4, last: 18n, blocked: false });
    expect(c.waiting).toBe(false);
  });

  it('a gap seen when no writer held plan_event any more is settled by the next read, not the one that showed it', () => {
    const c = new FeedCursor(0n);
    c.record(c.unrecorded(s(2)), []);
    expect(c.settle(s(2))).toEqual({ count: 0, last: 0n, blocked: true });
    c.stillHeldBy(running());
    expect(c.settle(s(2))).toEqual({ count: 1, last: 2n, blocked: false });
  });

  it('keeps the first holders of a gap that later fills in part, and records only what is new', () => {
    const c = new FeedCursor(0n);
    c.record(c.unrecorded(s(5)), ['1/1']); // 1..4 missing, first seen while 1/1 wrote
    // 2 committed meanwhile; 6..7 are new gaps below 8.
    expect(c.unrecorded(s(2, 5, 8))).toEqual([[6n, 7n]]);
    c.record([[6n, 7n]], ['2/2']);
    c.stillHeldBy(running('2/2'));
    expect(c.settle(s(2, 5, 8))).toEqual({ count: 2, last: 5n, blocked: true });
    c.advance(5n);
    expect(c.pendingGaps()).toEqual([{ from: 6n, to: 7n, holders: ['2/2'], finished: false }]);
    c.stillHeldBy(running());
    expect(c.settle(s(8))).toEqual({ count: 1, last: 8n, blocked: false });
  });
});
