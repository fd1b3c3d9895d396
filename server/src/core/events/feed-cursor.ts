/**
 * Where an event reader stands in `plan_event`, and when it may move on.
 *
 * A seq is not commit order: transaction T can take seq 10, transaction U seq 11, and U
 * commit first. A reader that sees 11 but not 10 has a gap. The gap is either an
 * in-flight transaction (its row will appear) or an aborted one (it never will). We may
 * only step over it once every transaction that could hold it has finished: then, had it
 * committed, its row would be visible in the very statement that tells us so.
 *
 * Who could hold it? A writer takes its xid before its seq (appendEvent), so the holder's
 * xid was assigned before the snapshot in which the gap was first seen. The snapshot's
 * xmax does NOT bound those xids: PostgreSQL sets xmax to latestCompletedXid + 1, and a
 * running transaction with a larger xid is not listed at all (seen in a trial: holder
 * xid 727, snapshot "727:727:"). So the reader takes a fresh xid of its own right after
 * that snapshot (`pg_current_xact_id()`): it is larger than every xid assigned before,
 * and is the gap's `bound`. Once a later snapshot's xmin >= bound, no transaction below
 * the bound is still running and the gap is settled for good.
 */
interface Gap {
  from: bigint;
  to: bigint;
  /** An xid assigned after the snapshot in which these positions were first seen missing. */
  bound: bigint;
}

export type SeqRange = readonly [from: bigint, to: bigint];

export interface Settlement {
  /** How many of the rows (a prefix, in seq order) may be delivered now. */
  count: number;
  /** The new settled mark once those rows are delivered. */
  last: bigint;
  /** Stopped at a gap that may still fill: read again soon. */
  blocked: boolean;
}

export class FeedCursor {
  private gaps: Gap[] = [];

  constructor(private mark: bigint) {}

  /** Every position <= last is settled: delivered, or known never to appear. */
  get last(): bigint {
    return this.mark;
  }

  /** Missing positions below the visible rows that have no bound yet (first seen now). */
  unbounded(seqs: readonly bigint[]): SeqRange[] {
    const out: SeqRange[] = [];
    let expected = this.mark + 1n;
    for (const s of seqs) {
      if (s > expected) out.push(...this.uncovered(expected, s - 1n));
      if (s >= expected) expected = s + 1n;
    }
    return out;
  }

  record(ranges: readonly SeqRange[], bound: bigint): void {
    for (const [from, to] of ranges) this.gaps.push({ from, to, bound });
    this.gaps.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  /** Given the visible rows above the mark and the same statement's snapshot xmin. */
  settle(seqs: readonly bigint[], xmin: bigint): Settlement {
    let expected = this.mark + 1n;
    let last = this.mark;
    for (let i = 0; i < seqs.length; i++) {
      const s = seqs[i];
      if (s > expected && !this.settled(expected, s - 1n, xmin)) return { count: i, last, blocked: true };
      last = s;
      expected = s + 1n;
    }
    return { count: seqs.length, last, blocked: false };
  }

  advance(last: bigint): void {
    if (last <= this.mark) return;
    this.mark = last;
    this.gaps = this.gaps.filter((g) => g.to > last).map((g) => (g.from <= last ? { ...g, from: last + 1n } : g));
  }

  /** Recorded gaps, for logs and tests. */
  pendingGaps(): ReadonlyArray<Readonly<Gap>> {
    return this.gaps;
  }

  private uncovered(from: bigint, to: bigint): SeqRange[] {
    const out: SeqRange[] = [];
    let p = from;
    for (const g of this.gaps) {
      if (g.to < p) continue;
      if (g.from > to) break;
      if (g.from > p) out.push([p, g.from - 1n]);
      p = g.to + 1n;
      if (p > to) return out;
    }
    if (p <= to) out.push([p, to]);
    return out;
  }

  private settled(from: bigint, to: bigint, xmin: bigint): boolean {
    let p = from;
    for (const g of this.gaps) {
      if (g.to < p) continue;
      if (g.from > p || g.bound > xmin) return false;
      p = g.to + 1n;
      if (p > to) return true;
    }
    return p > to;
  }
}
