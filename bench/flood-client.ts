import WebSocket from 'ws';

/**
 * The flooding user of `npm run bench:flood`, in a process of its own so that receiving
 * its replays does not slow the process that measures the other user's requests. One
 * socket; on `flood` it sends `n` subscribe messages at once and counts what comes back.
 */
export type ToFlooder = { type: 'connect'; url: string; token: string } | { type: 'flood'; n: number; query: string } | { type: 'stats' } | { type: 'close' };
export type FromFlooder =
  | { type: 'connected' }
  | { type: 'flooding' }
  | { type: 'stats'; sent: number; accepted: number; events: number; refused: Record<string, number>; closeCode: number | null }
  | { type: 'closed' };

let socket: WebSocket | undefined;
let nextId = 1;
let sent = 0;
let events = 0;
let closeCode: number | null = null;
const refused: Record<string, number> = {};
/** Subscriptions that delivered at least one event (accepted and replaying). */
const delivering = new Set<string>();
const send = (m: FromFlooder) => process.send!(m);

process.on('message', (m: ToFlooder) => {
  if (m.type === 'connect') {
    socket = new WebSocket(`${m.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false, maxPayload: 1 << 26 });
    socket.on('open', () => socket!.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${m.token}` } })));
    socket.on('close', (code) => (closeCode = code));
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: unknown };
      if (msg.type === 'connection_ack') send({ type: 'connected' });
      else if (msg.type === 'ping') socket!.send(JSON.stringify({ type: 'pong' }));
      else if (msg.type === 'next') {
        const errors = (msg.payload as { errors?: Array<{ extensions?: { code?: string; reason?: string } }> }).errors;
        if (errors?.length) {
          const e = errors[0].extensions ?? {};
          const code = `ended:${e.code ?? 'none'}${e.reason ? `:${e.reason}` : ''}`;
          refused[code] = (refused[code] ?? 0) + 1;
          return;
        }
        events++;
        delivering.add(msg.id!);
      } else if (msg.type === 'error') {
        const code = String((msg.payload as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code ?? 'none');
        refused[code] = (refused[code] ?? 0) + 1;
      }
    });
  } else if (m.type === 'flood') {
    for (let i = 0; i < m.n; i++) {
      socket!.send(JSON.stringify({ id: String(nextId++), type: 'subscribe', payload: { query: m.query } }));
      sent++;
    }
    send({ type: 'flooding' });
  } else if (m.type === 'stats') {
    send({ type: 'stats', sent, accepted: delivering.size, events, refused, closeCode });
  } else if (m.type === 'close') {
    socket?.close(1000);
    send({ type: 'closed' });
  }
});
