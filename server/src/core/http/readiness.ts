import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';

/** Longer than this and the answer is "not ready": a probe that hangs tells the balancer nothing. */
const READINESS_TIMEOUT_MS = 3_000;

export interface Readiness {
  close(): Promise<void>;
}

/** What one probe found: the database's answer, or why there is none. */
type Probe = { kind: 'answered'; migrations: 'applied' | 'pending' } | { kind: 'failed' } | { kind: 'timed-out' };

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

  const probe = async (ds: DataSource): Promise<Probe> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Probe>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timed-out' }), READINESS_TIMEOUT_MS);
    });
    const asked = (async (): Promise<Probe> => {
      await ds.query('SELECT 1');
      return { kind: 'answered', migrations: (await ds.showMigrations()) ? 'pending' : 'applied' };
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
    const [path, behind] = await Promise.all([probe(viaRequestsPath), direct ? probe(direct) : Promise.resolve(undefined)]);
    if (path.kind === 'answered') {
      if (path.migrations === 'pending') res.status(503).json({ status: 'not ready', database: 'ok', migrations: path.migrations });
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
