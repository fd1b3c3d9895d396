import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable, type Subscriber } from 'rxjs';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime, formatWhen } from '../../core/format';
import { dropAndReconnect, renderLive } from '../../test-support/live';
import { CaseloadEventsSubscription } from '../live/events';
import { ViewerQuery } from '../org/viewer';
import { latestOf } from './caseload';
import { CaseloadPage, CaseloadQueryDoc, showMoreText } from './CaseloadPage';

const unit = (kind: string, name: string) => ({ __typename: 'Unit', id: `unit-${kind}`, kind, name });
const JOB = unit('EMPLOYMENT', 'Jobcenter');
const SOCIAL = unit('SOCIAL', 'Socialforvaltningen');
const HEALTH = unit('HEALTH', 'Sundhedsforvaltningen');
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm', unit: { __typename: 'Unit', id: 'unit-EMPLOYMENT', name: 'Jobcenter' } };

function plan(id: string, name: string, daysLeft: number, team: Array<typeof JOB>, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Plan',
    id,
    myStanding: 'COORDINATOR',
    unseenChangeCount: 0,
    updatedAt: '2026-11-01T10:00:00.000Z',
    latestChangeAt: '2026-11-01T10:00:00.000Z' as string | null,
    latestChangeBy: null as { __typename: string; id: string; name: string; role: string; unit: { __typename: string; id: string; name: string } | null } | null,
    updatedBy: anna,
    nextFollowUpAt: '2099-12-09T09:00:00.000Z' as string | null,
    nextFollowUpBooked: false,
    nextBookedMeeting: null as { __typename: 'BookedMeeting'; id: string; startsAt: string } | null,
    citizen: { __typename: 'Citizen', id: `c-${id}`, name },
    programme: { __typename: 'Programme', id: `pr-${id}`, type: 'RESSOURCEFORLOEB', daysLeft, endDate: '2028-04-23', status: 'ACTIVE', endReason: null as string | null, warningLevel: null, warnings: [] },
    team,
    coordinator: { __typename: 'CoordinatorAssignment', id: `ca-${id}`, user: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' } },
    coordinatorLeft: false,
    interventions: [],
    activities: [],
    ...extra,
  };
}

const per = plan('p-per', 'Per Hansen', 517, [JOB, SOCIAL], {
  // Bent's three changes since Anna last marked Per's plan seen.
  unseenChangeCount: 3,
  latestChangeAt: '2026-11-20T09:00:00.000Z',
  interventions: [
    {
      __typename: 'SocialIntervention',
      id: 'iv-bostoette',
      title: 'Bostøtte',
      updatedAt: '2026-11-20T09:00:00.000Z',
      unit: { __typename: 'Unit', id: 'unit-SOCIAL', name: 'Socialforvaltningen' },
      updatedBy: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
    },
  ],
});
// Eva's samtale agreed for 9 December was booked, and then moved to the 11th: her plan's latest change, after its own.
const eva = plan('p-eva', 'Eva Jensen', 608, [JOB, HEALTH], {
  nextBookedMeeting: { __typename: 'BookedMeeting', id: 'm-eva', startsAt: '2026-12-11T12:00:00.000Z' },
  latestChangeAt: '2026-11-25T08:00:00.000Z',
});
// Kim's agreed samtale went by with nothing recorded.
const kim = plan('p-kim', 'Kim Larsen', 40, [JOB, SOCIAL, HEALTH], { nextFollowUpAt: '2026-01-06T09:00:00.000Z' });
kim.programme = {
  ...kim.programme,
  warningLevel: 'WARNING',
  warnings: [
    { __typename: 'Warning', rule: 'NEXT_STEP_DECISION', severity: 'WARNING', message: 'Beslut, hvad der skal ske efter forløbet.', forReader: true },
    { __typename: 'Warning', rule: 'PLAN_PERIOD', severity: 'INFO', message: 'Planen skal dække mindst 6 måneder frem.', forReader: true },
  ],
} as unknown as typeof kim.programme;

type PlanData = ReturnType<typeof plan>;
const NO_FILTER = { search: null, unit: null, programmeType: null, warningLevel: null, status: 'ACTIVE' };

/** The server's answer to one page request (variables as the page sends them). */
function pageMock(
  items: PlanData[],
  { filter = {}, sort = 'NAME', after, totalCount = items.length, nextCursor = null, liveFrom = null, maxUsageCount = 5 }: { filter?: Record<string, unknown>; sort?: string; after?: string; totalCount?: number; nextCursor?: string | null; liveFrom?: string | null; maxUsageCount?: number } = {},
): MockLink.MockedResponse {
  return {
    request: { query: CaseloadQueryDoc, variables: { first: 25, filter: { ...NO_FILTER, ...filter }, sort, ...(after ? { after } : {}) } },
    result: { data: { caseload: { __typename: 'CaseloadPage', totalCount, nextCursor, liveFrom, items } } },
    maxUsageCount,
  };
}

const caseloadMock = pageMock([eva, kim, per]);

const viewerMock: MockLink.MockedResponse = {
  request: { query: ViewerQuery },
  result: {
    data: {
      me: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'CASEWORKER', unit: JOB, municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' } },
    },
  },
};

const quietEvents: MockLink.MockedResponse = {
  request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } },
  result: { data: null },
  delay: Infinity,
};

function renderPage(mocks: MockLink.MockedResponse[] = [caseloadMock, viewerMock, quietEvents]) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <CaseloadPage />
    </MockedProvider>,
  );
}

const names = () => screen.getAllByTestId('case').map((li) => within(li).getByRole('heading').textContent);

// The page keeps its choices in the address: each test starts from a bare one.
afterEach(() => window.history.replaceState(null, '', '/'));

