import { useApolloClient } from '@apollo/client/react';
import type { TypedDocumentNode } from '@apollo/client';
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { describeError } from './errors';

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
  // The event streams on screen that the server has ended and that wait to be asked for again
  // (useEventStream). The socket stays open meanwhile (a database outage), so its state alone
  // would say the screen is live when it is not.
  private readonly interrupted = new Set<object>();
  // The event streams on screen that the server refused for good (no access any longer, signed
  // out): they are not asked for again, so the screen is not live, whatever the socket says.
  private readonly stopped = new Set<object>();
  private readonly dropListeners = new Set<(drop: Drop) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly openListeners = new Set<() => void>();

  getState = (): LiveState => this.state;

  /**
   * Called when a socket is open again after one was lost (not after a reopen for a renewed
   * token): events may have been missed meanwhile. Also after a first attempt that failed.
   */
  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  reconnected(): void {
    for (const l of [...this.reconnectListeners]) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called when the socket is lost (not on a normal, idle close), or closed to open another (`planned`). */
  onDrop(listener: (drop: Drop) => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  /**
   * Called each time a socket is open (acknowledged), the one reopened for a renewed token too:
   * the subscriptions waiting for it go out on it right after.
   */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  private set(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of [...this.listeners]) l();
  }

  /** Whether an event stream on screen is ended by the server and waits to be asked for again. */
  hasInterruptedStream = (): boolean => this.interrupted.size > 0;

  /** A stream (any object of its own) is interrupted (`true`), or running again or gone (`false`). */
  streamInterrupted(stream: object, interrupted: boolean): void {
    const before = this.interrupted.size > 0;
    if (interrupted) this.interrupted.add(stream);
    else this.interrupted.delete(stream);
    if (this.interrupted.size > 0 === before) return;
    for (const l of [...this.listeners]) l();
  }

  /** Whether an event stream on screen was refused for good by the server and will not be asked for again. */
  hasStoppedStream = (): boolean => this.stopped.size > 0;

  /** A stream (any object of its own) is refused for good (`true`), or started again or gone (`false`). */
  streamStopped(stream: object, stopped: boolean): void {
    const before = this.stopped.size > 0;
    if (stopped) this.stopped.add(stream);
    else this.stopped.delete(stream);
    if (this.stopped.size > 0 === before) return;
    for (const l of [...this.listeners]) l();
  }

  connecting(): void {
    this.set(this.everConnected ? 'reconnecting' : 'connecting');
  }

  connected(): void {
    this.everConnected = true;
    this.set('connected');
    for (const l of [...this.openListeners]) l();
  }

  /**
   * `normal`: the client closed an idle socket on purpose (code 1000). `reconnects`: another
   * socket follows by itself; not after a final close (the token refused, access withdrawn, too
   * many failures), where the streams would only open socket after socket to be refused again.
   * `planned`: closed to open another at once (a renewed token): nothing was lost that the
   * streams do not resume, so the screens say nothing and read nothing again.
   */
  closed(normal: boolean, { reconnects = true, planned = false }: { reconnects?: boolean; planned?: boolean } = {}): void {
    if (normal) {
      this.set('idle');
      return;
    }
    if (!planned) this.set(this.everConnected ? 'reconnecting' : 'connecting');
    if (!reconnects) return;
    for (const l of [...this.dropListeners]) l({ planned });
  }
}

/** A lost socket, or (`planned`) one closed to open another at once, for a renewed token. */
export interface Drop {
  planned: boolean;
}

/**
 * Whether the browser has a network, a call when it gets one back, and whether the server
 * answers. The browser's "online" is only a hint: it can come before requests get through
 * (a network being re-established, a captive portal), and a held save sent then would fail
 * on its way and be lost to the user.
 */
export interface Network {
  isOnline(): boolean;
  onOnline(listener: () => void): () => void;
  /** True when a request reaches the server and is answered. */
  reachable(): Promise<boolean>;
}

/** The server's liveness check: a GET that is safe to repeat and touches no data. */
export const HEALTH_PATH = '/healthz';

