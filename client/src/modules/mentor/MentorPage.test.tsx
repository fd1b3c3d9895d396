import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { todayInDenmark } from '@samplan/schema';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { WAITING_FOR_CONNECTION } from '../../core/forms/FormParts';
import { hasUnsavedText } from '../../core/unsaved-text';
import { LiveConnection, LiveProvider, PendingSaves } from '../../core/live';
import { quietMentorEvents } from '../../test-support/mentor';
import { formatDate, formatDateTime } from '../../core/format';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { EARLIER_GRANT_ENTRY_NOTICE, grantEndedOnCard, MENTOR_GRANT_ENDED_NOTICE } from './grantEnded';
import { LogMentorTaskMutation, MentorCasesQuery, MentorEventsSubscription, MentorPage } from './MentorPage';

const evaCase = (tasks: unknown[] = [], nextMeetingAt = '2099-12-04T09:00:00.000Z') => ({
  __typename: 'MentorCase',
  employmentGoal: 'Job i et køkken eller en kantine',
  citizen: { __typename: 'MentorCitizen', name: 'Eva Jensen', phone: '20 11 22 33', address: 'Havnegade 4, 5600 Faaborg' },
  grant: {
    __typename: 'MentorGrant',
    id: 'g-eva',
    planId: 'p-eva',
    previousGrantId: null,
    purpose: 'Struktur i hverdagen',
    goals: ['Komme op om morgenen', 'Overblik over regninger'],
    focusAreas: ['Morgenrutiner', 'Økonomi'],
    startDate: '2026-10-23',
    endDate: '2027-04-22',
  },
  subGoals: [{ __typename: 'MentorSubGoal', id: 'sg1', area: 'EMPLOYMENT', text: 'Være sammen med andre på en arbejdsplads' }],
  sharedActivities: [{ __typename: 'MentorActivity', id: 'a1', title: 'Samtale med arbejdsgiver', dueAt: '2099-01-01T09:00:00.000Z', status: 'PLANNED' }],
  sharedMeetings: [{ __typename: 'MentorMeeting', id: 'm1', heldAt: '2026-10-26T09:00:00.000Z', mode: 'IN_PERSON', nextMeetingAt }],
  nextSamtale: { __typename: 'MentorNextSamtale', status: 'AGREED', startsAt: nextMeetingAt, endsAt: null, mode: null },
  mySamtaler: [] as unknown[],
  tasks,
});

/** The texts an element's aria-describedby points to, in order. */
const describedTexts = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent);

const task = { __typename: 'MentorTask', id: 't-new', grantId: 'g-eva', title: 'Fulgte Eva til kantinen', date: todayInDenmark(), minutes: 30, outcome: '', nextStep: null, note: '', version: 1 };

