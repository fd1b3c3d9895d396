import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STATUS_FILL_DELAY_MS } from '../../core/ui';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { AddSuspensionMutation, RemoveSuspensionMutation, checkDayFact, checkGuarantee, checkSuspension, HEALTH_TALK_FACT, lawVersionText, TEAM_MEETING_FACT, UpdateProgrammeFactsMutation } from './ProgrammeLaw';

const section = () => screen.getByTestId('programme-section');

/** The server's answer: Per's programme with the given changes. */
function programme(overrides: Record<string, unknown> = {}) {
  return { ...perPlan().programme, ...overrides };
}

function planWithProgramme(overrides: Record<string, unknown>, standing = 'COORDINATOR') {
  return perPlan({ myStanding: standing, programme: programme(overrides) });
}

function open(name: string) {
  const button = within(section()).getByRole('button', { name });
  fireEvent.click(button);
  return { button, form: within(section()).getByRole('form') };
}

describe('Forløbets lovgrundlag', () => {
  it('shows the law version in words and the afgørelsesdato', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(within(section()).getByTestId('programme-law').textContent).toMatch(/^Reglerne fra 1\. januar 2022 \(lov nr\. 1160 af 8\. juni 2021\)/);
    expect(within(section()).getByTestId('programme-decision-date').textContent).toBe('20. januar 2026');
    expect(within(section()).getByText('Møde i rehabiliteringsteamet')).toBeTruthy();
  });

  it('"Tid tilbage" is said once: the value is the days, the label says what is left', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ daysLeft: 370 }) });
    expect(within(section()).getByTestId('programme-time-left').textContent).toBe('370 dage');
  });

  it('a programme under the 2026 rules names lov nr. 1750, and has neither barsel nor indsatsgaranti', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'REFORM_2026', decisionDate: '2026-03-02' }) });
    expect(within(section()).getByTestId('programme-law').textContent).toBe('Reglerne fra 1. februar 2026 (lov nr. 1750 af 29. december 2025)');
    expect(within(section()).queryByRole('button', { name: 'Registrér barsel/suspension' })).toBeNull();
    expect(within(section()).queryByTestId('programme-guarantee')).toBeNull();
  });

  it('says when the citizen asked for the forløb themselves (past the 2022 age rules)', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ citizenRequested: true }) });
    expect(within(section()).getByTestId('programme-law').textContent).toMatch(/^Reglerne fra 1\. januar 2022 \(lov nr\. 1160 af 8\. juni 2021\) Borgeren ønskede selv forløbet\./);
  });

  it('lawVersionText covers every version', () => {
    expect(lawVersionText('RULES_2013')).toBe('Reglerne fra 2013 (reformen af førtidspension og fleksjob)');
  });
});

