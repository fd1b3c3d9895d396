// node-postgres's own pieces, so a statement here is sent and read exactly as `client.query(sql,
// params)` would send and read it: its conversion of a value to the wire (arrays, dates, JSON,
// buffers) and its result, which parses each column with the client's type parsers.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PgResult = require('pg/lib/result') as new (rowMode: undefined, types: TypeParsers) => PgResultLike;

/** One SQL statement and its `$n` values, sent as parameters: never written into the text. */
export interface Statement {
  sql: string;
  params?: readonly unknown[];
}

/** What a statement answered: its command tag (SELECT, INSERT, COMMIT, ROLLBACK …), rows and row count. */
export interface StatementResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
}

/**
 * A statement of a batch failed. PostgreSQL ran the ones before it (`done`), and skipped the
 * ones after it: they were never run.
 */
export class StatementBatchFailed extends Error {
  override name = 'StatementBatchFailed';
  constructor(
    /** The position of the failed statement in the batch. */
    readonly index: number,
    /** What PostgreSQL (or the connection) answered. */
    readonly error: Error,
    /** The answers of the statements before it. */
    readonly done: StatementResult[],
  ) {
    super(error.message);
  }
}

/** The part of node-postgres's Client this needs (its public `query` with a submittable, and its type parsers). */
export interface PipelineClient extends TypeParsers {
  query(submittable: object): unknown;
}

interface TypeParsers {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

/**
 * Sends several statements to PostgreSQL in one write and reads their answers in one round
 * trip, each with its own parameters (the extended query protocol: Parse, Bind, Describe and
 * Execute per statement, one Sync at the end). Values travel as parameters, exactly as a
 * single `client.query(sql, params)` sends them, so no value is ever read as SQL, whatever
 * it holds (quotes, backslashes, NUL, which PostgreSQL refuses as it always does).
 *
 * When a statement fails, PostgreSQL skips everything up to the Sync: the ones after it are
 * not run, and the promise rejects with StatementBatchFailed naming which one failed. Inside
 * an explicit transaction the failure aborts the transaction, as it would one by one.
 * A statement must be one statement: the protocol refuses several in one text.
 */
export function sendStatements(client: PipelineClient, statements: readonly Statement[]): Promise<StatementResult[]> {
  return new Promise((resolve, reject) => {
    client.query(new PipelinedStatements(statements, client, resolve, reject));
  });
}

interface PgResultLike {
  command: string | null;
  rowCount: number | null;
  rows: unknown[];
  addFields(fields: unknown[]): void;
  parseRow(values: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(msg: unknown): void;
}

/** The wire messages node-postgres's Connection writes for us. */
interface WireConnection {
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { values: unknown[] }): void;
  describe(msg: { type: 'P'; name: string }): void;
  execute(config: object): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/**
 * A submittable (node-postgres calls `submit` when the connection is free and hands it the
 * backend's messages until ReadyForQuery), in the way node-postgres's own Query reads them.
 */
class PipelinedStatements {
  private readonly results: StatementResult[] = [];
  private current: PgResultLike | null = null;
  private rowError: { index: number; error: Error } | null = null;
  private settled = false;

  constructor(
    private readonly statements: readonly Statement[],
    private readonly types: TypeParsers,
    private readonly resolve: (results: StatementResult[]) => void,
    private readonly reject: (err: StatementBatchFailed) => void,
  ) {}

  submit(connection: WireConnection): Error | null {
    let values: unknown[][];
    try {
      // Converted before anything is written: a value that cannot be sent fails the batch whole.
      values = this.statements.map((s) => (s.params ?? []).map((v) => prepareValue(v)));
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
    connection.stream.cork?.();
    try {
      this.statements.forEach((s, i) => {
        connection.parse({ text: s.sql, types: [] });
        connection.bind({ values: values[i] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({});
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.current = new PgResult(undefined, this.types);
    this.current.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    if (this.rowError || !this.current) return;
    try {
      this.current.addRow(this.current.parseRow(msg.fields));
    } catch (err) {
      this.rowError = { index: this.results.length, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  handleCommandComplete(msg: unknown): void {
    const result = this.current ?? new PgResult(undefined, this.types);
    result.addCommandComplete(msg);
    this.results.push({ command: result.command ?? '', rows: result.rows, rowCount: result.rowCount });
    this.current = null;
  }

  handleEmptyQuery(): void {
    this.results.push({ command: '', rows: [], rowCount: null });
    this.current = null;
  }

  /** PostgreSQL refused a statement (it skips the rest), or the connection failed. */
  handleError(err: Error): void {
    this.fail(this.results.length, err);
  }

  handleReadyForQuery(): void {
    if (this.rowError) this.fail(this.rowError.index, this.rowError.error);
    else if (this.results.length !== this.statements.length) this.fail(this.results.length, new Error('PostgreSQL answered fewer statements than were sent'));
    else if (!this.settled) {
      this.settled = true;
      this.resolve(this.results);
    }
  }

  handlePortalSuspended(): void {
    // Every Execute asks for all rows: a portal is never suspended.
  }

  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail('COPY is not sent in a statement batch');
  }

  handleCopyData(): void {
    // COPY is refused above.
  }

  private fail(index: number, err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(new StatementBatchFailed(index, err, this.results.slice(0, index)));
  }
}
