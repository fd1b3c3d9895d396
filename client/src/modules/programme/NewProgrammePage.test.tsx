import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { RESSOURCEFORLOEB_ABOLISHED_MESSAGE } from '@samplan/schema';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { openUnits, viewers, type Viewer } from '../../test-support/plan-page';
import { ViewerQuery } from '../org/viewer';
import { CitizenSearchQuery } from './CitizenPicker';
import { checkNewProgramme, citizenLabel } from './newProgramme';
import { CreateProgrammeMutation, NewProgrammePage, OwnProgrammeFrameQuery, RegisterCitizenMutation } from './NewProgrammePage';

type Hit = { id: string; name: string; cpr: string; birthDate: string; hasActiveProgramme: boolean };
const hit = (h: Hit) => ({ __typename: 'CitizenSearchHit', ...h });
const per = hit({ id: 'c-per', name: 'Per Hansen', cpr: '020605-****', birthDate: '2005-06-02', hasActiveProgramme: true });
const pia = hit({ id: 'c-pia', name: 'Pia Hansen', cpr: '030382-1234', birthDate: '1982-03-03', hasActiveProgramme: false });
/** The server's answer to one search: every search is a lookup the server audits, so each is mocked once. */
const searched = (text: string, hits: unknown[]): MockLink.MockedResponse => ({ request: { query: CitizenSearchQuery, variables: { search: text } }, result: { data: { citizens: hits } } });

const citizenInput = { cpr: '010580-1234', name: 'Lis Madsen', phone: '20 30 40 50', address: null };
const lis = { __typename: 'Citizen', id: 'c-lis', name: 'Lis Madsen', cpr: '010580-1234', birthDate: '1980-05-01' };
const programmeInput = {
  citizenId: 'c-lis',
  type: 'RESSOURCEFORLOEB',
  decisionDate: '2026-01-20',
  jointPlanConsentOn: null,
  startDate: '2026-12-01',
  endDate: '2028-12-01',
  planPeriodEnd: '2028-06-01',
  employmentGoal: 'Lager og logistik',
  goalKind: 'SECTOR',
  teamUnits: ['unit-employment', 'unit-social'],
};

const registerCitizen = (rest: Partial<MockLink.MockedResponse> = { result: { data: { registerCitizen: lis } } }): MockLink.MockedResponse => ({
  request: { query: RegisterCitizenMutation, variables: { input: citizenInput } },
  ...rest,
});
/** The programme for a given citizen, whatever the rest of the form says (the team is another test's concern). */
const createProgrammeFor = (citizenId: string, planId: string): MockLink.MockedResponse => ({
  request: { query: CreateProgrammeMutation, variables: (v: { input: { citizenId: string } }) => v.input.citizenId === citizenId },
  ...created(planId),
});
const createProgramme = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: CreateProgrammeMutation, variables: { input: { ...programmeInput, ...input } } },
  ...rest,
});
const created = (id: string) => ({ result: { data: { createProgramme: { __typename: 'Plan', id } } } });

/** The page for a viewer, the municipality's own frame read already (`frame` months; null: none set). */
function renderPage(mocks: MockLink.MockedResponse[], viewer: Viewer = 'anna', frame: number | null = null) {
  const cache = createCache();
  cache.writeQuery({ query: ViewerQuery, data: { me: viewers[viewer] } as never });
  cache.writeQuery({ query: OwnProgrammeFrameQuery, data: { ownProgrammeSettings: { __typename: 'OwnProgrammeSettings', maxLengthMonths: frame } } as never });
  return render(
    <MockedProvider mocks={[openUnits(), ...mocks]} cache={cache}>
      <NewProgrammePage />
    </MockedProvider>,
  );
}

const form = () => screen.getByRole('form', { name: 'Nyt forløb' });
// "Borger" names both the citizen section and its choice: the fields are the form controls.
const field = (name: string) => within(form()).getByLabelText(name, { selector: 'input, select, textarea' });
const set = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const submit = () => fireEvent.click(within(form()).getByRole('button', { name: 'Opret forløb' }));

function fillCitizen(cpr = ' 010580-1234 ') {
  set('CPR-nummer', cpr);
  set('Navn', ' Lis Madsen ');
  set('Telefon', '20 30 40 50');
}

async function search(text: string) {
  set('Find borger', text);
  fireEvent.click(within(form()).getByRole('button', { name: 'Søg' }));
  await waitFor(() => expect(within(form()).queryByRole('button', { name: 'Søger…' })).toBeNull());
}
const hitLabels = () => within(screen.getByTestId('citizen-hits')).getAllByRole<HTMLInputElement>('radio').map((r) => r.labels?.[0]?.textContent ?? '');

async function fillProgramme(endDate = '2028-12-01') {
  fillProgrammeFields(endDate);
  // The team is picked from the municipality's units, as the units query lists them.
  fireEvent.click(await within(form()).findByLabelText('Socialforvaltningen'));
}

/** The programme and plan fields, without the team (the citizen tests leave it as it is). */
function fillProgrammeFields(endDate = '2028-12-01') {
  set('Forløbstype', 'RESSOURCEFORLOEB');
  set('Afgørelsesdato', '2026-01-20');
  set('Startdato', '2026-12-01');
  set('Slutdato', endDate);
  set('Beskæftigelses- eller uddannelsesmål', 'Lager og logistik');
  set('Målet angiver', 'SECTOR');
  set('Planperiodens slut', '2028-06-01');
}

/** The texts tied to a field: its hint and its error. */
const describedBy = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);

beforeEach(() => window.history.replaceState(null, '', '/nyt-forloeb'));

