import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ERROR_MESSAGES } from './errors';
import {
  createUserManager,
  fetchAuthConfig,
  forgetAbandonedSignIns,
  POPUP_CALLBACK_PATH,
  renewInMs,
  returnPathOf,
  SIGNED_OUT_LOCALLY_PATH,
  SIGNED_OUT_PATH,
  signedOutLocally,
  SILENT_CALLBACK_PATH,
  type AuthClientConfig,
  type User,
} from './oidc';
import type { UserManager } from 'oidc-client-ts';

/**
 * Who is signed in, as far as the client knows: a bearer token, kept in sessionStorage so it
 * ends with the tab. The server says how to get one (GET /auth/config):
 *
 * - **OpenID Connect** (`oidc`): the municipality's identity provider signs the user in
 *   (authorization code flow with PKCE, core/oidc.ts). The token is renewed before it expires;
 *   a renewal that fails (the laptop asleep, the network or the provider away) is tried again
 *   while the token is still good (RENEWAL_RETRY_MS). Only when it has expired, or the server
 *   refuses it, is the user asked to sign in again in a popup; the page stays as it is, so nothing
 *   typed into an open form is lost. "Log ud" ends the session at the provider too.
 * - **Demo** (`demo`): demo login, or a token pasted on the login page.
 *
 * The server is the judge of the token; this only keeps it, renews it and drops it.
 */

export const TOKEN_KEY = 'samplan.token';

/**
 * Set in this tab when "Log ud" ended Samplan's session but not the provider's (it could not be
 * reached, or offers no sign-out): until someone signs in again, signing in asks for the login
 * (prompt=login) rather than letting the provider's live session sign the next person in.
 */
export const PROVIDER_SESSION_LEFT_KEY = 'samplan.providerSessionLeft';

function providerSessionLeft(): boolean {
  if (window.location.pathname === SIGNED_OUT_PATH && signedOutLocally(window.location.search)) return true;
  try {
    return globalThis.sessionStorage?.getItem(PROVIDER_SESSION_LEFT_KEY) === '1';
  } catch {
    return false;
  }
}

function markProviderSessionLeft(left: boolean): void {
  try {
    if (left) globalThis.sessionStorage?.setItem(PROVIDER_SESSION_LEFT_KEY, '1');
    else globalThis.sessionStorage?.removeItem(PROVIDER_SESSION_LEFT_KEY);
  } catch {
    // Storage unavailable: the signed-out page's address says it (SIGNED_OUT_LOCALLY_PATH).
  }
}

