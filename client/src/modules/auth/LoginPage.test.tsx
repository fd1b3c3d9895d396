import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AuthProvider, TOKEN_KEY, useAuth } from '../../core/auth';
import { DemoUsersQuery, DevLoginMutation, LoginPage } from './LoginPage';

const demoUsers = [
  {
    __typename: 'User',
    id: 'u-anna',
    username: 'anna',
    name: 'Anna Andersen',
    role: 'CASEWORKER',
    unit: { __typename: 'Unit', id: 'unit-job', name: 'Jobcenteret' },
    municipality: { __typename: 'Municipality', id: 'm-1', name: 'Demo Kommune' },
  },
  {
    __typename: 'User',
    id: 'u-mikkel',
    username: 'mikkel',
    name: 'Mikkel Mentor',
    role: 'MENTOR',
    unit: null,
    municipality: { __typename: 'Municipality', id: 'm-1', name: 'Demo Kommune' },
  },
];

const demoUsersMock: MockLink.MockedResponse = {
  request: { query: DemoUsersQuery },
  result: { data: { demoUsers } },
};

/** Shows what the app would switch on: whether a token is held. */
function TokenProbe() {
  const { token } = useAuth();
  return <output data-testid="token">{token ?? ''}</output>;
}

function renderLogin(mocks: ReadonlyArray<MockLink.MockedResponse>) {
  return render(
    <AuthProvider>
      <MockedProvider mocks={mocks}>
        <>
          <LoginPage />
          <TokenProbe />
        </>
      </MockedProvider>
    </AuthProvider>,
  );
}

beforeEach(() => {
  sessionStorage.clear();
});

describe('LoginPage', () => {
  it('lists the demo users with their Danish role and unit', async () => {
    renderLogin([demoUsersMock]);

    expect(screen.getByRole('heading', { level: 1, name: 'Log ind' })).toBeTruthy();
    const list = await screen.findByRole('list');
    const buttons = within(list).getAllByRole('button');
    expect(buttons).toHaveLength(2);

    const anna = screen.getByRole('button', { name: /Anna Andersen/ });
    expect(anna.textContent).toContain('Sagsbehandler');
    expect(anna.textContent).toContain('Jobcenteret, Demo Kommune');
    const mikkel = screen.getByRole('button', { name: /Mikkel Mentor/ });
    expect(mikkel.textContent).toContain('Mentor');
    expect(mikkel.textContent).toContain('Demo Kommune');
    // Demo mode: no token field.
    expect(screen.queryByLabelText('Token fra log ind-tjenesten')).toBeNull();
  });

  it('logs in as the chosen demo user and keeps the token in sessionStorage', async () => {
    renderLogin([
      demoUsersMock,
      {
        request: { query: DevLoginMutation, variables: { username: 'anna' } },
        result: {
          data: {
            devLogin: {
              __typename: 'AuthPayload',
              token: 'token-for-anna',
              user: { __typename: 'User', id: 'u-anna', name: 'Anna Andersen' },
            },
          },
        },
      },
    ]);

    fireEvent.click(await screen.findByRole('button', { name: /Anna Andersen/ }));

    await waitFor(() => expect(sessionStorage.getItem(TOKEN_KEY)).toBe('token-for-anna'));
    expect(screen.getByTestId('token').textContent).toBe('token-for-anna');
  });

  it('shows the Danish error when demo login is refused, and stores no token', async () => {
    renderLogin([
      demoUsersMock,
      {
        request: { query: DevLoginMutation, variables: { username: 'anna' } },
        result: { errors: [{ message: 'Ukendt demobruger.', extensions: { code: 'UNAUTHENTICATED' } }] },
      },
    ]);

    fireEvent.click(await screen.findByRole('button', { name: /Anna Andersen/ }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Log ind mislykkedes');
    expect(alert.textContent).toContain('Du er ikke logget ind');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('offers the token field when there is no demo mode', async () => {
    renderLogin([
      {
        request: { query: DemoUsersQuery },
        error: new CombinedGraphQLErrors({
          errors: [{ message: 'Cannot query field "demoUsers" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
        }),
      },
    ]);

    const field = await screen.findByLabelText('Token fra log ind-tjenesten');
    expect(screen.queryByRole('button', { name: /Anna/ })).toBeNull();
    // Not demo mode is not an error the user needs to read about.
    expect(screen.queryByRole('alert')).toBeNull();

    // As a real click does, focus is on the button when the form is sent.
    screen.getByRole('button', { name: 'Log ind' }).focus();
    fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    const problem = screen.getByText('Indsæt et token.');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    // Focus goes to the field, which names its problem: a screen reader says both.
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(problem.id);

    fireEvent.change(field, { target: { value: '  Bearer eyJ.idp.token  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('eyJ.idp.token');
  });

  it('says so when the server cannot be reached', async () => {
    renderLogin([{ request: { query: DemoUsersQuery }, error: new TypeError('Failed to fetch') }]);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Ingen forbindelse til Samplan');
    expect(screen.getByLabelText('Token fra log ind-tjenesten')).toBeTruthy();
  });
});
