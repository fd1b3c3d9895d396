import { ApolloClient, ApolloLink, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../core/apollo';
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
  ] as const)('%s on a link to %s is told the page is not found, not shown it with a refusal', async (_who, _page, role, route) => {
    renderShell(route as Parameters<typeof SignedIn>[0]['route'], [viewer(role)]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
