import { ApolloProvider } from '@apollo/client/react';
import { act, render, screen, within } from '@testing-library/react';
import { parse } from 'graphql';
import { createSamplanClient, VIEWER_AFTER_REFUSAL_MS, VIEWER_ON_RETURN_MS } from '../core/apollo';
import { LiveProvider } from '../core/live';
import { SignedIn } from './App';

/**
 * An administrator changes a signed-in user's role while no live screen of theirs is open (a
 * leader on Nøgletal follows nothing live): no socket is there for the server to close, so the
 * page learns of it when the server refuses something, or when the user comes back to the tab.
 */

// Any screens' queries: the server answers them by the user's rights of the moment.
const FiguresProbe = parse('query FiguresProbe { keyFigures { total } }');
const CaseProbe = parse('query CaseProbe { plan(id: "p1") { id } }');

type Refusal = 'FORBIDDEN' | 'NOT_FOUND';

/** The server as the browser reaches it (fetch): the Viewer by the role of the moment, FiguresProbe and CaseProbe refused as told. */
function server() {
  const state = { role: 'LEADER', viewerRefused: null as Refusal | null, refuse: 'FORBIDDEN' as Refusal, viewerReads: 0 };
  const answer = (body: unknown) => {
    const text = JSON.stringify(body);
    return { ok: true, status: 200, headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) }, text: async () => text };
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = jest.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const { operationName } = JSON.parse(String(init?.body)) as { operationName: string };
    if (operationName === 'Viewer') {
      state.viewerReads++;
      if (state.viewerRefused) return answer({ data: null, errors: [{ message: 'Nej', extensions: { code: state.viewerRefused } }] });
      const me = { __typename: 'User', id: 'u-lene', name: 'Lene Berg', role: state.role, unit: null, municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' } };
      return answer({ data: { me } });
    }
    return answer({ data: null, errors: [{ message: 'Du har ikke adgang.', extensions: { code: state.refuse } }] });
  }) as unknown as typeof fetch;
  return { state, restore: () => (globalThis.fetch = realFetch) };
}

const settle = (ms = 30) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe('a role changed while no live connection is open', () => {
  let fake: ReturnType<typeof server>;
  let ahead = 0;
  let dispose: () => void = () => undefined;
  beforeEach(() => {
    fake = server();
    ahead = 0;
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ahead);
  });
  afterEach(() => {
    dispose();
    fake.restore();
    jest.restoreAllMocks();
  });

  /** The signed-in shell on a page that asks nothing of the server, with the client the app makes. */
  function renderShell(samplan: ReturnType<typeof createSamplanClient>) {
    dispose = samplan.dispose;
    render(
      <ApolloProvider client={samplan.client}>
        <LiveProvider connection={samplan.live} saves={samplan.saves}>
          <SignedIn route={{ name: 'notFound', path: '/ukendt' }} />
        </LiveProvider>
      </ApolloProvider>,
    );
    return samplan;
  }

  async function signedIn(token: { current: string | null } = { current: 'token-lene' }) {
    const samplan = renderShell(createSamplanClient({ token: null, tokens: { get: () => token.current, onChange: () => () => undefined } }));
    await within(await screen.findByRole('navigation', { name: 'Hovedmenu' })).findByRole('link', { name: 'Nøgletal' });
    return samplan.client;
  }
  const menu = () =>
    within(screen.getByRole('navigation', { name: 'Hovedmenu' }))
      .getAllByRole('link')
      .map((a) => a.textContent);
  const refused = async (client: Awaited<ReturnType<typeof signedIn>>, ...queries: (typeof FiguresProbe)[]) => {
    await act(async () => {
      await Promise.all(queries.map((query) => client.query({ query, fetchPolicy: 'network-only' }).catch(() => undefined)));
    });
    await settle();
  };
  const notice = () => screen.queryByText('Din rolle er ændret.')?.closest('div')?.textContent;
  const tabHidden = (hidden: boolean) => {
    jest.spyOn(document, 'visibilityState', 'get').mockReturnValue(hidden ? 'hidden' : 'visible');
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
  };

  it('a refusal reads who the user is again: the notice says the role changed and the menu is the new role\'s; a page of refusals reads it once', async () => {
    const client = await signedIn();
    expect(fake.state.viewerReads).toBe(1);
    expect(menu()).toEqual(['Nøgletal', 'Konti til gennemsyn']);

    // An administrator makes the leader a caseworker; the leader's next request is refused.
    fake.state.role = 'CASEWORKER';
    await refused(client, FiguresProbe, CaseProbe);
    expect(fake.state.viewerReads).toBe(2);
    expect(notice()).toContain('Din rolle er ændret. En administrator har gjort dig til sagsbehandler.');
    expect(menu()).toEqual(['Mine sager', 'Åbn en plan', 'Nøgletal']);

    // More refusals moments later (a page of refused fields) do not read it again…
    fake.state.refuse = 'NOT_FOUND';
    await refused(client, CaseProbe);
    ahead = VIEWER_AFTER_REFUSAL_MS - 1_000;
    await refused(client, CaseProbe);
    expect(fake.state.viewerReads).toBe(2);
    // …a refusal a while later does.
    ahead = VIEWER_AFTER_REFUSAL_MS + 1;
    await refused(client, CaseProbe);
    expect(fake.state.viewerReads).toBe(3);
  });

  it('the Viewer query refused is not read again for it (no loop), while another refusal reads it', async () => {
    fake.state.viewerRefused = 'FORBIDDEN';
    const samplan = renderShell(createSamplanClient({ token: 'token-lene' }));
    await settle(100);
    expect(fake.state.viewerReads).toBe(1);

    // The server lets the Viewer through again; another screen's refusal reads it, once.
    fake.state.viewerRefused = null;
    await refused(samplan.client, FiguresProbe);
    expect(fake.state.viewerReads).toBe(2);
    expect(menu()).toEqual(['Nøgletal', 'Konti til gennemsyn']);
  });

  it('coming back to the tab reads who the user is again, at most once a minute', async () => {
    await signedIn();
    expect(fake.state.viewerReads).toBe(1);
    fake.state.role = 'MENTOR';
    tabHidden(true);
    await settle();
    expect(fake.state.viewerReads).toBe(1);
    tabHidden(false);
    await settle();
    expect(fake.state.viewerReads).toBe(2);
    expect(notice()).toContain('Din rolle er ændret. En administrator har gjort dig til mentor.');
    expect(menu()).toEqual(['Mentor']);

    // Away and back again within the minute: not read again.
    ahead = VIEWER_ON_RETURN_MS - 1_000;
    tabHidden(true);
    tabHidden(false);
    await settle();
    expect(fake.state.viewerReads).toBe(2);
    ahead = VIEWER_ON_RETURN_MS + 1;
    tabHidden(true);
    tabHidden(false);
    await settle();
    expect(fake.state.viewerReads).toBe(3);
  });

  it('signed out, neither a refusal nor coming back to the tab reads anything', async () => {
    const token = { current: 'token-lene' as string | null };
    const client = await signedIn(token);
    // Signed in, coming back does read it (so the silence below is the sign-out's).
    tabHidden(true);
    tabHidden(false);
    await settle();
    expect(fake.state.viewerReads).toBe(2);

    token.current = null;
    ahead = VIEWER_ON_RETURN_MS + VIEWER_AFTER_REFUSAL_MS;
    await refused(client, FiguresProbe);
    tabHidden(true);
    tabHidden(false);
    await settle();
    expect(fake.state.viewerReads).toBe(2);
  });
});