export const browserNetwork: Network = {
  isOnline: () => navigator.onLine,
  onOnline(listener) {
    window.addEventListener('online', listener);
    return () => window.removeEventListener('online', listener);
  },
  async reachable() {
    try {
      return (await fetch(HEALTH_PATH, { cache: 'no-store' })).ok;
    } catch {
      return false;
    }
  },
};

/** Waits before asking the server again while it does not answer: 250 ms doubling to 5 s. */
const REACH_RETRY_MS = { first: 250, max: 5_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks the server until it answers (true), as long as `keepTrying` holds (false when it
 * stops holding first), waiting 250 ms doubling to 5 s between the questions.
 */
export async function untilReachable(network: Pick<Network, 'reachable'>, keepTrying: () => boolean, pause: (ms: number) => Promise<void> = sleep): Promise<boolean> {
  let wait = REACH_RETRY_MS.first;
  while (keepTrying()) {
    if (await network.reachable()) return true;
    await pause(wait);
    wait = Math.min(REACH_RETRY_MS.max, wait * 2);
  }
  return false;
}

/**
 * `waiting`: saves held until the network (or, for a refused token, a new one) is back, the
 * one on its way among them until it is answered; `sent`: how many the last catch-up sent
 * and the server answered (0 until one has); `notSaved`: why each save of that catch-up was
 * not saved (refused by the server, or lost on the way), in Danish.
 */
export interface PendingSavesState {
  waiting: number;
  sent: number;
  notSaved: readonly string[];
}

/**
 * What became of a held save when it was sent: `answered` by the server; `notSaved`, why it was
 * not saved; `untilSignedIn`, the server refused the token (it expired while offline), so
 * nothing ran and the save is held again until there is a new one: it calls `resume` then
 * and returns how to stop waiting.
 */
export interface HeldSaveOutcome {
  answered: boolean;
  notSaved?: string;
  untilSignedIn?: (resume: () => void) => () => void;
}

/**
 * Saves made while the browser is offline, held in memory in the order they were made and
 * sent when the network is back (OfflineSaveLink in apollo.tsx holds them). A held save
 * has never left the browser, so sending it later cannot make it happen twice. `send`
 * resolves with whether the server answered (whatever it answered); a request that failed
 * on the way is not sent again, since it may have reached the server.
 *
 * A save that was not saved (a CONFLICT, a refusal, lost on the way) is counted with its
 * reason even when the form it came from has closed meanwhile, so the banner can say it:
 * the form is no longer there to.
 */
const NO_SAVES: PendingSavesState = { waiting: 0, sent: 0, notSaved: [] };

export class PendingSaves {
  private readonly queue: Array<{ send: () => Promise<HeldSaveOutcome>; abandon?: () => void }> = [];
  private state: PendingSavesState = NO_SAVES;
  private readonly listeners = new Set<() => void>();
  private stopListening: (() => void) | null = null;
  private catchingUp: Promise<void> | null = null;
  // The save on its way: still waiting until it is answered, so a save made meanwhile goes behind it.
  private sending = false;
  // Set while the held saves wait for a new token (the last one was refused): how to stop waiting.
  private stopWaitingForToken: (() => void) | null = null;
  private disposed = false;

  constructor(
    private readonly network: Network = browserNetwork,
    private readonly pause: (ms: number) => Promise<void> = sleep,
  ) {}

  getState = (): PendingSavesState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(state: PendingSavesState): void {
    if (state.waiting === this.state.waiting && state.sent === this.state.sent && state.notSaved === this.state.notSaved) return;
    this.state = state;
    for (const l of [...this.listeners]) l();
  }

  private waiting(): number {
    return this.queue.length + (this.sending ? 1 : 0);
  }

  /**
   * Holds a save until the network is back; the returned function drops it (the caller gave up on it).
   * `abandon` tells the caller the save will never be sent (the session it was made in has ended).
   */
  hold(send: () => Promise<HeldSaveOutcome>, abandon?: () => void): () => void {
    if (this.disposed) {
      abandon?.();
      return () => undefined;
    }
    const entry = { send, abandon };
    this.queue.push(entry);
    // What the last catch-up did not save stays until the user has read it (acknowledge).
    this.set({ ...this.state, waiting: this.waiting(), sent: 0 });
    this.stopListening ??= this.network.onOnline(() => void this.sendWaiting());
    return () => {
      const at = this.queue.indexOf(entry);
      if (at < 0) return;
      this.queue.splice(at, 1);
      this.set({ ...this.state, waiting: this.waiting() });
    };
  }

  /** Forgets what the last catch-up sent and did not save (the banner has said it). */
  acknowledge(): void {
    this.set({ ...this.state, sent: 0, notSaved: [] });
  }

  /**
   * The session these saves were made in has ended (signed out, another user): none of them is
   * ever sent, with the next user's token or any other; their callers are told.
   */
  dispose(): void {
    this.disposed = true;
    this.stopListening?.();
    this.stopListening = null;
    this.stopWaitingForToken?.();
    this.stopWaitingForToken = null;
    const abandoned = this.queue.splice(0);
    this.set({ ...this.state, waiting: this.waiting() });
    for (const entry of abandoned) entry.abandon?.();
  }

  /**
   * Sends the held saves one at a time, oldest first, as long as the network stays; only
   * once the server has answered a harmless request, so a save is not sent into a network
   * that is not yet there.
   */
  sendWaiting(): Promise<void> {
    // One catch-up at a time; a second call (another "online") waits for the running one.
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    let sent = 0;
    const notSaved: string[] = [];
    try {
      // Waiting for a new token: sent with the refused one, they would only be refused again.
      if (this.stopWaitingForToken || this.disposed) return;
      // While saves wait and the browser stays online; when it goes offline again, its next "online" starts over.
      if (!(await untilReachable(this.network, () => this.queue.length > 0 && this.network.isOnline(), this.pause))) return;
      while (this.queue.length && this.network.isOnline() && !this.disposed) {
        const next = this.queue.shift()!;
        this.sending = true;
        const outcome = await next.send().finally(() => (this.sending = false));
        if (outcome.untilSignedIn) {
          // Nothing ran: the save goes back to the front, and it and those behind it wait, in order, for a new token.
          this.queue.unshift(next);
          this.waitForToken(outcome.untilSignedIn);
          break;
        }
        if (outcome.answered) sent++;
        if (outcome.notSaved) notSaved.push(outcome.notSaved);
      }
    } finally {
      if (!this.queue.length) {
        this.stopListening?.();
        this.stopListening = null;
      }
      this.set({ waiting: this.waiting(), sent: this.state.sent + sent, notSaved: notSaved.length ? [...this.state.notSaved, ...notSaved] : this.state.notSaved });
    }
  }

  private waitForToken(untilSignedIn: (resume: () => void) => () => void): void {
    let resumed = false;
    const stop = untilSignedIn(() => {
      resumed = true;
      this.stopWaitingForToken = null;
      // After the catch-up that held them again has ended: one catch-up at a time.
      void (this.catchingUp ?? Promise.resolve()).then(() => this.sendWaiting());
    });
    if (!resumed) this.stopWaitingForToken = stop;
  }
}

const LiveContext = createContext<LiveConnection | null>(null);
const SavesContext = createContext<PendingSaves | null>(null);

export function LiveProvider({ connection, saves, children }: { connection: LiveConnection; saves?: PendingSaves; children: ReactNode }) {
  return (
    <LiveContext.Provider value={connection}>
      <SavesContext.Provider value={saves ?? null}>{children}</SavesContext.Provider>
    </LiveContext.Provider>
  );
}

const noSaves = (): PendingSavesState => NO_SAVES;

/** The saves held while offline (none outside a provider), and a way to forget the last catch-up's count. */
export function usePendingSaves(): PendingSavesState & { acknowledge: () => void } {
  const saves = useContext(SavesContext);
  const state = useSyncExternalStore(saves?.subscribe ?? noSubscribe, saves?.getState ?? noSaves, noSaves);
  const acknowledge = useCallback(() => saves?.acknowledge(), [saves]);
  return { ...state, acknowledge };
}

const idle = () => 'idle' as LiveState;
const noSubscribe = () => () => undefined;

/** The live connection's state ('idle' outside a provider, e.g. in component tests). */
export function useLiveState(): LiveState {
  const connection = useContext(LiveContext);
  return useSyncExternalStore(connection?.subscribe ?? noSubscribe, connection?.getState ?? idle, idle);
}

/**
 * What a screen's live indicator says: the socket's state, or `interrupted` while the socket
 * is there (or closed for being idle) but an event stream on screen was ended by the server
 * and waits to be asked for again (a database outage: the server cannot send, the socket stays
 * open), or `stopped` when the server refused one for good (the user no longer has access):
 * nothing will bring the screen's changes any more, and "live" would say they still come. A
 * socket being opened says more, and the banner says it too.
 */
export type LiveIndicatorState = LiveState | 'interrupted' | 'stopped';

const notInterrupted = () => false;

export function useLiveIndicator(): LiveIndicatorState {
  const connection = useContext(LiveContext);
  const state = useLiveState();
  const interrupted = useSyncExternalStore(connection?.subscribe ?? noSubscribe, connection?.hasInterruptedStream ?? notInterrupted, notInterrupted);
  const stopped = useSyncExternalStore(connection?.subscribe ?? noSubscribe, connection?.hasStoppedStream ?? notInterrupted, notInterrupted);
  if (state !== 'connected' && state !== 'idle') return state;
  return stopped ? 'stopped' : interrupted ? 'interrupted' : state;
}

/**
 * For a screen's stream that takes no `afterSeq` (it starts with word to read the screen again,
 * so nothing is resumed): tells the live indicator (useLiveIndicator) that the server ended it
 * and it waits to be asked for again (`true`), or that it runs again (`false`). Gone with the screen.
 */
export function useStreamInterruption(): (interrupted: boolean) => void {
  const connection = useContext(LiveContext);
  const [stream] = useState(() => ({}));
  useEffect(() => () => connection?.streamInterrupted(stream, false), [connection, stream]);
  return useCallback((interrupted: boolean) => connection?.streamInterrupted(stream, interrupted), [connection, stream]);
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
 * The context through which a stream tells resubscribeAfterExpiry (core/apollo.tsx) what to
 * subscribe with again once the user has signed in again: the variables of that moment (an
 * event stream's position then), not those it first subscribed with.
 */
export interface ResubscribeContext {
  resubscribeWith?: () => Record<string, unknown>;
}

/**
 * Subscribes to an event stream that takes `afterSeq`, and keeps it gap-free and without
 * duplicates across reconnects: when the socket drops, the subscription is dropped too and
 * started again with the last seen `seq` (before any, `knownSeq`) as `afterSeq`; events at or
 * before it are ignored. With neither, the screen catches up (`catchUp`).
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
  /**
   * The newest `seq` the screen's data already holds (e.g. its history's newest change): a
   * stream that has had no event of its own yet starts again after it.
   */
  knownSeq?: string | null;
  /**
   * The position the screen's data was read at (e.g. Plan.liveFrom): the first start goes on
   * after it, so a change made while the data was read and the stream was on its way comes
   * with the stream; so does a start again before the stream has had an event of its own.
   */
  startAfter?: string | null;
  /**
   * Reads the screen's data again. Called when the stream had to start again with nothing to
   * resume from (no event yet, no `knownSeq`): subscribed anew it brings only what comes from
   * then on, and what came in between would never show. Called once the new stream is on an
   * open socket, so the reading does not go before it. Not after a lost socket: the client
   * reads every screen again when it is back (core/apollo.tsx, useRefreshOnReconnect).
   */
  catchUp: () => void;
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
    // Set when the server knows none of those positions (UNKNOWN_POSITION: its database was
    // restored from a backup to before them): from then on only what the stream itself brings.
    let forgotten = false;
    // Where the stream starts again: after the last event it saw, or where the screen's data was
    // read to, or the newest change the screen holds.
    const position = () => lastSeq ?? (forgotten ? null : (latest.current.startAfter ?? latest.current.knownSeq ?? null));
    let stopped = false;
    let current: { unsubscribe(): void } | null = null;
    // A stream the server ends (a slow client, a replay that failed, an instance going away:
    // SERVICE_UNAVAILABLE, "subscribe again with afterSeq") is started again from the last seen
    // seq, after a wait that doubles up to 30 s. A refusal (no access, signed out) is final.
    let again: ReturnType<typeof setTimeout> | undefined;
    const wait = doublingWait(1_000, 30_000);
    // When the socket last dropped, since the stream last delivered (see onDrop below).
    let lastDrop: number | undefined;
    // Whether a socket is open again since the last drop; whether a drop since the stream last
    // started was a loss (not a reopening for a renewed token), after which every screen is read
    // again anyway when the socket is back; whether the screen is to catch up once it is.
    let open = true;
    let lost = false;
    let catchUpOnOpen = false;
    let catchingUp: ReturnType<typeof setTimeout> | undefined;
    // After the new stream has gone out (graphql-ws sends it as soon as the socket is there):
    // read before it, a change made in between would be in neither.
    const catchUpSoon = () => {
      clearTimeout(catchingUp);
      catchingUp = setTimeout(() => {
        if (!stopped) latest.current.catchUp();
      }, 0);
    };
    // Ended by the server, the stream keeps the screen from being live until it runs again,
    // whatever the socket says: the indicator says so (useLiveIndicator). The server sends
    // nothing when it accepts a subscription, so one asked for again runs once it brings an
    // event, or once it has stood STREAM_STANDS_MS on an open socket without being ended.
    const self = {};
    let interrupted = false;
    let standing: ReturnType<typeof setTimeout> | undefined;
    const setInterrupted = (value: boolean) => {
      clearTimeout(standing);
      if (interrupted === value) return;
      interrupted = value;
      connection?.streamInterrupted(self, value);
    };
    let refusedForGood = false;
    const setStopped = (value: boolean) => {
      if (refusedForGood === value) return;
      refusedForGood = value;
      connection?.streamStopped(self, value);
    };
    const standUntilRunning = () => {
      clearTimeout(standing);
      // Not while a socket is being opened: the stream goes out once one is (onOpen below).
      if (!interrupted || (connection && connection.getState() !== 'connected')) return;
      standing = setTimeout(() => {
        if (!stopped) setInterrupted(false);
      }, STREAM_STANDS_MS);
    };

    const start = (afterSeq: string | null) => {
      clearTimeout(again);
      current?.unsubscribe();
      // Asked for anew (a socket back after a drop): not refused until the server says so again.
      setStopped(false);
      const { document, variables } = latest.current;
      const resubscribe: ResubscribeContext = { resubscribeWith: () => ({ afterSeq: position() }) };
      const observable = client.subscribe({
        query: document,
        variables: { ...variables, afterSeq } as unknown as TVars,
        // A new stream per start: never share an older one with other variables.
        context: { queryDeduplication: false, ...resubscribe },
      });
      let refused = false;
      // No event will ever come after a position the server does not know: start over from
      // now, and read the screen's data again (seqs start lower again after a restore).
      // Set when the stream starts over: refused for its position only, not for good.
      let startingOver = false;
      const startOver = (error: unknown): boolean => {
        if (describeError(error).reason !== 'UNKNOWN_POSITION') return false;
        refused = true;
        startingOver = true;
        lastSeq = null;
        forgotten = true;
        setTimeout(() => {
          if (stopped) return;
          start(null);
          catchUpSoon();
        }, 0);
        return true;
      };
      // Ended once, by whichever says so first: the error, or the complete after it.
      let over = false;
      const ended = () => {
        if (stopped || over) return;
        over = true;
        // Refused for good: the screen says why (no access, signed out); nothing is waited for,
        // and the live indicator no longer says the screen is live.
        setInterrupted(!refused);
        if (refused) {
          if (!startingOver) setStopped(true);
          return;
        }
        clearTimeout(again);
        again = setTimeout(() => {
          if (!stopped) resume();
        }, wait.next());
      };
      // Unset while subscribing: what comes then is ignored once the stream has ended (`over`).
      let subscription: { unsubscribe(): void } | undefined;
      subscription = observable.subscribe({
        next: (result) => {
          if (stopped || over) return;
          if (result.error) {
            if (startOver(result.error)) return;
            refused ||= !isRetryableStreamEnd(result.error);
            latest.current.onError?.(result.error);
            // No event, for want of the database: an end (the complete follows), or an event
            // whose fields could not be read (the database went as it was sent), past which the
            // server goes on. Either way it is asked for again from the last event seen, or that
            // event would never show. (An event that fails for a bug would fail again each time:
            // passed over, as before, the stream goes on.)
            if (!refused && !result.data && describeError(result.error).kind === 'SERVICE_UNAVAILABLE') {
              ended();
              subscription?.unsubscribe();
            }
            return;
          }
          const event = result.data ? latest.current.pick(result.data as TData) : null;
          // The server sends again: the stream runs (an event already seen too).
          if (event) setInterrupted(false);
          if (!event || !seqAfter(event.seq, lastSeq)) return;
          lastSeq = event.seq;
          wait.reset();
          lastDrop = undefined;
          latest.current.onEvent(event);
        },
        error: (error) => {
          if (stopped || startOver(error)) return;
          refused ||= !isRetryableStreamEnd(error);
          latest.current.onError?.(error);
          ended();
        },
        complete: ended,
      });
      current = subscription;
      standUntilRunning();
    };

    const resume = () => {
      const afterLoss = lost;
      lost = false;
      const from = position();
      start(from);
      if (from !== null || afterLoss) return;
      if (open) catchUpSoon();
      else catchUpOnOpen = true;
    };

    // The first start goes on from where the screen's data was read to; without that position
    // it brings what comes from now on (the screen's queries are read now too).
    start(latest.current.startAfter ?? null);
    // On a dropped socket, resubscribe from the last seen seq (graphql-ws would otherwise
    // resend the first subscription, with the afterSeq it started with).
    // Deferred: graphql-ws settles its own state for the closed socket first. Drops in a row
    // (no event between, within DROPS_IN_A_ROW_MS) wait the doubling wait: each start asks for
    // a socket, and one that closes as soon as it opens must not be asked for again at once.
    let restart: ReturnType<typeof setTimeout> | undefined;
    const offDrop = connection?.onDrop(({ planned }) => {
      open = false;
      // Asked for again on the next socket: it stands from when that is open.
      clearTimeout(standing);
      if (!planned) {
        lost = true;
        catchUpOnOpen = false;
      }
      const now = Date.now();
      const inARow = lastDrop !== undefined && now - lastDrop < DROPS_IN_A_ROW_MS;
      lastDrop = now;
      clearTimeout(restart);
      restart = setTimeout(
        () => {
          if (!stopped) resume();
        },
        inARow ? wait.next() : 0,
      );
    });
    const offOpen = connection?.onOpen(() => {
      open = true;
      standUntilRunning();
      if (!catchUpOnOpen) return;
      catchUpOnOpen = false;
      catchUpSoon();
    });
    return () => {
      stopped = true;
      setInterrupted(false);
      setStopped(false);
      clearTimeout(restart);
      clearTimeout(again);
      clearTimeout(catchingUp);
      offDrop?.();
      offOpen?.();
      current?.unsubscribe();
    };
  }, [client, connection, key, skip]);
}

