import { QueryFailedError, QueryResult, type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../errors/app-errors';
import { isDatabaseUnavailable, serviceUnavailable } from './availability';
import { connectionWaitOf } from './data-source';
import type { Queryable } from './queryable';
import { isKept, keepPrepared, sendStatements, StatementBatchFailed, type BatchOptions, type PipelineClient, type Statement, type StatementResult } from './statement-batch';

/** The role requests run as: no BYPASSRLS, so row-level security always applies (migration 11). */
export const APP_ROLE = 'samplan_app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RequestDb {
  manager: EntityManager;
  /**
   * Ends the request's transaction with COMMIT and gives the connection back. Call it before
   * the answer is sent: a write (and its audit row) the caller is told about must have
   * committed. Throws SERVICE_UNAVAILABLE when the database is away, and a plain error when
   * the transaction could not commit (a statement failed and PostgreSQL rolled it all back).
   */
  commit(): Promise<void>;
  /**
   * Starts the COMMIT as commit() does, and resolves once it is written to PostgreSQL (or at
   * once when there is nothing to send), before PostgreSQL answers: what the caller does
   * meanwhile (serialising the answer) overlaps PostgreSQL flushing the commit to disk.
   * Never rejects; commit() gives the outcome, and the answer must wait for it.
   */
  sendCommit(): Promise<void>;
  /** Resolves once the transaction has ended, however it ended (committed, rolled back, failed); never rejects. */
  whenEnded(): Promise<void>;
  /** Rolls back whatever was not committed and gives the connection back; safe after commit and more than once. */
  release(): Promise<void>;
  /**
   * The caller went away before its answer: rolls back as release() does, and from then on
   * every statement asked for, and the commit, fail with RequestAbandoned, so the code still
   * running for the request stops at its next statement and is known to have stopped for
   * that reason (not for a fault of its own). When the COMMIT had already gone out, the
   * transaction ends as that COMMIT ends and nothing is marked.
   */
  abandon(): Promise<void>;
  /** True once abandon() rolled the transaction back (the caller went away before its COMMIT was sent). */
  readonly abandoned: boolean;
  /** True once a statement has run (a connection was taken and the transaction begun). */
  readonly used: boolean;
  /** How many statements the request's code has asked for so far (sent or still queued). */
  readonly statementsAsked: number;
  /**
   * A write nobody waits for (a read's row in the access log): it goes to PostgreSQL with
   * the request's next statement or with its COMMIT, whichever comes first, so it costs no
   * round trip of its own. It is in the request's transaction like any other: should it
   * fail, the transaction fails, COMMIT throws and the caller gets an error, not the data.
   */
  writeWithCommit(statement: Statement): void;
}

/**
 * A write nobody waits for: with the request's COMMIT when there is a request's transaction
 * (RequestDb.writeWithCommit), else written at once through `db`.
 */
export function writeWithRequest(target: { requestDb?: RequestDb; db: Queryable }, statement: Statement): Promise<void> {
  if (target.requestDb) {
    target.requestDb.writeWithCommit(statement);
    return Promise.resolve();
  }
  return target.db.query(statement.sql, statement.params as unknown[]).then(() => undefined);
}

/** The role and the municipality for the transaction only (`SET LOCAL`). */
const SETTINGS = keepPrepared(`SELECT set_config('samplan.municipality_id', $1, true), set_config('role', $2, true)`);
/** The same, and generic plans for the transaction's statements (see withPlanModes). */
const SETTINGS_GENERIC = keepPrepared(`${SETTINGS}, set_config('plan_cache_mode', 'force_generic_plan', true)`);
const PLAN_MODE = keepPrepared(`SELECT set_config('plan_cache_mode', $1, true)`);
const CUSTOM_PLANS: Statement = { sql: PLAN_MODE, params: ['auto'] };
const GENERIC_PLANS: Statement = { sql: PLAN_MODE, params: ['force_generic_plan'] };

