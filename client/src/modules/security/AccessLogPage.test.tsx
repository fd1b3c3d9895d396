import { DENIAL_REASONS } from '@samplan/schema';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { paths } from '../../core/router';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { ACCESS_LOG_MAX, ACCESS_LOG_PAGE, AccessLogPage, AccessLogPlanQuery, AccessLogQuery } from './AccessLogPage';
import { actionLabel, actorText, detailLabel, entityLabel, exportDateTime } from './auditLabels';

const CITIZEN_ID = 'c-per';

function entry(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'AccessLogEntry' as const,
    id,
    at: '2026-11-02T09:05:33.000Z',
    actorName: 'Anna Holm',
    unitName: 'Jobcenter',
    action: 'READ_PLAN',
    entityType: 'PLAN',
    entityId: PLAN_ID,
    outcome: 'ALLOWED',
    detail: null,
    count: 1,
    channel: null as string | null,
    lastAt: null as string | null,
    ...overrides,
  };
}

const ENTRIES = [
  entry('6', { action: 'READ_ACCESS_LOG', entityType: 'CITIZEN', at: '2026-11-03T12:00:00.000Z' }),
  entry('5', { actorName: 'Otto Berg', unitName: 'Jobcenter', outcome: 'DENIED', detail: 'no access to plan', at: '2026-11-03T08:15:00.000Z' }),
  entry('4', { actorName: 'Bent Sørensen', unitName: 'Socialforvaltningen', action: 'UPDATE_INTERVENTION', entityType: 'INTERVENTION', outcome: 'DENIED', detail: 'not the owning unit' }),
  entry('3', { actorName: 'Bent Sørensen', unitName: 'Socialforvaltningen', action: 'CREATE_ACTIVITY', entityType: 'ACTIVITY' }),
  entry('2', { actorName: 'Carla Nielsen', unitName: 'Sundhedsforvaltningen', action: 'RECORD_PROGRESS', entityType: 'SUB_GOAL_PROGRESS' }),
  entry('1', { actorName: null, unitName: null, action: 'EXPORT_SOMETHING_NEW', detail: 'Noget nyt' }),
];

const planAs = (mayReadAccessLog: boolean): MockLink.MockedResponse => ({
  request: { query: AccessLogPlanQuery, variables: { id: PLAN_ID } },
  result: { data: { plan: { __typename: 'Plan', id: PLAN_ID, mayReadAccessLog, citizen: { __typename: 'Citizen', id: CITIZEN_ID, name: 'Per Hansen' } } } },
});
const planMock = planAs(true);

const logMock = (entries: unknown[], limit = ACCESS_LOG_PAGE): MockLink.MockedResponse => ({
  request: { query: AccessLogQuery, variables: { citizenId: CITIZEN_ID, limit } },
  result: { data: { accessLog: entries } },
});

function renderLog(mocks: MockLink.MockedResponse[] = [planMock, logMock(ENTRIES)]) {
  const download = jest.fn();
  render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <AccessLogPage planId={PLAN_ID} download={download} />
    </MockedProvider>,
  );
  return download;
}

const rows = () => screen.getAllByTestId('access-log-row');
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

