import type { DataSource } from 'typeorm';
import type { Queryable } from './queryable';
import { sendStatements, StatementBatchFailed, type BatchOptions, type PipelineClient } from './statement-batch';

/**
 * One statement on a connection of the pool, outside any request's transaction, as
 * `DataSource.query` runs it and with the same rows; but a text marked keepPrepared is kept
 * prepared on the connection that runs it when `options.prepare` is set (the server's
 * DATABASE_PREPARED_STATEMENTS). For statements that run over and over off the request
 * path: the live feed reads `plan_event` after every change, and parsing and planning that
 * read cost PostgreSQL more than running it.
 */
export async function queryOnPool(ds: DataSource, sql: string, params: readonly unknown[], options: BatchOptions): Promise<any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!options.prepare) return ds.query(sql, params as unknown[]);
  const runner = ds.createQueryRunner();
  let failure: Error | undefined;
  try {
    const client = (await runner.connect()) as PipelineClient;
    const [result] = await sendStatements(client, [{ sql, params }], options);
    return result.rows;
  } catch (caught) {
    const err = caught instanceof StatementBatchFailed ? caught.error : caught;
    // PostgreSQL refused the statement (an ERROR): the connection is as good as before.
    // Anything else must not be handed out again: a FATAL answer (the session is being
    // ended, e.g. pg_terminate_backend) arrives before the socket closes, and a connection
    // released then would still look usable to the pool.
    if ((err as { severity?: unknown }).severity !== 'ERROR') failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    const releasing = runner as unknown as { releasePostgresConnection(err?: Error): Promise<void> };
    await (failure ? releasing.releasePostgresConnection(failure) : runner.release()).catch(() => undefined);
  }
}

/** queryOnPool as a Queryable: what a loader built for a DataSource or a transaction takes. */
export function poolQueryable(ds: DataSource, options: BatchOptions): Queryable {
  return options.prepare ? { query: (sql, params) => queryOnPool(ds, sql, params ?? [], options) } : ds;
}