describe('Barsel/suspension (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3)', () => {
  it('lists the periods with dates, days and reason', () => {
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2026-06-01', toDate: '2026-06-30', days: 30, reason: 'BARSEL', note: 'Fødsel' };
    renderPlanPage({ viewer: 'bent', plan: planWithProgramme({ suspensions: [suspension], suspendedDays: 30 }, 'TEAM') });
    const list = within(section()).getByTestId('programme-suspensions');
    expect(list.textContent).toContain('1. juni 2026–30. juni 2026 (30 dage): Graviditet, barsel eller adoption. Fødsel');
    expect(list.textContent).toContain('Slutdatoen er flyttet 30 dage senere.');
    // Only the coordinator registers a period, or removes one.
    expect(within(section()).queryByRole('button', { name: 'Registrér barsel/suspension' })).toBeNull();
    expect(within(list).queryByRole('button', { name: /^Fjern/ })).toBeNull();
  });

  it('the coordinator removes a period registered by mistake: asked with the end date it goes back to, then told, focus on what happened', async () => {
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2027-03-01', toDate: '2027-08-31', days: 184, reason: 'BARSEL', note: '' };
    const before = planWithProgramme({ endDate: '2028-10-02', version: 3, suspensions: [suspension], suspendedDays: 184 });
    const after = programme({ endDate: '2028-04-01', version: 4, suspensions: [], suspendedDays: 0 });
    renderPlanPage({
      viewer: 'anna',
      plan: before,
      mocks: [{ request: { query: RemoveSuspensionMutation, variables: { input: { suspensionId: 'sus-1', expectedVersion: 3 } } }, result: { data: { removeProgrammeSuspension: after } } }],
    });
    const list = within(section()).getByTestId('programme-suspensions');
    fireEvent.click(within(list).getByRole('button', { name: 'Fjern perioden 1. marts 2027–31. august 2027' }));
    const question = within(list).getByRole('group');
    expect(question.textContent).toContain('Fjern 1. marts 2027–31. august 2027? Brug det kun, hvis perioden er registreret ved en fejl. Slutdatoen flyttes 184 dage tilbage til 1. april 2028.');
    expect(document.activeElement?.textContent).toContain('Fjern 1. marts 2027–31. august 2027?');
    // "Fortryd" goes back to the button, nothing sent.
    fireEvent.click(within(question).getByRole('button', { name: 'Fortryd' }));
    expect(document.activeElement).toBe(within(list).getByRole('button', { name: 'Fjern perioden 1. marts 2027–31. august 2027' }));

    fireEvent.click(within(list).getByRole('button', { name: 'Fjern perioden 1. marts 2027–31. august 2027' }));
    fireEvent.click(within(within(list).getByRole('group')).getByRole('button', { name: 'Ja, fjern perioden' }));
    const told = await within(section()).findByText('Perioden 1. marts 2027–31. august 2027 er fjernet. Ny slutdato: 1. april 2028.');
    expect(document.activeElement).toBe(told);
    expect(within(section()).getByTestId('programme-end').textContent).toBe('1. april 2028');
    expect(within(section()).queryByTestId('programme-suspensions')).toBeNull();
  });

  it('a removal the server refuses is said at the period, and focus goes back to "Fjern"', async () => {
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2027-03-01', toDate: '2027-08-31', days: 184, reason: 'BARSEL', note: '' };
    const conflict = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden. Hent den igen.', extensions: { code: 'CONFLICT' } }] });
    renderPlanPage({
      viewer: 'anna',
      plan: planWithProgramme({ endDate: '2028-10-02', version: 3, suspensions: [suspension], suspendedDays: 184 }),
      mocks: [{ request: { query: RemoveSuspensionMutation, variables: { input: { suspensionId: 'sus-1', expectedVersion: 3 } } }, error: conflict }],
    });
    const list = within(section()).getByTestId('programme-suspensions');
    fireEvent.click(within(list).getByRole('button', { name: 'Fjern perioden 1. marts 2027–31. august 2027' }));
    fireEvent.click(within(within(list).getByRole('group')).getByRole('button', { name: 'Ja, fjern perioden' }));
    expect(await within(list).findByText('Perioden blev ikke fjernet')).toBeTruthy();
    expect(document.activeElement).toBe(within(list).getByRole('button', { name: 'Fjern perioden 1. marts 2027–31. august 2027' }));
    expect(list.textContent).toContain('1. marts 2027–31. august 2027 (184 dage)');
  });

  it('a period of one day is "1 dag", in the list and in the question', () => {
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2026-06-01', toDate: '2026-06-01', days: 1, reason: 'BARSEL', note: null };
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ suspensions: [suspension], suspendedDays: 1 }) });
    const list = within(section()).getByTestId('programme-suspensions');
    expect(list.textContent).toContain('1. juni 2026–1. juni 2026 (1 dag): Graviditet, barsel eller adoption');
    expect(list.textContent).toContain('Slutdatoen er flyttet 1 dag senere.');

    const { form } = open('Registrér barsel/suspension');
    fireEvent.change(within(form).getByLabelText('Fra og med'), { target: { value: '2027-03-01' } });
    fireEvent.change(within(form).getByLabelText('Til og med'), { target: { value: '2027-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér periode' }));
    expect(within(form).getByRole('group').textContent).toContain('Registrér 1. marts 2027–1. marts 2027 (1 dag)? Slutdatoen flyttes 1 dag senere. Er den registreret ved en fejl, kan den fjernes igen.');
  });

  it('the coordinator registers a period and sees the new end date', async () => {
    const input = { programmeId: 'pr-per', expectedVersion: 2, fromDate: '2027-03-01', toDate: '2027-08-31', reason: 'BARSEL', note: 'Barsel' };
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2027-03-01', toDate: '2027-08-31', days: 184, reason: 'BARSEL', note: 'Barsel' };
    const after = programme({ endDate: '2028-10-02', daysLeft: 684, version: 3, suspensions: [suspension], suspendedDays: 184 });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: AddSuspensionMutation, variables: { input } }, result: { data: { addProgrammeSuspension: after } } }] });
    const { form, button } = open('Registrér barsel/suspension');
    expect(within(form).getByRole('heading', { name: 'Registrér barsel/suspension' })).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByLabelText('Fra og med'));
    expect((within(form).getByLabelText('Årsag') as HTMLSelectElement).value).toBe('BARSEL');
    fireEvent.change(within(form).getByLabelText('Fra og med'), { target: { value: '2027-03-01' } });
    fireEvent.change(within(form).getByLabelText('Til og med'), { target: { value: '2027-08-31' } });
    fireEvent.change(within(form).getByLabelText('Bemærkning'), { target: { value: ' Barsel ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér periode' }));
    // Asked first: it moves the end date.
    const confirm = within(form).getByRole('group');
    expect(confirm.textContent).toContain('Registrér 1. marts 2027–31. august 2027 (184 dage)? Slutdatoen flyttes 184 dage senere. Er den registreret ved en fejl, kan den fjernes igen.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, registrér perioden' }));
    await within(section()).findByText('Perioden er registreret. Ny slutdato: 2. oktober 2028.');
    expect(within(section()).getByTestId('programme-end').textContent).toBe('2. oktober 2028');
    expect(within(section()).getByTestId('programme-suspensions').textContent).toContain('(184 dage)');
    expect(document.activeElement).toBe(button);
  });

  it('after a conflict, registers the period on the newest version with the version I started from', async () => {
    const input = { programmeId: 'pr-per', fromDate: '2027-03-01', toDate: '2027-08-31', reason: 'BARSEL', note: '' };
    const current = { id: 'pr-per', version: 3, endDate: '2028-03-01' };
    const conflict = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    const suspension = { __typename: 'ProgrammeSuspension', id: 'sus-1', fromDate: '2027-03-01', toDate: '2027-08-31', days: 184, reason: 'BARSEL', note: '' };
    const after = programme({ endDate: '2028-09-01', daysLeft: 684, version: 4, suspensions: [suspension], suspendedDays: 184 });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        { request: { query: AddSuspensionMutation, variables: { input: { ...input, expectedVersion: 2 } } }, error: conflict },
        { request: { query: AddSuspensionMutation, variables: { input: { ...input, expectedVersion: 3, baseVersion: 2 } } }, result: { data: { addProgrammeSuspension: after } } },
      ],
    });
    const { form } = open('Registrér barsel/suspension');
    fireEvent.change(within(form).getByLabelText('Fra og med'), { target: { value: '2027-03-01' } });
    fireEvent.change(within(form).getByLabelText('Til og med'), { target: { value: '2027-08-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér periode' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, registrér perioden' }));
    const view = await within(section()).findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await within(section()).findByText('Perioden er registreret. Ny slutdato: 1. september 2028.');
  });

  it('refuses a period that ends before it starts, before sending', () => {
    expect(checkSuspension({ fromDate: '2027-03-01', toDate: '2027-02-28' })).toEqual({ toDate: 'Perioden skal slutte samme dag eller efter, den starter.' });
    expect(checkSuspension({ fromDate: '2027-03-01', toDate: '2027-03-01' })).toEqual({});
    // Two years at most: a year typed wrong is caught before it is sent.
    // Two years as the calendar counts them: across a leap day that is 731 days.
    expect(checkSuspension({ fromDate: '2027-03-01', toDate: '2029-02-28' })).toEqual({});
    expect(checkSuspension({ fromDate: '2027-03-01', toDate: '2029-03-01' }).toDate).toBe(
      'En periode med barsel kan højst vare 2 år: fra 1. marts 2027 til og med 28. februar 2029. Er det barsel med to børn, så registrér en periode for hvert.');
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Registrér barsel/suspension');
    fireEvent.change(within(form).getByLabelText('Fra og med'), { target: { value: '2027-03-01' } });
    fireEvent.change(within(form).getByLabelText('Til og med'), { target: { value: '2027-02-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér periode' }));
    expect(within(form).getByText('Perioden skal slutte samme dag eller efter, den starter.', { selector: '.field-error' })).toBeTruthy();
  });
});