describe('Mentor: Mine borgere and "Log opgave"', () => {
  it('"Min log" shows the newest eight, the whole log on request; the date cannot lie before the grant', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => ({ ...task, id: `t-${i}`, title: `Opgave ${i + 1}`, date: `2026-11-${String(20 - i).padStart(2, '0')}` }));
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase(tasks)] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    const entries = () => within(within(card).getByTestId('mentor-log')).getAllByRole('listitem');
    expect(entries()).toHaveLength(8);
    fireEvent.click(within(card).getByRole('button', { name: 'Vis hele loggen (10)' }));
    expect(entries()).toHaveLength(10);
    expect(entries()[9].textContent).toContain('Opgave 10');
    expect(within(card).getByLabelText('Dato').getAttribute('min')).toBe('2026-10-23');
  });

  it('with two citizens, each card\'s form and parts are named by its citizen, so a screen reader tells them apart (axe: landmark-unique)', async () => {
    const perCase = { ...evaCase(), citizen: { __typename: 'MentorCitizen', name: 'Per Hansen', phone: null, address: null }, grant: { ...evaCase().grant, id: 'g-per', planId: 'p-per' } };
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([task]), perCase] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const per = await screen.findByRole('article', { name: 'Per Hansen' });
    for (const name of ['Eva Jensen', 'Per Hansen']) {
      const card = screen.getByRole('article', { name });
      // One of each on the page (getBy refuses two), and in the citizen's card.
      expect(card.contains(screen.getByRole('form', { name: `Log opgave – ${name}` }))).toBe(true);
      for (const part of ['Mentorstøtten', 'Delt med dig', 'Min log']) expect(card.contains(screen.getByRole('region', { name: `${part} – ${name}` }))).toBe(true);
    }
    // The name is heard, not seen: the mentor reads the heading, and the citizen by first name in the form.
    expect(within(per).getByRole('heading', { name: 'Min log – Per Hansen' }).querySelector('.visually-hidden')?.textContent).toBe(' – Per Hansen');
    expect(within(per).getByLabelText('Hvad har du gjort med Per?')).toBeTruthy();
  });

  it('a step shared with the mentor says where it is, when a place is given', async () => {
    const shared = [
      { __typename: 'MentorActivity', id: 'a1', title: 'Samtale med arbejdsgiver', dueAt: '2099-01-01T09:00:00.000Z', status: 'PLANNED', place: 'Kantinen, Faaborg Rådhus' },
      { __typename: 'MentorActivity', id: 'a2', title: 'Kantinekursus', dueAt: '2099-01-02T09:00:00.000Z', status: 'PLANNED', place: null },
    ];
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [{ ...evaCase(), sharedActivities: shared }] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    // The first list: the steps ahead (the held samtaler follow, folded away).
    const [ahead] = within(within(card).getByRole('region', { name: 'Delt med dig – Eva Jensen' })).getAllByRole('list');
    const steps = within(ahead).getAllByRole('listitem');
    expect(steps.map((li) => li.textContent)).toEqual([
      `${formatDateTime('2099-01-01T09:00:00.000Z')}: Samtale med arbejdsgiver (Planlagt) · Sted: Kantinen, Faaborg Rådhus`,
      `${formatDateTime('2099-01-02T09:00:00.000Z')}: Kantinekursus (Planlagt)`,
    ]);
  });

  it('"Min log" after a renewal: the entries of the earlier grant are read, with their next step, and only the running grant\'s offer "Redigér"', async () => {
    const earlier = { ...task, id: 't-earlier', grantId: 'g-eva-first', title: 'Hjalp Eva med at åbne e-Boks', date: '2026-09-14', nextStep: 'Ringe til lægen sammen' };
    const current = { ...task, id: 't-current', title: 'Ringede til lægen med Eva', date: '2026-10-24' };
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([current, earlier])] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).queryByText('Du har ikke logget noget endnu.')).toBeNull();
    const [now, before] = within(within(card).getByTestId('mentor-log')).getAllByRole('listitem');
    expect(before.textContent).toContain('Hjalp Eva med at åbne e-Boks (30 min)');
    expect(before.textContent).toContain('Næste skridt: Ringe til lægen sammen');
    expect(before.textContent).toContain('(tidligere bevilling)');
    expect(within(before).queryByRole('button')).toBeNull();
    expect(within(now).getByRole('button', { name: `Redigér Ringede til lægen med Eva, ${formatDate('2026-10-24')}` })).toBeTruthy();
    expect(now.textContent).not.toContain('tidligere bevilling');
  });

  it('follows the cases live: a change from another screen reads them again', async () => {
    const shared = { __typename: 'MentorActivity', id: 'a2', title: 'Besøg på jobcentret', dueAt: '2099-02-01T09:00:00.000Z', status: 'PLANNED' };
    const mocks: MockLink.MockedResponse[] = [
      { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq: '7' } } }, delay: 200 },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [{ ...evaCase(), sharedActivities: [...evaCase().sharedActivities, shared] }] } } },
    ];
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).queryByText(/Besøg på jobcentret/)).toBeNull();
    expect(await within(card).findByText(/Besøg på jobcentret/)).toBeTruthy();
  });

  it('an item taken back (sharing stopped, consent withdrawn) goes with a word, not its title', async () => {
    const withdrawn = { __typename: 'PlanEvent', seq: '7', planId: 'p-eva', kind: 'MENTOR_SHARING_CHANGED' };
    const mocks: MockLink.MockedResponse[] = [
      { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: withdrawn } }, delay: 200 },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [{ ...evaCase(), sharedActivities: [] }] } } },
    ];
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).getByText(/Samtale med arbejdsgiver/)).toBeTruthy();
    await waitFor(() => expect(within(card).queryByText(/Samtale med arbejdsgiver/)).toBeNull());
    expect(await within(card).findByText('Et punkt er ikke længere delt med dig.')).toBeTruthy();
  });

  it('an intervention with shared steps ended: its planned steps leave at once, said as ended, not as taken back; set going again, they return', async () => {
    const step = (id: string, title: string) => ({ __typename: 'MentorActivity', id, title, dueAt: '2099-03-01T09:00:00.000Z', status: 'PLANNED' });
    const withSteps = { ...evaCase(), sharedActivities: [...evaCase().sharedActivities, step('k1', 'Kantinekursus, dag 1'), step('k2', 'Kantinekursus, dag 2')] };
    // The server's bare fact (mentor-events.ts): the plan and the kind, nothing of the intervention.
    const turned = (afterSeq: string | null, seq: string, delay: number): MockLink.MockedResponse => ({
      request: { query: MentorEventsSubscription, variables: { afterSeq } },
      result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq, planId: 'p-eva', kind: 'INTERVENTION_STATUS_CHANGED' } } },
      delay,
    });
    const mocks: MockLink.MockedResponse[] = [
      turned(null, '7', 200),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [withSteps] } } },
      // Ended: the planned steps are no longer in the case as read again.
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      // The stream goes on after seq 7: the intervention set going again.
      turned('7', '8', 0),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [withSteps] } } },
      { request: { query: MentorEventsSubscription, variables: { afterSeq: '8' } }, result: { data: null }, delay: Number.POSITIVE_INFINITY },
    ];
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).getByText(/Kantinekursus, dag 1/)).toBeTruthy();
    await waitFor(() => expect(within(card).queryByText(/Kantinekursus/)).toBeNull());
    expect(within(card).getByText(/Samtale med arbejdsgiver/)).toBeTruthy();
    expect(await within(card).findByText('2 aktiviteter er ikke længere på din liste, fordi indsatsen er afsluttet.')).toBeTruthy();
    expect(within(card).queryByText(/ikke længere delt med dig/)).toBeNull();

    expect(await within(card).findByText(/Kantinekursus, dag 2/, {}, { timeout: 5000 })).toBeTruthy();
    expect(within(card).queryByText(/ikke længere på din liste/)).toBeNull();
  });

  it('the agreed samtale booked at another time: the mentor sees the booked time and form, and follows it live when it is moved', async () => {
    const agreed = '2099-12-19T09:00:00.000Z';
    const at = (status: string, startsAt: string, endsAt: string, mode: string) => ({ ...evaCase([], agreed), nextSamtale: { __typename: 'MentorNextSamtale', status, startsAt, endsAt, mode } });
    const event = (seq: string, delay: number): MockLink.MockedResponse => ({
      request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq } } }, delay,
    });
    const mocks: MockLink.MockedResponse[] = [
      event('7', 200),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [at('BOOKED', '2100-01-12T09:00:00.000Z', '2100-01-12T10:00:00.000Z', 'PHONE')] } } },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [at('BOOKED', '2100-01-14T12:00:00.000Z', '2100-01-14T13:00:00.000Z', 'VIDEO')] } } },
    ];
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    const next = () => within(card).getByText('Næste opfølgningssamtale:').parentElement!.textContent;
    expect(next()).toBe(`Næste opfølgningssamtale: ${formatDateTime('2100-01-12T09:00:00.000Z')} (telefon)`);
    expect(next()).not.toContain(formatDateTime(agreed));
    // Moved: an event, and the case read again.
    await waitFor(() => expect(next()).toBe(`Næste opfølgningssamtale: ${formatDateTime('2100-01-14T12:00:00.000Z')} (video)`));
  });

  it('a samtale the mentor is booked to take part in: its time, form and where, the video link to join by; one called off marked so', async () => {
    const samtale = (id: string, mode: string, place: string | null, videoLink: string | null, cancelled = false) => ({
      __typename: 'MentorSamtale', id, startsAt: '2100-01-12T09:00:00.000Z', endsAt: '2100-01-12T10:00:00.000Z', mode, place, videoLink, cancelled,
    });
    const withSamtaler = {
      ...evaCase(),
      mySamtaler: [samtale('b1', 'IN_PERSON', 'Jobcentret, Torvet 1', null), samtale('b2', 'VIDEO', null, 'https://video.fmk.dk/samtale/abc'), samtale('b3', 'PHONE', null, null, true)],
    };
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [withSamtaler] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    const list = within(card).getByRole('list', { name: 'Samtaler, du deltager i' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0].textContent).toBe(`${formatDateTime('2100-01-12T09:00:00.000Z')}–11.00 · Fremmøde · Jobcentret, Torvet 1`);
    expect(within(items[1]).getByRole('link', { name: 'Deltag via video' }).getAttribute('href')).toBe('https://video.fmk.dk/samtale/abc');
    // A phone call says so once; one called off says so.
    expect(items[2].textContent).toBe(`${formatDateTime('2100-01-12T09:00:00.000Z')}–11.00 · Telefon Aflyst`);
  });

  it('the next samtale called off with nothing booked instead: "aflyst", not the time agreed before', async () => {
    const cancelled = { ...evaCase([], '2099-12-19T09:00:00.000Z'), nextSamtale: { __typename: 'MentorNextSamtale', status: 'CANCELLED', startsAt: '2100-01-12T09:00:00.000Z', endsAt: '2100-01-12T10:00:00.000Z', mode: 'PHONE' } };
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [cancelled] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).getByText('Næste opfølgningssamtale:').parentElement!.textContent).toBe(
      `Næste opfølgningssamtale: Samtalen ${formatDateTime('2100-01-12T09:00:00.000Z')} er aflyst, og der er ikke booket en ny. Spørg koordinatoren om den nye tid.`,
    );
  });

  it('a next samtale that has gone by is not shown as the next one', async () => {
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([], '2026-01-04T09:00:00.000Z')] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).getByText('Næste opfølgningssamtale:').parentElement!.textContent).toBe('Næste opfølgningssamtale: Ingen kommende samtale er delt med dig');
  });

  it('shows the grant’s goals in order, what is shared, and logs a typical task in three actions', async () => {
    const mocks: MockLink.MockedResponse[] = [
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      {
        request: {
          query: LogMentorTaskMutation,
          variables: { input: { grantId: 'g-eva', title: 'Fulgte Eva til kantinen', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null } },
        },
        result: { data: { logMentorTask: task } },
      },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([task])] } } },
    ];
    render(
      <MockedProvider mocks={[quietMentorEvents(), ...mocks]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    expect(within(card).getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      expect.arrayContaining(['Komme op om morgenen', 'Overblik over regninger']),
    );
    expect(within(card).getByText(/Samtale med arbejdsgiver/)).toBeTruthy();
    // Agreed at the last samtale, not booked: said so, in the words the caseworkers read.
    expect(within(card).getByText('Næste opfølgningssamtale:').parentElement!.textContent).toBe(
      `Næste opfølgningssamtale: ${formatDateTime('2099-12-04T09:00:00.000Z')} (aftalt, ikke booket)`,
    );
    expect(within(card).getByText('Du har ikke logget noget endnu.')).toBeTruthy();

    // 1: write what you did, 2: (time stays 30 min, date today), 3: press "Log opgave".
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Fulgte Eva til kantinen' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));

    expect(await within(card).findByText('Opgaven »Fulgte Eva til kantinen« er logget.', { selector: '[role=status] span' })).toBeTruthy();
    expect(await within(card).findByTestId('mentor-log')).toBeTruthy();
    expect(within(card).getByTestId('mentor-log').textContent).toContain('Fulgte Eva til kantinen (30 min)');
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('');
    // Logged, the emptied form holds nothing unsaved: leaving the page asks nothing.
    expect(hasUnsavedText()).toBe(false);
  });

  /** The mentor's page with Eva's case only, nothing sent after it is read; her card. */
  async function evaAlone(): Promise<HTMLElement> {
    render(
      <MockedProvider mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } }]} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    return screen.findByRole('article', { name: 'Eva Jensen' });
  }

  it('asks in Danish for what was done before sending', async () => {
    const card = await evaAlone();
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    const title = within(card).getByLabelText('Hvad har du gjort med Eva?');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(describedTexts(title)).toEqual(['Højst 200 tegn.', 'Skriv, hvad du har gjort.']);
    expect(document.activeElement).toBe(within(card).getByTestId('error-summary'));
  });

  it('says each text\'s limit before anything is typed, and who reads the note', async () => {
    const card = await evaAlone();
    expect(describedTexts(within(card).getByLabelText('Hvad har du gjort med Eva?'))).toEqual(['Højst 200 tegn.']);
    expect(describedTexts(within(card).getByLabelText('Hvordan gik det?'))).toEqual(['Højst 1.000 tegn.']);
    expect(describedTexts(within(card).getByLabelText('Næste skridt'))).toEqual(['Højst 1.000 tegn.']);
    expect(describedTexts(within(card).getByLabelText('Note'))).toEqual(['Læses af den koordinerende sagsbehandler og sagsbehandlerne på borgerens plan. Højst 4.000 tegn.']);
  });

  it('says every problem at once, each naming its field as labelled, and sends nothing', async () => {
    const card = await evaAlone();
    const tomorrow = new Date(Date.parse(`${todayInDenmark()}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const more = card.querySelector('details')!;
    expect(more.open).toBe(false);
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'x'.repeat(629) } });
    fireEvent.change(within(card).getByLabelText('Dato'), { target: { value: tomorrow } });
    fireEvent.change(within(card).getByLabelText('Note'), { target: { value: 'n'.repeat(4001) } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));

    const summary = within(card).getByTestId('error-summary');
    expect(document.activeElement).toBe(summary);
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Hvad har du gjort med Eva? må højst være 200 tegn (du har skrevet 629).',
      'En opgave kan først logges, når den er udført.',
      'Note må højst være 4.000 tegn (du har skrevet 4.001).',
    ]);
    // Each at its field too; the note's under "Flere oplysninger", opened to show it.
    expect(describedTexts(within(card).getByLabelText('Hvad har du gjort med Eva?'))).toEqual(['Højst 200 tegn.', 'Hvad har du gjort med Eva? må højst være 200 tegn (du har skrevet 629).']);
    expect(describedTexts(within(card).getByLabelText('Dato'))).toEqual(['En opgave kan først logges, når den er udført.']);
    expect(more.open).toBe(true);
    expect(within(card).getByLabelText('Note').getAttribute('aria-invalid')).toBe('true');
    // Nothing was sent: no mutation is answered here, and none was refused.
    expect(within(card).queryByRole('alert')).toBeNull();
  });

  it('a note is sent with the task and shown with it in "Min log"; an entry without one says nothing of a note', async () => {
    const note = 'Eva var nervøs i venteværelset,\nmen gik selv ind.';
    const withNote = { ...task, id: 't-note', title: 'Fulgte Eva til lægen', note };
    render(
      <MockedProvider
        mocks={[
          quietMentorEvents(),
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([task])] } } },
          {
            request: { query: LogMentorTaskMutation, variables: { input: { grantId: 'g-eva', title: 'Fulgte Eva til lægen', minutes: 30, date: todayInDenmark(), outcome: '', note, nextStep: null } } },
            result: { data: { logMentorTask: withNote } },
          },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([withNote, task])] } } },
        ]}
        cache={createCache()}
      >
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Fulgte Eva til lægen' } });
    fireEvent.change(within(card).getByLabelText('Note'), { target: { value: note } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await waitFor(() => expect(within(card).getAllByTestId('mentor-log-entry')).toHaveLength(2));
    const [logged, earlier] = within(card).getAllByTestId('mentor-log-entry');
    expect(within(logged).getByTestId('mentor-log-note').textContent).toBe(`Note: ${note}`);
    expect(earlier.textContent).not.toContain('Note');
  });

  it('a date typed past today, or before the grant, is refused at "Dato" in Danish, without sending', async () => {
    const card = await evaAlone();
    const dateField = within(card).getByLabelText('Dato');
    const tomorrow = new Date(Date.parse(`${todayInDenmark()}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Fulgte Eva til jobcentret' } });
    // The picker stops at today; a date typed by hand does not.
    fireEvent.change(dateField, { target: { value: tomorrow } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    expect(dateField.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(dateField.getAttribute('aria-describedby')!)?.textContent).toBe('En opgave kan først logges, når den er udført.');
    // The summary takes the focus, and its link leads to the field.
    const summary = within(card).getByTestId('error-summary');
    expect(document.activeElement).toBe(summary);
    expect(within(summary).getByRole('link', { name: 'En opgave kan først logges, når den er udført.' }).getAttribute('href')).toBe(`#${dateField.id}`);
    expect(within(card).queryByRole('alert')).toBeNull();

    fireEvent.change(dateField, { target: { value: '2026-10-01' } });
    expect(dateField.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    expect(document.getElementById(dateField.getAttribute('aria-describedby')!)?.textContent).toBe('Datoen ligger før bevillingens start.');
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('Fulgte Eva til jobcentret');
  });
  it('an entry of "Min log" being corrected stays, with what was typed, when a new task pushes it past the newest eight', async () => {
    const tasks = Array.from({ length: 8 }, (_, i) => ({ ...task, id: `t-${i}`, title: `Opgave ${i + 1}`, date: `2026-11-${String(20 - i).padStart(2, '0')}` }));
    const phoned = { ...task, id: 't-phone', title: 'Telefonopkald' };
    render(
      <MockedProvider
        mocks={[
          quietMentorEvents(),
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase(tasks)] } } },
          { request: { query: LogMentorTaskMutation, variables: { input: { grantId: 'g-eva', title: 'Telefonopkald', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null } } }, result: { data: { logMentorTask: phoned } } },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([phoned, ...tasks])] } } },
        ]}
        cache={createCache()}
      >
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    const log = () => within(card).getByTestId('mentor-log');
    fireEvent.click(within(log()).getByRole('button', { name: `Redigér Opgave 8, ${formatDate('2026-11-13')}` }));
    fireEvent.change(within(log()).getByLabelText('Note'), { target: { value: 'Hun kom selv til tiden.' } });

    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Telefonopkald' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await waitFor(() => expect(log().textContent).toContain('Telefonopkald (30 min)'));

    const form = within(log()).getByRole('form', { name: 'Redigér Opgave 8' });
    expect((within(form).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Hun kom selv til tiden.');
    // The newest eight, and the entry being corrected.
    expect(within(log()).getAllByTestId('mentor-log-entry')).toHaveLength(9);
  });

  it('a task logged offline says that it waits for the connection, with what was typed kept', async () => {
    const offline = { isOnline: () => false, onOnline: () => () => undefined, reachable: async () => false };
    const saves = new PendingSaves(offline);
    const input = { grantId: 'g-eva', title: 'Fulgte Eva til kantinen', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null };
    render(
      <MockedProvider
        mocks={[
          quietMentorEvents(),
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
          // Held until the connection is back (core/apollo.tsx, OfflineSaveLink): no answer yet.
          { request: { query: LogMentorTaskMutation, variables: { input } }, result: { data: { logMentorTask: task } }, delay: Number.POSITIVE_INFINITY },
        ]}
        cache={createCache()}
      >
        <LiveProvider connection={new LiveConnection()} saves={saves}>
          <MentorPage isMentor />
        </LiveProvider>
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Fulgte Eva til kantinen' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    act(() => void saves.hold(() => new Promise(() => undefined)));

    expect(await within(card).findByText(WAITING_FOR_CONNECTION)).toBeTruthy();
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('Fulgte Eva til kantinen');
  });

  it('the same task logged twice is said twice', async () => {
    const phoned = { ...task, id: 't-phone', title: 'Telefonopkald' };
    const sent = jest.fn();
    const logIt: MockLink.MockedResponse = {
      request: { query: LogMentorTaskMutation, variables: { input: { grantId: 'g-eva', title: 'Telefonopkald', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null } } },
      result: () => {
        sent();
        return { data: { logMentorTask: phoned } };
      },
    };
    render(
      <MockedProvider
        mocks={[quietMentorEvents(), { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([phoned])] } }, maxUsageCount: Number.POSITIVE_INFINITY }, logIt, logIt]}
        cache={createCache()}
      >
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    // The region that says what was logged (the form has its own for a save waiting offline).
    const status = () => within(card).getByText((_, el) => el?.getAttribute('role') === 'status' && el.getAttribute('aria-live') === 'polite');
    const logPhoneCall = () => {
      fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Telefonopkald' } });
      fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    };
    logPhoneCall();
    await waitFor(() => expect(status().textContent).toBe('Opgaven »Telefonopkald« er logget.'));
    const first = status().firstChild;
    await waitFor(() => expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe(''));

    logPhoneCall();
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(2));
    // Said again: a new message is added to the status region, which a screen reader reads out.
    await waitFor(() => expect(status().firstChild).not.toBe(first));
    expect(status().textContent).toBe('Opgaven »Telefonopkald« er logget.');
  });
});

