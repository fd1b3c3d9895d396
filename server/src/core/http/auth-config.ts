import type { Express } from 'express';
import type { AppConfig } from '../config';

/** What the web client needs to know to sign in: public, and the same for everyone. */
export type AuthClientConfig =
  | { mode: 'demo' }
  | { mode: 'oidc'; issuer: string; clientId: string; scope: string; audience: string };

export function authClientConfig(config: Pick<AppConfig, 'auth'>): AuthClientConfig {
  const oidc = config.auth.oidc;
  return oidc ? { mode: 'oidc', issuer: oidc.issuer, clientId: oidc.clientId, scope: oidc.scopes, audience: oidc.audience } : { mode: 'demo' };
}

/**
 * `GET /auth/config`: how the web client signs in. With an identity provider it names it (the
 * authorization code flow with PKCE runs in the browser, against the provider); without one,
 * the client offers demo login (or a pasted token). Nothing here is a secret: a public client
 * has none.
 */
export function mountAuthConfig(app: Express, config: Pick<AppConfig, 'auth'>): void {
  const body = authClientConfig(config);
  app.get('/auth/config', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(body);
  });
}
