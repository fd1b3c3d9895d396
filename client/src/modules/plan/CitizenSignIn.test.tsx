import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { CloseCitizenAccessMutation, CorrectCitizenCprMutation } from './CitizenSignIn';

const REASON = 'Tastefejl ved registreringen; rettet efter Pers sundhedskort.';
const section = () => screen.getByTestId('citizen-sign-in');

/** The server's answer: Per's citizen record after the change. */
const perCitizen = (overrides: Record<string, unknown>) => ({
  __typename: 'Citizen', id: 'c-per', cpr: '020605-4123', birthDate: '2005-06-02', version: 2,
  signIn: { __typename: 'CitizenSignIn', firstSignInAt: null, closedAt: null, closedByName: null }, ...overrides,
});

describe('the citizen’s login, as staff see it', () => {
  it('says when the citizen first signed in, so a login bound to someone else is noticed', async () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect((await screen.findByTestId('citizen-sign-in')).textContent).toContain('Borgeren loggede første gang ind 2. april 2026 (MitID).');
    // The team sees it; correcting the number and closing the access are the coordinator's.
    expect(within(section()).queryByRole('button', { name: 'Ret CPR-nummer' })).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Luk borgerens adgang' })).toBeNull();
  });
});

describe('Ret CPR-nummer', () => {
  it('checks the number and the reason as the server does, asks what happens to the login, and shows the new number', async () => {
    const input = { planId: PLAN_ID, expectedVersion: 1, reason: REASON, cpr: '020605-4124' };
    renderPlanPage({
      viewer: 'anna',
      mocks: [{ request: { query: CorrectCitizenCprMutation, variables: { input } }, result: { data: { correctCitizenCpr: perCitizen({ cpr: '020605-4124' }) } } }],
    });
    fireEvent.click(within(await screen.findByTestId('citizen-sign-in')).getByRole('button', { name: 'Ret CPR-nummer' }));
    const form = within(section()).getByRole('form', { name: 'Ret CPR-nummer' });
    const cpr = within(form).getByLabelText(/^Rigtigt CPR-nummer/);
    const reason = within(form).getByLabelText(/^Begrundelse/);
    expect(document.activeElement).toBe(cpr);

    // Not a CPR number, a day that does not exist, no reason: said at the fields, nothing asked or sent.
    fireEvent.change(cpr, { target: { value: '02065-4124' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Skriv CPR-nummeret med 10 cifre, fx 010190-1234.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Skriv begrundelsen.', { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(cpr, { target: { value: '310605-4124' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Ja, ret CPR-nummeret' })).toBeNull();

    fireEvent.change(cpr, { target: { value: '020605-4124' } });
    fireEvent.change(reason, { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const question = within(form).getByRole('group', { name: /^Ret CPR-nummeret/ });
    expect(question.textContent).toContain('Ret CPR-nummeret fra 020605-4123 til 020605-4124? Fødselsdatoen bliver 2. juni 2005.');
    expect(question.textContent).toContain('Borgerens login (første log ind 2. april 2026) lukkes med det samme, og den, der loggede ind, mister adgangen til planen.');
    fireEvent.click(within(question).getByRole('button', { name: 'Ja, ret CPR-nummeret' }));

    expect(await within(section()).findByText('CPR-nummeret er rettet, og borgerens login er lukket.')).toBeTruthy();
    expect(screen.getByTestId('citizen-cpr').textContent).toContain('CPR 020605-4124');
    expect(section().textContent).toContain('Intet log ind er bundet til borgeren.');
  });

  it('a number another citizen of the municipality has is refused at the field, in the server’s words', async () => {
    const input = { planId: PLAN_ID, expectedVersion: 1, reason: REASON, cpr: '0101901234' };
    const message = 'En anden borger i kommunen har allerede dette CPR-nummer. Tjek nummeret, eller kontakt den, der arbejder med den anden borger.';
    renderPlanPage({
      viewer: 'anna',
      mocks: [{ request: { query: CorrectCitizenCprMutation, variables: { input } }, result: { errors: [{ message, extensions: { code: 'DUPLICATE_CITIZEN', field: 'cpr' } }] } }],
    });
    fireEvent.click(within(await screen.findByTestId('citizen-sign-in')).getByRole('button', { name: 'Ret CPR-nummer' }));
    const form = within(section()).getByRole('form', { name: 'Ret CPR-nummer' });
    fireEvent.change(within(form).getByLabelText(/^Rigtigt CPR-nummer/), { target: { value: '0101901234' } });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: REASON } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, ret CPR-nummeret' }));
    expect(await within(form).findByText(message, { selector: '.field-error' })).toBeTruthy();
    expect(screen.getByTestId('citizen-cpr').textContent).toContain('CPR 020605-4123');
  });
});

describe('Luk borgerens adgang', () => {
  it('asks with a reason, then says the access is closed, by whom and when, and offers to open it again', async () => {
    const input = { planId: PLAN_ID, expectedVersion: 1, reason: 'Per siger, at en anden har brugt hans MitID.' };
    const closed = perCitizen({ signIn: { __typename: 'CitizenSignIn', firstSignInAt: null, closedAt: '2026-12-03T10:00:00.000Z', closedByName: 'Anna Holm' } });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: CloseCitizenAccessMutation, variables: { input } }, result: { data: { closeCitizenAccess: closed } } }] });
    fireEvent.click(within(await screen.findByTestId('citizen-sign-in')).getByRole('button', { name: 'Luk borgerens adgang' }));
    const form = within(section()).getByRole('form', { name: 'Luk borgerens adgang' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const question = within(form).getByRole('group', { name: /^Luk borgerens adgang/ });
    expect(question.textContent).toContain('Intet log ind med MitID bindes til borgeren, før adgangen åbnes igen.');
    fireEvent.click(within(question).getByRole('button', { name: 'Ja, luk adgangen' }));

    expect(await within(section()).findByText('Borgerens adgang er lukket.')).toBeTruthy();
    expect(section().textContent).toContain('Adgangen er lukket af Anna Holm 3. december 2026');
    expect(within(section()).getByRole('button', { name: 'Åbn adgangen igen' })).toBeTruthy();
  });
});

