import { startDevOidcProvider, type DevOidcOptions, type DevOidcProvider } from '../../server/src/core/auth/dev-oidc';
import { createTestDatabase, type TestDatabase } from '../../server/src/test-support/test-db';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';

/**
 * The local OpenID provider and one or more Samplan servers configured for it (no demo mode:
 * only the provider's tokens are accepted), on one database. The servers run in this process
 * (server/src/test-support/test-server.ts); the provider in its own (an ES module).
 */
export interface OidcStack {
  provider: DevOidcProvider;
  /** Every instance shares `db`. */
  servers: TestServer[];
  db: TestDatabase;
  stop(): Promise<void>;
}

export interface OidcStackOptions extends DevOidcOptions {
  /** Instances on the one database (default 1). */
  instances?: number;
  /** Seed the demo municipality (default true): its users' subjects are the provider's demo logins. */
  seed?: boolean;
  /** More settings for the servers (e.g. CLIENT_DIST). */
  env?: Record<string, string>;
}

export async function startOidcStack(options: OidcStackOptions = {}): Promise<OidcStack> {
  const provider = await startDevOidcProvider(options);
  const servers: TestServer[] = [];
  let db: TestDatabase | undefined;
  try {
    db = await createTestDatabase();
    const { issuer, clientId, audience, scopes } = provider.settings;
    const env = { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_AUDIENCE: audience, OIDC_SCOPES: scopes, ...(options.env ?? {}) };
    for (let i = 0; i < (options.instances ?? 1); i++) {
      servers.push(await startTestServer({ db, demo: false, seed: (options.seed ?? true) && i === 0, env }));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
    await provider.stop();
    throw err;
  }
  const shared = db;
  return {
    provider,
    servers,
    db: shared,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
      await shared.drop();
      await provider.stop();
    },
  };
}
