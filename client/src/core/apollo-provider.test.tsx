import { gql, type ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { act, render } from '@testing-library/react';
import { AppApolloProvider } from './apollo';
import { AuthContext, AuthProvider, TOKEN_KEY, useAuth, type Auth } from './auth';
import { errorMessage } from './errors';

const ProbeQuery = gql`
  query ProviderProbe {
    me {
      id
      name
    }
  }
`;

const HeldSave = gql`
  mutation ProviderHeldSave($planId: ID!, $seq: String!) {
    markPlanSeen(planId: $planId, seq: $seq) {
      id
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
      mode: 'oidc', token: 'token-1', tokens, session: 'subject-anna', renews: true, notice: null, renewalFailed: false, notAUser: false,
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

  it('a save held for one user is never sent after another signs in: its form is told it was not saved', async () => {
    let online = false;
    jest.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    // The server, as far as the browser reaches it: who each request went as.
    const sentAs: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/graphql')) sentAs.push((init?.headers as Record<string, string> | undefined)?.authorization ?? '');
      const body = JSON.stringify({ data: { markPlanSeen: { __typename: 'Plan', id: 'p1' } } });
      return { ok: true, status: 200, headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) }, text: async () => body };
    }) as unknown as typeof fetch;
    try {
      // Demo sign-in: the session is the token.
      let token = 'token-anna';
      const demo = { get: () => token, onChange: () => () => undefined };
      const { seen, rerender } = renderWith(auth({ mode: 'demo', tokens: demo, token, session: token, renews: false }));
      const anna = seen[seen.length - 1]!;
      const saved = anna.mutate({ mutation: HeldSave, variables: { planId: 'p1', seq: '7' } }).then(
        () => 'gemt',
        (error: unknown) => errorMessage(error),
      );
      // Anna signs out; Bent signs in on the same page.
      token = 'token-bent';
      rerender(auth({ mode: 'demo', tokens: demo, token, session: token, renews: false }));
      online = true;
      await act(async () => {
        window.dispatchEvent(new Event('online'));
        await new Promise((r) => setTimeout(r, 20));
      });
      expect(sentAs).toEqual([]);
      expect(await saved).toBe('Du er ikke logget ind, eller dit log ind er udløbet. Log ind igen.');
    } finally {
      globalThis.fetch = realFetch;
      jest.restoreAllMocks();
    }
  });

  it('a page reloaded with a demo session keeps its first client when the server then says it signs in by demo', async () => {
    // The reload: the demo token is in the tab's storage, and the page shows before the server has said how Samplan signs in.
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
    sessionStorage.setItem(TOKEN_KEY, `${b64({ alg: 'HS256' })}.${b64({ sub: 'anna', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`);
    let answer!: (body: unknown) => void;
    const realFetch = globalThis.fetch;
    globalThis.fetch = jest.fn(
      () => new Promise((resolve) => (answer = (body) => resolve({ ok: true, json: async () => body } as Response))),
    ) as unknown as typeof fetch;
    const seen: ApolloClient[] = [];
    const modes: string[] = [];
    function Probe() {
      seen.push(useApolloClient());
      return null;
    }
    function Mode() {
      modes.push(useAuth().mode);
      return null;
    }
    try {
      render(
        <AuthProvider>
          <Mode />
          <AppApolloProvider>
            <Probe />
          </AppApolloProvider>
        </AuthProvider>,
      );
      const first = seen[seen.length - 1];
      expect(modes[modes.length - 1]).toBe('loading');
      await act(async () => {
        answer({ mode: 'demo' });
        await new Promise((r) => setTimeout(r, 0));
      });
      expect(modes[modes.length - 1]).toBe('demo');
      expect(seen[seen.length - 1]).toBe(first);
    } finally {
      globalThis.fetch = realFetch;
      sessionStorage.clear();
    }
  });
});