describe('the grant ends while the mentor has the page open', () => {
  const logInput = { grantId: 'g-eva', title: 'Fulgte Eva til kantinen', minutes: 30, date: todayInDenmark(), outcome: '', note: '', nextStep: null };
  const refused = new CombinedGraphQLErrors({ errors: [{ message: 'Bevillingen findes ikke.', extensions: { code: 'NOT_FOUND' } }] });

  /** The page, and "Log opgave" filled in on Eva's card: the card. */
  async function typeInLogForm(mocks: MockLink.MockedResponse[]) {
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(within(card).getByLabelText('Hvad har du gjort med Eva?'), { target: { value: 'Fulgte Eva til kantinen' } });
    return card;
  }

  it('ended live (early, or with the programme): the card says why, keeps what was typed, offers no save, and goes with "Luk"', async () => {
    const logged = { ...task, id: 't-1', title: 'Ringede til Eva', date: '2026-11-20' };
    const card = await typeInLogForm([
      { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq: '9' } } }, delay: 300 },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([logged])] } } },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } },
    ]);
    fireEvent.click(within(card).getByRole('button', { name: `Redigér Ringede til Eva, ${formatDate('2026-11-20')}` }));
    const entryForm = () => within(within(card).getByTestId('mentor-log')).getByRole('form', { name: 'Redigér Ringede til Eva' });
    fireEvent.change(within(entryForm()).getByLabelText('Note'), { target: { value: 'Hun tog selv telefonen.' } });

    expect(await within(card).findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
    // What was typed stays, to copy, and the forms say why they cannot be saved.
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('Fulgte Eva til kantinen');
    expect((within(entryForm()).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Hun tog selv telefonen.');
    await waitFor(() => expect(within(card).getAllByText(MENTOR_GRANT_ENDED_NOTICE)).toHaveLength(2));
    // Nothing the server would refuse, and nothing of what was shared.
    expect(within(card).queryByRole('button', { name: 'Log opgave' })).toBeNull();
    expect(within(card).queryByRole('button', { name: 'Gem' })).toBeNull();
    expect(within(card).queryByRole('button', { name: /^Redigér/ })).toBeNull();
    expect(within(card).queryByText(/Samtale med arbejdsgiver/)).toBeNull();
    expect(within(card).queryByText(/20 11 22 33/)).toBeNull();
    expect(screen.getByText('Du har ingen aktive mentorbevillinger.')).toBeTruthy();

    fireEvent.click(within(entryForm()).getByRole('button', { name: 'Luk' }));
    expect(within(card).queryByRole('form', { name: 'Redigér Ringede til Eva' })).toBeNull();
    expect(document.activeElement).toBe(within(card).getByRole('heading', { name: 'Eva Jensen' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Luk Eva Jensen' }));
    expect(screen.queryByRole('article', { name: 'Eva Jensen' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Mine borgere' }));
  });

  it('ended live with the focus on a button that goes ("Redigér"): the focus moves to the card’s heading, not to the top of the page', async () => {
    const logged = { ...task, id: 't-1', title: 'Ringede til Eva', date: '2026-11-20' };
    render(
      <MockedProvider
        mocks={[
          { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq: '9' } } }, delay: 300 },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([logged])] } } },
          { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } },
        ]}
        cache={createCache()}
      >
        <MentorPage isMentor />
      </MockedProvider>,
    );
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    within(card).getByRole('button', { name: `Redigér Ringede til Eva, ${formatDate('2026-11-20')}` }).focus();
    expect(await within(card).findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
    expect(within(card).queryByRole('button', { name: /^Redigér/ })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(card).getByRole('heading', { name: 'Eva Jensen' })));
  });

  it('its last day over while the page is open: the cases are read again as the Danish date turns, and the card says the grant has ended', async () => {
    // 23:59:30 in Denmark (CET), on the grant's last day.
    jest.useFakeTimers({ now: new Date('2027-04-22T21:59:30.000Z'), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      render(
        <MockedProvider
          mocks={[
            quietMentorEvents(),
            { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
            { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } },
          ]}
          cache={createCache()}
        >
          <MentorPage isMentor />
        </MockedProvider>,
      );
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(20_000);
      });
      expect(within(card).queryByText(grantEndedOnCard('Eva Jensen'))).toBeNull();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(60_000);
      });
      expect(await within(card).findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('ended unnoticed (its last day passed, or while offline): a refused "Log opgave" reads the cases again and says the grant has ended, with the text kept', async () => {
    const card = await typeInLogForm([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput } }, error: refused },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } },
    ]);
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));

    expect(await within(card).findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
    expect(await within(card).findByText(MENTOR_GRANT_ENDED_NOTICE)).toBeTruthy();
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('Fulgte Eva til kantinen');
    expect(within(card).queryByRole('button', { name: 'Log opgave' })).toBeNull();
    // The refusal is explained by the end, not as "Findes ikke eller du har ikke adgang".
    expect(within(card).queryByText(/Findes ikke/)).toBeNull();
  });

  it('a refused "Log opgave" reads the cases again; on a grant that still runs it says the refusal and keeps the form', async () => {
    const read = jest.fn(() => ({ data: { myMentorCases: [evaCase()] } }));
    const card = await typeInLogForm([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: read, maxUsageCount: 2 },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput } }, error: refused },
    ]);
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    expect((await within(card).findByRole('alert')).textContent).toBe('Opgaven blev ikke loggetFindes ikke eller du har ikke adgang.');
    await waitFor(() => expect(read).toHaveBeenCalledTimes(2));
    expect(within(card).getByRole('button', { name: 'Log opgave' })).toBeTruthy();
    expect(within(card).queryByText(MENTOR_GRANT_ENDED_NOTICE)).toBeNull();
    // Refused, what was typed is still unsaved: leaving the page asks.
    expect(hasUnsavedText()).toBe(true);
  });

  it('the server’s refusal of the date (the Danish day turned meanwhile) sits at "Dato", with the text kept', async () => {
    const wrongDay = new CombinedGraphQLErrors({ errors: [{ message: 'En opgave kan først logges, når den er udført.', extensions: { code: 'BAD_USER_INPUT', field: 'date' } }] });
    const card = await typeInLogForm([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput } }, error: wrongDay },
    ]);
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    const dateField = within(card).getByLabelText('Dato');
    await waitFor(() => expect(dateField.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(dateField.getAttribute('aria-describedby')!)?.textContent).toBe('En opgave kan først logges, når den er udført.');
    expect(within(card).queryByText('Opgaven blev ikke logget')).toBeNull();
    expect((within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement).value).toBe('Fulgte Eva til kantinen');
  });
});

