import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { textFrame } from '../server/src/core/http/shared-delivery';
import { cpuMs, type FromInstance } from './bench-kit';

/**
 * The floor of bench:fanout's CPU per delivery: a bare WebSocket server (the same `ws`, no
 * compression) that speaks just enough graphql-transport-ws for the benchmark's clients, and
 * per event writes one message, serialised once, to every subscription: one frame, one write
 * to the connection. No GraphQL, no database, no access check, no stream per subscriber:
 * what any server must spend to put one event on one socket.
 * Started by fanout.ts; told of each event over IPC.
 */
type ToFloor = { type: 'event'; seq: number } | { type: 'stats' } | { type: 'stop' };

const subscriptions = new Map<WebSocket, Array<{ prefix: Buffer; connection: Socket }>>();

function main(): void {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/graphql', perMessageDeflate: false });
  wss.on('connection', (socket) => {
    subscriptions.set(socket, []);
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { type: string; id?: string };
      if (msg.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (msg.type === 'subscribe' && msg.id) {
        // ws's own connection: frames are written to it whole, as shared-delivery.ts does.
        const connection = (socket as unknown as { _socket: Socket })._socket;
        subscriptions.get(socket)?.push({ prefix: Buffer.from(`{"id":${JSON.stringify(msg.id)},"type":"next","payload":`), connection });
      }
      else if (msg.type === 'ping') socket.send('{"type":"pong"}');
    });
    socket.on('close', () => subscriptions.delete(socket));
  });
  const send = (m: FromInstance) => process.send!(m);
  process.on('message', (m: ToFloor) => {
    if (m.type === 'event') {
      // What the client selects, as the real server would answer it.
      const payload = Buffer.from(JSON.stringify({
        data: { caseloadEvents: { seq: String(m.seq), kind: 'ACTIVITY_UPDATED', planId: 'p', entityId: 'e', at: new Date().toISOString(), summary: `Jobcenter ændrede aktiviteten Bench ${m.seq}`, actor: { name: 'Anna Jensen' }, unit: { kind: 'EMPLOYMENT', name: 'Jobcentret' } } },
      }));
      for (const subs of subscriptions.values()) for (const s of subs) s.connection.write(textFrame(s.prefix, payload));
    } else if (m.type === 'stats') {
      const used = process.cpuUsage();
      let listeners = 0;
      for (const ids of subscriptions.values()) listeners += ids.length;
      send({ type: 'stats', listeners, last: '', cpuMs: cpuMs(), userMs: used.user / 1000, systemMs: used.system / 1000 });
    } else if (m.type === 'stop') {
      for (const socket of subscriptions.keys()) socket.terminate();
      http.close(() => process.exit(0));
    }
  });
  http.listen(0, '127.0.0.1', () => send({ type: 'ready', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
}

main();
