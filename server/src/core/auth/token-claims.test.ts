import { SignJWT } from 'jose';
import { TEST_SECRET, startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * A token says when it was issued (`iat`) and when it expires (`exp`), and is not older
 * than AUTH_MAX_TOKEN_AGE_SECONDS, whatever its `exp` says: a token without `exp` would
 * otherwise be good forever. Checked the same way on HTTP and on WebSocket connect.
 */
jest.setTimeout(60_000);

const MAX_AGE = 3600;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ env: { AUTH_MAX_TOKEN_AGE_SECONDS: String(MAX_AGE) } });
});
afterAll(() => t.stop());

const now = () => Math.floor(Date.now() / 1000);

/** A token for anna, correctly signed, issuer and audience right; only the named times set. */
function token(times: { iat?: number; exp?: number }): Promise<string> {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('anna').setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience);
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
}

const ME = `{ me { username } }`;

it('accepts a token with iat and exp within the allowed age', async () => {
  const good = await token({ iat: now() - 60, exp: now() + 600 });
  expect((await t.gql(ME, {}, good)).data).toEqual({ me: { username: 'anna' } });
  const ws = await WsClient.connect(t.url, good);
  expect(ws.isOpen).toBe(true);
  await ws.close();
});

it('accepts a token issued a few seconds "from now" by a provider whose clock runs ahead', async () => {
  // The provider's clock five seconds ahead of the server's: iat and nbf both say "in five seconds".
  const ahead = await new SignJWT({ nbf: now() + 5 }).setProtectedHeader({ alg: 'HS256' }).setSubject('anna').setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience)
    .setIssuedAt(now() + 5).setExpirationTime(now() + 605).sign(new TextEncoder().encode(TEST_SECRET));
  const res = await t.gql(ME, {}, ahead);
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ me: { username: 'anna' } });
  const ws = await WsClient.connect(t.url, ahead);
  expect(ws.isOpen).toBe(true);
  await ws.close();
});

describe.each([
  ['without exp (it would never expire)', { iat: now() - 60 }],
  ['without iat', { exp: now() + 600 }],
  ['older than AUTH_MAX_TOKEN_AGE_SECONDS, even though exp has not passed', { iat: now() - MAX_AGE - 60, exp: now() + 600 }],
  ['issued in the future', { iat: now() + 3600, exp: now() + 7200 }],
  ['issued five minutes ahead of the server\'s clock (more than a clock difference)', { iat: now() + 300, exp: now() + 900 }],
  ['that expired a few seconds ago (the clock tolerance does not stretch expiry)', { iat: now() - 600, exp: now() - 5 }],
])('a token %s', (_label, times) => {
  it('is refused over HTTP (UNAUTHENTICATED)', async () => {
    const res = await t.gql(ME, {}, await token(times));
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is refused on WebSocket connect (4401)', async () => {
    const ws = await WsClient.connect(t.url, await token(times));
    expect(await ws.closed).toBe(4401);
  });
});

it('an open socket is closed with 4401 when its token reaches the maximum age, before its exp', async () => {
  const ageing = await token({ iat: now() - MAX_AGE + 2, exp: now() + 3600 });
  const ws = await WsClient.connect(t.url, ageing);
  expect(ws.isOpen).toBe(true);
  // Its exp is an hour away: a close at all, in this test's time, is the maximum age's (in about
  // 2 s; not bounded tighter, which a loaded machine's timers would break).
  expect(await ws.closed).toBe(4401);
});
