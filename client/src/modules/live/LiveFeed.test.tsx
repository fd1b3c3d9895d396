import { ApolloClient, ApolloLink } from '@apollo/client';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { useQuery } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable, type Subscriber } from 'rxjs';
import { createCache } from '../../core/apollo';
import { LIVE_INTERRUPTED_TEXT } from '../../core/ui';
import { dropAndReconnect, renderLive } from '../../test-support/live';
import { perPlan, PLAN_ID } from '../../test-support/plan-page';
import { PlanPageQuery } from '../plan/PlanPage';
import { PlanEventsSubscription, PlanHistoryQuery } from './events';
import { LiveFeed, UnseenPill } from './LiveFeed';
import { MarkPlanSeenMutation, PlanLiveProvider, type ReadPosition } from './PlanLive';

// The first render of the plan's cache takes a while on a busy machine.
jest.setTimeout(15_000);

const PLAN = PLAN_ID;
const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const social = { __typename: 'Unit', id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' };
const job = { __typename: 'Unit', id: 'unit-job', kind: 'EMPLOYMENT', name: 'Jobcenter' };

/** A stored change to Bostøtte's hours, as the history lists it. */
function hoursChanged(seq: string, actor: typeof bent, unit: typeof social, before: string, after: string) {
  return {
    __typename: 'PlanEvent',
    seq,
    kind: 'INTERVENTION_UPDATED',
    planId: PLAN,
    entityType: 'INTERVENTION',
    entityId: 'iv-bostoette',
    at: '2026-11-23T09:41:00.000Z',
    summary: 'Bent Sørensen (Socialforvaltningen) opdaterede Bostøtte',
    actor,
    unit,
    title: 'Bostøtte',
    changes: [{ __typename: 'FieldChange', field: 'hoursPerWeek', label: 'Timer om ugen', before, after }],
    overwrote: [],
    record: { __typename: 'SocialIntervention' },
  };
}

/**
 * A change as the history lists it to a coordinator, with the summary, title, changes and record
 * the server sends (server: sub-goal.service.ts, activity.service.ts, job-facilitator.service.ts;
 * the consent cut in consent-cut.ts).
 */
function told(seq: string, kind: string, entityType: string, who: [typeof anna, typeof job | typeof social], title: string, summary: string, record: Record<string, unknown>, changes: Array<{ field: string; label: string; before: string | null; after: string | null }> = []) {
  return {
    __typename: 'PlanEvent', seq, kind, planId: PLAN, entityType, entityId: `e-${seq}`, at: '2026-12-07T07:52:00.000Z', summary, actor: who[0], unit: who[1], title,
    changes: changes.map((c) => ({ __typename: 'FieldChange', ...c })), overwrote: [], record,
  };
}

function historyMock(before: string | null, items: unknown[], olderCursor: string | null): MockLink.MockedResponse {
  return {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN, recordId: null, first: 20, before } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items, olderCursor } } },
  };
}

const quietEvents: MockLink.MockedResponse = {
  request: { query: PlanEventsSubscription, variables: { planId: PLAN, afterSeq: null } },
  result: { data: null },
  delay: Infinity,
};

/** The feed as the plan page wires it: the read position comes from the plan in the cache; above it, what the page puts there. */
function FeedOnPlan({ above }: { above?: ReactNode }) {
  const plan = useQuery(PlanPageQuery, { variables: { id: PLAN } }).data?.plan;
  const readPosition = plan ? { lastSeenSeq: plan.lastSeenSeq ?? null, unseenChangeCount: plan.unseenChangeCount } : null;
  return (
    <PlanLiveProvider planId={PLAN} viewerId="u-anna" readPosition={readPosition} liveFrom={null} refetchQuery={PlanPageQuery}>
      {above}
      <LiveFeed />
    </PlanLiveProvider>
  );
}

function planCache(readPosition: ReadPosition) {
  const cache = createCache();
  cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN }, data: { plan: perPlan(readPosition as never) } as never });
  return cache;
}

function renderFeed(readPosition: ReadPosition, mocks: MockLink.MockedResponse[]) {
  return render(
    <MockedProvider mocks={[quietEvents, ...mocks]} cache={planCache(readPosition)}>
      <FeedOnPlan />
    </MockedProvider>,
  );
}

const summaries = () => screen.getAllByTestId('feed-item').map((li) => li.querySelector('.feed-summary')?.textContent);

const END_DATE_MOVED = 'Bent Sørensen (Socialforvaltningen) ændrede forløbets slutdato til 2027-06-30';

