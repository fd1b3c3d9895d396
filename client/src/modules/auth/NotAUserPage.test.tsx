import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AuthContext, type Auth } from '../../core/auth';
import { ViewerQuery } from '../org/viewer';
import { NotAUserPage } from './OidcPages';

/**
 * "Ingen adgang": a genuine sign-in of someone Samplan will not let in, told in the words that
 * fit them. A citizen has no administrator to ask; staff do.
 */
function renderFor(over: Partial<Auth>, answers: MockLink.MockedResponse[] = []) {
  render(
    <MockedProvider mocks={answers}>
      <AuthContext.Provider value={{ logout: jest.fn(), notAUserReason: 'unknown', ...over } as unknown as Auth}>
        <NotAUserPage />
      </AuthContext.Provider>
    </MockedProvider>,
  );
}

it('a citizen without a plan in Samplan is sent to their municipality, not to an administrator', () => {
  renderFor({ notAUserReason: 'citizen' });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ingen plan i Samplan til dit log ind');
  expect(document.body.textContent).toContain('kontakt din kommune eller dit jobcenter');
  expect(document.body.textContent).not.toContain('administrator');
  expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
});

it('a citizen signed in below the level Min plan asks is told the level, not that Samplan has no plan for them', () => {
  renderFor({ notAUserReason: 'citizen', notAUserLevelRequired: 'Substantial', mode: 'oidc', signIn: jest.fn(async () => undefined) });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Log ind på betydeligt niveau');
  expect(document.body.textContent).toContain('Log ind med MitID på betydeligt niveau (fx MitID-appen) for at se den.');
  expect(screen.getByRole('button', { name: 'Log ind igen' })).toBeTruthy();
  document.body.innerHTML = '';
  renderFor({ notAUserReason: 'citizen', notAUserLevelRequired: 'High', mode: 'oidc', signIn: jest.fn(async () => undefined) });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Log ind på højt niveau');
  expect(document.body.textContent).toContain('Log ind med MitID på højt niveau for at se den.');
  document.body.innerHTML = '';
  // The demo has no provider to sign in at again: "Log ud" leads back to its login.
  renderFor({ notAUserReason: 'citizen', notAUserLevelRequired: 'Substantial', mode: 'demo' });
  expect(screen.queryByRole('button', { name: 'Log ind igen' })).toBeNull();
  expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
});