describe('Indsatsgaranti (LAB §113, stk. 2)', () => {
  it('the coordinator records the special reasons against going before the rehabiliteringsteam', async () => {
    const reasons = 'Borgeren er indlagt; forelæggelse giver ikke mening nu.';
    const input = { id: 'pr-per', expectedVersion: 2, guaranteeSpecialReasons: reasons };
    renderPlanPage({
      viewer: 'anna',
      mocks: [{ request: { query: UpdateProgrammeFactsMutation, variables: { input } }, result: { data: { updateProgramme: programme({ version: 3, guaranteeSpecialReasons: reasons }) } } }],
    });
    expect(within(section()).getByTestId('programme-guarantee').textContent).toContain('senest 6 måneder efter start');
    const { form } = open('Opfølgning på indsatsgaranti');
    expect(within(form).getByLabelText('Forelagt rehabiliteringsteamet den')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Opfølgningen på indsatsgarantien er gemt.');
    expect(within(section()).getByTestId('programme-guarantee').textContent).toBe(`Særlige grunde: ${reasons}`);
  });

  it('after a conflict, saves on top of the newest version with the version I started from', async () => {
    const reasons = 'Borgeren er indlagt; forelæggelse giver ikke mening nu.';
    const current = { id: 'pr-per', version: 3, guaranteeTeamDate: null, guaranteeSpecialReasons: 'Afventer lægeerklæring.' };
    const conflict = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        { request: { query: UpdateProgrammeFactsMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, guaranteeSpecialReasons: reasons } } }, error: conflict },
        {
          // baseVersion: the server tells the colleague that my reasons replaced theirs.
          request: { query: UpdateProgrammeFactsMutation, variables: { input: { id: 'pr-per', expectedVersion: 3, baseVersion: 2, guaranteeSpecialReasons: reasons } } },
          result: { data: { updateProgramme: programme({ version: 4, guaranteeSpecialReasons: reasons }) } },
        },
      ],
    });
    const { form } = open('Opfølgning på indsatsgaranti');
    fireEvent.change(within(form).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const view = await within(section()).findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await within(section()).findByText('Opfølgningen på indsatsgarantien er gemt.');
    expect(within(section()).getByTestId('programme-guarantee').textContent).toBe(`Særlige grunde: ${reasons}`);
  });

  it('special reasons emptied are taken back: null is sent, not an empty text the server would refuse', async () => {
    const input = { id: 'pr-per', expectedVersion: 2, guaranteeSpecialReasons: null };
    renderPlanPage({
      viewer: 'anna',
      plan: planWithProgramme({ guaranteeSpecialReasons: 'Afventer lægeerklæring.' }),
      mocks: [{ request: { query: UpdateProgrammeFactsMutation, variables: { input } }, result: { data: { updateProgramme: programme({ version: 3, guaranteeSpecialReasons: null }) } } }],
    });
    const { form } = open('Opfølgning på indsatsgaranti');
    fireEvent.change(within(form).getByLabelText('Særlige grunde'), { target: { value: '  ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Opfølgningen på indsatsgarantien er gemt.');
    expect(within(section()).getByTestId('programme-guarantee').textContent).toContain('senest 6 måneder efter start');
  });

  it('shows the day the case went before the team', () => {
    renderPlanPage({ viewer: 'bent', plan: planWithProgramme({ guaranteeTeamDate: '2026-10-05' }, 'TEAM') });
    expect(within(section()).getByTestId('programme-guarantee').textContent).toBe('Forelagt rehabiliteringsteamet 5. oktober 2026. ');
  });

  it('refuses a team date ahead of today, or on or before the deadline (start + 6 months)', () => {
    expect(checkGuarantee({ guaranteeTeamDate: '2026-12-02' }, '2026-04-01', '2026-12-01')).toEqual({ guaranteeTeamDate: 'Datoen kan ikke ligge frem i tiden.' });
    expect(checkGuarantee({ guaranteeTeamDate: '' }, '2026-04-01', '2026-12-01')).toEqual({});
    expect(checkGuarantee({ guaranteeTeamDate: '2026-10-01' }, '2026-04-01', '2026-12-01')).toEqual({
      guaranteeTeamDate: 'Sagen forelægges rehabiliteringsteamet, når fristen for indsatsgarantien (1. oktober 2026) er overskredet uden en påbegyndt indsats. Vælg en dag efter fristen.',
    });
    expect(checkGuarantee({ guaranteeTeamDate: '2026-10-02' }, '2026-04-01', '2026-12-01')).toEqual({});
  });
});

