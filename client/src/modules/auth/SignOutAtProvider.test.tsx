import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { User, UserManager } from 'oidc-client-ts';
import { AuthProvider, useAuth } from '../../core/auth';
import { SIGNED_OUT_LOCALLY_PATH, SIGNED_OUT_PATH } from '../../core/oidc';
import { fakeManager, OIDC, userWith } from '../../test-support/fake-user-manager';
import { CLOSE_THE_BROWSER, SIGNED_OUT_OF_SAMPLAN_ONLY, SignedOutPage } from './OidcPages';

describe('"Log ud" when the provider cannot sign the user out (a shared PC)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => window.history.replaceState(null, '', '/'));

  /** Signed in with the provider; "Log ud" there, the signed-out page once signed out. */
  function SignedInOrOut() {
    const { token, logout } = useAuth();
    return token ? (
      <button type="button" onClick={() => logout()}>
        Log ud
      </button>
    ) : (
      <SignedOutPage />
    );
  }

  function provider(signOut: () => Promise<void>) {
    const fake = fakeManager(userWith('t1', 'anna', 3600));
    const mock = fake.mock as typeof fake.mock & { signinRedirect: jest.Mock };
    mock.signoutRedirect.mockImplementation(async () => void (await signOut()));
    mock.signinRedirect = jest.fn(async () => undefined);
    // A full page load, as far as the test can have one: the address changes.
    const loadPage = jest.fn((url: string) => window.history.replaceState(null, '', url));
    render(
      <AuthProvider config={OIDC} userManager={fake.manager} loadPage={loadPage}>
        <SignedInOrOut />
      </AuthProvider>,
    );
    return { mock, loadPage };
  }

  it('says the user is signed out of Samplan only, to close the browser, and the next sign-in asks for the login again', async () => {
    // No end_session_endpoint: oidc-client-ts fails before leaving the page.
    const { mock, loadPage } = provider(async () => {
      throw new Error('No end session endpoint');
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Log ud' }));
    await screen.findByRole('heading', { name: 'Du er logget ud af Samplan' });
    expect(loadPage).toHaveBeenCalledWith(SIGNED_OUT_LOCALLY_PATH);
    expect(mock.removeUser).toHaveBeenCalled();
    expect(document.body.textContent).not.toContain('og af kommunens log ind-tjeneste');
    expect(screen.getByText(SIGNED_OUT_OF_SAMPLAN_ONLY)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(CLOSE_THE_BROWSER);

    fireEvent.click(screen.getByRole('button', { name: 'Log ind igen' }));
    await waitFor(() => expect(mock.signinRedirect).toHaveBeenCalledTimes(1));
    expect(mock.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/' }, prompt: 'login' });
    // Gone on to the log-in page in the same tab: still asked for the login.
    window.history.replaceState(null, '', '/');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Log ind igen' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Log ind igen' }));
    await waitFor(() => expect(mock.signinRedirect).toHaveBeenCalledTimes(2));
    expect(mock.signinRedirect).toHaveBeenLastCalledWith({ state: { returnTo: '/' }, prompt: 'login' });
  });

  it('the provider signed the user out: the page says so, and signing in again is as usual', async () => {
    const { mock, loadPage } = provider(async () => {
      // The provider sends the browser back to the signed-out page.
      window.history.replaceState(null, '', SIGNED_OUT_PATH);
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Log ud' }));
    expect(mock.signoutRedirect).toHaveBeenCalled();
    expect(loadPage).not.toHaveBeenCalled();
    // What the provider's redirect leads to: a new page, not signed in.
    cleanup();
    const fresh = fakeManager(null as unknown as User);
    const signinRedirect = jest.fn(async () => undefined);
    render(
      <AuthProvider config={OIDC} userManager={{ ...fresh.mock, signinRedirect } as unknown as UserManager}>
        <SignedInOrOut />
      </AuthProvider>,
    );
    expect(await screen.findByText('Du er logget ud af Samplan og af kommunens log ind-tjeneste.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Log ind igen' }));
    await waitFor(() => expect(signinRedirect).toHaveBeenCalledTimes(1));
    expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/' } });
  });
});
