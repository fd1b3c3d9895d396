import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthConfig } from '../config';
import { createTokenVerifier, IdentityProviderUnavailable } from './tokens';

/**
 * The API's check of an OpenID provider's access tokens, claim by claim, against a provider
 * stand-in that serves a discovery document and a key set (the real provider's tokens:
 * test/auth/oidc-tokens.test.ts). Each refused token differs from an accepted one in one thing.
 */
const AUDIENCE = 'api://samplan';
let server: Server;
let issuer: string;
let key: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    // An issuer whose discovery document names another (a provider that does so is refused).
    else if (req.url === '/impostor/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: 'http://impostor.example', jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const config = (over: Partial<AuthConfig> = {}): AuthConfig => ({
  issuer: 'samplan-demo',
  audience: 'samplan',
  demoTokenTtlSeconds: 3600,
  maxTokenAgeSeconds: 3600,
  oidc: { issuer, clientId: 'samplan-web', audience: AUDIENCE, scopes: 'openid' },
  ...over,
});

const now = () => Math.floor(Date.now() / 1000);

function token(claims: { iss?: string; aud?: string; iat?: number | null; exp?: number; extra?: Record<string, unknown> } = {}, signWith: KeyLike | Uint8Array = key, alg = 'RS256') {
  let jwt = new SignJWT(claims.extra ?? {}).setProtectedHeader({ alg, kid: 'k1' }).setSubject('anna').setIssuer(claims.iss ?? issuer).setAudience(claims.aud ?? AUDIENCE).setExpirationTime(claims.exp ?? now() + 300);
  if (claims.iat !== null) jwt = jwt.setIssuedAt(claims.iat ?? now());
  return jwt.sign(signWith);
}

it('accepts a token of the provider, keys found by discovery, and reads its verified e-mail', async () => {
  const verified = await createTokenVerifier(config()).verify(await token({ extra: { email: 'Anna@Kommune.dk', email_verified: true } }));
  expect(verified).toMatchObject({ subject: 'anna', issuer, email: 'anna@kommune.dk' });
});

it('takes an e-mail the provider does not vouch for only when told the provider is the municipality\'s own directory', async () => {
  const unflagged = [{ email: 'anna@kommune.dk' }, { preferred_username: 'anna@kommune.dk' }, { upn: 'anna@kommune.dk' }];
  for (const extra of unflagged) {
    expect((await createTokenVerifier(config()).verify(await token({ extra }))).email).toBeUndefined();
    expect((await createTokenVerifier(config({ trustUnverifiedEmail: true })).verify(await token({ extra }))).email).toBe('anna@kommune.dk');
  }
  // Said to be unverified: never, whatever the setting.
  for (const flag of [false, 'false']) {
    const said = await token({ extra: { email: 'anna@kommune.dk', email_verified: flag } });
    expect((await createTokenVerifier(config({ trustUnverifiedEmail: true })).verify(said)).email).toBeUndefined();
  }
});

it('accepts a token issued a few seconds ahead of this server\'s clock, not minutes ahead', async () => {
  await expect(createTokenVerifier(config()).verify(await token({ iat: now() + 5 }))).resolves.toMatchObject({ subject: 'anna' });
  await expect(createTokenVerifier(config()).verify(await token({ iat: now() + 300 }))).rejects.toThrow(/iat/);
});

it.each([
  ['another issuer', { iss: 'http://elsewhere.example' }, /iss/],
  ['another audience', { aud: 'api://other' }, /aud/],
  ['no iat', { iat: null }, /iat/],
  ['expired', { exp: now() - 10 }, /exp/],
])('refuses a token with %s', async (_what, claims, reason) => {
  await expect(createTokenVerifier(config()).verify(await token(claims))).rejects.toThrow(reason);
});

it('refuses a token signed with a key the provider does not publish', async () => {
  const stranger = (await generateKeyPair('RS256')).privateKey;
  await expect(createTokenVerifier(config()).verify(await token({}, stranger))).rejects.toThrow(/signature/);
});

it('accepts demo tokens (HS256) only when the configuration keeps the secret (demo mode)', async () => {
  const secret = 'a-demo-secret-of-enough-length-0000000000';
  const demo = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('anna').setIssuer('samplan-demo').setAudience('samplan').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret));
  await expect(createTokenVerifier(config()).verify(demo)).rejects.toThrow(/demo tokens are refused/);
  await expect(createTokenVerifier(config({ secret })).verify(demo)).resolves.toMatchObject({ subject: 'anna' });
});

it('refuses to trust a discovery document that names another issuer, and tells an unreachable provider apart', async () => {
  const impostor = `${issuer}/impostor`;
  const namedElsewhere = config({ oidc: { issuer: impostor, clientId: 'samplan-web', audience: AUDIENCE, scopes: 'openid' } });
  await expect(createTokenVerifier(namedElsewhere).verify(await token({ iss: impostor }))).rejects.toBeInstanceOf(IdentityProviderUnavailable);
  const away = config({ oidc: { issuer: 'http://127.0.0.1:9', clientId: 'samplan-web', audience: AUDIENCE, scopes: 'openid' } });
  await expect(createTokenVerifier(away).verify(await token({ iss: 'http://127.0.0.1:9' }))).rejects.toBeInstanceOf(IdentityProviderUnavailable);
});