/** Storage that never throws (private browsing, disabled storage). */
export interface TokenStorage {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export function sessionTokenStorage(storage: Storage | undefined = globalThis.sessionStorage): TokenStorage {
  return {
    get() {
      try {
        return storage?.getItem(TOKEN_KEY) ?? null;
      } catch {
        return null;
      }
    },
    set(token) {
      try {
        storage?.setItem(TOKEN_KEY, token);
      } catch {
        // Storage unavailable: the token lives only in memory for this page.
      }
    },
    clear() {
      try {
        storage?.removeItem(TOKEN_KEY);
      } catch {
        // Nothing to clear.
      }
    },
  };
}

/** The claims of a JWT, read without checking it (the server does), or undefined when the token is not a readable JWT. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` of a JWT in milliseconds, or undefined when the token is not a readable JWT. */
export function tokenExpiresAt(token: string): number | undefined {
  const exp = claimsOf(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/** The `sub` of a JWT (whose token it is), or undefined when the token is not a readable JWT. */
export function tokenSubject(token: string | null | undefined): string | undefined {
  const sub = token ? claimsOf(token)?.sub : undefined;
  return typeof sub === 'string' ? sub : undefined;
}

function usable(token: string | null, now = Date.now()): string | null {
  if (!token) return null;
  const exp = tokenExpiresAt(token);
  return exp !== undefined && exp <= now ? null : token;
}

/**
 * The current token for what outlives a render (the Apollo links, the WebSocket's connection
 * parameters): read afresh each time, and awaited when a renewal is due.
 */
export interface TokenSource {
  get(): string | null;
  /** Calls `listener` with every new token (a renewal, or signing in again); returns how to stop. */
  onChange(listener: (token: string) => void): () => void;
}

function createTokenSource(): TokenSource & { set(token: string | null): void } {
  let current: string | null = null;
  const listeners = new Set<(token: string) => void>();
  return {
    get: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(token) {
      if (token === current) return;
      current = token;
      if (token) for (const listener of [...listeners]) listener(token);
    },
  };
}

/** 'unavailable': the sign-in settings could not be read (retryConfig asks again). */
export type AuthMode = 'loading' | 'demo' | 'oidc' | 'unavailable';

export interface Auth {
  /** How this Samplan signs in; `loading` until the server has said and a stored session is read. */
  mode: AuthMode;
  token: string | null;
  tokens: TokenSource;
  /**
   * Who the session belongs to: the provider's subject (the same across renewals), or in demo
   * mode the token. A new value means another user: a new Apollo client and fresh screens.
   */
  session: string | null;
  /**
   * The session's token is renewed (a provider's sign-in): a new token may come for the same
   * session. Known as soon as the server has said how Samplan signs in, and not changed by a
   * stored session being read, so a page reloaded with a demo session keeps its first client.
   */
  renews: boolean;
  /** Why the user was signed out, shown on the login page (e.g. the token expired). */
  notice: string | null;
  /**
   * The session could not be renewed and its token is no good any more (expired, or refused by
   * the server): the page stays, and the user is asked to sign in again. A renewal that fails
   * while the token is still good is tried again (RENEWAL_RETRY_MS) and does not set this.
   */
  renewalFailed: boolean;
  /** The server knows the token but not the person (NOT_A_USER). */
  notAUser: boolean;
  /**
   * With `notAUser`, why: someone Samplan does not know ('unknown'), a user an administrator
   * deactivated ('deactivated', reason DEACTIVATED), someone whose invitation waits for another
   * administrator's approval ('awaitingApproval', reason AWAITING_APPROVAL), or a citizen signed in with MitID for whom
   * Samplan holds no programme ('citizen', reason CITIZEN). Null while the user is let in.
   */
  notAUserReason: NotAUserReason | null;
  /**
   * With reason 'citizen': the NSIS level the citizen's sign-in fell short of (NOT_A_USER's
   * `levelRequired`), who may have a plan and is asked to sign in at it. Null otherwise.
   */
  notAUserLevelRequired: CitizenLevel | null;
  /**
   * With reason 'deactivated': when (epoch ms) a new sign-in will be let in, from NOT_A_USER's
   * `retryAfterSeconds`. The server says it when the token was issued too soon after the account's
   * deactivation to be sure it came after it: most likely someone just invited by another
   * municipality, who signed in at once. Null otherwise.
   */
  notAUserSignInAgainAt: number | null;
  /** Demo mode: signs in with a token (demo login, or pasted). */
  login(token: string): void;
  /**
   * Signs out. With a notice (access withdrawn, expired): here only, the notice shown on the
   * login page. Without (the user's "Log ud"): at the identity provider too, when there is one.
   */
  logout(notice?: string): void;
  /** The sign-in settings could not be read: ask the server again. */
  retryConfig(): void;
  /**
   * OIDC: to the provider's sign-in, and back to `returnTo` (default: the page open now). With
   * `again`, the provider is asked to sign the user in anew (prompt=login), not to reuse the
   * session it has: a citizen whose session is at too low a level signs in at a higher one.
   */
  signIn(returnTo?: string, options?: { again?: boolean }): Promise<void>;
  /** OIDC: signs in again in a popup, keeping this page (and what is typed into it) as it is. */
  signInAgain(): Promise<void>;
  /** OIDC: finishes the sign-in the provider sent the browser back with; returns where to go. */
  completeSignIn(): Promise<string>;
  /** OIDC, in the popup or hidden frame the provider answered: hands the answer to the page that opened it. */
  completeInFrame(kind: 'popup' | 'silent'): Promise<void>;
  /** The server refused the token (UNAUTHENTICATED): renew it, or ask to sign in again. */
  tokenRejected(): void;
  /**
   * The server answered NOT_A_USER, and why (nobody it knows unless it said otherwise), with a
   * citizen's level to sign in at, or for a deactivated account the seconds until a new sign-in
   * will be let in (`retryAfterSeconds`).
   */
  markNotAUser(why?: NotAUserReason, levelRequired?: CitizenLevel, signInAgainInSeconds?: number): void;
  /** Asked again with the same sign-in, the server let it in (an invitation approved meanwhile): the signed-in pages. */
  clearNotAUser(): void;
}

/** Why a genuine token names nobody who may use Samplan (NOT_A_USER's `reason`). */
export type NotAUserReason = 'unknown' | 'deactivated' | 'awaitingApproval' | 'citizen';

/** The NSIS levels a citizen may be asked to sign in at (the server's OIDC_CITIZEN_MIN_LOA). */
export type CitizenLevel = 'Substantial' | 'High';

/** A level as the server names it (`levelRequired`, or a close reason's SUBSTANTIAL), or undefined for anything else. */
export function citizenLevelOf(value: unknown): CitizenLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const level = value.toLowerCase();
  return level === 'substantial' ? 'Substantial' : level === 'high' ? 'High' : undefined;
}

/** The sign-in as the app sees it (exported for tests that provide one of their own). */
export const AuthContext = createContext<Auth | null>(null);

export interface AuthProviderProps {
  children: ReactNode;
  storage?: TokenStorage;
  /** How to sign in; fetched from the server when not given. */
  config?: AuthClientConfig;
  /** For tests: the OpenID client to use instead of one made from the configuration. */
  userManager?: UserManager;
  /** For tests: loads another page (window.location.assign). */
  loadPage?: (url: string) => void;
}

/**
 * How long to wait before trying a failed renewal again, after the first, second, … failure;
 * the last repeats. A renewal fails for reasons that pass (the laptop was asleep, the network
 * or the provider was away for a moment), so one failure must not end renewal for good; nor
 * should a provider that is down be asked every second by every open tab. The last try is
 * when the token expires, whatever the wait: only then is the user asked to sign in again.
 */
export const RENEWAL_RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/**
 * "Log ud" in one tab signs out every tab of Samplan in this browser (a shared PC at a
 * jobcenter or a library): each tab keeps its own sign-in, so each is told.
 */
export const SIGN_OUT_CHANNEL = 'samplan-sign-out';
export const SIGNED_OUT_ELSEWHERE = 'Du er logget ud af Samplan i et andet vindue.';

const assignPage = (url: string) => window.location.assign(url);

/** One popup or redirect callback per page, even when React runs an effect twice. */
let completing: Promise<User> | undefined;

export function AuthProvider({ children, storage, config: given, userManager, loadPage = assignPage }: AuthProviderProps) {
  const store = useMemo(() => storage ?? sessionTokenStorage(), [storage]);
  // Without fetch (an old browser, a test without a server) there is no server to ask: demo mode.
  const [config, setConfig] = useState<AuthClientConfig | null>(given ?? (typeof globalThis.fetch === 'function' ? null : { mode: 'demo' }));
  const [demoToken, setDemoToken] = useState<string | null>(() => {
    const stored = store.get();
    const valid = usable(stored);
    if (stored && !valid) store.clear();
    return valid;
  });
  const [user, setUserState] = useState<User | null>(null);
  const [restored, setRestored] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [renewalFailed, setRenewalFailed] = useState(false);
  /** Renewals that failed in a row while the token was still good (see RENEWAL_RETRY_MS). */
  const [renewalRetries, setRenewalRetries] = useState(0);
  const [refusal, setNotAUser] = useState<false | NotAUserReason>(false);
  const [levelRequired, setLevelRequired] = useState<CitizenLevel | null>(null);
  const [signInAgainAt, setSignInAgainAt] = useState<number | null>(null);
  const notAUser = refusal !== false;
  const notAUserReason = refusal === false ? null : refusal;
  const notAUserLevelRequired = refusal === 'citizen' ? levelRequired : null;
  const notAUserSignInAgainAt = refusal === 'deactivated' ? signInAgainAt : null;
  const tokens = useMemo(() => createTokenSource(), []);
  const renewing = useRef<Promise<void> | null>(null);
  /** The signed-in user now, for a renewal that fails to know whether the token is still good. */
  const current = useRef<User | null>(null);
  /** The server refused the current token (UNAUTHENTICATED): it is no good, whatever its `exp` says. */
  const refused = useRef(false);
  /** Where this tab says "signed out" to the others (SIGN_OUT_CHANNEL); none where the browser has no BroadcastChannel. */
  const signOutChannel = useRef<BroadcastChannel | null>(null);

  // Counted up by retryConfig: each asks the server again.
  const [configAsked, setConfigAsked] = useState(0);
  const [configFailed, setConfigFailed] = useState(false);
  useEffect(() => {
    if (given || config) return;
    let live = true;
    fetchAuthConfig().then(
      (c) => live && setConfig(c),
      () => live && setConfigFailed(true),
    );
    return () => {
      live = false;
    };
  }, [given, configAsked]);
  const retryConfig = useCallback(() => {
    setConfigFailed(false);
    setConfigAsked((n) => n + 1);
  }, []);

  const um = useMemo(() => (config?.mode === 'oidc' ? (userManager ?? createUserManager(config)) : null), [config, userManager]);

  const setUser = useCallback(
    (next: User | null) => {
      tokens.set(next?.access_token ?? null);
      current.current = next;
      refused.current = false;
      setRenewalRetries(0);
      setUserState(next);
    },
    [tokens],
  );

  // A session kept in this tab (a reload): use it if its token is still good.
  useEffect(() => {
    if (!um) return;
    void forgetAbandonedSignIns(um);
    let live = true;
    um.getUser()
      .then((stored) => {
        if (!live) return;
        if (stored && !stored.expired) setUser(stored);
        else if (stored?.refresh_token) return um.signinSilent().then((renewed) => live && setUser(renewed), () => undefined);
      })
      .catch(() => undefined)
      .finally(() => live && setRestored(true));
    return () => {
      live = false;
    };
  }, [um, setUser]);

  const renew = useCallback((): Promise<void> => {
    if (!um) return Promise.resolve();
    renewing.current ??= um
      .signinSilent()
      .then((renewed) => {
        if (!renewed) throw new Error('no session to renew');
        setUser(renewed);
        setRenewalFailed(false);
      })
      .catch(() => {
        const expiresAt = current.current?.expires_at;
        const stillGood = !refused.current && expiresAt !== undefined && expiresAt * 1000 > Date.now();
        if (stillGood) setRenewalRetries((n) => n + 1);
        else setRenewalFailed(true);
      })
      .finally(() => {
        renewing.current = null;
      });
    return renewing.current;
  }, [um, setUser]);

  // Renew before the token expires (core/oidc.ts, renewInMs); after a failure, again a little
  // later (RENEWAL_RETRY_MS) but no later than the expiry, and at once when the browser says
  // it is online again.
  useEffect(() => {
    if (!um || !user || renewalFailed || user.expires_at === undefined) return;
    const left = Math.max(0, user.expires_at * 1000 - Date.now());
    const ms = renewalRetries === 0 ? renewInMs(user.expires_at)! : Math.min(RENEWAL_RETRY_MS[Math.min(renewalRetries, RENEWAL_RETRY_MS.length) - 1]!, left);
    const timer = setTimeout(() => void renew(), Math.min(ms, 2 ** 31 - 1));
    const online = () => void renew();
    if (renewalRetries > 0) window.addEventListener('online', online);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', online);
    };
  }, [um, user, renewalFailed, renewalRetries, renew]);

  const login = useCallback(
    (next: string) => {
      const trimmed = next.trim().replace(/^Bearer\s+/i, '');
      store.set(trimmed);
      setNotice(null);
      setDemoToken(trimmed);
    },
    [store],
  );

  const logout = useCallback(
    (why?: string) => {
      // The user's own "Log ud" reaches the other tabs; they sign out here only, with a notice.
      if (!why) signOutChannel.current?.postMessage('signed-out');
      store.clear();
      setNotice(why ?? null);
      setDemoToken(null);
      setNotAUser(false);
      setRenewalFailed(false);
      if (!um) return;
      // "Log ud" ends the provider's session too (RP-initiated logout, with the id token as hint);
      // the provider sends the browser back to SIGNED_OUT_PATH. When it cannot (unreachable, or no
      // end_session_endpoint), only Samplan's session ends: the page says the provider's lives on
      // (a shared PC: close the browser), and the next sign-in here asks for the login again.
      const local = () => um.removeUser().finally(() => setUser(null));
      if (why) void local();
      else
        void um.signoutRedirect().catch(() =>
          local()
            .catch(() => undefined)
            .then(() => {
              markProviderSessionLeft(true);
              loadPage(SIGNED_OUT_LOCALLY_PATH);
            }),
        );
    },
    [store, um, setUser, loadPage],
  );

  const logoutRef = useRef(logout);
  logoutRef.current = logout;
  // Only a tab signed in is signed out: not one on the sign-in page, nor a renewal's frame or popup.
  const signedIn = useRef(false);
  signedIn.current = um ? current.current !== null : demoToken !== null;
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined' || window.location.pathname === POPUP_CALLBACK_PATH || window.location.pathname === SILENT_CALLBACK_PATH) return;
    const channel = new BroadcastChannel(SIGN_OUT_CHANNEL);
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === 'signed-out' && signedIn.current) logoutRef.current(SIGNED_OUT_ELSEWHERE);
    };
    signOutChannel.current = channel;
    return () => {
      signOutChannel.current = null;
      channel.close();
    };
  }, []);

  const signIn = useCallback(
    async (returnTo?: string, options?: { again?: boolean }) => {
      if (!um) return;
      const here = window.location.pathname + window.location.search + window.location.hash;
      const state = { returnTo: returnTo ?? (window.location.pathname === SIGNED_OUT_PATH ? '/' : here) };
      // The provider's session outlived "Log ud": it must ask who signs in, not sign the last user in again.
      // Asked to sign in again: nor may it hand back the session it has (a citizen's at too low a level).
      await um.signinRedirect(options?.again || providerSessionLeft() ? { state, prompt: 'login' } : { state });
    },
    [um],
  );

  const signInAgain = useCallback(async () => {
    if (!um) return;
    const next = await um.signinPopup();
    setUser(next);
    setRenewalFailed(false);
    setNotAUser(false);
  }, [um, setUser]);

  const completeSignIn = useCallback(async () => {
    if (!um) return '/';
    completing ??= um.signinRedirectCallback();
    try {
      const signedIn = await completing;
      markProviderSessionLeft(false);
      setUser(signedIn);
      setNotice(null);
      return returnPathOf(signedIn);
    } finally {
      completing = undefined;
    }
  }, [um, setUser]);

  const completeInFrame = useCallback(
    async (kind: 'popup' | 'silent') => {
      if (!um) return;
      await (kind === 'popup' ? um.signinPopupCallback() : um.signinSilentCallback());
    },
    [um],
  );

  const tokenRejected = useCallback(() => {
    if (!um) {
      logout(ERROR_MESSAGES.UNAUTHENTICATED);
      return;
    }
    // The token is no good now, whatever its `exp` says: a renewal that fails asks the user to sign in again.
    refused.current = true;
    // Already asking the user to sign in again: another failing request changes nothing.
    if (!renewalFailed) void renew();
  }, [um, renew, logout, renewalFailed]);

  const markNotAUser = useCallback((why: NotAUserReason = 'unknown', level?: CitizenLevel, signInAgainInSeconds?: number) => {
    setNotAUser(why);
    setLevelRequired(level ?? null);
    setSignInAgainAt(signInAgainInSeconds && signInAgainInSeconds > 0 ? Date.now() + signInAgainInSeconds * 1000 : null);
  }, []);

  const clearNotAUser = useCallback(() => {
    setNotAUser(false);
    setLevelRequired(null);
    setSignInAgainAt(null);
  }, []);

  // Demo tokens cannot be renewed: sign out when one expires rather than on the next failing request.
  useEffect(() => {
    if (um || !demoToken) return;
    const exp = tokenExpiresAt(demoToken);
    if (exp === undefined) return;
    const ms = Math.min(exp - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => logout(ERROR_MESSAGES.UNAUTHENTICATED), Math.max(0, ms));
    return () => clearTimeout(timer);
  }, [um, demoToken, logout]);

  const mode: AuthMode = config === null ? (configFailed ? 'unavailable' : 'loading') : config.mode === 'oidc' ? (restored ? 'oidc' : 'loading') : 'demo';
  const token = um ? (user?.access_token ?? null) : demoToken;
  if (!um) tokens.set(demoToken);
  const session = um ? (user ? user.profile.sub : null) : demoToken;
  const renews = um !== null;

  const value = useMemo<Auth>(
    () => ({ mode, token, tokens, session, renews, notice, renewalFailed, notAUser, notAUserReason, notAUserLevelRequired, notAUserSignInAgainAt, login, logout, retryConfig, signIn, signInAgain, completeSignIn, completeInFrame, tokenRejected, markNotAUser, clearNotAUser }),
    [mode, token, tokens, session, renews, notice, renewalFailed, notAUser, notAUserReason, notAUserLevelRequired, notAUserSignInAgainAt, login, logout, retryConfig, signIn, signInAgain, completeSignIn, completeInFrame, tokenRejected, markNotAUser, clearNotAUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>.');
  return auth;
}
