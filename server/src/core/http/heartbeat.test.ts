import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { keepSocketsAlive } from './heartbeat';

/**
 * The heartbeat drops a socket that stops answering pings once it has been silent for the
 * window, and keeps one that answers — late, or across a stall of this process itself.
 * Short timings here; the server uses WS_HEARTBEAT (websocket.ts).
 */
const INTERVAL_MS = 200;
const SILENCE_MS = 650;
let server: WebSocketServer;
let url: string;

beforeEach(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keepSocketsAlive(server, { intervalMs: INTERVAL_MS, silenceMs: SILENCE_MS });
});
afterEach(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function connect(options: WebSocket.ClientOptions = {}): Promise<{ socket: WebSocket; closed: Promise<number>; pings(): number }> {
  const socket = new WebSocket(url, options);
  let pings = 0;
  socket.on('ping', () => pings++);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed, pings: () => pings };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

it('terminates a socket that stops answering pings once the silence window has passed', async () => {
  const silent = await connect({ autoPong: false });
  // 1006: the connection ended without a close frame — the server terminated it.
  expect(await silent.closed).toBe(1006);
  // Pinged every round of the window (3 of 200 ms in 650 ms), then ended; one more only if a round was late.
  expect(silent.pings()).toBeGreaterThanOrEqual(3);
  expect(silent.pings()).toBeLessThanOrEqual(4);
});

it('keeps a socket that answers each ping late, within the window', async () => {
  // A busy client: every pong goes out 400 ms after its ping, two rounds late.
  const late = await connect({ autoPong: false });
  late.socket.on('ping', (data) => setTimeout(() => late.socket.pong(data), 2 * INTERVAL_MS));
  let closed = false;
  void late.closed.then(() => (closed = true));
  await until('several windows of pings', () => late.pings() >= 12);
  expect(closed).toBe(false);
  expect(late.socket.readyState).toBe(WebSocket.OPEN);
});

it('keeps a socket that answers, also across a stall of the server\'s own process', async () => {
  // The process stalls (a long GC pause, a starved CPU) right after the server sent a ping:
  // the pong arrives meanwhile but is still unread when the next round comes.
  let stallNext = false;
  server.once('connection', (socket: WebSocket) => {
    const ping = socket.ping.bind(socket);
    socket.ping = ((...args: Parameters<WebSocket['ping']>) => {
      ping(...args);
      if (!stallNext) return;
      stallNext = false;
      const until = performance.now() + INTERVAL_MS * 3;
      while (performance.now() < until) {
        // stalled
      }
    }) as WebSocket['ping'];
  });
  const live = await connect();
  let closed = false;
  void live.closed.then(() => (closed = true));
  await until('a few pings answered', () => live.pings() >= 3);
  stallNext = true;
  await until('the stall', () => !stallNext);
  const after = live.pings();
  await until('pings after the stall', () => live.pings() >= after + 3);
  expect(closed).toBe(false);
  expect(live.socket.readyState).toBe(WebSocket.OPEN);
});
