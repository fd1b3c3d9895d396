import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderMetadata } from '../auth/tokens';
import { startTestServer } from '../../test-support/test-server';
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
  let issuer: string;
  let tokenHost: string;
  let discovery: 'answers' | 'down' = 'answers';
  const servers: Server[] = [];
  const listen = async (server: Server) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    tokenHost = await listen(createServer((_req, res) => res.writeHead(404).end()));
    issuer = await listen(createServer((req, res) => {
      if (req.url !== '/.well-known/openid-configuration' || discovery === 'down') return void res.writeHead(503).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${tokenHost}/token`, userinfo_endpoint: `${tokenHost}/userinfo` }));
    }));
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  const served = async () => {
    const t = await startTestServer({ seed: false, env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'samplan-web', OIDC_AUDIENCE: 'api://samplan' } });
    try {
      return directives((await fetch(`${t.url}/healthz`)).headers.get('content-security-policy') ?? '');
    } finally {
      await t.stop();
    }
  };

  it('every answer allows the token endpoint, read from the discovery at start', async () => {
    discovery = 'answers';
    const policy = await served();
    expect(policy.get('connect-src')).toBe(`'self' ${issuer} ${tokenHost}`);
    expect(policy.get('frame-src')).toBe(`'self' ${issuer}`);
  });

  it('a provider that cannot be asked at start: the server starts, and allows the issuer\'s origin', async () => {
    discovery = 'down';
    const policy = await served();
    expect(policy.get('connect-src')).toBe(`'self' ${issuer}`);
    expect(policy.get('frame-src')).toBe(`'self' ${issuer}`);
  });
});
