import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { addDays, formatDanishDate, localDate, NEXT_STEP_NOT_DECIDED_MESSAGE, todayInDenmark } from '@samplan/schema';
import type { MockLink } from '@apollo/client/testing';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { bookedMeeting, planMeetings } from '../../test-support/meetings';
import { mentorGrant } from '../../test-support/mentor';
import { perPlan as planWithoutDecision, PLAN_ID, renderPlanPage as renderWithPlan } from '../../test-support/plan-page';
import { PlanEventsSubscription } from '../live/events';
import { PlanPageQuery } from './PlanPage';
import { PROGRAMME_ENDED_NOTICE } from './planOpen';
import { DecideNextStepMutation } from './NextStepSection';
import { UpdateProgrammeMutation } from './ProgrammeEndForms';
import { UpdateProgrammeFactsMutation } from './ProgrammeLaw';

const section = () => screen.getByTestId('programme-section');
const status = () => within(section()).getByTestId('programme-status').textContent;
const end = () => within(section()).getByTestId('programme-end').textContent;

/** The decision on what follows, taken: a forløb is ended after it, with most reasons (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). */
const DECIDED = {
  __typename: 'NextStepDecision', id: 'ns-per', step: 'FLEXJOB', status: 'DECIDED', stepLabel: 'Fleksjob', decidedOn: '2026-11-20', note: null, version: 1,
  decidedBy: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
};

/** updateProgramme's answer: Per's programme, its next step decided, with the given changes. */
function programme(overrides: Record<string, unknown> = {}) {
  const { programme: p } = planWithoutDecision();
  return { ...p, nextStep: DECIDED, ...overrides };
}

/** Per's plan with the decision on what follows taken, unless a programme is given. */
function perPlan(overrides: Record<string, unknown> = {}) {
  if (overrides.programme) return planWithoutDecision(overrides);
  return planWithoutDecision({ ...overrides, programme: { ...planWithoutDecision().programme, nextStep: DECIDED } });
}

/** The plan page with Per's plan, the decision on what follows taken, unless a plan is given. */
const renderPlanPage = (options: Parameters<typeof renderWithPlan>[0]) => renderWithPlan({ plan: perPlan(), ...options });

/** Anna Holm's event on the programme as the live stream brings it: a save of hers (another window), or the rules' warnings her write set off. */
function annasProgrammeEvent(kind: string, record: ReturnType<typeof programme>) {
  return {
    __typename: 'PlanEvent', seq: '42', kind, planId: PLAN_ID, entityType: 'PROGRAMME', entityId: 'pr-per', at: '2026-11-23T09:41:00.000Z',
    summary: kind === 'WARNINGS_CHANGED' ? 'Ingen advarsler på forløbet længere' : `Anna Holm (Jobcenteret) ændrede forløbets slutdato til ${record.endDate}`, actor: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
    unit: { __typename: 'Unit', id: 'unit-employment', kind: 'EMPLOYMENT', name: 'Jobcenteret' }, title: null, changes: [], overwrote: [],
    record, asActivity: record, asIntervention: record, asSubGoal: record, asPlan: record, asProgramme: record, asFollowUp: record, asMentorTask: record, asDescriptionSection: record,
  };
}

const updateMock = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdateProgrammeMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, ...input } } },
  ...rest,
});

function open(name: 'Afslut forløb' | 'Ret slutdato') {
  const button = within(section()).getByRole('button', { name });
  fireEvent.click(button);
  return { button, form: within(section()).getByRole('form') };
}

/** "Afslut forløb" with `reason`, confirmed: the form (other forms of the programme may be open beside it). */
function endWith(reason: string) {
  fireEvent.click(within(section()).getByRole('button', { name: 'Afslut forløb' }));
  const form = within(section()).getByRole('form', { name: 'Afslut forløbet' });
  fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: reason } });
  fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
  fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
  return form;
}

