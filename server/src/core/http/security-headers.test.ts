import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { contentSecurityPolicyFor } from './app';

/**
 * Every answer, the web client's pages included, tells the browser not to let another site
 * frame Samplan (a page of a signed-in caseworker under a decoy, where a click lands on
 * "Afslut forløb" or "Delt med mentor"), not to guess a file's type from its content, and not
 * to send the address of a plan page to the sites it links to (a samtale's video link), and
 * to run no script but Samplan's own. OWASP ASVS 4.0, V14.4.3, V14.4.4, V14.4.6, V14.4.7.
 */
jest.setTimeout(60_000);

let t: TestServer;
let dist: string;
beforeAll(async () => {
  // A built web client of one page, served as the real one is.
  dist = mkdtempSync(path.join(tmpdir(), 'samplan-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Samplan</title>');
  t = await startTestServer({ seed: false, env: { CLIENT_DIST: dist } });
});
afterAll(async () => {
  await t.stop();
  rmSync(dist, { recursive: true, force: true });
});

const expectGuarded = (res: Response) => {
  expect({
    frameOptions: res.headers.get('x-frame-options'),
    csp: res.headers.get('content-security-policy'),
    nosniff: res.headers.get('x-content-type-options'),
    referrer: res.headers.get('referrer-policy'),
  }).toEqual({ frameOptions: 'SAMEORIGIN', csp: contentSecurityPolicyFor(undefined), nosniff: 'nosniff', referrer: 'same-origin' });
};

it("a page runs Samplan's own scripts only, is framed by Samplan only, and reaches the identity provider's origin, no other", () => {
  const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  const policy = directives(contentSecurityPolicyFor('https://log-ind.kommune.dk/realms/samplan'));
  expect(policy.get('script-src')).toBe("'self'");
  expect(policy.get('default-src')).toBe("'self'");
  expect(policy.get('object-src')).toBe("'none'");
  expect(policy.get('base-uri')).toBe("'none'");
  expect(policy.get('frame-ancestors')).toBe("'self'");
  expect(policy.get('connect-src')).toBe("'self' https://log-ind.kommune.dk");
  expect(policy.get('frame-src')).toBe("'self' https://log-ind.kommune.dk");
  // Without a provider (demo tokens), nothing but Samplan itself.
  expect(directives(contentSecurityPolicyFor(undefined)).get('connect-src')).toBe("'self'");
});

it('the web client, a plan page\'s address and the silent sign-in page may be framed by Samplan itself only', async () => {
  // The provider's answer to a silent renewal comes back to /auth/silent inside Samplan's own hidden frame.
  for (const page of ['/', '/plan/0ec1fd3c-d13c-47b0-8a9c-20285284d5ed', '/auth/silent', '/healthz']) {
    const res = await fetch(`${t.url}${page}`);
    expect(res.status).toBe(200);
    expectGuarded(res);
  }
});

it('the API answers carry the same headers, errors included', async () => {
  expectGuarded(await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }));
  expectGuarded(await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }));
});