/**
 * The page with a clock the test moves: jest's fake timers from `now` (the page's timers and
 * Date.now with them; the promises Apollo's mocks answer by run as usual). Restored afterwards.
 */
async function withClock(now: string, body: () => Promise<void>): Promise<void> {
  jest.useFakeTimers({ now: new Date(now), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
  try {
    await body();
  } finally {
    jest.useRealTimers();
  }
}

/** Moves the fake clock on by `ms`, running the timers due and what they set off. */
async function passes(ms: number): Promise<void> {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

const renderWith = (mocks: MockLink.MockedResponse[]) =>
  render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <MentorPage isMentor />
    </MockedProvider>,
  );

// "Log opgave"'s: an entry's form open beside it has a "Dato" of its own.
const dateField = (card: HTMLElement) => within(within(card).getByRole('form', { name: /^Log opgave/ })).getByLabelText('Dato') as HTMLInputElement;
const titleField = (card: HTMLElement) => within(card).getByLabelText('Hvad har du gjort med Eva?') as HTMLInputElement;

describe('a renewal takes over while the page is open', () => {
  // Grant A runs to 22 April 2027; the next begins on 23 April, on the same plan.
  const lastDayOfA = '2027-04-22';
  const firstDayOfB = '2027-04-23';
  const earlierTask = { ...task, id: 't-1', title: 'Ringede til Eva', date: '2027-04-20' };
  const renewal = (previousGrantId: string | null) => ({
    ...evaCase([{ ...earlierTask }]),
    grant: { ...evaCase().grant, id: 'g-eva-2', previousGrantId, startDate: firstDayOfB, endDate: '2027-10-22', purpose: 'Struktur i hverdagen, fortsat' },
  });

  it.each([
    ['a renewal linked to the grant it continues', 'g-eva'],
    ['a grant on the same plan not linked to it (a takeover)', null],
  ])('%s: no "afsluttet", one card that goes on with the new grant, and what was typed is kept', async (_, previousGrantId) => {
    // 23:59:30 in Denmark on A's last day.
    await withClock('2027-04-22T21:59:30.000Z', async () => {
      const logged = { ...task, id: 't-2', grantId: 'g-eva-2', title: 'Fulgte Eva til kantinen', date: firstDayOfB };
      renderWith([
        quietMentorEvents(),
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([earlierTask])] } } },
        // Read again as the date turns: A is gone, B is there.
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [renewal(previousGrantId)] } } },
        {
          request: { query: LogMentorTaskMutation, variables: { input: { ...{ grantId: 'g-eva-2', title: 'Fulgte Eva til kantinen', minutes: 30, date: firstDayOfB }, outcome: '', note: '', nextStep: null } } },
          result: { data: { logMentorTask: logged } },
        },
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [{ ...renewal(previousGrantId), tasks: [logged, earlierTask] }] } } },
      ]);
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      expect(dateField(card).value).toBe(lastDayOfA);
      // "Log opgave" begun, and an entry of A being corrected.
      fireEvent.change(titleField(card), { target: { value: 'Fulgte Eva til kantinen' } });
      fireEvent.click(within(card).getByRole('button', { name: `Redigér Ringede til Eva, ${formatDate('2027-04-20')}` }));
      const entryForm = () => within(within(card).getByTestId('mentor-log')).getByRole('form', { name: 'Redigér Ringede til Eva' });
      fireEvent.change(within(entryForm()).getByLabelText('Note'), { target: { value: 'Hun tog selv telefonen.' } });

      await passes(20_000);
      await passes(60_000);
      await waitFor(() => expect(within(card).getByText('Struktur i hverdagen, fortsat')).toBeTruthy());

      // The support goes on: one card for Eva, the same one, nothing said to have ended.
      expect(screen.getAllByRole('article')).toEqual([card]);
      expect(screen.queryByText(grantEndedOnCard('Eva Jensen'))).toBeNull();
      expect(screen.queryByText(MENTOR_GRANT_ENDED_NOTICE)).toBeNull();
      expect(within(card).queryByRole('button', { name: 'Luk Eva Jensen' })).toBeNull();
      expect(within(card).getByText(/20 11 22 33/)).toBeTruthy();
      // "Log opgave" kept what was typed and logs under the running grant, on today's date.
      expect(titleField(card).value).toBe('Fulgte Eva til kantinen');
      expect(dateField(card).value).toBe(firstDayOfB);
      expect(dateField(card).getAttribute('min')).toBe(firstDayOfB);
      // The entry of A is read only now; its open form keeps the note, says why it cannot be saved, and closes with "Luk".
      expect((within(entryForm()).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Hun tog selv telefonen.');
      expect(within(entryForm()).getByText(EARLIER_GRANT_ENTRY_NOTICE)).toBeTruthy();
      expect(within(entryForm()).queryByRole('button', { name: 'Gem' })).toBeNull();
      fireEvent.click(within(entryForm()).getByRole('button', { name: 'Luk' }));
      const entry = within(within(card).getByTestId('mentor-log')).getByRole('listitem');
      expect(entry.textContent).toContain('Ringede til Eva');
      expect(entry.textContent).toContain('(tidligere bevilling)');
      expect(within(entry).queryByRole('button')).toBeNull();

      fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
      expect(await within(card).findByText('Opgaven »Fulgte Eva til kantinen« er logget.', { selector: '[role=status] span' })).toBeTruthy();
      await waitFor(() => expect(within(card).getByTestId('mentor-log').textContent).toContain('Fulgte Eva til kantinen (30 min)'));
    });
  });

  it('a card told as ended (the grant ended early) goes on, with what was typed, once a new grant on the plan begins', async () => {
    // 23:50 in Denmark on 21 April; A ends early (an event), B begins on 22 April.
    await withClock('2027-04-21T21:50:00.000Z', async () => {
      const next = { ...renewal(null), grant: { ...renewal(null).grant, startDate: lastDayOfA } };
      renderWith([
        { request: { query: MentorEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: { __typename: 'PlanEvent', seq: '9' } } }, delay: 1_000 },
        // The feed picked up again after that event: quiet.
        { ...quietMentorEvents(), request: { query: MentorEventsSubscription, variables: { afterSeq: '9' } } },
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([earlierTask])] } } },
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [] } } },
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [next] } } },
      ]);
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      fireEvent.change(titleField(card), { target: { value: 'Fulgte Eva til kantinen' } });
      await passes(1_000);
      expect(await within(card).findByText(grantEndedOnCard('Eva Jensen'))).toBeTruthy();
      expect(within(card).getByText(MENTOR_GRANT_ENDED_NOTICE)).toBeTruthy();

      await passes(11 * 60_000);
      await waitFor(() => expect(within(card).getByText('Struktur i hverdagen, fortsat')).toBeTruthy());
      expect(screen.getAllByRole('article')).toEqual([card]);
      expect(within(card).queryByText(grantEndedOnCard('Eva Jensen'))).toBeNull();
      expect(titleField(card).value).toBe('Fulgte Eva til kantinen');
      expect(within(card).getByRole('button', { name: 'Log opgave' })).toBeTruthy();
    });
  });
});

