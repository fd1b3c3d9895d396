import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

/**
 * Sign-in with OpenID Connect through oidc-client-ts: the authorization code flow with PKCE
 * against the provider the server names (GET /auth/config), tokens kept in sessionStorage so
 * they end with the tab. The provider, not Samplan, asks for the password.
 */

/** How to sign in, as the server says (server/src/core/http/auth-config.ts). */
export type AuthClientConfig = { mode: 'demo' } | { mode: 'oidc'; issuer: string; clientId: string; scope: string; audience: string };

export const AUTH_CONFIG_PATH = '/auth/config';
/** Where the provider sends the browser back after signing in (full page). */
export const SIGN_IN_CALLBACK_PATH = '/auth/callback';
/** The same, in the popup used to sign in again without leaving the page. */
export const POPUP_CALLBACK_PATH = '/auth/popup';
/** The same, in a hidden frame, when the provider gives no refresh token (prompt=none). */
export const SILENT_CALLBACK_PATH = '/auth/silent';
/** Where the provider sends the browser after signing out there. */
export const SIGNED_OUT_PATH = '/logget-ud';
/**
 * The same page when only Samplan's session ended: the provider could not be reached, or offers
 * no sign-out (no end_session_endpoint). Its session lives on, so the page says so, and the next
 * sign-in from this tab asks for the login again (prompt=login).
 */
export const SIGNED_OUT_LOCALLY_PARAM = 'lokalt';
export const SIGNED_OUT_LOCALLY_PATH = `${SIGNED_OUT_PATH}?${SIGNED_OUT_LOCALLY_PARAM}=1`;

/** Whether `search` (a URL's query) is that of the page for a sign-out of Samplan only. */
export function signedOutLocally(search: string): boolean {
  return new URLSearchParams(search).get(SIGNED_OUT_LOCALLY_PARAM) === '1';
}

/**
 * The server's answer. Demo mode only when the server says so: an answer that fails (no
 * connection, a proxy's 502 during a restart, something else than the settings) throws, so a
 * municipality's sign-in is never mistaken for the demo's token field.
 */
export async function fetchAuthConfig(fetcher: typeof fetch | undefined = globalThis.fetch): Promise<AuthClientConfig> {
  if (!fetcher) return { mode: 'demo' };
  const res = await fetcher(AUTH_CONFIG_PATH, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${AUTH_CONFIG_PATH}: ${res.status}`);
  const body = (await res.json()) as Partial<AuthClientConfig & { mode: string }>;
  if (body.mode === 'oidc' && typeof body.issuer === 'string' && typeof body.clientId === 'string') {
    return { mode: 'oidc', issuer: body.issuer, clientId: body.clientId, scope: body.scope ?? 'openid', audience: body.audience ?? '' };
  }
  if (body.mode === 'demo') return { mode: 'demo' };
  throw new Error(`GET ${AUTH_CONFIG_PATH}: not sign-in settings`);
}

export function createUserManager(config: Extract<AuthClientConfig, { mode: 'oidc' }>, origin: string = globalThis.location.origin): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: origin + SIGN_IN_CALLBACK_PATH,
    popup_redirect_uri: origin + POPUP_CALLBACK_PATH,
    silent_redirect_uri: origin + SILENT_CALLBACK_PATH,
    post_logout_redirect_uri: origin + SIGNED_OUT_PATH,
    // Renewal is scheduled by AuthProvider (renewInMs), which also decides what a failure means.
    automaticSilentRenew: false,
    // The access token is for the API; who the user is comes from the API (`me`), not userinfo.
    loadUserInfo: false,
    monitorSession: false,
    userStore: new WebStorageStateStore({ store: globalThis.sessionStorage }),
    // The state of a sign-in under way (the PKCE verifier, the path to return to, which may name
    // a plan) ends with the tab too: by default it stays in localStorage, for whoever uses the
    // browser profile next when a sign-in is abandoned.
    stateStore: new WebStorageStateStore({ store: globalThis.sessionStorage }),
  });
}

/**
 * At start-up: forgets sign-ins abandoned in this tab, and what earlier versions of Samplan left
 * in localStorage (the library's default store for that state, used before stateStore was set).
 * Never fails: a store that cannot be read has nothing to forget.
 */
export function forgetAbandonedSignIns(um: UserManager, local: Storage | undefined = globalThis.localStorage): Promise<void> {
  try {
    const keys = local ? Array.from({ length: local.length }, (_, i) => local.key(i)) : [];
    for (const key of keys) if (key?.startsWith('oidc.')) local?.removeItem(key);
  } catch {
    // localStorage unavailable (private browsing, disabled storage).
  }
  return Promise.resolve()
    .then(() => um.clearStaleState())
    .catch(() => undefined);
}

/**
 * When to renew a token that has `expiresAt` (seconds since epoch): a quarter of its remaining
 * life before it ends, at most a minute before, so a short-lived token is not renewed at once
 * again and again, and a long one is renewed in good time.
 */
export function renewInMs(expiresAt: number | undefined, now = Date.now()): number | undefined {
  if (expiresAt === undefined) return undefined;
  const left = expiresAt * 1000 - now;
  return Math.max(0, left - Math.min(60_000, left / 4));
}

/** The path to come back to after signing in: what the user opened, not a sign-in page. */
export function returnPathOf(user: User | null | undefined): string {
  const state = user?.state as { returnTo?: unknown } | undefined;
  const to = typeof state?.returnTo === 'string' ? state.returnTo : '/';
  // Only a path on this site (no //host), and never back into a callback.
  return to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/auth/') && to !== SIGNED_OUT_PATH ? to : '/';
}

export type { User };