/** Bent sets Per's Bostøtte active: the live event Mine sager receives. */
const bostoetteActive = {
  __typename: 'PlanEvent',
  seq: '42',
  kind: 'INTERVENTION_STATUS_CHANGED',
  planId: 'p-per',
  entityType: 'INTERVENTION',
  entityId: 'iv-bostoette',
  at: '2026-11-23T09:41:00.000Z',
  summary: 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv',
  actor: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
  unit: { __typename: 'Unit', id: 'unit-SOCIAL', kind: 'SOCIAL', name: 'Socialforvaltningen' },
  title: 'Bostøtte',
  changes: [{ __typename: 'FieldChange', field: 'status', label: 'Status', before: 'Planlagt', after: 'Aktiv' }],
  overwrote: [],
  record: { __typename: 'SocialIntervention' },
};

describe('caseload rows (pure)', () => {
  it('the latest change is the newest of the plan and its items', () => {
    expect(
      latestOf([
        { item: { updatedAt: '2026-01-01T00:00:00Z', updatedBy: { name: 'Anna' } }, what: 'Planen' },
        { item: { updatedAt: '2026-02-01T00:00:00Z', updatedBy: { name: 'Bent' } }, what: 'Bostøtte', unit: 'Socialforvaltningen' },
      ]),
    ).toEqual({ at: '2026-02-01T00:00:00Z', what: 'Bostøtte', who: 'Bent', unit: 'Socialforvaltningen' });
    expect(latestOf([])).toBeNull();
  });

  it('the paging button says how many the next page brings and how many of the total are shown', () => {
    expect(showMoreText(25, 27)).toBe('Vis 2 mere (25 af 27 vist)');
    // One page at a time, not the whole rest.
    expect(showMoreText(25, 60)).toBe('Vis 25 mere (25 af 60 vist)');
    expect(showMoreText(50, 60)).toBe('Vis 10 mere (50 af 60 vist)');
    // A count behind the list (a next page, yet nothing left by the count): no number it cannot stand by.
    expect(showMoreText(25, 25)).toBe('Vis flere');
  });
});

