import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverProvider, IdentityProviderUnavailable, type ProviderMetadata } from '../auth/tokens';
import { codeOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { contentSecurityPolicyFor } from './app';

/**
 * A real identity provider keeps its endpoints where it likes: Entra ID's, KOMBIT's context
 * handler's token endpoint or login page may be on another host than the issuer. The browser
 * must reach the ones it uses (oidc-client-ts: the discovery document, the token endpoint, the
 * silent renewal's frame at the authorization endpoint) and nothing else the provider names.
 */
jest.setTimeout(60_000);

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

const ISSUER = 'https://log-ind.kommune.dk/realms/samplan';
const onTwoOrigins: ProviderMetadata = {
  issuer: ISSUER,
  jwks_uri: 'https://keys.kommune.dk/realms/samplan/certs',
  authorization_endpoint: 'https://log-ind.kommune.dk/realms/samplan/auth',
  token_endpoint: 'https://token.kommune.dk:8443/realms/samplan/token',
  userinfo_endpoint: 'https://userinfo.kommune.dk/me',
  end_session_endpoint: 'https://logout.kommune.dk/logout',
  check_session_iframe: 'https://session.kommune.dk/check',
  revocation_endpoint: 'https://revoke.kommune.dk/revoke',
};

it('allows the discovery at the issuer, the token endpoint on its own host, and frames the authorization endpoint', () => {
  const policy = directives(contentSecurityPolicyFor(ISSUER, onTwoOrigins, { httpsOnly: true }));
  expect(policy.get('connect-src')).toBe("'self' https://log-ind.kommune.dk https://token.kommune.dk:8443");
  expect(policy.get('frame-src')).toBe("'self' https://log-ind.kommune.dk");
  // Not what the client never reaches from the page: keys, userinfo, revocation, the session
  // frame; nor sign-out, a whole page navigation.
  for (const host of ['keys', 'userinfo', 'logout', 'session', 'revoke']) expect(contentSecurityPolicyFor(ISSUER, onTwoOrigins)).not.toContain(`${host}.kommune.dk`);
  // Everything else stays as strict as without a provider.
  expect(policy.get('script-src')).toBe("'self'");
  expect(policy.get('style-src')).toBe("'self'");
});

it('names an origin once, and the frame only where the silent renewal goes', () => {
  const oneHost = { ...onTwoOrigins, authorization_endpoint: 'https://login.kommune.dk/authorize', token_endpoint: 'https://log-ind.kommune.dk/realms/samplan/token' };
  const policy = directives(contentSecurityPolicyFor(ISSUER, oneHost, { httpsOnly: true }));
  expect(policy.get('connect-src')).toBe("'self' https://log-ind.kommune.dk");
  expect(policy.get('frame-src')).toBe("'self' https://login.kommune.dk");
});

it('in production only https endpoints, and never a text that would end the directive', () => {
  const plain = { ...onTwoOrigins, token_endpoint: 'http://token.kommune.dk/token', authorization_endpoint: 'javascript:alert(1)' };
  expect(directives(contentSecurityPolicyFor(ISSUER, plain, { httpsOnly: true })).get('connect-src')).toBe("'self' https://log-ind.kommune.dk");
  expect(directives(contentSecurityPolicyFor(ISSUER, plain, { httpsOnly: false })).get('connect-src')).toBe("'self' https://log-ind.kommune.dk http://token.kommune.dk");
  expect(directives(contentSecurityPolicyFor(ISSUER, plain)).get('frame-src')).toBe("'self'");
  // The URL parser lets ";" through in a host: such an endpoint is left out, not copied into the header.
  const injected = contentSecurityPolicyFor(ISSUER, { ...onTwoOrigins, token_endpoint: "https://a;script-src 'unsafe-inline' *;x/" });
  expect(injected).not.toContain('unsafe-inline');
  expect(directives(injected).get('connect-src')).toBe("'self' https://log-ind.kommune.dk");
});

describe('a server signing in at a provider whose token endpoint is on another origin', () => {
  let base: string;
  let tokenHost: string;
  let key: KeyLike;
  /**
   * The provider's realms, each an issuer of its own (`${base}/realms/<name>`): this process reads
   * an issuer's discovery once, so each test names one it has not read yet. A realm listed in
   * `down` answers its discovery with 503; `asked` counts the discovery requests of each.
   */
  const down = new Set<string>();
  const asked = new Map<string, number>();
  const issuerOf = (realm: string) => `${base}/realms/${realm}`;
  const servers: Server[] = [];
  const listen = async (server: Server) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    tokenHost = await listen(createServer((_req, res) => res.writeHead(404).end()));
    base = await listen(createServer((req, res) => {
      const [, realm, what] = /^\/realms\/([a-z-]+)\/(\.well-known\/openid-configuration|jwks)$/.exec(req.url ?? '') ?? [];
      if (!realm) return void res.writeHead(404).end();
      res.setHeader('content-type', 'application/json');
      if (what === 'jwks') return void res.end(JSON.stringify({ keys: [jwk] }));
      asked.set(realm, (asked.get(realm) ?? 0) + 1);
      if (down.has(realm)) return void res.writeHead(503).end('{}');
      const issuer = issuerOf(realm);
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${tokenHost}/token`, userinfo_endpoint: `${tokenHost}/userinfo` }));
    }));
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  const start = (realm: string) =>
    startTestServer({ seed: false, env: { OIDC_ISSUER: issuerOf(realm), OIDC_CLIENT_ID: 'samplan-web', OIDC_AUDIENCE: 'api://samplan' } });
  const policyOf = async (t: TestServer) => directives((await fetch(`${t.url}/healthz`)).headers.get('content-security-policy') ?? '');
  /** A server signing in at the realm, for as long as `run` runs. */
  const withServer = async <T>(realm: string, run: (t: TestServer) => Promise<T>): Promise<T> => {
    const t = await start(realm);
    try {
      return await run(t);
    } finally {
      await t.stop();
    }
  };
  const served = (realm: string) => withServer(realm, policyOf);
  /** An access token of the realm, for a login Samplan does not know: verified, it is answered NOT_A_USER. */
  const tokenOf = (realm: string) =>
    new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('idp|ukendt').setIssuer(issuerOf(realm)).setAudience('api://samplan')
      .setIssuedAt().setExpirationTime('5m').sign(key);
  const me = (t: TestServer, token: string) => t.gql('{ me { name } }', {}, token);

  it('every answer allows the token endpoint, read from the discovery at start', async () => {
    const policy = await served('answers');
    expect(policy.get('connect-src')).toBe(`'self' ${base} ${tokenHost}`);
    expect(policy.get('frame-src')).toBe(`'self' ${base}`);
  });

  it('a provider that cannot be asked at start: the server starts, and allows the issuer\'s origin', async () => {
    down.add('down');
    const policy = await served('down');
    expect(policy.get('connect-src')).toBe(`'self' ${base}`);
    expect(policy.get('frame-src')).toBe(`'self' ${base}`);
  });

  it('the discovery is read once: the policy at start and the verifier\'s keys share it', () =>
    withServer('once', async (t) => {
      expect((await policyOf(t)).get('connect-src')).toBe(`'self' ${base} ${tokenHost}`);
      // The token is checked with the keys the discovery names: it is genuine, of nobody Samplan knows.
      expect(codeOf(await me(t, await tokenOf('once')))).toBe('NOT_A_USER');
      expect(codeOf(await me(t, await tokenOf('once')))).toBe('NOT_A_USER');
      expect(asked.get('once')).toBe(1);
    }));

  it('a failed read is not kept: down at start, the provider is asked again by the first token, and its keys are found', async () => {
    down.add('late');
    await withServer('late', async (t) => {
      expect(asked.get('late')).toBe(1);
      expect((await policyOf(t)).get('connect-src')).toBe(`'self' ${base}`);
      // Still down: the token cannot be checked, and the user is asked to try again.
      expect(codeOf(await me(t, await tokenOf('late')))).toBe('SERVICE_UNAVAILABLE');
      expect(asked.get('late')).toBe(2);
      // Up again: the next token reads the discovery, and that read is kept.
      down.delete('late');
      expect(codeOf(await me(t, await tokenOf('late')))).toBe('NOT_A_USER');
      expect(codeOf(await me(t, await tokenOf('late')))).toBe('NOT_A_USER');
      expect(asked.get('late')).toBe(3);
    });
  });

  it('callers at the same time share one request; a failure is asked again by the next caller', async () => {
    const [a, b] = await Promise.all([discoverProvider(issuerOf('shared')), discoverProvider(issuerOf('shared'))]);
    expect(a).toBe(b);
    expect(await discoverProvider(issuerOf('shared'))).toBe(a);
    expect(asked.get('shared')).toBe(1);

    down.add('flaky');
    await expect(Promise.all([discoverProvider(issuerOf('flaky')), discoverProvider(issuerOf('flaky'))])).rejects.toBeInstanceOf(IdentityProviderUnavailable);
    expect(asked.get('flaky')).toBe(1);
    down.delete('flaky');
    expect(await discoverProvider(issuerOf('flaky'))).toMatchObject({ issuer: issuerOf('flaky'), jwks_uri: `${issuerOf('flaky')}/jwks` });
    expect(await discoverProvider(issuerOf('flaky'))).toMatchObject({ issuer: issuerOf('flaky') });
    expect(asked.get('flaky')).toBe(2);
  });
});
