import 'reflect-metadata';
import { Client, types, type ClientConfig } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { migrations } from './migrations';

// A DATE column is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of
// letting node-postgres turn it into a Date at local midnight.
types.setTypeParser(1082, (value: string) => value);
// bigint (event seq, counts) as string: never lose precision.
types.setTypeParser(20, (value: string) => value);

/** Calls `onQuery` for every statement (tests count statements to prove there is no N+1). */
function countingLogger(onQuery: (sql: string) => void): TypeOrmLogger {
  const none = () => undefined;
  return { logQuery: (sql) => onQuery(sql), logQueryError: none, logQuerySlow: none, logSchemaBuild: none, logMigration: none, log: none };
}

export interface DataSourceOptions {
  /** The modules' entities (`entitiesOf(modules)`); app-modules.ts's createAppDataSource passes every module's. */
  entities: readonly Function[];
  poolSize?: number;
  applicationName?: string;
  onQuery?: (sql: string) => void;
  /** How long a request waits for a pooled connection (CONNECTION_WAIT_MS unless a test needs longer on a loaded machine). */
  connectionWaitMs?: number;
}

/**
 * How long a request waits for a database connection before it is answered
 * SERVICE_UNAVAILABLE: for one from the pool (connect), and for a server connection behind a
 * pooler (the first answer of its transaction, request-db.ts).
 */
export const CONNECTION_WAIT_MS = 3000;

/** The wait a data source was made with (createDataSource's connectionWaitMs). */
export function connectionWaitOf(dataSource: DataSource): number {
  const extra = dataSource.options.extra as { connectionTimeoutMillis?: number } | undefined;
  return extra?.connectionTimeoutMillis ?? CONNECTION_WAIT_MS;
}

/**
 * A connection that always has someone listening for its 'error' event. node-postgres emits
 * it when PostgreSQL ends a session with no statement running (FATAL 57P01 at a shutdown),
 * and an 'error' event nobody listens to ends the whole process. The pool listens while a
 * connection is idle and TypeORM while a query runner holds it, but between the two there is
 * a gap: the pool hands a new connection out, and TypeORM starts listening a promise's turn
 * later. A database shutting down as the connection became ready sends its FATAL in the same
 * network read as the "ready", inside that gap, and the server went down with the database.
 * The error is not lost: the connection is marked unusable, so its statements fail (answered
 * SERVICE_UNAVAILABLE), and the pool discards it when it is given back.
 */
export class ListenedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export function createDataSource(url: string, options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [...options.entities],
    migrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? countingLogger(options.onQuery) : undefined,
    extra: {
      Client: ListenedClient,
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'samplan',
      // Fail fast instead of hanging when the database is away.
      connectionTimeoutMillis: options.connectionWaitMs ?? CONNECTION_WAIT_MS,
    },
  });
}
