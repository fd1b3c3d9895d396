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
  try {
    const client = (await runner.connect()) as PipelineClient;
    const [result] = await sendStatements(client, [{ sql, params }], options);
    return result.rows;
  } catch (err) {
    // What PostgreSQL answered (its error, with its code). A connection that was lost
    // meanwhile is not handed out again: the pool drops a client that has ended.
    throw err instanceof StatementBatchFailed ? err.error : err;
  } finally {
    await runner.release();
  }
}

/** queryOnPool as a Queryable: what a loader built for a DataSource or a transaction takes. */
export function poolQueryable(ds: DataSource, options: BatchOptions): Queryable {
  return options.prepare ? { query: (sql, params) => queryOnPool(ds, sql, params ?? [], options) } : ds;
}
