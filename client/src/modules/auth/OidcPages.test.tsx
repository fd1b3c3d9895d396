import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AuthContext, type Auth } from '../../core/auth';
import { OidcLoginPage, SIGN_IN_UNREACHABLE, SignInUnavailablePage } from './OidcPages';

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