describe('Nyt forløb', () => {
  it('creates the citizen, then the programme with its plan, and opens the new plan', async () => {
    renderPage([registerCitizen(), createProgramme({}, created('plan-lis'))]);
    expect(screen.getByRole('heading', { level: 1, name: 'Nyt forløb' })).toBeTruthy();
    // My own unit is always on the team.
    const own = (await within(form()).findByLabelText('Jobcenter Faaborg-Midtfyn')) as HTMLInputElement;
    expect(own.checked && own.disabled).toBe(true);
    fillCitizen();
    await fillProgramme();
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('the citizen’s name and address say their limits, as the server checks them, and a longer name is refused before sending', () => {
    // No mock: a mutation sent would fail the test with "No more mocked responses".
    renderPage([]);
    expect(describedBy(field('Navn'))).toEqual(['Højst 200 tegn.']);
    expect(describedBy(field('Adresse'))).toEqual(['Højst 200 tegn.']);
    fillCitizen();
    set('Navn', 'L'.repeat(201));
    fillProgrammeFields();
    submit();
    expect(describedBy(field('Navn'))).toContain('Navn må højst være 200 tegn (du har skrevet 201).');
  });

  it('the employment goal says its limit, as the server checks it, and a longer goal is refused at the field before the citizen or the forløb is sent', () => {
    const sent = jest.fn();
    const sending = (query: unknown, data: Record<string, unknown>): MockLink.MockedResponse => ({
      request: { query: query as never, variables: () => true },
      result: () => {
        sent();
        return { data };
      },
    });
    renderPage([sending(RegisterCitizenMutation, { registerCitizen: lis }), sending(CreateProgrammeMutation, { createProgramme: { __typename: 'Plan', id: 'plan-lis' } })]);
    const goal = field('Beskæftigelses- eller uddannelsesmål');
    expect(describedBy(goal)).toEqual(['Et konkret job, eller en branche eller jobfunktion, hvis der ikke er et konkret job; eller en uddannelse. Højst 1.000 tegn.']);
    fillCitizen();
    fillProgrammeFields();
    set('Beskæftigelses- eller uddannelsesmål', 'L'.repeat(1001));
    submit();
    expect(goal.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(goal)).toContain('Beskæftigelses- eller uddannelsesmål må højst være 1.000 tegn (du har skrevet 1.001).');
    // Nothing was sent: the form is not busy, and no citizen was registered.
    expect(within(form()).getByRole('button', { name: 'Opret forløb' }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByTestId('citizen-created')).toBeNull();
    expect(sent).not.toHaveBeenCalled();
  });

  it('shows the municipality’s own frame from the server by the end date, and does not create the citizen twice', async () => {
    // A frame set since the form read it (none, here): only the server can refuse by it.
    const refusal = 'Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 30. november 2028).';
    const error = new CombinedGraphQLErrors({ errors: [{ message: refusal, extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_TOO_LONG', source: 'kommunens egen ramme' } }] });
    const own = { type: 'HELHEDSORIENTERET', decisionDate: '2026-11-20', jointPlanConsentOn: '2026-11-20' };
    renderPage([registerCitizen(), createProgramme({ ...own, endDate: '2029-12-01' }, { error }), createProgramme({ ...own, endDate: '2028-11-30' }, created('plan-lis'))]);
    fillCitizen();
    await fillProgramme('2029-12-01');
    set('Forløbstype', 'HELHEDSORIENTERET');
    set('Afgørelsesdato', '2026-11-20');
    set('Samtykke til fælles plan', '2026-11-20');
    submit();

    const end = field('Slutdato');
    await waitFor(() => expect(end.getAttribute('aria-invalid')).toBe('true'));
    // At the field and in the summary; not a third time in a box.
    expect(within(form()).queryByRole('alert')).toBeNull();
    expect(describedBy(end)).toEqual([
      'Som fastsat i afgørelsen. Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb; et helhedsorienteret forløb kan højst vare 10 år (til og med 30. november 2036), den længste ramme en kommune kan fastsætte.',
      refusal,
    ]);
    // The summary at the top takes focus; its link leads to the field.
    const summary = within(form()).getByTestId('error-summary');
    expect(document.activeElement).toBe(summary);
    fireEvent.click(within(summary).getByRole('link', { name: refusal }));
    expect(document.activeElement).toBe(end);
    expect(screen.getByTestId('citizen-created').textContent).toBe('Lis Madsen, født 1. maj 1980, er oprettet som borger. Ret forløbet herunder, og prøv igen.');
    expect(within(form()).queryByLabelText('CPR-nummer')).toBeNull();
    expect(within(form()).queryByLabelText('Navn')).toBeNull();
    expect(window.location.pathname).toBe('/nyt-forloeb');

    // Only createProgramme is mocked for the second try: a second registerCitizen would fail the test.
    set('Slutdato', '2028-11-30');
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('Slutdato names the municipality’s own frame for its own forløb, and the last day allowed once the start is known', () => {
    renderPage([], 'anna', 24);
    const end = field('Slutdato');
    const generic = 'Som fastsat i afgørelsen.';
    expect(describedBy(end)).toEqual([generic]);
    set('Startdato', '');
    set('Forløbstype', 'HELHEDSORIENTERET');
    expect(describedBy(end)).toEqual(['Som fastsat i afgørelsen. Kommunens ramme: et helhedsorienteret forløb kan højst vare 2 år ad gangen. Forløbet kan forlænges bagefter, inden for kommunens ramme.']);
    set('Startdato', '2026-12-07');
    expect(describedBy(end)).toEqual([
      'Som fastsat i afgørelsen. Kommunens ramme: et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 6. december 2028). Forløbet kan forlænges bagefter, inden for kommunens ramme.',
    ]);
    set('Forløbstype', 'JOBAFKLARINGSFORLOEB');
    expect(describedBy(end)).toEqual(['Som fastsat i afgørelsen. Forløbet kan ikke forlænges bagefter (LAB kapitel 18 (jobafklaringsforløb); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).']);
  });

  it('offers first the types that can be started today; a ressourceforløb last, saying it needs a decision before 1 February 2026', () => {
    renderPage([]);
    const options = within(field('Forløbstype') as HTMLSelectElement).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Vælg forløbstype', 'Helhedsorienteret forløb', 'Jobafklaringsforløb', 'Ressourceforløb (kun afgørelse før 1. februar 2026)']);
  });

  it('refuses a ressourceforløb decided from 1 February 2026 at the decision date as soon as it is typed, in the server’s words', () => {
    renderPage([]);
    set('Forløbstype', 'RESSOURCEFORLOEB');
    set('Afgørelsesdato', '2026-11-24');
    const decision = field('Afgørelsesdato');
    expect(decision.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(decision)).toContain(RESSOURCEFORLOEB_ABOLISHED_MESSAGE);
    // A decision before the reform: a late registration, not refused.
    set('Afgørelsesdato', '2026-01-20');
    expect(describedBy(field('Afgørelsesdato'))).not.toContain(RESSOURCEFORLOEB_ABOLISHED_MESSAGE);
  });

  it('a field of one type is shown for that type only; the rehabiliteringsteam’s meeting not where lov nr. 1750 no longer requires the team', () => {
    renderPage([]);
    const shown = (label: string) => !!within(form()).queryByLabelText(label, { selector: 'input' });
    const hint = () => within(form()).getByText(/^Længden skal holde sig inden for rammen/).textContent;
    expect([shown('Møde i rehabiliteringsteamet'), shown('Samtykke til fælles plan')]).toEqual([false, false]);
    set('Forløbstype', 'HELHEDSORIENTERET');
    expect([shown('Møde i rehabiliteringsteamet'), shown('Samtykke til fælles plan')]).toEqual([false, true]);
    expect(hint()).toBe('Længden skal holde sig inden for rammen for forløbstypen (kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025)).');
    set('Forløbstype', 'JOBAFKLARINGSFORLOEB');
    set('Afgørelsesdato', '2026-03-02');
    expect([shown('Møde i rehabiliteringsteamet'), shown('Samtykke til fælles plan')]).toEqual([false, false]);
    expect(hint()).toBe('Længden skal holde sig inden for rammen for forløbstypen (LAB kapitel 18 (jobafklaringsforløb); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).');
    // Decided under the earlier rules, the meeting is asked for, cited as the guidance is for this type.
    set('Afgørelsesdato', '2026-01-20');
    expect(shown('Møde i rehabiliteringsteamet')).toBe(true);
    expect(describedBy(field('Møde i rehabiliteringsteamet'))).toContain('Dagen, rehabiliteringsteamet behandlede sagen. Første samtale anbefales senest en uge efter (som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.2).');
    set('Forløbstype', 'RESSOURCEFORLOEB');
    expect([shown('Møde i rehabiliteringsteamet'), shown('Samtykke til fælles plan')]).toEqual([true, false]);
    expect(hint()).toBe('Længden skal holde sig inden for rammen for forløbstypen (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).');
  });

  it('judges Slutdato when it is left, and again as the dates change, at the field, before "Opret forløb"', () => {
    // No mock: nothing is sent.
    renderPage([], 'anna', 24);
    fillCitizen();
    fillProgrammeFields('2029-12-01');
    set('Startdato', '2026-12-07');
    set('Afgørelsesdato', '2026-11-20');
    set('Forløbstype', 'HELHEDSORIENTERET');
    const end = field('Slutdato');
    // While it is being filled in, nothing is said.
    expect(end.getAttribute('aria-invalid')).toBeNull();
    fireEvent.focus(end);
    fireEvent.blur(end);
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(end)).toContain('Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 6. december 2028).');
    // Said at the field: the summary at the top is for "Opret forløb", and the focus stays where the user is.
    expect(within(form()).queryByTestId('error-summary')).toBeNull();
    // A later start moves the last day allowed: judged again, with the new day.
    set('Startdato', '2027-06-07');
    expect(describedBy(end)).toContain('Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 6. juni 2029).');
    set('Startdato', '2027-12-07');
    expect(end.getAttribute('aria-invalid')).toBeNull();
    // Before the start it is said too.
    set('Slutdato', '2026-12-01');
    expect(describedBy(end)).toContain('Slutdatoen skal ligge efter startdatoen.');
    expect(screen.queryByTestId('citizen-created')).toBeNull();
  });

  it('says the folkepension age rule at "Borgerens eget ønske" as soon as the CPR number, the type and the decision date are known', () => {
    renderPage([]);
    // Born 10 June 1963 (the CPR number's birth date): folkepension on 10 June 2031, decided 11 June 2025.
    set('Forløbstype', 'RESSOURCEFORLOEB');
    set('Afgørelsesdato', '2025-06-11');
    const wish = () => within(form()).getByRole('group', { name: 'Borgerens eget ønske' });
    expect(wish().getAttribute('aria-invalid')).toBeNull();
    set('CPR-nummer', '100663-1234');
    const message = 'Borgeren havde på afgørelsesdatoen mindre end 6 år til folkepensionsalderen (10. juni 2031). Et ressourceforløb iværksættes kun, hvis borgeren selv ønsker det. Registrér forløbet som borgerens eget ønske, hvis borgeren selv ønsker det.';
    expect(wish().getAttribute('aria-invalid')).toBe('true');
    expect(wish().textContent).toContain(message);
    expect(within(form()).queryByTestId('error-summary')).toBeNull();
    // Ticked, the rule does not stand in the way.
    fireEvent.click(within(wish()).getByLabelText('Borgeren ønsker selv forløbet'));
    expect(wish().getAttribute('aria-invalid')).toBeNull();
    expect(wish().textContent).not.toContain(message);
  });

  describe('refuses before the citizen is registered what the server would refuse after', () => {
    /** Submitted with nothing mocked: a registerCitizen or createProgramme sent would answer with an error notice. */
    async function refusedAt(label: string, message: string) {
      const at = field(label);
      expect(at.getAttribute('aria-invalid')).toBe('true');
      expect(describedBy(at)).toContain(message);
      expect(within(within(form()).getByTestId('error-summary')).getByRole('link', { name: message })).toBeTruthy();
      // Nothing was sent: no citizen registered, the registration still open, no refusal from the server.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(screen.queryByTestId('citizen-created')).toBeNull();
      expect(within(form()).queryByRole('alert')).toBeNull();
      expect(field('CPR-nummer')).toBeTruthy();
    }

    it('a ressourceforløb decided from 1 February 2026 (lov nr. 1750 af 29. december 2025), by Afgørelsesdato', async () => {
      renderPage([]);
      fillCitizen();
      await fillProgramme();
      set('Afgørelsesdato', '2026-12-01');
      set('Startdato', '2026-12-01');
      submit();
      await refusedAt('Afgørelsesdato', 'Ressourceforløb er afskaffet for nye forløb med afgørelse fra 1. februar 2026 (lov nr. 1750 af 29. december 2025). Igangværende forløb afsluttes efter de regler, de blev bevilget efter; brug et helhedsorienteret forløb.');
    });

    it('a jobafklaringsforløb of 3 years, by Slutdato: at most 2 years at a time', async () => {
      renderPage([]);
      fillCitizen();
      await fillProgramme('2029-12-01');
      set('Forløbstype', 'JOBAFKLARINGSFORLOEB');
      set('Afgørelsesdato', '2026-11-20');
      submit();
      await refusedAt('Slutdato', 'Et jobafklaringsforløb kan højst vare 2 år ad gangen (til og med 30. november 2028).');
    });

    it('a ressourceforløb under the 2022 rules longer than 3 years, or shorter than 1, by Slutdato', async () => {
      renderPage([]);
      fillCitizen();
      await fillProgramme('2030-12-01');
      submit();
      await refusedAt('Slutdato', 'Et ressourceforløb kan højst vare 3 år ad gangen (til og med 30. november 2029).');
      set('Slutdato', '2027-06-01');
      set('Planperiodens slut', '2027-06-01');
      submit();
      await refusedAt('Slutdato', 'Et ressourceforløb skal vare mindst 1 år (til og med 30. november 2027).');
    });

    it('a decision date ahead, and a helhedsorienteret forløb decided before the reform, by Afgørelsesdato', async () => {
      renderPage([]);
      fillCitizen();
      await fillProgramme();
      set('Afgørelsesdato', '2099-01-01');
      submit();
      await refusedAt('Afgørelsesdato', 'Afgørelsesdatoen kan ikke ligge frem i tiden.');
      set('Forløbstype', 'HELHEDSORIENTERET');
      set('Afgørelsesdato', '2026-01-20');
      set('Samtykke til fælles plan', '2026-01-20');
      submit();
      await refusedAt('Afgørelsesdato', 'Et helhedsorienteret forløb er kommunens egen forløbstype efter reformen og kan først have en afgørelsesdato fra 1. februar 2026 (lov nr. 1750 af 29. december 2025).');
    });

    /** Nothing sent: the button never said "Opretter…", no citizen was registered, the registration is still open. */
    function nothingSent() {
      expect(within(form()).getByRole('button', { name: 'Opret forløb' })).toBeTruthy();
      expect(screen.queryByTestId('citizen-created')).toBeNull();
      expect(field('CPR-nummer')).toBeTruthy();
    }

    it('the municipality’s own forløb past the municipality’s own frame, as read, by Slutdato', () => {
      renderPage([], 'anna', 24);
      fillCitizen();
      fillProgrammeFields('2029-12-01');
      set('Forløbstype', 'HELHEDSORIENTERET');
      set('Afgørelsesdato', '2026-11-20');
      set('Samtykke til fælles plan', '2026-11-20');
      submit();
      const message = 'Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 30. november 2028).';
      expect(describedBy(field('Slutdato'))).toContain(message);
      expect(within(within(form()).getByTestId('error-summary')).getByRole('link', { name: message })).toBeTruthy();
      nothingSent();
    });

    it('the municipality’s own forløb where it has set no frame: past the widest, in the server’s words, by Slutdato', () => {
      renderPage([], 'anna', null);
      fillCitizen();
      fillProgrammeFields('2036-12-01');
      set('Forløbstype', 'HELHEDSORIENTERET');
      set('Afgørelsesdato', '2026-11-20');
      set('Samtykke til fælles plan', '2026-11-20');
      submit();
      expect(describedBy(field('Slutdato'))).toContain(
        'Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb. Et helhedsorienteret forløb kan højst vare 10 år (til og med 30. november 2036), den længste ramme en kommune kan fastsætte.',
      );
      nothingSent();
    });

    it('a ressourceforløb under the 2022 rules for a citizen with less than 6 years to folkepension, by "Borgerens eget ønske"; ticked, it is sent', async () => {
      // Born 10 June 1963 (the CPR number's birth date): folkepension on 10 June 2031, decided 11 June 2025.
      const born1963 = { ...citizenInput, cpr: '100663-1234' };
      const lisBorn1963 = { ...lis, cpr: '100663-1234', birthDate: '1963-06-10' };
      const wished = { decisionDate: '2025-06-11', startDate: '2025-07-01', endDate: '2026-06-30', planPeriodEnd: '2026-06-30', citizenRequested: true };
      renderPage([
        { request: { query: RegisterCitizenMutation, variables: { input: born1963 } }, result: { data: { registerCitizen: lisBorn1963 } } },
        createProgramme(wished, created('plan-lis')),
      ]);
      fillCitizen(' 100663-1234 ');
      await fillProgramme('2026-06-30');
      set('Afgørelsesdato', '2025-06-11');
      set('Startdato', '2025-07-01');
      set('Planperiodens slut', '2026-06-30');
      submit();
      const wish = within(form()).getByRole('group', { name: 'Borgerens eget ønske' });
      const message = 'Borgeren havde på afgørelsesdatoen mindre end 6 år til folkepensionsalderen (10. juni 2031). Et ressourceforløb iværksættes kun, hvis borgeren selv ønsker det. Registrér forløbet som borgerens eget ønske, hvis borgeren selv ønsker det.';
      expect(wish.getAttribute('aria-invalid')).toBe('true');
      expect(wish.textContent).toContain(message);
      expect(within(within(form()).getByTestId('error-summary')).getByRole('link', { name: message })).toBeTruthy();
      nothingSent();
      fireEvent.click(within(wish).getByLabelText('Borgeren ønsker selv forløbet'));
      submit();
      await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
    });

    it('a citizen picked from the search: their birth date judges the same rule', async () => {
      const olga = hit({ id: 'c-olga', name: 'Olga Hansen', cpr: '100663-****', birthDate: '1963-06-10', hasActiveProgramme: false });
      renderPage([searched('hansen', [olga])]);
      await search('hansen');
      fireEvent.click(within(form()).getByLabelText('Olga Hansen, CPR 100663-****, født 10. juni 1963'));
      fillProgrammeFields('2026-06-30');
      set('Afgørelsesdato', '2025-06-11');
      set('Startdato', '2025-07-01');
      set('Planperiodens slut', '2026-06-30');
      submit();
      const wish = within(form()).getByRole('group', { name: 'Borgerens eget ønske' });
      expect(wish.textContent).toContain('Borgeren havde på afgørelsesdatoen mindre end 6 år til folkepensionsalderen (10. juni 2031).');
      expect(within(form()).getByRole('button', { name: 'Opret forløb' })).toBeTruthy();
    });

    it('a plan period past the forløb, by Planperiodens slut', async () => {
      renderPage([]);
      fillCitizen();
      await fillProgramme();
      set('Planperiodens slut', '2029-01-01');
      submit();
      await refusedAt('Planperiodens slut', 'Planperioden kan ikke slutte efter forløbet (1. december 2028).');
    });
  });

  it('sends the rehabiliteringsteam’s meeting when it is known', async () => {
    renderPage([registerCitizen(), createProgramme({ teamMeetingDate: '2026-11-20' }, created('plan-lis'))]);
    fillCitizen();
    await fillProgramme();
    set('Møde i rehabiliteringsteamet', '2026-11-20');
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('a citizen already in a forløb: the server’s refusal shows by the citizen choice, not in a box', async () => {
    const refusal = 'Borgeren er allerede i et ressourceforløb. Afslut det, før et nyt forløb oprettes.';
    const error = new CombinedGraphQLErrors({ errors: [{ message: refusal, extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ALREADY_RUNNING' } }] });
    renderPage([searched('hansen', [per, pia]), { request: { query: CreateProgrammeMutation, variables: (v: { input: { citizenId: string } }) => v.input.citizenId === 'c-per' }, error }]);
    await search('hansen');
    fireEvent.click(within(form()).getByLabelText('Per Hansen, CPR 020605-****, født 2. juni 2005, i forløb nu'));
    await fillProgramme();
    submit();
    const find = field('Find borger');
    await waitFor(() => expect(find.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(find)).toContain(refusal);
    // At the field and in the summary; not a third time in a box.
    expect(within(form()).queryByRole('alert')).toBeNull();
  });

  it('finds a citizen by name, picks them, and refuses a ressourceforløb decided after the reform by the decision date, before sending', async () => {
    const refusal = 'Ressourceforløb er afskaffet for nye forløb med afgørelse fra 1. februar 2026 (lov nr. 1750 af 29. december 2025). Igangværende forløb afsluttes efter de regler, de blev bevilget efter; brug et helhedsorienteret forløb.';
    renderPage([searched('hansen', [per, pia])]);
    await search(' hansen ');
    // Masked where the server masked it; the registration fields stay until a hit is picked.
    expect(hitLabels()).toEqual([
      'Per Hansen, CPR 020605-****, født 2. juni 2005, i forløb nu',
      'Pia Hansen, CPR 030382-1234, født 3. marts 1982',
      'Opret ny borger',
    ]);
    expect(field('CPR-nummer')).toBeTruthy();
    fireEvent.click(within(form()).getByLabelText('Per Hansen, CPR 020605-****, født 2. juni 2005, i forløb nu'));
    expect(within(form()).queryByLabelText('CPR-nummer')).toBeNull();
    expect(within(form()).queryByLabelText('Navn')).toBeNull();
    fillProgrammeFields();
    set('Afgørelsesdato', '2026-11-24');
    set('Startdato', '2026-12-01');
    submit();
    const decision = field('Afgørelsesdato');
    expect(decision.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(decision)).toContain(refusal);
    // Refused by the form: nothing was sent (createProgramme is not mocked), so no refusal from the server.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(form()).queryByRole('alert')).toBeNull();
  });

  it('a ressourceforløb the age rules stand in the way of: the refusal shows by "Borgerens eget ønske", and ticking it sends the wish', async () => {
    const refusal = 'Borgeren har været i ressourceforløb i 3 år og 6 måneder i alt; med dette forløb bliver det mere end 5 år. For en borger mellem 40 og 50 år bevilges det kun, hvis borgeren selv ønsker det.';
    const error = new CombinedGraphQLErrors({ errors: [{ message: refusal, extensions: { code: 'RULE_VIOLATION', rule: 'FIVE_YEARS_FROM_40', source: 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)' } }] });
    const forPia = (wish: boolean) => (v: { input: { citizenId: string; citizenRequested?: boolean } }) => v.input.citizenId === 'c-pia' && (v.input.citizenRequested === true) === wish;
    renderPage([
      searched('hansen', [per, pia]),
      { request: { query: CreateProgrammeMutation, variables: forPia(false) }, error },
      { request: { query: CreateProgrammeMutation, variables: forPia(true) }, ...created('plan-pia') },
    ]);
    await search('hansen');
    fireEvent.click(within(form()).getByLabelText('Pia Hansen, CPR 030382-1234, født 3. marts 1982'));
    // Not for a jobafklaringsforløb: the age rules are the ressourceforløb's.
    set('Forløbstype', 'JOBAFKLARINGSFORLOEB');
    expect(within(form()).queryByRole('group', { name: 'Borgerens eget ønske' })).toBeNull();
    await fillProgramme();
    submit();
    const wish = await within(form()).findByRole('group', { name: 'Borgerens eget ønske' });
    await waitFor(() => expect(wish.getAttribute('aria-invalid')).toBe('true'));
    expect(wish.textContent).toContain(refusal);
    fireEvent.click(within(wish).getByLabelText('Borgeren ønsker selv forløbet'));
    // Not asked for a decision under other rules (here the 2013 rules); back to 2026-01-20 it is, still ticked.
    set('Afgørelsesdato', '2021-06-01');
    expect(within(form()).queryByRole('group', { name: 'Borgerens eget ønske' })).toBeNull();
    set('Afgørelsesdato', '2026-01-20');
    expect(within(form()).getByLabelText<HTMLInputElement>('Borgeren ønsker selv forløbet').checked).toBe(true);
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-pia'));
  });

  it('finds a citizen by CPR number with Enter, without sending the form, and picks the hit', async () => {
    const lisHit = hit({ id: 'c-lis', name: 'Lis Madsen', cpr: '010580-1234', birthDate: '1980-05-01', hasActiveProgramme: false });
    renderPage([searched('0105801234', [lisHit]), createProgrammeFor('c-lis', 'plan-lis')]);
    set('Find borger', '0105801234');
    // Enter searches, and its default (the browser sending the whole form) is cancelled.
    expect(fireEvent.keyDown(field('Find borger'), { key: 'Enter' })).toBe(false);
    await within(form()).findByTestId('citizen-hits');
    expect(within(form()).getByTestId('citizen-hit-count').textContent).toBe('1 borger fundet. Vælg borgeren herunder.');
    fireEvent.click(within(form()).getByLabelText('Lis Madsen, CPR 010580-1234, født 1. maj 1980'));
    fillProgrammeFields();
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('with no hit, says so and offers the registration: CPR number, name, phone, address', async () => {
    renderPage([searched('Lis Madsen', []), registerCitizen(), createProgrammeFor('c-lis', 'plan-lis')]);
    await search('Lis Madsen');
    expect(within(form()).getByRole('status').textContent).toBe('Ingen borger fundet. Opret borgeren herunder.');
    const registration = within(form()).getByRole('region', { name: 'Opret borger' });
    expect(['CPR-nummer', 'Navn', 'Telefon', 'Adresse'].map((name) => within(registration).getByLabelText(name).tagName)).toEqual(['INPUT', 'INPUT', 'INPUT', 'INPUT']);
    // The name searched for is carried into the registration, not typed twice.
    expect((within(registration).getByLabelText('Navn') as HTMLInputElement).value).toBe('Lis Madsen');
    expect((within(registration).getByLabelText('CPR-nummer') as HTMLInputElement).value).toBe('');
    fillCitizen();
    fillProgrammeFields();
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('with no hit for a CPR number, the number is carried into the registration; a name typed there already is kept', async () => {
    renderPage([searched('010580-1234', [])]);
    const registration = within(form()).getByRole('region', { name: 'Opret borger' });
    set('Navn', 'Lis Madsen');
    await search('010580-1234');
    await within(form()).findByText('Ingen borger fundet. Opret borgeren herunder.');
    expect((within(registration).getByLabelText('CPR-nummer') as HTMLInputElement).value).toBe('010580-1234');
    expect((within(registration).getByLabelText('Navn') as HTMLInputElement).value).toBe('Lis Madsen');
  });

  it('a CPR number registered already: says so in Danish by the field, and picks the existing citizen the server named', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Der findes allerede en borger med dette CPR-nummer i kommunen.', extensions: { code: 'DUPLICATE_CITIZEN', field: 'cpr', citizenId: 'c-lis' } }],
    });
    const lisHit = hit({ id: 'c-lis', name: 'Lis Madsen', cpr: '010580-1234', birthDate: '1980-05-01', hasActiveProgramme: false });
    renderPage([registerCitizen({ error }), searched('010580-1234', [lisHit]), createProgrammeFor('c-lis', 'plan-lis')]);
    fillCitizen();
    fillProgrammeFields();
    submit();
    const alert = await within(form()).findByRole('alert');
    const duplicate = 'Der findes allerede en borger med dette CPR-nummer i kommunen. Vælg den eksisterende borger i stedet for at oprette en ny.';
    expect(alert.textContent).toContain(duplicate);
    expect(describedBy(field('CPR-nummer'))).toContain(duplicate);
    expect(screen.queryByTestId('citizen-created')).toBeNull();

    fireEvent.click(within(alert).getByRole('button', { name: 'Vælg den eksisterende borger' }));
    const picked = (await within(form()).findByLabelText('Lis Madsen, CPR 010580-1234, født 1. maj 1980')) as HTMLInputElement;
    expect(picked.checked).toBe(true);
    expect(within(form()).queryByLabelText('CPR-nummer')).toBeNull();
    expect(within(form()).queryByRole('alert')).toBeNull();
    // The programme goes to the existing citizen; a second registration is not mocked and would fail the test.
    submit();
    await waitFor(() => expect(window.location.pathname).toBe('/plan/plan-lis'));
  });

  it('a CPR number registered already, of a citizen the caller may not see: offers to search for it instead', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Der findes allerede en borger med dette CPR-nummer i kommunen.', extensions: { code: 'DUPLICATE_CITIZEN', field: 'cpr' } }] });
    const masked = hit({ id: 'c-lis', name: 'Lis Madsen', cpr: '010580-1234', birthDate: '1980-05-01', hasActiveProgramme: true });
    renderPage([registerCitizen({ error }), searched('010580-1234', [masked])]);
    fillCitizen();
    fillProgrammeFields();
    submit();
    const alert = await within(form()).findByRole('alert');
    fireEvent.click(within(alert).getByRole('button', { name: 'Søg borgeren frem på CPR-nummeret' }));
    await within(form()).findByTestId('citizen-hits');
    expect((field('Find borger') as HTMLInputElement).value).toBe('010580-1234');
    // Found, not picked: the caseworker decides.
    expect((within(form()).getByLabelText('Opret ny borger') as HTMLInputElement).checked).toBe(true);
  });

  it('refuses a CPR number that is not one before anything is sent, by the rule the server uses', () => {
    renderPage([]);
    fillCitizen('310280-1234');
    fillProgrammeFields();
    submit();
    expect(describedBy(field('CPR-nummer'))).toContain('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).');
    expect(document.activeElement).toBe(within(form()).getByTestId('error-summary'));
  });

  it('a name search too short is answered by the search field', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Skriv mindst 2 tegn af navnet, eller et CPR-nummer.', extensions: { code: 'BAD_USER_INPUT', field: 'search' } }] });
    renderPage([{ request: { query: CitizenSearchQuery, variables: { search: 'p' } }, error }]);
    await search('p');
    expect(describedBy(field('Find borger'))).toContain('Skriv mindst 2 tegn af navnet, eller et CPR-nummer.');
  });

  it('shows the server’s refusal of a citizen field by that field and in the summary, not in a box', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Telefonnummeret er for langt.', extensions: { code: 'BAD_USER_INPUT', field: 'phone' } }] });
    renderPage([registerCitizen({ error })]);
    fillCitizen();
    fillProgrammeFields();
    submit();
    await waitFor(() => expect(describedBy(field('Telefon'))).toEqual(['Telefonnummeret er for langt.']));
    expect(within(within(form()).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual(['Telefonnummeret er for langt.']);
    // At the field and in the summary; not a third time in a box.
    expect(within(form()).queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('citizen-created')).toBeNull();
  });

  it('a start before the decision date is refused by Startdato before anything is sent', () => {
    renderPage([]);
    fillCitizen();
    fillProgrammeFields();
    set('Startdato', '2026-01-19');
    submit();
    const start = field('Startdato');
    expect(start.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(start)).toContain('Forløbet kan tidligst starte på afgørelsesdatoen, 20. januar 2026. Et ressourceforløb bevilges ved kommunens afgørelse og kan ikke løbe, før det er bevilget. Ret startdatoen, eller afgørelsesdatoen, hvis den er skrevet forkert.');
    expect(describedBy(start)[0]).toMatch(/^Tidligst afgørelsesdatoen/);
  });

  it('checks missing fields and dates in order before sending, and goes to the first problem', () => {
    renderPage([]);
    set('Startdato', '2026-12-01');
    set('Slutdato', '2026-11-01');
    submit();
    expect(describedBy(field('CPR-nummer'))).toEqual(['10 cifre, fx 010190-1234. Fødselsdatoen læses af CPR-nummeret.', 'Skriv borgerens CPR-nummer.']);
    // Every problem at once in the summary, in the form's order, and the summary takes focus.
    const summary = within(form()).getByTestId('error-summary');
    expect(document.activeElement).toBe(summary);
    const links = within(summary).getAllByRole('link').map((l) => l.textContent);
    expect(links[0]).toBe('Skriv borgerens CPR-nummer.');
    for (const message of ['Skriv borgerens navn.', 'Vælg forløbstype.', 'Slutdatoen skal ligge efter startdatoen.', 'Skriv beskæftigelses- eller uddannelsesmålet.', 'Vælg planperiodens slut.']) {
      expect(links).toContain(message);
      expect(within(form()).getByText(message, { selector: '.field-error' })).toBeTruthy();
    }
    fireEvent.click(within(summary).getByRole('link', { name: 'Skriv borgerens CPR-nummer.' }));
    expect(document.activeElement).toBe(field('CPR-nummer'));
    expect(within(form()).queryByRole('alert')).toBeNull();
  });

  it('says the plan must cover 6 months, or run to the forløb’s end, only for a ressourceforløb under the 2013 or 2022 rules', () => {
    renderPage([]);
    const planHint = () => describedBy(field('Planperiodens slut')).join(' ');
    const sixMonths = 'Planen starter med forløbet og skal dække mindst de næste 6 måneder eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).';
    set('Forløbstype', 'JOBAFKLARINGSFORLOEB');
    set('Afgørelsesdato', '2025-06-10');
    expect(planHint()).toBe('Planen starter med forløbet.');
    expect(within(form()).queryByText(/6 måneder/)).toBeNull();
    set('Forløbstype', 'HELHEDSORIENTERET');
    set('Afgørelsesdato', '2026-03-02');
    expect(planHint()).not.toContain('6 måneder');
    set('Forløbstype', 'RESSOURCEFORLOEB');
    set('Afgørelsesdato', '2025-06-10');
    expect(planHint()).toBe(sixMonths);
    // Decided under the 2026 reform: the server sets no minimum (and refuses a new ressourceforløb anyway).
    set('Afgørelsesdato', '2026-02-01');
    expect(planHint()).not.toContain('6 måneder');
  });

  it('offers a caseworker only the forløb types the server lets their unit create: outside beskæftigelse, the municipality’s own forløb', () => {
    const offered = () => within(field('Forløbstype') as HTMLSelectElement).getAllByRole<HTMLOptionElement>('option').map((o) => o.value).filter(Boolean);
    const { unmount } = renderPage([], 'anna');
    expect(offered()).toEqual(['HELHEDSORIENTERET', 'JOBAFKLARINGSFORLOEB', 'RESSOURCEFORLOEB']);
    unmount();
    renderPage([], 'carla');
    expect(offered()).toEqual(['HELHEDSORIENTERET']);
    expect(describedBy(field('Forløbstype'))).toContain('Et ressourceforløb eller jobafklaringsforløb oprettes af en sagsbehandler fra beskæftigelse, som træffer afgørelsen om det.');
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
      <MockedProvider mocks={[openUnits()]} cache={cache}>
        <NewProgrammePage />
      </MockedProvider>,
    );
    expect(screen.getByText('Kun sagsbehandlere kan oprette et forløb.')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    // The way back leads to the mentor's start page, named as the menu names it: a mentor has no Mine sager.
    expect(screen.getByRole('link', { name: 'Til Mentor' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('link', { name: /Mine sager/ })).toBeNull();
  });
});

describe('checkNewProgramme', () => {
  const ok = {
    name: 'Lis',
    cpr: '010580-1234',
    type: 'RESSOURCEFORLOEB',
    decisionDate: '2026-01-20',
    startDate: '2026-12-01',
    endDate: '2028-12-01',
    employmentGoal: 'Lager',
    goalKind: 'SECTOR',
    planPeriodEnd: '2027-06-01',
  };

  it('accepts a complete form', () => {
    expect(checkNewProgramme(ok, { newCitizen: true, today: '2026-11-24' })).toEqual({});
  });

  it('refuses a CPR number whose birth date is ahead, and a plan period ending before the start', () => {
    // 7th digit 4, YY 27: born in 2027.
    expect(checkNewProgramme({ ...ok, cpr: '010127-4123', planPeriodEnd: '2026-12-01' }, { newCitizen: true, today: '2026-11-24' })).toEqual({
      cpr: 'Fødselsdatoen i CPR-nummeret ligger i fremtiden.',
      planPeriodEnd: 'Planperioden skal slutte efter den starter.',
    });
  });

  it('refuses a day that does not exist', () => {
    expect(checkNewProgramme({ ...ok, endDate: '2027-02-30' }, { newCitizen: true, today: '2026-11-24' })).toEqual({ endDate: 'Skriv en gyldig dato.' });
  });

  it('refuses a rehabiliteringsteam meeting ahead of today', () => {
    expect(checkNewProgramme({ ...ok, teamMeetingDate: '2026-11-25' }, { newCitizen: true, today: '2026-11-24' })).toEqual({ teamMeetingDate: 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.' });
    expect(checkNewProgramme({ ...ok, teamMeetingDate: '2026-11-24' }, { newCitizen: true, today: '2026-11-24' })).toEqual({});
  });

  it('asks for the citizen’s consent to a joint plan for a helhedsorienteret forløb', () => {
    const own = { ...ok, type: 'HELHEDSORIENTERET', decisionDate: '2026-11-20' };
    expect(checkNewProgramme(own, { newCitizen: true, today: '2026-11-24' })).toEqual({ jointPlanConsentOn: 'Registrér borgerens samtykke til en fælles plan.' });
    expect(checkNewProgramme({ ...own, jointPlanConsentOn: '2026-11-20' }, { newCitizen: true, today: '2026-11-24' })).toEqual({});
    // Recorded once given, as the server says.
    expect(checkNewProgramme({ ...own, jointPlanConsentOn: '2026-11-25' }, { newCitizen: true, today: '2026-11-24' })).toEqual({ jointPlanConsentOn: 'Samtykket kan ikke ligge frem i tiden.' });
  });

  it('refuses a start before the decision date, in the server’s words; a jobafklaringsforløb may have begun before it, but is not decided after its end', () => {
    const today = { newCitizen: true, today: '2026-11-24' };
    expect(checkNewProgramme({ ...ok, decisionDate: '2026-01-20', startDate: '2026-01-19' }, today)).toEqual({
      startDate: 'Forløbet kan tidligst starte på afgørelsesdatoen, 20. januar 2026. Et ressourceforløb bevilges ved kommunens afgørelse og kan ikke løbe, før det er bevilget. Ret startdatoen, eller afgørelsesdatoen, hvis den er skrevet forkert.',
    });
    expect(checkNewProgramme({ ...ok, decisionDate: '2026-01-20', startDate: '2026-01-20' }, today)).toEqual({});
    const own = { ...ok, type: 'HELHEDSORIENTERET', jointPlanConsentOn: '2026-11-20', decisionDate: '2026-11-20', startDate: '2026-11-19' };
    expect(checkNewProgramme(own, today).startDate).toMatch(/^Forløbet kan tidligst starte på afgørelsesdatoen, 20\. november 2026\. Et helhedsorienteret forløb bevilges/);
    const ja = { ...ok, type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-11-20', startDate: '2026-11-01', endDate: '2027-10-31' };
    expect(checkNewProgramme(ja, today)).toEqual({});
    expect(checkNewProgramme({ ...ja, startDate: '2025-11-01', endDate: '2026-10-31', planPeriodEnd: '2026-06-01' }, today)).toEqual({
      decisionDate: 'Afgørelsen om jobafklaringsforløbet kan ikke ligge efter forløbets slutdato, 31. oktober 2026. Et jobafklaringsforløb kan være begyndt før afgørelsen (lov om sygedagpenge § 24 a), men det besluttes, mens det løber. Ret afgørelsesdatoen eller slutdatoen.',
    });
  });

  it('refuses a helhedsorienteret forløb longer than any frame a municipality can set (10 years); the frame itself is the server’s', () => {
    const own = { ...ok, type: 'HELHEDSORIENTERET', jointPlanConsentOn: '2026-11-20', decisionDate: '2026-11-20', startDate: '2026-12-01' };
    expect(checkNewProgramme({ ...own, endDate: '2036-12-01' }, { newCitizen: true, today: '2026-11-24' })).toEqual({
      endDate: 'Et helhedsorienteret forløb kan højst vare 10 år (til og med 30. november 2036), den længste ramme en kommune kan fastsætte.',
    });
    expect(checkNewProgramme({ ...own, endDate: '2036-11-30' }, { newCitizen: true, today: '2026-11-24' })).toEqual({});
  });

  it('holds a ressourceforløb under the 2013 or 2022 rules to a plan of 6 months ahead, or to its end, in the server’s words; no other forløb', () => {
    const today = { newCitizen: true, today: '2026-11-24' };
    expect(checkNewProgramme({ ...ok, planPeriodEnd: '2027-05-30' }, today)).toEqual({
      planPeriodEnd: 'Planen skal fastsættes for mindst 6 måneder ad gangen (til og med 31. maj 2027) eller til forløbets slutning (1. december 2028).',
    });
    expect(checkNewProgramme({ ...ok, planPeriodEnd: '2027-05-31' }, today)).toEqual({});
    // Begun before today: 6 months from today.
    expect(checkNewProgramme({ ...ok, startDate: '2026-10-01', endDate: '2028-09-30', planPeriodEnd: '2027-05-01' }, today).planPeriodEnd).toMatch(/til og med 23\. maj 2027/);
    expect(checkNewProgramme({ ...ok, type: 'JOBAFKLARINGSFORLOEB', endDate: '2028-11-30', planPeriodEnd: '2027-01-01' }, today)).toEqual({});
  });

  it('refuses by the law of the decision date: a ressourceforløb from 1 February 2026, a jobafklaringsforløb past 2 years, a ressourceforløb under the 2013 rules past 5 years', () => {
    const today = { newCitizen: true, today: '2026-11-24' };
    expect(checkNewProgramme({ ...ok, decisionDate: '2026-02-01', startDate: '2026-02-01', endDate: '2027-02-01' }, today).decisionDate).toMatch(/^Ressourceforløb er afskaffet for nye forløb/);
    expect(checkNewProgramme({ ...ok, decisionDate: '2026-01-31', startDate: '2026-02-01', endDate: '2027-02-01', planPeriodEnd: '2027-02-01' }, today)).toEqual({});
    const ja = { ...ok, type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-11-20', startDate: '2026-12-01' };
    expect(checkNewProgramme({ ...ja, endDate: '2028-11-30' }, today)).toEqual({});
    expect(checkNewProgramme({ ...ja, endDate: '2028-12-01' }, today)).toEqual({ endDate: 'Et jobafklaringsforløb kan højst vare 2 år ad gangen (til og med 30. november 2028).' });
    // Registered afterwards (at go-live): the plan runs to its end.
    const rf2013 = { ...ok, decisionDate: '2021-06-01', startDate: '2021-07-01', planPeriodEnd: '2026-06-30' };
    expect(checkNewProgramme({ ...rf2013, endDate: '2026-06-30' }, today)).toEqual({});
    expect(checkNewProgramme({ ...rf2013, endDate: '2026-07-01' }, today).endDate).toBe('Et ressourceforløb kan højst vare 5 år ad gangen (til og med 30. juni 2026).');
  });

  it('does not ask for the citizen’s details when one is picked', () => {
    expect(checkNewProgramme({ ...ok, name: '', cpr: '' }, { newCitizen: false, today: '2026-11-24' })).toEqual({});
    expect(checkNewProgramme({ ...ok, cpr: '01058O-1234' }, { newCitizen: false, today: '2026-11-24' })).toEqual({});
  });
});

describe('citizenLabel', () => {
  it('names the citizen with the CPR number as the server gave it, the birth date, and a running programme', () => {
    expect(citizenLabel({ id: '1', name: 'Bo', cpr: '020605-****', birthDate: '2005-06-02', hasActiveProgramme: true })).toBe('Bo, CPR 020605-****, født 2. juni 2005, i forløb nu');
    expect(citizenLabel({ id: '1', name: 'Bo', cpr: null, birthDate: '2005-06-02' })).toBe('Bo, født 2. juni 2005');
  });
});
