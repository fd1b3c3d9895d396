/**
 * How many replay pages of this instance may be read and delivered at once, across every
 * subscription: a replay runs each page through the gate, so replays together hold at most
 * `width` pooled connections (the rest of the pool stays free for everyone's requests) and
 * at most `width` replays deliver at a time. One key (a user) runs at most one page at a
 * time, however many subscriptions it opens, so a flood from one user takes one place and
 * the others get theirs. Otherwise waiters are served in arrival order, and a replay queues
 * again for each page: one long replay cannot keep the others waiting behind all its pages.
 * With `rest` r, a key waits r times as long as its page took before its next page, so one
 * user's replays use at most 1/(1+r) of the time: a reconnect replaying a few events does
 * not notice, a flood replaying the whole history cannot take the event loop from others.
 */
export class ReplayGate {
  private running = 0;
  private readonly busy = new Set<string>();
  private readonly waiting: Array<{ key: string; go: () => void }> = [];

  constructor(
    readonly width: number,
    private readonly rest = 0,
  ) {
    if (!(width >= 1)) throw new Error('ReplayGate: width must be at least 1');
  }

  async run<T>(fn: () => Promise<T>, key = ''): Promise<T> {
    // Let in at once, or wait until next() lets this key in (it takes the place for us).
    if (this.running < this.width && !this.busy.has(key)) this.enter(key);
    else await new Promise<void>((go) => this.waiting.push({ key, go }));
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.running--;
      const restMs = (performance.now() - started) * this.rest;
      if (restMs >= 1) {
        setTimeout(() => {
          this.busy.delete(key);
          this.next();
        }, restMs).unref();
      } else {
        this.busy.delete(key);
      }
      this.next();
    }
  }

  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private enter(key: string): void {
    this.running++;
    this.busy.add(key);
  }

  /** Lets in the first waiters whose key is not running, while there is room. */
  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.width; ) {
      const w = this.waiting[i];
      if (this.busy.has(w.key)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.enter(w.key);
      w.go();
    }
  }
}
