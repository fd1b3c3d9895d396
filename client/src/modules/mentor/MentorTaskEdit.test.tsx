import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { addDays, todayInDenmark } from '@samplan/schema';
import { createCache } from '../../core/apollo';
import { formatDate } from '../../core/format';
import { mentorGrant, quietMentorEvents } from '../../test-support/mentor';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { LogMentorTaskMutation, MentorCasesQuery, MentorEventsSubscription, MentorPage } from './MentorPage';
import { grantEndedOnCard, MENTOR_GRANT_ENDED_NOTICE } from './grantEnded';
import { RemoveMentorTaskMutation } from './MentorLogEntry';
import { UpdateMentorTaskMutation } from './MentorTaskEditForm';

const DATE = '2026-11-20';
const task = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'MentorTask',
  id: 't-kantine',
  grantId: 'g-eva',
  title: 'Fulgte Eva til kantinen',
  date: DATE,
  minutes: 30,
  outcome: '',
  nextStep: null,
  note: '',
  version: 1,
  ...overrides,
});

const evaCase = (tasks: unknown[]) => ({
  __typename: 'MentorCase',
  employmentGoal: 'Job i et køkken eller en kantine',
  citizen: { __typename: 'MentorCitizen', name: 'Eva Jensen', phone: null, address: null },
  grant: { __typename: 'MentorGrant', id: 'g-eva', planId: 'p-eva', previousGrantId: null, purpose: 'Struktur i hverdagen', goals: ['Komme op om morgenen'], focusAreas: [], startDate: '2026-10-23', endDate: '2027-04-22' },
  subGoals: [],
  sharedActivities: [],
  sharedMeetings: [],
  nextSamtale: null,
  mySamtaler: [],
  tasks,
});

const save = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdateMentorTaskMutation, variables: { input: { id: 't-kantine', expectedVersion: 1, ...input } } },
  ...rest,
});

function renderMentorPage(mocks: MockLink.MockedResponse[], tasks: unknown[] = [task()], readsOfCases = 1) {
  return render(
    <MockedProvider
      mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase(tasks)] } }, maxUsageCount: readsOfCases }, ...mocks]}
      cache={createCache()}
    >
      <MentorPage isMentor />
    </MockedProvider>,
  );
}

const log = () => screen.getByTestId('mentor-log');
const editName = `Redigér Fulgte Eva til kantinen, ${formatDate(DATE)}`;

async function openForm() {
  const button = await screen.findByRole('button', { name: editName });
  fireEvent.click(button);
  return { button, form: within(log()).getByRole('form', { name: 'Redigér Fulgte Eva til kantinen' }) };
}

