import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { viewers, type Viewer } from '../../test-support/plan-page';
import { ViewerQuery } from '../org/viewer';
import { checkNewProgramme, citizenChoices } from './newProgramme';
import { CreateCitizenMutation, CreateProgrammeMutation, KnownCitizensQuery, NewProgrammePage } from './NewProgrammePage';

const known: MockLink.MockedResponse = {
  request: { query: KnownCitizensQuery },
  result: {
    data: {
      myCaseload: [
        { __typename: 'Plan', id: 'plan-per', citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen', birthDate: '2005-06-02' } },
        { __typename: 'Plan', id: 'plan-eva', citizen: { __typename: 'Citizen', id: 'c-eva', name: 'Eva Jensen', birthDate: '1974-03-12' } },
      ],
    },
  },
};

const citizenInput = { name: 'Lis Madsen', birthDate: '1980-05-01', phone: '20 30 40 50', address: null };
const lis = { __typename: 'Citizen', id: 'c-lis', name: 'Lis Madsen', birthDate: '1980-05-01' };
const programmeInput = {
  citizenId: 'c-lis',
  type: 'RESSOURCEFORLOEB',
  decisionDate: '2026-01-20',
  jointPlanConsentOn: null,
  startDate: '2026-12-01',
  endDate: '2028-12-01',
  planPeriodEnd: '2027-06-01',
  employmentGoal: 'Lager og logistik',
  goalKind: 'SECTOR',
  teamUnits: ['JOBCENTER', 'SOCIAL'],
};

const createCitizen = (rest: Partial<MockLink.MockedResponse> = { result: { data: { createCitizen: lis } } }): MockLink.MockedResponse => ({
  request: { query: CreateCitizenMutation, variables: { input: citizenInput } },
  ...rest,
});
const createProgramme = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: CreateProgrammeMutation, variables: { input: { ...programmeInput, ...input } } },
  ...rest,
});
const created = (id: string) => ({ result: { data: { createProgramme: { __typename: 'Plan', id } } } });

function renderPage(mocks: MockLink.MockedResponse[], viewer: Viewer = 'anna') {
  const cache = createCache();
  cache.writeQuery({ query: ViewerQuery, data: { me: viewers[viewer] } as never });
  return render(
    <MockedProvider mocks={[known, ...mocks]} cache={cache}>
      <NewProgrammePage />
    </MockedProvider>,
  );
}

const form = () => screen.getByRole('form', { name: 'Nyt forløb' });
// "Borger" names both the citizen section and its choice: the fields are the form controls.
const field = (name: string) => within(form()).getByLabelText(name, { selector: 'input, select, textarea' });
const set = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const submit = () => fireEvent.click(within(form()).getByRole('button', { name: 'Opret forløb' }));

function fillCitizen() {
  set('Navn', ' Lis Madsen ');
  set('Fødselsdato', '1980-05-01');
  set('Telefon', '20 30 40 50');
}

function fillProgramme(endDate = '2028-12-01') {
  set('Forløbstype', 'RESSOURCEFORLOEB');
  set('Afgørelsesdato', '2026-01-20');
  set('Startdato', '2026-12-01');
  set('Slutdato', endDate);
  set('Beskæftigelses- eller uddannelsesmål', 'Lager og logistik');
  set('Målet angiver', 'SECTOR');
  set('Planperiodens slut', '2027-06-01');
  fireEvent.click(within(form()).getByLabelText('Socialforvaltningen'));
}

/** The texts tied to a field: its hint and its error. */
const describedBy = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);

beforeEach(() => window.history.replaceState(null, '', '/nyt-forloeb'));

