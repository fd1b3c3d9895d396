import { useApolloClient } from '@apollo/client/react';
import type { TypedDocumentNode } from '@apollo/client';
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';

/**
 * The live connection (graphql-ws) as the screens see it: its state, for the banner, and
 * a signal when it drops, so every event stream can resubscribe from the last `seq` it
 * saw (`afterSeq`) instead of graphql-ws resending the original subscription, which
 * would either miss what happened while offline (no afterSeq) or replay old events.
 */

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export class LiveConnection {
  private state: LiveState = 'idle';
  private everConnected = false;
  private readonly listeners = new Set<() => void>();
  private readonly dropListeners = new Set<() => void>();

  getState = (): LiveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called when the socket is lost (not on a normal, idle close). */
  onDrop(listener: () => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  private set(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of [...this.listeners]) l();
  }

  connecting(): void {
    this.set(this.everConnected ? 'reconnecting' : 'connecting');
  }

  connected(): void {
    this.everConnected = true;
    this.set('connected');
  }

  /** `normal`: the client closed an idle socket on purpose (code 1000). */
  closed(normal: boolean): void {
    if (normal) {
      this.set('idle');
      return;
    }
    this.set(this.everConnected ? 'reconnecting' : 'connecting');
    for (const l of [...this.dropListeners]) l();
  }
}

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveProvider({ connection, children }: { connection: LiveConnection; children: ReactNode }) {
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

const idle = () => 'idle' as LiveState;
const noSubscribe = () => () => undefined;

/** The live connection's state ('idle' outside a provider, e.g. in component tests). */
export function useLiveState(): LiveState {
  const connection = useContext(LiveContext);
  return useSyncExternalStore(connection?.subscribe ?? noSubscribe, connection?.getState ?? idle, idle);
}

/** Orders `seq` values (integers as text) without losing precision. */
export function seqAfter(a: string, b: string | null | undefined): boolean {
  if (b == null) return true;
  try {
    return BigInt(a) > BigInt(b);
  } catch {
    return a > b;
  }
}

export interface StreamedEvent {
  seq: string;
}

/**
 * Subscribes to an event stream that takes `afterSeq`, and keeps it gap-free and without
 * duplicates across reconnects: when the socket drops, the subscription is dropped too and
 * started again with the last seen `seq` as `afterSeq`; events at or before it are ignored.
 *
 * `pick` takes the event out of the subscription's data; `onEvent` gets each new one.
 * `key` restarts the stream from scratch (e.g. another plan).
 */
export function useEventStream<TData, TVars extends { afterSeq?: string | null }, TEvent extends StreamedEvent>(options: {
  document: TypedDocumentNode<TData, TVars>;
  variables: Omit<TVars, 'afterSeq'>;
  key: string;
  pick: (data: TData) => TEvent | null | undefined;
  onEvent: (event: TEvent) => void;
  onError?: (error: unknown) => void;
  skip?: boolean;
}): void {
  const client = useApolloClient();
  const connection = useContext(LiveContext);
  const latest = useRef(options);
  latest.current = options;
  const { key, skip } = options;

  useEffect(() => {
    if (skip) return;
    let lastSeq: string | null = null;
    let stopped = false;
    let current: { unsubscribe(): void } | null = null;

    const start = () => {
      current?.unsubscribe();
      const { document, variables } = latest.current;
      const observable = client.subscribe({
        query: document,
        variables: { ...variables, afterSeq: lastSeq } as unknown as TVars,
        // A new stream per start: never share an older one with other variables.
        context: { queryDeduplication: false },
      });
      current = observable.subscribe({
        next: (result) => {
          if (stopped) return;
          if (result.error) {
            latest.current.onError?.(result.error);
            return;
          }
          const event = result.data ? latest.current.pick(result.data as TData) : null;
          if (!event || !seqAfter(event.seq, lastSeq)) return;
          lastSeq = event.seq;
          latest.current.onEvent(event);
        },
        error: (error) => {
          if (!stopped) latest.current.onError?.(error);
        },
      });
    };

    start();
    // On a dropped socket, resubscribe from the last seen seq (graphql-ws would otherwise
    // resend the first subscription, with the afterSeq it started with).
    // Deferred: graphql-ws settles its own state for the closed socket first.
    let restart: ReturnType<typeof setTimeout> | undefined;
    const off = connection?.onDrop(() => {
      clearTimeout(restart);
      restart = setTimeout(() => {
        if (!stopped) start();
      }, 0);
    });
    return () => {
      stopped = true;
      clearTimeout(restart);
      off?.();
      current?.unsubscribe();
    };
  }, [client, connection, key, skip]);
}
