import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AuthProvider, SIGNED_OUT_ELSEWHERE, TOKEN_KEY, tokenExpiresAt, useAuth } from './auth';
import { ERROR_MESSAGES } from './errors';
import { fetchAuthConfig } from './oidc';

function jwt(payload: object): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256' })}.${b64(payload)}.sig`;
}

function Probe() {
  const { token, notice, logout } = useAuth();
  return (
    <>
      <output data-testid="token">{token ?? ''}</output>
      <output data-testid="notice">{notice ?? ''}</output>
      <button type="button" onClick={() => logout()}>
        Log ud
      </button>
    </>
  );
}

beforeEach(() => sessionStorage.clear());
afterEach(() => jest.useRealTimers());

describe('auth', () => {
  it('reads exp from a JWT', () => {
    expect(tokenExpiresAt(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(tokenExpiresAt('not-a-jwt')).toBeUndefined();
  });

  it('restores a stored token and forgets it on log out', () => {
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    sessionStorage.setItem(TOKEN_KEY, token);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    expect(screen.getByTestId('token').textContent).toBe(token);
    act(() => screen.getByRole('button', { name: 'Log ud' }).click());
    expect(screen.getByTestId('token').textContent).toBe('');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('drops an expired token on load', () => {
    sessionStorage.setItem(TOKEN_KEY, jwt({ exp: Math.floor(Date.now() / 1000) - 10 }));
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    expect(screen.getByTestId('token').textContent).toBe('');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('signs out with a notice when the token expires', () => {
    jest.useFakeTimers();
    sessionStorage.setItem(TOKEN_KEY, jwt({ exp: Math.floor(Date.now() / 1000) + 60 }));
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    act(() => {
      jest.advanceTimersByTime(61_000);
    });
    expect(screen.getByTestId('token').textContent).toBe('');
    expect(screen.getByTestId('notice').textContent).toBe(ERROR_MESSAGES.UNAUTHENTICATED);
  });
});

describe('the sign-in settings (GET /auth/config)', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  const answer = (status: number, body: unknown) => ({ ok: status < 400, status, json: async () => body }) as unknown as Response;

  it('only an explicit demo answer is demo: a failed read or a proxy\'s 502 is not', async () => {
    await expect(fetchAuthConfig(jest.fn().mockResolvedValue(answer(200, { mode: 'demo' })))).resolves.toEqual({ mode: 'demo' });
    await expect(fetchAuthConfig(jest.fn().mockResolvedValue(answer(502, null)))).rejects.toThrow();
    await expect(fetchAuthConfig(jest.fn().mockRejectedValue(new TypeError('Failed to fetch')))).rejects.toThrow();
    await expect(fetchAuthConfig(jest.fn().mockResolvedValue(answer(200, { hello: 'world' })))).rejects.toThrow();
  });

  it('that cannot be read: the page says so and asks again on "Prøv igen", instead of offering the demo\'s token field', async () => {
    const fetcher = jest.fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(answer(200, { mode: 'oidc', issuer: 'https://login.kommune.dk', clientId: 'samplan' }));
    globalThis.fetch = fetcher as unknown as typeof fetch;
    function Mode() {
      const { mode, retryConfig } = useAuth();
      return (
        <>
          <output data-testid="mode">{mode}</output>
          <button type="button" onClick={retryConfig}>
            Prøv igen
          </button>
        </>
      );
    }
    render(
      <AuthProvider>
        <Mode />
      </AuthProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('mode').textContent).toBe('unavailable'));
    fireEvent.click(screen.getByRole('button', { name: 'Prøv igen' }));
    await waitFor(() => expect(screen.getByTestId('mode').textContent).not.toBe('unavailable'));
    expect(screen.getByTestId('mode').textContent).not.toBe('demo');
    expect(fetcher).toHaveBeenCalledTimes(2);
  });
});

describe('"Log ud" in one tab (a shared PC)', () => {
  const hadChannel = 'BroadcastChannel' in globalThis;
  beforeAll(() => {
    // Node's own BroadcastChannel, where the test's browser has none: it delivers between channels of one name, as a browser does between tabs.
    if (!hadChannel) (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = jest.requireActual<typeof import('worker_threads')>('worker_threads').BroadcastChannel;
  });
  afterAll(() => {
    if (!hadChannel) delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
  });

  it('signs out the other tabs too, each with a notice that says why', async () => {
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    // Two tabs, each with its own sign-in (sessionStorage is the tab's).
    const tab = (id: string) => {
      function Tab() {
        const { token: t, notice, logout } = useAuth();
        return (
          <section data-testid={id}>
            <output data-testid={`${id}-token`}>{t ?? ''}</output>
            <output data-testid={`${id}-notice`}>{notice ?? ''}</output>
            <button type="button" onClick={() => logout()}>
              Log ud {id}
            </button>
          </section>
        );
      }
      return <Tab />;
    };
    const memory = () => {
      let value: string | null = token;
      return { get: () => value, set: (v: string) => void (value = v), clear: () => void (value = null) };
    };
    const { unmount } = render(
      <>
        <AuthProvider storage={memory()}>{tab('a')}</AuthProvider>
        <AuthProvider storage={memory()}>{tab('b')}</AuthProvider>
      </>,
    );
    expect(screen.getByTestId('b-token').textContent).toBe(token);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud a' }));
    expect(screen.getByTestId('a-token').textContent).toBe('');
    await waitFor(() => expect(screen.getByTestId('b-token').textContent).toBe(''));
    expect(screen.getByTestId('b-notice').textContent).toBe(SIGNED_OUT_ELSEWHERE);
    expect(screen.getByTestId('a-notice').textContent).toBe('');
    unmount();
  });

  it('a tab that is not signed in is not told it was signed out', async () => {
    const empty = { get: () => null, set: () => undefined, clear: () => undefined };
    const signedIn = { ...empty, get: () => jwt({ exp: Math.floor(Date.now() / 1000) + 3600 }) };
    function Notice({ id }: { id: string }) {
      const { notice, logout } = useAuth();
      return (
        <>
          <output data-testid={`${id}-notice`}>{notice ?? ''}</output>
          <button type="button" onClick={() => logout()}>
            Log ud {id}
          </button>
        </>
      );
    }
    const { unmount } = render(
      <>
        <AuthProvider storage={signedIn}><Notice id="a" /></AuthProvider>
        <AuthProvider storage={empty}><Notice id="login" /></AuthProvider>
        <AuthProvider storage={signedIn}><Notice id="c" /></AuthProvider>
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Log ud a' }));
    await waitFor(() => expect(screen.getByTestId('c-notice').textContent).toBe(SIGNED_OUT_ELSEWHERE));
    expect(screen.getByTestId('login-notice').textContent).toBe('');
    unmount();
  });
});
