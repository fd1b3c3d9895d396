import { EventEmitter } from 'node:events';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { Pool, type PoolClient } from 'pg';
import { buildAppModulesSchema } from '../../app-modules';
import { adminUrl } from '../../test-support/test-db';
import { isPoolWaitTimeout } from '../db/availability';
import { FairGate } from '../fair-gate';
import { isShareable, shapeKey, SharedDelivery, textFrame, type DeliverySocket, type DeliveryStream } from './shared-delivery';

let schema: Awaited<ReturnType<typeof buildAppModulesSchema>>;
beforeAll(async () => {
  schema = await buildAppModulesSchema({ demo: false });
});

describe('which subscriptions may share one execution per event', () => {
  it('the client\'s live event selection: the event, who and which unit made it, what changed and the record', () => {
    const doc = parse(`subscription($afterSeq: String) { caseloadEvents(afterSeq: $afterSeq) { __typename seq planId ...E } }
      fragment E on PlanEvent { __typename seq kind planId entityType entityId at summary actor { id name unit { name } } unit { id kind name }
        title changes { field label before after } overwrote { user { id name } seq fields }
        record { __typename ... on Activity { id title status dueAt } ... on MentorActivity { id title status dueAt } } }`);
    expect(isShareable(schema, doc)).toBe(true);
    // The mentor's list asks only which change came, of the caseload's items (an event, or a plan that left the viewer).
    expect(isShareable(schema, parse(`subscription($afterSeq: String) { caseloadEvents(afterSeq: $afterSeq) { seq } }`))).toBe(true);
  });

  it('not when a field may differ per viewer, however deep, or is not known to be the same for all', () => {
    for (const selection of [
      'record { ... on Plan { myStanding } }',
      'record { ... on Plan { id } }',
      'record { ... on SocialIntervention { id title } }',
      'record { ... on Activity { updatedBy { id } } }',
      'programme { warnings { rule } }',
      'actor { municipality { id } unit { id } } record { ... on Activity { updatedBy { id } } }',
    ]) {
      expect({ selection, shareable: isShareable(schema, parse(`subscription { planEvents(planId: "x") { seq ${selection} } }`)) }).toEqual({ selection, shareable: false });
    }
  });
});

describe('the shape two subscriptions must have in common to share bytes', () => {
  const doc = (args: string) => parse(`subscription($after: String, $plan: ID!) { planEvents(${args}) { seq summary } }`);

  it('ignores where a stream starts and which plan it follows, not the selection, other variables or the view', () => {
    const key = (args: string, variables: Record<string, unknown>, view = 'CASEWORKER') => shapeKey(doc(args), null, variables, view);
    expect(key('planId: $plan, afterSeq: $after', { plan: 'a', after: '1' })).toBe(key('planId: $plan, afterSeq: $after', { plan: 'b', after: '7' }));
    expect(key('planId: $plan, afterSeq: "0"', { plan: 'a' })).toBe(key('planId: $plan', { plan: 'a' }));
    expect(key('planId: $plan', { plan: 'a' }, 'MENTOR')).not.toBe(key('planId: $plan', { plan: 'a' }, 'CASEWORKER'));
    expect(shapeKey(parse(`subscription { caseloadEvents { seq } }`), null, {}, 'CASEWORKER')).not.toBe(
      shapeKey(parse(`subscription { caseloadEvents { seq summary } }`), null, {}, 'CASEWORKER'),
    );
  });
});

/**
 * A small schema of the same names, whose stream the test feeds by hand: `summary` tells
 * the role it was executed for, so a payload built for one role and sent to another shows.
 */
