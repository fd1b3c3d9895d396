import { Client } from 'pg';
import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { LiveClient, PLAN_EVENTS, waitFor } from '../live/live-kit';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer';
import { spawnServer, type SpawnedServer } from '../support/spawn-server';

/**
 * Samplan behind PgBouncer in transaction mode, the common setup of managed PostgreSQL:
 * two server instances send their requests through the pooler (DATABASE_URL), which has
 * two server connections for the whole database, and LISTEN and migrations go directly to
 * PostgreSQL (DATABASE_DIRECT_URL). Each request sets its role and municipality for its
 * own transaction only, so whichever client the pooler hands a server connection to next
 * finds nothing left of the previous one.
 */
jest.setTimeout(120_000);

const SECRET = 'pooler-test-secret-0123456789-0123456789-0123';
const POOL = 2;
let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
let bouncer: PgBouncer;
let pooledUrl: string;
let direct: Client;
const servers: SpawnedServer[] = [];
const clients: LiveClient[] = [];
const tokens: Record<string, string> = {};

async function gql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

beforeAll(async () => {
  db = await createEmptyDatabase();
  bouncer = await startPgBouncer(db.url, { poolSize: POOL });
  pooledUrl = bouncer.urlFor(db.url);
  const env = {
    DATABASE_URL: pooledUrl,
    DATABASE_DIRECT_URL: db.url,
    DEMO: '1',
    AUTH_SECRET: SECRET,
    DB_POOL_SIZE: '4',
    RATE_MUTATIONS_PER_MINUTE: '1000000', RATE_MUTATION_BURST: '1000000', RATE_AUTH_FAILURES: '1000000',
  };
  // One after the other: the first migrates and seeds (directly, under its lock).
  servers.push(await spawnServer(env));
  servers.push(await spawnServer(env));
  direct = new Client({ connectionString: db.url });
  await direct.connect();
  for (const u of ['anna', 'otto']) {
    const res = await gql<{ devLogin: { token: string } }>(servers[0].url, `mutation($u: String!) { devLogin(username: $u) { token } }`, { u });
    tokens[u] = res.data!.devLogin.token;
  }
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await direct?.end();
  await Promise.all(servers.map((s) => s.stop()));
  await bouncer?.stop();
  await db?.drop();
});

