import { randomBytes } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { mountReadiness } from './readiness';

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

/** A login role of its own for one test, with only what the probe reads granted; dropped after. */
async function withLoginRole(prefix: string, run: (role: string, url: URL) => Promise<void>) {
  const role = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = new URL(db.url);
  url.username = role;
  url.password = `${prefix}-pw`;
  await observer.query(`CREATE ROLE ${role} LOGIN PASSWORD '${prefix}-pw'`);
  await observer.query(`GRANT SELECT ON schema_migration TO ${role}`);
  try {
    await run(role, url);
  } finally {
    await observer.query(`DROP OWNED BY ${role}`);
    await observer.query(`DROP ROLE ${role}`);
  }
}

/** /readyz mounted alone on a server of its own with the given settings; `ask` probes it once. */
async function withReadinessProbe(
  settings: Parameters<typeof mountReadiness>[1],
  run: (ask: () => Promise<{ status: number; body: unknown }>) => Promise<void>,
  /** Called before the probe's pools close (e.g. to free connections a test holds, or closing waits on them). */
  release: () => void = () => undefined,
) {
  const app = express();
  const readiness = await mountReadiness(app, settings, db.dataSource);
  const http = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  const ask = async () => {
    const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/readyz`);
    return { status: res.status, body: await res.json() };
  };
  try {
    await run(ask);
  } finally {
    await new Promise((resolve) => http.close(resolve));
    release();
    await readiness.close().catch(() => undefined);
  }
}

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

/**
 * Every signed-in request switches to the role samplan_app (request-db.ts). A database
 * restored onto a new server without that role (pg_dump does not carry roles), or a login
 * role that is no member of it, fails every signed-in request while the database answers:
 * before, /readyz said ready all the same. Here the login role is one of its own, with only
 * what the probe reads granted, and first no membership in samplan_app.
 */
it('is not ready while the login role cannot switch to samplan_app, and ready once it can', () =>
  withLoginRole('samplan_t_ready', (role, url) =>
    withReadinessProbe({ databaseUrl: url.toString() }, async (ask) => {
      expect(await ask()).toEqual({ status: 503, body: { status: 'not ready', database: 'ok', migrations: 'applied', appRole: 'not granted' } });
      // A failed check is not kept: the role granted, the next probe sees it.
      await observer.query(`GRANT samplan_app TO ${role}`);
      expect(await ask()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied' } });
      // A passed one is kept for a while (ROLE_CHECK_VALID_MS): probes do not ask for the role each time.
      await observer.query(`REVOKE samplan_app FROM ${role}`);
      expect((await ask()).status).toBe(200);
    })));

/**
 * Behind a pooler, the direct connection (DATABASE_DIRECT_URL: LISTEN and migrations) answers
 * for the database while the pooler is too busy to. Its user need not be a member of
 * samplan_app, and often is not (the owner of the schema): checking the role on it made every
 * instance not ready at once whenever the pooler was busy. Here the pooler is a relay that
 * stops passing anything on, as one does whose every server connection is in a transaction.
 */
it('stays ready while the pooler is busy, though the direct user is no member of samplan_app', () =>
  withLoginRole('samplan_t_direct', async (_role, directUrl) => {
    // The "pooler": passes PostgreSQL's bytes both ways until it is busy, then holds what it is sent.
    let busy = false;
    const held: Socket[] = [];
    const target = new URL(db.url);
    const pooler = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      held.push(client, server);
      client.on('data', (chunk) => {
        if (!busy) server.write(chunk);
      });
      server.on('data', (chunk) => client.write(chunk));
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => pooler.listen(0, '127.0.0.1', resolve));
    const poolerUrl = new URL(db.url);
    poolerUrl.host = `127.0.0.1:${(pooler.address() as AddressInfo).port}`;
    try {
      await withReadinessProbe({ databaseUrl: poolerUrl.toString(), databaseDirectUrl: directUrl.toString() }, async (ask) => {
        // The requests' path (db.url's user) is a member: ready, asked through the pooler.
        expect(await ask()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied' } });
        busy = true;
        expect(await ask()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied', pooler: 'busy' } });
      }, () => held.forEach((socket) => socket.destroy()));
    } finally {
      await new Promise((resolve) => pooler.close(resolve));
    }
  }));
