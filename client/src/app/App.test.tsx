import { ApolloClient, ApolloLink, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
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
  afterEach(() => window.history.replaceState(null, '', '/'));

  it.each([
    ['an administrator', 'ADMINISTRATOR', { name: 'keyFigures' }, 'Nøgletal', 'Nøgletal er for ledere og sagsbehandlere.'],
    ['an administrator', 'ADMINISTRATOR', { name: 'accountFlags' }, 'Konti til gennemsyn', 'Konti til gennemsyn er for ledere.'],
    ['a caseworker', 'CASEWORKER', { name: 'accountFlags' }, 'Konti til gennemsyn', 'Konti til gennemsyn er for ledere.'],
    ['a leader', 'LEADER', { name: 'administration', tab: 'staff' }, 'Administration', 'Administration er for administratorer.'],
    // No caseload but a caseworker's: not a search form over "0 sager".
    ['a leader', 'LEADER', { name: 'caseload' }, 'Mine sager', 'Mine sager er for sagsbehandlere.'],
    ['a mentor', 'MENTOR', { name: 'caseload' }, 'Mine sager', 'Mine sager er for sagsbehandlere.'],
    ['an administrator', 'ADMINISTRATOR', { name: 'caseload' }, 'Mine sager', 'Mine sager er for sagsbehandlere.'],
    ['an administrator', 'ADMINISTRATOR', { name: 'mentor' }, 'Mentor', 'Mentorsiden er for mentorer.'],
  ] as const)('%s (%s) on a link to %o is told whose page it is, not that it does not exist, nor shown it with a refusal', async (_who, role, route, title, says) => {
    renderShell(route as Parameters<typeof SignedIn>[0]['route'], [viewer(role)]);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeTruthy();
    const main = document.getElementById('main')!;
    expect(within(main).getByText(says)).toBeTruthy();
    expect(within(main).queryByText(/findes ikke/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.title).toBe(`${title} – Samplan`);
  });

  it.each([
    ['ADMINISTRATOR', { name: 'accountFlags' }, 'Som administrator finder du kommunens enheder og medarbejdere under Administration.', 'Administration'],
    // Nyt forløb as it was alone: "Kun sagsbehandlere kan oprette et forløb.", and now where the leader's work is.
    ['LEADER', { name: 'newProgramme' }, 'Som leder finder du kommunens nøgletal under Nøgletal.', 'Nøgletal'],
    ['MENTOR', { name: 'caseload' }, 'Som mentor finder du dine borgere under Mentor.', 'Mentor'],
  ] as const)("names the %s's own start page (as the menu does) on %o, with a link to it", async (role, route, sentence, home) => {
    window.history.replaceState(null, '', '/et-andet-sted');
    renderShell(route, [viewer(role)]);
    const main = document.getElementById('main')!;
    const said = await within(main).findByText((_, el) => el?.tagName === 'P' && el.textContent === sentence);
    const link = within(said).getByRole('link', { name: home });
    expect(link.getAttribute('href')).toBe('/');
    expect(within(screen.getByRole('navigation', { name: 'Hovedmenu' })).getAllByRole('link')[0]!.textContent).toBe(home);
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/');
  });

  it('an address that is no page in Samplan is still not found, while a known one of another role is named', async () => {
    renderShell({ name: 'notFound', path: '/findes-ikke' }, [viewer('ADMINISTRATOR')]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeTruthy();
    cleanup();
    renderShell({ name: 'caseload' }, [viewer('ADMINISTRATOR')]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Mine sager' })).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeNull();
  });

  it('a leader on Åbn en plan is told that plans are opened by caseworkers, and is not offered a search that finds nothing', async () => {
    renderShell({ name: 'openPlan' }, [viewer('LEADER')]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Åbn en plan' })).toBeTruthy();
    const main = document.getElementById('main')!;
    expect(within(main).getByText('Kun sagsbehandlere åbner borgernes planer.')).toBeTruthy();
    expect(within(main).getByText((_, el) => el?.tagName === 'P' && el.textContent === 'Som leder finder du kommunens nøgletal under Nøgletal.')).toBeTruthy();
    expect(within(main).queryByRole('searchbox')).toBeNull();
    expect(within(main).queryByText(/din enhed/)).toBeNull();
  });

  it('waits for the role before choosing, so a caseworker is never told a page of theirs is not', async () => {
    renderShell({ name: 'openPlan' }, []);
    expect(within(document.getElementById('main')!).getByRole('status').textContent).toBe('Henter…');
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
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

  it.each([
    ['a leader', 'LEADER', { name: 'plan', id: 'p-per' }, 'Som leder finder du kommunens nøgletal under Nøgletal.'],
    ['a leader', 'LEADER', { name: 'planPrint', id: 'p-per' }, 'Som leder finder du kommunens nøgletal under Nøgletal.'],
    ['an administrator', 'ADMINISTRATOR', { name: 'plan', id: 'p-per' }, 'Som administrator finder du kommunens enheder og medarbejdere under Administration.'],
    ['a leader', 'LEADER', { name: 'accessLog', id: 'p-per' }, 'Som leder finder du kommunens nøgletal under Nøgletal.'],
  ] as const)('tells %s (%s) plainly that %o is not theirs, without asking for the plan or offering "Prøv igen"', async (_who, role, route, sentence) => {
    const asked: string[] = [];
    const link = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          asked.push(operation.operationName ?? '');
          if (operation.operationName === 'Viewer') observer.next(viewer(role) as never);
          else observer.next({ errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] } as never);
          observer.complete();
        }),
    );
    render(
      <ApolloProvider client={new ApolloClient({ cache: createCache(), link })}>
        <SignedIn route={route} />
      </ApolloProvider>,
    );
    const main = document.getElementById('main')!;
    expect(await within(main).findByText((_, el) => el?.tagName === 'P' && el.textContent === sentence)).toBeTruthy();
    expect(within(main).getByText(route.name === 'accessLog' ? 'Adgangsloggen er for borgerens koordinerende sagsbehandler.' : 'Kun sagsbehandlerne på planen åbner borgerens plan.')).toBeTruthy();
    expect(within(main).queryByRole('button', { name: 'Prøv igen' })).toBeNull();
    expect(within(main).queryByText(/findes ikke|kunne ikke vises/)).toBeNull();
    // Each refused read would be one more denial in the access log, counted towards the account review.
    expect(asked).toEqual(['Viewer']);
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