describe('the mentor corrects an entry of "Min log"', () => {
  it('offers the fields of "Log opgave", sends only what changed with the version read, and shows it at once', async () => {
    renderMentorPage([save({ minutes: 45, outcome: 'Eva spiste med kollegerne' }, { result: { data: { updateMentorTask: task({ minutes: 45, outcome: 'Eva spiste med kollegerne', version: 2 }) } } })]);
    const { button, form } = await openForm();
    expect(document.activeElement).toBe(within(form).getByLabelText('Hvad har du gjort?'));
    expect((within(form).getByLabelText('Hvad har du gjort?') as HTMLInputElement).value).toBe('Fulgte Eva til kantinen');
    expect((within(form).getByLabelText('Tid') as HTMLSelectElement).value).toBe('30');
    for (const name of ['Hvordan gik det?', 'Næste skridt', 'Note']) expect(within(form).getByLabelText(name)).toBeTruthy();
    expect((within(form).getByLabelText('Dato') as HTMLInputElement).value).toBe(DATE);

    fireEvent.change(within(form).getByLabelText('Tid'), { target: { value: '45' } });
    fireEvent.change(within(form).getByLabelText('Hvordan gik det?'), { target: { value: 'Eva spiste med kollegerne' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    await screen.findByText('Opgaven »Fulgte Eva til kantinen« er rettet.');
    expect(log().textContent).toContain('Fulgte Eva til kantinen (45 min) – Eva spiste med kollegerne');
    expect(within(log()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(within(log()).getAllByTestId('mentor-log-entry')).toHaveLength(1);
  });

  it('a task logged after a correction: the card says what happened last, not the correction still', async () => {
    const phoned = task({ id: 't-phone', title: 'Ringede til Eva', date: todayInDenmark(), version: 1 });
    renderMentorPage([
      save({ minutes: 45 }, { result: { data: { updateMentorTask: task({ minutes: 45, version: 2 }) } } }),
      {
        request: { query: LogMentorTaskMutation, variables: { input: { grantId: 'g-eva', title: 'Ringede til Eva', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null } } },
        result: { data: { logMentorTask: phoned } },
      },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([phoned, task({ minutes: 45, version: 2 })])] } } },
    ]);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Tid'), { target: { value: '45' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await screen.findByText('Opgaven »Fulgte Eva til kantinen« er rettet.', {}, { timeout: 5000 });

    const card = screen.getByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Ringede til Eva' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await within(card).findByText('Opgaven »Ringede til Eva« er logget.', { selector: '[role=status] span' }, { timeout: 5000 });
    expect(within(card).queryByText('Opgaven »Fulgte Eva til kantinen« er rettet.')).toBeNull();
  });

  it('keeps a logged time that is not among the usual ones', async () => {
    renderMentorPage([], [task({ minutes: 20 })]);
    const { form } = await openForm();
    const minutes = within(form).getByLabelText('Tid') as HTMLSelectElement;
    expect(minutes.value).toBe('20');
    expect(Array.from(minutes.options).map((o) => o.textContent)).toEqual([
      '15 min', '20 min', '30 min', '45 min', '1 time', '1,5 timer', '2 timer', '2,5 timer', '3 timer', '3,5 timer', '4 timer', '4,5 timer',
      '5 timer', '5,5 timer', '6 timer', '6,5 timer', '7 timer', '7,5 timer', '8 timer', 'Anden tid …',
    ]);
  });

  it('corrected to more than 8 hours under "Anden tid": whole minutes up to 24 hours, by the rule and in the words of "Log opgave", before sending', async () => {
    const sent = jest.fn(() => ({ data: { updateMentorTask: task({ minutes: 600, version: 2 }) } }));
    renderMentorPage([save({ minutes: 600 }, { result: sent })], [task({ minutes: 480 })]);
    const { form } = await openForm();
    const time = within(form).getByLabelText('Tid') as HTMLSelectElement;
    expect(time.value).toBe('480');
    fireEvent.change(time, { target: { value: 'other' } });
    // The choice gives way to the minutes typed, and the focus goes there.
    expect(within(form).queryByLabelText('Tid')).toBeNull();
    const other = within(form).getByLabelText('Antal minutter') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(other));
    expect(other.getAttribute('inputmode')).toBe('numeric');
    const describedBy = () => (other.getAttribute('aria-describedby') ?? '').split(' ').map((i) => document.getElementById(i)?.textContent);
    expect(describedBy()).toEqual(['Fx 600 for 10 timer. Højst 24 timer (1440 minutter).']);

    for (const [typed, problem] of [
      ['', 'Skriv, hvor mange minutter opgaven tog.'],
      ['0', 'Mindst 1 minut.'],
      ['1441', 'Højst 24 timer (1440 minutter).'],
    ]) {
      fireEvent.change(other, { target: { value: typed } });
      fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
      expect(other.getAttribute('aria-invalid')).toBe('true');
      expect(describedBy()).toEqual(['Fx 600 for 10 timer. Højst 24 timer (1440 minutter).', problem]);
    }
    expect(sent).not.toHaveBeenCalled();

    // 10 hours goes as 600 minutes, the rest as it was.
    fireEvent.change(other, { target: { value: '600' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await screen.findByText('Opgaven »Fulgte Eva til kantinen« er rettet.');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(log().textContent).toContain('Fulgte Eva til kantinen (10 timer)');
  });

  it('the server’s refusal of the time sits at "Antal minutter", in its words, with what was typed kept', async () => {
    const tooLong = new CombinedGraphQLErrors({ errors: [{ message: 'Højst 24 timer (1440 minutter).', extensions: { code: 'BAD_USER_INPUT', field: 'minutes' } }] });
    renderMentorPage([save({ minutes: 1000 }, { error: tooLong })]);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Tid'), { target: { value: 'other' } });
    const other = within(form).getByLabelText('Antal minutter') as HTMLInputElement;
    fireEvent.change(other, { target: { value: '1000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(other.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(other.getAttribute('aria-describedby')!.split(' ')[1])?.textContent).toBe('Højst 24 timer (1440 minutter).');
    expect(other.value).toBe('1000');
  });

  it('asks in Danish for what was done, before sending, and says each text’s limit', async () => {
    renderMentorPage([]);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Hvad har du gjort?'), { target: { value: '  ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const title = within(form).getByLabelText('Hvad har du gjort?');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const described = (el: HTMLElement) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described(title)).toEqual(['Højst 200 tegn.', 'Skriv, hvad du har gjort.']);
    // Each text's limit, as the server checks it, is said in its hint.
    expect(described(within(form).getByLabelText('Hvordan gik det?'))).toEqual(['Højst 1.000 tegn.']);
    expect(described(within(form).getByLabelText('Næste skridt'))).toEqual(['Højst 1.000 tegn.']);
    // Who reads the note, besides the mentor.
    expect(described(within(form).getByLabelText('Note'))).toEqual(['Læses af den koordinerende sagsbehandler og sagsbehandlerne på borgerens plan. Højst 4.000 tegn.']);
  });

  it('on a stale version shows both; "Tag den nyeste udgave" shows the saved one without saving', async () => {
    const current = { id: 't-kantine', grantId: 'g-eva', planId: 'plan-eva', mentorId: 'u-mikkel', date: DATE, title: 'Fulgte Eva til kantinen', minutes: 60, outcome: '', nextStep: null, note: '', version: 2 };
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current } }] });
    renderMentorPage([save({ minutes: 45 }, { error })]);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Tid'), { target: { value: '45' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    const view = await screen.findByTestId('conflict-view');
    const time = within(view).getByRole('group', { name: 'Tid' });
    expect([...time.querySelectorAll('dt, dd')].map((e) => e.textContent)).toEqual(['Nyeste gemte udgave', '1 time (ændret)', 'Din udgave', '45 min (din ændring)']);
    expect(within(time).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag deres']);
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    await screen.findByText('Du ser nu den nyeste udgave af opgaven. Dine ændringer er ikke gemt.');
    expect(log().textContent).toContain('Fulgte Eva til kantinen (1 time)');
  });

  it('shows a refusal in Danish and keeps what was typed', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Bevillingen findes ikke.', extensions: { code: 'NOT_FOUND' } }] });
    // The cases read again after the refusal: the grant still runs.
    renderMentorPage([save({ outcome: 'Godt' }, { error })], [task()], 2);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Hvordan gik det?'), { target: { value: 'Godt' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('Opgaven blev ikke rettetFindes ikke eller du har ikke adgang.');
    expect((within(form).getByLabelText('Hvordan gik det?') as HTMLInputElement).value).toBe('Godt');
  });

  it('refused because the grant has ended (unnoticed, or while offline): says so, keeps what was typed, and offers "Luk", not "Gem"', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Bevillingen findes ikke.', extensions: { code: 'NOT_FOUND' } }] });
    renderMentorPage([save({ outcome: 'Godt' }, { error }), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } }]);
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Hvordan gik det?'), { target: { value: 'Godt' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));

    expect(await screen.findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
    expect(await within(form).findByText(MENTOR_GRANT_ENDED_NOTICE)).toBeTruthy();
    expect((within(form).getByLabelText('Hvordan gik det?') as HTMLInputElement).value).toBe('Godt');
    expect(within(form).queryByRole('button', { name: 'Gem' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(within(log()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Eva Jensen' }));
  });

  it('says so when the entry is corrected on another device while the form is open, and keeps what was typed', async () => {
    render(
      <MockedProvider
        mocks={[
          { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq: '8' } } }, delay: 300 },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([task()])] } } },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([task({ minutes: 60, version: 2 })])] } } },
        ]}
        cache={createCache()}
      >
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const { form } = await openForm();
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Hun kom selv.' } });
    expect(await within(form).findByText('Opgaven er rettet et andet sted, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.')).toBeTruthy();
    expect((within(form).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Hun kom selv.');
    expect((within(form).getByLabelText('Tid') as HTMLSelectElement).value).toBe('30');
  });

  it('Escape closes the form and gives focus back to its button', async () => {
    renderMentorPage([]);
    const { button, form } = await openForm();
    fireEvent.keyDown(within(form).getByLabelText('Note'), { key: 'Escape' });
    await waitFor(() => expect(within(log()).queryByRole('form')).toBeNull());
    expect(document.activeElement).toBe(button);
  });
});