describe('Mine sager', () => {
  it('lists my cases in the server’s order with programme type, days left and the latest change and who made it', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen', 'Per Hansen']);
    const perCase = screen.getAllByTestId('case')[2]!;
    expect(within(perCase).getByText('Ressourceforløb')).toBeTruthy();
    // Under the label "Tid tilbage": the days, not "517 dage tilbage".
    expect(within(perCase).getByText('517 dage')).toBeTruthy();
    expect(within(perCase).getByTestId('latest-change').textContent).toMatch(/^Bostøtte ændret af Bent Sørensen, Socialforvaltningen · /);
    // Something newer than the plan and its items (the samtale moved): the row says when, as "Senest ændret" sorts by it.
    expect(within(screen.getAllByTestId('case')[0]!).getByTestId('latest-change').textContent).toBe(`Planen ændret · ${formatWhen('2026-11-25T08:00:00.000Z')}`);
    expect(screen.getByTestId('result-count').textContent).toBe('3 sager');
    expect(screen.queryByRole('button', { name: /^Vis (flere|\d+ mere)/ })).toBeNull();
    // The next samtale: the booking where there is one (it may have been moved), else the time agreed.
    const next = (i: number) => within(screen.getAllByTestId('case')[i]!).getByText('Næste samtale').nextElementSibling!.textContent;
    expect(next(0)).toBe(`${formatDateTime('2026-12-11T12:00:00.000Z')} (booket)`);
    expect(next(1)).toBe(`${formatDateTime('2026-01-06T09:00:00.000Z')} (aftalt, ikke registreret)`);
    expect(next(2)).toBe(`${formatDateTime('2099-12-09T09:00:00.000Z')} (aftalt, ikke booket)`);
  });

  it('says who made a change newer than the plan and its items: the caseworker with her unit, the citizen on Min plan as "borgeren"', async () => {
    // Per wrote "Mine ønsker og mål" on Min plan after Bent's change; Anna moved Eva's samtale.
    const perWrote = { ...per, latestChangeAt: '2026-11-21T10:41:00.000Z', latestChangeBy: { __typename: 'User', id: 'u-per', name: 'Per Hansen', role: 'CITIZEN', unit: null } };
    const evaMoved = { ...eva, latestChangeBy: { ...anna, role: 'CASEWORKER' } };
    renderPage([pageMock([evaMoved, kim, perWrote]), viewerMock, quietEvents]);
    await screen.findByText('Per Hansen');
    const latest = (i: number) => within(screen.getAllByTestId('case')[i]!).getByTestId('latest-change').textContent;
    expect(latest(2)).toBe(`Planen ændret af borgeren · ${formatWhen('2026-11-21T10:41:00.000Z')}`);
    expect(latest(0)).toBe(`Planen ændret af Anna Holm, Jobcenter · ${formatWhen('2026-11-25T08:00:00.000Z')}`);
  });

  it('"Vis flere" fetches the next page from the server and appends it', async () => {
    renderPage([pageMock([eva, kim], { totalCount: 3, nextCursor: 'c-2' }), pageMock([per], { after: 'c-2', totalCount: 3 }), viewerMock, quietEvents]);
    await screen.findByText('Kim Larsen');
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen']);
    expect(screen.getByTestId('result-count').textContent).toBe('Viser 2 af 3 sager');
    fireEvent.click(screen.getByRole('button', { name: 'Vis 1 mere (2 af 3 vist)' }));
    await screen.findByText('Per Hansen');
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen', 'Per Hansen']);
    expect(screen.getByTestId('result-count').textContent).toBe('3 sager');
    expect(screen.queryByRole('button', { name: /^Vis (flere|\d+ mere)/ })).toBeNull();
  });

  it('"Vis flere" shows a case once when it comes again on the next page (it moved past the cursor since)', async () => {
    renderPage([pageMock([eva, kim], { totalCount: 3, nextCursor: 'c-2' }), pageMock([kim, per], { after: 'c-2', totalCount: 3 }), viewerMock, quietEvents]);
    await screen.findByText('Kim Larsen');
    fireEvent.click(screen.getByRole('button', { name: 'Vis 1 mere (2 af 3 vist)' }));
    await screen.findByText('Per Hansen');
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen', 'Per Hansen']);
  });

  it('searches, filters and sorts on the server, announcing the count', async () => {
    renderPage([
      caseloadMock,
      pageMock([kim, per], { filter: { unit: 'SOCIAL' } }),
      pageMock([per], { filter: { unit: 'SOCIAL', search: 'per' } }),
      pageMock([], { filter: { unit: 'SOCIAL', search: 'nogen andre' } }),
      pageMock([kim, per], { filter: { programmeType: 'RESSOURCEFORLOEB' } }),
      pageMock([kim], { filter: { programmeType: 'RESSOURCEFORLOEB', warningLevel: 'WARNING' } }),
      pageMock([kim, eva, per], { filter: { programmeType: 'RESSOURCEFORLOEB', warningLevel: 'WARNING' }, sort: 'WARNING_LEVEL' }),
      viewerMock,
      quietEvents,
    ]);
    await screen.findByText('Per Hansen');
    // The server filters by the kind of unit on the team, not by one unit: named as the area, beside cards that name units ("Jobcenter").
    const area = screen.getByLabelText('Forvaltningsområde på teamet');
    expect(Array.from((area as HTMLSelectElement).options).map((o) => o.textContent)).toEqual(['Alle forvaltningsområder', 'Beskæftigelse', 'Social', 'Sundhed']);
    fireEvent.change(area, { target: { value: 'SOCIAL' } });
    await waitFor(() => expect(names()).toEqual(['Kim Larsen', 'Per Hansen']));
    expect(screen.getByTestId('result-count').textContent).toBe('2 sager');
    expect(screen.getByTestId('result-count').getAttribute('role')).toBe('status');
    fireEvent.change(screen.getByLabelText('Søg efter borger'), { target: { value: 'per ' } });
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    fireEvent.change(screen.getByLabelText('Søg efter borger'), { target: { value: 'nogen andre' } });
    await screen.findByText('Ingen sager passer til søgningen og filtrene.');
    fireEvent.change(screen.getByLabelText('Søg efter borger'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Forvaltningsområde på teamet'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Forløbstype'), { target: { value: 'RESSOURCEFORLOEB' } });
    fireEvent.change(screen.getByLabelText('Advarsler'), { target: { value: 'WARNING' } });
    await waitFor(() => expect(names()).toEqual(['Kim Larsen']));
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'WARNING_LEVEL' } });
    await waitFor(() => expect(names()).toEqual(['Kim Larsen', 'Eva Jensen', 'Per Hansen']));
    expect(Array.from((screen.getByLabelText('Sortér efter') as HTMLSelectElement).options).map((o) => o.text)).toEqual(['Navn', 'Næste samtale', 'Advarsler først', 'Senest ændret']);
  });

  it('shows running forløb by default; "Afsluttede" shows the ended ones, with their last day and reason instead of the days left', async () => {
    const ended = plan('p-old', 'Per Hansen', 0, [JOB], {});
    ended.programme = { ...ended.programme, status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24' };
    renderPage([caseloadMock, pageMock([ended], { filter: { status: 'ENDED' } }), pageMock([eva, ended, kim, per], { filter: { status: null } }), viewerMock, quietEvents]);
    await screen.findByText('Per Hansen');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('ACTIVE');
    expect(Array.from((screen.getByLabelText('Status') as HTMLSelectElement).options).map((o) => o.text)).toEqual(['Igangværende', 'Afsluttede', 'Alle']);
    expect(screen.queryByTestId('case-ended')).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'ENDED' } });
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    expect(screen.getByTestId('case-ended').textContent).toBe('24. november 2026 (Beskæftigelse)');
    expect(screen.queryByText('Tid tilbage')).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    await waitFor(() => expect(names()).toEqual(['Eva Jensen', 'Per Hansen', 'Kim Larsen', 'Per Hansen']));
    expect(screen.getAllByTestId('case-ended')).toHaveLength(1);
  });

  it('an empty result names what emptied it: the search, the filters, or both', async () => {
    renderPage([
      caseloadMock,
      pageMock([], { filter: { warningLevel: 'INFO' } }),
      pageMock([], { filter: { warningLevel: 'INFO', search: 'nogen' } }),
      pageMock([], { filter: { search: 'nogen' } }),
      viewerMock,
      quietEvents,
    ]);
    await screen.findByText('Per Hansen');
    fireEvent.change(screen.getByLabelText('Advarsler'), { target: { value: 'INFO' } });
    await screen.findByText('Ingen sager passer til filtrene.');
    expect(screen.queryByText(/søgningen/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Søg efter borger'), { target: { value: 'nogen' } });
    await screen.findByText('Ingen sager passer til søgningen og filtrene.');
    fireEvent.change(screen.getByLabelText('Advarsler'), { target: { value: '' } });
    await screen.findByText('Ingen sager passer til søgningen.');
  });

  it('says so when there are no cases at all', async () => {
    renderPage([pageMock([]), viewerMock, quietEvents]);
    await screen.findByText('Du har ingen igangværende forløb. Afsluttede forløb finder du under Status: Afsluttede.');
    expect(screen.getByTestId('result-count').textContent).toBe('0 sager');
  });

  it('shows the most serious warning from the rules on the case', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    const warnings = screen.getAllByTestId('case-warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.textContent).toBe('Handl nu Beslut, hvad der skal ske efter forløbet. (+1 flere)');
  });

  it('does not tell a reader who cannot act on a warning to act on it: the message says who does', async () => {
    // Carla (health) on the team of Kim's plan: the decision on what follows is employment's.
    const carlasKim = {
      ...kim,
      programme: {
        ...kim.programme,
        warnings: [{ __typename: 'Warning', rule: 'NEXT_STEP_DECISION', severity: 'WARNING', message: 'En sagsbehandler fra beskæftigelse vurderer resultatet og træffer beslutning om indsatsen bagefter.', forReader: false }],
      },
    } as unknown as PlanData;
    renderPage([pageMock([carlasKim]), viewerMock, quietEvents]);
    const warning = await screen.findByTestId('case-warning');
    expect(warning.textContent).toBe('Kræver handling En sagsbehandler fra beskæftigelse vurderer resultatet og træffer beslutning om indsatsen bagefter.');
  });

  it('says when a case’s coordinator has left, so the team knows someone must take over', async () => {
    // Bent's view: Anna, the coordinator of Per's and Kim's forløb, was deactivated; Eva's is Bent's own.
    const asTeam = (p: PlanData, left: boolean) => ({ ...p, myStanding: 'TEAM', coordinatorLeft: left });
    renderPage([pageMock([{ ...eva, myStanding: 'COORDINATOR' }, asTeam(kim, true), asTeam(per, false)]), viewerMock, quietEvents]);
    await screen.findByText('Per Hansen');
    const coordinator = (i: number) => within(screen.getAllByTestId('case')[i]!).getByText('Koordinator').nextElementSibling!.textContent;
    expect(coordinator(0)).toBe('Dig');
    expect(coordinator(1)).toBe('Anna Holm (uden adgang – kan overtages)');
    expect(coordinator(2)).toBe('Anna Holm');
  });

  it('shows how many changes by others are new to me on each plan, and nothing where there are none', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    const counts = screen.getAllByTestId('unseen-count');
    expect(counts).toHaveLength(1);
    expect(counts[0]!.closest('li')?.querySelector('h2')?.textContent).toBe('Per Hansen');
    expect(counts[0]!.textContent).toBe('3 nye ændringer siden dit sidste besøg');
  });

  it('shows a live change as the latest, in words, highlighted with the person, unit and time', async () => {
    const event = bostoetteActive;
    renderPage([caseloadMock, viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: event } }, delay: 50 }]);
    await screen.findByText('Per Hansen');
    const flag = await screen.findByTestId('changed-flag');
    // With its day (and the year, once it is another year): a change seen late is not "today".
    expect(flag.textContent).toMatch(/^Ændret af Bent Sørensen \(Socialforvaltningen\) · 23\. nov\.( 2026)? kl\. 10\.41$/);
    const perCase = flag.closest('li')!;
    expect(within(perCase as HTMLElement).getByRole('heading').textContent).toBe('Per Hansen');
    expect(perCase.className).toContain('is-changed');
    const sentence = 'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Status Planlagt → Aktiv';
    expect(within(perCase as HTMLElement).getByTestId('latest-change').textContent?.startsWith(`${sentence} · `)).toBe(true);
    // Announced politely for screen readers, with whose case it is.
    expect(screen.getByText(`Per Hansen: ${sentence}`, { selector: '[aria-live]' })).toBeTruthy();
    await act(async () => {
      await new Promise((r) => setTimeout(r, 500));
    });
  });

  it('my own change (made in a plan in another tab) is the latest on the row, but neither flagged nor read out', async () => {
    const mine = { ...bostoetteActive, actor: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' }, unit: JOB };
    renderPage([caseloadMock, viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: mine } }, delay: 50 }]);
    const sentence = 'Anna Holm (Jobcenter) ændrede Bostøtte: Status Planlagt → Aktiv';
    await waitFor(() => expect(screen.getAllByTestId('latest-change').some((p) => p.textContent?.startsWith(`${sentence} · `))).toBe(true));
    expect(screen.queryByTestId('changed-flag')).toBeNull();
    expect(screen.queryByText(/ændrede/, { selector: '[aria-live]' })).toBeNull();
  });

  it('does not read out a change to a case that is not on the page (hidden by a search or a filter, or not fetched)', async () => {
    const elsewhere = { ...bostoetteActive, planId: 'p-not-shown' };
    renderPage([caseloadMock, viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: elsewhere } }, delay: 50 }]);
    await screen.findByText('Per Hansen');
    // The list is read again for the change (its order may move): wait until that has been asked, then listen.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(screen.queryByText(/ændrede/, { selector: '[aria-live]' })).toBeNull();
  });

  it('goes on from where the list was read to: a change made before the stream was there still shows', async () => {
    // Only a stream asked to go on after 41 brings the change; one from "now" would not.
    renderPage([pageMock([eva, kim, per], { liveFrom: '41' }), viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: '41' } }, result: { data: { caseloadEvents: bostoetteActive } }, delay: 50 }]);
    await screen.findByText('Per Hansen');
    expect((await screen.findByTestId('changed-flag')).closest('li')?.querySelector('h2')?.textContent).toBe('Per Hansen');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 500));
    });
  });

  it('on a return to the page, goes on from where the server read the list to, not from the copy kept since the last visit', async () => {
    // The list as read on the last visit, up to 10; the server reads it now up to 41. A stream from
    // 10 would bring every change since the last visit again, each flagged and read out as new.
    const cache = createCache();
    cache.writeQuery({
      query: CaseloadQueryDoc,
      variables: { first: 25, filter: NO_FILTER as never, sort: 'NAME' as never },
      data: { caseload: { __typename: 'CaseloadPage', totalCount: 3, nextCursor: null, liveFrom: '10', items: [eva, kim, per] } } as never,
    });
    const mocks = [{ ...pageMock([eva, kim, per], { liveFrom: '41' }), delay: 30 }, viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: '41' } }, result: { data: { caseloadEvents: bostoetteActive } }, delay: 50 }];
    // As the app reads: what is kept shows at once, and the server is asked too (core/apollo.tsx).
    render(
      <MockedProvider mocks={mocks} cache={cache} defaultOptions={{ watchQuery: { fetchPolicy: 'cache-and-network' } }}>
        <CaseloadPage />
      </MockedProvider>,
    );
    expect((await screen.findByTestId('changed-flag')).closest('li')?.querySelector('h2')?.textContent).toBe('Per Hansen');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 500));
    });
  });

  it('WARNINGS_CHANGED fetches the new warnings and reorders, without marking the case as changed by someone', async () => {
    const evaOverdue = {
      ...eva,
      programme: {
        ...eva.programme,
        warningLevel: 'OVERDUE',
        warnings: [{ __typename: 'Warning', rule: 'NEXT_MEETING', severity: 'OVERDUE', message: 'Book den næste opfølgningssamtale.', forReader: true }],
      },
    };
    const event = {
      __typename: 'PlanEvent',
      seq: '43',
      kind: 'WARNINGS_CHANGED',
      planId: 'p-eva',
      entityType: 'PROGRAMME',
      entityId: 'pr-p-eva',
      at: '2026-11-23T05:00:00.000Z',
      summary: 'Advarsler på forløbet: 1 advarsel, heraf 1 overskredet',
      actor: null,
      unit: null,
      title: null,
      changes: [],
      overwrote: [],
      record: { __typename: 'Programme' },
    };
    renderPage([
      caseloadMock,
      pageMock([kim, per, eva], { sort: 'WARNING_LEVEL', maxUsageCount: 1 }),
      pageMock([evaOverdue as unknown as PlanData, kim, per], { sort: 'WARNING_LEVEL' }),
      viewerMock,
      { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: event } }, delay: 50 },
    ]);
    await screen.findByText('Per Hansen');
    expect(screen.getAllByTestId('case-warning')).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'WARNING_LEVEL' } });
    await waitFor(() => expect(names()[0]).toBe('Kim Larsen'));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 600));
    });
    expect(screen.getAllByTestId('case-warning')).toHaveLength(2);
    expect(names()[0]).toBe('Eva Jensen');
    expect(screen.queryByTestId('changed-flag')).toBeNull();
  });

  it('says so in Danish when the list cannot be fetched', async () => {
    renderPage([{ request: { query: CaseloadQueryDoc, variables: { first: 25, filter: NO_FILTER, sort: 'NAME' } }, error: new TypeError('Failed to fetch') }, viewerMock, quietEvents]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dine sager kunne ikke vises');
    expect(alert.textContent).toContain('Ingen forbindelse til Samplan.');
    expect(within(alert).getByRole('button', { name: 'Prøv igen' })).toBeTruthy();
  });
});

