import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { addDays, todayInDenmark } from '@samplan/schema';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatDate } from '../../core/format';
import { followUp, mentorGrant, monthsFromToday } from '../../test-support/mentor';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { PlanEventsSubscription } from '../live/events';
import { PlanPageQuery } from './PlanPage';
import { EndMentorGrantMutation } from './EndMentorGrant';

const mentorSection = () => screen.getByTestId('mentor-section');
const withGrant = (overrides: Record<string, unknown> = {}) => perPlan({ mentorGrants: [mentorGrant()], followUps: [followUp()], ...overrides });
const grantEnd = monthsFromToday(3);

const end = (variables: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: EndMentorGrantMutation, variables: { id: 'g-per', expectedVersion: 1, ...variables } },
  ...rest,
});
const ended = (endDate: string, version = 2) => ({ endMentorGrant: { __typename: 'MentorGrant', id: 'g-per', endDate, endedEarly: true, version } });

function openForm() {
  const button = within(mentorSection()).getByRole('button', { name: 'Afslut mentorstøtte med Mikkel Lund' });
  fireEvent.click(button);
  return { button, form: within(mentorSection()).getByRole('form', { name: 'Afslut mentorstøtten med Mikkel Lund før tid?' }) };
}

describe('"Aflys mentorstøtte" on a grant not begun (the coordinator)', () => {
  it('asks, sends the day before its start as the last (the server calls it off), says the mentor gets no access, and shows it called off', async () => {
    const start = monthsFromToday(1);
    const plan = withGrant({ mentorGrants: [mentorGrant({ startDate: start, endDate: monthsFromToday(4) })] });
    renderPlanPage({ viewer: 'anna', plan, mocks: [end({ endDate: addDays(start, -1) }, { result: { data: ended(addDays(start, -1)) } })] });
    expect(mentorSection().textContent).toContain('(ikke begyndt)');
    expect(within(mentorSection()).queryByRole('button', { name: 'Afslut mentorstøtte med Mikkel Lund' })).toBeNull();
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Aflys mentorstøtte med Mikkel Lund' }));
    const form = within(mentorSection()).getByRole('form', { name: 'Aflys mentorstøtten med Mikkel Lund, før den begynder?' });
    expect(within(form).queryByLabelText('Sidste dag med mentorstøtte')).toBeNull();
    // No field to take the focus: the question does, so it is read out.
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByRole('heading')));
    expect(form.textContent).toContain(`Bevillingen begynder ${formatDate(start)}. Aflyst giver den aldrig mentoren adgang til borgeren.`);
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys mentorstøtten' }));
    await within(mentorSection()).findByText('Mentorstøtten med Mikkel Lund er aflyst, før den begyndte. Mentoren får ikke adgang til borgeren.');
    expect(mentorSection().textContent).toContain(`fra ${formatDate(start)} (aflyst)`);
    expect(within(mentorSection()).queryByRole('button', { name: /^Aflys mentorstøtte/ })).toBeNull();
  });
});

