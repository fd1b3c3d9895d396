// node-postgres's own conversion of a value to the wire (arrays, dates, JSON, buffers), so a
// statement here is sent exactly as `client.query(sql, params)` would send it. Its values are
// read back with the client's own type parsers, as node-postgres reads them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

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
export function sendStatements(client: PipelineClient, statements: readonly Statement[], options: BatchOptions = {}, onFirstAnswer?: () => void): Promise<StatementResult[]> {
  const prepared = options.prepare ? preparedOn(client) : null;
  return new Promise((resolve, reject) => {
    client.query(new PipelinedStatements(statements, client, prepared, resolve, reject, onFirstAnswer));
  });
}

/**
 * Marks a statement's text as one the server may keep prepared (BatchOptions.prepare) and
 * returns it. Only for statements whose best plan does not depend on the values they get —
 * reading rows by key, calling a function, writing one row — since a kept statement runs
 * with PostgreSQL's generic plan (in a request's transaction from its first run: withPlanModes
 * in request-db.ts). A statement whose plan must fit its values (a
 * date range over a municipality's programmes, a search) is left unmarked and planned on
 * every call: a generic plan for the key figures' statement took seconds instead of 45 ms.
 */
export function keepPrepared(sql: string): string {
  if (keptTexts.size < MAX_KEPT_TEXTS) keptTexts.add(sql);
  return sql;
}

/** Whether a text was marked with keepPrepared. */
export function isKept(sql: string): boolean {
  return keptTexts.has(sql);
}

const keptTexts = new Set<string>();
/** The application's marked texts are a few hundred; a bound in case one is built from input by mistake. */
const MAX_KEPT_TEXTS = 5000;

export interface BatchOptions {
  /**
   * Keep each statement marked with keepPrepared prepared by name on this connection, so
   * PostgreSQL parses it once per connection and, after a few runs, stops planning it anew
   * (its generic plan). Only for a connection that is one PostgreSQL session throughout: a
   * pooler in transaction mode that does not carry prepared statements (PgBouncer before
   * 1.21) hands the next transaction to another session, where the name does not exist
   * (config.ts, DATABASE_PREPARED_STATEMENTS).
   */
  prepare?: boolean;
}

/** The statements one connection has prepared, by their text; names are never reused. */
class PreparedStatements {
  private readonly byText = new Map<string, string>();
  private issued = 0;

  nameOf(sql: string): string | undefined {
    return this.byText.get(sql);
  }

  /** A fresh name, or none when the connection holds as many as it may. */
  newName(): string | undefined {
    if (this.byText.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    return `samplan_${++this.issued}`;
  }

  remember(sql: string, name: string): void {
    this.byText.set(sql, name);
  }

  /** After PostgreSQL lost or refused one of them: prepare each again, under new names. */
  forgetAll(): void {
    this.byText.clear();
  }
}

/** Statements kept per connection: the application's own texts are a few hundred. */
const MAX_PREPARED_PER_CONNECTION = 2000;
const preparedByConnection = new WeakMap<PipelineClient, PreparedStatements>();

function preparedOn(client: PipelineClient): PreparedStatements {
  let prepared = preparedByConnection.get(client);
  if (!prepared) preparedByConnection.set(client, (prepared = new PreparedStatements()));
  return prepared;
}

/**
 * PostgreSQL's answers that mean a kept statement cannot be used as it is: it no longer
 * exists on the session (26000), or a table it reads changed its columns (0A000, "cached
 * plan must not change result type"). The batch fails; the next one prepares again.
 */
function invalidatesPrepared(err: Error): boolean {
  const code = (err as { code?: string }).code;
  return code === '26000' || (code === '0A000' && /cached plan/.test(err.message));
}

/** A RowDescription's field, as node-postgres's protocol parser gives it. */
interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

type Parser = (value: string) => unknown;

/** The rows of one statement, read the way node-postgres's Result reads text-format rows. */
class RowReader {
  readonly rows: Record<string, unknown>[] = [];
  private readonly names: string[];
  private readonly parsers: Parser[];
  /** A column named `__proto__` must become an own property, not the row's prototype. */
  private readonly defineEach: boolean;

  constructor(fields: readonly FieldDescription[], types: TypeParsers) {
    this.names = fields.map((f) => f.name);
    this.parsers = fields.map((f) => types.getTypeParser(f.dataTypeID, f.format || 'text'));
    this.defineEach = this.names.includes('__proto__');
  }