/** A token as the provider signs it; only its claims are read here (the server has checked it). */
const tokenWith = (claims: Record<string, unknown>) => `eyJhbGciOiJSUzI1NiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.signature`;
const login = () => [...screen.getByLabelText('Dit log ind').querySelectorAll('div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]);

it('a member of staff nobody created, or one deactivated, is sent to their administrator', () => {
  renderFor({});
  // Not "nobody created you": an invitation by another e-mail or bruger-id than the login gives is no user either.
  expect(screen.getByText(/^Du er logget ind hos kommunens log ind-tjeneste/).textContent).toBe(
    'Du er logget ind hos kommunens log ind-tjeneste, men Samplan kender ikke det log ind, du har brugt. Enten har din administrator ikke oprettet dig som bruger, ' +
      'eller også er du inviteret med en anden e-mail eller et andet bruger-id, end dit log ind giver.',
  );
  expect(document.body.textContent).not.toContain('din administrator har ikke oprettet dig som bruger i Samplan');
  document.body.innerHTML = '';
  renderFor({ notAUserReason: 'deactivated' });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din bruger er deaktiveret i Samplan — kontakt din administrator.');
});

it('someone whose invitation waits for a second administrator’s approval is told so, and is not asked to have an invitation made', () => {
  renderFor({ notAUserReason: 'awaitingApproval', token: tokenWith({ sub: 'idp|nora', email: 'nora@faaborg.dk', email_verified: true }) });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din invitation venter på godkendelse');
  expect(screen.getByText(/^Du er logget ind hos kommunens log ind-tjeneste/).textContent).toBe(
    'Du er logget ind hos kommunens log ind-tjeneste, og du er inviteret til Samplan. Før du kan bruge Samplan, skal en anden administrator end den, der inviterede dig, ' +
      'godkende invitationen. Vælg »Prøv igen«, når den er godkendt, eller kontakt din administrator.',
  );
  expect(screen.queryByText(/^Dit log ind giver Samplan/)).toBeNull();
  expect(screen.getByRole('button', { name: 'Prøv igen' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
});

/** The server's answer to the sign-in, asked again: the invitation still waits, or who they are now it is approved. */
const stillWaiting: MockLink.MockedResponse = {
  request: { query: ViewerQuery },
  result: { errors: [{ message: 'Din invitation til Samplan venter på, at en anden administrator godkender den.', extensions: { code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' } }] } as MockLink.MockedResponse['result'],
};
const approved: MockLink.MockedResponse = {
  request: { query: ViewerQuery },
  result: { data: { me: { __typename: 'User', id: 'u-nora', name: 'Nora Nyborg', role: 'CASEWORKER', unit: null, municipality: { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn' } } } },
};

it('"Prøv igen" asks again with the same sign-in: still waiting, it says so and stays; approved meanwhile, it lets them in, with no new login at the provider', async () => {
  const clearNotAUser = jest.fn();
  const signIn = jest.fn(async () => undefined);
  renderFor({ notAUserReason: 'awaitingApproval', mode: 'oidc', clearNotAUser, signIn }, [stillWaiting, approved]);
  const again = screen.getByRole('button', { name: 'Prøv igen' });

  fireEvent.click(again);
  expect(await screen.findByText('Invitationen venter stadig på godkendelse. Prøv igen, når en anden administrator har godkendt den.')).toBeTruthy();
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din invitation venter på godkendelse');
  expect(clearNotAUser).not.toHaveBeenCalled();

  await waitFor(() => expect((again as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(again);
  await waitFor(() => expect(clearNotAUser).toHaveBeenCalledTimes(1));
  expect(signIn).not.toHaveBeenCalled();
});

it('someone deactivated or unknown is offered no "Prøv igen": asking again changes nothing for them', () => {
  renderFor({ notAUserReason: 'deactivated' });
  expect(screen.queryByRole('button', { name: 'Prøv igen' })).toBeNull();
  document.body.innerHTML = '';
  renderFor({});
  expect(screen.queryByRole('button', { name: 'Prøv igen' })).toBeNull();
});

it('someone Samplan does not know is shown the login they used, for the administrator to invite them by', () => {
  renderFor({ token: tokenWith({ sub: 'Xy7-pairwise-sub', email: 'Lars.Juhl@faaborg.dk', email_verified: true, name: 'Lars Juhl' }) });
  expect(screen.getByText(/^Dit log ind giver Samplan/).textContent).toBe('Dit log ind giver Samplan disse oplysninger. Giv dem til din administrator, som kan invitere dig med dem:');
  expect(login()).toEqual([
    ['E-mail', 'Lars.Juhl@faaborg.dk'],
    ['Bruger-id hos identitetsudbyderen', 'Xy7-pairwise-sub'],
  ]);
  document.body.innerHTML = '';
  // An address the provider does not vouch for binds no invitation: not offered, the bruger-id is.
  renderFor({ token: tokenWith({ sub: 'Xy7-pairwise-sub', preferred_username: 'Lars.Juhl@faaborg.dk', email: 'lars@privat.dk' }) });
  expect(login()).toEqual([['Bruger-id hos identitetsudbyderen', 'Xy7-pairwise-sub']]);
  document.body.innerHTML = '';
  // A login without an address: the bruger-id alone.
  renderFor({ token: tokenWith({ sub: 'mitid-erhverv:98765' }) });
  expect(login()).toEqual([['Bruger-id hos identitetsudbyderen', 'mitid-erhverv:98765']]);
  document.body.innerHTML = '';
  // A deactivated user or a citizen is not asked to have an invitation made.
  renderFor({ notAUserReason: 'deactivated', token: tokenWith({ sub: 'carla', email: 'carla@faaborg.dk' }) });
  expect(screen.queryByText('carla@faaborg.dk')).toBeNull();
  expect(screen.queryByText(/^Dit log ind giver Samplan/)).toBeNull();
});
