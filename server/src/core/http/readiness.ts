import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';

/** Longer than this and the answer is "not ready": a probe that hangs tells the balancer nothing. */
const READINESS_TIMEOUT_MS = 3_000;

export interface Readiness {
  close(): Promise<void>;
}

/**
 * `/readyz`, what a load balancer or orchestrator acts on: is the database reachable along the
 * requests' own path (DATABASE_URL, a pooler included), and are the migrations applied? It asks
 * over a connection of its own. Through the request pool, a probe waited behind the requests
 * and, with every connection busy, answered "database unreachable" after the pool's 3 s: the
 * instance was taken out of rotation for being under load — every instance at once, under the
 * same load — while the database answered. Busy is not down; a request that cannot get a
 * connection in time is answered SERVICE_UNAVAILABLE on its own.
 */
export async function mountReadiness(app: Express, databaseUrl: string | undefined, requestPool: DataSource): Promise<Readiness> {
  const own = databaseUrl ? createDataSource(databaseUrl, { entities: [], poolSize: 1, applicationName: 'samplan-readiness' }) : undefined;
  if (own) await own.initialize();
  const probe = own ?? requestPool;

  const check = async (): Promise<'applied' | 'pending'> => {
    await probe.query('SELECT 1');
    return (await probe.showMigrations()) ? 'pending' : 'applied';
  };

  app.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('readiness probe timed out')), READINESS_TIMEOUT_MS);
    });
    try {
      const migrations = await Promise.race([check(), timedOut]);
      if (migrations === 'pending') res.status(503).json({ status: 'not ready', database: 'ok', migrations });
      else res.json({ status: 'ready', database: 'ok', migrations });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  });

  return {
    close: async () => {
      if (own?.isInitialized) await own.destroy();
    },
  };
}
