import { print, type DocumentNode } from 'graphql';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ensureDatabase } from '../server/src/core/db/bootstrap-db';
import { createAppDataSource } from '../server/src/app-modules';
import { withDatabase } from '../server/src/core/db/database-url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/src/core/db/embedded';
import { migrateUnderLock } from '../server/src/core/db/migrate';

/** bench/dist/bench/*.js -> the repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface BenchDatabase {
  url: string;
  dataSource: DataSource;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

/**
 * The benchmark's database: DATABASE_URL when set (used as is), otherwise an embedded
 * PostgreSQL of its own with its data in .data/bench-pg (kept between runs, so the data
 * set is generated once) and a database named samplan_bench. Migrated, never synchronized.
 */
export async function openBenchDatabase(poolSize = 10): Promise<BenchDatabase> {
  let url = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, '.data', 'bench-pg'), log });
    url = withDatabase(embedded.url, 'samplan_bench');
    log(`embedded PostgreSQL for the benchmark, data in ${embedded.dataDir}`);
  }
  await ensureDatabase(url);
  const dataSource = createAppDataSource(url, { poolSize, applicationName: 'samplan-bench' });
  await dataSource.initialize();
  const { applied } = await migrateUnderLock(dataSource);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  return {
    url,
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * A database of its own for one benchmark run, dropped afterwards: in DATABASE_URL's server
 * when set, else in an embedded PostgreSQL in the temp folder (default durability).
 */
export async function scratchDatabase(log: (m: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const name = `samplan_bench_${randomBytes(4).toString('hex')}`;
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded = async (): Promise<void> => undefined;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `samplan-bench-pg-${process.pid}`), persistent: false, log });
    log(`embedded PostgreSQL in ${pg.dataDir} (default durability: fsync and synchronous_commit on)`);
    adminUrl = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const admin = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    async stop() {
      const c = new Client({ connectionString: withDatabase(adminUrl!, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stopEmbedded();
    },
  };
}

/**
 * One of the client's documents with its fragments (e.g. "PlanPageDocument"), as codegen wrote
 * it into client/src/gql/graphql.ts (an ES module the bench, CommonJS, cannot require: read as text).
 */
export function clientDocument(name: string): string {
  const source = readFileSync(path.join(ROOT, 'client', 'src', 'gql', 'graphql.ts'), 'utf8');
  const m = new RegExp(`export const ${name} = (\\{.*?\\}) as unknown as`).exec(source);
  if (!m) throw new Error(`${name} not found in client/src/gql/graphql.ts (run the client codegen)`);
  return print(JSON.parse(m[1]) as DocumentNode);
}
