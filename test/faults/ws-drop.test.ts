import net from 'node:net';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { WsClient, type WsResult } from '../../server/src/test-support/ws-client';
import { waitFor } from '../support/wait-for';

/**
 * A client whose connection goes silent for 30 seconds (a dead network, not a closed
 * socket: packets simply stop, through a proxy the test controls) while others keep
 * changing the plan through the API. It notices, reconnects with the last seq it saw
 * (afterSeq), and ends with exactly the state of a client that never dropped — and of a
 * fresh read. Meanwhile the server's keepalive finds the dead socket and lets go of it.
 *
 * SAMPLAN_DROP_SECONDS shortens the outage for a quick local run (default 30).
 */
const DROP_MS = Number(process.env.SAMPLAN_DROP_SECONDS ?? 30) * 1000;
jest.setTimeout(DROP_MS + 60_000);

let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'dorte']) tokens[u] = await t.login(u);
});
afterAll(() => t?.stop());

/** A TCP proxy that can go silent: bytes stop flowing both ways, sockets stay open. */
function silentProxy(target: number) {
  const pairs: Array<[net.Socket, net.Socket]> = [];
  let silent = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    pairs.push([client, upstream]);
    client.on('data', (d) => !silent && upstream.write(d));
    upstream.on('data', (d) => !silent && client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    listen: () => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port))),
    goSilent: () => (silent = true),
    close: () => {
      for (const [a, b] of pairs) (a.destroy(), b.destroy());
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

type Entity = Record<string, unknown> & { __typename: string; id: string; version?: number };

/** What a client holds: the plan as read, with each event's changed record folded in. */
class PlanMirror {
  readonly seqs: string[] = [];
  readonly entities = new Map<string, Entity>();

  constructor(snapshot: Entity[]) {
    for (const e of snapshot) this.put(e);
  }

  private put(e: Entity): void {
    const key = `${e.__typename}:${e.id}`;
    const have = this.entities.get(key);
    // Versions only grow: a replayed older record never overwrites a newer one.
    if (have?.version !== undefined && e.version !== undefined && e.version <= have.version) return;
    this.entities.set(key, { ...have, ...e });
  }

  apply(r: WsResult): void {
    const ev = (r.data as { planEvents?: { seq: string; record: Entity | null } } | undefined)?.planEvents;
    if (!ev) return;
    this.seqs.push(ev.seq);
    // An activity's status is aliased in the selection (a union cannot select two enums under one name).
    if (ev.record) {
      const { activityStatus, ...record } = ev.record as Entity & { activityStatus?: unknown };
      this.put(activityStatus === undefined ? record : { ...record, status: activityStatus });
    }
  }

  last(): string | undefined {
    return this.seqs[this.seqs.length - 1];
  }

  /** The fields both a fresh read and the events carry. */
  view(): Record<string, { version?: number; title?: unknown; status?: unknown }> {
    const out: Record<string, { version?: number; title?: unknown; status?: unknown }> = {};
    for (const [k, e] of [...this.entities].sort(([a], [b]) => a.localeCompare(b))) out[k] = { version: e.version, title: e.title, status: e.status };
    return out;
  }
}

const EVENTS = `subscription($p: ID!, $after: String) { planEvents(planId: $p, afterSeq: $after) {
  seq record { ... on Intervention { __typename id version title status } ... on Activity { __typename id version title activityStatus: status } } } }`;
const READ = `query($id: ID!) { plan(id: $id) {
  interventions { __typename id version title status }
  activities { __typename id version title status } } }`;

async function snapshot(planId: string): Promise<Entity[]> {
  const res = await t.gql<{ plan: { interventions: Entity[]; activities: Entity[] } }>(READ, { id: planId }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return [
    ...res.data!.plan.interventions,
    // Activities are Activity records in events too.
    ...res.data!.plan.activities.map((a) => ({ ...a, __typename: 'Activity' })),
  ];
}

it(`a client silent for ${DROP_MS / 1000} s while others write ends with the same state as one that never dropped`, async () => {
  const [{ id: planId }] = await t.db.dataSource.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Per%'`);
  const items: Array<{ id: string; version: number; unit: string; kind: 'intervention' | 'activity' }> = await t.db.dataSource.query(
    `SELECT i.id, i.version, i.unit_kind AS unit, 'intervention' AS kind FROM intervention i WHERE i.plan_id = $1
     UNION ALL SELECT a.id, a.version, i.unit_kind, 'activity' FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1`,
    [planId],
  );
  const proxy = silentProxy(t.server.port);
  const proxyUrl = `http://127.0.0.1:${await proxy.listen()}`;

  // Two views of the same plan: A directly, B through the proxy that will go silent.
  const start = await snapshot(planId);
  const a = new PlanMirror(start);
  const b = new PlanMirror(start);
  const wsA = await WsClient.connect(t.url, tokens.anna);
  const wsB1 = await WsClient.connect(proxyUrl, tokens.anna);
  wsA.subscribe(EVENTS, { p: planId }, (r) => a.apply(r));
  wsB1.subscribe(EVENTS, { p: planId }, (r) => b.apply(r));
  await waitFor(() => t.server.feed.stats().listeners === 2, 10_000, 'both subscriptions');

  // Others keep changing the plan: Bent (social) and Dorte (jobcenter), each on their unit's records.
  let writing = true;
  let writes = 0;
  const writer = async (user: 'bent' | 'dorte', unit: string) => {
    const mine = items.filter((i) => i.unit === unit);
    for (let n = 0; writing; n++) {
      const item = mine[n % mine.length];
      const mutation =
        item.kind === 'intervention'
          ? `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`
          : `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`;
      const res = await t.gql<Record<string, { version: number }>>(mutation, { input: { id: item.id, expectedVersion: item.version, title: `${user} ${n}` } }, tokens[user]);
      expect(res.errors).toBeUndefined();
      item.version = Object.values(res.data!)[0].version;
      writes++;
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const writers = [writer('bent', 'SOCIAL'), writer('dorte', 'EMPLOYMENT')];

  await waitFor(() => b.seqs.length >= 5, 10_000, 'B to see a few changes');
  // The network goes silent under B. B's last seen seq is all it has.
  proxy.goSilent();
  const silencedAt = Date.now();
  const writesBefore = writes;
  // The server's keepalive (graphql-ws pings every 12 s) finds the dead socket and detaches it.
  await waitFor(() => t.server.feed.stats().listeners === 1, DROP_MS + 30_000, 'the server to let go of the silent socket');
  const detachedAfterMs = Date.now() - silencedAt;
  await new Promise((r) => setTimeout(r, Math.max(0, DROP_MS - (Date.now() - silencedAt))));
  const missed = writes - writesBefore;

  // B gives up on the dead connection and reconnects (here: directly), from its last seq.
  const lastSeen = b.last()!;
  const wsB2 = await WsClient.connect(t.url, tokens.anna);
  wsB2.subscribe(EVENTS, { p: planId, after: lastSeen }, (r) => b.apply(r));
  await waitFor(() => t.server.feed.stats().listeners === 2, 10_000, 'B to be back');
  await new Promise((r) => setTimeout(r, 1000)); // a little more writing after the reconnect
  writing = false;
  await Promise.all(writers);

  const [{ max }] = await t.db.dataSource.query(`SELECT max(seq)::text AS max FROM plan_event WHERE plan_id = $1`, [planId]);
  await waitFor(() => a.last() === max && b.last() === max, 15_000, 'both clients to reach the last change');

  // Same events, in the same order, none twice, none missing; the same state; the same as a fresh read.
  expect(b.seqs).toEqual(a.seqs);
  expect(new Set(b.seqs).size).toBe(b.seqs.length);
  const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_event WHERE plan_id = $1 AND seq >= $2::bigint`, [planId, a.seqs[0]]);
  expect(a.seqs.length).toBe(n);
  expect(b.view()).toEqual(a.view());
  expect(b.view()).toEqual(new PlanMirror(await snapshot(planId)).view());
  expect(missed).toBeGreaterThan(10);

  process.stdout.write(
    `ws drop: silent ${DROP_MS / 1000} s; ${writes} writes in all, ${missed} while B was silent; server detached the dead socket after ${(detachedAfterMs / 1000).toFixed(1)} s; ` +
      `A and B each hold ${a.seqs.length} events and ${a.entities.size} records, identical\n`,
  );
  await Promise.all([wsA.close(), wsB2.close()]);
  wsB1.kill();
  await proxy.close();
});