describe('Afslut forløb', () => {
  it('asks for a reason, then for confirmation, and only then ends the programme', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      mocks: [
        updateMock(
          { endReason: 'FLEXJOB' },
          { result: { data: { updateProgramme: programme({ status: 'ENDED', endReason: 'FLEXJOB', endDate: '2026-11-24', daysLeft: 0, version: 3 }) } } },
        ),
      ],
    });
    expect(status()).toBe('Aktivt');
    const { form } = open('Afslut forløb');
    expect(within(form).getByRole('heading', { name: 'Afslut forløbet' })).toBeTruthy();
    const reason = within(form).getByLabelText('Afslutningsårsag');
    expect(document.activeElement).toBe(reason);

    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Vælg, hvorfor forløbet afsluttes.', { selector: '.field-error' })).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(reason, { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const confirm = within(form).getByRole('group');
    expect(confirm.textContent).toContain(
      'Afslut ressourceforløbet for Per Hansen pr. i dag med årsagen »Fleksjob«? Indsatserne på planen bliver stående, som de er: »Virksomhedspraktik i detailbutik« (Jobcenter Faaborg-Midtfyn, aktiv) og »Bostøtte« (Socialforvaltningen, planlagt). De afsluttes ikke med forløbet og kan ikke ændres bagefter, heller ikke af den enhed, der ejer dem. Et afsluttet forløb kan ikke genåbnes.',
    );
    expect(document.activeElement).toBe(within(confirm).getByText(/^Afslut ressourceforløbet/));
    // Nothing is sent before the confirmation.
    expect(status()).toBe('Aktivt');

    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, afslut forløbet' }));
    const done = await within(section()).findByText('Forløbet er afsluttet. Årsag: Fleksjob.');
    expect(status()).toBe('Afsluttet');
    expect(end()).toBe('24. november 2026');
    expect(within(section()).getByText('Fleksjob')).toBeTruthy();
    // Ended, the forløb offers only the correction of one registered by mistake (RegisteredInError.tsx).
    expect(within(section()).getAllByRole('button').map((b) => b.textContent)).toEqual(['Registreret ved en fejl']);
    expect(document.activeElement).toBe(done);

    serverSends(perPlan({ programme: programme({ status: 'ENDED', endReason: 'FLEXJOB', endDate: '2026-11-24', daysLeft: 0, version: 3 }) }));
    expect(status()).toBe('Afsluttet');
  });

  it('"Fortryd" goes back to the form without sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'MOVED' } });
    fireEvent.change(within(form).getByLabelText('Afsluttes pr.'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain('pr. 30. november 2026 med årsagen »Fraflyttet kommunen«');
    fireEvent.click(within(form).getByRole('button', { name: 'Fortryd' }));
    expect(within(form).queryByRole('button', { name: 'Ja, flyt slutdatoen' })).toBeNull();
    expect(document.activeElement).toBe(within(form).getByLabelText('Afslutningsårsag'));
    expect(status()).toBe('Aktivt');
  });

  it('"Afsluttes pr." a day ahead is refused at the field before anything is sent: the ending takes effect at once', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });
    const ahead = addDays(localDate(new Date()), 10);
    const day = within(form).getByLabelText('Afsluttes pr.');
    expect(document.getElementById(day.getAttribute('aria-describedby')!.split(' ')[0])!.textContent)
      .toBe('Udfyldes feltet ikke, bruges dagens dato. Datoen kan ikke ligge ude i fremtiden: afslutningen gælder med det samme.');
    fireEvent.change(day, { target: { value: ahead } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText(/^Et forløb afsluttes pr\. i dag eller en dag, der er gået/, { selector: '.field-error' }).textContent)
      .toContain(`Skal forløbet slutte ${formatDanishDate(ahead)}, så ret slutdatoen nu, og afslut forløbet den dag.`);
    // No question, nothing sent: the programme runs on.
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
    expect(status()).toBe('Aktivt');
  });

  it('past its end date, the hint and the question name the end date that is saved, and a later day is refused in words of ending', async () => {
    const today = localDate(new Date());
    const startDate = addDays(today, -400);
    const endDate = addDays(today, -5);
    const last = formatDanishDate(endDate);
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ programme: programme({ startDate, endDate, daysLeft: 0 }) }),
      mocks: [updateMock({ endReason: 'FLEXJOB' }, { result: { data: { updateProgramme: programme({ startDate, endDate, status: 'ENDED', endReason: 'FLEXJOB', daysLeft: 0, version: 3 }) } } })],
    });
    const { form } = open('Afslut forløb');
    const day = within(form).getByLabelText('Afsluttes pr.');
    const hint = document.getElementById(day.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(hint.textContent).toBe(`Udfyldes feltet ikke, bruges slutdatoen, ${last}: forløbet afsluttes senest på sin slutdato. En anden dato skal ligge før den.`);
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });

    // Today, the day the caseworker ends it: not a day it can end on, said of ending, not of prolonging.
    fireEvent.change(day, { target: { value: today } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText(/^Forløbet afsluttes senest pr\. sin slutdato/, { selector: '.field-error' }).textContent)
      .toBe(`Forløbet afsluttes senest pr. sin slutdato, ${last}, for dets længde er fastsat i afgørelsen og kan ikke forlænges. Vælg en dag til og med ${last}, eller lad feltet stå tomt, så afsluttes det pr. ${last}.`);
    expect(within(form).queryByText(/Bevilg et nyt forløb/)).toBeNull();
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();

    // Left empty: the question names the end date, the day the server saves, not "i dag".
    fireEvent.change(day, { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    const question = within(form).getByRole('group').textContent;
    expect(question).toContain(`Afslut ressourceforløbet for Per Hansen pr. ${last}, forløbets slutdato, med årsagen »Fleksjob«?`);
    expect(question).not.toContain('i dag');
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
    expect(await within(section()).findByText('Forløbet er afsluttet. Årsag: Fleksjob.')).toBeTruthy();
    expect(end()).toBe(last);
  });

  it('not begun: the hint and the question say it is stopped before it begins, and a day before its first is refused in the server’s words', () => {
    const today = localDate(new Date());
    const startDate = addDays(today, 10);
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: programme({ startDate, endDate: addDays(today, 400), daysLeft: 400 }) }) });
    const { form } = open('Afslut forløb');
    const day = within(form).getByLabelText('Afsluttes pr.');
    const hint = document.getElementById(day.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(hint.textContent).toBe(`Udfyldes feltet ikke, stoppes forløbet, før det begynder ${formatDanishDate(startDate)}, og det har ikke kørt nogen dag.`);
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'MOVED' } });
    fireEvent.change(day, { target: { value: today } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText(/^Et forløb afsluttes tidligst pr\. sin første dag/, { selector: '.field-error' }).textContent).toBe(
      `Et forløb afsluttes tidligst pr. sin første dag, ${formatDanishDate(startDate)}; afsluttet den dag har det varet én dag. Er forløbet ikke begyndt endnu, så lad feltet stå tomt: så stoppes det, før det begynder.`);
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
    fireEvent.change(day, { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain(
      `Stop ressourceforløbet for Per Hansen, før det begynder ${formatDanishDate(startDate)}, med årsagen »Fraflyttet kommunen«? Det har ikke kørt nogen dag.`);
    // The answer says what it does: stop, not end.
    expect(within(form).getByRole('button', { name: 'Ja, stop forløbet' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
  });

  it('begun today: ended as of its first day it ran that day, and that day is taken; the day before is not', () => {
    const today = localDate(new Date());
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: programme({ startDate: today, endDate: addDays(today, 400), daysLeft: 400 }) }) });
    const { form } = open('Afslut forløb');
    const day = within(form).getByLabelText('Afsluttes pr.');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'DEATH' } });
    fireEvent.change(day, { target: { value: addDays(today, -1) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText(/^Et forløb afsluttes tidligst pr\. sin første dag/, { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(day, { target: { value: today } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain(`Afslut ressourceforløbet for Per Hansen pr. ${formatDanishDate(today)} med årsagen`);
  });

  it('a refusal from the server takes the focus from the question that went, so it is read out', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Kun den koordinerende sagsbehandler kan gøre dette.', extensions: { code: 'FORBIDDEN' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ endReason: 'EMPLOYMENT' }, { error })] });
    const form = endWith('EMPLOYMENT');
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('Forløbet blev ikke afsluttetDu har ikke adgang til at gøre dette. Kun den koordinerende sagsbehandler kan gøre dette.');
    expect(document.activeElement?.textContent).toBe(alert.textContent);
    expect(status()).toBe('Aktivt');
  });

  it('a refusal of the reason is read from the error summary, which takes the focus, and not from a box', async () => {
    const message = 'Årsagen findes ikke efter reglerne i dag.';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'END_REASON_NOT_AVAILABLE' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ endReason: 'EMPLOYMENT' }, { error })] });
    const form = endWith('EMPLOYMENT');
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: message })).toBeTruthy();
    expect(document.activeElement).toBe(summary);
    // At the field and in the summary; not a third time in a box.
    expect(within(form).getAllByText(message)).toHaveLength(2);
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('a newer save by someone else is shown, and nothing is saved until confirmed again', async () => {
    const current = { id: 'pr-per', version: 3, type: 'RESSOURCEFORLOEB', status: 'ACTIVE', startDate: '2026-04-01', endDate: '2027-12-31', endReason: null };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        updateMock({ endReason: 'EMPLOYMENT' }, { error }),
        updateMock(
          // With the version the coordinator started from: the server tells whose change the ending went on top of.
          { expectedVersion: 3, baseVersion: 2, endReason: 'EMPLOYMENT' },
          { result: { data: { updateProgramme: programme({ status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24', version: 4 }) } } },
        ),
      ],
    });
    const form = endWith('EMPLOYMENT');
    const notice = await within(form).findByTestId('programme-changed');
    expect(notice.textContent).toBe(
      'Forløbet er ændret af en anden, mens du havde formularen åben. Nu: slutdato 31. december 2027, status aktivt. Intet er gemt. Se forløbet igen, og afslut det, hvis det stadig er rigtigt.',
    );
    // The question's buttons went with the answer: the focus is on the notice, so it is read out.
    expect(document.activeElement).toBe(notice);
    expect(end()).toBe('31. december 2027');

    // Confirmed again, on the version now saved.
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
    await within(section()).findByText('Forløbet er afsluttet. Årsag: Beskæftigelse.');
    expect(status()).toBe('Afsluttet');
  });

  it('a new end date the coordinator saved in another window is told as their own save there, not "en anden"', async () => {
    const moved = programme({ endDate: '2027-12-31', version: 3 });
    // Anna Holm's own save of the end date, in another window of the plan, as the live stream brings it.
    const savedInTheOtherWindow = annasProgrammeEvent('PROGRAMME_UPDATED', moved);
    const current = { id: 'pr-per', version: 3, type: 'RESSOURCEFORLOEB', status: 'ACTIVE', startDate: '2026-04-01', endDate: '2027-12-31', endReason: null };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    const plan = perPlan();
    renderPlanPage({
      viewer: 'anna',
      plan,
      // Heard after the form below has opened (it opens as the page is drawn).
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: plan.liveFrom } }, result: { data: { planEvents: savedInTheOtherWindow } }, delay: 50 },
      mocks: [
        updateMock({ endReason: 'EMPLOYMENT' }, { error }),
        { request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan: { ...plan, programme: { ...plan.programme, endDate: '2027-12-31', version: 3 } } } }, maxUsageCount: Number.POSITIVE_INFINITY },
      ],
    });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'EMPLOYMENT' } });
    await waitFor(() => expect(end()).toBe('31. december 2027'));
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
    const notice = await within(form).findByTestId('programme-changed');
    expect(notice.textContent).toBe(
      'Forløbet er gemt af dig i et andet vindue, mens du havde formularen åben. Nu: slutdato 31. december 2027, status aktivt. Intet er gemt. Se forløbet igen, og afslut det, hvis det stadig er rigtigt.',
    );
  });

  it.each([
    ['the warnings the rules worked out again after her own write elsewhere (nobody\'s save of the programme)', 'WARNINGS_CHANGED', false],
    ['her own save heard before the form opened (the version it opened on)', 'PROGRAMME_UPDATED', true],
  ])('a newer version met in a conflict is not told as her own save for %s: "en anden", so she does not keep hers over it', async (_what, kind, heardFirst) => {
    const moved = programme({ endDate: '2027-06-30', version: 2 });
    const heard = annasProgrammeEvent(kind, moved);
    // Another unit's newer save, whose event has not reached this tab.
    const current = { id: 'pr-per', version: 3, type: 'RESSOURCEFORLOEB', status: 'ACTIVE', startDate: '2026-04-01', endDate: '2027-12-31', endReason: null };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    const plan = perPlan();
    renderPlanPage({
      viewer: 'anna',
      plan,
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: plan.liveFrom } }, result: { data: { planEvents: heard } }, delay: heardFirst ? 0 : 50 },
      mocks: [updateMock({ endReason: 'EMPLOYMENT' }, { error })],
    });
    if (heardFirst) await waitFor(() => expect(end()).toBe('30. juni 2027'));
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'EMPLOYMENT' } });
    if (!heardFirst) await new Promise((resolve) => setTimeout(resolve, 80));
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
    const notice = await within(form).findByTestId('programme-changed');
    expect(notice.textContent).toMatch(/^Forløbet er ændret af en anden, mens du havde formularen åben\./);
  });

  it('another fact of the programme saved meanwhile in a form beside it is no conflict: the programme is ended on the newer version', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        {
          request: { query: UpdateProgrammeFactsMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, healthTalkGuidedOn: '2026-11-18' } } },
          result: { data: { updateProgramme: programme({ version: 3, healthTalkGuidedOn: '2026-11-18' }) } },
        },
        updateMock(
          { expectedVersion: 3, endReason: 'EMPLOYMENT' },
          { result: { data: { updateProgramme: programme({ status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24', healthTalkGuidedOn: '2026-11-18', version: 4 }) } } },
        ),
      ],
    });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'EMPLOYMENT' } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér vejledning om sundhedskoordinator' }));
    const healthTalk = within(section()).getByRole('form', { name: 'Vejledning om samtale med sundhedskoordinator' });
    fireEvent.change(within(healthTalk).getByLabelText('Vejledt om samtale med sundhedskoordinator'), { target: { value: '2026-11-18' } });
    fireEvent.click(within(healthTalk).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText('Vejledningen om samtale med sundhedskoordinator er gemt.');

    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, afslut forløbet' }));
    await within(section()).findByText('Forløbet er afsluttet. Årsag: Beskæftigelse.');
    expect(screen.queryByTestId('programme-changed')).toBeNull();
  });

  it('another form open when the programme ends stays with what was typed, and says it can no longer be saved', async () => {
    const reasons = 'Borgeren er indlagt; forelæggelse giver ikke mening nu.';
    renderPlanPage({
      viewer: 'anna',
      mocks: [updateMock({ endReason: 'EMPLOYMENT' }, { result: { data: { updateProgramme: programme({ status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24', version: 3 }) } } })],
    });
    fireEvent.click(within(section()).getByRole('button', { name: 'Opfølgning på indsatsgaranti' }));
    const guarantee = within(section()).getByRole('form', { name: 'Opfølgning på indsatsgarantien' });
    fireEvent.change(within(guarantee).getByLabelText('Særlige grunde'), { target: { value: reasons } });
    endWith('EMPLOYMENT');

    await within(section()).findByText('Forløbet er afsluttet. Årsag: Beskæftigelse.');
    expect(within(section()).queryByRole('form', { name: 'Afslut forløbet' })).toBeNull();
    expect(await within(guarantee).findByText(PROGRAMME_ENDED_NOTICE)).toBeTruthy();
    expect((within(guarantee).getByLabelText('Særlige grunde') as HTMLTextAreaElement).value).toBe(reasons);
    expect(within(guarantee).queryByRole('button', { name: 'Gem' })).toBeNull();
    fireEvent.click(within(guarantee).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('heading', { name: 'Forløb' }));
  });

  it.each([
    ['RESSOURCEFORLOEB', 'Afslut ressourceforløbet for Per Hansen'],
    ['JOBAFKLARINGSFORLOEB', 'Afslut jobafklaringsforløbet for Per Hansen'],
    ['HELHEDSORIENTERET', 'Afslut det helhedsorienterede forløb for Per Hansen'],
  ])('the question names a %s in good Danish', (type, question) => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: programme({ type }) }) });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'MOVED' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain(`${question} pr. i dag med årsagen »Fraflyttet kommunen«?`);
  });

  it('a next step decided while the form is open brings its reason into the list; the reason chosen stays', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna' });
    const { form } = open('Afslut forløb');
    const reason = () => within(form).getByLabelText('Afslutningsårsag') as HTMLSelectElement;
    const offered = () => Array.from(reason().options).map((o) => o.value);
    expect(offered()).not.toContain('RESSOURCEFORLOEB');
    fireEvent.change(reason(), { target: { value: 'FLEXJOB' } });

    const plan = perPlan();
    await act(async () => serverSends({ ...plan, programme: { ...plan.programme, endReasonOptions: [...plan.programme.endReasonOptions, 'RESSOURCEFORLOEB'] } }));
    await waitFor(() => expect(offered()).toContain('RESSOURCEFORLOEB'));
    expect(reason().value).toBe('FLEXJOB');

    // A reason chosen that the programme no longer has is refused at the field, before anything is sent.
    await act(async () => serverSends({ ...plan, programme: { ...plan.programme, endReasonOptions: plan.programme.endReasonOptions.filter((r) => r !== 'FLEXJOB') } }));
    await waitFor(() => expect(offered()).not.toContain('FLEXJOB'));
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getAllByText('Fleksjob kan ikke længere vælges for forløbet. Vælg en anden årsag.').length).toBeGreaterThan(0);
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
  });

  it('is only for the coordinator, and not for an ended programme', () => {
    const { unmount } = renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(within(section()).queryByRole('button')).toBeNull();
    unmount();
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: programme({ status: 'ENDED', endReason: 'EDUCATION' }) }) });
    // Only the correction of a forløb registered by mistake (RegisteredInError.tsx).
    expect(within(section()).getAllByRole('button').map((b) => b.textContent)).toEqual(['Registreret ved en fejl']);
    expect(within(section()).getByText('Uddannelse')).toBeTruthy();
  });
});

