import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { addDays, endedInterventionEndProblem, interventionEndReasonProblem, todayInDenmark } from '@samplan/schema';
import { bostoette } from '../../test-support/fixtures';
import { HEALTH, EMPLOYMENT, perPlan, PLAN_ID, praktik, renderPlanPage, SOCIAL } from '../../test-support/plan-page';
import { CreateJobcenterInterventionMutation, CreateSocialInterventionMutation } from './NewInterventionForm';

const group = (name: RegExp | string) => screen.getByRole('region', { name });
const socialGroup = () => group(/^Socialforvaltningen/);
const jobcenterGroup = () => group(/^Jobcenter Faaborg-Midtfyn/);

const newBostoette = bostoette({
  id: 'iv-new',
  title: 'Bostøtte i egen bolig',
  shortTermGoal: '',
  provider: 'Bostøtteteamet, Ringe',
  hoursPerWeek: 4.5,
  startDate: '2026-12-01',
  subGoals: [{ __typename: 'SubGoal', id: 'sg-butik', text: 'Løse faste opgaver i butikken selvstændigt' }],
});

const createBostoette = (result: MockLink.MockedResponse['result'] | undefined, error?: Error): MockLink.MockedResponse => ({
  request: {
    query: CreateSocialInterventionMutation,
    variables: {
      input: {
        planId: PLAN_ID,
        kind: 'HOUSING_SUPPORT',
        subGoalIds: ['sg-butik'],
        title: 'Bostøtte i egen bolig',
        status: 'PLANNED',
        startDate: '2026-12-01',
        legalBasis: 'SEL §85',
        provider: 'Bostøtteteamet, Ringe',
        hoursPerWeek: 4.5,
      },
    },
  },
  ...(error ? { error } : { result }),
});

/** Bent fills in a new bostøtte for social services. */
function fillBostoette() {
  fireEvent.click(within(socialGroup()).getByRole('button', { name: 'Ny indsats' }));
  const form = within(socialGroup()).getByRole('form', { name: 'Ny indsats fra Socialforvaltningen' });
  expect(document.activeElement).toBe(within(form).getByLabelText('Indsatstype'));
  fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'HOUSING_SUPPORT' } });
  // The kind fills in a first title and, for bostøtte, its usual legal basis.
  expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe('Bostøtte');
  expect((within(form).getByLabelText('Lovgrundlag') as HTMLInputElement).value).toBe('SEL §85');
  fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: 'Bostøtte i egen bolig' } });
  fireEvent.change(within(form).getByLabelText('Leverandør'), { target: { value: 'Bostøtteteamet, Ringe' } });
  fireEvent.change(within(form).getByLabelText('Timer om ugen'), { target: { value: '4,5' } });
  fireEvent.change(within(form).getByLabelText('Startdato'), { target: { value: '2026-12-01' } });
  fireEvent.click(within(form).getByLabelText('Beskæftigelse: Løse faste opgaver i butikken selvstændigt'));
  return form;
}

