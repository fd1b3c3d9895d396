import WebSocket from 'ws';
import { cpuMs, now, percentiles, type FromClients, type ToClients } from './bench-kit';

/**
 * The subscribers of the fan-out benchmark, in a process of their own so that their
 * work does not slow the writer or the servers' event loops. Each socket stamps the
 * arrival time of a message before anything else, then records its seq.
 */
interface Sub {
  socket: WebSocket;
  seqs: number[];
  times: number[];
  errors: number;
  /** The close code when the server closed the socket before the tier ended. */
  closedWith?: number;
}

let subs: Sub[] = [];
const send = (m: FromClients) => process.send!(m);

function openOne(url: string, token: string, query: string): Promise<Sub> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false });
    const sub: Sub = { socket, seqs: [], times: [], errors: 0 };
    socket.on('message', (raw) => {
      const t = now();
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'next') {
        const event = msg.payload.data?.caseloadEvents;
        if (event) {
          sub.seqs.push(Number(event.seq));
          sub.times.push(t);
        } else sub.errors++;
      } else if (msg.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        resolve(sub);
      } else if (msg.type === 'ping') socket.send('{"type":"pong"}');
      else if (msg.type === 'error') sub.errors++;
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('error', reject);
    socket.once('close', (code) => {
      sub.closedWith = code;
      reject(new Error(`closed ${code}`));
    });
  });
}

async function open(m: Extract<ToClients, { type: 'open' }>): Promise<void> {
  let failed = 0;
  // In waves, so that a thousand handshakes do not all land in the same millisecond.
  for (let i = 0; i < m.n; i += 50) {
    const wave = [];
    for (let j = i; j < Math.min(m.n, i + 50); j++) {
      wave.push(openOne(m.urls[j % m.urls.length], m.tokens[j % m.tokens.length], m.query).catch(() => null));
    }
    for (const s of await Promise.all(wave)) {
      if (s) subs.push(s);
      else failed++;
    }
  }
  send({ type: 'opened', failed });
}

function finish(from: number, t0pairs: Array<[number, number]>): void {
  const t0 = new Map(t0pairs);
  const expected = [...t0.keys()].sort((a, b) => a - b);
  const latencies: number[] = [];
  let lost = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let lastReceive = 0;
  for (const s of subs) {
    const seen = new Set<number>();
    let prev = -1;
    s.seqs.forEach((seq, i) => {
      if (seq <= from) return;
      if (seen.has(seq)) duplicates++;
      else if (seq < prev) outOfOrder++;
      seen.add(seq);
      prev = Math.max(prev, seq);
      const start = t0.get(seq);
      if (start !== undefined) latencies.push(s.times[i] - start);
      lastReceive = Math.max(lastReceive, s.times[i]);
    });
    for (const seq of expected) if (!seen.has(seq)) lost++;
  }
  send({
    type: 'finished',
    result: {
      subscribers: subs.length,
      expectedPerSubscriber: expected.length,
      deliveries: latencies.length,
      lost,
      duplicates,
      outOfOrder,
      latencyMs: percentiles(latencies),
      firstT0: Math.min(...t0.values()),
      closedByServer: subs.filter((s) => s.closedWith !== undefined).length,
      closeCodes: subs.reduce<Record<string, number>>((codes, s) => (s.closedWith === undefined ? codes : { ...codes, [s.closedWith]: (codes[s.closedWith] ?? 0) + 1 }), {}),
      lastReceive,
    },
    cpuMs: cpuMs(),
  });
}

process.on('message', async (m: ToClients) => {
  if (m.type === 'open') await open(m);
  else if (m.type === 'cpu') send({ type: 'cpu', cpuMs: cpuMs() });
  else if (m.type === 'progress') {
    const lasts = subs.map((s) => s.seqs[s.seqs.length - 1] ?? 0);
    send({ type: 'progress', minSeq: lasts.length ? Math.min(...lasts) : 0, minCount: subs.length ? Math.min(...subs.map((s) => s.seqs.length)) : 0 });
  } else if (m.type === 'finish') finish(m.from, m.t0);
  else if (m.type === 'close') {
    await Promise.all(
      subs.map((s) => new Promise<void>((resolve) => {
        // A socket the server closed already (its heartbeat ends one whose pong came late) has no close to wait for.
        if (s.socket.readyState === WebSocket.CLOSED) return resolve();
        s.socket.removeAllListeners('close');
        s.socket.once('close', () => resolve());
        s.socket.close(1000);
      })),
    );
    subs = [];
    send({ type: 'closed' });
  }
});
