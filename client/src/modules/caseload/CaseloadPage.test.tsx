import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { CaseloadEventsSubscription } from '../live/events';
import { ViewerQuery } from '../org/viewer';
import { filterCases, fold, latestOf, type CaseRow } from './caseload';
import { CaseloadPage, CaseloadQueryDoc } from './CaseloadPage';

const unit = (code: string, name: string) => ({ __typename: 'Unit', id: `unit-${code}`, code, name });
const JOB = unit('JOBCENTER', 'Jobcenter');
const SOCIAL = unit('SOCIAL', 'Socialforvaltningen');
const HEALTH = unit('HEALTH', 'Sundhedsforvaltningen');
const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm', unit: { __typename: 'Unit', id: 'unit-JOBCENTER', name: 'Jobcenter' } };

function plan(id: string, name: string, daysLeft: number, team: Array<typeof JOB>, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Plan',
    id,
    myStanding: 'COORDINATOR',
    updatedAt: '2026-11-01T10:00:00.000Z',
    updatedBy: anna,
    nextFollowUpAt: '2026-12-09T09:00:00.000Z',
    citizen: { __typename: 'Citizen', id: `c-${id}`, name },
    programme: { __typename: 'Programme', id: `pr-${id}`, type: 'RESSOURCEFORLOEB', daysLeft, endDate: '2028-04-23', warningLevel: null, warnings: [] },
    team,
    coordinator: { __typename: 'CoordinatorAssignment', id: `ca-${id}`, user: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' } },
    interventions: [],
    activities: [],
    ...extra,
  };
}