const selected = (label: string) => (screen.getByLabelText(label) as HTMLSelectElement).selectedOptions[0]!.text;

describe('Mine sager keeps its choices in the address', () => {
  const ole = plan('p-ole', 'Ole Hansen', 300, [JOB, HEALTH]);
  const chosen = { filter: { unit: 'HEALTH', search: 'Hansen' }, sort: 'WARNING_LEVEL' };

  it('Back from a plan shows the list as it was left: the search, the filter and the order', async () => {
    window.history.replaceState(null, '', '/mine-sager');
    const entries = window.history.length;
    const { unmount } = renderPage([
      caseloadMock,
      pageMock([eva, kim, ole], { filter: { unit: 'HEALTH' } }),
      pageMock([kim, eva, ole], { filter: { unit: 'HEALTH' }, sort: 'WARNING_LEVEL' }),
      pageMock([ole], chosen),
      viewerMock,
      quietEvents,
    ]);
    await screen.findByText('Per Hansen');
    fireEvent.change(screen.getByLabelText('Forvaltningsområde på teamet'), { target: { value: 'HEALTH' } });
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'WARNING_LEVEL' } });
    fireEvent.change(screen.getByLabelText('Søg efter borger'), { target: { value: 'Hansen' } });
    await waitFor(() => expect(names()).toEqual(['Ole Hansen']));
    expect(window.location.pathname).toBe('/mine-sager');
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({ soeg: 'Hansen', forvaltning: 'sundhed', sortering: 'advarsler-foerst' });
    // Typing and picking replace the address: Back is not a way through every letter typed.
    expect(window.history.length).toBe(entries);

    // Open the case, then Back: the app shows Mine sager anew, from the address.
    fireEvent.click(screen.getByRole('link', { name: 'Ole Hansen' }));
    expect(window.location.pathname).toBe('/plan/p-ole');
    unmount();
    const back = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    window.history.back();
    await back;
    renderPage([pageMock([ole], chosen), viewerMock, quietEvents]);
    await waitFor(() => expect(names()).toEqual(['Ole Hansen']));
    expect((screen.getByLabelText('Søg efter borger') as HTMLInputElement).value).toBe('Hansen');
    expect(selected('Forvaltningsområde på teamet')).toBe('Sundhed');
    expect(selected('Sortér efter')).toBe('Advarsler først');
    expect(selected('Status')).toBe('Igangværende');
  });

  it('reads the choices from the address on a reload, and shows the default where a value is unknown', async () => {
    window.history.replaceState(null, '', '/mine-sager?soeg=Per&status=afsluttede&forvaltning=kommunen&forloebstype=ressourceforloeb&advarsler=KOMMUNEN&sortering=tilfaeldig');
    const ended = plan('p-old', 'Per Hansen', 0, [JOB], {});
    ended.programme = { ...ended.programme, status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24' };
    renderPage([
      pageMock([ended], { filter: { search: 'Per', status: 'ENDED', programmeType: 'RESSOURCEFORLOEB' } }),
      pageMock([ended, per], { filter: { search: 'Per', status: null, programmeType: 'RESSOURCEFORLOEB' } }),
      viewerMock,
      quietEvents,
    ]);
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    expect(screen.getByTestId('case-ended')).toBeTruthy();
    expect((screen.getByLabelText('Søg efter borger') as HTMLInputElement).value).toBe('Per');
    expect(selected('Status')).toBe('Afsluttede');
    expect(selected('Forløbstype')).toBe('Ressourceforløb');
    expect(selected('Forvaltningsområde på teamet')).toBe('Alle forvaltningsområder');
    expect(selected('Advarsler')).toBe('Alle sager');
    expect(selected('Sortér efter')).toBe('Navn');
    // The unknown values are gone from the address.
    expect(window.location.search).toBe('?soeg=Per&status=afsluttede&forloebstype=ressourceforloeb');
    // "Alle" has a word of its own: no status in the address is Igangværende.
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    await waitFor(() => expect(names()).toEqual(['Per Hansen', 'Per Hansen']));
    expect(new URLSearchParams(window.location.search).get('status')).toBe('alle');
  });

  it('writes each choice as its Danish word, as a caseworker reads a copied link', async () => {
    window.history.replaceState(null, '', '/mine-sager');
    const ended = plan('p-old', 'Per Hansen', 0, [JOB], {});
    ended.programme = { ...ended.programme, status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24' };
    const all = { status: null, warningLevel: 'OVERDUE', programmeType: 'JOBAFKLARINGSFORLOEB', unit: 'EMPLOYMENT' };
    renderPage([
      caseloadMock,
      pageMock([eva, ended, kim, per], { filter: { status: null } }),
      pageMock([kim, per], { filter: { status: null, warningLevel: 'OVERDUE' } }),
      pageMock([kim], { filter: { status: null, warningLevel: 'OVERDUE', programmeType: 'JOBAFKLARINGSFORLOEB' } }),
      pageMock([per], { filter: all }),
      pageMock([eva], { filter: all, sort: 'NEXT_MEETING' }),
      viewerMock,
      quietEvents,
    ]);
    await screen.findByText('Per Hansen');
    expect(window.location.search).toBe('');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    await waitFor(() => expect(names()).toEqual(['Eva Jensen', 'Per Hansen', 'Kim Larsen', 'Per Hansen']));
    fireEvent.change(screen.getByLabelText('Advarsler'), { target: { value: 'OVERDUE' } });
    await waitFor(() => expect(names()).toEqual(['Kim Larsen', 'Per Hansen']));
    fireEvent.change(screen.getByLabelText('Forløbstype'), { target: { value: 'JOBAFKLARINGSFORLOEB' } });
    await waitFor(() => expect(names()).toEqual(['Kim Larsen']));
    fireEvent.change(screen.getByLabelText('Forvaltningsområde på teamet'), { target: { value: 'EMPLOYMENT' } });
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'NEXT_MEETING' } });
    await waitFor(() => expect(names()).toEqual(['Eva Jensen']));
    expect(window.location.search).toBe('?status=alle&advarsler=overskredne&forloebstype=jobafklaringsforloeb&forvaltning=beskaeftigelse&sortering=naeste-samtale');
  });

  it('opens a link with the Danish words with its choices set', async () => {
    const link = '?soeg=Per&status=alle&forvaltning=social&forloebstype=helhedsorienteret&advarsler=handl-nu&sortering=senest-aendret';
    window.history.replaceState(null, '', `/mine-sager${link}`);
    renderPage([
      pageMock([per], { filter: { search: 'Per', status: null, unit: 'SOCIAL', programmeType: 'HELHEDSORIENTERET', warningLevel: 'WARNING' }, sort: 'LAST_CHANGE' }),
      viewerMock,
      quietEvents,
    ]);
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    expect((screen.getByLabelText('Søg efter borger') as HTMLInputElement).value).toBe('Per');
    expect(selected('Status')).toBe('Alle');
    expect(selected('Forvaltningsområde på teamet')).toBe('Social');
    expect(selected('Forløbstype')).toBe('Helhedsorienteret forløb');
    expect(selected('Advarsler')).toBe('Handl nu eller overskredet');
    expect(selected('Sortér efter')).toBe('Senest ændret');
    expect(window.location.search).toBe(link);
  });

  it('still opens an old link with the schema\'s English values, and writes the Danish words in its place', async () => {
    window.history.replaceState(null, '', '/mine-sager?soeg=Per&status=ENDED&forvaltning=HEALTH&forloebstype=RESSOURCEFORLOEB&advarsler=INFO&sortering=WARNING_LEVEL');
    const ended = plan('p-old', 'Per Hansen', 0, [JOB, HEALTH], {});
    ended.programme = { ...ended.programme, status: 'ENDED', endReason: 'EMPLOYMENT', endDate: '2026-11-24' };
    renderPage([
      pageMock([ended], { filter: { search: 'Per', status: 'ENDED', unit: 'HEALTH', programmeType: 'RESSOURCEFORLOEB', warningLevel: 'INFO' }, sort: 'WARNING_LEVEL' }),
      viewerMock,
      quietEvents,
    ]);
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    expect(selected('Status')).toBe('Afsluttede');
    expect(selected('Forvaltningsområde på teamet')).toBe('Sundhed');
    expect(selected('Forløbstype')).toBe('Ressourceforløb');
    expect(selected('Advarsler')).toBe('Med advarsler');
    expect(selected('Sortér efter')).toBe('Advarsler først');
    expect(window.location.search).toBe('?soeg=Per&status=afsluttede&forvaltning=sundhed&forloebstype=ressourceforloeb&advarsler=med-advarsler&sortering=advarsler-foerst');
  });
});

