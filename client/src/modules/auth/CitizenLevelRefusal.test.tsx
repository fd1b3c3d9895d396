import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AuthProvider, useAuth } from '../../core/auth';
import { fakeManager, OIDC, userWith } from '../../test-support/fake-user-manager';
import { notAUserToldFor } from '../../test-support/not-a-user-answer';
import { NotAUserPage } from './OidcPages';

/**
 * A citizen signed in with MitID below the level Min plan asks (the server's NOT_A_USER with
 * reason CITIZEN and `levelRequired`) is told to sign in at it, and can: from the server's answer
 * to the page, and from its button to the provider, asked for a new sign-in.
 */

it.each([
  ['with the level to sign in at', { reason: 'CITIZEN', levelRequired: 'Substantial' }, ['citizen', 'Substantial']],
  ['at High when the municipality asks for it', { reason: 'CITIZEN', levelRequired: 'High' }, ['citizen', 'High']],
  ['without a level: no plan for them', { reason: 'CITIZEN' }, ['citizen']],
])('the server\'s refusal of a citizen over HTTP reaches the sign-in %s', async (_how, extensions, expected) => {
  expect(await notAUserToldFor(extensions, 'Log ind med MitID på betydeligt niveau for at se din plan.')).toEqual(expected);
});

describe('the page a citizen below the level sees', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => window.history.replaceState(null, '', '/'));

  /** Signed in with the provider; the server's refusal, as the Apollo client hands it to the sign-in. */
  function Refused() {
    const { notAUser, markNotAUser } = useAuth();
    return notAUser ? (
      <NotAUserPage />
    ) : (
      <button type="button" onClick={() => markNotAUser('citizen', 'Substantial')}>
        Svar fra serveren
      </button>
    );
  }

  it('says why Min plan asks for the level, how to reach it, and signs in again at the provider, asked for a new sign-in', async () => {
    window.history.replaceState(null, '', '/min-plan');
    const fake = fakeManager(userWith('t-low', 'dev-per', 3600));
    const signinRedirect = jest.fn(async () => undefined);
    const mock = fake.mock as typeof fake.mock & { signinRedirect: jest.Mock };
    mock.signinRedirect = signinRedirect;
    render(
      <AuthProvider config={OIDC} userManager={fake.manager}>
        <Refused />
      </AuthProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Svar fra serveren' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Log ind på betydeligt niveau');
    expect(screen.getByText(/^Min plan indeholder/).textContent).toBe(
      'Min plan indeholder oplysninger om dit helbred og din sociale sag. Log ind med MitID på betydeligt niveau (fx MitID-appen) for at se den.',
    );
    // Not the page of a citizen without a plan: they may well have one.
    expect(document.body.textContent).not.toContain('Ingen plan i Samplan');
    expect(document.body.textContent).not.toContain('kontakt din kommune');
    fireEvent.click(screen.getByRole('button', { name: 'Log ind igen' }));
    await waitFor(() => expect(signinRedirect).toHaveBeenCalledTimes(1));
    // The provider must not hand back the session at Low it has: it is asked for a new sign-in, back to where the citizen was.
    expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/min-plan' }, prompt: 'login' });
    expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
  });
});