function liveSchema() {
  let push: (item: unknown) => void = () => undefined;
  const waiting: unknown[] = [];
  const streams: Array<{ items: unknown[]; wake?: () => void; done: boolean }> = [];
  const PlanEvent = new GraphQLObjectType({
    name: 'PlanEvent',
    fields: {
      seq: { type: GraphQLString },
      /** Not among the fields known to be the same for every viewer. */
      mine: { type: GraphQLString, resolve: (_e, _a, ctx: { role: string }) => ctx.role },
      summary: { type: GraphQLString, resolve: async (e: { seq: string; fail?: boolean; read?: () => Promise<unknown> }, _a, ctx: { role: string }) => {
        if (e.fail) throw new Error('broken');
        // An item may read from the database first, as the live record's consent register does.
        if (e.read) await e.read();
        return `${e.seq} for ${ctx.role}`;
      } },
    },
  });
  const stream = () => {
    const s = { items: [...waiting], done: false } as (typeof streams)[number];
    streams.push(s);
    const it: AsyncIterableIterator<unknown> = {
      next: () => (s.items.length ? Promise.resolve({ done: false, value: s.items.shift() }) : s.done ? Promise.resolve({ done: true, value: undefined }) : new Promise((r) => (s.wake = () => r(it.next() as never)))),
      return: async () => {
        s.done = true;
        s.wake?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  };
  push = (item) => {
    for (const s of streams) {
      s.items.push(item);
      const wake = s.wake;
      s.wake = undefined;
      wake?.();
    }
  };
  const live = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        caseloadEvents: { type: PlanEvent, args: { afterSeq: { type: GraphQLString } }, subscribe: stream, resolve: (e: unknown) => e },
        planEvents: { type: PlanEvent, args: { planId: { type: GraphQLString } }, subscribe: stream, resolve: (e: unknown) => e },
      },
    }),
  });
  return { live, push, end: () => streams.forEach((s) => ((s.done = true), s.wake?.())) };
}

class FakeSocket implements DeliverySocket {
  readonly readyState = 1;
  readonly extensions = '';
  send(): void {
    throw new Error('frames go to the connection');
  }
}

/** The connection under the socket: keeps what is written, as text messages. */
class FakeStream extends EventEmitter implements DeliveryStream {
  writableLength = 0;
  writes = 0;
  readonly sent: string[] = [];
  private corked = 0;
  write(chunk: Buffer): boolean {
    if (this.corked === 0) this.writes++;
    // Unmasked text frames: 0x81, then a 7-bit length or 126 and 16 bits.
    expect(chunk[0]).toBe(0x81);
    const long = chunk[1] === 126;
    const length = long ? chunk.readUInt16BE(2) : chunk[1];
    const header = long ? 4 : 2;
    expect(chunk.length).toBe(header + length);
    this.sent.push(chunk.subarray(header).toString());
    return true;
  }
  cork(): void {
    this.corked++;
  }
  uncork(): void {
    if (--this.corked === 0) this.writes++;
  }
}

const settle = () => new Promise((r) => setImmediate(r));

/** One subscriber; `socket` is what reached its connection, `handedBack` what went through graphql-ws. */
async function open(delivery: SharedDelivery, live: GraphQLSchema, role: string, query: string, id: string) {
  const contextValue = { role };
  const socket = new FakeStream();
  delivery.bind(contextValue, new FakeSocket(), socket, id);
  const results = (await delivery.subscribe({ schema: live, document: parse(query), contextValue })) as AsyncIterableIterator<ExecutionResult>;
  const handedBack: ExecutionResult[] = [];
  const done = (async () => {
    for await (const r of results) handedBack.push(r);
  })();
  return { socket, handedBack, done };
}