/** Plans enough for pages: "Borger 01", "Borger 02", … in the server's order. */
const many = (from: number, to: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: to - from + 1 }, (_, i) => plan(`p-${from + i}`, `Borger ${String(from + i).padStart(2, '0')}`, 300, [JOB], extra));
const wait = (ms: number) => act(async () => void (await new Promise((r) => setTimeout(r, ms))));
/** The rules worked out Borger 01's warnings again: the event that makes Mine sager read its list again. */
const WARNINGS_OF_BORGER_01 = {
  __typename: 'PlanEvent', seq: '44', kind: 'WARNINGS_CHANGED', planId: 'p-1', entityType: 'PROGRAMME', entityId: 'pr-p-1', at: '2026-11-23T05:00:00.000Z',
  summary: 'Ingen advarsler på forløbet længere', actor: null, unit: null, title: null, changes: [], overwrote: [], record: { __typename: 'Programme' },
};
const liveEvent = (delay: number): MockLink.MockedResponse => ({
  request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } },
  result: { data: { caseloadEvents: WARNINGS_OF_BORGER_01 } },
  delay,
});

/**
 * Mine sager on mocks, with its live stream driven by the test: the event comes when the test
 * sends it, not after a delay that a busy machine may stretch past the clicks around it.
 */
function renderPageWithStream(mocks: MockLink.MockedResponse[]) {
  let stream: Subscriber<unknown> | undefined;
  const link = new ApolloLink((operation, forward) =>
    operation.operationName === 'CaseloadEvents' ? new Observable((observer) => void (stream = observer)) : forward(operation),
  ).concat(new MockLink(mocks));
  render(
    <ApolloProvider client={new ApolloClient({ link, cache: createCache() })}>
      <CaseloadPage />
    </ApolloProvider>,
  );
  return {
    async send(event: unknown) {
      await waitFor(() => expect(stream).toBeDefined());
      act(() => stream!.next({ data: { caseloadEvents: event } }));
    },
  };
}
/** One page request with its own size (the page sends first: 25 unless it reads the list again). */
function sizedMock(first: number, items: PlanData[], { after, totalCount, nextCursor = null, delay = 0, maxUsageCount = 1 }: { after?: string; totalCount: number; nextCursor?: string | null; delay?: number; maxUsageCount?: number }): MockLink.MockedResponse {
  return { ...pageMock(items, { after, totalCount, nextCursor, maxUsageCount }), request: { query: CaseloadQueryDoc, variables: { first, filter: NO_FILTER, sort: 'NAME', ...(after ? { after } : {}) } }, delay };
}

