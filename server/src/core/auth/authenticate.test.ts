import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * A genuine token whose user cannot be read because of the server (here the users' table is
 * missing, as when a migration did not run) is the server's failure: answered as an internal
 * error with the request id, never UNAUTHENTICATED (which signs the user out and says their
 * sign-in expired), and never counted against the caller's address as a guessed token. Before,
 * every such request was answered "Du er ikke logget ind" and counted, so an office behind one
 * address was locked out with RATE_LIMITED, and the server logged nothing.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { RATE_AUTH_FAILURES: '2', RATE_AUTH_FAILURE_WINDOW_SECONDS: '300' } });
});
afterAll(() => t?.stop());

it('a database failure while reading the signed-in user is an internal error, not a failed sign-in', async () => {
  const token = await t.login('anna');
  await t.db.dataSource.query('ALTER TABLE app_user RENAME TO app_user_missing');
  try {
    for (let i = 0; i < 3; i++) {
      const me = await t.gql<{ me: { name: string } }>('{ me { name } }', {}, token);
      expect(me.status).toBe(500);
      expect(me.errors?.[0]).toMatchObject({
        message: 'Der opstod en uventet fejl. Prøv igen, eller kontakt support med forespørgslens id.',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
      });
      expect(JSON.stringify(me)).not.toMatch(/app_user|relation|QueryFailedError/);
    }
    const ws = await WsClient.connect(t.url, token);
    expect({ code: ws.closeCode, reason: ws.closeReason }).toEqual({ code: 4500, reason: 'Internal server error' });
  } finally {
    await t.db.dataSource.query('ALTER TABLE app_user_missing RENAME TO app_user');
  }
  // Nothing was counted against the address: a wrong token is still just UNAUTHENTICATED, not RATE_LIMITED.
  const wrong = await t.gql('{ me { name } }', {}, `${token.slice(0, -4)}AAAA`);
  expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const me = await t.gql<{ me: { name: string } }>('{ me { name } }', {}, token);
  expect(me.data?.me.name).toBe('Anna Holm');
});