describe('the mentor corrects the day of an entry', () => {
  it('offers "Dato" with the day logged, and sends the day chosen with the version read', async () => {
    const earlier = '2026-11-18';
    const sent = jest.fn(() => ({ data: { updateMentorTask: task({ date: earlier, version: 2 }) } }));
    renderMentorPage([save({ date: earlier }, { result: sent })]);
    const { form } = await openForm();
    expect(within(form).queryByText(/Datoen kan ikke ændres/)).toBeNull();
    const date = within(form).getByLabelText('Dato') as HTMLInputElement;
    expect(date.type).toBe('date');
    fireEvent.change(date, { target: { value: earlier } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await screen.findByText('Opgaven »Fulgte Eva til kantinen« er rettet.', {}, { timeout: 5000 });
    expect(sent).toHaveBeenCalledTimes(1);
    expect(log().textContent).toContain(`${formatDate(earlier)}: Fulgte Eva til kantinen (30 min)`);
  });

  it('a day after today, or before the grant began, is refused at "Dato" in the words of "Log opgave", before sending', async () => {
    const sent = jest.fn(() => ({ data: { updateMentorTask: task({ version: 2 }) } }));
    renderMentorPage([save({ date: '2026-10-22' }, { result: sent })]);
    const { form } = await openForm();
    const date = within(form).getByLabelText('Dato') as HTMLInputElement;
    const problem = () => document.getElementById((date.getAttribute('aria-describedby') ?? '').split(' ').pop() ?? '')?.textContent;
    for (const [day, words] of [
      [addDays(todayInDenmark(), 1), 'En opgave kan først logges, når den er udført.'],
      ['2026-10-22', 'Datoen ligger før bevillingens start.'],
    ]) {
      fireEvent.change(date, { target: { value: day } });
      fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
      expect(date.getAttribute('aria-invalid')).toBe('true');
      expect(problem()).toBe(words);
    }
    expect(sent).not.toHaveBeenCalled();
  });
});

describe('the mentor removes an entry logged by mistake', () => {
  const removal = (result: MockLink.MockedResponse['result']): MockLink.MockedResponse => ({
    request: { query: RemoveMentorTaskMutation, variables: { id: 't-kantine', expectedVersion: 1 } },
    result,
  });
  const removeName = `Fjern Fulgte Eva til kantinen, ${formatDate(DATE)}`;

  it('asks first, then sends the entry and the version read; the entry goes, and the card says what was removed', async () => {
    const sent = jest.fn(() => ({ data: { removeMentorTask: { __typename: 'MentorTask', id: 't-kantine', removedAt: '2026-11-21T09:00:00.000Z' } } }));
    const other = task({ id: 't-tandlaege', title: 'Fulgte Eva til tandlægen', date: '2026-11-19' });
    renderMentorPage([removal(sent)], [task(), other]);
    fireEvent.click(await screen.findByRole('button', { name: removeName }));

    // The question, with the focus, names the entry; nothing is sent yet.
    const question = screen.getByRole('group', { name: /^Fjern »Fulgte Eva til kantinen« \(30 min, / });
    expect(document.activeElement?.textContent).toContain('logget ved en fejl');
    expect(sent).not.toHaveBeenCalled();
    fireEvent.click(within(question).getByRole('button', { name: 'Ja, fjern' }));

    expect(await screen.findByText(`»Fulgte Eva til kantinen« (30 min, ${formatDate(DATE)}) er fjernet fra din log.`, {}, { timeout: 5000 })).toBeTruthy();
    expect(sent).toHaveBeenCalledTimes(1);
    const entries = within(log()).getAllByTestId('mentor-log-entry');
    expect(entries).toHaveLength(1);
    expect(entries[0].textContent).toContain('Fulgte Eva til tandlægen');
    expect(log().textContent).not.toContain('kantinen');
  });

  it('"Fortryd" goes back to "Fjern" without sending', async () => {
    const sent = jest.fn(() => ({ data: { removeMentorTask: { __typename: 'MentorTask', id: 't-kantine', removedAt: '2026-11-21T09:00:00.000Z' } } }));
    renderMentorPage([removal(sent)]);
    fireEvent.click(await screen.findByRole('button', { name: removeName }));
    fireEvent.click(screen.getByRole('button', { name: 'Fortryd' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: removeName })));
    expect(sent).not.toHaveBeenCalled();
    expect(within(log()).getAllByTestId('mentor-log-entry')).toHaveLength(1);
  });
});

describe('only the mentor edits the mentor’s log', () => {
  it('the coordinator reads it on the plan, without "Redigér"', () => {
    const logged = { __typename: 'MentorTask', id: 't-1', grantId: 'g-per', title: 'Fulgte Per til butikken', date: DATE, minutes: 30, outcome: 'Gik fint', nextStep: null, note: '', createdAt: '2026-11-20T15:00:00.000Z', removedAt: null };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mentorGrant()], mentorTasks: [logged] }) });
    const entries = within(screen.getByTestId('mentor-section')).getByTestId('mentor-tasks');
    expect(entries.textContent).toContain('Fulgte Per til butikken (30 min) – Gik fint');
    expect(within(entries).queryByRole('button')).toBeNull();
  });
});
