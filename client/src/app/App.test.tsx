import { ApolloClient, ApolloLink, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../core/apollo';
import { useRoute } from '../core/router';
import { SignedIn } from './App';

type Answer = { data?: unknown; errors?: unknown[] };

const unavailable: Answer = { errors: [{ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };

function viewer(role: string): Answer {
  return {
    data: {
      me: {
        __typename: 'User',
        id: 'u-anna',
        name: 'Anna Holm',
        role,
        unit: null,
        municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' },
      },
    },
  };
}

/** A server that answers the Viewer query with `answers`, one per request, and leaves everything else unanswered. */
function renderShell(route: Parameters<typeof SignedIn>[0]['route'], answers: Answer[]) {
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        if (operation.operationName !== 'Viewer') return;
        observer.next(answers.shift() as never);
        observer.complete();
      }),
  );
  const client = new ApolloClient({ cache: createCache(), link });
  render(
    <ApolloProvider client={client}>
      <SignedIn route={route} />
    </ApolloProvider>,
  );
}

/** The refusal in <main>, with its "Prøv igen". */
async function refusalInMain() {
  const main = document.getElementById('main')!;
  const alert = await within(main).findByRole('alert');
  expect(alert.textContent).toContain('Siden kunne ikke vises');
  expect(alert.textContent).toContain('Samplan er midlertidigt utilgængelig. Prøv igen om lidt.');
  expect(within(main).queryByText('Henter…')).toBeNull();
  return within(alert).getByRole('button', { name: 'Prøv igen' });
}

describe('who is signed in could not be fetched', () => {
  it('the start page says so in Danish instead of "Henter…" forever, and "Prøv igen" brings it', async () => {
    renderShell({ name: 'home' }, [unavailable, viewer('CASEWORKER')]);
    fireEvent.click(await refusalInMain());
    expect(await screen.findByRole('heading', { level: 1, name: 'Mine sager' })).toBeTruthy();
    expect(screen.queryByText('Siden kunne ikke vises')).toBeNull();
  });

  it('Administration says so too, and "Prøv igen" brings it to the administrator', async () => {
    renderShell({ name: 'administration', tab: 'units' }, [unavailable, viewer('ADMINISTRATOR')]);
    fireEvent.click(await refusalInMain());
    // The page's code comes on its first visit (lazy).
    expect(await screen.findByRole('heading', { level: 1, name: 'Administration' }, { timeout: 10_000 })).toBeTruthy();
  });
});

describe("another role's page", () => {
  it.each([
    ['an administrator', 'Nøgletal', 'ADMINISTRATOR', { name: 'keyFigures' }],
    ['an administrator', 'Konti til gennemsyn', 'ADMINISTRATOR', { name: 'accountFlags' }],
    ['a caseworker', 'Konti til gennemsyn', 'CASEWORKER', { name: 'accountFlags' }],
    ['a leader', 'Administration', 'LEADER', { name: 'administration', tab: 'staff' }],
    // No caseload but a caseworker's: not a search form over "0 sager".
    ['a leader', 'Mine sager', 'LEADER', { name: 'caseload' }],
    ['a mentor', 'Mine sager', 'MENTOR', { name: 'caseload' }],
    ['an administrator', 'Mine sager', 'ADMINISTRATOR', { name: 'caseload' }],
  ] as const)('%s on a link to %s is told the page is not found, not shown it with a refusal', async (_who, _page, role, route) => {
    renderShell(route as Parameters<typeof SignedIn>[0]['route'], [viewer(role)]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('a link to a plan', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('takes a citizen to Min plan, in place of the link (Back does not bring it again)', async () => {
    window.history.replaceState(null, '', '/plan/p-per');
    const entries = window.history.length;
    renderShell({ name: 'plan', id: 'p-per' }, [viewer('CITIZEN')]);
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(window.history.length).toBe(entries);
    expect(screen.queryByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeNull();
  });

  it.each([
    ['the plan', '/plan/p-per'],
    ['its print', '/plan/p-per/min-plan'],
  ] as const)('takes a mentor on a link to %s to the mentor page, without asking for the plan (no refusal to log)', async (_what, address) => {
    window.history.replaceState(null, '', `${address}?fra=mail`);
    const entries = window.history.length;
    const asked: string[] = [];
    const link = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          asked.push(operation.operationName ?? '');
          if (operation.operationName !== 'Viewer') return;
          observer.next(viewer('MENTOR') as never);
          observer.complete();
        }),
    );
    // The shell follows the address, as the app's does.
    function Routed() {
      return <SignedIn route={useRoute()} />;
    }
    render(
      <ApolloProvider client={new ApolloClient({ cache: createCache(), link })}>
        <Routed />
      </ApolloProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Mine borgere' }, { timeout: 10_000 })).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/');
    expect(window.history.length).toBe(entries);
    expect(screen.queryByText('Planen kunne ikke vises')).toBeNull();
    expect(asked.filter((name) => name.startsWith('Plan') || name.startsWith('PrintPlan'))).toEqual([]);
  });

  it('refused to a leader (NOT_FOUND): the plan is asked for once, and its history not at all', async () => {
    const asked: string[] = [];
    const link = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          asked.push(operation.operationName ?? '');
          if (operation.operationName === 'Viewer') observer.next(viewer('LEADER') as never);
          else if (operation.operationName === 'PlanPage') {
            observer.next({ errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] } as never);
          } else return;
          observer.complete();
        }),
    );
    render(
      <ApolloProvider client={new ApolloClient({ cache: createCache(), link })}>
        <SignedIn route={{ name: 'plan', id: 'p-per' }} />
      </ApolloProvider>,
    );
    expect(await screen.findByText('Planen kunne ikke vises', {}, { timeout: 10_000 })).toBeTruthy();
    expect(asked.filter((name) => name.startsWith('Plan'))).toEqual(['PlanPage']);
  });
});

