import net from 'node:net';
import { Client } from 'pg';
import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { WsClient } from '../../server/src/test-support/ws-client';
import { logRecords, spawnServer, type SpawnedServer } from '../support/spawn-server';
import { waitFor } from '../support/wait-for';

/**
 * SIGTERM on the real server process (`node server/dist/main.js`): it stops taking new
 * connections at once, closes WebSockets with 1001 "going away" so clients reconnect
 * elsewhere, lets the requests in flight finish (an HTTP write commits and its answer
 * arrives; a write sent over a WebSocket commits although its socket is closed), and exits
 * 0. The writes in flight are held on row locks by the test, so "in flight" is a fact
 * checked in pg_stat_activity, not a race.
 */
jest.setTimeout(90_000);

let db: { url: string; name: string; drop(): Promise<void> };
let server: SpawnedServer;
let pg: Client;
let locker: Client;

beforeAll(async () => {
  db = await createEmptyDatabase();
  server = await spawnServer({ DATABASE_URL: db.url, DEMO: '1', AUTH_SECRET: 'sigterm-test-secret-0123456789-0123456789' });
  pg = new Client({ connectionString: db.url });
  locker = new Client({ connectionString: db.url });
  await Promise.all([pg.connect(), locker.connect()]);
});

afterAll(async () => {
  await Promise.all([pg?.end(), locker?.end().catch(() => undefined)]);
  if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL');
  await db?.drop();
});

async function gql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<{ status: number; data?: T; errors?: unknown[] }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as { data?: T; errors?: unknown[] }) };
}

const login = async (u: string) => (await gql<{ devLogin: { token: string } }>(`mutation($u: String!) { devLogin(username: $u) { token } }`, { u })).data!.devLogin.token;

/** Resolves true when a new TCP connection to the server is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

/** The start in demo mode tells a newcomer whom to sign in as, in Danish as the interface is. */
it('prints the demo users with their role and unit in Danish', async () => {
  const line = await waitFor(() => server.lines.find((l) => l.startsWith('Demotilstand')), 10_000, 'the demo users line');
  expect(line).toBe(
    'Demotilstand — log ind som: anna (sagsbehandler, jobcenter), bent (sagsbehandler, socialforvaltningen), carla (sagsbehandler, sundhed), ' +
      'dorte (sagsbehandler, jobcenter), mikkel (mentor), lene (leder), ida (administrator), jonas (administrator), otto (sagsbehandler, jobcenter, en anden kommune), ' +
      'sif (administrator, en anden kommune), per (borger, Per Hansen)',
  );
});

it('stops taking requests, finishes those in flight (HTTP and WebSocket), closes sockets with 1001, exits 0, and loses no write', async () => {
  const [anna, bent] = [await login('anna'), await login('bent')];
  const [target] = (
    await pg.query(
      `SELECT i.id, i.version, i.plan_id FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
        WHERE c.name LIKE 'Per%' AND i.unit_kind = 'SOCIAL' LIMIT 1`,
    )
  ).rows as Array<{ id: string; version: number; plan_id: string }>;

  // A live subscriber, as the coordinator's open plan page is.
  const ws = await WsClient.connect(server.url, anna);
  const events: unknown[] = [];
  ws.subscribe(`subscription($p: ID!) { planEvents(planId: $p) { seq kind entityId } }`, { p: target.plan_id }, (r) => events.push(r));
  await waitFor(async () => (await pg.query(`SELECT 1 FROM audit_log WHERE action = 'SUBSCRIBE_PLAN_EVENTS'`)).rowCount, 10_000, 'the subscription');

  // A second write in flight arrives over a WebSocket (Dorte, an activity of the jobcenter).
  const [activity] = (
    await pg.query(
      `SELECT a.id, a.version FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1 AND i.unit_kind = 'EMPLOYMENT' LIMIT 1`,
      [target.plan_id],
    )
  ).rows as Array<{ id: string; version: number }>;
  const dorteWs = await WsClient.connect(server.url, await login('dorte'));

  // Hold the rows, then send the writes: they wait on the locks inside the server.
  await locker.query('BEGIN');
  await locker.query('SELECT 1 FROM intervention WHERE id = $1 FOR UPDATE', [target.id]);
  await locker.query('SELECT 1 FROM activity WHERE id = $1 FOR UPDATE', [activity.id]);
  const overSocket = dorteWs
    .request(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, {
      input: { id: activity.id, expectedVersion: activity.version, title: 'Skrevet over WebSocket under nedlukning' },
    })
    .then((r) => r, (err: Error) => err.message);
  const inFlight = gql<{ updateIntervention: { id: string; version: number; title: string } }>(
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version title } }`,
    { input: { id: target.id, expectedVersion: target.version, title: 'Bostøtte (skrevet under nedlukning)' } },
    bent,
  );
  await waitFor(
    async () => (await pg.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND application_name = 'samplan'`, [db.name])).rowCount === 2,
    10_000,
    'both writes to wait on their locks',
  );

  const signalledAt = Date.now();
  server.proc.kill('SIGTERM');

  // Sockets are told to go elsewhere at once, while the write is still held.
  expect(await ws.closed).toBe(1001);
  expect(ws.closeReason).toMatch(/going away/i);
  expect(await dorteWs.closed).toBe(1001);
  expect(await overSocket).toMatch(/socket closed 1001/); // its answer cannot arrive; its write must still land
  // No new connections.
  await waitFor(() => refused(server.url), 5_000, 'new connections to be refused');
  expect(server.proc.exitCode).toBeNull(); // still finishing the request in flight

  await locker.query('COMMIT');
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.updateIntervention).toEqual({ id: target.id, version: target.version + 1, title: 'Bostøtte (skrevet under nedlukning)' });

  const exit = await server.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(15_000);

  // The write, its audit row and its event all committed.
  const [row] = (await pg.query(`SELECT version, title FROM intervention WHERE id = $1`, [target.id])).rows;
  expect(row).toEqual({ version: target.version + 1, title: 'Bostøtte (skrevet under nedlukning)' });
  const written = await pg.query(`SELECT kind FROM plan_event WHERE entity_id = $1`, [target.id]);
  expect(written.rows).toEqual([{ kind: 'INTERVENTION_UPDATED' }]);
  expect((await pg.query(`SELECT 1 FROM audit_log WHERE action = 'UPDATE_INTERVENTION' AND entity_id = $1`, [target.id])).rowCount).toBe(1);
  // The write that came over the closed socket committed too.
  const [act] = (await pg.query(`SELECT version, title FROM activity WHERE id = $1`, [activity.id])).rows;
  expect(act).toEqual({ version: activity.version + 1, title: 'Skrevet over WebSocket under nedlukning' });
  expect((await pg.query(`SELECT 1 FROM plan_event WHERE entity_id = $1`, [activity.id])).rowCount).toBe(1);

  const logs = logRecords(server.lines);
  expect(logs.some((r) => r.msg === 'shutting down' && r.signal === 'SIGTERM')).toBe(true);
  expect(logs.filter((r) => Number(r.level) >= 50)).toEqual([]);
});