/** Drops closer together than this, with no event between, are drops in a row (the longest doubling wait). */
const DROPS_IN_A_ROW_MS = 30_000;

/**
 * How long a stream asked for again after the server ended it must stand, on an open socket and
 * without being ended, to count as running when no event has come: longer than the server takes
 * to refuse a start while its database is away (a refused connection at once, the pool's connect
 * timeout 3 s). Too short, the indicator would say "live" for a moment at each try of an outage.
 */
export const STREAM_STANDS_MS = 5_000;

/**
 * The wait before asking the server again for a stream it ended: `first`, doubling with each
 * end in a row up to `max`, and back to `first` once the stream delivers (`reset`).
 */
export function doublingWait(first: number, max: number): { next(): number; reset(): void } {
  let wait = first;
  return {
    next() {
      const now = wait;
      wait = Math.min(wait * 2, max);
      return now;
    },
    reset() {
      wait = first;
    },
  };
}

/** Codes that end a stream for good: the caller may not have it, or is no longer signed in. */
const FINAL_STREAM_CODES: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'NOT_A_USER', 'BAD_USER_INPUT', 'TOO_MANY_SUBSCRIPTIONS', 'OUTDATED_CLIENT']);

/** Whether a stream that ended with this error may be asked for again (the server's own trouble, or the network's). */
export function isRetryableStreamEnd(error: unknown): boolean {
  const info = describeError(error);
  return !FINAL_STREAM_CODES.has(info.kind);
}

