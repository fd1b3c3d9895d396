import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { withDatabase } from '../core/db/database-url';
import { createAppDataSource } from '../app-modules';
import { migrateUnderLock } from '../core/db/migrate';
import { seedDemoIfEmpty } from '../seed/demo-seed';

export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  // Not a server setting (core/config.ts): jest's global setup hands over the test PostgreSQL here.
  const url = process.env.SAMPLAN_TEST_ADMIN_URL;
  if (!url) throw new Error('SAMPLAN_TEST_ADMIN_URL is not set: run tests through jest (test/support/global-setup.mjs)');
  return url;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database of its own for one test file (no migrations). */
export async function createEmptyDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `samplan_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(adminUrl(), name),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(options: { poolSize?: number; onQuery?: (sql: string) => void; connectionWaitMs?: number } = {}): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const dataSource = createAppDataSource(empty.url, { poolSize: options.poolSize ?? 10, onQuery: options.onQuery, connectionWaitMs: options.connectionWaitMs });
  await dataSource.initialize();
  await migrateUnderLock(dataSource);
  return {
    ...empty,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await empty.drop();
    },
  };
}

/**
 * One migration on data as it was before it: a fresh database with the demo seed, the
 * migration undone, and `test` given a runner on it to write the rows of before, run the
 * migration's `up` and look; the database is dropped after.
 */
export async function onDataBefore<M extends MigrationInterface>(migration: M, test: (runner: QueryRunner, migration: M) => Promise<void>): Promise<void> {
  const db = await createTestDatabase();
  try {
    await seedDemoIfEmpty(db.dataSource, { now: () => new Date() });
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await test(runner, migration);
    } finally {
      await runner.release();
    }
  } finally {
    await db.drop();
  }
}
