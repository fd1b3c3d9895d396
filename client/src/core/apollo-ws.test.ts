import { ApolloClient, ApolloLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen } from '@testing-library/react';
import { parse } from 'graphql';
import { createElement } from 'react';
import { Observable } from 'rxjs';
import { createSamplanClient, createWsClient, resubscribeAfterExpiry } from './apollo';
import { accessWithdrawnNotice, isFinalClose } from './errors';
import { LiveConnection, LiveProvider, useEventStream, useRefreshOnReconnect } from './live';
import { LiveBadge } from './ui';

/**
 * What the live connection does when the server closes it because the user's rights
 * changed (server/src/core/auth/user-sockets.ts): 4410 reconnects (the new socket gets the
 * new rights); 4403 is final and signs the user out with a Danish notice.
 */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static opened: FakeSocket[] = [];
  static closeWith: { code: number; reason: string } = { code: 4403, reason: 'User deactivated' };
  /** The connection_init payload of every socket, in order. */
  static inits: unknown[] = [];
  /** Subscribe messages sent: one means the socket was acknowledged and is open. */
  static subscribes = 0;
  /** Every subscribe message, in order: on which socket, its id and its variables. */
  static subscribed: Array<{ socket: FakeSocket; id: string; variables: unknown }> = [];
  /** How the server answers connection_init instead of acknowledging it (a refused token: 4401). */
  static refuseInit: { code: number; reason: string } | null = null;
  readyState = FakeSocket.CONNECTING;
  protocol = 'graphql-transport-ws';
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor() {
    FakeSocket.opened.push(this);
    setTimeout(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.();
    }, 0);
  }
  send(data: string): void {
    const msg = JSON.parse(data) as { type: string; id?: string; payload?: { variables?: unknown } };
    if (msg.type === 'connection_init') FakeSocket.inits.push(msg.payload);
    if (msg.type === 'subscribe') {
      FakeSocket.subscribes++;
      FakeSocket.subscribed.push({ socket: this, id: msg.id!, variables: msg.payload?.variables });
    }
    const refusal = FakeSocket.refuseInit;
    if (msg.type === 'connection_init' && refusal) setTimeout(() => this.serverClose(refusal.code, refusal.reason), 0);
    else if (msg.type === 'connection_init') setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'connection_ack' }) }), 0);
    // Code 0: the subscription stays open.
    if (msg.type === 'subscribe' && FakeSocket.closeWith.code) setTimeout(() => this.serverClose(FakeSocket.closeWith.code, FakeSocket.closeWith.reason), 0);
  }
  /** As a browser's: the close event comes a moment later (after graphql-ws has let go of the socket, for its terminate()). */
  close(code = 1000, reason = ''): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSING;
    setTimeout(() => this.serverClose(code, reason), 0);
  }
  /** The server sends an event on a subscription. */
  next(id: string, data: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type: 'next', id, payload: { data } }) });
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  private serverClose(code: number, reason: string): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }
}

const realWebSocket = globalThis.WebSocket;
beforeEach(() => {
  FakeSocket.opened = [];
  FakeSocket.inits = [];
  FakeSocket.subscribes = 0;
  FakeSocket.subscribed = [];
  FakeSocket.refuseInit = null;
  (globalThis as { WebSocket: unknown }).WebSocket = FakeSocket;
});
afterEach(() => {
  (globalThis as { WebSocket: unknown }).WebSocket = realWebSocket;
  jest.useRealTimers();
});

function subscribeOnce(options: Parameters<typeof createWsClient>[0]) {
  const client = createWsClient(options, () => undefined);
  const done = new Promise<unknown>((resolve) => {
    client.subscribe({ query: 'subscription { caseloadEvents { seq } }' }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
  });
  return { client, done };
}

it.each([
  ['a deactivated user', 'User deactivated', 'Din bruger er blevet deaktiveret, så du er logget ud. Kontakt din administrator, hvis det er en fejl.'],
  // A citizen has no administrator, and nothing of theirs was "deaktiveret": their municipality has their forløb.
  ['a citizen whose access to Min plan was closed', 'Citizen access closed', 'Din adgang til Min plan er lukket, så du er logget ud. Har du spørgsmål, så kontakt din kommune eller dit jobcenter.'],
])('%s is signed out with a Danish notice in their words, and the socket does not reconnect', async (_who, reason, notice) => {
  FakeSocket.closeWith = { code: 4403, reason };
  const notices: string[] = [];
  const { client, done } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n) });
  await done;
  expect(notices).toEqual([notice]);
  await new Promise((r) => setTimeout(r, 50));
  expect(FakeSocket.opened).toHaveLength(1);
  await client.dispose();
});