/**
 * The position the server read a screen's data to (its `liveFrom`), or undefined while there is
 * none yet: nothing read, or only the copy kept since the last visit, which a cache-and-network
 * query shows at once while the server is asked. A stream started from that copy's position
 * would bring every change since the last visit again, each announced as new.
 */
export function serverReadPosition(data: { liveFrom?: string | null } | null | undefined, loading: boolean): string | null | undefined {
  return data && !loading ? (data.liveFrom ?? null) : undefined;
}

/**
 * Where a screen's stream starts (useEventStream's `startAfter`): the first position the
 * server read the screen's data to (serverReadPosition), per `key` (a plan, the caseload).
 * A later reading (after a change, after a reconnect) does not move it: the stream is past
 * it. Undefined until the first reading: skip the stream until then.
 */
export function useStreamStart(key: string | undefined, readPosition: string | null | undefined): string | null | undefined {
  const [first, setFirst] = useState<{ key: string; seq: string | null } | null>(null);
  useEffect(() => {
    if (key !== undefined && readPosition !== undefined && first?.key !== key) setFirst({ key, seq: readPosition });
  }, [key, readPosition, first?.key]);
  return key !== undefined && first?.key === key ? first.seq : undefined;
}

/**
 * For a query a screen reads again on live events (useRefreshOnEvents): each read is a
 * request of its own. Apollo would otherwise join a read to an identical one already under
 * way, whose answer may be from before the change the event tells of.
 */
