import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AuthContext, type Auth } from '../../core/auth';
import { SIGNED_OUT_LOCALLY_PATH, SIGNED_OUT_PATH } from '../../core/oidc';
import { CLOSE_THE_BROWSER, OidcLoginPage, SIGN_IN_UNREACHABLE, SIGNED_OUT_OF_SAMPLAN_ONLY, SignedOutPage, SignInUnavailablePage } from './OidcPages';

const withAuth = (auth: Partial<Auth>, page: ReactElement) => render(<AuthContext.Provider value={auth as Auth}>{page}</AuthContext.Provider>);

describe('signing in when the sign-in service cannot be reached', () => {
  it('"Log ind" that fails says so, and can be pressed again', async () => {
    const signIn = jest.fn().mockRejectedValueOnce(new Error('discovery failed')).mockResolvedValueOnce(undefined);
    withAuth({ signIn, notice: null }, <OidcLoginPage />);
    const button = screen.getByRole('button', { name: 'Log ind' });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(SIGN_IN_UNREACHABLE);
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(signIn).toHaveBeenCalledTimes(2);
  });

  it('settings that could not be read: the page says so, and "Prøv igen" asks again', () => {
    const retryConfig = jest.fn();
    withAuth({ retryConfig }, <SignInUnavailablePage />);
    expect(screen.getByRole('alert').textContent).toBe(SIGN_IN_UNREACHABLE);
    fireEvent.click(screen.getByRole('button', { name: 'Prøv igen' }));
    expect(retryConfig).toHaveBeenCalledTimes(1);
  });
});

describe('the signed-out page', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('after a sign-out of Samplan only, it does not say the user is signed out of the log-in service, and says to close the browser', () => {
    window.history.replaceState(null, '', SIGNED_OUT_LOCALLY_PATH);
    withAuth({ signIn: jest.fn() }, <SignedOutPage />);
    expect(screen.getByRole('heading').textContent).toBe('Du er logget ud af Samplan');
    expect(document.body.textContent).toContain(SIGNED_OUT_OF_SAMPLAN_ONLY);
    expect(document.body.textContent).not.toContain('og af kommunens log ind-tjeneste');
    expect(screen.getByRole('alert').textContent).toBe(CLOSE_THE_BROWSER);
  });

  it('after the provider signed the user out, it says so', () => {
    window.history.replaceState(null, '', SIGNED_OUT_PATH);
    withAuth({ signIn: jest.fn() }, <SignedOutPage />);
    expect(document.body.textContent).toContain('Du er logget ud af Samplan og af kommunens log ind-tjeneste.');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
