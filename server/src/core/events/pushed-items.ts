/**
 * A subscription whose items a hub hands over as they happen (presence, the administration
 * page): graphql-ws pulls them with `next()`, in the order they were pushed; a push never
 * waits. The subscription ends when the client completes it or its socket closes
 * (`return()`), or when the hub closes it after a last item (an error the resolver throws).
 */
export abstract class PushedItems<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;

  /** True once nothing more will be pushed. */
  get closed(): boolean {
    return this.done;
  }

  /** The hub lets go of the subscription (called once it has ended). */
  protected abstract left(): void | Promise<void>;

  protected push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
    } else this.queue.push(item);
  }

  /** Nothing more is pushed; what is queued is still taken, then the stream is done. */
  protected close(): void {
    this.done = true;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.done = true;
    this.queue.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    await this.left();
    return { value: undefined, done: true };
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
