import { FeedCursor } from './feed-cursor';

/** The settling rule on its own; event-feed.test.ts drives it with real transactions. */
const s = (...seqs: number[]) => seqs.map(BigInt);

describe('FeedCursor', () => {
  it('passes consecutive seqs and moves its mark over them', () => {
    const c = new FeedCursor(10n);
    expect(c.unbounded(s(11, 12, 13))).toEqual([]);
    expect(c.settle(s(11, 12, 13), 0n)).toEqual({ count: 3, last: 13n, blocked: false });
  });

  it('stops at a gap that has no bound yet, and at one whose bound the snapshot has not passed', () => {
    const c = new FeedCursor(10n);
    expect(c.unbounded(s(11, 14, 15, 18))).toEqual([[12n, 13n], [16n, 17n]]);
    expect(c.settle(s(11, 14), 1000n)).toEqual({ count: 1, last: 11n, blocked: true });
    c.record([[12n, 13n], [16n, 17n]], 500n);
    expect(c.settle(s(11, 14, 15, 18), 499n)).toEqual({ count: 1, last: 11n, blocked: true });
    // Every transaction below xid 500 has finished: seqs 12, 13, 16, 17 can never appear.
    expect(c.settle(s(11, 14, 15, 18), 500n)).toEqual({ count: 4, last: 18n, blocked: false });
  });

  it('keeps the first bound of a gap that later fills in part, and bounds only what is new', () => {
    const c = new FeedCursor(0n);
    c.record(c.unbounded(s(5)), 100n); // 1..4 missing, first seen under bound 100
    c.advance(0n);
    // 2 committed meanwhile; 6..7 are new gaps below 8.
    expect(c.unbounded(s(2, 5, 8))).toEqual([[6n, 7n]]);
    c.record([[6n, 7n]], 200n);
    expect(c.settle(s(2, 5, 8), 150n)).toEqual({ count: 2, last: 5n, blocked: true });
    c.advance(5n);
    expect(c.pendingGaps()).toEqual([{ from: 6n, to: 7n, bound: 200n }]);
    expect(c.settle(s(8), 200n)).toEqual({ count: 1, last: 8n, blocked: false });
  });
});