/**
 * With statements kept prepared, the request's transaction runs them with their generic
 * plan, so PostgreSQL plans each once per connection. Left to itself it would plan anew on
 * every call any statement whose generic plan it costs higher than a plan for the values
 * given, and every loader's `id = ANY($1)` is such a statement: it costs the generic plan
 * for ten keys and the custom one for the one it got. That planning was 0.6 ms of
 * PostgreSQL's time per plan page. A statement not marked keepPrepared that has values
 * (its best plan may depend on them, like the key figures') is planned for its values as
 * before, between two switches of `plan_cache_mode`; the mode is back to generic after it,
 * so a savepoint always captures the generic mode and a rollback to it restores that.
 * Returns the statements to send, and where each given statement is among them.
 */
function withPlanModes(statements: readonly Statement[]): { sent: Statement[]; at: number[] } {
  const sent: Statement[] = [];
  const at: number[] = [];
  for (const s of statements) {
    const custom = (s.params?.length ?? 0) > 0 && !isKept(s.sql);
    if (custom) sent.push(CUSTOM_PLANS);
    at.push(sent.push(s) - 1);
    if (custom) sent.push(GENERIC_PLANS);
  }
  return { sent, at };
}

/** PostgreSQL answered COMMIT with ROLLBACK: the transaction had failed, nothing of it was kept. */
export class RequestRolledBack extends Error {
  override name = 'RequestRolledBack';
}

/**
 * The caller went away before its answer and the request's transaction was rolled back
 * (RequestDb.abandon): what a statement or the commit of such a request fails with. Nothing
 * is wrong with the server; nobody is waiting for the outcome.
 */
export class RequestAbandoned extends RequestRolledBack {
  override name = 'RequestAbandoned';
  constructor() {
    super('the request\'s caller went away before the answer; its transaction was rolled back');
  }
}

/**
 * One transaction for one caller's request (or one WebSocket operation), running as the app
 * role with the caller's municipality set by `set_config(…, true)` — the transaction-local
 * form of `SET LOCAL`: whatever the application code does, PostgreSQL itself shows and
 * accepts only that municipality's rows, and nothing of it outlives the transaction. That
 * is what lets a pooler in transaction mode (PgBouncer) hand the server connection to
 * another client between transactions: no session state is left behind to leak.
 *
 * Nothing happens until the first statement: a request that needs no database takes no
 * connection. The first statement is preceded by `BEGIN` and the settings, in one round
 * trip. The query runner is marked as inside a transaction from the start, so a module's
 * `manager.transaction(…)` becomes a savepoint of the request's transaction (TypeORM nests
 * that way): a failed write rolls back to its savepoint, and the refusals audited before it
 * (DENIED rows) still commit with the request.
 */
