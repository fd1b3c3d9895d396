import { createHash, randomBytes } from 'node:crypto';
import type { OidcSettings } from '../../server/src/core/config';

/**
 * Signing in at the local OpenID provider (server/dev-oidc/provider.mjs; started by
 * startDevOidcProvider in server/src/core/auth/dev-oidc.ts) over plain HTTP, through the same
 * authorization code flow with PKCE the browser goes through.
 */

export interface ProviderTokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
}

/** A tiny cookie jar for one provider origin: enough for its session and interaction cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs `login` in at the provider as the web client would (authorization code + PKCE) and
 * returns the token response. `redirectUri` is any loopback URL: nothing is served there,
 * the code is read from the redirect.
 */
export async function tokensFor(provider: OidcSettings, login: string, redirectUri = 'http://127.0.0.1:9/auth/callback'): Promise<ProviderTokens> {
  const jar = new Jar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL('/auth', provider.issuer);
  auth.search = new URLSearchParams({
    client_id: provider.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: provider.scopes,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  }).toString();
  let url = auth.toString();
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    jar.take(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.toString().startsWith(redirectUri)) {
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`no code in the redirect: ${next.toString()}`);
        const token = await fetch(new URL('/token', provider.issuer), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: provider.clientId, code_verifier: verifier }),
        });
        const json = (await token.json()) as ProviderTokens & { error?: string; error_description?: string };
        if (!token.ok) throw new Error(`token request refused: ${json.error} ${json.error_description ?? ''}`);
        return json;
      }
      url = next.toString();
      continue;
    }
    const html = await res.text();
    const form = /action="([^"]*\/login)"/.exec(html);
    if (!form) throw new Error(`unexpected page from the provider (${res.status}): ${html.slice(0, 500)}`);
    url = new URL(form[1]!, url).toString();
    body = new URLSearchParams({ login });
  }
  throw new Error('too many redirects at the provider');
}