describe('a role changed by an administrator while the page is open', () => {
  /** The shell, with a server whose answer to Viewer is the role of the moment. */
  function withRole(first: string, unit: string | null = null) {
    const now: { role: string; unit: string | null } = { role: first, unit };
    const unitOf = (name: string | null) => (name ? { __typename: 'Unit', id: `u-${name}`, kind: 'SOCIAL', name } : null);
    const link = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          if (operation.operationName !== 'Viewer') return;
          const answer = viewer(now.role) as { data: { me: Record<string, unknown> } };
          observer.next({ data: { me: { ...answer.data.me, unit: unitOf(now.unit) } } } as never);
          observer.complete();
        }),
    );
    const client = new ApolloClient({ cache: createCache(), link });
    render(
      <ApolloProvider client={client}>
        <SignedIn route={{ name: 'keyFigures' }} />
      </ApolloProvider>,
    );
    return { now, client };
  }
  const menu = () => within(screen.getByRole('navigation', { name: 'Hovedmenu' }));

  it('is said once the viewer is read again (after the live connection reopens), until closed', async () => {
    const { now, client } = withRole('CASEWORKER');
    await screen.findByRole('navigation', { name: 'Hovedmenu' });
    await menu().findByRole('link', { name: 'Nøgletal' });
    expect(screen.queryByText('Din rolle er ændret.')).toBeNull();
    // The reconnect after the server closed the socket (4410) reads every open query again, the viewer too.
    now.role = 'MENTOR';
    await act(() => client.refetchQueries({ include: ['Viewer'] }));
    const notice = (await screen.findByText('Din rolle er ændret.')).closest('div')!;
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toContain('Din rolle er ændret. En administrator har gjort dig til mentor. Menuen og siderne viser nu det, du har adgang til.');
    expect(menu().queryByRole('link', { name: 'Nøgletal' })).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: 'Luk' }));
    expect(screen.queryByText('Din rolle er ændret.')).toBeNull();
  });

  it('says so when only the unit changed', async () => {
    const { now, client } = withRole('CASEWORKER', 'Jobcenter');
    await screen.findByRole('navigation', { name: 'Hovedmenu' });
    await menu().findByRole('link', { name: 'Nøgletal' });
    now.unit = 'Socialforvaltningen';
    await act(() => client.refetchQueries({ include: ['Viewer'] }));
    const notice = (await screen.findByText('Din enhed er ændret.')).closest('div')!;
    expect(notice.textContent).toContain('En administrator har gjort dig til sagsbehandler i Socialforvaltningen.');
  });

  it('is not said when the viewer is read again unchanged', async () => {
    const { client } = withRole('CASEWORKER');
    await screen.findByRole('navigation', { name: 'Hovedmenu' });
    await menu().findByRole('link', { name: 'Nøgletal' });
    await act(() => client.refetchQueries({ include: ['Viewer'] }));
    expect(screen.queryByText(/^Din (rolle|enhed) er ændret\.$/)).toBeNull();
  });
});
