import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminUrl } from '../../test-support/test-db';
import { ensureDatabase } from './bootstrap-db';
import { withDatabase } from './database-url';

/**
 * Two instances started together against a database that does not exist yet both create it:
 * one wins, the other must take "it exists now" for an answer, whichever error PostgreSQL
 * gives it (42P04, or a unique violation on pg_database when both ran at the same moment).
 */
it('two instances creating the same database at once both go on', async () => {
  const names: string[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      const name = `samplan_t_boot_${randomBytes(4).toString('hex')}`;
      names.push(name);
      const url = withDatabase(adminUrl(), name);
      await expect(Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)])).resolves.toBeDefined();
    }
  } finally {
    const c = new Client({ connectionString: adminUrl() });
    await c.connect();
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
});
