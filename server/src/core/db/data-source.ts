import 'reflect-metadata';
import { types } from 'pg';
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
}

/**
 * How long a request waits for a database connection before it is answered
 * SERVICE_UNAVAILABLE: for one from the pool (connect), and for a server connection behind a
 * pooler (the first answer of its transaction, request-db.ts).
 */
export const CONNECTION_WAIT_MS = 3000;

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
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'samplan',
      // Fail fast instead of hanging when the database is away.
      connectionTimeoutMillis: CONNECTION_WAIT_MS,
    },
  });
}
