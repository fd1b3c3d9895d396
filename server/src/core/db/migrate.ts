import { DataSource } from 'typeorm';

/** Any fixed number: the advisory-lock key that serialises migrations (and the demo seed) across instances. */
export const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Applies pending migrations while holding a session-level advisory lock, so that two
 * instances starting together do not race: the second waits, then finds nothing to do.
 * `afterMigrate` runs under the same lock (used to seed demo data once).
 */
export async function migrateUnderLock(
  dataSource: DataSource,
  afterMigrate?: (ds: DataSource) => Promise<void>,
): Promise<{ applied: string[] }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      if (afterMigrate) await afterMigrate(dataSource);
      return { applied: applied.map((m) => m.name) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