/** A live change to the plan's programme, by Bent, as the stream brings it. */
function programmeEvent(seq: string, kind: string, summary: string) {
  const programme = perPlan({ lastSeenSeq: null, unseenChangeCount: 0 } as never).programme;
  return {
    __typename: 'PlanEvent', seq, kind, planId: PLAN, entityType: 'PROGRAMME', entityId: programme.id, at: '2026-11-23T09:42:00.000Z',
    summary, actor: bent, unit: social, title: null, changes: [], overwrote: [],
    record: programme, asActivity: programme, asIntervention: programme, asSubGoal: programme, asPlan: programme, asProgramme: programme, asFollowUp: programme, asMentorTask: programme, asDescriptionSection: programme,
  };
}

/**
 * "Registrér fremmøde" for a samtale held, by Bent, as the stream brings it: the held samtale's
 * event and the booking's, written in one transaction (one moment), the held samtale's first.
 */
function samtaleRegisteredAsHeld(seq: number) {
  const at = '2026-11-23T09:45:00.000Z';
  const noRecords = { asActivity: null, asIntervention: null, asSubGoal: null, asPlan: null, asProgramme: null, asFollowUp: null, asMentorTask: null, asDescriptionSection: null };
  const event = (kind: string, entityType: string, entityId: string, summary: string, typename: string, n: number) => ({
    __typename: 'PlanEvent', seq: String(n), kind, planId: PLAN, entityType, entityId, at, summary, actor: bent, unit: social,
    title: null, changes: [], overwrote: [], record: { __typename: typename }, ...noRecords,
  });
  return [
    event('FOLLOW_UP_RECORDED', 'FOLLOW_UP', 'fu-held', `${HELD_SAMTALE}; næste samtale 7. april 2027 kl. 10.00`, 'FollowUpMeeting', seq),
    event('MEETING_ATTENDANCE_RECORDED', 'MEETING', 'bm-booked', SAMTALE_HELD, 'BookedMeeting', seq + 1),
  ];
}
const HELD_SAMTALE = 'Bent Sørensen (Socialforvaltningen) registrerede en opfølgningssamtale';
const SAMTALE_HELD = 'Bent Sørensen (Socialforvaltningen) registrerede samtalen 3. marts 2027 kl. 10.00 som holdt; næste samtale 7. april 2027 kl. 10.00';

/** The feed on the plan, with Bent's stored change to Bostøtte, and the plan's live events as the test pushes them. */
async function renderWithStream(readPosition: ReadPosition, above?: ReactNode) {
  let stream: Subscriber<unknown> | undefined;
  const mocks = new MockLink([historyMock(null, [hoursChanged('12', bent, social, '3', '4')], null)]);
  // Everything but the plan's events is answered by the mocks.
  const link = new ApolloLink((operation, forward) =>
    operation.operationName === 'PlanEvents' ? new Observable((observer) => void (stream = observer)) : forward(operation),
  ).concat(mocks);
  const client = new ApolloClient({ cache: planCache(readPosition), link });
  renderLive(client, <FeedOnPlan above={above} />);
  await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4');
  await waitFor(() => expect(stream).toBeDefined());
  return { push: (...events: unknown[]) => act(() => events.forEach((event) => stream!.next({ data: { planEvents: event } }))) };
}