it('changed rights (4410) reconnect with the same token, and sign nobody out', async () => {
  FakeSocket.closeWith = { code: 4410, reason: 'Rights changed' };
  const notices: string[] = [];
  const unauthenticated = jest.fn();
  const { client } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n), onUnauthenticated: unauthenticated });
  const until = Date.now() + 5000;
  while (FakeSocket.opened.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(FakeSocket.opened.length).toBeGreaterThanOrEqual(2);
  expect(notices).toEqual([]);
  expect(unauthenticated).not.toHaveBeenCalled();
  await client.dispose();
}, 15_000);

/** A socket dropped once, waiting out its back-off (at least 500 ms), with a network the test brings back. */
async function droppedAndWaiting(serverAnswers: () => boolean) {
  FakeSocket.closeWith = { code: 1006, reason: '' };
  const backOnline = new Set<() => void>();
  const asked: boolean[] = [];
  const network = {
    onOnline: (l: () => void) => (backOnline.add(l), () => backOnline.delete(l)),
    reachable: async () => (asked.push(serverAnswers()), serverAnswers()),
  };
  const client = createWsClient({ token: 't' }, () => undefined, undefined, network);
  client.subscribe({ query: 'subscription { caseloadEvents { seq } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  const until = Date.now() + 2000;
  while (backOnline.size === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  expect(FakeSocket.opened).toHaveLength(1);
  FakeSocket.closeWith = { code: 0, reason: '' };
  return { client, asked, backOnline, comeOnline: () => [...backOnline].forEach((l) => l()) };
}

it('a dropped socket reconnects at once when the browser comes back online and the server answers, not after the back-off', async () => {
  const { client, asked, backOnline, comeOnline } = await droppedAndWaiting(() => true);
  comeOnline();
  await new Promise((r) => setTimeout(r, 50));
  expect(asked).toEqual([true]);
  expect(FakeSocket.opened).toHaveLength(2);
  expect(backOnline.size).toBe(0);
  await client.dispose();
});

it('"online" while the server does not answer yet: no reconnect into nothing; it waits', async () => {
  const { client, asked, comeOnline } = await droppedAndWaiting(() => false);
  comeOnline();
  await new Promise((r) => setTimeout(r, 100));
  expect(asked[0]).toBe(false);
  expect(FakeSocket.opened).toHaveLength(1);
  await client.dispose();
});

it('knows which closes are final, and says why in Danish', () => {
  expect([4401, 4403, 4410, 1001, 1013].map(isFinalClose)).toEqual([true, true, false, false, false]);
  expect(accessWithdrawnNotice('Municipality changed')).toMatch(/anden kommune/);
  expect(accessWithdrawnNotice(undefined)).toMatch(/^Din adgang er blevet ændret/);
});

/** A token source as AuthProvider keeps it (core/auth.tsx), renewed by hand. */
function tokenSource(first: string) {
  let current = first;
  const listeners = new Set<(t: string) => void>();
  return {
    get: () => current,
    onChange: (listener: (t: string) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    renew(token: string) {
      current = token;
      for (const l of listeners) l(token);
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 4000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

it('a renewed token reopens the socket with it, before the server closes the old one at expiry', async () => {
  FakeSocket.closeWith = { code: 0, reason: '' };
  const tokens = tokenSource('t1');
  const unauthenticated = jest.fn();
  const { client } = subscribeOnce({ token: null, tokens, onUnauthenticated: unauthenticated });
  // Renewed once the socket is open (acknowledged, the subscription sent).
  await until(() => FakeSocket.subscribes === 1);
  tokens.renew('t2');
  await until(() => FakeSocket.inits.length === 2);
  expect(FakeSocket.inits).toEqual([{ authorization: 'Bearer t1' }, { authorization: 'Bearer t2' }]);
  // Nothing was refused: no renewal asked for, nobody signed out.
  expect(unauthenticated).not.toHaveBeenCalled();
  await client.dispose();
}, 15_000);

it('reopening for a renewed token is no lost connection: the screens are not read again and say nothing; a real drop is', async () => {
  FakeSocket.closeWith = { code: 0, reason: '' };
  const tokens = tokenSource('t1');
  const reconnected = jest.fn();
  const live = new LiveConnection();
  const states: string[] = [];
  live.subscribe(() => states.push(live.getState()));
  const client = createWsClient({ token: null, tokens }, reconnected, live);
  client.subscribe({ query: 'subscription { caseloadEvents { seq } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await until(() => FakeSocket.subscribes === 1);
  tokens.renew('t2');
  await until(() => FakeSocket.subscribes === 2);
  expect(FakeSocket.inits).toEqual([{ authorization: 'Bearer t1' }, { authorization: 'Bearer t2' }]);
  expect(reconnected).not.toHaveBeenCalled();
  expect(states).toEqual(['connecting', 'connected']);
  // The screens that read again themselves (useRefreshOnReconnect) hear it from the connection.
  const screensHeard = jest.fn();
  live.onReconnected(screensHeard);
  // The network drops the socket: events may have been missed.
  FakeSocket.opened[1]!.close(1006);
  await until(() => FakeSocket.subscribes === 3);
  // Read once the subscriptions have gone out on the new socket.
  await until(() => reconnected.mock.calls.length > 0);
  expect(reconnected).toHaveBeenCalledTimes(1);
  expect(screensHeard).toHaveBeenCalledTimes(1);
  expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  await client.dispose();
}, 15_000);

it.each([
  ['nobody Samplan knows', 'NOT_A_USER', ['unknown']],
  ['a deactivated user', 'NOT_A_USER_DEACTIVATED', ['deactivated']],
  // Issued just after the deactivation (a move to another municipality): with the seconds until a new sign-in is let in.
  ['a deactivated user, signed in too soon after the deactivation', 'NOT_A_USER_DEACTIVATED_RETRY_12', ['deactivated', undefined, 12]],
  // Seconds it cannot read: deactivated, no more.
  ['a deactivated user, with seconds it cannot read', 'NOT_A_USER_DEACTIVATED_RETRY_x', ['deactivated']],
  ['someone whose invitation awaits another administrator’s approval', 'NOT_A_USER_AWAITING_APPROVAL', ['awaitingApproval']],
  ['a citizen Samplan holds no programme for', 'NOT_A_USER_CITIZEN', ['citizen']],
])('a valid token of %s (4403 %s) is reported as such, not as withdrawn access', async (_who, reason, told) => {
  FakeSocket.closeWith = { code: 4403, reason };
  const notices: string[] = [];
  const notAUser = jest.fn();
  const { client, done } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n), onNotAUser: notAUser });
  await done;
  expect(notAUser.mock.calls).toEqual([told]);
  expect(notices).toEqual([]);
  await client.dispose();
});

it.each([
  ['NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL', 'Substantial'],
  ['NOT_A_USER_CITIZEN_LEVEL_HIGH', 'High'],
])('a citizen\'s valid token below the level (4403 %s) is reported as a citizen\'s, with the level to sign in at', async (reason, level) => {
  FakeSocket.closeWith = { code: 4403, reason };
  const notices: string[] = [];
  const notAUser = jest.fn();
  const { client, done } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n), onNotAUser: notAUser });
  await done;
  expect(notAUser.mock.calls).toEqual([['citizen', level]]);
  expect(notices).toEqual([]);
  await client.dispose();
});

/** Subscribes through the same links the app uses for subscriptions: resubscribe after expiry, then graphql-ws. */
function liveThroughLinks(options: Parameters<typeof createWsClient>[0]) {
  const ws = createWsClient(options, () => undefined);
  const link = ApolloLink.from([resubscribeAfterExpiry(options.tokens), new GraphQLWsLink(ws)]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const outcome: { error?: unknown; completed: boolean } = { completed: false };
  const sub = ApolloLink.execute(link, { query: parse('subscription { caseloadEvents { seq } }') }, { client }).subscribe({
    error: (e) => (outcome.error = e),
    complete: () => (outcome.completed = true),
  });
  return {
    outcome,
    async stop() {
      sub.unsubscribe();
      await ws.dispose();
    },
  };
}

it('an expired token (4401) waits for the user to sign in again, then subscribes again with the new token', async () => {
  FakeSocket.closeWith = { code: 4401, reason: 'Token expired' };
  const tokens = tokenSource('t1');
  const unauthenticated = jest.fn();
  const live = liveThroughLinks({ token: null, tokens, onUnauthenticated: unauthenticated });
  await until(() => unauthenticated.mock.calls.length === 1);
  FakeSocket.closeWith = { code: 0, reason: '' };
  // Not a new socket with the expired token: the subscription waits for the user.
  await new Promise((r) => setTimeout(r, 100));
  expect(FakeSocket.inits).toEqual([{ authorization: 'Bearer t1' }]);
  tokens.renew('t2');
  await until(() => FakeSocket.inits.length === 2);
  expect(FakeSocket.inits[1]).toEqual({ authorization: 'Bearer t2' });
  // The screen's subscription never saw an error or an end: it goes on over the new socket.
  expect(live.outcome).toEqual({ completed: false });
  await live.stop();
}, 15_000);

it('without a renewable token source (demo sign-in) an expired token ends the subscription', async () => {
  FakeSocket.closeWith = { code: 4401, reason: 'Token expired' };
  const live = liveThroughLinks({ token: 't', onUnauthenticated: () => undefined });
  await until(() => live.outcome.error !== undefined);
  expect(FakeSocket.opened).toHaveLength(1);
  await live.stop();
});

it('a subscription given up while it waits for a new token is not subscribed again when the token comes', async () => {
  const tokens = tokenSource('t1');
  // The socket as GraphQLWsLink reports it closing for an expired token.
  let subscribed = 0;
  const socket = new ApolloLink(
    () =>
      new Observable((observer) => {
        subscribed++;
        observer.error(new Error('Socket closed with event 4401 Token expired'));
      }),
  );
  const link = ApolloLink.from([resubscribeAfterExpiry(tokens), socket]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const screenGone = ApolloLink.execute(link, { query: parse('subscription { caseloadEvents { seq } }') }, { client }).subscribe({});
  expect(subscribed).toBe(1);
  // The screen closes before the user signs in again.
  screenGone.unsubscribe();
  tokens.renew('t2');
  await new Promise((r) => setTimeout(r, 20));
  // Nothing opened for nobody on the new socket, where it would count against the server's
  // limit of subscriptions per socket and could get a screen's own stream refused.
  expect(subscribed).toBe(1);
});

const StreamDoc: TypedDocumentNode<{ caseloadEvents: { seq: string } }, { afterSeq?: string | null }> = parse(
  'subscription StormEvents($afterSeq: String) { caseloadEvents(afterSeq: $afterSeq) { seq } }',
);

/**
 * A screen with a live list: an event stream and the badge, on the client the app makes.
 * `readAgain` records each time the screen read its list again (to catch up after a reconnect,
 * or a stream that started again with nothing to go on from), with how many subscriptions had
 * been sent by then.
 */
function liveScreen(options: Parameters<typeof createSamplanClient>[0]) {
  const samplan = createSamplanClient({ uri: 'http://localhost/graphql', ...options });
  const seen: string[] = [];
  const readAgain: number[] = [];
  const read = () => readAgain.push(FakeSocket.subscribes);
  function Stream() {
    useEventStream({ document: StreamDoc, variables: {}, key: 'caseload', pick: (d) => d.caseloadEvents, onEvent: (e) => seen.push(e.seq), catchUp: read });
    useRefreshOnReconnect(read);
    return createElement(LiveBadge);
  }
  const view = render(
    createElement(ApolloProvider, { client: samplan.client, children: createElement(LiveProvider, { connection: samplan.live, children: createElement(Stream) }) }),
  );
  return {
    seen,
    readAgain,
    async stop() {
      view.unmount();
      samplan.dispose();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const settle = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

it('a token the server refuses (renewal failed, the page open) opens one socket, not one after another; a new token opens the next', async () => {
  FakeSocket.refuseInit = { code: 4401, reason: 'Token expired' };
  // The renewal failed: the source keeps the expired token until the user signs in again.
  const tokens = tokenSource('expired');
  const unauthenticated = jest.fn();
  const live = liveScreen({ token: null, tokens, onUnauthenticated: unauthenticated });
  await settle(500);
  expect(FakeSocket.opened.length).toBeLessThanOrEqual(2);
  // The page asks the user to sign in again once, not once a socket.
  expect(unauthenticated).toHaveBeenCalledTimes(1);
  expect(screen.getByText('Forbinder…')).toBeTruthy();

  // Signed in again: the stream goes on, over a socket with the new token.
  FakeSocket.refuseInit = null;
  FakeSocket.closeWith = { code: 0, reason: '' };
  act(() => tokens.renew('fresh'));
  await act(() => until(() => FakeSocket.subscribes === 1));
  expect(FakeSocket.inits[FakeSocket.inits.length - 1]).toEqual({ authorization: 'Bearer fresh' });
  await settle(10);
  expect(screen.getByText('Opdateres live')).toBeTruthy();
  await live.stop();
}, 15_000);

it('too many failed sign-ins from the address (4429, final for graphql-ws) is not asked again at once either', async () => {
  FakeSocket.refuseInit = { code: 4429, reason: 'Too many failed authentications' };
  const live = liveScreen({ token: 't' });
  await settle(500);
  // The stream asks again after its own wait (1 s, doubling), not at once, socket after socket.
  expect(FakeSocket.opened).toHaveLength(1);
  await live.stop();
});

describe('an event stream when the token changes under it', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.closeWith = { code: 0, reason: '' };
  });
  const advance = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));
  const event = (seq: string) => ({ caseloadEvents: { __typename: 'PlanEvent', seq } });
  const stopped = async (live: { stop(): Promise<void> }) => {
    const stop = live.stop();
    await advance(10);
    await stop;
  };

  it('signed in again after the token expired (4401): goes on after the last event it had, and the screen reads again once it is on its way', async () => {
    const tokens = tokenSource('t1');
    const live = liveScreen({ token: null, tokens, onUnauthenticated: () => undefined });
    await advance(10);
    const first = FakeSocket.subscribed[0]!;
    expect(first.variables).toEqual({ afterSeq: null });
    act(() => first.socket.next(first.id, event('7')));
    expect(live.seen).toEqual(['7']);

    // The token expires; while the user signs in again, others go on changing plans.
    await act(async () => first.socket.close(4401, 'Token expired'));
    await advance(1_000);
    act(() => tokens.renew('t2'));
    await advance(10);
    expect(FakeSocket.inits[1]).toEqual({ authorization: 'Bearer t2' });
    // From the last event it had: what came while the user signed in is sent first.
    expect(FakeSocket.subscribed.map((s) => s.variables)).toEqual([{ afterSeq: null }, { afterSeq: '7' }]);
    // Not live meanwhile: the screen reads again, after the stream has gone out on the new socket.
    expect(live.readAgain).toEqual([2]);
    await stopped(live);
  });

  it('reopened for a renewed token: with no event yet the screen reads again once the stream is on the new socket; after one, it goes on after it', async () => {
    const tokens = tokenSource('t1');
    const live = liveScreen({ token: null, tokens });
    await advance(10);
    act(() => tokens.renew('t2'));
    await advance(10);
    expect(FakeSocket.inits).toEqual([{ authorization: 'Bearer t1' }, { authorization: 'Bearer t2' }]);
    expect(FakeSocket.subscribed.map((s) => s.variables)).toEqual([{ afterSeq: null }, { afterSeq: null }]);
    expect(live.readAgain).toEqual([2]);

    const second = FakeSocket.subscribed[1]!;
    act(() => second.socket.next(second.id, event('9')));
    act(() => tokens.renew('t3'));
    await advance(10);
    expect(FakeSocket.subscribed.map((s) => s.variables)).toEqual([{ afterSeq: null }, { afterSeq: null }, { afterSeq: '9' }]);
    expect(live.readAgain).toEqual([2]);
    await stopped(live);
  });
});