describe('"Log opgave" on a page left open past midnight', () => {
  // 23:59:30 in Denmark (CET) on 20 November 2026, within Eva's grant.
  const beforeMidnight = '2026-11-20T22:59:30.000Z';
  const logInput = (date: string) => ({ grantId: 'g-eva', title: 'Fulgte Eva til kantinen', minutes: 30, date, outcome: '', note: '', nextStep: null });

  it('the date follows today: the day after, the form says and logs the new day', async () => {
    await withClock(beforeMidnight, async () => {
      renderWith([
        quietMentorEvents(),
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } }, maxUsageCount: 3 },
        { request: { query: LogMentorTaskMutation, variables: { input: logInput('2026-11-21') } }, result: { data: { logMentorTask: { ...task, date: '2026-11-21' } } } },
      ]);
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      expect(dateField(card).value).toBe('2026-11-20');
      await passes(80_000);
      expect(dateField(card).value).toBe('2026-11-21');
      expect(dateField(card).getAttribute('max')).toBe('2026-11-21');
      fireEvent.change(titleField(card), { target: { value: 'Fulgte Eva til kantinen' } });
      fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
      expect(await within(card).findByText('Opgaven »Fulgte Eva til kantinen« er logget.', { selector: '[role=status] span' })).toBeTruthy();
    });
  });

  it('a day the mentor picks stays as the date turns; once that task is logged, the date is today again and follows it', async () => {
    await withClock(beforeMidnight, async () => {
      renderWith([
        quietMentorEvents(),
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } }, maxUsageCount: 4 },
        { request: { query: LogMentorTaskMutation, variables: { input: logInput('2026-11-19') } }, result: { data: { logMentorTask: { ...task, date: '2026-11-19' } } } },
      ]);
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      fireEvent.change(dateField(card), { target: { value: '2026-11-19' } });
      await passes(80_000);
      expect(dateField(card).value).toBe('2026-11-19');

      fireEvent.change(titleField(card), { target: { value: 'Fulgte Eva til kantinen' } });
      fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
      expect(await within(card).findByText('Opgaven »Fulgte Eva til kantinen« er logget.', { selector: '[role=status] span' })).toBeTruthy();
      expect(dateField(card).value).toBe('2026-11-21');
      // And on to the next day, with nothing picked.
      await passes(24 * 3_600_000);
      expect(dateField(card).value).toBe('2026-11-22');
    });
  });
});