describe('Møde i rehabiliteringsteamet (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2)', () => {
  it('the coordinator records the day the team met, and then sees it with the programme', async () => {
    const input = { id: 'pr-per', expectedVersion: 2, teamMeetingDate: '2026-11-20' };
    renderPlanPage({
      viewer: 'anna',
      plan: planWithProgramme({ teamMeetingDate: null }),
      mocks: [{ request: { query: UpdateProgrammeFactsMutation, variables: { input } }, result: { data: { updateProgramme: programme({ version: 3, teamMeetingDate: '2026-11-20' }) } } }],
    });
    expect(within(section()).queryByTestId('programme-team-meeting')).toBeNull();
    const { form } = open('Registrér møde i rehabiliteringsteamet');
    fireEvent.change(within(form).getByLabelText('Møde i rehabiliteringsteamet'), { target: { value: '2026-11-20' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Mødet i rehabiliteringsteamet er gemt.');
    expect(within(section()).getByTestId('programme-team-meeting').textContent).toBe('20. november 2026');
    expect(within(section()).getByRole('button', { name: 'Ret mødet i rehabiliteringsteamet' })).toBeTruthy();
  });

  it('is not asked for in the municipality’s own forløb, which has no such team, nor of a team member', () => {
    const { unmount } = renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'HELHEDSORIENTERET', lawVersion: 'REFORM_2026', teamMeetingDate: null }) });
    expect(within(section()).queryByRole('button', { name: /rehabiliteringsteamet/ })).toBeNull();
    unmount();
    renderPlanPage({ viewer: 'bent', plan: planWithProgramme({ teamMeetingDate: null }, 'TEAM') });
    expect(within(section()).queryByRole('button', { name: /rehabiliteringsteamet/ })).toBeNull();
  });

  it('asks for the day, and refuses one ahead of today', () => {
    expect(checkDayFact(TEAM_MEETING_FACT, { teamMeetingDate: '' }, '2026-12-01')).toEqual({ teamMeetingDate: 'Vælg dagen for mødet.' });
    expect(checkDayFact(TEAM_MEETING_FACT, { teamMeetingDate: '2026-12-02' }, '2026-12-01')).toEqual({ teamMeetingDate: 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.' });
    expect(checkDayFact(TEAM_MEETING_FACT, { teamMeetingDate: '2026-12-01' }, '2026-12-01')).toEqual({});
  });
});

describe('Samtale med sundhedskoordinator (LAB §113, stk. 3)', () => {
  it('the coordinator records the day the citizen was told of the right; the fact shows it', async () => {
    const input = { id: 'pr-per', expectedVersion: 2, healthTalkGuidedOn: '2026-11-18' };
    renderPlanPage({
      viewer: 'anna',
      mocks: [{ request: { query: UpdateProgrammeFactsMutation, variables: { input } }, result: { data: { updateProgramme: programme({ version: 3, healthTalkGuidedOn: '2026-11-18' }) } } }],
    });
    expect(within(section()).getByTestId('programme-health-talk').textContent).toContain('senest med det første beskæftigelsesrettede tilbud');
    const { form } = open('Registrér vejledning om sundhedskoordinator');
    fireEvent.change(within(form).getByLabelText('Vejledt om samtale med sundhedskoordinator'), { target: { value: '2026-11-18' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Vejledningen om samtale med sundhedskoordinator er gemt.');
    expect(within(section()).getByTestId('programme-health-talk').textContent).toBe('Borgeren er skriftligt vejledt om retten 18. november 2026.');
    expect(within(section()).getByRole('button', { name: 'Ret vejledningen om sundhedskoordinator' })).toBeTruthy();
  });

  it('only for a ressourceforløb under the 2022 rules, and only the coordinator records it', () => {
    const { unmount } = renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'REFORM_2026' }) });
    expect(within(section()).queryByTestId('programme-health-talk')).toBeNull();
    unmount();
    renderPlanPage({ viewer: 'bent', plan: planWithProgramme({}, 'TEAM') });
    expect(within(section()).getByTestId('programme-health-talk')).toBeTruthy();
    expect(within(section()).queryByRole('button', { name: /sundhedskoordinator/ })).toBeNull();
  });

  it('asks for the day, and refuses one ahead of today', () => {
    expect(checkDayFact(HEALTH_TALK_FACT, { healthTalkGuidedOn: '' }, '2026-12-01')).toEqual({ healthTalkGuidedOn: 'Vælg dagen for vejledningen.' });
    expect(checkDayFact(HEALTH_TALK_FACT, { healthTalkGuidedOn: '2026-12-02' }, '2026-12-01')).toEqual({ healthTalkGuidedOn: 'Vejledningen kan ikke ligge frem i tiden.' });
  });
});

