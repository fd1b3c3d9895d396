import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { appModules, createAppDataSource } from '../../server/src/app-modules';
import { createTokenVerifier } from '../../server/src/core/auth/tokens';
import { freePort } from '../../server/src/core/db/embedded';
import { migrateUnderLock } from '../../server/src/core/db/migrate';
import { startServer, type RunningServer } from '../../server/src/core/http/app';
import { createLogger } from '../../server/src/core/logging/logger';
import { seedDemoIfEmpty } from '../../server/src/seed/demo-seed';
import { testConfig } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, actorOf, planIdOf, setCoordinator, waitFor, writeEvent } from './live-kit';

/**
 * A real database restart under a live subscription: the server stays up, its LISTEN
 * connection is lost and comes back by itself, and the subscriber ends with every event,
 * in order — also the one committed after the restart but before the listener returned.
 */
jest.setTimeout(120_000);

let cluster: ChildProcess;
let server: RunningServer;
let client: LiveClient;
const dataSource = { current: undefined as ReturnType<typeof createAppDataSource> | undefined };

function tell(msg: 'stop' | 'start' | 'exit', reply?: 'up' | 'down'): Promise<void> {
  return new Promise((resolve) => {
    if (reply) cluster.once('message', () => resolve());
    cluster.send(msg);
    if (!reply) resolve();
  });
}

beforeAll(async () => {
  const port = await freePort();
  cluster = fork(path.join(__dirname, 'support', 'pg-cluster.mjs'), [String(port)], { stdio: 'ignore' });
  await new Promise((resolve) => cluster.once('message', resolve));
  const admin = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE samplan');
  await admin.end();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/samplan`;
  const ds = createAppDataSource(url);
  dataSource.current = ds;
  await ds.initialize();
  await migrateUnderLock(ds);
  await seedDemoIfEmpty(ds, { now: () => new Date() });
  const config = testConfig(url);
  server = await startServer(
    { dataSource: ds, config, clock: { now: () => new Date() }, logger: createLogger('silent'), tokens: createTokenVerifier(config.auth), modules: appModules },
    { port: 0, host: '127.0.0.1' },
  );
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  await dataSource.current?.destroy();
  await tell('exit');
});

it('after a database restart the listener reconnects by itself and the subscriber misses nothing', async () => {
  const ds = dataSource.current!;
  const per = await planIdOf(ds, 'Per');
  await setCoordinator(ds, per.id, 'anna');
  const anna = await actorOf(ds, 'anna');
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { devLogin(username: "anna") { token } }` }),
  });
  const token = ((await res.json()) as { data: { devLogin: { token: string } } }).data.devLogin.token;
  client = await LiveClient.connect(server.url, token);
  const sub = client.subscribe(CASELOAD_EVENTS);
  await waitFor('attached', () => server.feed.stats().listeners === 1);
  const before = await writeEvent(ds, per, anna, 'before the restart');
  await waitFor('the first event', () => sub.has(before));

  await tell('stop', 'down');
  await waitFor('the feed to notice', () => !server.feed.stats().listening);
  await tell('start', 'up');
  // Written as soon as the database is back: the poll or the returning listener picks it up.
  const after = await waitForWrite(() => writeEvent(ds, per, anna, 'right after the restart'));
  await waitFor('the listener to come back', () => server.feed.stats().listening, 30_000);
  await waitFor('the event written during the outage of the listener', () => sub.has(after), 30_000);
  const last = await writeEvent(ds, per, anna, 'once listening again');
  await waitFor('the last event', () => sub.has(last));
  expect(sub.seqs()).toEqual([before, after, last]);
  expect(sub.errors).toEqual([]);
  expect(client.closeCode).toBeNull();
});

/** The pool drops its dead connections on first use after a restart: retry briefly. */
async function waitForWrite(write: () => Promise<string>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
