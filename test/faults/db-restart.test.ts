import { Client } from 'pg';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { WsClient, type WsResult } from '../../server/src/test-support/ws-client';
import { ownPostgres, type OwnPostgres } from '../support/own-postgres';
import { waitFor } from '../support/wait-for';

/**
 * PostgreSQL stopped and started under a running server. A PostgreSQL of this test's own
 * (embedded, data in a temp folder, same port across the restart) — never the shared one.
 * During the outage: requests fail fast with SERVICE_UNAVAILABLE (503), /readyz says not
 * ready, the process stays up, the open WebSocket stays open. After: everything recovers
 * by itself — pool, readiness, the LISTEN connection — and the subscriber that lived
 * through the outage receives the next write, with no event missing.
 */
jest.setTimeout(120_000);

let pg: OwnPostgres;
let t: TestServer;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  pg = await ownPostgres();
  url = pg.url;
  t = await startTestServer({ db: pg.db });
  for (const u of ['anna', 'bent']) tokens[u] = await t.login(u);
});

afterAll(async () => {
  await t?.stop();
  await pg?.remove();
});

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await work();
  return { ms: Date.now() - started, value };
}

const UPDATE = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version } }`;

async function bostoette(): Promise<{ id: string; version: number; plan_id: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT i.id, i.version, i.plan_id FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
        WHERE c.name LIKE 'Per%' AND i.unit_kind = 'SOCIAL' LIMIT 1`,
    );
    return rows[0];
  } finally {
    await c.end();
  }
}

it('fails fast while PostgreSQL is down and recovers by itself, LISTEN included, with no event lost', async () => {
  const target = await bostoette();
  const feed = t.server.feed;

  // A subscriber that will live through the outage.
  const ws = await WsClient.connect(t.url, tokens.anna);
  const received: string[] = [];
  const frames: WsResult[] = [];
  ws.subscribe(`subscription($p: ID!) { planEvents(planId: $p) { seq kind entityId } }`, { p: target.plan_id }, (r) => {
    frames.push(r);
    const e = (r.data as { planEvents?: { seq: string } } | undefined)?.planEvents;
    if (e) received.push(e.seq);
  });
  await waitFor(() => feed.stats().listeners === 1, 10_000, 'the subscription to attach');

  const write = async (title: string, version: number) => t.gql<{ updateIntervention: { version: number } }>(UPDATE, { input: { id: target.id, expectedVersion: version, title } }, tokens.bent);
  const before = await write('Bostøtte (før)', target.version);
  expect(before.errors).toBeUndefined();
  await waitFor(() => received.length === 1, 10_000, 'the first event');
  expect(feed.stats().listening).toBe(true);

  // ---- PostgreSQL goes away ----
  await pg.stop();

  const seen: Record<string, number> = {};
  const ready = await timed(() => fetch(`${t.url}/readyz`));
  seen.readyzMs = ready.ms;
  expect(ready.value.status).toBe(503);
  expect(await ready.value.json()).toMatchObject({ status: 'not ready', database: 'unreachable' });
  expect(ready.ms).toBeLessThan(3_000);

  for (const [label, query, variables] of [
    ['read', `{ me { username } }`, {}],
    ['write', UPDATE, { input: { id: target.id, expectedVersion: before.data!.updateIntervention.version, title: 'Bostøtte (under nedbrud)' } }],
  ] as const) {
    const res = await timed(async () => {
      const r = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${label === 'read' ? tokens.anna : tokens.bent}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } };
    });
    expect({ label, status: res.value.status, code: res.value.body.errors?.[0].extensions?.code }).toEqual({ label, status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(res.value.retryAfter).toBeTruthy();
    expect(res.value.body.errors?.[0].message).toMatch(/utilgængelig/);
    expect(res.ms).toBeLessThan(3_000);
    seen[`${label}Ms`] = res.ms;
  }
  // The process is fine, and says so; the open socket stays open; a new one is asked to come back later.
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  const late = await WsClient.connect(t.url, tokens.anna);
  expect(await late.closed).toBe(1013);
  expect(ws.isOpen).toBe(true);
  await waitFor(() => !feed.stats().listening, 10_000, 'the feed to notice its LISTEN connection is gone');

  // A stream asked for on the open socket meanwhile ends as the server's trouble, which a
  // client asks for again (SERVICE_UNAVAILABLE), not as a refusal of its input.
  const refused: WsResult[] = [];
  ws.subscribe(`subscription($p: ID!) { planEvents(planId: $p) { seq } }`, { p: target.plan_id }, (r) => refused.push(r));
  await waitFor(() => refused.length > 0, 10_000, 'the stream asked for during the outage to end');
  expect(refused[0].errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(refused[0].errors?.[0].message).toMatch(/utilgængelig/);

  // ---- PostgreSQL is back (same data, same port) ----
  await pg.start();
  const back = Date.now();
  await waitFor(async () => (await fetch(`${t.url}/readyz`)).status === 200, 20_000, '/readyz to recover');
  seen.readyAgainMs = Date.now() - back;
  await waitFor(() => feed.stats().listening, 20_000, 'the LISTEN connection to come back');
  seen.listeningAgainMs = Date.now() - back;

  const after = await write('Bostøtte (efter)', before.data!.updateIntervention.version);
  expect(after.errors).toBeUndefined();
  await waitFor(() => received.length === 2, 10_000, 'the event written after the restart');

  // Exactly the plan's events, in order, none missing, no error frame, the socket never dropped.
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT seq::text FROM plan_event WHERE plan_id = $1 AND seq > $2::bigint ORDER BY seq`, [target.plan_id, String(BigInt(received[0]) - 1n)]);
  await c.end();
  expect(received).toEqual(rows.map((r: { seq: string }) => r.seq));
  expect(frames.filter((f) => f.type === 'error' || f.errors)).toEqual([]);
  expect(ws.isOpen).toBe(true);
  await ws.close();
  process.stdout.write(`db restart: ${JSON.stringify(seen)}; events ${JSON.stringify(received)}\n`);
});
