import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../core/apollo';
import { OPEN_PLAN_HITS, OpenPlanPage, OpenPlanSearchDoc } from './OpenPlanPage';

// Opening a plan moves the address: each test starts from a bare one.
afterEach(() => window.history.replaceState(null, '', '/'));

const PER_NOW = '5b0c7c1e-2f5a-4e39-9a57-0b6f3d1c2a10';
const PER_BEFORE = '0d9e4f2a-8c1b-4f6e-b3a2-7e5d4c3b2a19';
const EVA = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function found(planId: string, name: string, cpr: string | null, type: string, status = 'ACTIVE', endDate = '2027-06-30') {
  return {
    __typename: 'Plan',
    id: planId,
    citizen: { __typename: 'Citizen', id: `c-${name}`, name, cpr },
    programme: { __typename: 'Programme', id: `pr-${planId}`, type, status, endDate },
  };
}

function searchMock(search: string, items: unknown[], totalCount = items.length): MockLink.MockedResponse {
  return {
    request: { query: OpenPlanSearchDoc, variables: { first: OPEN_PLAN_HITS, filter: { search } } },
    result: { data: { caseload: { __typename: 'CaseloadPage', totalCount, items } } },
  };
}

function renderPage(mocks: MockLink.MockedResponse[] = []) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <OpenPlanPage />
    </MockedProvider>,
  );
}

const field = () => screen.getByRole('searchbox', { name: 'Navn, CPR-nummer eller planens id' });
const find = (text: string) => {
  fireEvent.change(field(), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Find plan' }));
};
const hits = () => screen.getAllByTestId('found-plan').map((li) => li.textContent);

describe('Åbn en plan', () => {
  it('asks for a name, a CPR number or the plan id before searching, and puts focus on the field', () => {
    renderPage();
    const open = screen.getByRole('button', { name: 'Find plan' });
    // As a real click does, focus is on the button when the form is sent.
    open.focus();
    fireEvent.click(open);
    const problem = screen.getByText('Skriv et navn, et CPR-nummer eller planens id.');
    expect(window.location.pathname).toBe('/');
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(field().getAttribute('aria-describedby')?.split(' ')).toContain(problem.id);
    // Focus goes to the field, which names its problem: a screen reader says both.
    expect(document.activeElement).toBe(field());
  });

  it('finds the plans by the citizen’s name, with CPR number and forløb, and opens the one chosen', async () => {
    renderPage([
      searchMock('per hansen', [
        found(PER_NOW, 'Per Hansen', '010180-1234', 'JOBAFKLARINGSFORLOEB'),
        found(PER_BEFORE, 'Per Hansen', '010180-1234', 'RESSOURCEFORLOEB', 'ENDED', '2025-03-03'),
      ]),
    ]);
    find('  per hansen ');
    expect((await screen.findByText('2 planer fundet')).getAttribute('role')).toBe('status');
    expect(hits()).toEqual([
      'Per HansenCPR-nummer010180-1234ForløbJobafklaringsforløb, igangværende',
      'Per HansenCPR-nummer010180-1234ForløbRessourceforløb, afsluttet 3. marts 2025',
    ]);
    // Two plans of one citizen: each link says which one it opens.
    fireEvent.click(screen.getByRole('link', { name: 'Per Hansen, Ressourceforløb, afsluttet 3. marts 2025' }));
    expect(window.location.pathname).toBe(`/plan/${PER_BEFORE}`);
  });

  it('finds a plan by the whole CPR number, and shows the number as the server gives it', async () => {
    renderPage([searchMock('0101801234', [found(EVA, 'Eva Jensen', '010180-1234', 'HELHEDSORIENTERET')])]);
    find('0101801234');
    await screen.findByText('1 plan fundet');
    const [eva] = screen.getAllByTestId('found-plan');
    expect(within(eva!).getByText('010180-1234')).toBeTruthy();
    fireEvent.click(within(eva!).getByRole('link', { name: /^Eva Jensen/ }));
    expect(window.location.pathname).toBe(`/plan/${EVA}`);
  });

  it('says nothing was found among the plans I have access to, not that the plan does not exist', async () => {
    renderPage([searchMock('Ole Olsen', [])]);
    find('Ole Olsen');
    await screen.findByText('Ingen planer fundet blandt dem, du har adgang til.');
    expect(screen.getByText('Du har adgang til planer, du koordinerer, og planer, hvor din enhed er på teamet.')).toBeTruthy();
    expect(screen.queryByText(/findes ikke/i)).toBeNull();
    expect(screen.queryAllByTestId('found-plan')).toHaveLength(0);
  });

  it('asks for more of the name when a search finds more plans than it shows', async () => {
    const many = Array.from({ length: OPEN_PLAN_HITS }, (_, i) => found(`00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`, `Hansen ${i}`, null, 'RESSOURCEFORLOEB'));
    renderPage([searchMock('Hansen', many, 23)]);
    find('Hansen');
    await screen.findByText('Viser de første 20 af 23 planer. Skriv mere af navnet, eller søg på CPR-nummeret.');
    expect(hits()).toHaveLength(OPEN_PLAN_HITS);
  });

  it('asks for the whole CPR number rather than searching a part of one', () => {
    renderPage();
    find('010180');
    expect(screen.getByText('Skriv CPR-nummeret med 10 cifre, fx 010190-1234.')).toBeTruthy();
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('open-plan-result').textContent).toBe('');
  });

  it('opens the plan by a pasted id', () => {
    renderPage();
    find(`  ${PER_NOW} `);
    expect(window.location.pathname).toBe(`/plan/${PER_NOW}`);
  });

  it('opens the plan by a pasted link, also one to its printable plan', () => {
    renderPage();
    find(`https://samplan.kommune.dk/plan/${EVA}/min-plan`);
    expect(window.location.pathname).toBe(`/plan/${EVA}`);
  });
});