describe('SharedDelivery', () => {
  it('one execution and one serialisation per event and role; each subscriber gets those bytes under its own id', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role);
    const q = 'subscription($a: String) { caseloadEvents(afterSeq: $a) { seq summary } }';
    const staff = await Promise.all(['1', '2', '3'].map((id) => open(delivery, live, 'CASEWORKER', q, id)));
    const mentor = await open(delivery, live, 'MENTOR', q, '9');
    push({ seq: '41' });
    push({ seq: '42' });
    await settle();

    expect(delivery.stats()).toMatchObject({ executions: 4, shared: 8, single: 0, shapes: 2 });
    const body = (raw: string) => raw.replace(/^\{"id":"\d+",/, '');
    expect(staff.map((s) => s.socket.sent.map(body))).toEqual([0, 1, 2].map(() => staff[0].socket.sent.map(body)));
    expect(staff[1].socket.sent[0]).toBe('{"id":"2","type":"next","payload":{"data":{"caseloadEvents":{"seq":"41","summary":"41 for CASEWORKER"}}}}');
    expect(mentor.socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.summary)).toEqual(['41 for MENTOR', '42 for MENTOR']);
    end();
    await Promise.all([...staff, mentor].map((s) => s.done));
    expect(delivery.stats().shapes).toBe(0);
  });

  it('a result with errors, a stream end and a document that may differ per viewer go through graphql-ws, in order', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role);
    const a = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq summary } }', '1');
    const b = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq summary } }', '2');
    const other = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq mine } }', '3');
    push({ seq: '1' });
    push({ seq: '2', fail: true });
    push({ seq: '3' });
    await settle();
    for (const s of [a, b]) {
      expect(s.socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.seq)).toEqual(['1', '3']);
      expect(s.handedBack).toHaveLength(1);
      expect(s.handedBack[0].errors?.[0].message).toBe('broken');
    }
    // Not shareable: every event executes for this subscriber alone and goes through graphql-ws.
    expect(other.socket.sent).toEqual([]);
    expect(other.handedBack.map((r) => r.data?.caseloadEvents ?? r.errors?.[0].message)).toEqual([{ seq: '1', mine: 'CASEWORKER' }, { seq: '2', mine: 'CASEWORKER' }, { seq: '3', mine: 'CASEWORKER' }]);
    expect(delivery.stats()).toMatchObject({ executions: 6, shared: 4, single: 5 });
    end();
    await Promise.all([a.done, b.done, other.done]);
  });

  it('shares one fan-out of an event; the same seq read again later (a replay) is executed again, as things stand then', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role);
    const q = 'subscription { caseloadEvents { seq summary } }';
    const subs = await Promise.all(['1', '2'].map((id) => open(delivery, live, 'CASEWORKER', q, id)));
    push({ seq: '7' });
    await settle();
    expect(delivery.stats()).toMatchObject({ executions: 1, shared: 2 });
    push({ seq: '7' });
    await settle();
    expect(delivery.stats()).toMatchObject({ executions: 2, shared: 4 });
    end();
    await Promise.all(subs.map((s) => s.done));
  });

  it('the events of one turn leave in one write; a client that does not read: the next message waits until the connection drained', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role);
    const { socket } = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq } }', '1');
    push({ seq: '1' });
    push({ seq: '2' });
    await settle();
    expect(socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.seq)).toEqual(['1', '2']);
    expect(socket.writes).toBe(1);

    socket.writableLength = 10 * 1024 * 1024;
    push({ seq: '3' });
    push({ seq: '4' });
    await settle();
    expect(socket.sent).toHaveLength(3);
    socket.writableLength = 0;
    socket.emit('drain');
    await settle();
    expect(socket.sent).toHaveLength(4);
    end();
  });

  it('frames messages of every length as RFC 6455 says: 7-bit, 16-bit and 64-bit lengths', () => {
    const prefix = Buffer.from('{"id":"1","type":"next","payload":');
    const lengths = [10, 300, 70_000].map((n) => {
      const frame = textFrame(prefix, Buffer.from(JSON.stringify('x'.repeat(n))));
      const header = frame[1] === 127 ? 10 : frame[1] === 126 ? 4 : 2;
      const length = header === 10 ? Number(frame.readBigUInt64BE(2)) : header === 4 ? frame.readUInt16BE(2) : frame[1];
      expect(JSON.parse(frame.subarray(header).toString()).payload).toBe('x'.repeat(n));
      return { header, fits: length === frame.length - header, fin: frame[0] };
    });
    expect(lengths).toEqual([{ header: 2, fits: true, fin: 0x81 }, { header: 4, fits: true, fin: 0x81 }, { header: 10, fits: true, fin: 0x81 }]);
  });
});