describe('Afslut forløb offers only the server’s end reasons', () => {
  it('no Ressourceforløb as a reason when the server does not allow it', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Afslut forløb');
    const options = within(within(form).getByLabelText('Afslutningsårsag')).getAllByRole('option').map((o) => o.textContent);
    expect(options[0]).toBe('Vælg årsag');
    expect(options).toContain('Fleksjob');
    expect(options).not.toContain('Ressourceforløb');
  });
});

describe('Several of the programme’s forms open at once', () => {
  const reasons = 'Borgeren er indlagt; forelæggelse giver ikke mening nu.';
  // On a fake clock, so that a notice that is not there is known not to be on its way either.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  /** The time a status message takes to be put into its region (StatusNotice). */
  const messagesShown = () => act(() => jest.advanceTimersByTime(STATUS_FILL_DELAY_MS));

  it('opening another form leaves the first open with what was typed', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form: guarantee } = open('Opfølgning på indsatsgaranti');
    fireEvent.change(within(guarantee).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér vejledning om sundhedskoordinator' }));
    const healthTalk = within(section()).getByRole('form', { name: 'Vejledning om samtale med sundhedskoordinator' });
    expect(document.activeElement).toBe(within(healthTalk).getByLabelText('Vejledt om samtale med sundhedskoordinator'));
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect((within(guarantee).getByLabelText('Særlige grunde') as HTMLTextAreaElement).value).toBe(reasons);
  });

  it('saving one is no change by someone else to the other: it says nothing of one, and saves on the newer version', async () => {
    const guided = programme({ version: 3, healthTalkGuidedOn: '2026-11-18' });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        { request: { query: UpdateProgrammeFactsMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, healthTalkGuidedOn: '2026-11-18' } } }, result: { data: { updateProgramme: guided } } },
        {
          request: { query: UpdateProgrammeFactsMutation, variables: { input: { id: 'pr-per', expectedVersion: 3, guaranteeSpecialReasons: reasons } } },
          result: { data: { updateProgramme: { ...guided, version: 4, guaranteeSpecialReasons: reasons } } },
        },
      ],
    });
    const { form: guarantee } = open('Opfølgning på indsatsgaranti');
    fireEvent.change(within(guarantee).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér vejledning om sundhedskoordinator' }));
    const healthTalk = within(section()).getByRole('form', { name: 'Vejledning om samtale med sundhedskoordinator' });
    fireEvent.change(within(healthTalk).getByLabelText('Vejledt om samtale med sundhedskoordinator'), { target: { value: '2026-11-18' } });
    fireEvent.click(within(healthTalk).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Vejledningen om samtale med sundhedskoordinator er gemt.');
    messagesShown();
    expect(within(guarantee).queryByText(/^En anden har gemt/)).toBeNull();

    fireEvent.click(within(guarantee).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Opfølgningen på indsatsgarantien er gemt.');
    expect(within(section()).queryByTestId('conflict-view')).toBeNull();
    expect(within(section()).getByTestId('programme-guarantee').textContent).toBe(`Særlige grunde: ${reasons}`);
  });

  it('a colleague’s change is said in a form only when it is of what that form rests on', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna' });
    const { form: guarantee } = open('Opfølgning på indsatsgaranti');
    fireEvent.change(within(guarantee).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér barsel/suspension' }));
    const suspension = within(section()).getByRole('form', { name: 'Registrér barsel/suspension' });
    const stale = /^En anden har gemt en ændring af forløbet, mens du redigerer/;

    act(() => serverSends(planWithProgramme({ version: 3, teamMeetingDate: '2026-01-16' })));
    // The page hears of a cache write a moment later.
    await waitFor(() => expect(within(section()).getByTestId('programme-team-meeting').textContent).toBe('16. januar 2026'));
    messagesShown();
    expect(within(guarantee).queryByText(stale)).toBeNull();
    expect(within(suspension).queryByText(stale)).toBeNull();

    act(() => serverSends(planWithProgramme({ version: 4, teamMeetingDate: '2026-01-16', guaranteeSpecialReasons: 'Afventer lægeerklæring.' })));
    expect(await within(guarantee).findByText(stale)).toBeTruthy();
    expect((within(guarantee).getByLabelText('Særlige grunde') as HTMLTextAreaElement).value).toBe(reasons);
    messagesShown();
    expect(within(suspension).queryByText(stale)).toBeNull();

    // A new period rests on the end date it moves.
    act(() => serverSends(planWithProgramme({ version: 5, teamMeetingDate: '2026-01-16', guaranteeSpecialReasons: 'Afventer lægeerklæring.', endDate: '2028-03-01' })));
    expect(await within(suspension).findByText(stale)).toBeTruthy();
  });
});

