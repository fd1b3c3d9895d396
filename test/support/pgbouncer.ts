import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * Debian's PgBouncer, run by a test as a process of its own: a generated ini on a free
 * port, transaction pooling, in front of the test PostgreSQL. Nothing of the system's
 * pgbouncer service is used (.ci/run installs the package without starting it).
 */
export interface PgBouncer {
  /** `target` with host and port replaced by the pooler's. */
  urlFor(target: string): string;
  /** The admin console (SHOW POOLS, SHOW STATS). */
  adminUrl: string;
  /** Everything PgBouncer logged. */
  log: string[];
  stop(): Promise<void>;
}

export const PGBOUNCER_CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];

/** The binary, or an error that says how to get it: a missing pooler fails the test, it does not skip it. */
export function pgbouncerBinary(): string {
  const found = PGBOUNCER_CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`PgBouncer is not installed (looked for ${PGBOUNCER_CANDIDATES.join(', ')}). Install Debian's package: apt-get install -y pgbouncer (.ci/run does this on a clean machine).`);
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port. */
async function reachable(port: number, proc: ChildProcess, log: string[]): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`pgbouncer exited with ${proc.exitCode}:\n${log.join('')}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`pgbouncer did not listen on ${port}:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts PgBouncer in transaction mode in front of the PostgreSQL of `target` (any database
 * on it), with at most `poolSize` server connections per database and user. A client waits
 * `queryWaitTimeout` seconds for a server connection (15 unless given; PgBouncer's own
 * default, which a deployment may well keep, is 120).
 */
export async function startPgBouncer(target: string, options: { poolSize: number; queryWaitTimeout?: number }): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  const t = new URL(target);
  const user = decodeURIComponent(t.username || 'postgres');
  const password = decodeURIComponent(t.password);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'samplan-pgbouncer-'));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  // PgBouncer refuses to run as root: then it runs as `postgres`, which must read the files.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'userlist.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      // Every database on the target server, logging in as the URL's user.
      `* = host=${t.hostname} port=${t.port || 5432} user=${user}${password ? ` password=${password}` : ''}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      // The clients are the test's own processes: no password check at the pooler.
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      `max_db_connections = ${options.poolSize}`,
      'max_client_conn = 500',
      'server_lifetime = 3600',
      // A client waiting for a server connection this long is told so, instead of waiting the default two minutes.
      `query_wait_timeout = ${options.queryWaitTimeout ?? 15}`,
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const log: string[] = [];
  const args = [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')];
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
  proc.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await reachable(port, proc, log);
  } catch (err) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const urlFor = (u: string) => {
    const out = new URL(u);
    out.hostname = '127.0.0.1';
    out.port = String(port);
    return out.toString();
  };
  return {
    urlFor,
    adminUrl: (() => {
      const u = new URL(urlFor(target));
      u.pathname = '/pgbouncer';
      return u.toString();
    })(),
    log,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