describe('Mine sager, live while "Vis flere" fetches', () => {
  // The refreshed list shows its news as a count on Borger 01.
  const fresh = (plans: PlanData[]) => plans.map((p, i) => (i === 0 ? { ...p, unseenChangeCount: 1 } : p));

  it('a live refresh while "Vis flere" is under way waits for it, and reads all the rows shown again', async () => {
    const page = renderPageWithStream([
      sizedMock(25, many(1, 25), { totalCount: 30, nextCursor: 'c-25' }),
      // The page "Vis flere" asked for takes a while.
      sizedMock(25, many(26, 30), { after: 'c-25', totalCount: 30, delay: 500 }),
      // A refresh of the first page only, answered last, would drop the page just shown.
      sizedMock(25, fresh(many(1, 25)), { totalCount: 30, nextCursor: 'c-25', delay: 300 }),
      sizedMock(30, fresh(many(1, 30)), { totalCount: 30, delay: 300 }),
      viewerMock,
    ]);
    await screen.findByText('Borger 25');
    fireEvent.click(screen.getByRole('button', { name: 'Vis 5 mere (25 af 30 vist)' }));
    // The change comes while that page is on its way.
    await page.send(WARNINGS_OF_BORGER_01);
    // Until the refreshed list is shown (its news on Borger 01), however slow the machine.
    await screen.findByTestId('unseen-count', undefined, { timeout: 10_000 });
    expect(screen.getByTestId('result-count').textContent).toBe('30 sager');
    expect(names()).toEqual(many(1, 30).map((p) => p.citizen.name));
    expect(screen.getAllByTestId('unseen-count')).toHaveLength(1);
  });

  it('"Vis flere" pressed while a live refresh is under way fetches the page after the refreshed list', async () => {
    renderPage([
      sizedMock(25, many(1, 25), { totalCount: 30, nextCursor: 'c-25' }),
      sizedMock(25, fresh(many(1, 25)), { totalCount: 30, nextCursor: 'c-25-ny', delay: 500 }),
      // The old list's next page, answered before the refresh: it would be replaced by it.
      sizedMock(25, many(26, 30), { after: 'c-25', totalCount: 30 }),
      sizedMock(25, many(26, 30), { after: 'c-25-ny', totalCount: 30 }),
      viewerMock,
      liveEvent(50),
    ]);
    await screen.findByText('Borger 25');
    // The event came at 50 ms; its refresh was asked for at 450 ms and is answered at 950 ms.
    await wait(650);
    fireEvent.click(screen.getByRole('button', { name: /^Vis \d+ mere/ }));
    // The refreshed list (its news on Borger 01) with the page after it; the old list's page
    // replaced by the refresh would leave 25 rows with the news, never both.
    await waitFor(() => {
      expect(screen.getByTestId('result-count').textContent).toBe('30 sager');
      expect(screen.getAllByTestId('unseen-count')).toHaveLength(1);
    }, { timeout: 10_000 });
    expect(names()).toEqual(many(1, 30).map((p) => p.citizen.name));
    expect(screen.getAllByTestId('unseen-count')).toHaveLength(1);
  });

  it('"Vis flere" after a live refresh fetches one page (25), not as many as the refresh read', async () => {
    const page = renderPageWithStream([
      sizedMock(25, many(1, 25), { totalCount: 60, nextCursor: 'c-25' }),
      sizedMock(25, many(26, 50), { after: 'c-25', totalCount: 60, nextCursor: 'c-50' }),
      sizedMock(50, fresh(many(1, 50)), { totalCount: 60, nextCursor: 'c-50' }),
      sizedMock(25, many(51, 60), { after: 'c-50', totalCount: 60 }),
      viewerMock,
    ]);
    await screen.findByText('Borger 25');
    fireEvent.click(screen.getByRole('button', { name: 'Vis 25 mere (25 af 60 vist)' }));
    await screen.findByText('Borger 50');
    // The change comes once the page after is shown: the list is read again, 50 rows.
    await page.send(WARNINGS_OF_BORGER_01);
    await waitFor(() => expect(screen.getAllByTestId('unseen-count')).toHaveLength(1), { timeout: 2000 });
    fireEvent.click(screen.getByRole('button', { name: 'Vis 10 mere (50 af 60 vist)' }));
    await screen.findByText('Borger 60');
    expect(screen.getByTestId('result-count').textContent).toBe('60 sager');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('after a lost connection the rows "Vis flere" showed stay, read again with what changed meanwhile', async () => {
    const server = new MockLink([
      sizedMock(25, many(1, 25), { totalCount: 60, nextCursor: 'c-25' }),
      sizedMock(25, many(26, 50), { after: 'c-25', totalCount: 60, nextCursor: 'c-50' }),
      // Read again as many as are shown; the first page alone would drop the 25 after it.
      sizedMock(50, fresh(many(1, 50)), { totalCount: 60, nextCursor: 'c-50' }),
      sizedMock(25, fresh(many(1, 25)), { totalCount: 60, nextCursor: 'c-25' }),
      { ...viewerMock, maxUsageCount: 2 },
      { ...quietEvents, maxUsageCount: 2 },
    ]);
    const client = new ApolloClient({ link: server, cache: createCache() });
    const { connection } = renderLive(client, <CaseloadPage />);
    await screen.findByText('Borger 25');
    fireEvent.click(screen.getByRole('button', { name: 'Vis 25 mere (25 af 60 vist)' }));
    await screen.findByText('Borger 50');
    dropAndReconnect(connection, client);
    await wait(300);
    expect(screen.getByTestId('result-count').textContent).toBe('Viser 50 af 60 sager');
    expect(names()).toEqual(many(1, 50).map((p) => p.citizen.name));
    expect(screen.getAllByTestId('unseen-count')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('Mine sager, when a change takes a plan from me', () => {
  // What the server sends in the change's place: the plan's id and the seq, nothing of the change.
  const perLeft: MockLink.MockedResponse = {
    request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } },
    result: { data: { caseloadEvents: { __typename: 'PlanLeftCaseload', seq: '45', planId: 'p-per' } } },
    delay: 600,
  };
  const mocks = () => [
    pageMock([eva, kim, per], { maxUsageCount: 1 }),
    // The list read again after the word (400 ms after it), answered a second later: what shows
    // before that is the page's own doing.
    { ...pageMock([eva, kim]), delay: 1000 },
    viewerMock,
    perLeft,
  ];
  const note = 'Per Hansen er ikke længere på din liste: du har ikke længere adgang til planen.';

  it('drops the row and counts it out at once, says so, and the list read again agrees', async () => {
    renderPage(mocks());
    await screen.findByText('Per Hansen');
    expect(screen.getByTestId('result-count').textContent).toBe('3 sager');
    expect((await screen.findByTestId('plan-left', {}, { timeout: 2000 })).textContent).toBe(note);
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen']);
    expect(screen.getByTestId('result-count').textContent).toBe('2 sager');
    expect(screen.getByText(note, { selector: '[aria-live]' })).toBeTruthy();
    expect(screen.queryByTestId('changed-flag')).toBeNull();
    await wait(1600);
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen']);
    expect(screen.getByTestId('result-count').textContent).toBe('2 sager');
  });

  it('focus on the row that went moves to the note, which is then not said twice', async () => {
    renderPage(mocks());
    await screen.findByText('Per Hansen');
    // On Per's link, as a keyboard user who tabbed to it.
    await waitFor(() => {
      const link = screen.getByRole('link', { name: 'Per Hansen' });
      act(() => link.focus());
      expect(document.activeElement).toBe(link);
    });
    const shown = await screen.findByTestId('plan-left', {}, { timeout: 2000 });
    expect(screen.queryByRole('link', { name: 'Per Hansen' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(shown));
    expect(screen.queryByText(note, { selector: '[aria-live]' })).toBeNull();
    await wait(1600);
  });
});

describe('Nyt forløb from Mine sager', () => {
  it('a caseworker starts a new programme from here; a leader does not', async () => {
    const { unmount } = renderPage();
    const link = await screen.findByRole('link', { name: 'Nyt forløb' });
    expect(link.getAttribute('href')).toBe('/nyt-forloeb');
    unmount();

    const leader = { ...viewerMock, result: { data: { me: { __typename: 'User', id: 'u-lene', name: 'Lene Kristensen', role: 'LEADER', unit: null, municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' } } } } };
    renderPage([caseloadMock, leader, quietEvents]);
    await screen.findByText('Per Hansen');
    expect(screen.queryByRole('link', { name: 'Nyt forløb' })).toBeNull();
  });
});

describe('Mine sager on a phone', () => {
  /** A screen narrower than the layout's two columns (720px), as a phone's 390px. */
  const narrowScreen = () =>
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      value: (query: string) => ({ matches: query.includes('max-width'), media: query, addEventListener: () => undefined, removeEventListener: () => undefined }),
    });
  afterEach(() => delete (window as { matchMedia?: unknown }).matchMedia);

  it('folds the filters behind "Filtre", saying how many are chosen, so the count of cases is on the first screen; the search stays', async () => {
    narrowScreen();
    window.history.replaceState(null, '', '/mine-sager?forvaltning=social&sortering=senest-aendret');
    renderPage([pageMock([kim, per], { filter: { unit: 'SOCIAL' }, sort: 'LAST_CHANGE' }), pageMock([per], { filter: { unit: 'SOCIAL', programmeType: 'RESSOURCEFORLOEB' }, sort: 'LAST_CHANGE' }), viewerMock, quietEvents]);
    await screen.findByText('Per Hansen');
    expect(screen.getByTestId('result-count').textContent).toBe('2 sager');
    expect(screen.getByLabelText('Søg efter borger')).toBeTruthy();
    const toggle = screen.getByRole('button', { name: 'Filtre (2 valgt)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    // Folded away: not in the accessibility tree until opened.
    expect(screen.queryByRole('combobox', { name: 'Forløbstype' })).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.change(screen.getByRole('combobox', { name: 'Forløbstype' }), { target: { value: 'RESSOURCEFORLOEB' } });
    await waitFor(() => expect(names()).toEqual(['Per Hansen']));
    expect(screen.getByRole('button', { name: 'Filtre (3 valgt)' })).toBe(toggle);
    // Kept in the address, as on a wide screen.
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({ forvaltning: 'social', forloebstype: 'ressourceforloeb', sortering: 'senest-aendret' });
    fireEvent.click(toggle);
    expect(screen.queryByRole('combobox', { name: 'Forløbstype' })).toBeNull();
  });

  it('has no "Filtre" button on a wide screen: the filters are all there', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    expect(screen.queryByRole('button', { name: /^Filtre/ })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Forløbstype' })).toBeTruthy();
  });
});
