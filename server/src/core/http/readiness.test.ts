import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * /readyz is what a load balancer or orchestrator acts on: "not ready" takes the instance out
 * of rotation. Every request connection busy is load, not an outage — the database answers —
 * and an instance that says "database unreachable" then is taken out exactly when the others
 * need it most (and all of them at once, under the same load).
 */
jest.setTimeout(30_000);

let db: TestDatabase;
let t: TestServer;
let locker: Client;
let observer: Client;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  t = await startTestServer({ db });
  locker = new Client({ connectionString: db.url });
  observer = new Client({ connectionString: db.url });
  await Promise.all([locker.connect(), observer.connect()]);
});

afterAll(async () => {
  await locker?.end().catch(() => undefined);
  await observer?.end();
  await t?.stop();
  await db?.drop();
});

it('stays ready, and says the database answers, while every request connection is busy', async () => {
  const bent = await t.login('bent');
  const { rows } = await observer.query(
    `SELECT i.id, i.version FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
      WHERE c.name LIKE 'Per%' AND i.unit_kind = 'SOCIAL' LIMIT 1`,
  );
  const target = rows[0] as { id: string; version: number };

  // Two saves of the same intervention wait on a row lock, each holding one of the pool's two connections.
  await locker.query('BEGIN');
  await locker.query('SELECT 1 FROM intervention WHERE id = $1 FOR UPDATE', [target.id]);
  const save = (title: string) =>
    t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`, { input: { id: target.id, expectedVersion: target.version, title } }, bent);
  const saves = [save('Bostøtte (1)'), save('Bostøtte (2)')];
  await (async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const waiting = await observer.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'samplan' AND wait_event_type = 'Lock'`, [db.name]);
      if (waiting.rowCount === 2) return;
      if (Date.now() > deadline) throw new Error('the two saves never waited on the lock');
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const ready = await fetch(`${t.url}/readyz`);
  expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied' } });

  await locker.query('COMMIT');
  const answers = await Promise.all(saves);
  // One save wins, the other was sent with the same version and is told of the conflict.
  expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
});