describe('after the forløb has ended', () => {
  const ended = (overrides: Record<string, unknown>) => {
    const plan = perPlan();
    return perPlan({ ...plan, programme: { ...plan.programme, status: 'ENDED', endReason: 'EDUCATION', endDate: '2026-11-24', daysLeft: 0, version: 3 }, ...overrides });
  };

  it('the coordinator of the citizen’s latest forløb still closes the access: a wrongly bound login reads an ended forløb too', async () => {
    const input = { planId: PLAN_ID, expectedVersion: 1, reason: 'Per siger, at en anden har brugt hans MitID.' };
    const closed = perCitizen({ signIn: { __typename: 'CitizenSignIn', firstSignInAt: null, closedAt: '2026-12-03T10:00:00.000Z', closedByName: 'Anna Holm' } });
    renderPlanPage({ viewer: 'anna', plan: ended({}), mocks: [{ request: { query: CloseCitizenAccessMutation, variables: { input } }, result: { data: { closeCitizenAccess: closed } } }] });
    expect(await screen.findByTestId('plan-ended')).toBeTruthy();
    expect(within(section()).getByRole('button', { name: 'Ret CPR-nummer' })).toBeTruthy();
    fireEvent.click(within(section()).getByRole('button', { name: 'Luk borgerens adgang' }));
    const form = within(section()).getByRole('form', { name: 'Luk borgerens adgang' });
    fireEvent.change(within(form).getByLabelText(/^Begrundelse/), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(within(form).getByRole('group', { name: /^Luk borgerens adgang/ })).getByRole('button', { name: 'Ja, luk adgangen' }));
    expect(await within(section()).findByText('Borgerens adgang er lukket.')).toBeTruthy();
  });

  it('an older ended forløb (the citizen has a later one) offers neither, though its coordinator holds the later one too', async () => {
    // Anna coordinates the citizen's running forløb as well, so she reads the access log; the server refuses the changes here.
    renderPlanPage({ viewer: 'anna', plan: ended({ mayReadAccessLog: true, mayChangeCitizenSignIn: false }) });
    expect(await screen.findByTestId('plan-ended')).toBeTruthy();
    expect(within(section()).queryByRole('button', { name: 'Ret CPR-nummer' })).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Luk borgerens adgang' })).toBeNull();
  });
});