describe('Adgangslog', () => {
  it('lists who looked at or changed the citizen’s data, in Danish, with refusals marked', async () => {
    renderLog();
    expect(await screen.findByRole('heading', { level: 1, name: 'Adgangslog – Per Hansen' })).toBeTruthy();
    await screen.findAllByTestId('access-log-row');
    const table = screen.getByRole('region', { name: 'Hændelser (rul vandret)' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Tidspunkt', 'Person', 'Enhed', 'Handling', 'Resultat', 'Detalje']);
    expect(rows()).toHaveLength(6);
    expect(cells(rows()[0]!)).toEqual([formatDateTime('2026-11-03T12:00:00.000Z'), 'Anna Holm', 'Jobcenter', 'Se adgangsloggen', 'Tilladt', '']);
    expect(cells(rows()[1]!)).toEqual([formatDateTime('2026-11-03T08:15:00.000Z'), 'Otto Berg', 'Jobcenter', 'Se planen', 'Afvist', 'Ingen adgang til planen']);
    expect(cells(rows()[2]!).slice(1)).toEqual(['Bent Sørensen', 'Socialforvaltningen', 'Ret indsats', 'Afvist', 'Ikke den enhed, der ejer indsatsen']);
    expect(cells(rows()[3]!)[3]).toBe('Opret aktivitet');
    expect(cells(rows()[4]!)[3]).toBe('Registrér progression');
    // An action the client has no words for yet shows as its code; no actor as "Ukendt".
    expect(cells(rows()[5]!).slice(1)).toEqual(['Ukendt', '–', 'EXPORT_SOMETHING_NEW', 'Tilladt', 'Noget nyt']);
    expect(rows()[1]!.className).toContain('audit-denied');
    expect(rows()[0]!.className).not.toContain('audit-denied');
    expect(within(rows()[1]!).getByText('Afvist').className).toContain('status-denied');
    expect(screen.getByTestId('access-log-count').textContent).toBe('6 hændelser, heraf 2 afviste');
    expect(screen.getByRole('link', { name: 'Tilbage til planen' }).getAttribute('href')).toBe(paths.plan(PLAN_ID));
  });

  it('"Kun afviste" shows only the refusals, and back again', async () => {
    renderLog();
    await screen.findAllByTestId('access-log-row');
    const filter = screen.getByLabelText('Kun afviste');
    fireEvent.click(filter);
    expect(rows().map((r) => cells(r)[1])).toEqual(['Otto Berg', 'Bent Sørensen']);
    expect(screen.getByTestId('access-log-count').textContent).toBe('Viser 2 af 6 hændelser');
    fireEvent.click(filter);
    expect(rows()).toHaveLength(6);
  });

  it('says so when nobody was refused', async () => {
    renderLog([planMock, logMock([ENTRIES[0]])]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    expect(screen.getByText('Ingen afviste forsøg.')).toBeTruthy();
    expect(screen.queryByTestId('access-log-row')).toBeNull();
  });

  it('exports the rows shown as CSV, to the second in Danish time', async () => {
    const download = renderLog();
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByLabelText('Kun afviste'));
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    expect(download).toHaveBeenCalledTimes(1);
    const [fileName, csv] = download.mock.calls[0] as [string, string];
    expect(fileName).toBe('adgangslog-per-hansen-afviste.csv');
    expect(csv.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'Tidspunkt;Person;Enhed;Handling;Resultat;Detalje',
      '2026-11-03 09:15:00;Otto Berg;Jobcenter;Se planen;Afvist;Ingen adgang til planen',
      '2026-11-02 10:05:33;Bent Sørensen;Socialforvaltningen;Ret indsats;Afvist;Ikke den enhed, der ejer indsatsen',
    ]);
  });

  it('says where a read happened and how many times a folded read happened, on screen and in the export', async () => {
    const download = renderLog([planMock, logMock([entry('8', { action: 'RECEIVE_LIVE_EVENTS', count: 12, channel: 'LIVE', lastAt: '2026-11-02T09:20:00.000Z' })])]);
    const [row] = await screen.findAllByTestId('access-log-row');
    // Where the read happened, how many times, and when the last was (10.20 Danish time).
    expect(cells(row)[3]).toBe('Modtog ændringer live (Live-opdatering) – 12 gange, senest 10.20');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    expect((download.mock.calls[0] as [string, string])[1]).toContain(';Modtog ændringer live (Live-opdatering) – 12 gange, senest 10.20;Tilladt;');
  });

  it('exports a name or detail that looks like a formula as text (OWASP: CSV injection)', async () => {
    const download = renderLog([planMock, logMock([entry('9', { actorName: '=HYPERLINK("http://evil.example";"Klik")', unitName: '@Jobcenter', detail: '-1+1' })])]);
    await screen.findAllByTestId('access-log-row');
    fireEvent.click(screen.getByRole('button', { name: 'Hent som CSV' }));
    const [, csv] = download.mock.calls[0] as [string, string];
    expect(csv.replace('\uFEFF', '').trim().split('\r\n')[1]).toBe(
      `2026-11-02 10:05:33;"'=HYPERLINK(""http://evil.example"";""Klik"")";'@Jobcenter;Se planen;Tilladt;'-1+1`,
    );
  });

  it('fetches more when the first page is full', async () => {
    const many = Array.from({ length: ACCESS_LOG_PAGE }, (_, i) => entry(String(1000 - i)));
    renderLog([planMock, logMock(many), logMock([...many, entry('1', { actorName: 'Dorte Madsen' })], ACCESS_LOG_MAX)]);
    await screen.findByText(`Viser de seneste ${ACCESS_LOG_PAGE} hændelser.`);
    fireEvent.click(screen.getByRole('button', { name: `Hent op til ${ACCESS_LOG_MAX}` }));
    expect(await screen.findByText('Dorte Madsen')).toBeTruthy();
    expect(screen.queryByText(/Viser de seneste/)).toBeNull();
  });

  it('shows the server’s refusal in Danish (only the coordinator may read it)', async () => {
    renderLog([
      planMock,
      {
        request: { query: AccessLogQuery, variables: { citizenId: CITIZEN_ID, limit: ACCESS_LOG_PAGE } },
        result: { errors: [{ message: 'Borgeren findes ikke.', extensions: { code: 'NOT_FOUND' } }] },
      },
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Adgangsloggen kunne ikke vises');
    expect(alert.textContent).toContain('Findes ikke eller du har ikke adgang.');
    expect(screen.queryByTestId('access-log-row')).toBeNull();
  });

  it('does not ask for it when the plan says the viewer may not read it (a team member, or the coordinator of an older, ended plan)', async () => {
    // No mock for the log itself: had it been asked for, its error would be a second alert.
    renderLog([planAs(false)]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kun borgerens nuværende koordinerende sagsbehandler kan se adgangsloggen.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});

describe('Adgangslog on the plan page', () => {
  it('is offered to the plan’s coordinator', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(screen.getByRole('link', { name: 'Adgangslog' }).getAttribute('href')).toBe(paths.accessLog(PLAN_ID));
  });

  it('is not offered to a unit caseworker on the team', () => {
    renderPlanPage({ viewer: 'bent', plan: perPlan({ myStanding: 'TEAM' }) });
    expect(screen.getByRole('link', { name: /Udskriv/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Adgangslog' })).toBeNull();
  });

  it('is not offered to the coordinator of an older, ended plan once the citizen has a later programme: the server would not answer her', () => {
    const plan = perPlan();
    const ended = { ...plan.programme, status: 'ENDED', endReason: 'OTHER', endDate: '2026-03-31', daysLeft: 0 };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: ended, mayReadAccessLog: false }) });
    expect(screen.getByText('Du er koordinerende sagsbehandler', { exact: false })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Adgangslog' })).toBeNull();
  });
});

describe('audit codes in Danish', () => {
  it('has words for the actions, entities and reasons the server writes, and falls back to the code', () => {
    expect(['READ_PLAN', 'UPDATE_INTERVENTION', 'CREATE_ACTIVITY', 'RECORD_PROGRESS', 'REASSIGN_COORDINATOR', 'LOG_MENTOR_TASK'].map(actionLabel)).toEqual([
      'Se planen',
      'Ret indsats',
      'Opret aktivitet',
      'Registrér progression',
      'Skift koordinator',
      'Log mentoropgave',
    ]);
    expect(actionLabel('SOMETHING_ELSE')).toBe('SOMETHING_ELSE');
    // The forløb brought along at go-live (npm run import) were written by no person: its rows say so, not "Ukendt",
    // also the consent recorded with the forløb, whose action is the app's own.
    const imported = (detail: string) => actorText({ actorName: null, detail });
    expect([
      actionLabel('IMPORT_PROGRAMME'),
      imported('Indlæst ved idriftsættelse fra forloeb.csv, linje 2; koordinerende sagsbehandler Anna Holm'),
      imported('Samtykke til den fælles plan, givet ved afgørelsen. Indlæst ved idriftsættelse fra forloeb.csv, linje 2'),
    ]).toEqual(['Forløb indlæst ved idriftsættelse', 'Idriftsættelse', 'Idriftsættelse']);
    expect(actorText({ actorName: null, detail: null })).toBe('Ukendt');
    expect(entityLabel('SUB_GOAL')).toBe('Delmål');
    expect(entityLabel('NEW_KIND')).toBe('NEW_KIND');
    expect(detailLabel('only the coordinator')).toBe('Kun koordinatoren må');
    // Every reason the server may give a refusal (the type of its audit rows allows no other) reads in Danish.
    expect(detailLabel('programme ended')).toBe('Forløbet er afsluttet');
    expect(detailLabel('not on the allow-list')).toBe('Feltet er ikke åbent for borgeren');
    for (const reason of Object.keys(DENIAL_REASONS)) expect(detailLabel(reason)).not.toMatch(/\b(the|not|only|on|no)\b/);
    expect(detailLabel('12 planer')).toBe('12 planer');
    expect(detailLabel(null)).toBe('');
    expect(exportDateTime('2026-07-01T22:30:05Z')).toBe('2026-07-02 00:30:05');
  });
});
