import { appModules } from '../app-modules';
import { createTokenVerifier, signToken } from '../core/auth/tokens';
import type { Clock } from '../core/clock';
import { configFromEnv, type AppConfig } from '../core/config';
import { startServer, type RunningServer } from '../core/http/app';
import { createLogger, type Logger } from '../core/logging/logger';
import { DEMO_USERNAMES, seedDemoIfEmpty } from '../seed/demo-seed';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export interface TestServer {
  db: TestDatabase;
  server: RunningServer;
  url: string;
  config: AppConfig;
  /** Sends one GraphQL request over HTTP, as a browser would. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Demo login; returns the token. */
  login(username: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  demo?: boolean;
  seed?: boolean;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Reuse a database (a second instance on the same PostgreSQL). */
  db?: TestDatabase;
  /** Called with every SQL statement (to count statements). */
  onQuery?: (sql: string) => void;
  /** Where the server logs (a test that reads the log); by default nowhere (LOG_LEVEL silent). */
  logger?: Logger;
}

export const TEST_SECRET = 'test-secret-for-samplan-tests-only-000000000000';

export function testConfig(url: string, options: TestServerOptions = {}): AppConfig {
  // Rate limits are off by default here (tests fire bursts of writes from one user and one
  // address); tests of the limits themselves set RATE_* explicitly.
  const unlimited = {
    RATE_MUTATIONS_PER_MINUTE: '1000000', RATE_MUTATION_BURST: '1000000', RATE_AUTH_FAILURES: '1000000',
    RATE_SUBSCRIBES_PER_MINUTE: '1000000', RATE_SUBSCRIBE_BURST: '1000000', SUBSCRIPTIONS_PER_SOCKET: '1000000', SUBSCRIPTIONS_PER_USER: '1000000',
  };
  // Only what the test names: the environment of the jest process does not leak in.
  // Demo mode by default, except in production, which refuses it (core/config.ts): there
  // `login` signs the token itself.
  const env: NodeJS.ProcessEnv = { AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: url, ...unlimited, ...(options.env ?? {}) };
  const base = configFromEnv(env, { demo: options.demo ?? env.NODE_ENV !== 'production' });
  return { ...base, databaseUrl: url };
}

/** A real server on a free port against its own migrated (and by default seeded) database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase({ onQuery: options.onQuery }));
  const clock = options.clock ?? { now: () => new Date() };
  if (options.seed ?? true) await seedDemoIfEmpty(db.dataSource, clock);
  const config = testConfig(db.url, options);
  const logger = options.logger ?? createLogger(config.logLevel);
  const server = await startServer(
    { dataSource: db.dataSource, config, clock, logger, tokens: createTokenVerifier(config.auth, { demoSubjects: DEMO_USERNAMES }), modules: appModules },
    { port: 0, host: '127.0.0.1' },
  );
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: res.status, ...body };
  };
  return {
    db,
    server,
    url: server.url,
    config,
    gql,
    async login(username: string) {
      // A token as the identity provider (or, in demo mode, devLogin) would issue it: its
      // subject the user name, as the tests' own users are created. devLogin itself takes
      // only the seeded demo users.
      return signToken(config.auth, username, clock.now());
    },
    async stop() {
      await server.stop();
      if (!options.db) await db.drop();
    },
  };
}
