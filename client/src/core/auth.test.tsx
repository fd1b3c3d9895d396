import { act, render, screen } from '@testing-library/react';
import { AuthProvider, TOKEN_KEY, tokenExpiresAt, useAuth } from './auth';
import { ERROR_MESSAGES } from './errors';

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
