import { act, render, screen, waitFor } from '@testing-library/react';
import type { User, UserManager } from 'oidc-client-ts';
import { fakeManager, OIDC, userWith } from '../test-support/fake-user-manager';
import { AuthProvider, useAuth } from './auth';
import { createUserManager, renewInMs, returnPathOf } from './oidc';

describe('when to renew', () => {
  const now = 1_000_000_000_000;
  it('a quarter of the remaining life before expiry, at most a minute', () => {
    expect(renewInMs(now / 1000 + 12, now)).toBe(9_000);
    expect(renewInMs(now / 1000 + 3600, now)).toBe(3_540_000);
    expect(renewInMs(now / 1000 - 5, now)).toBe(0);
    expect(renewInMs(undefined, now)).toBeUndefined();
  });
});

describe('where to go after signing in', () => {
  const user = (returnTo: unknown) => ({ state: { returnTo } }) as unknown as User;
  it('back to the page the user opened, never to another site or a sign-in page', () => {
    expect(returnPathOf(user('/plan/42?x=1'))).toBe('/plan/42?x=1');
    expect(returnPathOf(user('//evil.example/'))).toBe('/');
    expect(returnPathOf(user('https://evil.example/'))).toBe('/');
    expect(returnPathOf(user('/auth/callback'))).toBe('/');
    expect(returnPathOf(user('/logget-ud'))).toBe('/');
    expect(returnPathOf(null)).toBe('/');
  });
});

function Probe() {
  const auth = useAuth();
  return (
    <>
      <output data-testid="token">{auth.token ?? ''}</output>
      <output data-testid="session">{auth.session ?? ''}</output>
      <output data-testid="renewal">{auth.renewalFailed ? 'failed' : 'ok'}</output>
      <button type="button" onClick={() => void auth.signInAgain()}>
        igen
      </button>
      <button type="button" onClick={() => auth.tokenRejected()}>
        afvist
      </button>
    </>
  );
}

describe('AuthProvider with an identity provider', () => {
  afterEach(() => jest.useRealTimers());

  const advance = (ms: number) =>
    act(async () => {
      jest.advanceTimersByTime(ms);
    });

  it('renews before expiry, keeps the session, and asks to sign in again once renewal has failed until the token expired', async () => {
    jest.useFakeTimers();
    const fake = fakeManager(userWith('t1', 'anna', 100));
    fake.renewals.push(userWith('t2', 'anna', 100), new Error('invalid_grant'));
    fake.popups.push(userWith('t3', 'anna', 100));
    render(
      <AuthProvider config={OIDC} userManager={fake.manager}>
        <Probe />
      </AuthProvider>,
    );
    await act(async () => undefined);
    expect(screen.getByTestId('token').textContent).toBe('t1');

    // 100 s left: renewed 25 s before expiry.
    await act(async () => {
      jest.advanceTimersByTime(75_000);
    });
    expect(screen.getByTestId('token').textContent).toBe('t2');
    expect(screen.getByTestId('session').textContent).toBe('anna');

    // t2 (made at 0 s) lives until 100 s; its renewal at 93.75 s fails, and is tried again 5 s
    // later (RENEWAL_RETRY_MS) and when it expires: only then is the user asked to sign in again.
    await advance(18_750);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('renewal').textContent).toBe('ok');
    await advance(5_000);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('renewal').textContent).toBe('ok');
    await advance(1_250);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(4);
    expect(screen.getByTestId('renewal').textContent).toBe('failed');
    // Still the old token until the user signs in again: the page is not torn down.
    expect(screen.getByTestId('token').textContent).toBe('t2');

    await act(async () => {
      screen.getByRole('button', { name: 'igen' }).click();
    });
    expect(screen.getByTestId('renewal').textContent).toBe('ok');
    expect(screen.getByTestId('token').textContent).toBe('t3');
    // No renewal while the user was asked to sign in.
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(4);
  });

  it('a renewal that fails while the token is still good is tried again with growing waits, and the session goes on once one succeeds', async () => {
    jest.useFakeTimers();
    // An hour's token: renewed a minute before it expires, at 59 min.
    const fake = fakeManager(userWith('t1', 'anna', 3600));
    const offline = new Error('Failed to fetch');
    fake.renewals.push(offline, offline, offline, offline);
    render(
      <AuthProvider config={OIDC} userManager={fake.manager}>
        <Probe />
      </AuthProvider>,
    );
    await act(async () => undefined);
    await advance(3_540_000);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(1);
    // Tried again after 5, 15, 30 s, then after a minute at the most: never "Din session er udløbet" meanwhile.
    for (const [wait, calls] of [[5_000, 2], [15_000, 3], [30_000, 4]] as const) {
      await advance(wait - 1);
      expect(fake.mock.signinSilent).toHaveBeenCalledTimes(calls - 1);
      await advance(1);
      expect(fake.mock.signinSilent).toHaveBeenCalledTimes(calls);
      expect(screen.getByTestId('renewal').textContent).toBe('ok');
    }
    // The network is back: when the browser says so, renewal is tried at once, not at the next wait's end.
    await advance(3_000);
    fake.renewals.push(userWith('t2', 'anna', 3600));
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(5);
    expect(screen.getByTestId('token').textContent).toBe('t2');
    expect(screen.getByTestId('renewal').textContent).toBe('ok');
    // Back to renewing a minute before expiry: nothing more until then, not every minute.
    await advance(3_539_000);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(5);
    await advance(1_000);
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(6);
  });

  it('asks to sign in again at once when the server refused the token and renewing it fails', async () => {
    jest.useFakeTimers();
    const fake = fakeManager(userWith('t1', 'anna', 3600));
    fake.renewals.push(new Error('login_required'));
    render(
      <AuthProvider config={OIDC} userManager={fake.manager}>
        <Probe />
      </AuthProvider>,
    );
    await act(async () => undefined);
    await act(async () => {
      screen.getByRole('button', { name: 'afvist' }).click();
    });
    expect(screen.getByTestId('renewal').textContent).toBe('failed');
    expect(fake.mock.signinSilent).toHaveBeenCalledTimes(1);
  });
});


describe('the state of a sign-in under way', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('is kept in sessionStorage, which ends with the tab, not in localStorage for the next user of the browser', async () => {
    const um = createUserManager(OIDC, 'http://localhost');
    await um.settings.stateStore.set('probe', 'verifier');
    expect(sessionStorage.getItem('oidc.probe')).toBe('verifier');
    expect(localStorage.getItem('oidc.probe')).toBeNull();
  });

  it('abandoned sign-ins are forgotten at start-up, and what was left in localStorage too; a failure stops nothing', async () => {
    localStorage.setItem('oidc.0a1b2c', '{"code_verifier":"left behind"}');
    localStorage.setItem('something.else', 'kept');
    const fake = fakeManager(userWith('t1', 'anna', 3600));
    const clearStaleState = jest.fn(async () => {
      throw new Error('storage unavailable');
    });
    render(
      <AuthProvider config={OIDC} userManager={{ ...fake.mock, clearStaleState } as unknown as UserManager}>
        <Probe />
      </AuthProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('token').textContent).toBe('t1'));
    expect(clearStaleState).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem('oidc.0a1b2c')).toBeNull();
    expect(localStorage.getItem('something.else')).toBe('kept');
  });
});
