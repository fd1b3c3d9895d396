/**
 * How many tasks of one kind may run at once on this instance: a bounded share of the pool
 * for work no caller waits on directly, so the rest stays free for everyone's requests.
 * Replays run each page through one (modules/live): replays together hold at most `width`
 * pooled connections and at most `width` replays deliver at a time; live events execute
 * their selection through another (core/http/websocket.ts).
 *
 * One key (a user) runs at most one task at a time, however many subscriptions it opens,
 * so a flood from one user takes one place and the others get theirs; tasks without a key
 * exclude nobody. Otherwise waiters are served in arrival order, and a replay queues again
 * for each page: one long replay cannot keep the others waiting behind all its pages.
 * With `rest` r, a key waits r times as long as its task took before its next one, so one
 * user's replays use at most 1/(1+r) of the time: a reconnect replaying a few events does
 * not notice, a flood replaying the whole history cannot take the event loop from others.
 */
export class FairGate {
  /**
   * A gate for work in the background of a pool of `poolSize` connections: a quarter of it
   * (at least one), so that three quarters stay free for the requests people wait on.
   */
  static forPoolShare(poolSize: number, rest = 0): FairGate {
    return new FairGate(Math.max(1, Math.floor(poolSize / 4)), rest);
  }

  private running = 0;
  private readonly busy = new Set<string>();
  private readonly waiting: Array<{ key: string | undefined; go: () => void }> = [];

  constructor(
    readonly width: number,
    private readonly rest = 0,
  ) {
    if (!(width >= 1)) throw new Error('FairGate: width must be at least 1');
  }

  async run<T>(fn: () => Promise<T>, key?: string): Promise<T> {
    // Let in at once, or wait until next() lets this key in (it takes the place for us).
    if (this.running < this.width && !this.isBusy(key)) this.enter(key);
    else await new Promise<void>((go) => this.waiting.push({ key, go }));
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.running--;
      const restMs = key === undefined ? 0 : (performance.now() - started) * this.rest;
      if (restMs >= 1) {
        setTimeout(() => {
          this.busy.delete(key!);
          this.next();
        }, restMs).unref();
      } else if (key !== undefined) {
        this.busy.delete(key);
      }
      this.next();
    }
  }

  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private isBusy(key: string | undefined): boolean {
    return key !== undefined && this.busy.has(key);
  }

  private enter(key: string | undefined): void {
    this.running++;
    if (key !== undefined) this.busy.add(key);
  }

  /** Lets in the first waiters whose key is not running, while there is room. */
  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.width; ) {
      const w = this.waiting[i];
      if (this.isBusy(w.key)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.enter(w.key);
      w.go();
    }
  }
}
