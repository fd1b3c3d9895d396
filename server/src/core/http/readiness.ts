import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { APP_ROLE } from '../db/request-db';

/** Longer than this and the answer is "not ready": a probe that hangs tells the balancer nothing. */
const READINESS_TIMEOUT_MS = 3_000;

/**
 * How long a passed check of the requests' role holds: roles seldom change, and a balancer
 * probes every few seconds. A failed check is not kept, so a repaired role is seen at once.
 */
const ROLE_CHECK_VALID_MS = 60_000;

export interface Readiness {
  close(): Promise<void>;
}

/**
 * Whether the login role may switch to the role every signed-in request runs as: 'missing'
 * when the role does not exist (a database restored onto a new server without the cluster's
 * roles: pg_dump does not carry them), 'not granted' when the login role is not a member.
 */
type AppRole = 'usable' | 'missing' | 'not granted';

/** What one probe found: the database's answer, or why there is none. */
type Probe = { kind: 'answered'; migrations: 'applied' | 'pending'; appRole: AppRole } | { kind: 'failed' } | { kind: 'timed-out' };

/** The SQLSTATE of a failed statement, as node-postgres gives it and TypeORM passes it on. */
const sqlStateOf = (err: unknown): string | undefined => (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;

/**
 * `/readyz`, what a load balancer or orchestrator acts on: is the database reachable along the
 * requests' own path (DATABASE_URL, a pooler included), and are the migrations applied? It asks
 * over a connection of its own. Through the request pool, a probe waited behind the requests
 * and, with every connection busy, answered "database unreachable" after the pool's 3 s: the
 * instance was taken out of rotation for being under load — every instance at once, under the
 * same load — while the database answered. Busy is not down; a request that cannot get a
 * connection in time is answered SERVICE_UNAVAILABLE on its own.
 *
 * Behind a pooler the same holds one step further: with every server connection of the pooler
 * in a transaction, the probe's statement waits in the pooler's queue like any request's. So
 * with DATABASE_DIRECT_URL set (another address), PostgreSQL is asked directly at the same
 * time: a pooler that does not answer in time while PostgreSQL does is busy, and the answer is
 * "ready" with `pooler: "busy"`. A pooler that refuses or fails is not ready, as before.
 *
 * An instance whose login role cannot switch to `samplan_app` (request-db.ts) fails every
 * signed-in request while the database answers, so it is not ready either, with `appRole`
 * saying why. The check is the requests' own first statement, in a transaction of its own.
 */
export async function mountReadiness(
  app: Express,
  urls: { databaseUrl: string | undefined; databaseDirectUrl?: string | undefined },
  requestPool: DataSource,
): Promise<Readiness> {
  const { databaseUrl } = urls;
  const own = databaseUrl ? createDataSource(databaseUrl, { entities: [], poolSize: 1, applicationName: 'samplan-readiness' }) : undefined;
  const directUrl = urls.databaseDirectUrl && urls.databaseDirectUrl !== databaseUrl ? urls.databaseDirectUrl : undefined;
  const direct = directUrl ? createDataSource(directUrl, { entities: [], poolSize: 1, applicationName: 'samplan-readiness-direct' }) : undefined;
  if (own) await own.initialize();
  if (direct) await direct.initialize();
  const viaRequestsPath = own ?? requestPool;
  const roleUsableUntil = new Map<DataSource, number>();

  /** Asks the database in any case: it stands for `SELECT 1` while the role's last check holds. */
  const appRoleOf = async (ds: DataSource): Promise<AppRole> => {
    if ((roleUsableUntil.get(ds) ?? 0) > Date.now()) {
      await ds.query('SELECT 1');
      return 'usable';
    }
    try {
      // `true`: for this statement's own transaction only, so the connection keeps its login role.
      await ds.query(`SELECT set_config('role', $1, true)`, [APP_ROLE]);
    } catch (err) {
      const state = sqlStateOf(err);
      if (state === '22023') return 'missing';
      if (state === '42501') return 'not granted';
      throw err;
    }
    roleUsableUntil.set(ds, Date.now() + ROLE_CHECK_VALID_MS);
    return 'usable';
  };

  /**
   * `checksRole`: only the requests' own path switches to the role. The direct connection's user
   * (DATABASE_DIRECT_URL: LISTEN and migrations) need not be a member, and it answers for the
   * requests' path only while the pooler is too busy to: then it tells that the database is
   * there and migrated, and the role stands as the requests' path last found it.
   */
  const probe = async (ds: DataSource, checksRole = true): Promise<Probe> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Probe>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timed-out' }), READINESS_TIMEOUT_MS);
    });
    const asked = (async (): Promise<Probe> => {
      const appRole: AppRole = checksRole ? await appRoleOf(ds) : (await ds.query('SELECT 1'), 'usable');
      return { kind: 'answered', migrations: (await ds.showMigrations()) ? 'pending' : 'applied', appRole };
    })().catch((err: unknown): Probe =>
      // The probe's one connection still waits for an earlier probe's statement: no answer yet.
      err instanceof Error && /timeout exceeded when trying to connect/i.test(err.message) ? { kind: 'timed-out' } : { kind: 'failed' },
    );
    try {
      return await Promise.race([asked, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  app.get('/readyz', async (_req, res) => {
    const [path, behind] = await Promise.all([probe(viaRequestsPath), direct ? probe(direct, false) : Promise.resolve(undefined)]);
    const notReady = (p: { migrations: string; appRole: AppRole }) =>
      res.status(503).json({ status: 'not ready', database: 'ok', migrations: p.migrations, ...(p.appRole === 'usable' ? {} : { appRole: p.appRole }) });
    if (path.kind === 'answered') {
      if (path.migrations === 'pending' || path.appRole !== 'usable') notReady(path);
      else res.json({ status: 'ready', database: 'ok', migrations: path.migrations });
    } else if (path.kind === 'timed-out' && behind?.kind === 'answered' && behind.migrations === 'applied') {
      res.json({ status: 'ready', database: 'ok', migrations: behind.migrations, pooler: 'busy' });
    } else {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  return {
    close: async () => {
      if (own?.isInitialized) await own.destroy();
      if (direct?.isInitialized) await direct.destroy();
    },
  };
}
