import { gql, type ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { render } from '@testing-library/react';
import { AppApolloProvider } from './apollo';
import { AuthContext, type Auth } from './auth';

const ProbeQuery = gql`
  query ProviderProbe {
    me {
      id
      name
    }
  }
`;

/**
 * One Apollo client per session: a renewal that fails (the page asks the user to sign in
 * again, and says that what they typed is kept) must not rebuild the client, whose cache,
 * socket and held saves the screens stand on.
 */
describe('AppApolloProvider', () => {
  const tokens: Auth['tokens'] = { get: () => 'token-1', onChange: () => () => undefined };
  const auth = (over: Partial<Auth> = {}): Auth =>
    ({
      mode: 'oidc', token: 'token-1', tokens, session: 'subject-anna', notice: null, renewalFailed: false, notAUser: false,
      login: jest.fn(), logout: jest.fn(), signIn: jest.fn(), signInAgain: jest.fn(), completeSignIn: jest.fn(), completeInFrame: jest.fn(),
      tokenRejected: jest.fn(), markNotAUser: jest.fn(), ...over,
    }) as Auth;

  function renderWith(value: Auth) {
    const seen: ApolloClient[] = [];
    function Probe() {
      seen.push(useApolloClient());
      return null;
    }
    const ui = (v: Auth) => (
      <AuthContext.Provider value={v}>
        <AppApolloProvider>
          <Probe />
        </AppApolloProvider>
      </AuthContext.Provider>
    );
    const view = render(ui(value));
    return { seen, rerender: (v: Auth) => view.rerender(ui(v)) };
  }

  it('keeps the client, and what its cache holds, when the renewal fails and the callbacks change', () => {
    const { seen, rerender } = renderWith(auth());
    const first = seen[seen.length - 1];
    first.cache.writeQuery({ query: ProbeQuery, data: { me: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' } } as never });
    // As the sign-in's state moves on: new callbacks, renewal failed, the same session.
    rerender(auth({ renewalFailed: true, tokenRejected: jest.fn(), logout: jest.fn(), markNotAUser: jest.fn() }));
    rerender(auth({ renewalFailed: false, tokenRejected: jest.fn(), logout: jest.fn() }));
    expect(seen[seen.length - 1]).toBe(first);
    expect(first.cache.readQuery({ query: ProbeQuery })).toEqual({ me: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' } });
  });

  it('another session is another client (nothing of one user serves the next)', () => {
    const { seen, rerender } = renderWith(auth());
    const first = seen[seen.length - 1];
    rerender(auth({ session: 'subject-bent' }));
    expect(seen[seen.length - 1]).not.toBe(first);
  });
});