describe('"Næste opfølgningssamtale" on a page left open', () => {
  it.each([
    ['booked, gone when it has ended', { status: 'BOOKED', startsAt: '2026-11-20T09:30:00.000Z', endsAt: '2026-11-20T10:30:00.000Z', mode: 'PHONE' }, 91],
    ['agreed (no end), gone when its time has passed', { status: 'AGREED', startsAt: '2026-11-20T09:30:00.000Z', endsAt: null, mode: null }, 31],
  ])('%s', async (_, next, minutesOn) => {
    await withClock('2026-11-20T09:00:00.000Z', async () => {
      renderWith([
        quietMentorEvents(),
        { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [{ ...evaCase(), nextSamtale: { __typename: 'MentorNextSamtale', ...next } }] } } },
      ]);
      const card = await screen.findByRole('article', { name: 'Eva Jensen' });
      const words = () => within(card).getByText('Næste opfølgningssamtale:').parentElement!.textContent;
      expect(words()).toContain(formatDateTime('2026-11-20T09:30:00.000Z'));
      await passes(20 * 60_000);
      expect(words()).toContain(formatDateTime('2026-11-20T09:30:00.000Z'));
      await passes((minutesOn - 20) * 60_000);
      expect(words()).toBe('Næste opfølgningssamtale: Ingen kommende samtale er delt med dig');
    });
  });
});

