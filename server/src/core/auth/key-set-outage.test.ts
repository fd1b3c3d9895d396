import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthConfig } from '../config';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { createTokenVerifier, IdentityProviderUnavailable } from './tokens';

/**
 * The provider's key set (JWKS) answering 503 while it restarts, or an HTML error page from a
 * proxy in front of it, or nothing at all, is the provider's outage, not a bad token: the user
 * is told to try again in a moment (SERVICE_UNAVAILABLE, 503), nothing is counted against their
 * address, and the web client does not renew or sign out over it. Both ways of finding the
 * keys are checked: OpenID discovery (OIDC_ISSUER) and a key set named directly (AUTH_JWKS_URL).
 * A token that no published key fits is still the token's fault.
 */
let provider: Server;
let base: string;
let key: KeyLike;
/**
 * What the key set endpoint answers just now ('gone': AUTH_JWKS_URL names a port nobody listens on,
 * and the provider's key set drops the connection unanswered: the discovery document, read once
 * per process, keeps naming the same address).
 */
let keySet: 'keys' | '503' | 'html' | 'gone' = 'keys';
const jwksUri = () => (keySet === 'gone' ? 'http://127.0.0.1:9/jwks' : `${base}/jwks`);

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  provider = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    } else if (req.url === '/jwks' && keySet === 'keys') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (req.url === '/jwks' && keySet === 'gone') {
      req.socket.destroy();
    } else if (req.url === '/jwks' && keySet === '503') {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily_unavailable"}');
    } else if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => provider.close(resolve)));
afterEach(() => {
  keySet = 'keys';
});

const now = () => Math.floor(Date.now() / 1000);

function token(o: { iss: string; aud: string; sub?: string; kid?: string }): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'k1' })
    .setSubject(o.sub ?? 'anna')
    .setIssuer(o.iss)
    .setAudience(o.aud)
    .setIssuedAt(now())
    .setExpirationTime(now() + 300)
    .sign(key);
}

const common = { demoTokenTtlSeconds: 3600, maxTokenAgeSeconds: 3600 };
const verifiers: Array<[string, () => AuthConfig, () => Promise<string>, (kid: string) => Promise<string>]> = [
  [
    'OpenID discovery',
    () => ({ ...common, issuer: 'samplan-demo', audience: 'samplan', oidc: { issuer: base, clientId: 'samplan-web', audience: 'api://samplan', scopes: 'openid' } }),
    () => token({ iss: base, aud: 'api://samplan' }),
    (kid) => token({ iss: base, aud: 'api://samplan', kid }),
  ],
  [
    'AUTH_JWKS_URL',
    () => ({ ...common, issuer: 'samplan-demo', audience: 'samplan', jwksUrl: jwksUri() }),
    () => token({ iss: 'samplan-demo', aud: 'samplan' }),
    (kid) => token({ iss: 'samplan-demo', aud: 'samplan', kid }),
  ],
];

describe.each(verifiers)('keys found by %s', (_how, config, good, withKid) => {
  it.each([
    ['answers 503', '503'],
    ['answers with an HTML page', 'html'],
    ['cannot be reached', 'gone'],
  ] as const)('a key set that %s is the provider being unavailable, not a bad token', async (_what, answer) => {
    keySet = answer;
    await expect(createTokenVerifier(config()).verify(await good())).rejects.toBeInstanceOf(IdentityProviderUnavailable);
    // Once the key set is back, the same token is good.
    keySet = 'keys';
    await expect(createTokenVerifier(config()).verify(await good())).resolves.toMatchObject({ subject: 'anna' });
  });

  it('a token no published key fits stays the token\'s fault', async () => {
    const verifier = createTokenVerifier(config());
    const stranger = verifier.verify(await withKid('rotated-away'));
    await expect(stranger).rejects.toThrow(/no applicable key found/);
    await expect(stranger).rejects.not.toBeInstanceOf(IdentityProviderUnavailable);
  });
});

describe('what the user and the client are answered while the key set is down (AUTH_JWKS_URL)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { AUTH_JWKS_URL: `${base}/jwks`, RATE_AUTH_FAILURES: '2', RATE_AUTH_FAILURE_WINDOW_SECONDS: '300' } });
  });
  afterAll(() => t?.stop());

  it('SERVICE_UNAVAILABLE (503) on HTTP, try again later on the socket, never counted as failed logins', async () => {
    const anna = await token({ iss: t.config.auth.issuer, aud: t.config.auth.audience });
    keySet = '503';
    // More requests than the failed-login limit (2): each is the provider's outage, none RATE_LIMITED.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}` },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      expect(body.errors?.[0]).toMatchObject({ message: 'Log ind-tjenesten kan ikke nås lige nu. Prøv igen om lidt.', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    }
    const ws = await WsClient.connect(t.url, anna);
    expect([ws.closeCode, ws.closeReason]).toEqual([1013, 'Service unavailable']);

    keySet = 'keys';
    const me = await t.gql<{ me: { username: string } }>('{ me { username } }', {}, anna);
    expect(me.data?.me.username).toBe('anna');
  });
});
