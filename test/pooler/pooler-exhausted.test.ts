import { Client } from 'pg';
import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer';
import { spawnServer, type SpawnedServer } from '../support/spawn-server';
import { waitFor } from '../support/wait-for';

/**
 * Behind PgBouncer in transaction mode with every server connection in a transaction, a
 * new request waits in PgBouncer's queue for one — with PgBouncer's default settings up to
 * two minutes (`query_wait_timeout = 120`), while the browser shows nothing. Samplan's own
 * pool gives up on a connection after 3 s and answers SERVICE_UNAVAILABLE; a request waiting
 * in the pooler must be answered the same way, and Samplan must go on as before once the
 * pooler has connections again.
 */
jest.setTimeout(60_000);

const SECRET = 'pooler-exhausted-secret-0123456789-0123456789';
/** Far below PgBouncer's 120 s: an answer later than this is a request left hanging. */
const ANSWER_WITHIN_MS = 10_000;
let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
let bouncer: PgBouncer;
let server: SpawnedServer;
let direct: Client;
let locker: Client;

async function post(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  }).catch((err: Error) => {
    throw new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${err.message}`);
  });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...body };
}

beforeAll(async () => {
  db = await createEmptyDatabase();
  // Two server connections in all, and PgBouncer's own default wait.
  bouncer = await startPgBouncer(db.url, { poolSize: 2, queryWaitTimeout: 120 });
  server = await spawnServer({ DATABASE_URL: bouncer.urlFor(db.url), DATABASE_DIRECT_URL: db.url, DEMO: '1', AUTH_SECRET: SECRET, DB_POOL_SIZE: '6' });
  direct = new Client({ connectionString: db.url });
  locker = new Client({ connectionString: db.url });
  await Promise.all([direct.connect(), locker.connect()]);
});

afterAll(async () => {
  await locker?.end().catch(() => undefined);
  await direct?.end();
  await server?.stop();
  await bouncer?.stop();
  await db?.drop();
});

const login = async (username: string) => ((await post(`mutation($u: String!) { devLogin(username: $u) { token } }`, { u: username })).data!.devLogin as { token: string }).token;

it('answers SERVICE_UNAVAILABLE when the pooler has no connection to give, and serves again once it has', async () => {
  const [bent, anna] = [await login('bent'), await login('anna')];
  const { rows } = await direct.query(
    `SELECT i.id, i.version FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
      WHERE c.name LIKE 'Per%' AND i.unit_kind = 'SOCIAL' LIMIT 1`,
  );
  const target = rows[0] as { id: string; version: number };
  // Anna has just worked in Samplan: the instance knows who her token names (the actor
  // cache), so her next request needs the pooler only for its own transaction. Looking a
  // user up goes through the pooler outside any transaction, and is bounded by PgBouncer's
  // query_wait_timeout, which the README says to set.
  expect((await post(`{ myCaseload { id } }`, {}, anna)).errors).toBeUndefined();

  // Two saves wait on a row lock, each in a transaction on one of the pooler's two server connections.
  await locker.query('BEGIN');
  await locker.query('SELECT 1 FROM intervention WHERE id = $1 FOR UPDATE', [target.id]);
  const save = (title: string) =>
    post(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`, { input: { id: target.id, expectedVersion: target.version, title } }, bent);
  const saves = [save('Bostøtte (1)'), save('Bostøtte (2)')];
  await waitFor(
    async () => (await direct.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name])).rowCount === 2,
    10_000,
    'both saves to hold the pooler\'s connections',
  );

  // Anna opens her caseload: nothing in the pooler to run it on.
  const refused = await post(`{ myCaseload { id } }`, {}, anna);
  expect({ status: refused.status, code: refused.errors?.[0]?.extensions?.code, message: refused.errors?.[0]?.message }).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: 'Databasen er midlertidigt utilgængelig. Prøv igen om lidt.',
  });
  expect(refused.retryAfter).toBeTruthy();

  // Busy is not down: PostgreSQL answers directly, so the instance stays in rotation (every
  // instance behind the same pooler would otherwise be taken out at once). Asked twice: the
  // second probe finds the first one's statement still queued in the pooler.
  for (let i = 0; i < 2; i++) {
    const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied', pooler: 'busy' } });
  }

  // The held saves finish as they would have: one wins, the other is told of the conflict.
  await locker.query('COMMIT');
  const answers = await Promise.all(saves);
  expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);

  // And Anna's caseload opens when she tries again.
  const again = await post(`{ myCaseload { id } }`, {}, anna);
  expect(again.errors).toBeUndefined();
  expect((again.data!.myCaseload as unknown[]).length).toBeGreaterThan(0);
  await waitFor(async () => JSON.stringify(await (await fetch(`${server.url}/readyz`)).json()) === JSON.stringify({ status: 'ready', database: 'ok', migrations: 'applied' }), 10_000, 'the pooler to answer the probe itself again');
});