describe('each programme type speaks the law that governs it', () => {
  const meetingsHint = () => within(screen.getByTestId('meetings-section')).getByText(/Den næste samtale aftales altid/).textContent;
  const nextStep = () => within(screen.getByTestId('next-step-section')).getByTestId('next-step').textContent;

  it('a ressourceforløb decided before 1 February 2026 says it runs to its end date under lov nr. 1750’s transition rule', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ decisionDate: '2025-12-11', lawVersion: 'RULES_2022', endDate: '2027-12-10', continuesUnderTransitionRule: true }) });
    expect(within(section()).getByTestId('programme-transition').textContent!.trim()).toBe(
      'Fortsætter efter overgangsreglen i lov nr. 1750 af 29. december 2025: et ressourceforløb besluttet før 1. februar 2026 afsluttes efter sine egne regler, her til og med 10. december 2027.',
    );
  });

  it('no transition note on a forløb the server says is under no transition rule (a jobafklaringsforløb, an ended ressourceforløb)', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'RULES_2022' }) });
    expect(within(section()).queryByTestId('programme-transition')).toBeNull();
  });

  it('a ressourceforløb cites the guidance itself, and its Ret slutdato offers barsel', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(nextStep()).toContain('(STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).');
    expect(meetingsHint()).toBe('Den næste samtale aftales altid, før en samtale slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).');
    expect(within(section()).getByRole('button', { name: 'Registrér barsel/suspension' })).toBeTruthy();
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2029-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByText('Et ressourceforløb kan ikke forlænges. Kun barsel flytter slutdatoen senere: brug »Registrér barsel/suspension«. Skal indsatsen fortsætte, så beslut det næste forløb under »Efter forløbet«.', { selector: '.field-error' })).toBeTruthy();
  });

  it('a jobafklaringsforløb cites the guidance »som for ressourceforløb«, and Ret slutdato offers a new jobafklaringsforløb, not barsel', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'REFORM_2026', decisionDate: '2026-03-02', teamMeetingDate: null }) });
    expect(nextStep()).toContain('(som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).');
    expect(meetingsHint()).toContain('(som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).');
    expect(within(section()).queryByRole('button', { name: 'Registrér barsel/suspension' })).toBeNull();
    const { form } = open('Ret slutdato');
    const date = within(form).getByLabelText('Ny slutdato');
    const hint = document.getElementById(date.getAttribute('aria-describedby')!.split(' ')[0])!.textContent;
    expect(hint).toContain('(LAB kapitel 18 (jobafklaringsforløb); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.3)');
    fireEvent.change(date, { target: { value: '2029-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    const refusal = within(form).getByText(/kan ikke forlænges/, { selector: '.field-error' }).textContent;
    expect(refusal).toBe('Et jobafklaringsforløb kan ikke forlænges. Skal afklaringen fortsætte, så beslut et nyt jobafklaringsforløb (højst 2 år ad gangen) under »Efter forløbet«.');
    expect(refusal).not.toContain('barsel');
  });

  it('the municipality’s own forløb cites its own frame under lov nr. 1750, then »som for ressourceforløb«', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'HELHEDSORIENTERET', lawVersion: 'REFORM_2026', decisionDate: '2026-03-02', teamMeetingDate: null }) });
    const frame = 'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020';
    expect(nextStep()).toContain(`(${frame}, afsnit 6.5).`);
    expect(meetingsHint()).toContain(`(${frame}, afsnit 5.5).`);
  });

  it('the rehabiliteringsteam’s meeting is not asked for on a jobafklaringsforløb under the 2026 rules; under the earlier rules it is', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'REFORM_2026', decisionDate: '2026-03-02', teamMeetingDate: null }) });
    expect(within(section()).queryByRole('button', { name: 'Registrér møde i rehabiliteringsteamet' })).toBeNull();
  });

  it('a jobafklaringsforløb under the 2022 rules is still asked for the meeting, cited »som for ressourceforløb«', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithProgramme({ type: 'JOBAFKLARINGSFORLOEB', lawVersion: 'RULES_2022', teamMeetingDate: null }) });
    const { form } = open('Registrér møde i rehabiliteringsteamet');
    const date = within(form).getByLabelText('Møde i rehabiliteringsteamet');
    expect(document.getElementById(date.getAttribute('aria-describedby')!.split(' ')[0])!.textContent).toContain('(som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.2)');
  });
});
