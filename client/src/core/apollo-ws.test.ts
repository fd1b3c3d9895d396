import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { parse } from 'graphql';
import { createWsClient, resubscribeAfterExpiry } from './apollo';
import { accessWithdrawnNotice, isFinalClose } from './errors';

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
    const msg = JSON.parse(data) as { type: string; payload?: unknown };
    if (msg.type === 'connection_init') FakeSocket.inits.push(msg.payload);
    if (msg.type === 'subscribe') FakeSocket.subscribes++;
    if (msg.type === 'connection_init') setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'connection_ack' }) }), 0);
    // Code 0: the subscription stays open.
    if (msg.type === 'subscribe' && FakeSocket.closeWith.code) setTimeout(() => this.serverClose(FakeSocket.closeWith.code, FakeSocket.closeWith.reason), 0);
  }
  close(code = 1000, reason = ''): void {
    this.serverClose(code, reason);
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

it('a deactivated user is signed out with a Danish notice, and the socket does not reconnect', async () => {
  FakeSocket.closeWith = { code: 4403, reason: 'User deactivated' };
  const notices: string[] = [];
  const { client, done } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n) });
  await done;
  expect(notices).toEqual(['Din bruger er blevet deaktiveret, så du er logget ud. Kontakt din leder, hvis det er en fejl.']);
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

it('a valid token of nobody Samplan knows (4403 NOT_A_USER) is reported as such, not as withdrawn access', async () => {
  FakeSocket.closeWith = { code: 4403, reason: 'NOT_A_USER' };
  const notices: string[] = [];
  const notAUser = jest.fn();
  const { client, done } = subscribeOnce({ token: 't', onAccessWithdrawn: (n) => notices.push(n), onNotAUser: notAUser });
  await done;
  expect(notAUser).toHaveBeenCalledTimes(1);
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
