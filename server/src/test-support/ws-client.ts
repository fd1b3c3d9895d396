import WebSocket from 'ws';

/**
 * A bare graphql-transport-ws client over `ws`, for tests that need to see exactly what
 * the server sends (error frames, close codes) rather than what a client library makes
 * of it.
 */
export interface WsGraphQLError {
  message: string;
  locations?: unknown;
  path?: unknown;
  extensions?: Record<string, unknown>;
}

export interface WsResult {
  /** `next` carries a result (data and/or errors); `error` is a refused operation. */
  type: 'next' | 'error';
  data?: Record<string, unknown> | null;
  errors?: WsGraphQLError[];
  /** The raw frame text, to check that nothing (stack, SQL) leaks. */
  raw: string;
}

type Waiter = { resolve: (r: WsResult) => void; reject: (e: Error) => void };

export class WsClient {
  closeCode: number | null = null;
  closeReason = '';
  readonly closed: Promise<number>;
  private nextId = 1;
  private readonly waiting = new Map<string, Waiter>();
  private readonly streams = new Map<string, (r: WsResult) => void>();
  private acked = false;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        for (const w of this.waiting.values()) w.reject(new Error(`socket closed ${code} ${this.closeReason}`));
        this.waiting.clear();
        resolve(code);
      }),
    );
    socket.on('message', (raw) => this.onMessage(raw.toString()));
  }

  /** Resolves on connection_ack, or when the server closes the socket instead (check `closeCode`). */
  static connect(httpUrl: string, token?: string): Promise<WsClient> {
    const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const client = new WsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => client.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
      client.onAck = () => resolve(client);
      void client.closed.then(() => resolve(client));
    });
  }

  private onAck: () => void = () => undefined;

  get isOpen(): boolean {
    return this.acked && this.closeCode === null;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** A query or mutation (or a subscription's first answer): resolves on the first next/error frame. */
  request(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<WsResult> {
    const id = String(this.nextId++);
    return new Promise<WsResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ id, type: 'subscribe', payload: { query, variables, operationName } });
    });
  }

  /** A subscription whose every frame goes to `onResult`; returns its id (to `complete` it). */
  subscribe(query: string, variables: Record<string, unknown>, onResult: (r: WsResult) => void, id = String(this.nextId++)): string {
    this.streams.set(id, onResult);
    this.send({ id, type: 'subscribe', payload: { query, variables } });
    return id;
  }

  complete(id: string): void {
    this.streams.delete(id);
    this.waiting.delete(id);
    if (this.closeCode === null) this.send({ id, type: 'complete' });
  }

  kill(): void {
    this.socket.terminate();
  }

  async close(): Promise<void> {
    if (this.closeCode === null) {
      this.socket.close(1000);
      await this.closed;
    }
  }

  private onMessage(raw: string): void {
    const msg = JSON.parse(raw) as { type: string; id?: string; payload?: unknown };
    if (msg.type === 'connection_ack') {
      this.acked = true;
      this.onAck();
      return;
    }
    if (msg.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    if (!msg.id || (msg.type !== 'next' && msg.type !== 'error')) return;
    const result: WsResult =
      msg.type === 'next'
        ? { type: 'next', ...(msg.payload as { data?: Record<string, unknown> | null; errors?: WsGraphQLError[] }), raw }
        : { type: 'error', errors: msg.payload as WsGraphQLError[], raw };
    const stream = this.streams.get(msg.id);
    if (stream) {
      stream(result);
      return;
    }
    const waiter = this.waiting.get(msg.id);
    if (!waiter) return;
    this.waiting.delete(msg.id);
    // A query answered with `next` is followed by `complete`; nothing more to wait for.
    waiter.resolve(result);
  }
}