describe('a live event whose read meets a busy pool', () => {
  // A real pool on the test PostgreSQL: one connection, held by the test, so a read waits for it
  // and gets pg-pool's own timeout, as the app's pool gives it after its connect timeout.
  let pool: Pool;
  beforeAll(async () => {
    // The wait is short, so the one connection is opened here and kept (idleTimeoutMillis 0): on
    // a busy machine opening it can take longer than the wait, which is not what is tested.
    pool = new Pool({ connectionString: adminUrl(), max: 1, connectionTimeoutMillis: 50, idleTimeoutMillis: 0 });
    for (let attempt = 1; ; attempt++) {
      try {
        (await pool.connect()).release();
        return;
      } catch (error) {
        if (attempt === 100) throw error;
      }
    }
  });
  afterAll(() => pool.end());

  const readOne = async (): Promise<number> => {
    const client = await pool.connect();
    try {
      return (await client.query('SELECT 1 AS one')).rows[0].one;
    } finally {
      client.release();
    }
  };
  const delivered = (s: { socket: FakeStream; handedBack: ExecutionResult[] }) => s.socket.sent.length + s.handedBack.length;
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('waits for a connection and reaches every subscriber, in order, instead of arriving as an error', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role, isPoolWaitTimeout);
    const q = 'subscription { caseloadEvents { seq summary } }';
    const shared = await Promise.all(['1', '2'].map((id) => open(delivery, live, 'CASEWORKER', q, id)));
    const alone = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq mine summary } }', '3');
    let held: PoolClient | null = await pool.connect();
    let timeouts = 0;
    // The pool frees up once a read has timed out: the next attempt gets the connection.
    const read = () =>
      readOne().catch((err) => {
        timeouts++;
        held?.release();
        held = null;
        throw err;
      });
    push({ seq: '7', read });
    push({ seq: '8' });
    await until('both events at all three', () => [...shared, alone].every((s) => delivered(s) === 2));

    expect(timeouts).toBeGreaterThanOrEqual(1);
    for (const s of shared) {
      expect(s.handedBack).toEqual([]);
      expect(s.socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.summary)).toEqual(['7 for CASEWORKER', '8 for CASEWORKER']);
    }
    expect(alone.handedBack.map((r) => [r.errors, (r.data?.caseloadEvents as { seq: string }).seq])).toEqual([[undefined, '7'], [undefined, '8']]);
    expect(delivery.stats().retried).toBe(timeouts);
    end();
    await Promise.all([...shared, alone].map((s) => s.done));
  });

  it('a pool that stays busy: after a few attempts the error goes out and the stream goes on; other errors are not retried', async () => {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role, isPoolWaitTimeout);
    const s = await open(delivery, live, 'CASEWORKER', 'subscription { caseloadEvents { seq summary } }', '1');
    const held = await pool.connect();
    try {
      push({ seq: '1', read: readOne });
      push({ seq: '2', fail: true });
      push({ seq: '3' });
      await until('three events', () => delivered(s) === 3);
    } finally {
      held.release();
    }
    expect(s.handedBack.map((r) => r.errors?.[0].message)).toEqual(['timeout exceeded when trying to connect', 'broken']);
    expect(s.socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.seq)).toEqual(['3']);
    // Four attempts at the first, one each for the others.
    expect(delivery.stats()).toMatchObject({ executions: 6, retried: 3 });
    end();
    await s.done;
  });
});

describe('a burst of live events through the gate', () => {
  // A real pool of three on the test PostgreSQL. Each event is read once per shape (here, per
  // role), each read takes 100 ms: a burst of four events to five shapes is twenty reads. The
  // reads are long beside the request's own round trip, which a loaded machine can stretch to
  // tens of milliseconds: more than one read ending during it means it waited for one.
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: adminUrl(), max: 3, connectionTimeoutMillis: 5_000 });
  });
  afterAll(() => pool.end());

  async function burst(gate: FairGate | undefined) {
    const { live, push, end } = liveSchema();
    const delivery = new SharedDelivery(live, (e) => (e as { seq?: string }).seq ?? null, (c) => (c as { role: string }).role, isPoolWaitTimeout, gate);
    const roles = ['CASEWORKER', 'COORDINATOR', 'MENTOR', 'LEADER', 'ADMIN'];
    const subs = await Promise.all(roles.map((role, i) => open(delivery, live, role, 'subscription { caseloadEvents { seq summary } }', String(i))));
    let reading = 0;
    let most = 0;
    let done = 0;
    const read = async () => {
      most = Math.max(most, ++reading);
      try {
        await pool.query('SELECT pg_sleep(0.1)');
      } finally {
        reading--;
        done++;
      }
    };
    for (const seq of ['1', '2', '3', '4']) push({ seq, read });
    // A request arrives once the burst is under way.
    while (done === 0) await new Promise((r) => setTimeout(r, 5));
    const before = done;
    await pool.query('SELECT 1');
    const readsWhileTheRequestWaited = done - before;
    while (subs.some((s) => s.socket.sent.length < 4)) await new Promise((r) => setTimeout(r, 10));
    for (const s of subs) expect(s.socket.sent.map((m) => JSON.parse(m).payload.data.caseloadEvents.seq)).toEqual(['1', '2', '3', '4']);
    end();
    await Promise.all(subs.map((s) => s.done));
    return { most, readsWhileTheRequestWaited, reads: done };
  }

  it('holds at most the gate\'s width of connections, so a request meanwhile is not queued behind the burst', async () => {
    const gated = await burst(new FairGate(1));
    expect(gated.reads).toBe(20);
    expect(gated.most).toBe(1);
    // The request found an idle connection: no read of the burst had to end first (one may
    // end by chance during the request's own millisecond).
    expect(gated.readsWhileTheRequestWaited).toBeLessThanOrEqual(1);

    // Without the gate all five shapes read at once, three on the pool and two in its
    // queue, and the request queues behind them.
    const ungated = await burst(undefined);
    expect(ungated.most).toBe(5);
    expect(ungated.readsWhileTheRequestWaited).toBeGreaterThanOrEqual(2);
  });
});