/** The pooler's own count of transactions it passed on (its admin console speaks the simple protocol only). */
async function pooledTransactions(): Promise<number> {
  const admin = new Client({ connectionString: bouncer.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('SHOW STATS');
    const row = rows.find((r: { database: string }) => r.database === db.name);
    return Number(row?.total_xact_count ?? 0);
  } finally {
    await admin.end();
  }
}

it('requests go through the pooler; LISTEN goes directly to PostgreSQL', async () => {
  const before = await pooledTransactions();
  const res = await gql<{ me: { name: string } }>(servers[1].url, `{ me { name } }`, {}, tokens.anna);
  expect(res.data?.me.name).toBe('Anna Holm');
  expect(await pooledTransactions()).toBeGreaterThan(before);
  // The pooler holds at most its two server connections; the feeds' LISTEN connections are their own.
  const { rows } = await direct.query(
    `SELECT count(*) FILTER (WHERE application_name = 'samplan-event-feed')::int AS feeds FROM pg_stat_activity WHERE datname = current_database()`,
  );
  expect(rows[0].feeds).toBe(2);
});

it('a change written through one instance reaches a subscriber of the other', async () => {
  const { rows: [target] } = await direct.query(
    // A running programme's: an ended one's plan can be read but no longer changed.
    `SELECT i.id, i.plan_id, i.version FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
      JOIN programme pr ON pr.id = p.programme_id AND pr.status = 'ACTIVE'
      JOIN unit u ON u.id = i.unit_id JOIN app_user a ON a.unit_id = u.id AND a.username = 'anna'
      JOIN plan_team_unit t ON t.plan_id = p.id AND t.unit_id = u.id
     ORDER BY i.id LIMIT 1`,
  );
  expect(target).toBeDefined();
  const subscriber = await LiveClient.connect(servers[1].url, tokens.anna);
  clients.push(subscriber);
  // From the current end of the log: whether the write lands before or after the
  // subscription attaches, it is delivered (by replay or live), and only once.
  const { rows: [{ max }] } = await direct.query(`SELECT COALESCE(max(seq), 0)::text AS max FROM plan_event`);
  const sub = subscriber.subscribe(PLAN_EVENTS, { planId: target.plan_id, after: max });
  const title = `Gennem pooleren ${Date.now()}`;
  const res = await gql<{ updateIntervention: { title: string } }>(
    servers[0].url,
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { title } }`,
    { input: { id: target.id, expectedVersion: target.version, title } },
    tokens.anna,
  );
  expect(res.errors).toBeUndefined();
  await waitFor('the event on the other instance', () => sub.events.some((e) => e.entityId === target.id && e.title === title));
});

it('row-level security holds through the pooler: one municipality never sees another\'s plan', async () => {
  const { rows: [svbPlan] } = await direct.query(`SELECT p.id FROM plan p JOIN municipality m ON m.id = p.municipality_id WHERE m.code = '0479' LIMIT 1`);
  const res = await gql(servers[0].url, `query($id: ID!) { plan(id: $id) { id citizen { name } } }`, { id: svbPlan.id }, tokens.anna);
  expect(res.data?.plan ?? null).toBeNull();
  expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const own = await gql<{ plan: { citizen: { name: string } } }>(servers[1].url, `query($id: ID!) { plan(id: $id) { citizen { name } } }`, { id: svbPlan.id }, tokens.otto);
  expect(own.data?.plan.citizen.name).toBe('Sofie Andersen');
});

it('refusals while every pooled connection is in a request\'s transaction: each is answered NOT_FOUND', async () => {
  // Another municipality's plan and intervention: the refusal names their citizen in the
  // access log, read past row-level security while the request's transaction holds its
  // pooled connection. Read through the pooler, that read waited for a connection only the
  // waiting requests could give back.
  const { rows: [foreign] } = await direct.query(
    `SELECT p.id AS plan, i.id AS intervention FROM plan p JOIN intervention i ON i.plan_id = p.id JOIN municipality m ON m.id = p.municipality_id WHERE m.code = '0479' LIMIT 1`,
  );
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? gql(servers[i % 4 < 2 ? 0 : 1].url, `query($id: ID!) { plan(id: $id) { id } }`, { id: foreign.plan }, tokens.anna)
        : gql(servers[i % 4 < 2 ? 0 : 1].url, `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`, { input: { id: foreign.intervention, expectedVersion: 1, title: 'Ikke din' } }, tokens.anna),
    ),
  );
  expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(Array(8).fill('NOT_FOUND'));
});

it('nothing of one request\'s role or municipality reaches the next client of a pooled connection', async () => {
  // The municipality's active staff: a citizen's own account is nobody's colleague.
  const staff = async (code: string) =>
    (await direct.query(`SELECT u.name FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.code = $1 AND u.deactivated_at IS NULL AND u.role <> 'CITIZEN' ORDER BY u.name`, [code])).rows.map((r) => r.name);
  const expected: Record<string, string[]> = { anna: await staff('0430'), otto: await staff('0479') };
  const QUERY = `{ me { name } colleagues { name } }`;
  // A client of the pooler outside any request: asks, over and over while the requests run,
  // what role and municipality the server connection it is handed carries.
  const outsider = new Client({ connectionString: pooledUrl });
  await outsider.connect();
  const seen = new Set<string>();
  let asking = true;
  const ask = (async () => {
    while (asking) {
      const { rows } = await outsider.query(`SELECT current_user AS who, coalesce(current_setting('samplan.municipality_id', true), '') AS m`);
      seen.add(`${rows[0].who}|${rows[0].m}`);
    }
  })();
  // Two municipalities' requests interleaved over both instances, through two server connections.
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => {
      const user = i % 2 === 0 ? 'anna' : 'otto';
      return gql<{ me: { name: string }; colleagues: Array<{ name: string }> }>(servers[i % 4 < 2 ? 0 : 1].url, QUERY, {}, tokens[user]).then((r) => ({ user, r }));
    }),
  );
  asking = false;
  await ask;
  await outsider.end();
  for (const { user, r } of answers) {
    expect(r.errors).toBeUndefined();
    expect({ user, colleagues: r.data!.colleagues.map((c) => c.name) }).toEqual({ user, colleagues: expected[user] });
  }
  expect([...seen]).toEqual(['postgres|']);
});

// Last: it stops the pooler.
it('the pooler gone: /readyz says not ready, though PostgreSQL itself answers', async () => {
  const ready = async () => {
    const res = await fetch(`${servers[0].url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.json() };
  };
  expect(await ready()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied' } });
  await bouncer.stop();
  await expect(direct.query('SELECT 1 AS n')).resolves.toMatchObject({ rows: [{ n: 1 }] });
  expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', database: 'unreachable' } });
});