describe('Afslut forløb: what it depends on and what it does, said before the question', () => {
  const notice = () => within(section()).getByTestId('end-needs-decision');

  it('without a decision on what follows: says so up front, refuses »Fortsæt« in the server’s words without asking, and leads to »Træf beslutning«', () => {
    renderPlanPage({ viewer: 'anna', plan: planWithoutDecision() });
    const { form } = open('Afslut forløb');
    expect(notice().textContent).toBe(
      'Der er ikke truffet beslutning om indsatsen efter forløbet. Beslutningen skal træffes, før forløbet afsluttes (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). Uden beslutning kan forløbet kun afsluttes med årsagen »Raskmeldt«, »Dødsfald« eller »Fraflyttet kommunen«.Træf beslutning',
    );
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText('Træf beslutning om indsatsen efter forløbet, før forløbet afsluttes.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Ja, afslut forløbet' })).toBeNull();
    // A reason that needs no decision is asked as before.
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'MOVED' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('button', { name: 'Ja, afslut forløbet' })).toBeTruthy();

    // The link opens the decision's form in Efter forløbet, its first field focused.
    fireEvent.click(within(notice()).getByRole('link', { name: 'Træf beslutning' }));
    const decision = within(screen.getByTestId('next-step-section')).getByRole('form', { name: 'Beslutning om indsatsen efter forløbet' });
    expect(document.activeElement).toBe(within(decision).getByLabelText('Indsatsen efter forløbet'));
  });

  it('the refusal for want of a decision goes once »Træf beslutning« saves it; a refusal that still holds stays', async () => {
    const input = { programmeId: 'pr-per', step: 'EMPLOYMENT', decidedOn: todayInDenmark(), note: '', expectedVersion: null };
    const taken = { ...DECIDED, step: 'EMPLOYMENT', stepLabel: 'Beskæftigelse', decidedOn: todayInDenmark(), note: '' };
    const { programme: p } = planWithoutDecision();
    const after = {
      __typename: 'Programme', id: 'pr-per', type: p.type, status: p.status, endDate: p.endDate,
      nextStepOptions: p.nextStepOptions, nextStepLastDays: [], nextStep: taken, warningLevel: null, warnings: [],
    };
    renderPlanPage({
      viewer: 'anna',
      plan: planWithoutDecision(),
      mocks: [{ request: { query: DecideNextStepMutation, variables: { input } }, result: { data: { decideNextStep: after } } }],
    });
    const { form } = open('Afslut forløb');
    const reasonError = () => within(form).queryByText(NEXT_STEP_NOT_DECIDED_MESSAGE, { selector: '.field-error' });
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'EMPLOYMENT' } });
    // A day ahead as well: a problem that has nothing to do with the decision.
    const ahead = addDays(localDate(new Date()), 10);
    fireEvent.change(within(form).getByLabelText('Afsluttes pr.'), { target: { value: ahead } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(reasonError()).toBeTruthy();
    expect(within(form).getByText(/^Et forløb afsluttes pr\. i dag eller en dag, der er gået/, { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByLabelText('Afslutningsårsag').getAttribute('aria-invalid')).toBe('true');

    // »Træf beslutning« leads to Efter forløbet, where the decision Beskæftigelse is saved.
    fireEvent.click(within(notice()).getByRole('link', { name: 'Træf beslutning' }));
    const nextStep = screen.getByTestId('next-step-section');
    const decision = within(nextStep).getByRole('form', { name: 'Beslutning om indsatsen efter forløbet' });
    fireEvent.change(within(decision).getByLabelText('Indsatsen efter forløbet'), { target: { value: 'EMPLOYMENT' } });
    fireEvent.click(within(decision).getByRole('button', { name: 'Gem beslutning' }));
    await within(nextStep).findByText('Beslutningen er gemt.');

    // The decision exists: its refusal goes at once, without »Fortsæt«; the day ahead is still refused.
    await waitFor(() => expect(reasonError()).toBeNull());
    expect(within(section()).queryByTestId('end-needs-decision')).toBeNull();
    expect(within(form).getByLabelText('Afslutningsårsag').getAttribute('aria-invalid')).toBeNull();
    expect(within(form).queryAllByText(NEXT_STEP_NOT_DECIDED_MESSAGE)).toHaveLength(0);
    expect(within(form).getByText(/^Et forløb afsluttes pr\. i dag eller en dag, der er gået/, { selector: '.field-error' })).toBeTruthy();
    expect((within(form).getByLabelText('Afslutningsårsag') as HTMLSelectElement).value).toBe('EMPLOYMENT');

    // With the day left empty, »Fortsæt« asks the question.
    fireEvent.change(within(form).getByLabelText('Afsluttes pr.'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain('Afslut ressourceforløbet for Per Hansen pr. i dag med årsagen »Beskæftigelse«?');
  });

  it('a refusal for want of a decision stays while the decision is still only proposed', async () => {
    const proposed = planWithoutDecision({ programme: { ...planWithoutDecision().programme, nextStep: { ...DECIDED, status: 'PROPOSED' } } });
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: proposed });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByText(NEXT_STEP_NOT_DECIDED_MESSAGE, { selector: '.field-error' })).toBeTruthy();
    // Another change of the plan that settles nothing: the refusal stays.
    await act(async () => serverSends(planWithoutDecision({ programme: { ...proposed.programme, nextStep: { ...DECIDED, status: 'PROPOSED', stepLabel: 'Førtidspension', step: 'FOERTIDSPENSION' } } })));
    await waitFor(() => expect(notice().textContent).toContain('(Førtidspension)'));
    expect(within(form).getByText(NEXT_STEP_NOT_DECIDED_MESSAGE, { selector: '.field-error' })).toBeTruthy();
    // Decided, live: it goes.
    await act(async () => serverSends(perPlan()));
    await waitFor(() => expect(within(form).queryByText(NEXT_STEP_NOT_DECIDED_MESSAGE, { selector: '.field-error' })).toBeNull());
  });

  it('with a proposal only: a proposal is no decision, and the notice goes once the decision is taken, live', async () => {
    const proposed = planWithoutDecision({ programme: { ...planWithoutDecision().programme, nextStep: { ...DECIDED, status: 'PROPOSED' } } });
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: proposed });
    open('Afslut forløb');
    expect(notice().textContent).toMatch(/^Der er kun et forslag om indsatsen efter forløbet \(Fleksjob\); et forslag er ikke en beslutning\. Beslutningen skal træffes/);
    await act(async () => serverSends(perPlan()));
    await waitFor(() => expect(within(section()).queryByTestId('end-needs-decision')).toBeNull());
  });

  it('the question names the mentor grant that ends with the forløb, the one called off, and the interventions that stay as they are', () => {
    const today = localDate(new Date());
    const running = mentorGrant({ id: 'g-running', startDate: addDays(today, -30), endDate: addDays(today, 90), mentor: { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' } });
    const later = mentorGrant({ id: 'g-later', startDate: addDays(today, 100), endDate: addDays(today, 200), mentor: { __typename: 'User', id: 'u-mette', name: 'Mette Madsen' } });
    const over = mentorGrant({ id: 'g-over', startDate: addDays(today, -300), endDate: addDays(today, -100) });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [over, running, later] }) });
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain(
      `Afslut ressourceforløbet for Per Hansen pr. i dag med årsagen »Fleksjob«? Mentorstøtten hos Mikkel Lund (bevilget til ${formatDanishDate(addDays(today, 90))}) afsluttes med forløbet, og mentoren mister adgangen til borgeren. Mentorstøtten hos Mette Madsen fra ${formatDanishDate(addDays(today, 100))} aflyses, for den er ikke begyndt. Indsatserne på planen bliver stående, som de er: »Virksomhedspraktik i detailbutik« (Jobcenter Faaborg-Midtfyn, aktiv) og »Bostøtte« (Socialforvaltningen, planlagt). De afsluttes ikke med forløbet og kan ikke ændres bagefter, heller ikke af den enhed, der ejer dem. Et afsluttet forløb kan ikke genåbnes.`,
    );
  });

  it('the question names the booked samtaler the end calls off; one cancelled, or begun and awaiting its fremmøde, is not', async () => {
    const hourAgo = Date.now() - 3_600_000;
    const meetings = [
      bookedMeeting({ id: 'm-held', startsAt: new Date(hourAgo).toISOString(), endsAt: new Date(hourAgo + 1_800_000).toISOString() }),
      bookedMeeting({ id: 'm-1', startsAt: '2099-03-12T09:00:00.000Z', endsAt: '2099-03-12T10:00:00.000Z' }),
      bookedMeeting({ id: 'm-cancelled', status: 'CANCELLED', cancelReason: 'Borgeren er syg', startsAt: '2099-03-15T09:00:00.000Z', endsAt: '2099-03-15T10:00:00.000Z' }),
      bookedMeeting({ id: 'm-2', startsAt: '2099-03-19T13:30:00.000Z', endsAt: '2099-03-19T14:30:00.000Z' }),
    ];
    renderPlanPage({ viewer: 'anna', sectionMocks: [planMeetings(PLAN_ID, meetings)] });
    // The plan page's Samtaler section has read them.
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Samtaler' })).getAllByTestId('meeting')).toHaveLength(4));
    const { form } = open('Afslut forløb');
    fireEvent.change(within(form).getByLabelText('Afslutningsårsag'), { target: { value: 'FLEXJOB' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt' }));
    expect(within(form).getByRole('group').textContent).toContain(
      'Afslut ressourceforløbet for Per Hansen pr. i dag med årsagen »Fleksjob«? 2 bookede samtaler aflyses: 12. marts 2099 kl. 10.00 og 19. marts 2099 kl. 14.30. Indsatserne på planen bliver stående',
    );
  });
});

describe('Ret slutdato', () => {
  it('moves the end earlier and shows it at once', async () => {
    renderPlanPage({
      viewer: 'anna',
      mocks: [updateMock({ endDate: '2027-12-31' }, { result: { data: { updateProgramme: programme({ endDate: '2027-12-31', daysLeft: 400, version: 3 }) } } })],
    });
    const { button, form } = open('Ret slutdato');
    const date = within(form).getByLabelText('Ny slutdato') as HTMLInputElement;
    expect(document.activeElement).toBe(date);
    expect(date.value).toBe('2028-04-01');
    fireEvent.change(date, { target: { value: '2027-12-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    // It cannot be moved back later: asked first, with nothing sent yet.
    const confirm = within(form).getByRole('group');
    expect(confirm.textContent).toContain('Flyt slutdatoen fra 1. april 2028 til 31. december 2027? Forløbet kan ikke forlænges igen bagefter');
    expect(document.activeElement).toBe(within(confirm).getByText(/^Flyt slutdatoen/));
    expect(end()).toBe('1. april 2028');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, flyt slutdatoen' }));
    await within(section()).findByText('Slutdatoen er ændret.');
    expect(end()).toBe('31. december 2027');
    expect(document.activeElement).toBe(button);
  });

  it('before the plan period ends: the question says the plan period is cut back to the new end with it', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2027-01-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByRole('group').textContent).toContain(
      'Flyt slutdatoen fra 1. april 2028 til 31. januar 2027? Planperioden afkortes samtidig fra 1. april 2027 til 31. januar 2027. Forløbet kan ikke forlænges igen bagefter',
    );
  });

  it('after a conflict, moves the end on top of the newest version, with the version I started from', async () => {
    const current = { id: 'pr-per', version: 3, type: 'RESSOURCEFORLOEB', status: 'ACTIVE', startDate: '2026-04-01', endDate: '2028-02-01', endReason: null };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        updateMock({ endDate: '2027-12-31' }, { error }),
        // baseVersion: the server tells the colleague that my end date replaced theirs.
        updateMock({ expectedVersion: 3, baseVersion: 2, endDate: '2027-12-31' }, { result: { data: { updateProgramme: programme({ endDate: '2027-12-31', daysLeft: 400, version: 4 }) } } }),
      ],
    });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2027-12-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, flyt slutdatoen' }));
    const view = await within(section()).findByTestId('conflict-view');
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    await within(section()).findByText('Slutdatoen er ændret.');
    expect(end()).toBe('31. december 2027');
  });

  it('refuses a later end by the field before anything is sent or asked (no extension, STAR’s vejledning om ressourceforløb 2020, afsnit 6.3)', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2029-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    const date = within(form).getByLabelText('Ny slutdato');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Et ressourceforløb kan ikke forlænges. Kun barsel flytter slutdatoen senere: brug »Registrér barsel/suspension«. Skal indsatsen fortsætte, så beslut det næste forløb under »Efter forløbet«.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Ja, flyt slutdatoen' })).toBeNull();
    expect(end()).toBe('1. april 2028');
  });

  it('the municipality’s own forløb is prolonged here, without a question; beyond the municipality’s longest length the server’s refusal shows at the field', async () => {
    const own = perPlan().programme;
    const plan = perPlan({ programme: { ...own, type: 'HELHEDSORIENTERET' } });
    const tooLong = new CombinedGraphQLErrors({ errors: [{ message: 'Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 31.03.2028).', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_TOO_LONG' } }] });
    renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [
        updateMock({ endDate: '2029-04-01' }, { error: tooLong }),
        updateMock({ endDate: '2028-09-30' }, { result: { data: { updateProgramme: programme({ type: 'HELHEDSORIENTERET', endDate: '2028-09-30', daysLeft: 700, version: 3 }) } } }),
      ],
    });
    const { form } = open('Ret slutdato');
    expect(within(form).getByText(/^Kommunens egen ramme: slutdatoen kan flyttes tidligere eller senere/)).toBeTruthy();
    const date = within(form).getByLabelText('Ny slutdato');
    fireEvent.change(date, { target: { value: '2029-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    await waitFor(() => expect(date.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 31.03.2028).', { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(date, { target: { value: '2028-09-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    await within(section()).findByText('Slutdatoen er ændret.');
    expect(end()).toBe('30. september 2028');
  });

  it('the municipality’s own forløb prolonged where it has no frame: the server asks for the reason at its field, and the reason is sent with the date', async () => {
    const own = perPlan().programme;
    const plan = perPlan({ programme: { ...own, type: 'HELHEDSORIENTERET' } });
    const needsReason = new CombinedGraphQLErrors({ errors: [{
      message: 'Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb, så forlængelsen skal begrundes: skriv, hvorfor borgeren har brug for mere tid. Begrundelsen står i planens historik.',
      extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_EXTENSION_NEEDS_REASON', field: 'extensionReason' },
    }] });
    renderPlanPage({
      viewer: 'anna',
      plan,
      mocks: [
        updateMock({ endDate: '2028-09-30' }, { error: needsReason }),
        updateMock({ endDate: '2028-09-30', extensionReason: 'Behandlingen er forsinket.' }, { result: { data: { updateProgramme: programme({ type: 'HELHEDSORIENTERET', endDate: '2028-09-30', daysLeft: 700, version: 3 }) } } }),
      ],
    });
    const { form } = open('Ret slutdato');
    const reason = within(form).getByLabelText('Begrundelse for forlængelsen');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2028-09-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText(/^Kommunen har ikke fastsat en længste varighed/, { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(reason, { target: { value: ' Behandlingen er forsinket. ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    await within(section()).findByText('Slutdatoen er ændret.');
    expect(end()).toBe('30. september 2028');
  });

  it('the municipality’s own forløb: a reason without a later end, or an end past any frame there can be, is refused before sending', () => {
    const own = perPlan().programme;
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...own, type: 'HELHEDSORIENTERET' } }) });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2028-01-31' } });
    fireEvent.change(within(form).getByLabelText('Begrundelse for forlængelsen'), { target: { value: 'Mere tid' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByText('En begrundelse for forlængelse gives, når slutdatoen flyttes senere. Vælg en senere slutdato, eller slet begrundelsen.', { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2036-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByText('Et helhedsorienteret forløb kan højst vare 10 år (til og med 31. marts 2036), den længste ramme en kommune kan fastsætte.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Ja, flyt slutdatoen' })).toBeNull();
    expect(end()).toBe('1. april 2028');
  });

  it('the municipality’s own forløb: the reason for prolonging says its limit, and a longer one is refused at the field before anything is sent', () => {
    const own = perPlan().programme;
    // Nothing mocked: an update sent would answer with an error.
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...own, type: 'HELHEDSORIENTERET' } }) });
    const { form } = open('Ret slutdato');
    const reason = within(form).getByLabelText('Begrundelse for forlængelsen');
    const texts = () => reason.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(texts()[0]).toMatch(/Begrundelsen står i planens historik\. Højst 500 tegn\.$/);
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2028-09-30' } });
    fireEvent.change(reason, { target: { value: 'x'.repeat(501) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(texts()).toContain('Begrundelse for forlængelsen må højst være 500 tegn (du har skrevet 501).');
    expect(within(within(form).getByTestId('error-summary')).getByRole('link', { name: 'Begrundelse for forlængelsen må højst være 500 tegn (du har skrevet 501).' })).toBeTruthy();
    // Not sent: the button never said "Gemmer…", and the end date is as it was.
    expect(within(form).getByRole('button', { name: 'Gem slutdato' })).toBeTruthy();
    expect(end()).toBe('1. april 2028');
  });

  it('the municipality’s own forløb moved earlier than its plan period: asked first, saying the plan period is cut back with it', () => {
    const own = perPlan().programme;
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...own, type: 'HELHEDSORIENTERET' } }) });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2027-01-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByRole('group').textContent).toContain(
      'Flyt slutdatoen fra 1. april 2028 til 31. januar 2027? Planperioden afkortes samtidig fra 1. april 2027 til 31. januar 2027.',
    );
    // It can be prolonged again: no word of that.
    expect(within(form).getByRole('group').textContent).not.toContain('kan ikke forlænges');
  });

  it('shows the server’s Danish refusal by the field, should the end have moved meanwhile', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'Et forløb kan ikke forlænges. Bevilg et nyt forløb i stedet.',
          extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_NOT_EXTENDABLE', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' },
        },
      ],
    });
    renderPlanPage({ viewer: 'anna', mocks: [updateMock({ endDate: '2028-03-01' }, { error })] });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2028-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Ja, flyt slutdatoen' }));
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Et forløb kan ikke forlænges. Bevilg et nyt forløb i stedet.']);
    expect(within(form).getByLabelText('Ny slutdato').getAttribute('aria-invalid')).toBe('true');
    // Said at the field and in the summary; not a third time in a box.
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(end()).toBe('1. april 2028');
  });

  it('"Fortryd" goes back to the date without sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2027-12-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Fortryd' }));
    expect(within(form).queryByRole('group')).toBeNull();
    expect(within(form).getByRole('button', { name: 'Gem slutdato' })).toBeTruthy();
    expect(end()).toBe('1. april 2028');
    // The focus goes back to the date, not to the page.
    expect(document.activeElement).toBe(within(form).getByLabelText('Ny slutdato'));
  });

  it('checks the date against the start before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open('Ret slutdato');
    fireEvent.change(within(form).getByLabelText('Ny slutdato'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem slutdato' }));
    expect(within(form).getByText('Slutdatoen skal ligge efter startdatoen.', { selector: '.field-error' })).toBeTruthy();
  });
});