describe('Ny indsats', () => {
  it('creates an intervention for my unit with its own facts, and shows it at once, once', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'bent',
      plan: perPlan({ myStanding: 'TEAM' }),
      mocks: [createBostoette({ data: { createSocialIntervention: newBostoette } })],
    });
    const form = fillBostoette();
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));

    const card = await within(socialGroup()).findByRole('article', { name: 'Bostøtte i egen bolig' });
    expect(within(card).getByText('SEL §85')).toBeTruthy();
    expect(within(card).getByText('Understøtter: Løse faste opgaver i butikken selvstændigt')).toBeTruthy();
    await waitFor(() => expect(within(socialGroup()).getByRole('status').textContent).toBe('Indsatsen »Bostøtte i egen bolig« er oprettet.'));
    expect(within(socialGroup()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(within(socialGroup()).getByRole('button', { name: 'Ny indsats' }));

    // The live event's refetch brings the same intervention: still one card.
    serverSends(perPlan({ myStanding: 'TEAM', interventions: [praktik(), bostoette(), newBostoette] }));
    expect(await screen.findAllByRole('article', { name: 'Bostøtte i egen bolig' })).toHaveLength(1);
  });

  it('is not shown twice when the live refetch lands before the answer to the create', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'bent',
      plan: perPlan({ myStanding: 'TEAM' }),
      mocks: [{ ...createBostoette({ data: { createSocialIntervention: newBostoette } }), delay: 30 }],
    });
    const form = fillBostoette();
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    serverSends(perPlan({ myStanding: 'TEAM', interventions: [praktik(), bostoette(), newBostoette] }));
    await screen.findByText('Indsatsen »Bostøtte i egen bolig« er oprettet.');
    expect(screen.getAllByRole('article', { name: 'Bostøtte i egen bolig' })).toHaveLength(1);
  });

  it('created Annulleret says why, in the server’s words, before anything is sent; the reason goes with it', async () => {
    const { input: sent } = createBostoette(undefined).request.variables as { input: Record<string, unknown> };
    const input = { ...sent, status: 'CANCELLED', endReason: 'Per fik en bolig med bostøtte i en anden kommune' };
    const created = bostoette({ ...newBostoette, status: 'CANCELLED', endReason: 'Per fik en bolig med bostøtte i en anden kommune' });
    renderPlanPage({
      viewer: 'bent',
      plan: perPlan({ myStanding: 'TEAM' }),
      mocks: [{ request: { query: CreateSocialInterventionMutation, variables: { input } }, result: { data: { createSocialIntervention: created } } }],
    });
    const form = fillBostoette();
    expect(within(form).queryByLabelText('Begrundelse')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    // No mock for a creation without it: one sent would fail the test with "No more mocked responses".
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    const reason = within(form).getByLabelText('Begrundelse');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(reason.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(interventionEndReasonProblem('CANCELLED', ''));
    fireEvent.change(reason, { target: { value: 'Per fik en bolig med bostøtte i en anden kommune' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    const card = await within(socialGroup()).findByRole('article', { name: 'Bostøtte i egen bolig' });
    expect(within(card).getByText('Per fik en bolig med bostøtte i en anden kommune')).toBeTruthy();
  });

  it('offers the button only in my own unit’s group', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(socialGroup()).getByRole('button', { name: 'Ny indsats' })).toBeTruthy();
    expect(within(jobcenterGroup()).queryByRole('button', { name: 'Ny indsats' })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Ny indsats' })).toHaveLength(1);
  });

  it('shows my unit’s group with the button before the unit has any interventions', () => {
    renderPlanPage({ viewer: 'carla', plan: perPlan({ myStanding: 'TEAM', team: [EMPLOYMENT, SOCIAL, HEALTH] }) });
    const health = group(/^Sundhedsforvaltningen/);
    expect(within(health).getByText('Sundhedsforvaltningen har ingen indsatser i planen endnu.')).toBeTruthy();
    fireEvent.click(within(health).getByRole('button', { name: 'Ny indsats' }));
    const kinds = within(within(health).getByLabelText('Indsatstype')).getAllByRole('option').map((o) => o.textContent);
    expect(kinds).toContain('Fysioterapi');
    expect(kinds).not.toContain('Bostøtte');
  });

  it('asks for the facts that belong to the kind: purpose for an internship, a course name for a course', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(jobcenterGroup()).getByRole('form', { name: 'Ny indsats fra Jobcenter Faaborg-Midtfyn' });
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'INTERNSHIP' } });
    expect(within(form).getByLabelText('Virksomhed')).toBeTruthy();
    expect(within(form).getByLabelText('Formål med praktikken')).toBeTruthy();
    expect(within(form).queryByLabelText('Kursus')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'COURSE' } });
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe('Kursus');
    expect(within(form).getByLabelText('Kursus')).toBeTruthy();
    expect(within(form).queryByLabelText('Formål med praktikken')).toBeNull();
  });

  it('drops the bostøtte legal basis it filled in when another kind is chosen', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    fireEvent.click(within(socialGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(socialGroup()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'HOUSING_SUPPORT' } });
    expect((within(form).getByLabelText('Lovgrundlag') as HTMLInputElement).value).toBe('SEL §85');
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'DEBT_COUNSELLING' } });
    expect((within(form).getByLabelText('Lovgrundlag') as HTMLInputElement).value).toBe('');
    expect((within(form).getByLabelText('Titel') as HTMLInputElement).value).toBe('Gældsrådgivning');
  });

  it('validates in Danish before sending, each message tied to its field', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(jobcenterGroup()).getByRole('form');
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    const kind = within(form).getByLabelText('Indsatstype');
    expect(kind.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(kind.getAttribute('aria-describedby')!)?.textContent).toBe('Vælg indsatstype.');
    expect(within(form).getByText('Skriv titel.', { selector: '.field-error' })).toBeTruthy();
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Vælg indsatstype.', 'Skriv titel.']);
    expect(document.activeElement).toBe(summary);

    // Choosing a kind fills in the title, so neither message stands any longer.
    fireEvent.change(kind, { target: { value: 'INTERNSHIP' } });
    expect(within(form).queryByText('Vælg indsatstype.')).toBeNull();
    expect(within(form).queryByText('Skriv titel.')).toBeNull();
    expect(within(form).queryByTestId('error-summary')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Timer om ugen'), { target: { value: '40' } });
    fireEvent.change(within(form).getByLabelText('Startdato'), { target: { value: '2027-02-01' } });
    fireEvent.change(within(form).getByLabelText('Slutdato'), { target: { value: '2027-01-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    expect(within(form).getByText('Timer om ugen skal være mellem 0 og 37.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Slutdatoen skal ligge efter startdatoen.', { selector: '.field-error' })).toBeTruthy();
  });

  it('"Afsluttet" with no end date, or one ahead, is refused at Slutdato before sending, in the server’s words', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(jobcenterGroup()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'COURSE' } });
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    const today = todayInDenmark();
    expect((within(form).getByLabelText('Slutdato') as HTMLInputElement).value).toBe(today);
    const ahead = addDays(today, 3);
    for (const [typed, message] of [['', endedInterventionEndProblem('COMPLETED', null, today)], [ahead, endedInterventionEndProblem('COMPLETED', ahead, today)]] as const) {
      fireEvent.change(within(form).getByLabelText('Slutdato'), { target: { value: typed } });
      fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
      expect(within(form).getByText(message!, { selector: '.field-error' })).toBeTruthy();
      expect(within(form).getByLabelText('Slutdato').getAttribute('aria-invalid')).toBe('true');
    }
  });

  it('a company name over the server’s limit is refused at the field before sending, in Danish', () => {
    // No mock: a mutation sent would fail the test with "No more mocked responses".
    const long = 'A'.repeat(201);
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(jobcenterGroup()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'WAGE_SUBSIDY' } });
    const company = within(form).getByLabelText('Virksomhed');
    expect(company.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain('Højst 200 tegn.');
    fireEvent.change(company, { target: { value: long } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    expect(company.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Virksomhed må højst være 200 tegn (du har skrevet 201).', { selector: '.field-error' })).toBeTruthy();
    // Nothing was added.
    expect(within(jobcenterGroup()).getAllByRole('article')).toHaveLength(1);
  });

  it('a mentor support longer than 6 months: the server’s rule shows by the end date', async () => {
    const message = 'Mentorstøtte gives for op til 6 måneder ad gangen (til og med 31. maj 2027). Forlæng med en ny periode.';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'MENTOR_SUPPORT_TOO_LONG' } }] });
    renderPlanPage({
      viewer: 'anna',
      mocks: [{
        request: {
          query: CreateJobcenterInterventionMutation,
          variables: { input: { planId: PLAN_ID, kind: 'MENTOR_SUPPORT', subGoalIds: [], title: 'Mentorstøtte', status: 'PLANNED', startDate: '2026-12-01', endDate: '2027-08-01' } },
        },
        error,
      }],
    });
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' }));
    const form = within(jobcenterGroup()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Indsatstype'), { target: { value: 'MENTOR_SUPPORT' } });
    fireEvent.change(within(form).getByLabelText('Startdato'), { target: { value: '2026-12-01' } });
    fireEvent.change(within(form).getByLabelText('Slutdato'), { target: { value: '2027-08-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret indsats' }));
    await within(form).findByRole('alert');
    const end = within(form).getByLabelText('Slutdato');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getAllByText(message).length).toBeGreaterThan(0);
  });

  it('Escape and »Annullér« close the form and give focus back to the button', () => {
    renderPlanPage({ viewer: 'anna' });
    const open = within(jobcenterGroup()).getByRole('button', { name: 'Ny indsats' });
    fireEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(within(jobcenterGroup()).getByLabelText('Indsatstype'), { key: 'Escape' });
    expect(within(jobcenterGroup()).queryByRole('form')).toBeNull();
    expect(open.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(open);
    fireEvent.click(open);
    fireEvent.click(within(jobcenterGroup()).getByRole('button', { name: 'Annullér' }));
    expect(within(jobcenterGroup()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(open);
  });
});