describe('"Aflys mentorstøtte" on a grant begun today with nothing logged under it (the coordinator)', () => {
  const task = (grantId: string) => ({
    __typename: 'MentorTask', id: `t-${grantId}`, grantId, title: 'Første møde', date: todayInDenmark(), minutes: 30, outcome: null, nextStep: null, note: '', createdAt: new Date().toISOString(), removedAt: null,
  });
  const begunToday = (overrides: Record<string, unknown> = {}) => mentorGrant({ startDate: todayInDenmark(), endDate: monthsFromToday(4), ...overrides });

  it('calls it off as one not begun is (the day before its first as its last), so a mentor picked by mistake loses the access now, not at midnight', async () => {
    const yesterday = addDays(todayInDenmark(), -1);
    renderPlanPage({ viewer: 'anna', plan: withGrant({ mentorGrants: [begunToday()] }), mocks: [end({ endDate: yesterday }, { result: { data: ended(yesterday) } })] });
    expect(within(mentorSection()).queryByRole('button', { name: 'Afslut mentorstøtte med Mikkel Lund' })).toBeNull();
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Aflys mentorstøtte med Mikkel Lund' }));
    const form = within(mentorSection()).getByRole('form', { name: 'Aflys mentorstøtten med Mikkel Lund, som begyndte i dag?' });
    expect(within(form).queryByLabelText('Sidste dag med mentorstøtte')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByRole('heading')));
    expect(form.textContent).toContain('Bevillingen begyndte i dag, og mentoren har ikke logget noget under den. Aflyst mister mentoren adgangen til borgeren med det samme.');
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys mentorstøtten' }));
    await within(mentorSection()).findByText('Mentorstøtten med Mikkel Lund er aflyst. Mentoren har ikke længere adgang til borgeren.');
    expect(mentorSection().textContent).toContain(`fra ${formatDate(todayInDenmark())} (aflyst)`);
    expect(within(mentorSection()).queryByRole('button', { name: /^(Aflys|Afslut) mentorstøtte/ })).toBeNull();
  });

  it('is "Afslut" once the mentor has logged a task under it (the task stays inside the grant); a task under another grant does not count', async () => {
    const other = mentorGrant({ id: 'g-lise', startDate: monthsFromToday(-2), endDate: monthsFromToday(3), mentor: { __typename: 'User', id: 'u-lise', name: 'Lise Berg' } });
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: withGrant({ mentorGrants: [other, begunToday()], mentorTasks: [task('g-lise')] }) });
    expect(within(mentorSection()).getByRole('button', { name: 'Aflys mentorstøtte med Mikkel Lund' })).toBeTruthy();
    // Mikkel logs today's work; the plan is read again.
    serverSends(withGrant({ mentorGrants: [other, begunToday()], mentorTasks: [task('g-per'), task('g-lise')] }));
    await within(mentorSection()).findByRole('button', { name: 'Afslut mentorstøtte med Mikkel Lund' });
    expect(within(mentorSection()).queryByRole('button', { name: 'Aflys mentorstøtte med Mikkel Lund' })).toBeNull();
    const { form } = openForm();
    expect((within(form).getByLabelText('Sidste dag med mentorstøtte') as HTMLInputElement).value).toBe(todayInDenmark());
  });

  it('a task logged since the page was read: the server refuses the call-off, and the form becomes the ending, with the refusal at the last day', async () => {
    const yesterday = addDays(todayInDenmark(), -1);
    const message = `Mentoren har logget en opgave ${formatDate(todayInDenmark())} under bevillingen, så den kan tidligst slutte den dag.`;
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'MENTOR_GRANT_ENDS_BEFORE_TASK', field: 'endDate' } }] });
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant({ mentorGrants: [begunToday()] }),
      mocks: [end({ endDate: yesterday }, { error }), end({ endDate: todayInDenmark() }, { result: { data: ended(todayInDenmark()) } })],
    });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Aflys mentorstøtte med Mikkel Lund' }));
    const form = within(mentorSection()).getByRole('form', { name: 'Aflys mentorstøtten med Mikkel Lund, som begyndte i dag?' });
    fireEvent.click(within(form).getByRole('button', { name: 'Aflys mentorstøtten' }));
    const date = (await within(form).findByLabelText('Sidste dag med mentorstøtte')) as HTMLInputElement;
    expect(within(form).getByRole('heading').textContent).toBe('Afslut mentorstøtten med Mikkel Lund før tid?');
    expect(date.value).toBe(todayInDenmark());
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
    expect(mentorSection().textContent).not.toContain('aflyst');
    // Ended today instead: the task's day.
    fireEvent.change(date, { target: { value: todayInDenmark() } });
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(`Mentorstøtten med Mikkel Lund er afsluttet. Sidste dag er ${formatDate(todayInDenmark())}.`);
  });
});