export function openRequestDb(ds: DataSource, municipalityId: string, options: BatchOptions = {}): RequestDb {
  // Sent as a parameter; a municipality is only ever named by a uuid.
  if (!UUID.test(municipalityId)) throw new Error('municipality id is not a uuid');
  const runner = ds.createQueryRunner();
  // TypeORM's PostgresQueryRunner: its transaction bookkeeping, and a release that discards a broken connection.
  const nested = runner as unknown as { isTransactionActive: boolean; transactionDepth: number; releasePostgresConnection(err?: Error): Promise<void> };
  nested.isTransactionActive = true;
  nested.transactionDepth = 1;
  const send = runner.query.bind(runner) as (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
  const queue: Pending[] = [];
  /** Statements owed before the next one: BEGIN and the settings, a savepoint opened or released. */
  let owed: Statement[] = [
    { sql: 'BEGIN' },
    { sql: options.prepare ? SETTINGS_GENERIC : SETTINGS, params: [municipalityId, APP_ROLE] },
  ];
  let begun = false;
  let asked = 0;
  /** Writes owed (writeWithCommit) that no statement has carried yet: COMMIT must send them. */
  let writesOwed = 0;
  let broken: Error | null = null;
  let pumping: Promise<void> | null = null;
  let ended: Promise<void> | null = null;
  let endedWith: 'COMMIT' | 'ROLLBACK' | undefined;
  /** Ended by abandon(): the caller went away before the COMMIT was sent. */
  let abandoned = false;
  const endedError = () => (abandoned ? new RequestAbandoned() : new Error('the request\'s transaction has ended'));
  /** Resolves once the ending statement is written (or none is needed): sendCommit. */
  let written: () => void = () => undefined;
  const endWritten = new Promise<void>((resolve) => (written = resolve));
  let endedAtLast: () => void = () => undefined;
  const whenEnded = new Promise<void>((resolve) => (endedAtLast = resolve));

  const connection = async (): Promise<PipelineClient> => {
    try {
      const client = (await runner.connect()) as PipelineClient;
      begun = true;
      return client;
    } catch (err) {
      throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
    }
  };

  /**
   * Sends the owed statements and `statements` in one round trip, each with its parameters;
   * the results of `statements`, in order. When one fails, StatementBatchFailed's index counts
   * from the first of `statements` (negative: an owed one failed).
   */
  const sendAll = async (statements: Statement[], onWritten?: () => void): Promise<StatementResult[]> => {
    const client = await connection();
    const all = [...owed, ...statements];
    const skipped = owed.length;
    owed = [];
    writesOwed = 0;
    const { sent, at } = options.prepare ? withPlanModes(all) : { sent: all, at: all.map((_, i) => i) };
    // The transaction's first statements wait for a session to run them. Behind a pooler in
    // transaction mode that is where a request queues when every server connection is taken
    // (PgBouncer lets it wait query_wait_timeout, two minutes by default): given as long as a
    // connection from the pool is, then the connection is dropped (the pooler forgets the
    // queued request, nothing of it ran) and the caller is told SERVICE_UNAVAILABLE.
    let waited = false;
    const waiting = all[0]?.sql === 'BEGIN' ? setTimeout(() => {
      waited = true;
      dropConnection(client);
    }, connectionWaitOf(ds)) : undefined;
    try {
      // The connection is the request's alone and idle here, so the statements are on the wire once sendStatements returns.
      const answered = sendStatements(client, sent, options, waiting && (() => clearTimeout(waiting)));
      onWritten?.();
      const results = await answered;
      return at.slice(skipped).map((j) => results[j]);
    } catch (err) {
      if (waited) {
        broken = serviceUnavailable();
        throw broken;
      }
      // The message failed before PostgreSQL ran it (a parameter that cannot be sent), or an owed
      // statement failed: BEGIN, the role or the municipality may never have been set. Nothing
      // more of this request may run, or it would run outside the transaction as the login role
      // (fail closed).
      if (skipped > 0 && (!(err instanceof StatementBatchFailed) || err.index < skipped)) broken = err as Error;
      if (!(err instanceof StatementBatchFailed)) throw err;
      // The failed one's place among `all` (a mode switch is counted as the statement it precedes).
      let failed = at.findIndex((j) => j >= err.index);
      if (failed < 0) failed = all.length;
      throw new StatementBatchFailed(failed - skipped, err.error, at.slice(skipped, Math.max(skipped, failed)).map((j) => err.done[j]));
    } finally {
      clearTimeout(waiting);
    }
  };

  const step = async (): Promise<void> => {
    const first = queue[0];
    if (broken) {
      queue.shift()!.reject(broken);
      return;
    }
    const control = controlStatement(first.sql);
    if (control) {
      queue.shift();
      if (control.kind === 'end') {
        // A module's transaction asked to end the request's: never sent, or what follows would
        // run outside the transaction, without the role and the municipality.
        broken = new Error('a statement tried to end the request\'s transaction');
        first.reject(broken);
        return;
      }
      const opening = `SAVEPOINT ${control.name}`;
      // Opened and left again with nothing in between: neither needs sending.
      if (control.kind !== 'open' && owed[owed.length - 1]?.sql === opening) owed.pop();
      else owed.push({ sql: control.kind === 'open' ? opening : first.sql });
      first.resolve(shaped(first, emptyResult));
      return;
    }
    // Everything queued up to the next savepoint statement goes in one message. A statement
    // that fails aborts the transaction (up to the savepoint a module's transaction rolls back
    // to): the ones queued behind it would have failed anyway, sent one by one, and each gets
    // the answer PostgreSQL would then have given (in_failed_sql_transaction), never the
    // failed one's error as its own. No code can act on a failure before what it had already
    // queued is sent, so the batch changes no outcome, only the number of round trips.
    const batch: Pending[] = [];
    for (const item of queue) {
      if (controlStatement(item.sql) || !pipelinable(item)) break;
      batch.push(item);
    }
    if (batch.length === 0 || (batch.length === 1 && owed.length === 0 && !options.prepare)) {
      // One statement, nothing owed: sent as it is, with its parameters. (With statements kept
      // prepared it goes the way of a batch, to be kept, or planned for its values: withPlanModes.)
      queue.shift();
      if (owed.length > 0) {
        try {
          await sendAll([]);
        } catch (err) {
          first.reject(err instanceof StatementBatchFailed ? err.error : err);
          return;
        }
      }
      try {
        first.resolve(await send(first.sql, first.params, first.structured));
      } catch (err) {
        first.reject(err);
      }
      return;
    }
    queue.splice(0, batch.length);
    for (const b of batch) ds.logger.logQuery(b.sql, b.params, runner);
    try {
      const results = await sendAll(batch.map((b) => ({ sql: b.sql, params: b.params })));
      batch.forEach((b, i) => b.resolve(shaped(b, results[i])));
    } catch (err) {
      // Those before the failed one ran; it failed; those after it were not run.
      const failed = err instanceof StatementBatchFailed ? err : null;
      batch.forEach((b, i) => {
        if (failed && i < failed.index) b.resolve(shaped(b, failed.done[i]));
        else if (failed && failed.index >= 0 && i > failed.index) b.reject(new QueryFailedError(b.sql, b.params, notRunAfterFailure()));
        else b.reject(err instanceof AppError ? err : new QueryFailedError(b.sql, b.params, failed?.error ?? (err as Error)));
      });
    }
  };

  // Started once the current turn of the event loop is over: the statements a round of
  // DataLoaders issues together are then all queued, and go in one message.
  const pump = (): Promise<void> =>
    (pumping ??= (async () => {
      try {
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (queue.length > 0) await step();
      } finally {
        pumping = null;
      }
    })());

  // Every resolver of the request shares this one connection; statements wait their turn here.
  runner.query = ((sql: string, params?: unknown[], structured?: boolean) =>
    new Promise((resolve, reject) => {
      if (ended) {
        reject(endedError());
        return;
      }
      asked++;
      queue.push({ sql, params, structured, resolve, reject });
      void pump();
    })) as typeof runner.query;

  /** Ends the transaction (COMMIT or ROLLBACK) once; the connection goes back, or is discarded when its state is unknown. */
  const end = (how: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
    // A commit asked for after a rollback must not look like it succeeded.
    if (ended && endedWith !== how && how === 'COMMIT') return Promise.reject(abandoned ? new RequestAbandoned() : new RequestRolledBack('the request\'s transaction was rolled back'));
    endedWith ??= how;
    return (ended ??= (async () => {
      while (pumping) await pumping;
      if (!begun && (writesOwed === 0 || how === 'ROLLBACK')) {
        await runner.release();
        return;
      }
      const final = how === 'COMMIT' && !broken ? 'COMMIT' : 'ROLLBACK';
      nested.isTransactionActive = false;
      nested.transactionDepth = 0;
      let answer: string | undefined;
      try {
        ds.logger.logQuery(final, undefined, runner);
        // Before a COMMIT what is owed still counts (a rollback to a savepoint); a ROLLBACK undoes it all anyway.
        if (final === 'ROLLBACK') owed = [];
        const [result] = await sendAll([{ sql: final }], written);
        answer = result.command;
      } catch (caught) {
        const err = caught instanceof StatementBatchFailed ? caught.error : caught;
        // The transaction did not end, so this connection may still carry the app role and a
        // municipality: it must never serve anyone else. Released with an error, the pool drops it.
        await nested.releasePostgresConnection(err instanceof Error ? err : new Error(String(err))).catch(() => undefined);
        if (how === 'COMMIT') throw isDatabaseUnavailable(err) ? serviceUnavailable() : err;
        return;
      }
      await runner.release();
      if (how === 'COMMIT' && answer !== 'COMMIT') throw new RequestRolledBack('the request\'s transaction was rolled back');
    })().finally(() => {
      written();
      endedAtLast();
    }));
  };

  return {
    manager: runner.manager,
    get used() {
      return begun;
    },
    get statementsAsked() {
      return asked;
    },
    get abandoned() {
      return abandoned;
    },
    commit: () => end('COMMIT'),
    sendCommit() {
      // The outcome is commit()'s to report; a failure to end is not this promise's.
      end('COMMIT').catch(() => undefined);
      return endWritten;
    },
    whenEnded: () => whenEnded,
    writeWithCommit(statement) {
      if (ended) throw endedError();
      owed.push(statement);
      writesOwed++;
    },
    async release() {
      await end('ROLLBACK').catch(() => undefined);
    },
    async abandon() {
      if (!ended) abandoned = true;
      await end('ROLLBACK').catch(() => undefined);
    },
  };
}

/** Closes a connection's socket: its pending statements fail, and the pool discards it when it is released. */
function dropConnection(client: PipelineClient): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

interface Pending {
  sql: string;
  params?: unknown[];
  structured?: boolean;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** What PostgreSQL answers a statement sent after a failed one in the same transaction. */
function notRunAfterFailure(): Error {
  return Object.assign(new Error('current transaction is aborted, commands ignored until end of transaction block'), { code: '25P02' });
}

const emptyResult: StatementResult = { command: 'SAVEPOINT', rows: [], rowCount: null };

/**
 * Whether a statement can go in a batch: the protocol that carries parameters takes one
 * statement per text, so a text without parameters that may hold several (a `;` with
 * something after it) is sent on its own, as node-postgres sends it.
 */
function pipelinable(item: Pending): boolean {
  return (item.params?.length ?? 0) > 0 || !/;\s*\S/.test(item.sql);
}

/** What TypeORM's query() answers for a result (PostgresQueryRunner): rows, or [rows, count] for UPDATE and DELETE. */
function shaped(item: Pending, raw: StatementResult): unknown {
  const value = raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
  if (!item.structured) return value;
  const result = new QueryResult();
  result.records = raw.rows;
  result.affected = raw.rowCount ?? undefined;
  result.raw = value;
  return result;
}

/** TypeORM's own transaction statements: savepoints to open and leave, or an attempt to end the whole transaction. */
function controlStatement(sql: string): { kind: 'open' | 'release' | 'rollback'; name: string } | { kind: 'end' } | null {
  const savepoint = /^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\s+(typeorm_\d+)\s*$/i.exec(sql);
  if (savepoint) {
    const verb = savepoint[1].toUpperCase();
    return { kind: verb === 'SAVEPOINT' ? 'open' : verb === 'RELEASE SAVEPOINT' ? 'release' : 'rollback', name: savepoint[2] };
  }
  if (/^\s*(START\s+TRANSACTION|BEGIN|COMMIT|END|ROLLBACK|ABORT)\b/i.test(sql)) return { kind: 'end' };
  return null;
}
