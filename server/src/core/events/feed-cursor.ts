/**
 * Where an event reader stands in `plan_event`, and when it may move on.
 *
 * A seq is not commit order: transaction T can take seq 10, transaction U seq 11, and U
 * commit first. A reader that sees 11 but not 10 has a gap. The gap is either an
 * in-flight transaction (its row will appear) or an aborted one (it never will). We may
 * only step over it once every transaction that could hold it has finished: then, had it
 * committed, its row would be visible in the very statement that tells us so.
 *
 * Who could hold it? A writer takes a lock on `plan_event` (the INSERT's RowExclusiveLock)
 * before its seq, and keeps it until its transaction ends; PostgreSQL releases it only
 * after the commit is visible to new snapshots. So right after the read that first shows
 * the gap, the transactions that hold such a lock (`pg_locks`) are its `holders`: the one
 * that holds the missing seq is among them, or has ended already. Once none of them holds
 * it any more — seen before a later read takes its snapshot — every missing seq has
 * committed (and that read shows it) or never will. Only writers of `plan_event` count:
 * a transaction elsewhere in the database, however long it stays open (an administrator's
 * session, an import), holds no seq and keeps no event waiting.
 */
interface Gap {
  from: bigint;
  to: bigint;
  /** The transactions (pg_locks' virtualtransaction) that held a writer's lock on plan_event right after the gap was first seen. */
  holders: readonly string[];
  /** None of the holders held it any more, seen before the current read: the gap is settled. */
  finished: boolean;
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

  /** Missing positions below the visible rows not recorded as gaps yet (first seen now). */
  unrecorded(seqs: readonly bigint[]): SeqRange[] {
    const out: SeqRange[] = [];
    let expected = this.mark + 1n;
    for (const s of seqs) {
      if (s > expected) out.push(...this.uncovered(expected, s - 1n));
      if (s >= expected) expected = s + 1n;
    }
    return out;
  }

  /** Gaps first seen in the last read, with the transactions that held a writer's lock on plan_event right after it. */
  record(ranges: readonly SeqRange[], holders: readonly string[]): void {
    for (const [from, to] of ranges) this.gaps.push({ from, to, holders, finished: false });
    this.gaps.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  /** The holders of gaps still open: whom to look for before the next read. */
  waitingOn(): string[] {
    const out = new Set<string>();
    for (const g of this.gaps) if (!g.finished) for (const h of g.holders) out.add(h);
    return [...out];
  }

  /** Whether any gap is still open (look for its holders before the next read). */
  get waiting(): boolean {
    return this.gaps.some((g) => !g.finished);
  }

  /**
   * Of the holders, those still holding their lock, seen BEFORE the read that settle() is
   * then given: a gap none of whose holders is among them is settled for good.
   */
  stillHeldBy(running: ReadonlySet<string>): void {
    for (const g of this.gaps) if (!g.finished && !g.holders.some((h) => running.has(h))) g.finished = true;
  }

  /** Given the visible rows above the mark, read after the last stillHeldBy(). */
  settle(seqs: readonly bigint[]): Settlement {
    let expected = this.mark + 1n;
    let last = this.mark;
    for (let i = 0; i < seqs.length; i++) {
      const s = seqs[i];
      if (s > expected && !this.settled(expected, s - 1n)) return { count: i, last, blocked: true };
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

  private settled(from: bigint, to: bigint): boolean {
    let p = from;
    for (const g of this.gaps) {
      if (g.to < p) continue;
      if (g.from > p || !g.finished) return false;
      p = g.to + 1n;
      if (p > to) return true;
    }
    return p > to;
  }
}