describe('"Afslut mentorstøtte" (the coordinator)', () => {
  it('asks first, ends the grant today by default, and shows it ended at once', async () => {
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [end({ endDate: todayInDenmark() }, { result: { data: ended(todayInDenmark()) } })] });
    const { form } = openForm();
    const date = within(form).getByLabelText('Sidste dag med mentorstøtte') as HTMLInputElement;
    expect(document.activeElement).toBe(date);
    expect(date.value).toBe(todayInDenmark());
    expect(document.getElementById(date.getAttribute('aria-describedby')!)?.textContent).toBe(
      `Skal ligge før bevillingens slutdato, ${formatDate(grantEnd)}. Tomt felt betyder i dag.`,
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));

    const message = `Mentorstøtten med Mikkel Lund er afsluttet. Sidste dag er ${formatDate(todayInDenmark())}.`;
    await within(mentorSection()).findByText(message);
    expect(mentorSection().textContent).toContain('(afsluttet før tid)');
    // Its last day is today: the mentor still sees what is shared until tonight, so it can still be taken back.
    expect(screen.queryAllByRole('checkbox', { name: /^Delt med mentor/ }).length).toBeGreaterThan(0);
    // Its last day, today, has not passed: it can still be ended earlier (yesterday, to cut the
    // access at once), so its button stays, and the focus goes back to it; the message is a status, read out.
    const again = within(mentorSection()).getByRole('button', { name: 'Afslut mentorstøtte med Mikkel Lund' });
    expect(again.getAttribute('aria-expanded')).toBe('false');
    expect(within(mentorSection()).getByText(message).getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(again));
  });

  it('a grant whose last day is today is ended yesterday by default, which cuts the access now (today is its last day already)', async () => {
    const yesterday = addDays(todayInDenmark(), -1);
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ mentorGrants: [mentorGrant({ startDate: monthsFromToday(-2), endDate: todayInDenmark() })], followUps: [followUp()] }),
      mocks: [end({ endDate: yesterday }, { result: { data: ended(yesterday) } })],
    });
    const { form } = openForm();
    const date = within(form).getByLabelText('Sidste dag med mentorstøtte') as HTMLInputElement;
    expect(date.value).toBe(yesterday);
    expect(document.getElementById(date.getAttribute('aria-describedby')!)?.textContent).toBe('Bevillingens sidste dag er i dag. Vælg i går, så lukkes mentorens adgang nu.');
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(`Mentorstøtten med Mikkel Lund er afsluttet. Sidste dag er ${formatDate(yesterday)}.`);
  });

  it('sends the chosen last day; an empty field means today (the server’s default)', async () => {
    const lastDay = monthsFromToday(1);
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [end({ endDate: null }, { result: { data: ended(lastDay) } })] });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Sidste dag med mentorstøtte'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(/^Mentorstøtten med Mikkel Lund er afsluttet/);
  });

  it.each([
    ['after the grant’s end', monthsFromToday(4), 'En bevilling kan kun afsluttes før tid; forlæng med en ny bevilling.', { code: 'BAD_USER_INPUT', field: 'endDate' }],
    [
      'before the latest task the mentor logged under it',
      addDays(todayInDenmark(), -90),
      'Mentoren har logget en opgave 12. november 2026 under bevillingen, så den kan tidligst slutte den dag.',
      { code: 'RULE_VIOLATION', rule: 'MENTOR_GRANT_ENDS_BEFORE_TASK', field: 'endDate' },
    ],
  ])('shows the server’s Danish refusal of a last day %s, on the field, until another day is chosen', async (_label, lastDay, message, extensions) => {
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions }] });
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [end({ endDate: lastDay }, { error })] });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Sidste dag med mentorstøtte'), { target: { value: lastDay } });
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));

    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Mentorstøtten blev ikke afsluttet');
    expect(alert.textContent).toContain(message);
    const date = within(form).getByLabelText('Sidste dag med mentorstøtte');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    const described = date.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain(message);
    expect(mentorSection().textContent).not.toContain('(afsluttet før tid)');
    // The refusal was of that day: another one clears it.
    fireEvent.change(date, { target: { value: todayInDenmark() } });
    expect(date.getAttribute('aria-invalid')).toBeNull();
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('a change the coordinator saved in another window is told as theirs, while the form is open and on sending', async () => {
    const current = { id: 'g-per', planId: 'plan-per', version: 2, endDate: monthsFromToday(2), endedEarly: false, purpose: 'Struktur i hverdagen' };
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }],
    });
    const plan = withGrant();
    const later = withGrant({ mentorGrants: [mentorGrant({ version: 2, endDate: monthsFromToday(2) })] });
    // Anna Holm's own change of the grant, in another window of the plan, as the live stream brings it.
    const record = { __typename: 'BookedMeeting' };
    const savedInTheOtherWindow = {
      __typename: 'PlanEvent', seq: '42', kind: 'MENTOR_GRANT_ENDED', planId: PLAN_ID, entityType: 'MENTOR_GRANT', entityId: 'g-per', at: '2026-11-23T09:41:00.000Z',
      summary: `Anna Holm (Jobcenteret) afsluttede mentorstøtten pr. ${formatDate(monthsFromToday(2))}`, actor: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
      unit: { __typename: 'Unit', id: 'unit-employment', kind: 'EMPLOYMENT', name: 'Jobcenteret' }, title: null, changes: [], overwrote: [],
      record, asActivity: record, asIntervention: record, asSubGoal: record, asPlan: record, asProgramme: record, asFollowUp: record, asMentorTask: record, asDescriptionSection: record,
    };
    renderPlanPage({
      viewer: 'anna',
      plan,
      // Heard after the form below has opened (it opens as the page is drawn).
      events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: plan.liveFrom } }, result: { data: { planEvents: savedInTheOtherWindow } }, delay: 50 },
      mocks: [
        end({ endDate: todayInDenmark() }, { error: conflict }),
        { request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { data: { plan: later } }, maxUsageCount: Number.POSITIVE_INFINITY },
      ],
    });
    const { form } = openForm();
    expect(await within(form).findByText(/^Bevillingen er gemt af dig i et andet vindue, mens du afslutter den her\./)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    const changed = await within(form).findByTestId('grant-changed');
    expect(changed.textContent).toContain(`Bevillingen er gemt af dig i et andet vindue, mens du havde formularen åben. Den slutter nu ${formatDate(monthsFromToday(2))}. Intet er afsluttet.`);
    expect(form.textContent).not.toMatch(/en anden/i);
  });

  it('on a stale version shows the grant as saved, and ending again uses that version', async () => {
    const current = { id: 'g-per', planId: 'plan-per', version: 2, endDate: monthsFromToday(2), endedEarly: false, purpose: 'Struktur i hverdagen' };
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }],
    });
    renderPlanPage({
      viewer: 'anna',
      plan: withGrant(),
      mocks: [end({ endDate: todayInDenmark() }, { error: conflict }), end({ expectedVersion: 2, baseVersion: 1, endDate: todayInDenmark() }, { result: { data: ended(todayInDenmark(), 3) } })],
    });
    const { form } = openForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    const changed = await within(form).findByTestId('grant-changed');
    expect(changed.textContent).toContain(`Bevillingen er ændret af en anden, mens du havde formularen åben. Den slutter nu ${formatDate(monthsFromToday(2))}. Intet er afsluttet.`);
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(mentorSection().textContent).toContain(`– ${formatDate(monthsFromToday(2))}`);

    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(/^Mentorstøtten med Mikkel Lund er afsluttet/);
  });

  it('a grant ending today that a colleague has since prolonged: the hint no longer says to choose yesterday', async () => {
    const yesterday = addDays(todayInDenmark(), -1);
    const current = { id: 'g-per', planId: 'plan-per', version: 2, endDate: monthsFromToday(2), endedEarly: false, purpose: 'Struktur i hverdagen' };
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }],
    });
    renderPlanPage({
      viewer: 'anna',
      plan: perPlan({ mentorGrants: [mentorGrant({ startDate: monthsFromToday(-2), endDate: todayInDenmark() })], followUps: [followUp()] }),
      mocks: [end({ endDate: yesterday }, { error: conflict })],
    });
    const { form } = openForm();
    const date = within(form).getByLabelText('Sidste dag med mentorstøtte') as HTMLInputElement;
    const hint = () => document.getElementById(date.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent;
    expect(hint()).toBe('Bevillingens sidste dag er i dag. Vælg i går, så lukkes mentorens adgang nu.');
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(form).findByTestId('grant-changed');
    expect(hint()).toBe(`Skal ligge før bevillingens slutdato, ${formatDate(monthsFromToday(2))}. Tomt felt betyder i dag.`);
  });

  it('is sent on the version read when the form opened: a grant changed meanwhile is shown, not ended unseen', async () => {
    const lastDay = monthsFromToday(1);
    const newEnd = monthsFromToday(2);
    const sentOnNewer = jest.fn();
    const current = { id: 'g-per', planId: 'plan-per', version: 2, endDate: newEnd, endedEarly: false, purpose: 'Struktur i hverdagen' };
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }],
    });
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      plan: withGrant(),
      mocks: [
        end({ endDate: lastDay }, { error: conflict }),
        // Sent first, this would end a grant the coordinator never saw (its end moved meanwhile).
        // baseVersion: the server tells the colleague that this ending went on top of their change.
        end({ expectedVersion: 2, baseVersion: 1, endDate: lastDay }, {
          result: () => {
            sentOnNewer();
            return { data: ended(lastDay, 3) };
          },
        }),
      ],
    });
    const { form } = openForm();
    fireEvent.change(within(form).getByLabelText('Sidste dag med mentorstøtte'), { target: { value: lastDay } });

    // The plan is read again on a live event: the grant now ends a month earlier.
    serverSends(withGrant({ mentorGrants: [mentorGrant({ version: 2, endDate: newEnd })] }));
    await waitFor(() => expect(mentorSection().textContent).toContain(`– ${formatDate(newEnd)}`));
    // The form still says which grant the coordinator is ending, and that it changed.
    expect(within(form).getByText(`Skal ligge før bevillingens slutdato, ${formatDate(grantEnd)}. Tomt felt betyder i dag.`)).toBeTruthy();
    expect(await within(form).findByText(/^En anden har ændret bevillingen, mens du afslutter den\./)).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    const changed = await within(form).findByTestId('grant-changed');
    expect(changed.textContent).toContain(`Den slutter nu ${formatDate(newEnd)}. Intet er afsluttet.`);
    expect(sentOnNewer).not.toHaveBeenCalled();
    expect(within(form).getByText(`Skal ligge før bevillingens slutdato, ${formatDate(newEnd)}. Tomt felt betyder i dag.`)).toBeTruthy();
    expect((within(form).getByLabelText('Sidste dag med mentorstøtte') as HTMLInputElement).value).toBe(lastDay);
    expect(mentorSection().textContent).not.toContain('(afsluttet før tid)');

    // Seen, and sent again: now on the version shown.
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(`Mentorstøtten med Mikkel Lund er afsluttet. Sidste dag er ${formatDate(lastDay)}.`);
    expect(sentOnNewer).toHaveBeenCalledTimes(1);
  });

  it('a grant someone else ended meanwhile is said in the section, and nothing is saved', async () => {
    const theirs = monthsFromToday(1);
    const current = { id: 'g-per', planId: 'plan-per', version: 2, endDate: theirs, endedEarly: true, purpose: 'Struktur i hverdagen' };
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }],
    });
    renderPlanPage({ viewer: 'anna', plan: withGrant(), mocks: [end({ endDate: todayInDenmark() }, { error: conflict })] });
    const { form } = openForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(
      `Mentorstøtten med Mikkel Lund er allerede blevet afsluttet, mens du havde formularen åben. Sidste dag er ${formatDate(theirs)}. Intet er gemt.`,
    );
    expect(mentorSection().textContent).toContain('(afsluttet før tid)');
    expect(within(mentorSection()).queryByRole('form')).toBeNull();
  });

  it('Escape and "Annullér" close without ending, and give focus back to the button', () => {
    renderPlanPage({ viewer: 'anna', plan: withGrant() });
    let { button, form } = openForm();
    fireEvent.keyDown(within(form).getByLabelText('Sidste dag med mentorstøtte'), { key: 'Escape' });
    expect(within(mentorSection()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
    ({ button, form } = openForm());
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(mentorSection()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('is not offered to the plan team', () => {
    renderPlanPage({ viewer: 'bent', plan: withGrant({ myStanding: 'TEAM' }) });
    expect(within(mentorSection()).queryByRole('button', { name: /^Afslut mentorstøtte/ })).toBeNull();
  });

  it('is not offered on a grant that has ended: its last day has passed, or it was called off', () => {
    const yesterday = addDays(todayInDenmark(), -1);
    renderPlanPage({ viewer: 'anna', plan: withGrant({ mentorGrants: [
      mentorGrant({ endedEarly: true, endDate: yesterday }),
      mentorGrant({ id: 'g-off', startDate: todayInDenmark(), endDate: yesterday, endedEarly: true }),
    ] }) });
    expect(mentorSection().textContent).toContain('(aflyst)');
    expect(within(mentorSection()).queryByRole('button', { name: /^(Afslut|Aflys) mentorstøtte/ })).toBeNull();
  });

  it('is offered on a grant ended early whose last day is still ahead: its end can be moved earlier still, to cut the access sooner', async () => {
    const lastDay = monthsFromToday(2);
    const yesterday = addDays(todayInDenmark(), -1);
    const plan = withGrant({ mentorGrants: [mentorGrant({ endedEarly: true, endDate: lastDay, version: 2 })] });
    renderPlanPage({ viewer: 'anna', plan, mocks: [end({ expectedVersion: 2, endDate: yesterday }, { result: { data: ended(yesterday, 3) } })] });
    expect(mentorSection().textContent).toContain(`– ${formatDate(lastDay)} (afsluttet før tid)`);
    const { form } = openForm();
    expect(within(form).getByText(`Skal ligge før bevillingens slutdato, ${formatDate(lastDay)}. Tomt felt betyder i dag.`)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Sidste dag med mentorstøtte'), { target: { value: yesterday } });
    fireEvent.click(within(form).getByRole('button', { name: 'Afslut mentorstøtten' }));
    await within(mentorSection()).findByText(`Mentorstøtten med Mikkel Lund er afsluttet. Sidste dag er ${formatDate(yesterday)}.`);
    // Its last day has passed now: nothing more to end.
    expect(within(mentorSection()).queryByRole('button', { name: /^Afslut mentorstøtte/ })).toBeNull();
  });
});
