import { createDataSource } from './data-source';
import { migrateUnderLock } from './migrate';
import { migrations } from './migrations';
import { createEmptyDatabase } from '../../test-support/test-db';

// Two instances apply every migration from an empty database: seconds on a busy machine, more
// than jest's default 5 s once the other test files share the cores. Correctness, not speed.
jest.setTimeout(60_000);

describe('migrations at start', () => {
  it('two instances starting together on one empty database both come up; migrations run once', async () => {
    const db = await createEmptyDatabase();
    // Migrations are SQL of their own: no entities needed.
    const a = createDataSource(db.url, { entities: [], poolSize: 2 });
    const b = createDataSource(db.url, { entities: [], poolSize: 2 });
    await Promise.all([a.initialize(), b.initialize()]);
    try {
      const [ra, rb] = await Promise.all([migrateUnderLock(a), migrateUnderLock(b)]);
      // Exactly one of them applied everything; the other waited and found nothing pending.
      expect([ra.applied.length, rb.applied.length].sort()).toEqual([0, migrations.length]);
      const rows = await a.query('SELECT count(*)::int AS n FROM schema_migration');
      expect(rows[0].n).toBe(migrations.length);
      expect(await b.showMigrations()).toBe(false);
    } finally {
      await a.destroy();
      await b.destroy();
      await db.drop();
    }
  });
});