describe('Nyt forløb', () => {
  it('creates the citizen, then the programme with its plan, and opens the new plan', async () => {
    renderPage([createCitizen(), createProgramme({}, created('plan-lis'))]);
    expect(screen.getByRole('heading', { level: 1, name: 'Nyt forløb' })).toBeTruthy();
    // My own unit is always on the team.
    const own = within(form()).getByLabelText('Jobcenter') as HTMLInputElement;
    expect(own.checked && own.disabled).toBe(true);
    fillCitizen();
    fillProgramme();
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('shows a length rule from the server by the end date, and does not create the citizen twice', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Et ressourceforløb skal vare mindst 1 år.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_TOO_SHORT', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' } }],
    });
    renderPage([createCitizen(), createProgramme({ endDate: '2027-06-01' }, { error }), createProgramme({}, created('plan-lis'))]);
    fillCitizen();
    fillProgramme('2027-06-01');
    submit();

    const alert = await within(form()).findByRole('alert');
    expect(alert.textContent).toBe('Ret feltet, og prøv igenÆndringen er ikke tilladt efter reglerne for forløbet. Et ressourceforløb skal vare mindst 1 år.');
    const end = field('Slutdato');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(end)).toEqual(['Som fastsat i afgørelsen. Forløbet kan ikke forlænges bagefter (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).', 'Et ressourceforløb skal vare mindst 1 år.']);
    expect(document.activeElement).toBe(end);
    expect(screen.getByTestId('citizen-created').textContent).toBe('Lis Madsen, født 1. maj 1980, er oprettet som borger. Ret forløbet herunder, og prøv igen.');
    expect(within(form()).queryByLabelText('Navn')).toBeNull();
    expect(window.location.pathname).toBe('/nyt-forloeb');

    // Only createProgramme is mocked for the second try: a second createCitizen would fail the test.
    set('Slutdato', '2028-12-01');
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('picks a citizen from Mine sager, and shows a refused ressourceforløb by the decision date', async () => {
    const refusal = 'Ressourceforløb er afskaffet for nye forløb med afgørelse fra 1. februar 2026 (lov nr. 1750 af 29. december 2025).';
    const error = new CombinedGraphQLErrors({
      errors: [{ message: refusal, extensions: { code: 'RULE_VIOLATION', rule: 'RESSOURCEFORLOEB_ABOLISHED', source: 'lov nr. 1750 af 29. december 2025' } }],
    });
    renderPage([createProgramme({ citizenId: 'c-per', decisionDate: '2026-11-24' }, { error })]);
    await within(form()).findByRole('option', { name: 'Per Hansen, født 2. juni 2005' });
    expect(within(field('Borger')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Ny borger',
      'Eva Jensen, født 12. marts 1974',
      'Per Hansen, født 2. juni 2005',
    ]);
    set('Borger', 'c-per');
    expect(within(form()).queryByLabelText('Navn')).toBeNull();
    fillProgramme();
    set('Afgørelsesdato', '2026-11-24');
    submit();
    await within(form()).findByRole('alert');
    const decision = field('Afgørelsesdato');
    expect(decision.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(decision)).toContain(refusal);
  });

  it('shows the server’s refusal of a citizen field by that field', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Telefonnummeret er for langt.', extensions: { code: 'BAD_USER_INPUT', field: 'phone' } }] });
    renderPage([createCitizen({ error })]);
    fillCitizen();
    fillProgramme();
    submit();
    const alert = await within(form()).findByRole('alert');
    expect(alert.textContent).toContain('Telefonnummeret er for langt.');
    expect(describedBy(field('Telefon'))).toEqual(['Telefonnummeret er for langt.']);
    expect(screen.queryByTestId('citizen-created')).toBeNull();
  });

  it('checks missing fields and dates in order before sending, and goes to the first problem', () => {
    renderPage([]);
    set('Startdato', '2026-12-01');
    set('Slutdato', '2026-11-01');
    submit();
    expect(describedBy(field('Navn'))).toEqual(['Skriv borgerens navn.']);
    expect(document.activeElement).toBe(field('Navn'));
    expect(within(form()).getByText('Vælg borgerens fødselsdato.')).toBeTruthy();
    expect(within(form()).getByText('Vælg forløbstype.')).toBeTruthy();
    expect(within(form()).getByText('Slutdatoen skal ligge efter startdatoen.')).toBeTruthy();
    expect(within(form()).getByText('Skriv beskæftigelses- eller uddannelsesmålet.')).toBeTruthy();
    expect(within(form()).getByText('Vælg planperiodens slut.')).toBeTruthy();
    expect(within(form()).queryByRole('alert')).toBeNull();
  });

  it('"Annullér" goes back to Mine sager', () => {
    renderPage([]);
    fireEvent.click(within(form()).getByRole('link', { name: 'Annullér' }));
    expect(window.location.pathname).toBe('/');
  });

  it('is not offered to a mentor', () => {
    const cache = createCache();
    cache.writeQuery({
      query: ViewerQuery,
      data: { me: { ...viewers.anna, id: 'u-mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null } } as never,
    });
    render(
      <MockedProvider mocks={[known]} cache={cache}>
        <NewProgrammePage />
      </MockedProvider>,
    );
    expect(screen.getByText('Kun sagsbehandlere kan oprette et forløb.')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });
});

describe('checkNewProgramme', () => {
  const ok = {
    name: 'Lis',
    birthDate: '1980-05-01',
    type: 'RESSOURCEFORLOEB',
    decisionDate: '2026-01-20',
    startDate: '2026-12-01',
    endDate: '2028-12-01',
    employmentGoal: 'Lager',
    goalKind: 'SECTOR',
    planPeriodEnd: '2027-06-01',
  };

  it('accepts a complete form and leaves the rules to the server', () => {
    expect(checkNewProgramme(ok, { newCitizen: true, today: '2026-11-24' })).toEqual({});
    expect(checkNewProgramme({ ...ok, endDate: '2026-12-02' }, { newCitizen: true, today: '2026-11-24' })).toEqual({});
  });

  it('refuses a birth date ahead and a plan period ending before the start', () => {
    expect(checkNewProgramme({ ...ok, birthDate: '2027-01-01', planPeriodEnd: '2026-12-01' }, { newCitizen: true, today: '2026-11-24' })).toEqual({
      birthDate: 'Fødselsdatoen kan ikke ligge i fremtiden.',
      planPeriodEnd: 'Planperioden skal slutte efter den starter.',
    });
  });

  it('refuses a day that does not exist', () => {
    expect(checkNewProgramme({ ...ok, endDate: '2027-02-30' }, { newCitizen: true, today: '2026-11-24' })).toEqual({ endDate: 'Skriv en gyldig dato.' });
  });

  it('asks for the citizen’s consent to a joint plan for a helhedsorienteret forløb', () => {
    expect(checkNewProgramme({ ...ok, type: 'HELHEDSORIENTERET' }, { newCitizen: true, today: '2026-11-24' })).toEqual({ jointPlanConsentOn: 'Registrér borgerens samtykke til en fælles plan.' });
    expect(checkNewProgramme({ ...ok, type: 'HELHEDSORIENTERET', jointPlanConsentOn: '2026-11-20' }, { newCitizen: true, today: '2026-11-24' })).toEqual({});
  });

  it('does not ask for the citizen’s details when one is picked', () => {
    expect(checkNewProgramme({ ...ok, name: '', birthDate: '' }, { newCitizen: false, today: '2026-11-24' })).toEqual({});
  });
});

describe('citizenChoices', () => {
  it('lists each citizen once, by name', () => {
    const c = (id: string, name: string) => ({ citizen: { id, name, birthDate: '2000-01-01' } });
    expect(citizenChoices([c('2', 'Åse'), c('1', 'Bo'), c('2', 'Åse')]).map((x) => x.name)).toEqual(['Bo', 'Åse']);
  });
});