  /**
   * One row as a plain object, a later column of the same name winning as in node-postgres.
   * Built property by property from an empty object: rows of one statement then share one
   * object shape, which node-postgres's copy of a prototype-less template does not give
   * (on a plan page that copy cost more than reading the values).
   */
  add(values: ReadonlyArray<string | null>): void {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const raw = values[i];
      const value = raw === null ? null : this.parsers[i](raw);
      if (this.defineEach) Object.defineProperty(row, this.names[i], { value, enumerable: true, writable: true, configurable: true });
      else row[this.names[i]] = value;
    }
    this.rows.push(row);
  }
}

/** "SELECT 5", "INSERT 0 1", "UPDATE 2": the command and, where given, the row count. */
const COMMAND_TAG = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;

function commandOf(tag: string): { command: string; rowCount: number | null } {
  const match = COMMAND_TAG.exec(tag);
  if (!match) return { command: '', rowCount: null };
  const count = match[3] ?? match[2];
  return { command: match[1], rowCount: count === undefined ? null : parseInt(count, 10) };
}

/** The wire messages node-postgres's Connection writes for us. */
interface WireConnection {
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { statement?: string; values: unknown[] }): void;
  describe(msg: { type: 'P'; name: string }): void;
  execute(config: object): void;
  flush(): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/**
 * A submittable (node-postgres calls `submit` when the connection is free and hands it the
 * backend's messages until ReadyForQuery), in the way node-postgres's own Query reads them.
 */
class PipelinedStatements {
  private readonly results: StatementResult[] = [];
  private current: RowReader | null = null;
  private rowError: { index: number; error: Error } | null = null;
  private settled = false;
  /** Statements this batch prepares by name: kept once PostgreSQL has run them. */
  private readonly preparing: Array<{ index: number; sql: string; name: string }> = [];
  /** The statement PostgreSQL refused (it skipped the rest), if one was. */
  private refusedAt: number | null = null;

  constructor(
    private readonly statements: readonly Statement[],
    private readonly types: TypeParsers,
    private readonly prepared: PreparedStatements | null,
    private readonly resolve: (results: StatementResult[]) => void,
    private readonly reject: (err: StatementBatchFailed) => void,
    /** Called once, when PostgreSQL answers the first statement (or refuses it): a session is running the batch. */
    private onFirstAnswer?: () => void,
  ) {}

  private answered(): void {
    const first = this.onFirstAnswer;
    this.onFirstAnswer = undefined;
    first?.();
  }

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
      const inThisBatch = new Map<string, string>();
      this.statements.forEach((s, i) => {
        const kept = this.prepared && keptTexts.has(s.sql) ? this.prepared : null;
        // Prepared already on this connection (or earlier in this batch): only bound.
        let name = kept ? (kept.nameOf(s.sql) ?? inThisBatch.get(s.sql)) : undefined;
        if (name === undefined) {
          name = kept?.newName() ?? '';
          connection.parse({ text: s.sql, name, types: [] });
          if (name) {
            inThisBatch.set(s.sql, name);
            this.preparing.push({ index: i, sql: s.sql, name });
          }
        }
        connection.bind({ statement: name, values: values[i] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({});
        // PostgreSQL holds its answers until the Sync unless asked for them: whoever waits for
        // the first one hears of it when it is ready, not after the whole batch has run.
        if (i === 0 && this.onFirstAnswer) connection.flush();
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    this.answered();
    this.current = new RowReader(msg.fields, this.types);
  }

  handleDataRow(msg: { fields: Array<string | null> }): void {
    if (this.rowError || !this.current) return;
    try {
      this.current.add(msg.fields);
    } catch (err) {
      this.rowError = { index: this.results.length, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  handleCommandComplete(msg: { text: string }): void {
    this.answered();
    const { command, rowCount } = commandOf(msg.text);
    this.results.push({ command, rowCount, rows: this.current?.rows ?? [] });
    this.current = null;
  }

  handleEmptyQuery(): void {
    this.answered();
    this.results.push({ command: '', rows: [], rowCount: null });
    this.current = null;
  }

  /** PostgreSQL refused a statement (it skips the rest), or the connection failed. */
  handleError(err: Error): void {
    this.answered();
    this.refusedAt ??= this.results.length;
    if (this.prepared && invalidatesPrepared(err)) this.prepared.forgetAll();
    this.fail(this.results.length, err);
  }

  handleReadyForQuery(): void {
    // Those PostgreSQL ran were prepared; one it refused may or may not have been, and its
    // name is left unused (names are never reused, so preparing again cannot collide).
    for (const p of this.preparing) if (this.refusedAt === null || p.index < this.refusedAt) this.prepared!.remember(p.sql, p.name);
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
