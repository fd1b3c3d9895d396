import type { WebSocket, WebSocketServer } from 'ws';

export interface HeartbeatTiming {
  /** How often every socket is pinged. */
  intervalMs: number;
  /** A socket not heard from (a pong or any message) for longer than this is terminated. */
  silenceMs: number;
}

/**
 * Pings every socket each `intervalMs` and terminates one not heard from for `silenceMs`:
 * a connection that died without a close frame or a FIN (a sleeping laptop, a dropped
 * network, a frozen browser) is ended within `silenceMs + intervalMs`, and its
 * subscriptions with it (a person's presence, docs/live-collaboration.md).
 *
 * The window spans several pings, so a client that is merely slow to answer one (a busy
 * browser tab, a machine under load) is not cut off and does not have to resubscribe.
 * When this process itself did not run for a while (a long GC pause, a starved CPU), the
 * pongs that came meanwhile are still unread when the timer fires: that round only pings,
 * so a stall of the server never passes for silence of its clients.
 */
export function keepSocketsAlive(wsServer: WebSocketServer, timing: HeartbeatTiming): () => void {
  const { intervalMs, silenceMs } = timing;
  const lastHeard = new WeakMap<WebSocket, number>();
  wsServer.on('connection', (socket: WebSocket) => {
    const heard = () => lastHeard.set(socket, performance.now());
    heard();
    socket.on('pong', heard);
    socket.on('message', heard);
  });
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const stalled = now - last > intervalMs * 1.5;
    last = now;
    for (const socket of wsServer.clients) {
      if (stalled) lastHeard.set(socket, Math.max(lastHeard.get(socket) ?? now, now - intervalMs));
      if (now - (lastHeard.get(socket) ?? now) > silenceMs) {
        socket.terminate();
        continue;
      }
      socket.ping();
    }
  }, intervalMs).unref();
  const stop = () => clearInterval(timer);
  wsServer.once('close', stop);
  return stop;
}