describe('"Tid" of "Log opgave"', () => {
  const logInput = (minutes: number) => ({ grantId: 'g-eva', title: 'Arbejdsdag i kantinen', minutes, date: todayInDenmark(), outcome: '', note: '', nextStep: null });
  const logged = (minutes: number) => ({ ...task, id: `t-${minutes}`, title: 'Arbejdsdag i kantinen', minutes });

  it('offers quarter hours to an hour, then half hours up to 8 hours, and "Anden tid"; a whole working day is logged', async () => {
    renderWith([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput(480) } }, result: { data: { logMentorTask: logged(480) } } },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([logged(480)])] } } },
    ]);
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    const time = within(card).getByLabelText('Tid') as HTMLSelectElement;
    expect(time.value).toBe('30');
    expect(Array.from(time.options).map((o) => o.textContent)).toEqual([
      '15 min', '30 min', '45 min', '1 time', '1,5 timer', '2 timer', '2,5 timer', '3 timer', '3,5 timer', '4 timer', '4,5 timer',
      '5 timer', '5,5 timer', '6 timer', '6,5 timer', '7 timer', '7,5 timer', '8 timer', 'Anden tid …',
    ]);
    expect(within(card).queryByLabelText('Antal minutter')).toBeNull();
    fireEvent.change(titleField(card), { target: { value: 'Arbejdsdag i kantinen' } });
    fireEvent.change(time, { target: { value: '480' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await waitFor(() => expect(within(card).getByTestId('mentor-log').textContent).toContain('Arbejdsdag i kantinen (8 timer)'));
  });

  it('"Anden tid": whole minutes up to 24 hours, checked in Danish at the field before sending', async () => {
    const sent = jest.fn(() => ({ data: { logMentorTask: logged(600) } }));
    renderWith([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput(600) } }, result: sent },
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase([logged(600)])] } } },
    ]);
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(titleField(card), { target: { value: 'Arbejdsdag i kantinen' } });
    fireEvent.change(within(card).getByLabelText('Tid'), { target: { value: 'other' } });
    const other = within(card).getByLabelText('Antal minutter') as HTMLInputElement;
    const describedBy = () => (other.getAttribute('aria-describedby') ?? '').split(' ').map((i) => document.getElementById(i)?.textContent);
    expect(describedBy()).toEqual(['Fx 600 for 10 timer. Højst 24 timer (1440 minutter).']);
    expect(other.getAttribute('inputmode')).toBe('numeric');

    for (const [typed, problem] of [
      ['', 'Skriv, hvor mange minutter opgaven tog.'],
      ['2,5', 'Skriv tiden i hele minutter, fx 600 for 10 timer.'],
      ['0', 'Mindst 1 minut.'],
      ['1441', 'Højst 24 timer (1440 minutter).'],
    ]) {
      fireEvent.change(other, { target: { value: typed } });
      fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
      expect(other.getAttribute('aria-invalid')).toBe('true');
      expect(describedBy()).toEqual(['Fx 600 for 10 timer. Højst 24 timer (1440 minutter).', problem]);
      // The summary takes the focus; its link leads to the minutes typed.
      const summary = within(card).getByTestId('error-summary');
      expect(document.activeElement).toBe(summary);
      expect(within(summary).getByRole('link', { name: problem }).getAttribute('href')).toBe(`#${other.id}`);
    }
    expect(sent).not.toHaveBeenCalled();
    // Typing clears the problem; 10 hours goes as 600 minutes.
    fireEvent.change(other, { target: { value: '600' } });
    expect(other.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await waitFor(() => expect(within(card).getByTestId('mentor-log').textContent).toContain('Arbejdsdag i kantinen (10 timer)'));
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('the server’s refusal of the time sits at "Antal minutter", with what was typed kept', async () => {
    const tooLong = new CombinedGraphQLErrors({ errors: [{ message: 'Højst 24 timer (1440 minutter).', extensions: { code: 'BAD_USER_INPUT', field: 'minutes' } }] });
    renderWith([
      quietMentorEvents(),
      { request: { query: MentorCasesQuery }, result: { data: { myMentorCases: [evaCase()] } } },
      { request: { query: LogMentorTaskMutation, variables: { input: logInput(1000) } }, error: tooLong },
    ]);
    const card = await screen.findByRole('article', { name: 'Eva Jensen' });
    fireEvent.change(titleField(card), { target: { value: 'Arbejdsdag i kantinen' } });
    fireEvent.change(within(card).getByLabelText('Tid'), { target: { value: 'other' } });
    const other = within(card).getByLabelText('Antal minutter') as HTMLInputElement;
    fireEvent.change(other, { target: { value: '1000' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Log opgave' }));
    await waitFor(() => expect(other.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(other.getAttribute('aria-describedby')!.split(' ')[1])?.textContent).toBe('Højst 24 timer (1440 minutter).');
    expect(within(card).queryByText('Opgaven blev ikke logget')).toBeNull();
    expect(other.value).toBe('1000');
    expect(titleField(card).value).toBe('Arbejdsdag i kantinen');
  });
});
