import path from 'node:path';
import { Client } from 'pg';
import { reasonOf } from '../exit-with-reason';
import { databaseName, withDatabase } from './database-url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface DatabaseTarget {
  url: string;
  /** A direct connection (DATABASE_DIRECT_URL, else `url`): LISTEN, migrations, session-level locks. */
  directUrl: string;
  embedded?: EmbeddedPostgres;
}

/**
 * How long the start (and `npm run migrate`, `npm run setup`) waits for the database to
 * answer a connection. Something that accepts it and never answers — a port forwarded to
 * the wrong service, a host that hangs — would otherwise keep the start waiting without a
 * word, for ever.
 */
const STARTUP_CONNECT_MS = 10_000;

/** A connected client, or the reason there is none; "no answer within 10 s" rather than node-postgres's "timeout expired". */
async function connectedClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: STARTUP_CONNECT_MS });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    if (err instanceof Error && err.message === 'timeout expired') throw new Error(`no answer within ${STARTUP_CONNECT_MS / 1000} s`, { cause: err });
    throw err;
  }
}

/** Creates the database named in the URL when the server exists but the database does not. */
export async function ensureDatabase(url: string): Promise<void> {
  // The database is usually there already: look in it first, so that a user who may connect
  // to their own database only (CONNECT on `postgres` revoked from PUBLIC, as hardened and
  // managed servers have it) starts too. Only a database that does not exist (3D000) sends
  // this to the maintenance database to create it.
  try {
    const own = await connectedClient(url);
    await own.end().catch(() => undefined);
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
  }
  const name = databaseName(url);
  const admin = await connectedClient(withDatabase(url, 'postgres'));
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // Created meanwhile by another instance: 42P04, or, when the two statements ran at the
        // same moment, a unique violation on pg_database's name.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await admin.end();
  }
}

/** A connection string as it may be shown: without its password. */
export function withoutPassword(url: string): string {
  return url.replace(/:[^:@/]+@/, ':***@');
}

/**
 * The database a setting names cannot be used (nothing listens there, an unknown host, a
 * wrong password, no right to create the database): the reason names the setting and where
 * it points, so the operator knows which value to correct.
 */
function unusable(setting: string, url: string): (err: unknown) => never {
  return (err) => {
    throw new Error(`${setting} (${withoutPassword(url)}) cannot be used: ${reasonOf(err, false)}`, { cause: err });
  };
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL from npm, data under `.data/pg`.
 * `servesRequests` (the server): with DATABASE_DIRECT_URL set apart, DATABASE_URL is connected
 * to as well, since the requests go that way (a pooler, as a rule). A mistyped pooler address
 * otherwise stopped the start a moment later with a bare "connect ECONNREFUSED" that named no
 * setting. The operator's tools use the direct connection only and do not need the pooler.
 */
export async function resolveDatabase(
  config: { databaseUrl?: string; databaseDirectUrl?: string; embeddedPgPort?: number },
  log: (m: string) => void,
  options: { servesRequests?: boolean } = {},
): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    const directUrl = config.databaseDirectUrl ?? config.databaseUrl;
    // Directly: a pooler need not know the `postgres` database this may look in.
    await ensureDatabase(directUrl).catch(unusable(config.databaseDirectUrl ? 'DATABASE_DIRECT_URL' : 'DATABASE_URL', directUrl));
    if (options.servesRequests && directUrl !== config.databaseUrl) {
      // A connection only, no statement: a pooler with every server connection taken is load, not a wrong setting.
      const viaRequests = await connectedClient(config.databaseUrl).catch(unusable('DATABASE_URL', config.databaseUrl));
      await viaRequests.end().catch(() => undefined);
    }
    return { url: config.databaseUrl, directUrl };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(REPO_ROOT, '.data', 'pg'),
    port: config.embeddedPgPort ?? 0,
    log,
  });
  const url = withDatabase(embedded.url, 'samplan');
  await ensureDatabase(url);
  log(`embedded PostgreSQL running at ${withoutPassword(url)} (data in ${embedded.dataDir})`);
  return { url, directUrl: url, embedded };
}
