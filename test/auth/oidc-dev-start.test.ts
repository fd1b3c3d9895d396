import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { spawnServer } from '../support/spawn-server';

/**
 * `OIDC_DEV=1 npm start`: the server starts the local OpenID provider as a child process,
 * tells the web client to sign in there, and stops it again when it stops.
 */
jest.setTimeout(180_000);

it('starts the local provider, points the web client at it, and stops it on SIGTERM', async () => {
  const db = await createEmptyDatabase();
  const server = await spawnServer({ DATABASE_URL: db.url, DEMO: '1', OIDC_DEV: '1', OIDC_DEV_PORT: '0', LOG_LEVEL: 'warn' });
  try {
    const config = (await (await fetch(`${server.url}/auth/config`)).json()) as { mode: string; issuer: string; clientId: string; audience: string };
    expect(config).toMatchObject({ mode: 'oidc', clientId: 'samplan-web', audience: 'api://samplan' });
    const discovery = (await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; end_session_endpoint: string; code_challenge_methods_supported: string[] };
    expect(discovery.issuer).toBe(config.issuer);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
    expect(discovery.end_session_endpoint).toBe(`${config.issuer}/session/end`);

    expect(await server.stop()).toEqual({ code: 0, signal: null });
    await expect(fetch(`${config.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  } finally {
    await server.stop();
    await db.drop();
  }
});
