import { createWsClient } from './apollo';
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
    const msg = JSON.parse(data) as { type: string };
    if (msg.type === 'connection_init') setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'connection_ack' }) }), 0);
    if (msg.type === 'subscribe') setTimeout(() => this.serverClose(FakeSocket.closeWith.code, FakeSocket.closeWith.reason), 0);
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
});

it('knows which closes are final, and says why in Danish', () => {
  expect([4401, 4403, 4410, 1001, 1013].map(isFinalClose)).toEqual([true, true, false, false, false]);
  expect(accessWithdrawnNotice('Municipality changed')).toMatch(/anden kommune/);
  expect(accessWithdrawnNotice(undefined)).toMatch(/^Din adgang er blevet ændret/);
});