export const READ_ANEW = { context: { queryDeduplication: false } } as const;

/**
 * The context of a query its screen reads again itself when the connection is back
 * (useRefreshOnReconnect): the client leaves it out when it reads every screen's queries
 * again (core/apollo.tsx). A list shown page by page ("Vis flere") would be read as its
 * first page only, and the rows after it would go.
 */
export const REFRESHES_ITSELF = { refreshesItself: true } as const;

/**
 * A screen that reads its data again on every event of a stream (the event says only that
 * something changed), and once more when the connection is back after a drop, in case a
 * change came meanwhile.
 */
export function useRefreshOnEvents<TData, TVars extends { afterSeq?: string | null }, TEvent extends StreamedEvent>(
  stream: Omit<Parameters<typeof useEventStream<TData, TVars, TEvent>>[0], 'onEvent' | 'onError' | 'catchUp'>,
  refresh: () => void,
): void {
  useEventStream({ ...stream, onEvent: refresh, catchUp: refresh });
  useRefreshOnReconnect(refresh);
}

/**
 * Calls `refresh` when the connection is back after a drop, or open after a first attempt
 * that failed: a change may have come meanwhile.
 */
export function useRefreshOnReconnect(refresh: () => void): void {
  const connection = useContext(LiveContext);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => connection?.onReconnected(() => latest.current()), [connection]);
}