describe('Seneste ændringer', () => {
  it('reads the history when the page opens, marks others’ changes after my read position "Ny", and reads older ones on demand', async () => {
    renderFeed({ lastSeenSeq: '11', unseenChangeCount: 1 }, [
      historyMock(null, [hoursChanged('12', bent, social, '3', '4'), hoursChanged('11', bent, social, '2', '3'), hoursChanged('10', anna, job, '1', '2')], 'c-10'),
      historyMock('c-10', [hoursChanged('9', bent, social, '0', '1')], null),
    ]);
    await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4');
    expect(summaries()).toEqual([
      'Ny Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4',
      'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 2 → 3',
      'Anna Holm (Jobcenter) ændrede Bostøtte: Timer om ugen 1 → 2',
    ]);
    expect(screen.getByTestId('unseen-summary').querySelector('p')?.textContent).toBe('Ny 1 ændring siden dit sidste besøg');

    fireEvent.click(screen.getByRole('button', { name: 'Vis ældre ændringer' }));
    await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 0 → 1');
    expect(summaries()).toHaveLength(4);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Vis ældre ændringer' })).toBeNull());
  });

  it('with no changes yet, says that the plan’s changes show here as they are saved, the reader’s own too', async () => {
    renderFeed({ lastSeenSeq: null, unseenChangeCount: 0 }, [historyMock(null, [], null)]);
    expect(await screen.findByText('Ændringer i planen vises her, så snart de er gemt – også dine egne.', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByText(/andre enheder/)).toBeNull();
  });

  it('tells a new delmål, a new activity and the personal jobformidler in the server’s words, the delmål cut short and a withheld title never named', async () => {
    const dorte = { __typename: 'User', id: 'u-dorte', name: 'Dorte Madsen' };
    const goal = 'Eva vil gerne kunne møde på arbejdspladsen tre dage om ugen uden at melde sig syg, også i de uger, hvor angsten fylder meget, og hun vil selv kunne sige til, når opgaverne bliver for mange, så hun ikke går ned igen som sidst, da hun arbejdede i Netto i Faaborg og måtte sygemelde sig efter et halvt år';
    const cut = 'Eva vil gerne kunne møde på arbejdspladsen tre dage om ugen uden at melde sig s…';
    const person = (before: string | null, after: string) => ({ field: 'user', label: 'Personlig jobformidler', before, after });
    renderFeed({ lastSeenSeq: '20', unseenChangeCount: 0 }, [
      historyMock(null, [
        told('16', 'JOB_FACILITATOR_CHANGED', 'JOB_FACILITATOR', [anna, job], 'den personlige jobformidler',
          'Anna Holm (Jobcenter) gjorde Dorte Madsen (Jobcenter) til borgerens personlige jobformidler fra 7. december 2026',
          { __typename: 'JobFacilitatorAssignment' }, [person('Anna Holm', 'Dorte Madsen')]),
        told('15', 'JOB_FACILITATOR_CHANGED', 'JOB_FACILITATOR', [anna, job], 'den personlige jobformidler',
          'Anna Holm (Jobcenter) gjorde sig selv til borgerens personlige jobformidler fra 7. december 2026',
          { __typename: 'JobFacilitatorAssignment' }, [person(null, 'Anna Holm'), { field: 'fromDate', label: 'Personlig jobformidler fra', before: null, after: '7. december 2026' }]),
        told('14', 'ACTIVITY_CREATED', 'ACTIVITY', [dorte, job], 'Møde med køkkenchefen om "faste opgaver"',
          'Dorte Madsen (Jobcenter) tilføjede aktiviteten »Møde med køkkenchefen om "faste opgaver"« i Virksomhedspraktik i kantinen',
          { __typename: 'Activity', status: 'PLANNED', version: 1 }),
        // Another unit's activity, its details withheld from the jobcenter: the server takes its title out of the summary.
        told('13', 'ACTIVITY_CREATED', 'ACTIVITY', [bent, social], 'Aktivitet',
          'Bent Sørensen (Socialforvaltningen) tilføjede aktiviteten »[detaljer tilbageholdt]« i Bostøtte',
          { __typename: 'Activity', status: 'PLANNED', version: 1 }),
        told('12', 'SUBGOAL_CREATED', 'SUB_GOAL', [anna, job], goal, `Anna Holm (Jobcenter) tilføjede delmålet »${goal}«`, { __typename: 'SubGoal' }),
        told('11', 'SUBGOAL_PROGRESS_RECORDED', 'SUB_GOAL_PROGRESS', [bent, social], 'progression på delmål',
          `Bent Sørensen (Socialforvaltningen) registrerede progression 3 af 5 på »${goal}«`, { __typename: 'SubGoalProgress', subGoalId: 'e-12' }),
      ], null),
    ]);
    await waitFor(() => expect(summaries()).toHaveLength(6));
    expect(summaries()).toEqual([
      'Anna Holm (Jobcenter) gjorde Dorte Madsen (Jobcenter) til borgerens personlige jobformidler fra 7. december 2026',
      'Anna Holm (Jobcenter) gjorde sig selv til borgerens personlige jobformidler fra 7. december 2026',
      'Dorte Madsen (Jobcenter) tilføjede aktiviteten »Møde med køkkenchefen om "faste opgaver"« i Virksomhedspraktik i kantinen',
      'Bent Sørensen (Socialforvaltningen) tilføjede aktiviteten »[detaljer tilbageholdt]« i Bostøtte',
      `Anna Holm (Jobcenter) tilføjede delmålet »${cut}«`,
      `Bent Sørensen (Socialforvaltningen) registrerede progression 3 af 5 på »${cut}«`,
    ]);
  });

  it('"Markér som set" moves my read position to the newest change, and the markers go', async () => {
    renderFeed({ lastSeenSeq: null, unseenChangeCount: 2 }, [
      historyMock(null, [hoursChanged('12', bent, social, '3', '4'), hoursChanged('11', bent, social, '2', '3')], null),
      {
        request: { query: MarkPlanSeenMutation, variables: { planId: PLAN, seq: '12' } },
        result: { data: { markPlanSeen: { __typename: 'Plan', id: PLAN, lastSeenSeq: '12', unseenChangeCount: 0 } } },
      },
    ]);
    await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4');
    expect(screen.getAllByText('Ny', { selector: '.feed-summary .new-marker' })).toHaveLength(2);
    const summary = screen.getByTestId('unseen-summary');
    const mark = within(summary).getByRole('button', { name: 'Markér som set' });
    mark.focus();
    fireEvent.click(mark);
    // The server's answer moves the plan's read position in the cache: the markers and the count go.
    await waitFor(() => expect(screen.queryByTestId('unseen-summary')).toBeNull());
    // The button went with them: the focus goes to the feed's heading, not the top of the page.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Seneste ændringer' }));
    expect(screen.queryAllByText('Ny', { selector: '.feed-summary .new-marker' })).toHaveLength(0);
    expect(summaries()).toHaveLength(2);
  });

  it('when the plan is taken from me while I have it open, says so and reads the plan again', async () => {
    const readAgain = jest.fn(() => ({ errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] }));
    const cache = createCache();
    cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN }, data: { plan: perPlan({ lastSeenSeq: null, unseenChangeCount: 0 } as never) } as never });
    render(
      <MockedProvider
        mocks={[
          { request: { query: PlanEventsSubscription, variables: { planId: PLAN, afterSeq: null } }, result: { errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] } as never },
          historyMock(null, [], null),
          { request: { query: PlanPageQuery, variables: { id: PLAN } }, result: readAgain as never },
        ]}
        cache={cache}
      >
        <FeedOnPlan />
      </MockedProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('Du har ikke længere adgang til planen, så den opdateres ikke mere.');
    await waitFor(() => expect(readAgain).toHaveBeenCalled());
  });

  it('when the server ends the stream for its own trouble (the database away), the badge says the page is not live, with no alert of the server’s words', async () => {
    const readPosition = { lastSeenSeq: null, unseenChangeCount: 0 };
    const ended = { errors: [{ message: 'Hændelserne kunne ikke sendes lige nu. Abonnér igen med afterSeq.', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DELIVERY_FAILED' } }] };
    const client = new ApolloClient({
      cache: planCache(readPosition),
      link: new MockLink([
        { request: { query: PlanEventsSubscription, variables: () => true }, result: ended as never, maxUsageCount: Number.POSITIVE_INFINITY },
        { request: { query: PlanPageQuery, variables: { id: PLAN } }, result: { data: { plan: perPlan(readPosition as never) } }, maxUsageCount: Number.POSITIVE_INFINITY },
        { ...historyMock(null, [], null), maxUsageCount: Number.POSITIVE_INFINITY },
      ]),
    });
    renderLive(client, <FeedOnPlan />);
    const badge = await screen.findByText(LIVE_INTERRUPTED_TEXT);
    expect(badge.getAttribute('data-live-state')).toBe('interrupted');
    expect(screen.queryByText('Opdateres live')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the warnings the rules work out again reach the page live but are no one\'s change in the list, as after a reload', async () => {
    const { push } = await renderWithStream({ lastSeenSeq: '12', unseenChangeCount: 0 });
    push(programmeEvent('13', 'WARNINGS_CHANGED', 'Advarsler på forløbet: 1 advarsel'), programmeEvent('14', 'PROGRAMME_UPDATED', END_DATE_MOVED));
    await waitFor(() => expect(summaries()).toContain(`Ny ${END_DATE_MOVED}`));
    expect(summaries()).toEqual([`Ny ${END_DATE_MOVED}`, 'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4']);
    expect(screen.queryByText(/Advarsler på forløbet/)).toBeNull();
  });

  it('a change by someone else puts "1 ny ændring" in the notice held at the bottom of the window, leading to the changes, and reads the change out politely', async () => {
    const { push } = await renderWithStream({ lastSeenSeq: '12', unseenChangeCount: 0 }, <UnseenPill />);
    expect(screen.queryByTestId('live-notice')).toBeNull();
    push(programmeEvent('14', 'PROGRAMME_UPDATED', END_DATE_MOVED));
    const notice = await screen.findByTestId('live-notice');
    // Where the browser cannot tell whether the top of the plan is in view, the notice is always held in view.
    expect(notice.className).toBe('live-notice is-floating');
    const link = within(notice).getByRole('link', { name: '1 ny ændring' });
    // As before: the link goes to the list of changes, where the new one is marked.
    expect(document.getElementById(link.getAttribute('href')!.slice(1))).toBe(screen.getByRole('heading', { name: 'Seneste ændringer' }));
    const announcement = screen.getByTestId('live-announcement');
    expect(announcement.getAttribute('aria-live')).toBe('polite');
    expect(announcement.textContent).toBe(END_DATE_MOVED);
  });

  it('a samtale registered as held is one line and one new change, though it comes as the held samtale\'s event and the booking\'s', async () => {
    const { push } = await renderWithStream({ lastSeenSeq: '12', unseenChangeCount: 0 }, <UnseenPill />);
    push(...samtaleRegisteredAsHeld(13));
    await waitFor(() => expect(summaries()).toContain(`Ny ${SAMTALE_HELD}`));
    expect(summaries()).toEqual([`Ny ${SAMTALE_HELD}`, 'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4']);
    expect(screen.queryByText(new RegExp(HELD_SAMTALE))).toBeNull();
    expect(within(screen.getByTestId('live-notice')).getByRole('link').textContent).toBe('1 ny ændring');
    expect(screen.getByTestId('unseen-summary').querySelector('p')?.textContent).toBe('Ny 1 ændring siden dit sidste besøg');
    expect(screen.getByTestId('live-announcement').textContent).toBe(SAMTALE_HELD);
  });

  it('the notice keeps its place at the top of the plan while that is in the window, and is held at the bottom once it is scrolled away', async () => {
    const observed: Array<{ target: Element; tell: IntersectionObserverCallback }> = [];
    const real = window.IntersectionObserver;
    window.IntersectionObserver = class {
      constructor(private tell: IntersectionObserverCallback) {}
      observe(target: Element) {
        observed.push({ target, tell: this.tell });
      }
      disconnect() {}
    } as unknown as typeof IntersectionObserver;
    try {
      const { push } = await renderWithStream({ lastSeenSeq: '12', unseenChangeCount: 0 }, <UnseenPill />);
      push(programmeEvent('14', 'PROGRAMME_UPDATED', END_DATE_MOVED));
      const notice = await screen.findByTestId('live-notice');
      const watch = observed.at(-1)!;
      expect(watch.target).toBe(notice);
      const inWindow = (isIntersecting: boolean) => act(() => watch.tell([{ isIntersecting, target: notice } as unknown as IntersectionObserverEntry], {} as IntersectionObserver));
      inWindow(true);
      expect(notice.className).toBe('live-notice');
      inWindow(false);
      expect(notice.className).toBe('live-notice is-floating');
      expect(within(notice).getByRole('link').textContent).toBe('1 ny ændring');
    } finally {
      window.IntersectionObserver = real;
    }
  });

  it('after a lost connection the older changes "Vis ældre" showed stay, and what came meanwhile is put in front', async () => {
    const readPosition = { lastSeenSeq: '13', unseenChangeCount: 0 };
    const client = new ApolloClient({
      cache: planCache(readPosition),
      link: new MockLink([
        { ...quietEvents, request: { query: PlanEventsSubscription, variables: () => true }, maxUsageCount: Number.POSITIVE_INFINITY },
        { request: { query: PlanPageQuery, variables: { id: PLAN } }, result: { data: { plan: perPlan(readPosition as never) } }, maxUsageCount: Number.POSITIVE_INFINITY },
        historyMock(null, [hoursChanged('12', bent, social, '3', '4'), hoursChanged('11', bent, social, '2', '3'), hoursChanged('10', anna, job, '1', '2')], 'c-10'),
        historyMock('c-10', [hoursChanged('9', bent, social, '0', '1')], null),
        // Read from the newest end when the connection is back: Anna changed the hours meanwhile.
        historyMock(null, [hoursChanged('13', anna, job, '4', '5'), hoursChanged('12', bent, social, '3', '4'), hoursChanged('11', bent, social, '2', '3')], 'c-11'),
      ]),
    });
    const { connection } = renderLive(client, <FeedOnPlan />);
    await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4');
    fireEvent.click(screen.getByRole('button', { name: 'Vis ældre ændringer' }));
    await screen.findByText('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 0 → 1');
    dropAndReconnect(connection, client);
    await screen.findByText('Anna Holm (Jobcenter) ændrede Bostøtte: Timer om ugen 4 → 5');
    expect(summaries()).toEqual([
      'Anna Holm (Jobcenter) ændrede Bostøtte: Timer om ugen 4 → 5',
      'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 3 → 4',
      'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 2 → 3',
      'Anna Holm (Jobcenter) ændrede Bostøtte: Timer om ugen 1 → 2',
      'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Timer om ugen 0 → 1',
    ]);
    // All of it is shown: nothing older to ask for.
    expect(screen.queryByRole('button', { name: 'Vis ældre ændringer' })).toBeNull();
  });
});
