import type { DataSource } from 'typeorm';
import type { EnvConfig } from './config';
import { resolveDatabase, type DatabaseTarget } from './db/bootstrap-db';
import { createDataSource, type DataSourceOptions } from './db/data-source';
import { migrateUnderLock } from './db/migrate';
import { exitWithReason } from './exit-with-reason';

/**
 * What the operator's command-line tools share (`npm run setup`, `npm run import`): their
 * database, migrated first, and how they stop.
 */

/** A refusal the operator reads: one line, exit code 1. */
export class Refusal extends Error {}
/** A mistake in the arguments (or in the file they name): one line with the usage, exit code 2. */
export class UsageError extends Error {}

export interface OperatorDatabase {
  ds: DataSource;
  target: DatabaseTarget;
  /** The migrations this run applied. */
  applied: string[];
  close(): Promise<void>;
}

/**
 * DATABASE_URL, or the embedded PostgreSQL the server uses when that is unset, with the
 * pending migrations applied. Directly, not through a pooler: migrations hold a session-level
 * lock (core/db/migrate.ts).
 */
export async function openOperatorDatabase(config: EnvConfig, entities: DataSourceOptions['entities']): Promise<OperatorDatabase> {
  const target = await resolveDatabase(config, (m) => process.stderr.write(`${m}\n`));
  const ds = createDataSource(target.directUrl, { poolSize: 2, entities });
  await ds.initialize();
  const close = async () => {
    await ds.destroy();
    await target.embedded?.stop();
  };
  try {
    const { applied } = await migrateUnderLock(ds);
    return { ds, target, applied, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** How a tool stops on an error: a refusal or a usage mistake in one line (exit 1 or 2); anything else as exitWithReason says. */
export function exitForOperator(tool: string, err: unknown, logLevel: string | undefined): never {
  if (err instanceof Refusal || err instanceof UsageError) {
    process.stderr.write(`Samplan ${tool} refused: ${err.message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
  // An invalid setting, an unreachable database: one line, the stack only with LOG_LEVEL=debug.
  exitWithReason(`Samplan ${tool} failed`, err, logLevel);
}
