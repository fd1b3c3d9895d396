import type { TestServer } from '../../server/src/test-support/test-server';
import { WsClient } from '../../server/src/test-support/ws-client';
import { tokensFor } from '../support/oidc-dev';
import { startOidcStack, type OidcStack } from '../support/oidc-stack';

/**
 * A citizen signing in with MitID through a real OpenID provider (server/dev-oidc/provider.mjs,
 * whose access tokens carry the CPR number and the NSIS level in NemLog-in's claims): at
 * Substantial their first sign-in binds their account and they read their plan; at Low it binds
 * nothing, opens no account already bound, and they are told to sign in at Substantial.
 */
const ME = '{ me { name role } }';

let stack: OidcStack;
let server: TestServer;

beforeAll(async () => {
  stack = await startOidcStack();
  server = stack.servers[0]!;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const cprOf = async (name: string): Promise<string> => (await server.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = $1`, [name]))[0].cpr;
const accountsOf = async (name: string): Promise<number> =>
  (await server.db.dataSource.query(`SELECT count(*)::int AS n FROM app_user u JOIN citizen c ON c.id = u.citizen_id WHERE c.name = $1`, [name]))[0].n;

it('a citizen signing in with MitID at Substantial gets an account of their own at the first sign-in', async () => {
  const cpr = await cprOf('Eva Jensen');
  const { access_token } = await tokensFor(stack.provider.settings, `${cpr.slice(0, 6)}-${cpr.slice(6)}`);
  const res = await server.gql<{ me: { name: string; role: string } }>(ME, {}, access_token);
  expect(res.errors).toBeUndefined();
  expect(res.data?.me).toEqual({ name: 'Eva Jensen', role: 'CITIZEN' });
});

it('at Low nothing is bound and the citizen is told to sign in at Substantial; then at Substantial they are let in', async () => {
  const cpr = await cprOf('Kim Larsen');
  const low = await tokensFor(stack.provider.settings, `${cpr} lav`);
  const res = await server.gql(ME, {}, low.access_token);
  expect(res.status).toBe(403);
  expect(res.errors?.[0]).toMatchObject({
    message: 'Log ind med MitID på betydeligt niveau for at se din plan.',
    extensions: { code: 'NOT_A_USER', reason: 'CITIZEN', levelRequired: 'Substantial' },
  });
  expect(await accountsOf('Kim Larsen')).toBe(0);

  const substantial = await tokensFor(stack.provider.settings, `${cpr} betydelig`);
  const again = await server.gql<{ me: { name: string; role: string } }>(ME, {}, substantial.access_token);
  expect(again.errors).toBeUndefined();
  expect(again.data?.me).toEqual({ name: 'Kim Larsen', role: 'CITIZEN' });
  expect(await accountsOf('Kim Larsen')).toBe(1);
});

it('a citizen whose account is bound signs in again at Low, as the same person: refused on every request, HTTP and WebSocket, until they sign in at Substantial', async () => {
  const cpr = await cprOf('Eva Jensen');
  // Bound by the first test, at Substantial; the provider gives the person the same subject at every level.
  expect(await accountsOf('Eva Jensen')).toBe(1);
  const low = await tokensFor(stack.provider.settings, `${cpr} lav`);
  const res = await server.gql(ME, {}, low.access_token);
  expect(res.status).toBe(403);
  expect(res.errors?.[0]).toMatchObject({
    message: 'Log ind med MitID på betydeligt niveau for at se din plan.',
    extensions: { code: 'NOT_A_USER', reason: 'CITIZEN', levelRequired: 'Substantial' },
  });
  const ws = await WsClient.connect(server.url, low.access_token);
  await ws.closed;
  expect([ws.closeCode, ws.closeReason]).toEqual([4403, 'NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL']);

  const high = await tokensFor(stack.provider.settings, `${cpr} høj`);
  const again = await server.gql<{ me: { name: string; role: string } }>(ME, {}, high.access_token);
  expect(again.errors).toBeUndefined();
  expect(again.data?.me).toEqual({ name: 'Eva Jensen', role: 'CITIZEN' });
});
