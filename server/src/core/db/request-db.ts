import type { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable, serviceUnavailable } from './availability';

/** The role requests run as: no BYPASSRLS, so row-level security always applies (migration 11). */
export const APP_ROLE = 'samplan_app';

export interface RequestDb {
  manager: EntityManager;
  release(): Promise<void>;
}

/**
 * One connection for one caller's request, running as the app role with the caller's
 * municipality set: whatever the application code does, PostgreSQL itself shows and
 * accepts only that municipality's rows. The settings are reset before the connection
 * goes back to the pool.
 */
export async function acquireRequestDb(ds: DataSource, municipalityId: string): Promise<RequestDb> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
  } catch (err) {
    await runner.release().catch(() => undefined);
    throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
  }
  try {
    await runner.query(`SELECT set_config('samplan.municipality_id', $1, false), set_config('role', '${APP_ROLE}', false)`, [municipalityId]);
  } catch (err) {
    await runner.release();
    throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
  }
  // Every resolver of the request shares this one connection, and node-postgres wants one
  // query at a time per client: queue them here (they would queue in the driver anyway).
  const send = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<typeof send>) => {
    const run = tail.then(() => send(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof runner.query;
  let released = false;
  return {
    manager: runner.manager,
    async release() {
      if (released) return;
      released = true;
      try {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.query(`RESET ROLE; RESET samplan.municipality_id`);
        await runner.release();
      } catch {
        // The reset did not run, so this connection may still carry the app role and a
        // municipality: it must never serve anyone else. Ending it makes the pool drop it.
        const client = (runner as unknown as { databaseConnection?: { end(): Promise<void> } }).databaseConnection;
        void client?.end().catch(() => undefined);
        await runner.release().catch(() => undefined);
      }
    },
  };
}