const per = plan('p-per', 'Per Hansen', 517, [JOB, SOCIAL], {
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
const eva = plan('p-eva', 'Eva Jensen', 608, [JOB, HEALTH]);
const kim = plan('p-kim', 'Kim Larsen', 40, [JOB, SOCIAL, HEALTH]);
kim.programme = {
  ...kim.programme,
  warningLevel: 'WARNING',
  warnings: [
    { __typename: 'Warning', rule: 'NEXT_STEP_DECISION', severity: 'WARNING', message: 'Beslut, hvad der skal ske efter forløbet.' },
    { __typename: 'Warning', rule: 'PLAN_PERIOD', severity: 'INFO', message: 'Planen skal dække mindst 6 måneder frem.' },
  ],
} as unknown as typeof kim.programme;

const caseloadMock: MockLink.MockedResponse = {
  request: { query: CaseloadQueryDoc },
  result: { data: { myCaseload: [per, eva, kim] } },
  maxUsageCount: 5,
};

const viewerMock: MockLink.MockedResponse = {
  request: { query: ViewerQuery },
  result: {
    data: {
      me: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'COORDINATOR', unit: JOB, municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' } },
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

describe('caseload filter (pure)', () => {
  const rows: CaseRow[] = [
    { planId: '1', citizenName: 'Søren Ærø', programmeType: 'Ressourceforløb', daysLeft: 10, teamCodes: ['JOBCENTER', 'SOCIAL'], coordinatorName: 'Anna Holm', myStanding: 'COORDINATOR', latest: { at: '2026-01-02T00:00:00Z', what: 'x', who: null, unit: null } },
    { planId: '2', citizenName: 'Bo Petersen', programmeType: 'Ressourceforløb', daysLeft: 300, teamCodes: ['JOBCENTER', 'HEALTH'], coordinatorName: 'Bent Sørensen', myStanding: 'TEAM', latest: { at: '2026-03-01T00:00:00Z', what: 'y', who: null, unit: null } },
    { planId: '3', citizenName: 'Eva Jensen', programmeType: 'Ressourceforløb', daysLeft: 100, teamCodes: ['JOBCENTER'], coordinatorName: 'Anna Holm', myStanding: 'COORDINATOR', latest: null },
  ];
  const ids = (r: CaseRow[]) => r.map((x) => x.planId);

  it('searches names without caring about case or Danish letters', () => {
    expect(fold('Søren ÆRØ Åse')).toBe('soren aero aase');
    expect(ids(filterCases(rows, { search: 'aero', unit: '', sort: 'name' }))).toEqual(['1']);
    expect(ids(filterCases(rows, { search: 'SØR', unit: '', sort: 'name' }))).toEqual(['2', '1']); // Bent Sørensen coordinates Bo
    expect(ids(filterCases(rows, { search: 'eva jen', unit: '', sort: 'name' }))).toEqual(['3']);
    expect(ids(filterCases(rows, { search: 'ingen', unit: '', sort: 'name' }))).toEqual([]);
  });

  it('filters by a unit on the team, and combines with search', () => {
    expect(ids(filterCases(rows, { search: '', unit: 'HEALTH', sort: 'name' }))).toEqual(['2']);
    expect(ids(filterCases(rows, { search: '', unit: 'JOBCENTER', sort: 'name' }))).toEqual(['2', '3', '1']);
    expect(ids(filterCases(rows, { search: 'anna', unit: 'SOCIAL', sort: 'name' }))).toEqual(['1']);
  });

  it('sorts by name (Danish order), days left or latest change', () => {
    expect(ids(filterCases(rows, { search: '', unit: '', sort: 'name' }))).toEqual(['2', '3', '1']);
    expect(ids(filterCases(rows, { search: '', unit: '', sort: 'daysLeft' }))).toEqual(['1', '3', '2']);
    expect(ids(filterCases(rows, { search: '', unit: '', sort: 'latest' }))).toEqual(['2', '1', '3']);
  });

  it('the latest change is the newest of the plan and its items', () => {
    expect(
      latestOf([
        { item: { updatedAt: '2026-01-01T00:00:00Z', updatedBy: { name: 'Anna' } }, what: 'Planen' },
        { item: { updatedAt: '2026-02-01T00:00:00Z', updatedBy: { name: 'Bent' } }, what: 'Bostøtte', unit: 'Socialforvaltningen' },
      ]),
    ).toEqual({ at: '2026-02-01T00:00:00Z', what: 'Bostøtte', who: 'Bent', unit: 'Socialforvaltningen' });
    expect(latestOf([])).toBeNull();
  });
});

describe('Mine sager', () => {
  it('lists my cases with programme type, days left and the latest change and who made it', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    expect(names()).toEqual(['Eva Jensen', 'Kim Larsen', 'Per Hansen']);
    const perCase = screen.getAllByTestId('case')[2]!;
    expect(within(perCase).getByText('Ressourceforløb')).toBeTruthy();
    expect(within(perCase).getByText('517 dage tilbage')).toBeTruthy();
    expect(within(perCase).getByTestId('latest-change').textContent).toMatch(/^Bostøtte ændret af Bent Sørensen, Socialforvaltningen · /);
    expect(screen.getByTestId('result-count').textContent).toBe('3 sager');
  });

  it('filters by unit and searches, announcing the count', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    fireEvent.change(screen.getByLabelText('Forvaltning på teamet'), { target: { value: 'SOCIAL' } });
    expect(names()).toEqual(['Kim Larsen', 'Per Hansen']);
    expect(screen.getByTestId('result-count').textContent).toBe('Viser 2 af 3 sager');
    expect(screen.getByTestId('result-count').getAttribute('role')).toBe('status');
    fireEvent.change(screen.getByLabelText('Søg efter borger eller koordinator'), { target: { value: 'per' } });
    expect(names()).toEqual(['Per Hansen']);
    fireEvent.change(screen.getByLabelText('Søg efter borger eller koordinator'), { target: { value: 'nogen andre' } });
    expect(screen.getByText('Ingen sager passer til søgningen.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Søg efter borger eller koordinator'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Forvaltning på teamet'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'daysLeft' } });
    expect(names()).toEqual(['Kim Larsen', 'Per Hansen', 'Eva Jensen']);
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'warnings' } });
    expect(names()[0]).toBe('Kim Larsen');
  });

  it('shows the most serious warning from the rules on the case', async () => {
    renderPage();
    await screen.findByText('Per Hansen');
    const warnings = screen.getAllByTestId('case-warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.textContent).toBe('Handl nu Beslut, hvad der skal ske efter forløbet. (+1 flere)');
  });

  it('shows a live change as the latest, highlighted with the unit and time', async () => {
    const event = {
      __typename: 'PlanEvent',
      seq: '42',
      kind: 'INTERVENTION_STATUS_CHANGED',
      planId: 'p-per',
      entityType: 'INTERVENTION',
      entityId: 'iv-bostoette',
      at: '2026-11-23T09:41:00.000Z',
      summary: 'Socialforvaltningen ændrede status på Bostøtte til Aktiv',
      actor: { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
      unit: { __typename: 'Unit', id: 'unit-SOCIAL', code: 'SOCIAL', name: 'Socialforvaltningen' },
      entity: { __typename: 'SocialIntervention', id: 'iv-bostoette', status: 'ACTIVE', version: 2, updatedAt: '2026-11-23T09:41:00.000Z' },
    };
    renderPage([caseloadMock, viewerMock, { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: event } }, delay: 50 }]);
    await screen.findByText('Per Hansen');
    const flag = await screen.findByTestId('changed-flag');
    expect(flag.textContent).toBe('Ændret af Socialforvaltningen · kl. 10.41');
    const perCase = flag.closest('li')!;
    expect(within(perCase as HTMLElement).getByRole('heading').textContent).toBe('Per Hansen');
    expect(perCase.className).toContain('is-changed');
    expect(within(perCase as HTMLElement).getByTestId('latest-change').textContent).toMatch(/^Socialforvaltningen ændrede status på Bostøtte til Aktiv \(Bent Sørensen\) · /);
    // Announced politely for screen readers.
    expect(screen.getByText('Socialforvaltningen ændrede status på Bostøtte til Aktiv', { selector: '[aria-live]' })).toBeTruthy();
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
        warnings: [{ __typename: 'Warning', rule: 'NEXT_MEETING', severity: 'OVERDUE', message: 'Book den næste opfølgningssamtale.' }],
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
      entity: { __typename: 'Programme', id: 'pr-p-eva' },
    };
    renderPage([
      { request: { query: CaseloadQueryDoc }, result: { data: { myCaseload: [per, eva, kim] } } },
      { request: { query: CaseloadQueryDoc }, result: { data: { myCaseload: [per, evaOverdue, kim] } }, maxUsageCount: 5 },
      viewerMock,
      { request: { query: CaseloadEventsSubscription, variables: { afterSeq: null } }, result: { data: { caseloadEvents: event } }, delay: 50 },
    ]);
    await screen.findByText('Per Hansen');
    expect(screen.getAllByTestId('case-warning')).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('Sortér efter'), { target: { value: 'warnings' } });
    expect(names()[0]).toBe('Kim Larsen');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 600));
    });
    expect(screen.getAllByTestId('case-warning')).toHaveLength(2);
    expect(names()[0]).toBe('Eva Jensen');
    expect(screen.queryByTestId('changed-flag')).toBeNull();
  });

  it('says so in Danish when the list cannot be fetched', async () => {
    renderPage([{ request: { query: CaseloadQueryDoc }, error: new TypeError('Failed to fetch') }, viewerMock, quietEvents]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dine sager kunne ikke vises');
    expect(alert.textContent).toContain('Ingen forbindelse til Samplan.');
    expect(within(alert).getByRole('button', { name: 'Prøv igen' })).toBeTruthy();
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
