import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ERROR_MESSAGES } from './errors';

/**
 * Who is signed in, as far as the client knows: a bearer token (a JWT from demo login
 * or from the identity provider), kept in sessionStorage so it ends with the tab.
 * The server is the judge of the token; this only keeps it and drops it.
 */

export const TOKEN_KEY = 'samplan.token';

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

/** The `exp` of a JWT in milliseconds, or undefined when the token is not a readable JWT. */
export function tokenExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function usable(token: string | null, now = Date.now()): string | null {
  if (!token) return null;
  const exp = tokenExpiresAt(token);
  return exp !== undefined && exp <= now ? null : token;
}

export interface Auth {
  token: string | null;
  /** Why the user was signed out, shown on the login page (e.g. the token expired). */
  notice: string | null;
  login(token: string): void;
  logout(notice?: string): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children, storage }: { children: ReactNode; storage?: TokenStorage }) {
  const store = useMemo(() => storage ?? sessionTokenStorage(), [storage]);
  const [token, setToken] = useState<string | null>(() => {
    const stored = store.get();
    const valid = usable(stored);
    if (stored && !valid) store.clear();
    return valid;
  });
  const [notice, setNotice] = useState<string | null>(null);

  const login = useCallback(
    (next: string) => {
      const trimmed = next.trim().replace(/^Bearer\s+/i, '');
      store.set(trimmed);
      setNotice(null);
      setToken(trimmed);
    },
    [store],
  );

  const logout = useCallback(
    (why?: string) => {
      store.clear();
      setNotice(why ?? null);
      setToken(null);
    },
    [store],
  );

  // Sign out when the token expires rather than on the next failing request.
  useEffect(() => {
    if (!token) return;
    const exp = tokenExpiresAt(token);
    if (exp === undefined) return;
    const ms = Math.min(exp - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => logout(ERROR_MESSAGES.UNAUTHENTICATED), Math.max(0, ms));
    return () => clearTimeout(timer);
  }, [token, logout]);

  const value = useMemo<Auth>(() => ({ token, notice, login, logout }), [token, notice, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>.');
  return auth;
}
